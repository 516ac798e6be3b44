/** Builtins that act on whole maps or their entries: delete, clear, zero, has_key, len. */
import { checkHelperResult } from "../codegen/helper-errors.js";
import type { Call, Expr, MapAccess } from "../ast/nodes.js";
import { BTF_KIND, kernelBtf } from "../btf/btf.js";
import { FP, Label, R0, R1 } from "../codegen/bpf/index.js";
import { buildKey, lookup, remove } from "../codegen/map-ops.js";
import { defineRecord, RECORD_HEADER } from "../plan/records.js";
import type { RecordType } from "../plan/records.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { clearDoneByPrint } from "../semantic/print-clear.js";
import { boolT, noneT, s64, storageSize } from "../semantic/types.js";
import type { Gen } from "../contracts/gen.js";
import type { Reg } from "../codegen/bpf/index.js";
import { STACK_FRAMES_SHIFT } from "./symbols.js";
import type { Builtin } from "./builtin.js";
import { defineFunc } from "./builtin.js";

/** The map entry a delete() names: `delete(@m[k])` (bpftrace 0.17) or `delete(@m, k)` (current). */
function entryOf(call: Call): MapAccess | undefined {
  const [m, ...keys] = call.args;
  if (m?.kind !== "MapAccess") return undefined;
  if (keys.length === 0) return m;
  if (m.keys.length > 0) return undefined;
  const key: Expr = keys.length === 1 ? keys[0]! : { kind: "TupleExpr", elems: keys, span: call.span };
  return { ...m, keys: key.kind === "TupleExpr" ? key.elems : [key] };
}

/**
 * `has_key(@m, k)`: the map (which must have keys) and the entry it asks about. `caller` names the
 * function in the error for a map without keys, as current bpftrace's check_key does
 * (`has_key()`, the standard library's `find`).
 */
function checkKeyedEntry(c: CheckCtx, call: Call, caller = `${call.name}()`): MapAccess | undefined {
  const m = call.args[0];
  if (m?.kind !== "MapAccess" || m.keys.length > 0 || call.args.length < 2) {
    c.error(call.span, `${call.name}() expects a map and a key: ${call.name}(@m, key)`);
    call.args.forEach((a) => c.check(a));
    return undefined;
  }
  const keys = c.mapKeyTypes(m.name);
  if (keys !== undefined && keys.length === 0) {
    c.error(call.span, `call to ${caller} expects a map with explicit keys (non-scalar map)`);
    return undefined;
  }
  const entry = entryOf(call)!;
  c.checkMapRef(entry);
  return entry;
}

/**
 * The kernel's count of a map's entries, bpf_map_sum_elem_count (a kfunc since Linux 6.6, what
 * current bpftrace's len() calls). Its BTF id is looked up when the program is compiled.
 */
function elemCountKfunc(): number | undefined {
  return kernelBtf()?.find("bpf_map_sum_elem_count", BTF_KIND.FUNC)[0];
}

/** A whole map as the only argument: `clear(@m)`. */
function checkWholeMap(c: CheckCtx, call: Call): MapAccess | undefined {
  const m = call.args[0];
  if (m?.kind !== "MapAccess" || m.keys.length > 0) {
    c.error(call.args[0]?.span ?? call.span, `${call.name}() expects a map with no keys as its argument`);
    return undefined;
  }
  c.checkMapRef(m);
  return m;
}

const CLEAR_RECORD = defineRecord<{ map: string }>({
  kind: "clear_map",
  receive: (r, _buf, rt) => rt.clearMap(r.map),
});

const ZERO_RECORD = defineRecord<{ map: string }>({
  kind: "zero_map",
  receive: (r, _buf, rt) => rt.zeroMap(r.map),
});

/** clear() and zero() run in user space, between events, as bpftrace runs them. */
function mapAction(name: "clear" | "zero", doc: string): Builtin {
  return defineFunc({
    name,
    doc,
    arity: [1, 1],
    check(c, call) {
      checkWholeMap(c, call);
      return noneT;
    },
    emit(g, call) {
      if (name === "clear" && clearDoneByPrint(call)) return undefined;
      const map = (call.args[0] as MapAccess).name;
      const id = g.record(name === "clear" ? CLEAR_RECORD : ZERO_RECORD, { map }, RECORD_HEADER);
      const mark = g.stack.mark();
      const base = g.stack.alloc(RECORD_HEADER);
      g.asm.st("u64", FP, base, id);
      g.output(base, RECORD_HEADER);
      g.stack.release(mark);
      return undefined;
    },
  });
}

/** has_key and its twin for find(): true when the map has an entry for the key. */
function hasKey(name: string, doc: string, caller?: string): Builtin {
  return defineFunc({
    name,
    doc,
    arity: [2, Infinity],
    check(c, call) {
      checkKeyedEntry(c, call, caller);
      return boolT;
    },
    emit(g, call) {
      const entry = entryOf(call)!;
      const mark = g.stack.mark();
      lookup(g, entry.name, buildKey(g, entry));
      g.stack.release(mark);
      const r = g.regs.alloc();
      g.asm.movImm(r, 0);
      const absent = new Label("has_key_no");
      g.asm.jmpImm("jeq", R0, 0, absent);
      g.asm.movImm(r, 1);
      g.asm.label(absent);
      return r;
    },
  });
}

export const mapOps: Builtin[] = [
  defineFunc({
    name: "delete",
    doc: "delete(@m, k) or the older delete(@m[k]): remove one entry of a map; true when it was there",
    arity: [1, Infinity],
    check(c, call) {
      const entry = entryOf(call);
      if (!entry) {
        c.error(call.span, "delete() expects a map entry: delete(@m[key]) or delete(@m, key)");
        return boolT;
      }
      const first = call.args[0] as MapAccess;
      if (call.args.length > 1 && c.mapKeyTypes(first.name)?.length === 0) {
        c.error(call.span, "call to delete() with two arguments expects a map with explicit keys (non-scalar map)");
        return boolT;
      }
      c.checkMapRef(entry);
      return boolT;
    },
    emit(g, call) {
      const entry = entryOf(call)!;
      const mark = g.stack.mark();
      remove(g, entry.name, buildKey(g, entry));
      g.stack.release(mark);
      // bpf_map_delete_elem: 0 when deleted, -ENOENT when the key was absent (-k warns of it).
      const r = g.regs.alloc();
      g.asm.movReg(r, R0);
      g.asm.aluImm("rsh", r, 63);
      g.asm.aluImm("xor", r, 1);
      checkHelperResult(g, "map_delete_elem", call.span);
      return r;
    },
  }),
  hasKey("has_key", "has_key(@m, k): true when map @m has an entry for key k"),
  // The standard library's find() asks with this one, so that its errors name find.
  hasKey("__find_has_key", "__find_has_key(@m, k): has_key for the standard library's find(@m, k, $v)", "find"),
  defineFunc({
    name: "len",
    doc: "len(@m): the number of entries of map @m, counted by the kernel; len(ustack), len(kstack): how many frames the stack has",
    arity: [1, 1],
    check(c, call) {
      const m = call.args[0];
      if (m?.kind !== "MapAccess" || m.keys.length > 0) {
        // bpftrace's words: a stack is the other thing len() takes.
        if (c.check(m!).kind !== "stack") c.error(call.span, "call to len() expects a map, ustack, or kstack");
        return s64;
      }
      c.checkMapRef(m);
      const keys = c.mapKeyTypes(m.name);
      if (keys !== undefined && keys.length === 0) c.error(call.span, "call to len() expects a map with explicit keys (non-scalar map)");
      else if (elemCountKfunc() === undefined) c.error(call.span, "len() needs the kernel function bpf_map_sum_elem_count (Linux 6.6 or later), which this kernel lacks");
      return s64;
    },
    emit(g, call) {
      const arg = call.args[0]!;
      if (arg.kind !== "MapAccess") return stackLength(g, arg);
      g.asm.ldMapFd(R1, g.mapRef((arg as MapAccess).name));
      g.asm.callKfunc(elemCountKfunc()!);
      const r = g.regs.alloc();
      g.asm.movReg(r, R0);
      return r;
    },
  }),
  mapAction("clear", "clear(@m): remove every entry of a map"),
  mapAction("zero", "zero(@m): set every value of a map to zero, keeping its keys"),
];

/** len(stack): the frame count the stack recorded beside its id (builtins/symbols.ts), 0 for none. */
function stackLength(g: Gen, arg: Expr): Reg {
  const t = g.typeOf(arg);
  const mark = g.stack.mark();
  const off = g.stack.alloc(storageSize(t));
  g.into(arg, off);
  const r = g.regs.alloc();
  g.asm.ldx("u64", r, FP, off);
  g.stack.release(mark);
  const done = new Label("len_stack");
  const none = new Label("len_nostack");
  g.asm.jmpImm("jslt", r, 0, none);
  g.asm.aluImm("rsh", r, STACK_FRAMES_SHIFT);
  g.asm.ja(done);
  g.asm.label(none);
  g.asm.movImm(r, 0);
  g.asm.label(done);
  return r;
}

/** Builtins that act on whole maps or their entries: delete, clear, zero. */
import type { Call, Expr, MapAccess } from "../ast/nodes.js";
import { FP } from "../codegen/bpf/index.js";
import { buildKey, remove } from "../codegen/map-ops.js";
import { RECORD_HEADER } from "../codegen/records.js";
import type { CheckCtx } from "../semantic/check-ctx.js";
import { isHistogram, noneT } from "../semantic/types.js";
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
      const map = (call.args[0] as MapAccess).name;
      const id = g.record({ kind: `${name}_map`, map }, RECORD_HEADER);
      const mark = g.stack.mark();
      const base = g.stack.alloc(RECORD_HEADER);
      g.asm.st("u64", FP, base, id);
      g.output(base, RECORD_HEADER);
      g.stack.release(mark);
      return undefined;
    },
  });
}

export const mapOps: Builtin[] = [
  defineFunc({
    name: "delete",
    doc: "delete(@m[k]) or delete(@m, k): remove one entry of a map",
    arity: [1, Infinity],
    check(c, call) {
      const entry = entryOf(call);
      if (!entry) {
        c.error(call.span, "delete() expects a map entry: delete(@m[key]) or delete(@m, key)");
        return noneT;
      }
      c.checkMapRef(entry);
      const t = c.mapValueType(entry.name);
      if (t && isHistogram(t)) c.error(call.span, "delete() of a histogram entry is not supported yet");
      return noneT;
    },
    emit(g, call) {
      const entry = entryOf(call)!;
      const mark = g.stack.mark();
      remove(g, entry.name, buildKey(g, entry));
      g.stack.release(mark);
      return undefined;
    },
  }),
  mapAction("clear", "clear(@m): remove every entry of a map"),
  mapAction("zero", "zero(@m): set every value of a map to zero, keeping its keys"),
];

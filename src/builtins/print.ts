/** Builtins that send output records to user space, and what user space does with them: printf, print, exit. */
import type { Call, MapAccess } from "../ast/nodes.js";
import { argInto } from "../codegen/ctx-args.js";
import { FP, R1 } from "../codegen/bpf/index.js";
import { EXIT_FLAG_OFFSET, LOST_MAP } from "../plan/plan.js";
import type { Gen } from "../contracts/gen.js";
import { defineRecord, RECORD_HEADER } from "../plan/records.js";
import type { FormattedFields, RecordField, RecordType } from "../plan/records.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { isArrayAgg, isScalar, noneT, storageSize, tupleOffsets, typeName } from "../semantic/types.js";
import type { Type } from "../semantic/types.js";
import { checkPrintfArgs, kindName } from "../semantic/printf-check.js";
import { printClears } from "../semantic/print-clear.js";
import type { Builtin } from "./builtin.js";
import { defineFunc } from "./builtin.js";

/** Lays out a record of `types` after the header; returns the fields and the total size. */
export function layoutRecord(types: Type[]): { fields: RecordField[]; size: number } {
  let offset = RECORD_HEADER;
  const fields = types.map((type) => {
    const f = { type, offset };
    offset += storageSize(type);
    return f;
  });
  return { fields, size: offset };
}

/** Builds a record on the stack (id, then each value at its field offset) and sends it. */
export function sendRecord(g: Gen, id: number, size: number, fill: (base: number) => void): void {
  const mark = g.stack.mark();
  const base = g.stack.alloc(size);
  g.asm.st("u64", FP, base, id);
  fill(base);
  g.output(base, size);
  g.stack.release(mark);
}

const PRINTF_RECORD = defineRecord<FormattedFields>({
  kind: "printf",
  receive(r, buf, rt) {
    rt.text(rt.printf(r.format, r.args.map((a) => rt.value(buf, a))));
  },
});

const PRINT_RECORD = defineRecord<{ value: RecordField }>({
  kind: "print",
  receive(r, buf, rt) {
    rt.print(rt.value(buf, r.value));
  },
});

/** `clear`: a clear(@m) follows, so printing takes the entries out (semantic/print-clear.ts). */
const PRINT_MAP_RECORD = defineRecord<{ map: string; top: number; div: number; clear: boolean }>({
  kind: "print_map",
  receive(r, _buf, rt) {
    rt.printMap(r.map, r.top, r.div, r.clear);
  },
});

/** The exit code: a constant, or a field of the record. */
const EXIT_RECORD = defineRecord<{ code: RecordField | number }>({
  kind: "exit",
  essential: true,
  receive(r, buf, rt) {
    rt.exit(typeof r.code === "number" ? r.code : Number(buf.readBigInt64LE(r.code.offset)));
  },
});

function isMapArg(call: Call): boolean {
  return call.args[0]?.kind === "MapAccess" && call.args[0].keys.length === 0;
}

export const print: Builtin[] = [
  defineFunc({
    name: "printf",
    doc: 'printf(fmt, ...): formatted output, as C printf ("%d %s\\n", pid, comm)',
    arity: [1, Infinity],
    formatArg: true,
    check(c: CheckCtx, call) {
      const fmt = call.args[0]!;
      const types = call.args.slice(1).map((a) => c.check(a));
      if (fmt.kind !== "StrLit") {
        c.check(fmt);
        c.error(call.span, `printf() expects a string literal (${kindName(c.check(fmt))} provided)`);
        return noneT;
      }
      c.check(fmt);
      checkPrintfArgs(c, "printf", call.span, fmt, call.args.slice(1), types);
      return noneT;
    },
    emit(g, call) {
      const args = call.args.slice(1);
      const { fields, size } = layoutRecord(args.map((a) => g.typeOf(a)));
      const format = (call.args[0] as { value: string }).value;
      const id = g.record(PRINTF_RECORD, { format, args: fields }, size);
      sendRecord(g, id, size, (base) => args.forEach((a, i) => g.into(a, base + fields[i]!.offset, fields[i]!.type)));
      return undefined;
    },
  }),
  defineFunc({
    name: "print",
    doc: "print(value) prints a value on its own line; print(@map) prints a whole map",
    arity: [1, 3],
    check(c, call) {
      if (isMapArg(call)) {
        c.checkMapRef(call.args[0] as MapAccess);
        call.args.slice(1).forEach((a) => {
          c.check(a);
          if (a.kind !== "IntLit") c.error(a.span, "print(): top and div must be integer literals");
        });
        const v = c.mapValueType((call.args[0] as MapAccess).name);
        if (v?.kind === "agg" && v.agg === "stats" && call.args.length > 1) {
          c.warning(call.span, "print()'s top and div arguments are ignored when used on stats() maps.");
        }
        return noneT;
      }
      const entry = call.args[0]!;
      const value = entry.kind === "MapAccess" ? c.mapValueType(entry.name) : undefined;
      if (value && isArrayAgg(value)) {
        // Current bpftrace's words: a histogram is printed whole.
        c.error(call.span, `Map type ${typeName(value)} cannot print the value of individual keys. You must print the whole map.`);
        return noneT;
      }
      const t = c.checkAllowingArgs(call.args[0]!);
      if (call.args.length > 1) c.error(call.span, "print() with more than one argument needs a map as its first argument");
      if (t.kind === "none") c.error(call.args[0]!.span, "print() expects a value");
      return noneT;
    },
    emit(g, call) {
      if (isMapArg(call)) {
        const map = (call.args[0] as { name: string }).name;
        const v = g.maps.get(map)?.value;
        // bpftrace prints a stats() map whole (and warns so at compile time).
        const stats = v?.kind === "agg" && v.agg === "stats";
        const [, top, div] = call.args.map((a) => (a.kind === "IntLit" && !stats ? Number(a.value) : 0));
        const id = g.record(PRINT_MAP_RECORD, { map, top: top ?? 0, div: div ?? 0, clear: printClears(call) }, RECORD_HEADER);
        sendRecord(g, id, RECORD_HEADER, () => undefined);
        return undefined;
      }
      let t = g.typeOf(call.args[0]!);
      // print(args): every field of the probe's arguments, as a record.
      const args = t.kind === "args" ? g.args ?? [] : undefined;
      if (args) t = { kind: "tuple", elems: args.map((a) => a.type), names: args.map((a) => a.name) };
      const { fields, size } = layoutRecord([t]);
      const id = g.record(PRINT_RECORD, { value: fields[0]! }, size);
      sendRecord(g, id, size, (base) => {
        if (!args) return g.into(call.args[0]!, base + fields[0]!.offset, t);
        const offs = tupleOffsets(t as Type & { kind: "tuple" });
        // Each field's bytes straight from the context; the decoder sign-extends by the field's type.
        args.forEach((a, i) => argInto(g, a, base + fields[0]!.offset + offs[i]!, a.type));
      });
      return undefined;
    },
  }),
  defineFunc({
    name: "exit",
    doc: "exit([code]): stop tracing; END probes run and maps are printed, then ebt exits with code",
    arity: [0, 1],
    check(c, call) {
      if (call.args[0] && !isScalar(c.check(call.args[0]))) c.error(call.args[0].span, "exit() expects an integer exit code");
      return noneT;
    },
    emit(g, call) {
      const code = call.args[0];
      // The mark every probe checks first (codegen/probe-codegen.ts): nothing runs after exit().
      g.asm.ldMapValue(R1, g.mapRef(LOST_MAP), EXIT_FLAG_OFFSET);
      g.asm.st("u64", R1, 0, 1);
      const { fields, size } = layoutRecord(code ? [g.typeOf(code)] : []);
      const id = g.record(EXIT_RECORD, { code: fields[0] ?? 0 }, size);
      sendRecord(g, id, size, (base) => code && g.into(code, base + fields[0]!.offset));
      // exit() also ends this probe's run, as in bpftrace.
      g.asm.ja(g.exitLabel);
      return undefined;
    },
  }),
];

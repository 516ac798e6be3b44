/**
 * debugf(fmt, ...): a line in the kernel's trace buffer (tracefs `trace` / `trace_pipe`, as
 * `bpf_trace_printk: <text>`), formatted by the kernel: bpf_trace_vprintk with the format on the
 * stack and the arguments as an array of u64s. Strings are passed by address (the kernel reads
 * them for %s). For debugging only, as in bpftrace: the trace buffer is shared by the whole system.
 */
import type { Call } from "../ast/nodes.js";
import { FP, HELPERS, R1, R2, R3, R4 } from "../codegen/bpf/index.js";
import { stackPointer } from "../codegen/frame.js";
import type { Gen } from "../contracts/gen.js";
import { checkPrintfArgs, kindName } from "../semantic/printf-check.js";
import { isScalar, noneT, storageSize } from "../semantic/types.js";
import { parseFormat, specifiers } from "../util/format-string.js";
import type { Builtin } from "./builtin.js";
import { defineFunc } from "./builtin.js";

/** bpf_trace_vprintk takes at most this many arguments (MAX_BPRINTF_VARARGS). */
const MAX_ARGS = 12;

/**
 * The format as the kernel's printf reads it: every integer conversion takes a 64-bit value
 * (`%d` → `%lld`), since each argument is passed as a u64.
 */
export function kernelFormat(fmt: string): string {
  const parsed = parseFormat(fmt);
  if ("error" in parsed) return fmt;
  return parsed.segments
    .map((s) => {
      if (typeof s === "string") return s.replace(/%/g, "%%");
      if (!/^[diuxX]$/.test(s.conversion)) return s.text;
      const head = s.text.slice(0, s.text.length - s.conversion.length).replace(/(hh|h|ll|l)$/, "");
      return `${head}ll${s.conversion}`;
    })
    .join("");
}

function emit(g: Gen, call: Call): undefined {
  const { asm } = g;
  const args = call.args.slice(1);
  const format = Buffer.from(`${kernelFormat((call.args[0] as { value: string }).value)}\0`, "latin1");
  const mark = g.stack.mark();
  const data = args.length > 0 ? g.stack.alloc(8 * args.length) : 0;
  args.forEach((a, i) => {
    const t = g.typeOf(a);
    if (isScalar(t)) {
      const r = g.scalar(a);
      asm.stx("u64", FP, data + 8 * i, r);
      g.regs.release(r);
    } else {
      // A string: its bytes stay on the stack for the call; the array holds their address.
      const at = g.stack.alloc(storageSize(t));
      g.into(a, at, t);
      stackPointer(asm, R1, at);
      asm.stx("u64", FP, data + 8 * i, R1);
    }
  });
  const fmt = g.stack.alloc(format.length);
  const padded = Buffer.alloc((format.length + 7) & ~7);
  format.copy(padded);
  for (let i = 0; i < padded.length; i += 8) {
    asm.ldImm64(R2, padded.readBigInt64LE(i));
    asm.stx("u64", FP, fmt + i, R2);
  }
  stackPointer(asm, R1, fmt);
  asm.movImm(R2, format.length);
  if (args.length > 0) stackPointer(asm, R3, data);
  else asm.movImm(R3, 0);
  asm.movImm(R4, 8 * args.length);
  asm.call(HELPERS.trace_vprintk);
  g.stack.release(mark);
  return undefined;
}

export const debugf: Builtin[] = [
  defineFunc({
    name: "debugf",
    doc: "debugf(fmt, ...): print a line to the kernel's trace buffer (trace_pipe), for debugging",
    arity: [1, MAX_ARGS + 1],
    formatArg: true,
    check(c, call) {
      const fmt = call.args[0]!;
      const types = call.args.slice(1).map((a) => c.check(a));
      c.check(fmt);
      if (fmt.kind !== "StrLit") {
        c.error(call.span, `debugf() expects a string literal (${kindName(c.check(fmt))} provided)`);
        return noneT;
      }
      checkPrintfArgs(c, call.name, call.span, fmt, call.args.slice(1), types);
      // printf's `%s` takes any value; the kernel prints integers and strings only.
      const parsed = parseFormat(fmt.value);
      const specs = "error" in parsed ? [] : specifiers(parsed);
      call.args.slice(1).forEach((a, i) => {
        const t = types[i]!;
        if (specs[i]?.conversion === "s" && !isScalar(t) && t.kind !== "str") c.error(a.span, `debugf() can only print integers and strings (${kindName(t)} provided)`);
        // The kernel formats debugf's text: ebt's own conversions (%r, %gr) mean nothing to it.
        if (specs[i] && /^(r|rx|rh|gr)$/.test(specs[i]!.conversion)) c.error(fmt.span, `debugf: %${specs[i]!.conversion} is not supported: the kernel formats debugf's text`);
      });
      return noneT;
    },
    emit,
  }),
];

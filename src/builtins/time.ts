/** Builtins about time: nsecs (and its clocks), elapsed, jiffies, time(), strftime(). */
import type { Call, Expr, Identifier } from "../ast/nodes.js";
import { FP, HELPERS } from "../codegen/bpf/index.js";
import type { Gen } from "../contracts/gen.js";
import { defineRecord, RECORD_HEADER } from "../plan/records.js";
import type { RecordType } from "../plan/records.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { isScalar, noneT, typeName, u64 } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { helperValue } from "../codegen/helper-value.js";
import { defineFunc, defineVar } from "./builtin.js";
import { sendRecord } from "./print.js";

/** The clocks nsecs() reads; bpftrace's default is boot. */
const CLOCKS: Record<string, number> = {
  boot: HELPERS.ktime_get_boot_ns,
  monotonic: HELPERS.ktime_get_ns,
  tai: HELPERS.ktime_get_tai_ns,
  // bpftrace's software TAI (boot clock plus an offset) exists for kernels without the TAI
  // helper; every kernel ebt runs on has it, so it reads the same clock as tai.
  sw_tai: HELPERS.ktime_get_tai_ns,
};

function clockOf(node: Identifier | Call): string {
  const arg = node.kind === "Call" ? node.args[0] : undefined;
  return arg?.kind === "Identifier" ? arg.name : "boot";
}

/** When ebt started, on the monotonic clock (what Node's hrtime reads, and bpf_ktime_get_ns). */
const START_NS = process.hrtime.bigint();

function literalFormat(c: CheckCtx, fn: string, e: Expr | undefined): void {
  if (!e) return;
  c.check(e);
  if (e.kind !== "StrLit") c.error(e.span, `${fn}() expects a string literal as its format`);
}

/** time(fmt): formatted when user space handles the record. */
const TIME_RECORD = defineRecord<{ format: string }>({
  kind: "time",
  receive: (r, _buf, rt) => rt.text(rt.wallTime(r.format), "time"),
});

export const time: Builtin[] = [
  defineVar({
    name: "nsecs",
    doc: "nsecs, nsecs(boot|monotonic|tai|sw_tai): a nanosecond timestamp of that kernel clock (default boot: time since boot, suspend included)",
    type: () => u64,
    checkCallArgs(c, call) {
      const arg = call.args[0]!;
      if (call.args.length > 1 || arg.kind !== "Identifier" || !(arg.name in CLOCKS)) {
        c.error(call.args.length > 1 ? call.span : arg.span, "Invalid timestamp mode: expected boot, monotonic, tai or sw_tai");
      }
    },
    emit: (g, node) => helperValue(g, CLOCKS[clockOf(node)]!),
  }),
  defineVar({
    name: "elapsed",
    doc: "elapsed: nanoseconds since ebt started",
    type: () => u64,
    emit(g) {
      const r = helperValue(g, HELPERS.ktime_get_ns);
      g.asm.ldImm64(0, START_NS);
      g.asm.aluReg("sub", r, 0);
      return r;
    },
  }),
  defineVar({
    name: "jiffies",
    doc: "jiffies: the kernel's jiffies counter (bpf_jiffies64)",
    type: () => u64,
    emit: (g) => helperValue(g, HELPERS.jiffies64),
  }),
  defineFunc({
    name: "time",
    doc: 'time([fmt]): print the wall-clock time, formatted by strftime(3) rules (default "%H:%M:%S\\n")',
    arity: [0, 1],
    formatArg: true,
    check(c, call) {
      literalFormat(c, "time", call.args[0]);
      return noneT;
    },
    emit(g: Gen, call) {
      const format = call.args[0]?.kind === "StrLit" ? call.args[0].value : "%H:%M:%S\n";
      const id = g.record(TIME_RECORD, { format }, RECORD_HEADER);
      sendRecord(g, id, RECORD_HEADER, () => undefined);
      return undefined;
    },
  }),
  defineFunc({
    name: "strftime",
    doc: 'strftime(fmt, ns): the boot-clock timestamp ns (e.g. nsecs) as wall-clock text, for printing ("%H:%M:%S", %f for microseconds)',
    arity: [2, 2],
    formatArg: true,
    check(c, call) {
      literalFormat(c, "strftime", call.args[0]);
      const t = c.check(call.args[1]!);
      if (!isScalar(t)) c.error(call.args[1]!.span, `strftime() expects an integer timestamp (${typeName(t)} provided)`);
      const fmt = call.args[0]!.kind === "StrLit" ? call.args[0]!.value : "";
      return { kind: "rendered", as: "timestamp", fmt };
    },
    emit(g, call, out) {
      const r = g.scalar(call.args[1]!);
      g.asm.stx("u64", FP, out!, r);
      g.regs.release(r);
      return undefined;
    },
  }),
];

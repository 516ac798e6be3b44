/**
 * Functions whose work happens in user space when their record arrives: system() runs a command,
 * cat() prints a file, join() prints a string array, errorf()/warnf() print a located message;
 * and signal(), which the kernel delivers. system() and signal() need --unsafe, as in bpftrace.
 */
import { constants } from "node:os";
import type { Call } from "../ast/nodes.js";
import { FP, HELPERS, Label, R0, R1, R2, R3 } from "../codegen/bpf/index.js";
import { stackPointer } from "../codegen/frame.js";
import type { Gen } from "../contracts/gen.js";
import { LOST_MAP, RINGBUF_MAP } from "../plan/plan.js";
import { defineRecord, RECORD_HEADER } from "../plan/records.js";
import type { FormattedFields, RecordType } from "../plan/records.js";
import { ERRORF_RECORD, WARNF_RECORD } from "../codegen/runtime-warning.js";
import { fromByteString } from "../util/byte-strings.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { checkPrintfArgs, kindName } from "../semantic/printf-check.js";
import { isScalar, noneT, typeName } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineFunc } from "./builtin.js";
import { layoutRecord, sendRecord } from "./print.js";

function requireUnsafe(c: CheckCtx, call: Call): void {
  if (!c.unsafe) c.error(call.span, `${call.name}() is an unsafe function being used in safe mode`);
}

/** The format string and its arguments, checked as printf checks them. */
function checkFormatted(c: CheckCtx, call: Call): void {
  const fmt = call.args[0]!;
  const types = call.args.slice(1).map((a) => c.check(a));
  c.check(fmt);
  if (fmt.kind !== "StrLit") {
    c.error(call.span, `${call.name}() expects a string literal (${kindName(c.check(fmt))} provided)`);
    return;
  }
  checkPrintfArgs(c, call.name, call.span, fmt, call.args.slice(1), types);
}

/** system(fmt, ...) and cat(fmt, ...): the formatted command line or file name, for the system to read as UTF-8. */
const SYSTEM_RECORD = defineRecord<FormattedFields>({
  kind: "system",
  receive: (r, buf, rt) => rt.system(fromByteString(rt.printf(r.format, r.args.map((a) => rt.value(buf, a))))),
});

const CAT_RECORD = defineRecord<FormattedFields>({
  kind: "cat",
  receive: (r, buf, rt) => rt.cat(fromByteString(rt.printf(r.format, r.args.map((a) => rt.value(buf, a))))),
});

/** join(arr[, sep]): a u64 count at `offset`, then `count` strings of `slot` bytes each. */
const JOIN_RECORD = defineRecord<{ separator: string; offset: number; slot: number }>({
  kind: "join",
  receive(r, buf, rt) {
    const count = Number(buf.readBigUInt64LE(r.offset));
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const start = r.offset + 8 + i * r.slot;
      const bytes = buf.subarray(start, start + r.slot);
      const nul = bytes.indexOf(0);
      parts.push(bytes.subarray(0, nul < 0 ? bytes.length : nul).toString("latin1"));
    }
    rt.text(parts.join(r.separator) + "\n", "join");
  },
});

/** A printf-like record: the format's arguments packed after the header. */
function emitFormatted(g: Gen, call: Call, kind: "system" | "cat" | "errorf" | "warnf"): undefined {
  const args = call.args.slice(1);
  const { fields, size } = layoutRecord(args.map((a) => g.typeOf(a)));
  const format = (call.args[0] as { value: string }).value;
  const id =
    kind === "errorf" || kind === "warnf"
      ? g.record(kind === "errorf" ? ERRORF_RECORD : WARNF_RECORD, { format, args: fields, span: call.span }, size)
      : g.record(kind === "system" ? SYSTEM_RECORD : CAT_RECORD, { format, args: fields }, size);
  sendRecord(g, id, size, (base) => args.forEach((a, i) => g.into(a, base + fields[i]!.offset, fields[i]!.type)));
  return undefined;
}

function formatted(name: "system" | "cat" | "errorf" | "warnf", doc: string, unsafe = false) {
  return defineFunc({
    name,
    doc,
    arity: [1, Infinity],
    formatArg: true,
    check(c, call) {
      if (unsafe) requireUnsafe(c, call);
      checkFormatted(c, call);
      return noneT;
    },
    emit: (g, call) => emitFormatted(g, call, name),
  });
}

/** join(): at most this many array elements, of at most this many bytes each (bpftrace 0.17's limits). */
const JOIN_ARGS = 16;
const JOIN_ARG_SIZE = 1024;

/** A signal given by name ("SIGKILL" or "KILL") or number; undefined when unknown. */
function signalNumber(name: string): number | undefined {
  const signals = constants.signals as Record<string, number>;
  return signals[name] ?? signals[`SIG${name}`];
}

export const actions: Builtin[] = [
  formatted("system", 'system(fmt, ...): run a shell command and print its output (needs --unsafe)', true),
  formatted("cat", 'cat(fmt, ...): print the contents of the file named by fmt (formatted as printf)'),
  formatted("errorf", 'errorf(fmt, ...): print an ERROR with the call\'s source location, on stderr'),
  formatted("warnf", 'warnf(fmt, ...): print a WARNING with the call\'s source location, on stderr'),
  defineFunc({
    name: "signal",
    doc: 'signal(sig): send a signal ("SIGKILL", "KILL" or a number) to the current process (needs --unsafe)',
    arity: [1, 1],
    check(c, call) {
      requireUnsafe(c, call);
      const kind = c.target.provider.runOnce;
      if (kind) c.error(call.span, `signal can not be used with "${kind === "begin" ? "BEGIN" : "END"}" probes`);
      const arg = call.args[0]!;
      const t = c.check(arg);
      if (arg.kind === "StrLit") {
        if (signalNumber(arg.value) === undefined) c.error(arg.span, `${arg.value} is not a valid signal`);
      } else if (!isScalar(t)) c.error(arg.span, `signal() expects a signal name or number (${typeName(t)} provided)`);
      else if (arg.kind === "IntLit" && (arg.value < 1n || arg.value > 64n)) c.error(arg.span, `${arg.value} is not a valid signal, allowed range: [1,64]`);
      return noneT;
    },
    emit(g, call) {
      const arg = call.args[0]!;
      if (arg.kind === "StrLit") g.asm.movImm(R1, signalNumber(arg.value)!);
      else {
        const r = g.scalar(arg);
        g.asm.movReg(R1, r);
        g.regs.release(r);
      }
      g.asm.call(HELPERS.send_signal);
      return undefined;
    },
  }),
  defineFunc({
    name: "join",
    doc: 'join(arr[, sep]): print the strings of a NULL-terminated array (e.g. args.argv), separated by sep (default " ")',
    arity: [1, 2],
    check(c, call) {
      const t = c.check(call.args[0]!);
      if (!isScalar(t)) c.error(call.args[0]!.span, `join() expects a pointer to an array of strings (${typeName(t)} provided)`);
      const sep = call.args[1];
      if (sep) {
        c.check(sep);
        if (sep.kind !== "StrLit") c.error(sep.span, "join() expects a string literal as its separator");
      }
      return noneT;
    },
    emit(g, call) {
      const { asm } = g;
      const argT = g.typeOf(call.args[0]!);
      const user = argT.kind === "ptr" ? argT.user : g.target.provider.userMemory === true;
      const separator = call.args[1]?.kind === "StrLit" ? call.args[1].value : " ";
      const countOff = RECORD_HEADER;
      const size = countOff + 8 + JOIN_ARGS * JOIN_ARG_SIZE;
      const id = g.record(JOIN_RECORD, { separator, offset: countOff, slot: JOIN_ARG_SIZE }, size);
      // Too big for the 512-byte stack: the record is built in place in the ring buffer.
      const arr = g.scalar(call.args[0]!);
      const rec = g.regs.alloc();
      const mark = g.stack.mark();
      const tmp = g.stack.alloc(8);
      const lost = new Label("join_lost");
      const done = new Label("join_done");
      const end = new Label("join_end");
      asm.ldMapFd(R1, g.mapRef(RINGBUF_MAP));
      asm.movImm(R2, size);
      asm.movImm(R3, 0);
      asm.call(HELPERS.ringbuf_reserve);
      asm.jmpImm("jeq", R0, 0, lost);
      asm.movReg(rec, R0);
      asm.ldImm64(R1, BigInt(id));
      asm.stx("u64", rec, 0, R1);
      asm.st("u64", rec, countOff, 0);
      for (let i = 0; i < JOIN_ARGS; i++) {
        // Element i: the pointer arr[i]; a NULL one ends the array.
        asm.st("u64", FP, tmp, 0);
        stackPointer(asm, R1, tmp);
        asm.movImm(R2, 8);
        asm.movReg(R3, arr);
        asm.aluImm("add", R3, 8 * i);
        asm.call(user ? HELPERS.probe_read_user : HELPERS.probe_read_kernel);
        asm.ldx("u64", R3, FP, tmp);
        asm.jmpImm("jeq", R3, 0, done);
        asm.movReg(R1, rec);
        asm.aluImm("add", R1, countOff + 8 + i * JOIN_ARG_SIZE);
        asm.movImm(R2, JOIN_ARG_SIZE);
        asm.call(user ? HELPERS.probe_read_user_str : HELPERS.probe_read_kernel_str);
        asm.st("u64", rec, countOff, i + 1);
      }
      asm.label(done);
      asm.movReg(R1, rec);
      asm.movImm(R2, 0);
      asm.call(HELPERS.ringbuf_submit);
      asm.ja(end);
      asm.label(lost);
      asm.ldMapValue(R1, g.mapRef(LOST_MAP), 0);
      asm.movImm(R2, 1);
      asm.atomic("add", "u64", R1, 0, R2);
      asm.label(end);
      g.stack.release(mark);
      g.regs.release(rec);
      g.regs.release(arr);
      return undefined;
    },
  }),
];

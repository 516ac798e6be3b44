/**
 * -p PID for probes the kernel cannot limit to one process when attaching (tracepoints, raw
 * tracepoints, kprobes, fentry): the program returns at once for any other process, as current
 * bpftrace's pid filter does. bpftrace 0.17 had no such filter; its docs now promise it (bpftrace(8), -p).
 */
import { helperValue } from "./helper-value.js";
import { HELPERS } from "./bpf/index.js";
import type { Gen } from "../contracts/gen.js";

export function emitPidFilter(g: Gen): void {
  const proc = g.target.process;
  if (proc?.origin !== "pid" || g.target.provider.pidScope !== undefined) return;
  const tgid = helperValue(g, HELPERS.get_current_pid_tgid, "high");
  g.asm.jmpImm("jne", tgid, proc.pid, g.exitLabel);
  g.regs.release(tgid);
}

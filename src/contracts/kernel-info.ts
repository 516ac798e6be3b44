/**
 * What the compiler needs to know about the running kernel. An interface so unit tests can hand the
 * compiler a fake kernel built from fixtures, as bpftrace's MockKernelInfo does.
 */
import type { KernelFunction } from "../runtime/kernel/kernel-functions.js";
import type { TracepointFormat } from "../runtime/kernel/tracefs.js";

export interface KernelInfo {
  /** The format of tracepoint `category:event`, or undefined when it does not exist. */
  tracepointFormat(category: string, event: string): TracepointFormat | undefined;
  /** Every tracepoint the kernel has, for wildcard expansion and listing. */
  listTracepoints(): { category: string; event: string }[];
  /** The functions kprobes can target (kprobe wildcards, `-l`); absent when unknown. */
  kernelFunctions?(): KernelFunction[];
  /** Raw tracepoint names the kernel's BTF describes (`btf_trace_<name>`), for `-l`; absent when unknown. */
  rawTracepoints?(): string[];
  /** The arguments of raw tracepoint `event` as C declarations (`struct task_struct * prev`), for `-lv`. */
  rawTracepointParams?(event: string): string[];
}

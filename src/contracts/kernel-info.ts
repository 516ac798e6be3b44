/**
 * What the compiler needs to know about the running kernel. An interface so unit tests can hand the
 * compiler a fake kernel built from fixtures, as bpftrace's MockKernelInfo does.
 */

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
  /** How many CPUs the kernel can ever bring up (highest possible CPU + 1): per-CPU maps keep this
   * many copies of each value. */
  possibleCpus(): number;
  /** The address of kernel symbol `name` (kaddr()), or undefined when the kernel has none. */
  kernelSymbolAddress(name: string): bigint | undefined;
  /** Whether one BPF link can attach a program at many uprobes (uprobe_multi, 6.6+); absent: no. */
  uprobeMulti?(): boolean;
  /** Whether kernel module `name` is loaded (or built in); absent when unknown. */
  moduleLoaded?(name: string): boolean;
  /** ebt's own pid namespace (the nsfs device and inode) when it is not the initial one;
   * undefined in the initial namespace or when unknown. */
  pidNamespace?(): { dev: bigint; ino: bigint } | undefined;
}

/** A function kprobes can attach to. */
export interface KernelFunction {
  name: string;
  /** The module that defines it; undefined for vmlinux. */
  module?: string;
}

/** One field of a tracepoint's record, from its tracefs format file. */
export interface TracepointField {
  name: string;
  /**
   * The C type as the format file writes it, without the field name and array suffix:
   * "const char *", "char" for `char comm[16]`, "__data_loc char[]" for a dynamic string.
   * For syscall tracepoints the declared type may be narrower than `size` (`int dfd` is 8 bytes):
   * read `size` bytes.
   */
  type: string;
  offset: number;
  size: number;
  signed: boolean;
  /** Element count of a fixed array (`char comm[16]` → 16); 0 for a flexible `buf[]`. */
  arrayLength?: number;
  /** Fields of the common header every event record starts with (common_pid, ...). */
  common: boolean;
  /**
   * Dynamic data: the field is a u32 whose low 16 bits locate the data and whose high 16 bits
   * are its length. "data": the offset is from the record's start (`__data_loc`); "rel": from
   * the end of this field (`__rel_loc`).
   */
  loc?: "data" | "rel";
  /** The whole declaration as written, e.g. "char comm[16]". */
  decl: string;
}

/** A tracepoint's tracefs format file, parsed (runtime/kernel/tracefs.ts). */
export interface TracepointFormat {
  fields: TracepointField[];
  /** The event's name and id, when the text had them. */
  name?: string;
  id?: number;
  /** The kernel's own printf for the event (`print fmt:`), as written. */
  printFmt?: string;
}

/**
 * A provider is everything about one probe type (ply's provider/): its names, how its attach points
 * are parsed and expanded, what `args` means in it, which program type it needs and how it attaches.
 * Adding a probe type is one new file in this folder plus one line in index.ts.
 */
import type { AttachPoint } from "../ast/nodes.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type { KernelInfo } from "./kernel-info.js";
import type { Type } from "../semantic/types.js";
import type { Reg } from "../codegen/bpf/index.js";
import type { Gen } from "./gen.js";

/** One field of `args`, read straight from the program's context at a fixed offset. */
export interface ArgField {
  name: string;
  type: Type;
  /** Offset and width of the field in the context the kernel passes the program. */
  ctxOffset: number;
  ctxSize: number;
  /** A tracepoint's `__data_loc char[]` field: its u32 holds the string's offset in the record
   * (low 16 bits) and length (high 16), and the field reads as that string. */
  dataLoc?: boolean;
}

/** One concrete place to attach, after wildcards are expanded. */
export interface ProbeTarget {
  provider: Provider;
  /** Canonical name, e.g. `tracepoint:syscalls:sys_enter_write`; also what `probe` evaluates to. */
  name: string;
  /** Provider-specific data (tracepoint category/event, ...). */
  detail: Record<string, string | number>;
  /** Another site of the probe named by an earlier target (an inlined USDT probe): it has its own
   * program but is announced as part of that one probe, as bpftrace counts probes. */
  additionalSite?: boolean;
  /** The process of -p or -c, when one was given (set for every target by resolveAttachPoint). */
  process?: TargetProcess;
  /** The attach point it came from, for errors found when it loads or attaches. */
  span?: Span;
  /** How errors name it, when not by `name` (a kprobe address in hex, as the user wrote it). */
  label?: string;
}

/** argN computed by the provider rather than read from one context slot (usdt). */
export interface ArgLoad {
  type: Type;
  /** Loads the value into a fresh pool register. */
  emit(g: Gen): Reg;
}

/**
 * The one process a run is about: `-p PID` (an existing process; the run ends when it exits) or
 * `-c CMD` (a child ebt starts, held until every probe is attached; `cpid` is its pid).
 */
export interface TargetProcess {
  pid: number;
  origin: "pid" | "command";
  /** Its executable: the -c command's resolved path, or /proc/PID/exe for -p. */
  exe: string;
}

/** What attaching left open; closing these fds detaches. */
export interface Attachment {
  fds: number[];
}

/** A loaded program that attachTogether() may attach. */
export interface LoadedProbe {
  progFd: number;
  target: ProbeTarget;
  /** The program's instructions (map references not patched), for what it calls. */
  bytecode: Buffer;
}

/** One probe as `-l` lists it; `params` (for `-lv`) are its arguments, one declaration each. */
export interface ListedProbe {
  name: string;
  params?: () => string[];
}

/** What resolving an attach point may depend on besides the kernel: the command line's -p / -c. */
export interface ResolveContext {
  /** -p PID (or the -c child): user-space probes are limited to it; with -p its libraries are looked up in its maps. */
  pid?: number;
  /** The -p process or -c child, with how it was named. */
  target?: TargetProcess;
  /** --unsafe: allows what bpftrace allows only then (kprobes by address). */
  unsafe?: boolean;
  /** The `missing_probes` config: what an attach point that matches nothing is (see no-matches.ts). */
  missingProbes?: MissingProbes;
}

/** bpftrace's `missing_probes` config values. */
export type MissingProbes = "error" | "warn" | "ignore";

export interface Provider {
  name: string;
  aliases: readonly string[];
  /** One line for `.help` and docs. */
  doc: string;
  /** BPF_PROG_TYPE_* the programs of this provider load as. */
  progType: number;
  /** The same target as a BTF-typed program (a rawtracepoint as tp_btf), for a probe whose body
   * calls a builtin that needs one (BuiltinFunc.btfTyped); undefined when BTF does not describe it. */
  btfTypedForm?(target: ProbeTarget): ProbeTarget | undefined;
  /** Set for BEGIN/END: the program is run once by the runtime instead of being attached. */
  runOnce?: "begin" | "end";
  /**
   * Programs no kernel event fires, that the runtime runs with BPF_PROG_TEST_RUN on demand instead
   * of attaching them: `ebt --test` (test:), `ebt --bench` (bench:), or each SIGUSR1 (self:signal).
   */
  trigger?: "test" | "bench" | "signal";
  /** Parse the text after `provider:` and expand wildcards. Reports problems at `ap` and returns []. */
  resolve(rest: string | undefined, ap: AttachPoint, kernel: KernelInfo, diags: Diagnostics, ctx?: ResolveContext): ProbeTarget[];
  /** The fields of `args` at this target, or undefined if the probe type has no `args`. */
  args?(target: ProbeTarget, kernel: KernelInfo): ArgField[] | undefined;
  /** Why `args` is missing at this target when `args` gave none (uprobes: no debug info), for the error. */
  argsUnavailable?(target: ProbeTarget): string | undefined;
  /** Where argN lives in the program's context (a u64 at this offset), or undefined when the
   * probe type has no argN or not that many. */
  argOffset?(n: number, target: ProbeTarget): number | undefined;
  /** argN for probe types whose arguments differ per target (usdt): the load, or an error message
   * when the target has no such argument. Takes precedence over argOffset. */
  argLoad?(target: ProbeTarget, n: number): ArgLoad | string;
  /** Where `retval` lives in the context (a u64 at this offset), for return probes. */
  retvalOffset?(target: ProbeTarget): number | undefined;
  /** The type of `retval` when the probe type knows it (fexit, from BTF); u64 otherwise. */
  retvalType?(target: ProbeTarget): Type | undefined;
  /** The type of `ctx` (a pointer to the context's struct, e.g. iter's `struct bpf_iter__task *`); absent: no `ctx`. */
  ctxType?(target: ProbeTarget): Type | undefined;
  /**
   * BTF-attached programs (tp_btf, fentry/fexit, iter) name their target when they load: the
   * expected attach type and the BTF id of the function or typedef they attach to.
   */
  loadTarget?(target: ProbeTarget): { attachType: number; btfId: number };
  /**
   * What to tell the user when the kernel refuses to load this provider's program before the
   * verifier even looks at it (fentry here: EPERM); absent: a generic message.
   */
  loadRefused?(target: ProbeTarget, reason: string): { message: string; hints?: string[] };
  /** Code run before the predicate (iter: leave when the iterator calls with no object, at its end). */
  prologue?(g: Gen): void;
  /**
   * Iterators run when read rather than when an event fires: set, the run reads the attached
   * link's iterator to its end (the program runs once per object) and then ends, as bpftrace does.
   */
  iterator?: boolean;
  /** Where register `name` (bpftrace's names: "ip", "sp", "di", ...) lives in the context, for reg(). */
  regOffset?(name: string): number | undefined;
  /** The traced function's name at this target, for `func`. */
  funcName?(target: ProbeTarget): string | undefined;
  /**
   * Kernel function probes: `func` is the function's address, a ksym_t as in bpftrace, read from
   * the ip register (kprobes, which may sit inside a function) or with bpf_get_func_ip (return
   * probes and fentry, whose ip is elsewhere). Absent: `func` is the name as a string (uprobes).
   */
  funcAddress?: "ip" | "get_func_ip";
  /** Integers used as pointers (`str(arg0)`) address user memory in this probe type (uprobes, usdt). */
  userMemory?: boolean;
  /** Whether pointers found in `args` point into user memory (syscall arguments do). */
  argsAreUserPointers?(target: ProbeTarget): boolean;
  /**
   * Every probe of this type, for `-l`. `target` is what followed `provider:` up to the last colon,
   * for types that list the functions of one file (uprobe:/bin/bash:*). `pid` (-l -p PID): the
   * process whose files user-space probes come from. Absent: not listed.
   */
  list?(kernel: KernelInfo, target: string | undefined, pid?: number): ListedProbe[];
  /** Listed only when the `-l` pattern names this provider (`-l 'fexit:*'`), not in `-l` of everything. */
  listedOnlyByName?: boolean;
  /** list() lists only the file(s) `target` names, under their resolved paths (uprobe, usdt). */
  listsOneFile?: boolean;
  /**
   * What -p means for this probe type (current bpftrace's rule, bpftrace(8) on -p): "attach" when
   * the kernel limits the probe to the process when attaching (uprobes, usdt, watchpoints,
   * profile, software/hardware events: target.process.pid is passed to perf_event_open), "none"
   * for probes that belong to no process (BEGIN/END, interval). Absent: the program itself skips
   * events of other processes (`pid != PID` → return), as bpftrace's pid filter does for
   * tracepoints, raw tracepoints, kprobes and fentry. -c never adds that filter: use `pid == cpid`.
   */
  pidScope?: "attach" | "none";
  /** Listed names carry a module (`fentry:vmlinux:vfs_read`) that a `-l` pattern may leave out (`fentry:vfs_*`). */
  listsModule?: boolean;
  /**
   * The kernel runs the programs of one event of this type newest first (uprobes, kprobes, usdt,
   * fentry/fexit): they are attached in reverse, so they run in the order the script names them.
   */
  runsNewestFirst?: boolean;
  /**
   * Attaches several of this provider's programs at once, when the kernel has a cheaper way than
   * one attach each (syscall tracepoints through the raw_syscalls one). Returns the indices into
   * `probes` it attached and what closing detaches them; the others attach one by one through
   * attach(). Undefined: none attached (a way the kernel refused is no error: attach() still works).
   */
  attachTogether?(probes: readonly LoadedProbe[]): { attached: number[]; attachment: Attachment } | undefined;
  /**
   * One program for many targets on one link (uprobe_multi), as current bpftrace attaches a
   * wildcard: targets with the same `key` whose programs come out identical share one program,
   * loaded with `attachType`, attached by `attach`. Used only when the kernel `supported` it.
   */
  multiAttach?: {
    supported(kernel: KernelInfo): boolean;
    /** Which targets may share a link; undefined: this one attaches alone. */
    key(target: ProbeTarget): string | undefined;
    attachType: number;
    attach(progFd: number, targets: readonly ProbeTarget[]): Attachment;
  };
  /** Attach a loaded program. Throws KernelError with a clear message when the kernel refuses. */
  attach?(progFd: number, target: ProbeTarget): Attachment;
}

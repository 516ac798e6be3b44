/**
 * Errors from the kernel (STYLE.md: "Kernel refusals become KernelError {op, errno, hint}, shown as
 * `ERROR: ...`, never as a stack trace"). The message is what a user reads:
 * `<op>: <strerror>[ (<detail>)][: <hint>]`, e.g. `BPF_PROG_LOAD: Permission denied (program ebt_bad)`
 * or `perf_event_open: No such file or directory (type 0 config 0 cpu 0): this machine has no
 * hardware performance counters (virtual machines often have none)`.
 */
import { getSystemErrorMap } from "node:util";

export interface KernelErrorOptions {
  /** What we were doing it to, e.g. "map @counts" or "tracepoint syscalls:sys_enter_open". */
  detail?: string;
  /** What the user can do about it, or what it usually means. */
  hint?: string;
  cause?: unknown;
}

/** What a user without privileges is told, whichever step refused them first. */
export const NEEDS_ROOT = "ebt needs root: CAP_BPF and CAP_PERFMON to load and attach programs, and access to tracefs (run it with sudo)";

/** Whether this process lacks root's privileges (capabilities granted to a non-root user still count as missing here). */
export function isUnprivileged(): boolean {
  return (process.geteuid?.() ?? 0) !== 0;
}

/** Limits of the machine rather than mistakes: what to do about them, whatever the operation. */
const LIMIT_HINTS: Record<string, string> = {
  EMFILE: "the open-file limit was reached: each probe holds file descriptors of its own " +
    "(ebt raised the soft limit to the hard one); raise the hard limit (ulimit -Hn) or attach fewer probes",
  ENFILE: "the system-wide open-file limit was reached (fs.file-max)",
};

/** A kernel operation (a bpf command, perf_event_open, an ioctl, a tracefs read...) failed. */
export class KernelError extends Error {
  override name = "KernelError";
  /** The operation: a bpf command name ("BPF_MAP_CREATE"), a syscall or ioctl name. */
  readonly op: string;
  /** The positive errno value; 0 when the failure carried none. */
  readonly errno: number;
  /** The errno's symbolic name ("EPERM"), or another short code when there was no errno. */
  readonly code: string;
  readonly detail?: string;
  readonly hint?: string;

  constructor(op: string, errno: number, code: string, opts: KernelErrorOptions = {}) {
    const { detail } = opts;
    const hint = opts.hint ?? LIMIT_HINTS[code];
    super(`${op}: ${errnoText(errno, code)}${detail ? ` (${detail})` : ""}${hint ? `: ${hint}` : ""}`,
      opts.cause === undefined ? undefined : { cause: opts.cause });
    this.op = op;
    this.errno = errno;
    this.code = code;
    if (detail !== undefined) this.detail = detail;
    if (hint !== undefined) this.hint = hint;
  }
}

/** The verifier (or the loader before it) refused a program; `log` is the verifier's full log. */
export class VerifierError extends KernelError {
  override name = "VerifierError";
  readonly log: string;
  /** The load had a log of fixed size (-v) that the verifier's log did not fit (ENOSPC). */
  readonly logTrimmed: boolean;

  constructor(errno: number, code: string, log: string, opts: KernelErrorOptions & { logTrimmed?: boolean } = {}) {
    super("BPF_PROG_LOAD", errno, code, opts);
    this.log = log;
    this.logTrimmed = opts.logTrimmed ?? false;
  }

  /** The last `n` non-empty lines of the log: where the verifier stopped, and why. */
  tail(n = 10): string[] {
    return this.log.split("\n").filter((l) => l.trim() !== "").slice(-n);
  }
}

/** The shape of errors thrown by the native addon (and of Node's own system errors). */
export interface ErrnoException extends Error {
  errno: number;
  code: string;
  syscall?: string;
}

export function isErrnoException(e: unknown): e is ErrnoException {
  return e instanceof Error && typeof (e as Partial<ErrnoException>).errno === "number" &&
    typeof (e as Partial<ErrnoException>).code === "string";
}

/**
 * Turn an addon or Node system error into a KernelError named `op` (default: the error's own
 * syscall). Node's fs errors carry a negative errno; the addon's a positive one. Other errors
 * (bugs, TypeErrors) pass through unchanged.
 */
export function toKernelError(e: unknown, op?: string, opts: KernelErrorOptions = {}): unknown {
  if (e instanceof KernelError || !isErrnoException(e)) return e;
  const name = op ?? e.syscall ?? "syscall";
  return new KernelError(name, Math.abs(e.errno), e.code, { ...opts, cause: e });
}

/** Run `fn`, rethrowing system errors as KernelError. */
export function kernelCall<T>(op: string, fn: () => T, opts?: KernelErrorOptions): T {
  try {
    return fn();
  } catch (e) {
    throw toKernelError(e, op, opts);
  }
}

// glibc's strerror() texts for the errnos the bpf and perf syscalls return; libuv's (below) are
// lower-case and worded differently, and users compare against what bpftrace and bpftool print.
const STRERROR: Record<string, string> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  ESRCH: "No such process",
  EINTR: "Interrupted system call",
  EIO: "Input/output error",
  E2BIG: "Argument list too long",
  EBADF: "Bad file descriptor",
  EAGAIN: "Resource temporarily unavailable",
  ENOMEM: "Cannot allocate memory",
  EACCES: "Permission denied",
  EFAULT: "Bad address",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  ENODEV: "No such device",
  ENOTDIR: "Not a directory",
  EINVAL: "Invalid argument",
  EMFILE: "Too many open files",
  ENOSPC: "No space left on device",
  ERANGE: "Numerical result out of range",
  ENOSYS: "Function not implemented",
  ELOOP: "Too many levels of symbolic links",
  EOPNOTSUPP: "Operation not supported",
  ENOTSUPP: "Operation not supported",
  EBADMSG: "Bad message",
  EOVERFLOW: "Value too large for defined data type",
  EISDIR: "Is a directory",
  EPIPE: "Broken pipe",
  ENXIO: "No such device or address",
  EROFS: "Read-only file system",
  EFBIG: "File too large",
  EDQUOT: "Disk quota exceeded",
};

function errnoText(errno: number, code: string): string {
  const known = STRERROR[code];
  if (known) return known;
  const uv = errno > 0 ? getSystemErrorMap().get(-errno) : undefined;
  if (uv) return uv[1].charAt(0).toUpperCase() + uv[1].slice(1);
  return code ? (errno ? `${code} (errno ${errno})` : code) : `errno ${errno}`;
}

/** Errors from the kernel: which operation failed, with errno and its symbolic code. */

export class KernelError extends Error {
  override name = "KernelError";
  op: string;
  errno: number;
  code: string;
  hint?: string;

  constructor(op: string, errno: number, code: string, detail?: string, hint?: string) {
    const what = describeErrno(errno, code);
    super(`${op}: ${what}${detail ? ` (${detail})` : ""}${hint ? `: ${hint}` : ""}`);
    this.op = op;
    this.errno = errno;
    this.code = code;
    this.hint = hint;
  }
}

const MESSAGES: Record<string, string> = {
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
  EINVAL: "Invalid argument",
  ENOSPC: "No space left on device",
  ERANGE: "Numerical result out of range",
  ENOSYS: "Function not implemented",
  EOPNOTSUPP: "Operation not supported",
  ENOTSUPP: "Operation not supported",
  EMFILE: "Too many open files",
};

function describeErrno(errno: number, code: string): string {
  return MESSAGES[code] ?? `${code || "error"} (errno ${errno})`;
}

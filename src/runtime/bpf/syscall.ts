/** bpf(2) itself: a zeroed `union bpf_attr`, pointers into it, and errors as KernelError. Every other
 * module of the kernel layer goes through sys()/sysSoft(). */
import { BPF_BTF_LOAD, BPF_ENABLE_STATS, BPF_ITER_CREATE, BPF_LINK_CREATE, BPF_LINK_GET_FD_BY_ID, BPF_LINK_GET_NEXT_ID, BPF_MAP_CREATE, BPF_MAP_DELETE_ELEM, BPF_MAP_GET_FD_BY_ID, BPF_MAP_GET_NEXT_ID, BPF_MAP_GET_NEXT_KEY, BPF_MAP_LOOKUP_BATCH, BPF_MAP_LOOKUP_ELEM, BPF_MAP_UPDATE_ELEM, BPF_OBJ_GET_INFO_BY_FD, BPF_OBJ_NAME_LEN, BPF_PROG_GET_FD_BY_ID, BPF_PROG_GET_NEXT_ID, BPF_PROG_LOAD, BPF_PROG_TEST_RUN, BPF_RAW_TRACEPOINT_OPEN, SIZES } from "../../abi/uapi.js";
import { KernelError, NEEDS_ROOT, isErrnoException, isUnprivileged, type ErrnoException } from "../errors.js";
import { native } from "../native.js";

const CMD_NAMES: Record<number, string> = {
  [BPF_MAP_CREATE]: "BPF_MAP_CREATE", [BPF_MAP_LOOKUP_ELEM]: "BPF_MAP_LOOKUP_ELEM",
  [BPF_MAP_UPDATE_ELEM]: "BPF_MAP_UPDATE_ELEM", [BPF_MAP_DELETE_ELEM]: "BPF_MAP_DELETE_ELEM",
  [BPF_MAP_GET_NEXT_KEY]: "BPF_MAP_GET_NEXT_KEY", [BPF_PROG_LOAD]: "BPF_PROG_LOAD",
  [BPF_PROG_TEST_RUN]: "BPF_PROG_TEST_RUN", [BPF_PROG_GET_NEXT_ID]: "BPF_PROG_GET_NEXT_ID",
  [BPF_MAP_GET_NEXT_ID]: "BPF_MAP_GET_NEXT_ID", [BPF_PROG_GET_FD_BY_ID]: "BPF_PROG_GET_FD_BY_ID",
  [BPF_MAP_GET_FD_BY_ID]: "BPF_MAP_GET_FD_BY_ID", [BPF_OBJ_GET_INFO_BY_FD]: "BPF_OBJ_GET_INFO_BY_FD",
  [BPF_RAW_TRACEPOINT_OPEN]: "BPF_RAW_TRACEPOINT_OPEN", [BPF_BTF_LOAD]: "BPF_BTF_LOAD", [BPF_LINK_CREATE]: "BPF_LINK_CREATE",
  [BPF_LINK_GET_FD_BY_ID]: "BPF_LINK_GET_FD_BY_ID", [BPF_LINK_GET_NEXT_ID]: "BPF_LINK_GET_NEXT_ID",
  [BPF_ENABLE_STATS]: "BPF_ENABLE_STATS", [BPF_MAP_LOOKUP_BATCH]: "BPF_MAP_LOOKUP_BATCH", [BPF_ITER_CREATE]: "BPF_ITER_CREATE",
};

const cmdName = (cmd: number) => CMD_NAMES[cmd] ?? `bpf(${cmd})`;

/** A zeroed `union bpf_attr`. */
export function attr(): Buffer {
  return Buffer.alloc(SIZES.bpf_attr);
}

/**
 * The address of `buf` for a pointer field, or 0 for none. Every Buffer whose address is in an
 * attr is also passed to the addon call as a keep-alive argument: optimised code may otherwise
 * consider a local dead (and its memory free) while the kernel still reads it.
 */
export function ptr(buf: Uint8Array | undefined): bigint {
  return buf && buf.length > 0 ? native().addressOf(buf) : 0n;
}

export function cString(buf: Buffer): string {
  const end = buf.indexOf(0);
  return buf.toString("utf8", 0, end < 0 ? buf.length : end);
}

/** Object names: the kernel accepts at most 15 characters of [A-Za-z0-9_.] and rejects others. */
export function objectNameFor(name: string): string {
  return name.replace(/[^A-Za-z0-9_.]/g, "_").slice(0, BPF_OBJ_NAME_LEN - 1);
}

export interface Context {
  detail?: string;
  hint?: (code: string) => string | undefined;
}

export function kernelError(op: string, e: ErrnoException, ctx: Context = {}): KernelError {
  const hint = ctx.hint?.(e.code) ?? genericHint(e.code);
  return new KernelError(op, e.errno, e.code, { detail: ctx.detail, hint, cause: e });
}

export function genericHint(code: string): string | undefined {
  if (code === "EPERM" || code === "EACCES") {
    return isUnprivileged() ? NEEDS_ROOT : undefined;
  }
  return undefined;
}

/** bpf(cmd, a), with errors as KernelError; `keep`: the Buffers `a` points to. */
export function sys(cmd: number, a: Buffer, keep: readonly (Uint8Array | undefined)[], ctx?: Context): number {
  try {
    return native().bpf(cmd, a, ...keep);
  } catch (e) {
    throw isErrnoException(e) ? kernelError(cmdName(cmd), e, ctx) : e;
  }
}

/** Like sys() but returns undefined instead of throwing for the error codes in `soft`. */
export function sysSoft(cmd: number, a: Buffer, keep: readonly (Uint8Array | undefined)[], soft: readonly string[], ctx?: Context): number | undefined {
  try {
    return native().bpf(cmd, a, ...keep);
  } catch (e) {
    if (isErrnoException(e) && soft.includes(e.code)) return undefined;
    throw isErrnoException(e) ? kernelError(cmdName(cmd), e, ctx) : e;
  }
}

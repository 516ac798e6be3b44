/**
 * The thin kernel layer: bpf(2) commands, perf_event_open(2) and friends. `union bpf_attr` and the
 * info structs are packed here; the addon only makes the system calls (DESIGN.md §4).
 */
import { readFileSync } from "node:fs";
import { KernelError } from "./errors.js";
import { isErrnoError, native } from "./native.js";

export const BPF_MAP_TYPE_HASH = 1, BPF_MAP_TYPE_ARRAY = 2, BPF_MAP_TYPE_PERCPU_HASH = 5, BPF_MAP_TYPE_PERCPU_ARRAY = 6,
  BPF_MAP_TYPE_STACK_TRACE = 7, BPF_MAP_TYPE_LRU_HASH = 9, BPF_MAP_TYPE_LRU_PERCPU_HASH = 10, BPF_MAP_TYPE_RINGBUF = 27,
  BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4;
export const BPF_PROG_TYPE_KPROBE = 2, BPF_PROG_TYPE_TRACEPOINT = 5, BPF_PROG_TYPE_PERF_EVENT = 7,
  BPF_PROG_TYPE_RAW_TRACEPOINT = 17, BPF_PROG_TYPE_TRACING = 26;

// bpf(2) commands
const BPF_MAP_CREATE = 0, BPF_MAP_LOOKUP_ELEM = 1, BPF_MAP_UPDATE_ELEM = 2, BPF_MAP_DELETE_ELEM = 3,
  BPF_MAP_GET_NEXT_KEY = 4, BPF_PROG_LOAD = 5, BPF_PROG_TEST_RUN = 10, BPF_PROG_GET_NEXT_ID = 11,
  BPF_MAP_GET_NEXT_ID = 12, BPF_PROG_GET_FD_BY_ID = 13, BPF_MAP_GET_FD_BY_ID = 14, BPF_OBJ_GET_INFO_BY_FD = 15,
  BPF_RAW_TRACEPOINT_OPEN = 17, BPF_LINK_CREATE = 28, BPF_LINK_GET_NEXT_ID = 31;

const CMD_NAMES: Record<number, string> = {
  [BPF_MAP_CREATE]: "BPF_MAP_CREATE", [BPF_MAP_LOOKUP_ELEM]: "BPF_MAP_LOOKUP_ELEM",
  [BPF_MAP_UPDATE_ELEM]: "BPF_MAP_UPDATE_ELEM", [BPF_MAP_DELETE_ELEM]: "BPF_MAP_DELETE_ELEM",
  [BPF_MAP_GET_NEXT_KEY]: "BPF_MAP_GET_NEXT_KEY", [BPF_PROG_LOAD]: "BPF_PROG_LOAD",
  [BPF_PROG_TEST_RUN]: "BPF_PROG_TEST_RUN", [BPF_PROG_GET_NEXT_ID]: "BPF_PROG_GET_NEXT_ID",
  [BPF_MAP_GET_NEXT_ID]: "BPF_MAP_GET_NEXT_ID", [BPF_PROG_GET_FD_BY_ID]: "BPF_PROG_GET_FD_BY_ID",
  [BPF_MAP_GET_FD_BY_ID]: "BPF_MAP_GET_FD_BY_ID", [BPF_OBJ_GET_INFO_BY_FD]: "BPF_OBJ_GET_INFO_BY_FD",
  [BPF_RAW_TRACEPOINT_OPEN]: "BPF_RAW_TRACEPOINT_OPEN", [BPF_LINK_CREATE]: "BPF_LINK_CREATE",
  [BPF_LINK_GET_NEXT_ID]: "BPF_LINK_GET_NEXT_ID",
};

/** Larger than any kernel's union bpf_attr we care about; the tail stays zero as the kernel requires. */
const ATTR_SIZE = 160;

function attr(): Buffer {
  return Buffer.alloc(ATTR_SIZE);
}

function toKernelError(op: string, e: unknown, detail?: string, hint?: string): unknown {
  if (isErrnoError(e)) return new KernelError(op, e.errno, e.code, detail, hint);
  return e;
}

function sys(cmd: number, a: Buffer, detail?: string): number {
  try {
    return native().bpf(cmd, a);
  } catch (e) {
    throw toKernelError(CMD_NAMES[cmd] ?? `bpf(${cmd})`, e, detail);
  }
}

/** Like sys() but returns -errno for the codes in `soft` instead of throwing. */
function sysSoft(cmd: number, a: Buffer, soft: string[]): number {
  try {
    return native().bpf(cmd, a);
  } catch (e) {
    if (isErrnoError(e) && soft.includes(e.code)) return -e.errno;
    throw toKernelError(CMD_NAMES[cmd] ?? `bpf(${cmd})`, e);
  }
}

function ptr(buf: Buffer | undefined): bigint {
  return buf && buf.length > 0 ? native().addressOf(buf) : 0n;
}

function putName(a: Buffer, offset: number, name: string | undefined): void {
  if (!name) return;
  const clean = name.replace(/[^A-Za-z0-9_.]/g, "_").slice(0, 15);
  a.write(clean, offset, "latin1");
}

// ---------------------------------------------------------------------------------------------
// Maps

export interface MapSpec { type: number; keySize: number; valueSize: number; maxEntries: number; flags?: number; name?: string }

export function createMap(spec: MapSpec): number {
  const a = attr();
  a.writeUInt32LE(spec.type, 0);
  a.writeUInt32LE(spec.keySize, 4);
  a.writeUInt32LE(spec.valueSize, 8);
  a.writeUInt32LE(spec.maxEntries, 12);
  a.writeUInt32LE(spec.flags ?? 0, 16);
  putName(a, 28, spec.name);
  return sys(BPF_MAP_CREATE, a, spec.name ? `map ${spec.name}` : undefined);
}

function elemAttr(fd: number, key: Buffer | undefined, value: Buffer | undefined, flags = 0): Buffer {
  const a = attr();
  a.writeUInt32LE(fd, 0);
  a.writeBigUInt64LE(ptr(key), 8);
  a.writeBigUInt64LE(ptr(value), 16);
  a.writeBigUInt64LE(BigInt(flags), 24);
  return a;
}

/** Per-CPU maps: pass valueSize = roundUp8(v) * possibleCpus(). */
export function mapLookup(fd: number, key: Buffer, valueSize: number): Buffer | undefined {
  const value = Buffer.alloc(valueSize);
  const r = sysSoft(BPF_MAP_LOOKUP_ELEM, elemAttr(fd, key, value), ["ENOENT"]);
  return r < 0 ? undefined : value;
}

export function mapUpdate(fd: number, key: Buffer, value: Buffer, flags = 0): void {
  sys(BPF_MAP_UPDATE_ELEM, elemAttr(fd, key, value, flags));
}

export function mapDelete(fd: number, key: Buffer): boolean {
  return sysSoft(BPF_MAP_DELETE_ELEM, elemAttr(fd, key, undefined), ["ENOENT"]) >= 0;
}

export function mapNextKey(fd: number, key: Buffer | undefined, keySize: number): Buffer | undefined {
  const next = Buffer.alloc(keySize);
  const r = sysSoft(BPF_MAP_GET_NEXT_KEY, elemAttr(fd, key, next), ["ENOENT"]);
  return r < 0 ? undefined : next;
}

export function mapKeys(fd: number, keySize: number): Buffer[] {
  const keys: Buffer[] = [];
  let key: Buffer | undefined;
  for (;;) {
    const next = mapNextKey(fd, key, keySize);
    if (!next) return keys;
    keys.push(next);
    key = next;
  }
}

// ---------------------------------------------------------------------------------------------
// Programs

export class VerifierError extends KernelError {
  override name = "VerifierError";
  log: string;
  constructor(errno: number, code: string, log: string, detail?: string) {
    super("BPF_PROG_LOAD", errno, code, detail);
    this.log = log;
  }
}

export interface ProgLoad { type: number; insns: Buffer; license: string; name?: string; expectedAttachType?: number; attachBtfId?: number; logLevel?: number }

const LOG_INITIAL = 1 << 20;
const LOG_MAX = 16 << 20;

function progAttr(p: ProgLoad, license: Buffer, log: Buffer | undefined, logLevel: number): Buffer {
  const a = attr();
  a.writeUInt32LE(p.type, 0);
  a.writeUInt32LE(p.insns.length / 8, 4);
  a.writeBigUInt64LE(ptr(p.insns), 8);
  a.writeBigUInt64LE(ptr(license), 16);
  if (log) {
    a.writeUInt32LE(logLevel, 24);
    a.writeUInt32LE(log.length, 28);
    a.writeBigUInt64LE(ptr(log), 32);
  }
  putName(a, 48, p.name);
  a.writeUInt32LE(p.expectedAttachType ?? 0, 68);
  a.writeUInt32LE(p.attachBtfId ?? 0, 108);
  return a;
}

function cString(buf: Buffer): string {
  const end = buf.indexOf(0);
  return buf.toString("utf8", 0, end < 0 ? buf.length : end);
}

/** Load a program; on failure throw VerifierError with the verifier's full log. */
export function loadProgram(p: ProgLoad): number {
  if (p.insns.length === 0 || p.insns.length % 8 !== 0) throw new Error(`loadProgram: insns must be a non-empty multiple of 8 bytes (got ${p.insns.length})`);
  const license = Buffer.from(p.license + "\0", "latin1");
  const detail = p.name ? `program ${p.name}` : undefined;
  const wantLog = p.logLevel !== undefined && p.logLevel > 0;
  let first: unknown;
  if (!wantLog) {
    try {
      return native().bpf(BPF_PROG_LOAD, progAttr(p, license, undefined, 0));
    } catch (e) {
      if (!isErrnoError(e)) throw e;
      first = e;
    }
  }
  // Retry (or load) with a log, growing the buffer while the kernel says it was too small.
  const level = wantLog ? p.logLevel! : 1;
  for (let size = LOG_INITIAL; ; size *= 2) {
    const log = Buffer.alloc(size);
    try {
      return native().bpf(BPF_PROG_LOAD, progAttr(p, license, log, level));
    } catch (e) {
      if (!isErrnoError(e)) throw e;
      if (e.code === "ENOSPC" && size < LOG_MAX) continue;
      const text = cString(log);
      const err = first && isErrnoError(first) && e.code === "ENOSPC" ? first : e;
      throw new VerifierError(err.errno, err.code, text, detail);
    }
  }
}

export function testRun(progFd: number, ctxIn?: Buffer): { retval: number } {
  const a = attr();
  a.writeUInt32LE(progFd, 0);
  if (ctxIn && ctxIn.length > 0) {
    a.writeUInt32LE(ctxIn.length, 40);
    a.writeBigUInt64LE(ptr(ctxIn), 48);
  }
  sys(BPF_PROG_TEST_RUN, a);
  return { retval: a.readUInt32LE(4) };
}

export function rawTracepointOpen(name: string, progFd: number): number {
  const n = Buffer.from(name + "\0", "latin1");
  const a = attr();
  a.writeBigUInt64LE(ptr(n), 0);
  a.writeUInt32LE(progFd, 8);
  return sys(BPF_RAW_TRACEPOINT_OPEN, a, `raw tracepoint ${name}`);
}

export function linkCreate(progFd: number, targetFd: number, attachType: number): number {
  const a = attr();
  a.writeUInt32LE(progFd, 0);
  a.writeUInt32LE(targetFd, 4);
  a.writeUInt32LE(attachType, 8);
  return sys(BPF_LINK_CREATE, a);
}

// ---------------------------------------------------------------------------------------------
// perf events

export interface PerfEventAttr {
  type: number; config: bigint | number; samplePeriod?: bigint | number; sampleFreq?: number; freq?: boolean;
  config1?: bigint; config2?: bigint; wakeupEvents?: number; bpType?: number; bpAddr?: bigint; bpLen?: bigint; disabled?: boolean;
}

const PERF_ATTR_SIZE = 128;
const PERF_FLAG_FD_CLOEXEC = 8;
const PERF_EVENT_IOC_ENABLE = 0x2400;
const PERF_EVENT_IOC_SET_BPF = 0x40042408;

export function perfEventOpen(attr: PerfEventAttr, pid: number, cpu: number, groupFd = -1, flags = PERF_FLAG_FD_CLOEXEC): number {
  const a = Buffer.alloc(PERF_ATTR_SIZE);
  a.writeUInt32LE(attr.type, 0);
  a.writeUInt32LE(PERF_ATTR_SIZE, 4);
  a.writeBigUInt64LE(BigInt(attr.config), 8);
  const freq = attr.freq ?? attr.sampleFreq !== undefined;
  a.writeBigUInt64LE(BigInt(freq ? (attr.sampleFreq ?? 0) : (attr.samplePeriod ?? 0)), 16);
  let bits = 0n;
  if (attr.disabled) bits |= 1n;
  if (freq) bits |= 1n << 10n;
  a.writeBigUInt64LE(bits, 40);
  a.writeUInt32LE(attr.wakeupEvents ?? 0, 48);
  a.writeUInt32LE(attr.bpType ?? 0, 52);
  a.writeBigUInt64LE(attr.config1 ?? attr.bpAddr ?? 0n, 56);
  a.writeBigUInt64LE(attr.config2 ?? attr.bpLen ?? 0n, 64);
  try {
    return native().perfEventOpen(a, pid, cpu, groupFd, flags | PERF_FLAG_FD_CLOEXEC);
  } catch (e) {
    throw toKernelError("perf_event_open", e, `type ${attr.type} config ${attr.config}`);
  }
}

export function perfEventAttachBpf(perfFd: number, progFd: number): void {
  try {
    native().ioctl(perfFd, PERF_EVENT_IOC_SET_BPF, progFd);
  } catch (e) {
    throw toKernelError("PERF_EVENT_IOC_SET_BPF", e);
  }
  try {
    native().ioctl(perfFd, PERF_EVENT_IOC_ENABLE, 0);
  } catch (e) {
    throw toKernelError("PERF_EVENT_IOC_ENABLE", e);
  }
}

export function closeFd(fd: number): void {
  try {
    native().close(fd);
  } catch (e) {
    throw toKernelError("close", e);
  }
}

let cpus: number | undefined;

/** Number of possible CPUs, from /sys/devices/system/cpu/possible ("0-3", "0,2-5"). */
export function possibleCpus(): number {
  if (cpus !== undefined) return cpus;
  const text = readFileSync("/sys/devices/system/cpu/possible", "utf8").trim();
  let max = -1;
  for (const part of text.split(",")) {
    const [lo, hi] = part.split("-");
    max = Math.max(max, Number(hi ?? lo));
  }
  cpus = max + 1;
  return cpus;
}

// ---------------------------------------------------------------------------------------------
// Introspection

function objInfo(fd: number, size: number): Buffer {
  const info = Buffer.alloc(size);
  const a = attr();
  a.writeUInt32LE(fd, 0);
  a.writeUInt32LE(size, 4);
  a.writeBigUInt64LE(ptr(info), 8);
  sys(BPF_OBJ_GET_INFO_BY_FD, a);
  return info;
}

export function progInfo(fd: number): { id: number; name: string; runTimeNs: bigint; runCnt: bigint } {
  const info = objInfo(fd, 232);
  return {
    id: info.readUInt32LE(4),
    name: cString(info.subarray(64, 80)),
    runTimeNs: info.readBigUInt64LE(192),
    runCnt: info.readBigUInt64LE(200),
  };
}

export function mapInfo(fd: number): { id: number; name: string; type: number; keySize: number; valueSize: number; maxEntries: number; flags: number } {
  const info = objInfo(fd, 88);
  return {
    type: info.readUInt32LE(0),
    id: info.readUInt32LE(4),
    keySize: info.readUInt32LE(8),
    valueSize: info.readUInt32LE(12),
    maxEntries: info.readUInt32LE(16),
    flags: info.readUInt32LE(20),
    name: cString(info.subarray(24, 40)),
  };
}

export function listIds(kind: "prog" | "map" | "link"): number[] {
  const cmd = kind === "prog" ? BPF_PROG_GET_NEXT_ID : kind === "map" ? BPF_MAP_GET_NEXT_ID : BPF_LINK_GET_NEXT_ID;
  const ids: number[] = [];
  let id = 0;
  for (;;) {
    const a = attr();
    a.writeUInt32LE(id, 0);
    if (sysSoft(cmd, a, ["ENOENT"]) < 0) return ids;
    id = a.readUInt32LE(4);
    ids.push(id);
  }
}

export function objectName(kind: "prog" | "map", id: number): string | undefined {
  const a = attr();
  a.writeUInt32LE(id, 0);
  const fd = sysSoft(kind === "prog" ? BPF_PROG_GET_FD_BY_ID : BPF_MAP_GET_FD_BY_ID, a, ["ENOENT"]);
  if (fd < 0) return undefined;
  try {
    return kind === "prog" ? progInfo(fd).name : mapInfo(fd).name;
  } finally {
    native().close(fd);
  }
}

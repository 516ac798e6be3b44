/**
 * The thin kernel layer: bpf(2) commands, perf_event_open(2) and its ioctls, typed. The addon only
 * makes the system calls (DESIGN.md §4); `union bpf_attr`, `struct perf_event_attr` and the info
 * structs are packed and read here, at the offsets of the LAYOUT table (checked against the
 * system headers by test/live/native.live.test.ts). Every failure is a KernelError.
 *
 * RLIMIT_MEMLOCK is deliberately left alone: since 5.11 the kernel charges BPF memory to the
 * memory cgroup, and raising the rlimit fails here anyway (no CAP_SYS_RESOURCE, KERNEL.md).
 */
import { readFileSync } from "node:fs";
import { KernelError, NEEDS_ROOT, VerifierError, isErrnoException, isUnprivileged, type ErrnoException } from "./errors.js";
import { native } from "./native.js";
import type { MapSpec } from "../plan/plan.js";
import {
  BPF_ANY, BPF_BTF_LOAD, BPF_ENABLE_STATS, BPF_EXIST, BPF_F_SLEEPABLE, BPF_F_TEST_RUN_ON_CPU, BPF_ITER_CREATE,
  BPF_LINK_CREATE, BPF_LINK_GET_FD_BY_ID, BPF_LINK_GET_NEXT_ID, BPF_MAP_CREATE, BPF_MAP_DELETE_ELEM,
  BPF_MAP_GET_FD_BY_ID, BPF_MAP_GET_NEXT_ID, BPF_MAP_GET_NEXT_KEY, BPF_MAP_LOOKUP_AND_DELETE_ELEM,
  BPF_MAP_LOOKUP_BATCH, BPF_MAP_LOOKUP_ELEM, BPF_MAP_TYPE_RINGBUF, BPF_MAP_UPDATE_ELEM, BPF_NOEXIST, BPF_OBJ_GET_INFO_BY_FD,
  BPF_OBJ_NAME_LEN, BPF_PERF_EVENT, BPF_PROG_GET_FD_BY_ID, BPF_PROG_GET_NEXT_ID, BPF_PROG_LOAD, BPF_PROG_TEST_RUN,
  BPF_PROG_TYPE_LSM, BPF_PROG_TYPE_TRACING, BPF_RAW_TRACEPOINT_OPEN, BPF_STATS_RUN_TIME, BPF_TAG_SIZE,
  BPF_F_UPROBE_MULTI_RETURN, BPF_TRACE_RAW_TP, BPF_TRACE_UPROBE_MULTI, LAYOUT, PERF_EVENT_IOC_DISABLE, PERF_EVENT_IOC_ENABLE, PERF_EVENT_IOC_SET_BPF,
  PERF_FLAG_FD_CLOEXEC, PERF_TYPE_BREAKPOINT, PERF_TYPE_HARDWARE, PERF_TYPE_HW_CACHE, PERF_TYPE_RAW,
  PERF_TYPE_TRACEPOINT, SIZES,
} from "../abi/uapi.js";

export { KernelError, VerifierError } from "./errors.js";

// ---------------------------------------------------------------------------------------------
// Plumbing

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
function attr(): Buffer {
  return Buffer.alloc(SIZES.bpf_attr);
}

/**
 * The address of `buf` for a pointer field, or 0 for none. Every Buffer whose address is in an
 * attr is also passed to the addon call as a keep-alive argument: optimised code may otherwise
 * consider a local dead (and its memory free) while the kernel still reads it.
 */
function ptr(buf: Uint8Array | undefined): bigint {
  return buf && buf.length > 0 ? native().addressOf(buf) : 0n;
}

function cString(buf: Buffer): string {
  const end = buf.indexOf(0);
  return buf.toString("utf8", 0, end < 0 ? buf.length : end);
}

/** Object names: the kernel accepts at most 15 characters of [A-Za-z0-9_.] and rejects others. */
export function objectNameFor(name: string): string {
  return name.replace(/[^A-Za-z0-9_.]/g, "_").slice(0, BPF_OBJ_NAME_LEN - 1);
}

interface Context {
  detail?: string;
  hint?: (code: string) => string | undefined;
}

function kernelError(op: string, e: ErrnoException, ctx: Context = {}): KernelError {
  const hint = ctx.hint?.(e.code) ?? genericHint(e.code);
  return new KernelError(op, e.errno, e.code, { detail: ctx.detail, hint, cause: e });
}

function genericHint(code: string): string | undefined {
  if (code === "EPERM" || code === "EACCES") {
    return isUnprivileged() ? NEEDS_ROOT : undefined;
  }
  return undefined;
}

/** bpf(cmd, a), with errors as KernelError; `keep`: the Buffers `a` points to. */
function sys(cmd: number, a: Buffer, keep: readonly (Uint8Array | undefined)[], ctx?: Context): number {
  try {
    return native().bpf(cmd, a, ...keep);
  } catch (e) {
    throw isErrnoException(e) ? kernelError(cmdName(cmd), e, ctx) : e;
  }
}

/** Like sys() but returns undefined instead of throwing for the error codes in `soft`. */
function sysSoft(cmd: number, a: Buffer, keep: readonly (Uint8Array | undefined)[], soft: readonly string[], ctx?: Context): number | undefined {
  try {
    return native().bpf(cmd, a, ...keep);
  } catch (e) {
    if (isErrnoException(e) && soft.includes(e.code)) return undefined;
    throw isErrnoException(e) ? kernelError(cmdName(cmd), e, ctx) : e;
  }
}

// ---------------------------------------------------------------------------------------------
// Maps

/** BPF_MAP_CREATE; returns the map fd. */
export function createMap(spec: MapSpec): number {
  const L = LAYOUT["bpf_attr.map_create"];
  const a = attr();
  a.writeUInt32LE(spec.type, L.map_type);
  a.writeUInt32LE(spec.keySize, L.key_size);
  a.writeUInt32LE(spec.valueSize, L.value_size);
  a.writeUInt32LE(spec.maxEntries, L.max_entries);
  a.writeUInt32LE(spec.flags ?? 0, L.map_flags);
  a.writeUInt32LE(spec.innerMapFd ?? 0, L.inner_map_fd);
  if (spec.name) a.write(objectNameFor(spec.name), L.map_name, "latin1");
  return sys(BPF_MAP_CREATE, a, [], {
    detail: spec.name ? `map ${spec.name}` : undefined,
    hint: (code) => code === "EINVAL" ? mapSpecHint(spec)
      : code === "ENOMEM" || code === "E2BIG" ? `the map is too large (${spec.maxEntries} entries of ${spec.keySize}+${spec.valueSize} bytes)`
      : undefined,
  });
}

function mapSpecHint(spec: MapSpec): string {
  if (spec.type === BPF_MAP_TYPE_RINGBUF) return "a ring buffer's size must be a power of 2 and a multiple of the page size, with key and value sizes 0";
  return `the kernel rejected type ${spec.type}, key size ${spec.keySize}, value size ${spec.valueSize}, ${spec.maxEntries} entries, flags ${spec.flags ?? 0}`;
}

function elemAttr(fd: number, key: Buffer | undefined, value: Buffer | undefined, flags = 0): Buffer {
  const L = LAYOUT["bpf_attr.map_elem"];
  const a = attr();
  a.writeUInt32LE(fd, L.map_fd);
  a.writeBigUInt64LE(ptr(key), L.key);
  a.writeBigUInt64LE(ptr(value), L.value);
  a.writeBigUInt64LE(BigInt(flags), L.flags);
  return a;
}

/** BPF_MAP_LOOKUP_ELEM; undefined when the key is absent. For per-CPU maps pass valueSize = roundUp8(v) * possibleCpus(). */
export function mapLookup(fd: number, key: Buffer, valueSize: number): Buffer | undefined {
  const value = Buffer.alloc(valueSize);
  return sysSoft(BPF_MAP_LOOKUP_ELEM, elemAttr(fd, key, value), [key, value], ["ENOENT"]) === undefined ? undefined : value;
}

/**
 * BPF_MAP_LOOKUP_AND_DELETE_ELEM: reads and removes one entry in one step (hash maps and their
 * per-CPU and LRU kinds, Linux 5.14+); undefined when the key is absent.
 */
export function mapLookupAndDelete(fd: number, key: Buffer, valueSize: number): Buffer | undefined {
  const value = Buffer.alloc(valueSize);
  return sysSoft(BPF_MAP_LOOKUP_AND_DELETE_ELEM, elemAttr(fd, key, value), [key, value], ["ENOENT"]) === undefined ? undefined : value;
}

/** BPF_MAP_UPDATE_ELEM with BPF_ANY (default), BPF_NOEXIST or BPF_EXIST. */
export function mapUpdate(fd: number, key: Buffer, value: Buffer, flags = BPF_ANY): void {
  sys(BPF_MAP_UPDATE_ELEM, elemAttr(fd, key, value, flags), [key, value], {
    hint: (code) => code === "E2BIG" ? "the map is full" : undefined,
  });
}

/** BPF_MAP_DELETE_ELEM; false when the key was absent. */
export function mapDelete(fd: number, key: Buffer): boolean {
  return sysSoft(BPF_MAP_DELETE_ELEM, elemAttr(fd, key, undefined), [key], ["ENOENT"]) !== undefined;
}

/** BPF_MAP_GET_NEXT_KEY: the first key when `key` is undefined; undefined after the last. */
export function mapNextKey(fd: number, key: Buffer | undefined, keySize: number): Buffer | undefined {
  const next = Buffer.alloc(keySize);
  const a = elemAttr(fd, key, undefined);
  a.writeBigUInt64LE(ptr(next), LAYOUT["bpf_attr.map_elem"].next_key);
  return sysSoft(BPF_MAP_GET_NEXT_KEY, a, [key, next], ["ENOENT"]) === undefined ? undefined : next;
}

/**
 * All keys of a map. If a key is deleted while we walk, the kernel restarts from the first key,
 * so duplicates are dropped here; this is a snapshot, not a transaction.
 */
export function mapKeys(fd: number, keySize: number): Buffer[] {
  const keys: Buffer[] = [];
  const seen = new Set<string>();
  for (let key = mapNextKey(fd, undefined, keySize); key; key = mapNextKey(fd, key, keySize)) {
    const hex = key.toString("hex");
    if (seen.has(hex)) continue;
    seen.add(hex);
    keys.push(key);
  }
  return keys;
}

/** One map entry as read by mapEntries(); both are views into buffers no one else holds. */
export interface MapEntry {
  key: Buffer;
  value: Buffer;
}

const BATCH_FIRST = 1024;

/**
 * Every entry of a map. BPF_MAP_LOOKUP_BATCH reads up to `BATCH_FIRST` entries per system call
 * (a scrape of 10,000 keys makes ~10 calls instead of 20,000); for a map type without batch lookups
 * it walks the keys one by one, as mapKeys() does. Like a key walk, it is a snapshot entry by entry
 * (a hash map's bucket by bucket), not a transaction. `valueSize`: as for mapLookup().
 */
export function mapEntries(fd: number, keySize: number, valueSize: number): MapEntry[] {
  const batched = lookupBatched(fd, keySize, valueSize);
  if (batched) return batched;
  const out: MapEntry[] = [];
  for (const key of mapKeys(fd, keySize)) {
    const value = mapLookup(fd, key, valueSize);
    if (value) out.push({ key, value });
  }
  return out;
}

/** All entries by BPF_MAP_LOOKUP_BATCH; undefined when the kernel has no batch lookup for this map. */
function lookupBatched(fd: number, keySize: number, valueSize: number): MapEntry[] | undefined {
  const L = LAYOUT["bpf_attr.batch"];
  // The position token: a bucket number (u32) for hash maps, the last key for arrays.
  const tokenSize = Math.max(keySize, 8);
  let inBatch: Buffer | undefined;
  let chunk = BATCH_FIRST;
  const out: MapEntry[] = [];
  for (;;) {
    const outBatch = Buffer.alloc(tokenSize);
    const keys = Buffer.alloc(chunk * keySize);
    const values = Buffer.alloc(chunk * valueSize);
    const a = attr();
    a.writeBigUInt64LE(ptr(inBatch), L.in_batch);
    a.writeBigUInt64LE(ptr(outBatch), L.out_batch);
    a.writeBigUInt64LE(ptr(keys), L.keys);
    a.writeBigUInt64LE(ptr(values), L.values);
    a.writeUInt32LE(chunk, L.count);
    a.writeUInt32LE(fd, L.map_fd);
    let done = false;
    try {
      native().bpf(BPF_MAP_LOOKUP_BATCH, a, inBatch, outBatch, keys, values);
    } catch (e) {
      if (!isErrnoException(e)) throw e;
      if (e.code === "ENOENT") done = true; // the last entries, or none: count says how many
      else if (e.code === "ENOSPC" && a.readUInt32LE(L.count) === 0) {
        // One hash bucket holds more entries than `chunk`: ask again for more at once.
        chunk *= 4;
        continue;
      } else if (out.length === 0 && inBatch === undefined && (e.code === "EINVAL" || e.code === "EOPNOTSUPP" || e.errno === 524 /* ENOTSUPP */)) return undefined;
      else throw kernelError("BPF_MAP_LOOKUP_BATCH", e);
    }
    const n = a.readUInt32LE(L.count);
    for (let i = 0; i < n; i++) {
      out.push({ key: keys.subarray(i * keySize, (i + 1) * keySize), value: values.subarray(i * valueSize, (i + 1) * valueSize) });
    }
    if (done) return out;
    inBatch = outBatch;
  }
}

// ---------------------------------------------------------------------------------------------
// Programs

export interface ProgLoad {
  type: number;
  /** The instructions, 8 bytes each. */
  insns: Buffer;
  license: string;
  name?: string;
  expectedAttachType?: number;
  attachBtfId?: number;
  /** Program load flags, e.g. BPF_F_SLEEPABLE. */
  flags?: number;
  /** BTF describing the program's functions, required when it has subprograms (callbacks). */
  funcs?: { btf: Buffer; funcInfo: Buffer; funcInfoRecSize: number };
  /** Load with a verifier log of this level from the start (1 = errors, 2 = every instruction). */
  logLevel?: number;
}

const LOG_FIRST = 256 << 10;
const LOG_MAX = 16 << 20;
const EAGAIN_RETRIES = 5;

/**
 * BPF_PROG_LOAD; returns the program fd. On failure throws VerifierError with the verifier's log:
 * the first attempt goes without a log (the verifier runs faster without one), and a failure is
 * retried with log_level 1 (or `logLevel`) and a buffer grown up to 16 MiB.
 */
export function loadProgram(p: ProgLoad): number {
  return loadWithLog(p, (p.logLevel ?? 0) > 0).fd;
}

/** BPF_PROG_LOAD with a verifier log even on success (what `-d verifier` shows). */
export function loadProgramWithLog(p: ProgLoad): { fd: number; log: string } {
  return loadWithLog({ ...p, logLevel: p.logLevel || 1 }, true);
}

function loadWithLog(p: ProgLoad, logFromStart: boolean): { fd: number; log: string } {
  if (p.insns.length === 0 || p.insns.length % 8 !== 0) {
    throw new RangeError(`loadProgram: insns must be a non-empty multiple of 8 bytes (got ${p.insns.length})`);
  }
  if (!p.funcs) return loadWithLogAndBtf(p, logFromStart, -1);
  // The program holds its own reference to the BTF once loaded.
  const btfFd = loadBtf(p.funcs.btf);
  try {
    return loadWithLogAndBtf(p, logFromStart, btfFd);
  } finally {
    closeFd(btfFd);
  }
}

/** BPF_BTF_LOAD; returns the BTF object's fd. A rejection carries the kernel's BTF log. */
export function loadBtf(btf: Buffer): number {
  const L = LAYOUT["bpf_attr.btf_load"];
  const load = (log?: Buffer) => {
    const a = attr();
    a.writeBigUInt64LE(ptr(btf), L.btf);
    a.writeUInt32LE(btf.length, L.btf_size);
    if (log) {
      a.writeBigUInt64LE(ptr(log), L.btf_log_buf);
      a.writeUInt32LE(log.length, L.btf_log_size);
      a.writeUInt32LE(1, L.btf_log_level);
    }
    return native().bpf(BPF_BTF_LOAD, a, btf, log);
  };
  try {
    return load();
  } catch (e) {
    if (!isErrnoException(e)) throw e;
    const log = Buffer.alloc(64 << 10);
    try {
      load(log);
    } catch {
      // the log is what we wanted
    }
    throw new KernelError("BPF_BTF_LOAD", e.errno, e.code, { detail: cString(log).trim() || undefined, cause: e });
  }
}

function loadWithLogAndBtf(p: ProgLoad, logFromStart: boolean, btfFd: number): { fd: number; log: string } {
  const license = Buffer.from(p.license + "\0", "latin1");
  const withoutLog = () => progLoad(progAttr(p, license, undefined, 0, btfFd), p.insns, license, p.funcs?.funcInfo);
  let verdict: number | ErrnoException | undefined = logFromStart ? undefined : withoutLog();
  if (typeof verdict === "number") return { fd: verdict, log: "" };
  const level = p.logLevel || 1;
  for (let size = LOG_FIRST; ; ) {
    const log = Buffer.alloc(size);
    const a = progAttr(p, license, log, level, btfFd);
    const r = progLoad(a, p.insns, license, log, p.funcs?.funcInfo);
    if (typeof r === "number") return { fd: r, log: cString(log) };
    // ENOSPC means only that the log did not fit (the kernel fails even a valid program then);
    // since 6.4 it also says how much room the log wanted.
    if (r.code === "ENOSPC" && size < LOG_MAX) {
      const wanted = a.readUInt32LE(LAYOUT["bpf_attr.prog_load"].log_true_size);
      size = Math.min(LOG_MAX, wanted > size ? wanted + 1 : size * 4);
      continue;
    }
    // A 16 MiB log that still overflowed holds the log's end (the kernel's log rotates), which is
    // where the error is. The verdict is that of a load without a log.
    if (r.code === "ENOSPC" && verdict === undefined) {
      verdict = withoutLog();
      if (typeof verdict === "number") return { fd: verdict, log: cString(log) };
    }
    const e = verdict ?? r;
    throw new VerifierError(e.errno, e.code, cString(log), {
      detail: p.name ? `program ${p.name}` : undefined,
      hint: progLoadHint(p, e.code),
      cause: e,
    });
  }
}

/**
 * One BPF_PROG_LOAD: the fd, or the error. Retried on EAGAIN, which the verifier returns when
 * a signal is pending ("if (signal_pending(current)) return -EAGAIN;").
 */
function progLoad(a: Buffer, ...keep: (Buffer | undefined)[]): number | ErrnoException {
  for (let attempt = 1; ; attempt++) {
    try {
      return native().bpf(BPF_PROG_LOAD, a, ...keep);
    } catch (e) {
      if (!isErrnoException(e)) throw e;
      if (e.code === "EAGAIN" && attempt < EAGAIN_RETRIES) continue;
      return e;
    }
  }
}

function progAttr(p: ProgLoad, license: Buffer, log: Buffer | undefined, level: number, btfFd = -1): Buffer {
  const L = LAYOUT["bpf_attr.prog_load"];
  const a = attr();
  a.writeUInt32LE(p.type, L.prog_type);
  a.writeUInt32LE(p.insns.length / 8, L.insn_cnt);
  a.writeBigUInt64LE(ptr(p.insns), L.insns);
  a.writeBigUInt64LE(ptr(license), L.license);
  if (log) {
    a.writeUInt32LE(level, L.log_level);
    a.writeUInt32LE(log.length, L.log_size);
    a.writeBigUInt64LE(ptr(log), L.log_buf);
  }
  a.writeUInt32LE(p.flags ?? 0, L.prog_flags);
  if (p.name) a.write(objectNameFor(p.name), L.prog_name, "latin1");
  a.writeUInt32LE(p.expectedAttachType ?? 0, L.expected_attach_type);
  a.writeUInt32LE(p.attachBtfId ?? 0, L.attach_btf_id);
  if (p.funcs && btfFd >= 0) {
    a.writeUInt32LE(btfFd, L.prog_btf_fd);
    a.writeUInt32LE(p.funcs.funcInfoRecSize, L.func_info_rec_size);
    a.writeBigUInt64LE(ptr(p.funcs.funcInfo), L.func_info);
    a.writeUInt32LE(p.funcs.funcInfo.length / p.funcs.funcInfoRecSize, L.func_info_cnt);
  }
  return a;
}

function progLoadHint(p: ProgLoad, code: string): string | undefined {
  const tracing = p.type === BPF_PROG_TYPE_TRACING || p.type === BPF_PROG_TYPE_LSM;
  if ((code === "EPERM" || code === "EACCES") && tracing && process.getuid?.() === 0) {
    return "this kernel refuses this kind of program even for root (fentry/fexit and LSM programs need BTF and a kernel that allows them)";
  }
  if (code === "EINVAL" && tracing && !p.attachBtfId) return "fentry/fexit/tp_btf programs need a BTF id to attach to";
  if (code === "E2BIG") return "the program is too large";
  return genericHint(code);
}

/**
 * BPF_PROG_TEST_RUN: run a program once in the kernel (BEGIN/END are raw_tp programs run this way).
 * A raw_tp program that reads its context needs `ctxIn` (up to 12 u64 arguments); when none is
 * given and the kernel refuses with EINVAL, the run is retried once with 12 zero arguments.
 */
export function testRun(progFd: number, ctxIn?: Buffer, opts: { cpu?: number } = {}): { retval: number; duration: number } {
  const L = LAYOUT["bpf_attr.test"];
  const run = (ctx: Buffer | undefined) => {
    const a = attr();
    a.writeUInt32LE(progFd, L.prog_fd);
    if (ctx && ctx.length > 0) {
      a.writeUInt32LE(ctx.length, L.ctx_size_in);
      a.writeBigUInt64LE(ptr(ctx), L.ctx_in);
    }
    if (opts.cpu !== undefined) {
      a.writeUInt32LE(BPF_F_TEST_RUN_ON_CPU, L.flags);
      a.writeUInt32LE(opts.cpu, L.cpu);
    }
    native().bpf(BPF_PROG_TEST_RUN, a, ctx);
    return { retval: a.readUInt32LE(L.retval), duration: a.readUInt32LE(L.duration) };
  };
  let failure: unknown;
  try {
    return run(ctxIn);
  } catch (e) {
    failure = e;
  }
  // "if (ctx_size_in < prog->aux->max_ctx_offset || ...) return -EINVAL;" (net/bpf/test_run.c):
  // the program reads arguments we did not pass.
  if (ctxIn === undefined && isErrnoException(failure) && failure.code === "EINVAL") {
    try {
      return run(Buffer.alloc(8 * RAW_TP_MAX_ARGS));
    } catch {
      // report the first failure
    }
  }
  throw isErrnoException(failure) ? kernelError("BPF_PROG_TEST_RUN", failure, {
    hint: (code) => code === "ENOTSUPP" || code === "EOPNOTSUPP" ? "this program type cannot be test-run" : undefined,
  }) : failure;
}

/** MAX_BPF_FUNC_ARGS: the most context a raw_tp test run accepts. */
const RAW_TP_MAX_ARGS = 12;

/**
 * BPF_ENABLE_STATS(BPF_STATS_RUN_TIME): while the returned fd is open, the kernel counts each
 * program's runs and run time (progInfo's runCnt/runTimeNs). Close it to stop.
 */
export function enableStats(): number {
  const a = attr();
  a.writeUInt32LE(BPF_STATS_RUN_TIME, LAYOUT["bpf_attr.enable_stats"].type);
  return sys(BPF_ENABLE_STATS, a, []);
}

// ---------------------------------------------------------------------------------------------
// Attaching

/** BPF_RAW_TRACEPOINT_OPEN; returns the link fd whose lifetime is the attachment. */
export function rawTracepointOpen(name: string, progFd: number): number {
  const L = LAYOUT["bpf_attr.raw_tracepoint"];
  const tp = Buffer.from(name + "\0", "latin1");
  const a = attr();
  a.writeBigUInt64LE(ptr(tp), L.name);
  a.writeUInt32LE(progFd, L.prog_fd);
  return sys(BPF_RAW_TRACEPOINT_OPEN, a, [tp], {
    detail: `raw tracepoint ${name}`,
    hint: (code) => code === "ENOENT" ? "no such raw tracepoint" : undefined,
  });
}

/**
 * BPF_ITER_CREATE: an fd whose read() runs the iterator link's program over the kernel's objects,
 * returning what the program wrote into the iterator's seq_file; 0 bytes at the end.
 */
export function iterCreate(linkFd: number): number {
  const a = attr();
  a.writeUInt32LE(linkFd, LAYOUT["bpf_attr.iter_create"].link_fd);
  return sys(BPF_ITER_CREATE, a, []);
}

export interface LinkCreateOpts {
  flags?: number;
  /** tp_btf/fentry/fexit: the BTF id of the target (when not given at load time). */
  targetBtfId?: number;
  /** BPF_PERF_EVENT and tracing links: a value the program reads with bpf_get_attach_cookie. */
  cookie?: bigint;
  /** BPF_TRACE_KPROBE_MULTI / _SESSION: the kernel functions, by name. */
  kprobeMulti?: string[];
}

/**
 * BPF_LINK_CREATE; returns the link fd. `targetFd` is a perf event fd for BPF_PERF_EVENT, 0 for
 * BPF_TRACE_RAW_TP/FENTRY/FEXIT programs whose target was fixed at load time.
 */
export function linkCreate(progFd: number, targetFd: number, attachType: number, opts: LinkCreateOpts = {}): number {
  const L = LAYOUT["bpf_attr.link_create"];
  const a = attr();
  a.writeUInt32LE(progFd, L.prog_fd);
  a.writeUInt32LE(targetFd, L.target_fd);
  a.writeUInt32LE(attachType, L.attach_type);
  a.writeUInt32LE(opts.flags ?? 0, L.flags);
  const keep: Buffer[] = [];
  if (opts.kprobeMulti) {
    const names = opts.kprobeMulti.map((n) => Buffer.from(n + "\0"));
    const syms = Buffer.alloc(8 * names.length);
    names.forEach((n, i) => syms.writeBigUInt64LE(ptr(n), 8 * i));
    keep.push(syms, ...names);
    a.writeUInt32LE(names.length, L.kprobe_multi_cnt);
    a.writeBigUInt64LE(ptr(syms), L.kprobe_multi_syms);
  } else if (attachType === BPF_PERF_EVENT) {
    a.writeBigUInt64LE(opts.cookie ?? 0n, L.perf_event_bpf_cookie);
  } else {
    a.writeUInt32LE(opts.targetBtfId ?? 0, L.target_btf_id);
    a.writeBigUInt64LE(opts.cookie ?? 0n, L.tracing_cookie);
  }
  return sys(BPF_LINK_CREATE, a, keep, { detail: `attach type ${attachType}` });
}

/** What a uprobe_multi link attaches: one program at many offsets of one file. */
export interface UprobeMultiOpts {
  path: string;
  offsets: readonly number[];
  /** Return probes (BPF_F_UPROBE_MULTI_RETURN). */
  ret: boolean;
  /** Only this process; undefined: every process. */
  pid?: number;
}

/**
 * BPF_LINK_CREATE with BPF_TRACE_UPROBE_MULTI (6.6+): one link for every offset, for a program
 * loaded with that expected attach type. Returns the link fd.
 */
export function linkCreateUprobeMulti(progFd: number, o: UprobeMultiOpts): number {
  const L = LAYOUT["bpf_attr.link_create"];
  const path = Buffer.from(o.path + "\0", "utf8");
  const offsets = Buffer.alloc(8 * o.offsets.length);
  o.offsets.forEach((off, i) => offsets.writeBigUInt64LE(BigInt(off), 8 * i));
  const a = attr();
  a.writeUInt32LE(progFd, L.prog_fd);
  a.writeUInt32LE(BPF_TRACE_UPROBE_MULTI, L.attach_type);
  a.writeBigUInt64LE(ptr(path), L.uprobe_multi_path);
  a.writeBigUInt64LE(ptr(offsets), L.uprobe_multi_offsets);
  a.writeUInt32LE(o.offsets.length, L.uprobe_multi_cnt);
  a.writeUInt32LE(o.ret ? BPF_F_UPROBE_MULTI_RETURN : 0, L.uprobe_multi_flags);
  a.writeUInt32LE(o.pid ?? 0, L.uprobe_multi_pid);
  return sys(BPF_LINK_CREATE, a, [path, offsets], { detail: `uprobe_multi ${o.path}` });
}

export interface PerfEventAttr {
  type: number;
  config: bigint | number;
  /** Sample every N events (the default, with 1 when neither this nor sampleFreq is given). */
  samplePeriod?: bigint | number;
  /** Sample N times a second (sets `freq`). */
  sampleFreq?: number;
  freq?: boolean;
  sampleType?: bigint | number;
  /** uprobe PMU: the binary's path, passed by address in config1 (uprobe_path). */
  uprobePath?: string;
  /** kprobe PMU: the function's name, passed by address in config1 (kprobe_func). */
  kprobeFunc?: string;
  config1?: bigint;
  /** uprobe: file offset of the probe (probe_offset); kprobe: offset into kprobeFunc, or an address. */
  config2?: bigint;
  wakeupEvents?: number;
  /** Breakpoints (watchpoints): HW_BREAKPOINT_R/W/RW/X, address and length. */
  bpType?: number;
  bpAddr?: bigint;
  bpLen?: bigint;
  inherit?: boolean;
  disabled?: boolean;
  excludeUser?: boolean;
  excludeKernel?: boolean;
  excludeHv?: boolean;
  watermark?: boolean;
}

/**
 * Pack a perf_event_attr. A uprobePath/kprobeFunc string is stored in `strings` and its address
 * in config1: keep `strings` referenced until perf_event_open returns.
 */
export function packPerfEventAttr(p: PerfEventAttr, strings: Buffer[] = []): Buffer {
  const L = LAYOUT.perf_event_attr;
  const F = LAYOUT["perf_event_attr.flags"];
  const a = Buffer.alloc(SIZES.perf_event_attr);
  a.writeUInt32LE(p.type, L.type);
  a.writeUInt32LE(SIZES.perf_event_attr, L.size);
  a.writeBigUInt64LE(BigInt(p.config), L.config);
  const freq = p.freq ?? p.sampleFreq !== undefined;
  a.writeBigUInt64LE(BigInt(freq ? (p.sampleFreq ?? 0) : (p.samplePeriod ?? 1)), L.sample_period);
  a.writeBigUInt64LE(BigInt(p.sampleType ?? 0), L.sample_type);
  let bits = 0n;
  const set = (on: boolean | undefined, bit: number) => { if (on) bits |= 1n << BigInt(bit); };
  set(p.disabled, F.disabled);
  set(p.inherit, F.inherit);
  set(p.excludeUser, F.exclude_user);
  set(p.excludeKernel, F.exclude_kernel);
  set(p.excludeHv, F.exclude_hv);
  set(freq, F.freq);
  set(p.watermark, F.watermark);
  a.writeBigUInt64LE(bits, L.flags);
  a.writeUInt32LE(p.wakeupEvents ?? 0, L.wakeup_events);
  a.writeUInt32LE(p.bpType ?? 0, L.bp_type);
  // config1/config2 share their words with bp_addr/bp_len (unions in the uapi struct).
  const name = p.uprobePath ?? p.kprobeFunc;
  if (name !== undefined) strings.push(Buffer.from(name + "\0", "utf8"));
  a.writeBigUInt64LE(name !== undefined ? ptr(strings.at(-1)) : p.config1 ?? p.bpAddr ?? 0n, L.config1);
  a.writeBigUInt64LE(p.config2 ?? p.bpLen ?? 0n, L.config2);
  return a;
}

/** perf_event_open(2); returns the perf event fd (always close-on-exec). */
export function perfEventOpen(attr: PerfEventAttr, pid: number, cpu: number, groupFd = -1, flags = 0): number {
  const strings: Buffer[] = [];
  const packed = packPerfEventAttr(attr, strings);
  try {
    return native().perfEventOpen(packed, pid, cpu, groupFd, flags | PERF_FLAG_FD_CLOEXEC, ...strings);
  } catch (e) {
    if (!isErrnoException(e)) throw e;
    throw kernelError("perf_event_open", e, {
      detail: `type ${attr.type} config ${attr.config}${attr.uprobePath ? ` ${attr.uprobePath}:0x${(attr.config2 ?? 0n).toString(16)}` : ""}` +
        `${attr.kprobeFunc ? ` ${attr.kprobeFunc}` : ""}${cpu >= 0 ? ` cpu ${cpu}` : ""}`,
      hint: (code) => perfOpenHint(attr, code),
    });
  }
}

function perfOpenHint(attr: PerfEventAttr, code: string): string | undefined {
  if (code === "ENOENT" || code === "ENODEV" || code === "EOPNOTSUPP") {
    if (attr.type === PERF_TYPE_HARDWARE || attr.type === PERF_TYPE_HW_CACHE || attr.type === PERF_TYPE_RAW) {
      return "this machine has no hardware performance counters (virtual machines often have none)";
    }
    if (attr.type === PERF_TYPE_TRACEPOINT) return "no such tracepoint";
    if (attr.type === PERF_TYPE_BREAKPOINT) return "this machine does not support hardware breakpoints";
  }
  if (code === "EINVAL" && attr.type === PERF_TYPE_BREAKPOINT) return "watchpoint address, length or type not accepted";
  if (code === "ENOSPC" && attr.type === PERF_TYPE_BREAKPOINT) return "no free hardware breakpoint slot";
  return undefined;
}

/**
 * The perf event type of a dynamic PMU ("uprobe", "kprobe"), from
 * /sys/bus/event_source/devices/<pmu>/type; undefined when the kernel has no such PMU.
 */
export function pmuType(pmu: string): number | undefined {
  try {
    return Number(readFileSync(`/sys/bus/event_source/devices/${pmu}/type`, "utf8").trim());
  } catch {
    return undefined;
  }
}

/** Attach a program to a perf event (PERF_EVENT_IOC_SET_BPF) and enable it (PERF_EVENT_IOC_ENABLE). */
export function perfEventAttachBpf(perfFd: number, progFd: number): void {
  ioctl(perfFd, PERF_EVENT_IOC_SET_BPF, progFd, "PERF_EVENT_IOC_SET_BPF", (code) =>
    code === "EEXIST" ? "this program is already attached to this tracepoint"
      : code === "EINVAL" ? "the program type does not fit the event (tracepoint events take TRACEPOINT programs, software and hardware events PERF_EVENT ones)"
      : undefined);
  ioctl(perfFd, PERF_EVENT_IOC_ENABLE, 0, "PERF_EVENT_IOC_ENABLE");
}

/** PERF_EVENT_IOC_DISABLE: stop a perf event without closing it. */
export function perfEventDisable(perfFd: number): void {
  ioctl(perfFd, PERF_EVENT_IOC_DISABLE, 0, "PERF_EVENT_IOC_DISABLE");
}

function ioctl(fd: number, request: number, arg: number, name: string, hint?: (code: string) => string | undefined): void {
  try {
    native().ioctl(fd, request, arg, name);
  } catch (e) {
    throw isErrnoException(e) ? kernelError(name, e, { hint }) : e;
  }
}

// ---------------------------------------------------------------------------------------------
// File descriptors and CPUs

/** close(2) a map, program, link or perf event fd. */
export function closeFd(fd: number): void {
  try {
    native().close(fd);
  } catch (e) {
    throw isErrnoException(e) ? kernelError("close", e, { detail: `fd ${fd}` }) : e;
  }
}

/**
 * close(2) many fds at once. Detaching a tracepoint's perf event waits for an RCU grace period;
 * closing them one after another costs one each (361 syscall tracepoints: 27 s), closing them
 * concurrently costs about one in all.
 */
export function closeFds(fds: number[]): void {
  if (fds.length === 0) return;
  if (fds.length === 1) return closeFd(fds[0]!);
  try {
    native().closeMany(fds);
  } catch (e) {
    throw isErrnoException(e) ? kernelError("close", e, { detail: `${fds.length} fds` }) : e;
  }
}

/** Parse a kernel CPU list such as "0-3,8,10-11". */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.trim().split(",")) {
    if (!part) continue;
    const [lo, hi] = part.split("-").map(Number) as [number, number | undefined];
    for (let c = lo; c <= (hi ?? lo); c++) cpus.push(c);
  }
  return cpus;
}

let possible: number | undefined;

/** The number of possible CPUs (highest possible CPU + 1): the stride count of per-CPU map values. */
export function possibleCpus(): number {
  possible ??= Math.max(...parseCpuList(readFileSync("/sys/devices/system/cpu/possible", "utf8"))) + 1;
  return possible;
}

/** The CPUs online now (profile probes open one perf event on each). */
export function onlineCpus(): number[] {
  return parseCpuList(readFileSync("/sys/devices/system/cpu/online", "utf8"));
}

// ---------------------------------------------------------------------------------------------
// Introspection

function objInfo(fd: number, size: number): Buffer {
  const L = LAYOUT["bpf_attr.info"];
  const info = Buffer.alloc(size);
  const a = attr();
  a.writeUInt32LE(fd, L.bpf_fd);
  a.writeUInt32LE(size, L.info_len);
  a.writeBigUInt64LE(ptr(info), L.info);
  sys(BPF_OBJ_GET_INFO_BY_FD, a, [info], { detail: `fd ${fd}` });
  return info;
}

export interface ProgInfo {
  id: number;
  type: number;
  name: string;
  /** The kernel's hash of the program, as bpftool prints it. */
  tag: string;
  xlatedLen: number;
  jitedLen: number;
  /** Nanoseconds since boot when the program was loaded. */
  loadTime: bigint;
  verifiedInsns: number;
  /** Both zero unless stats are on (enableStats() or sysctl kernel.bpf_stats_enabled). */
  runTimeNs: bigint;
  runCnt: bigint;
  recursionMisses: bigint;
}

/** BPF_OBJ_GET_INFO_BY_FD on a program. */
export function progInfo(fd: number): ProgInfo {
  const L = LAYOUT.bpf_prog_info;
  const b = objInfo(fd, SIZES.bpf_prog_info);
  return {
    id: b.readUInt32LE(L.id),
    type: b.readUInt32LE(L.type),
    name: cString(b.subarray(L.name, L.name + BPF_OBJ_NAME_LEN)),
    tag: b.toString("hex", L.tag, L.tag + BPF_TAG_SIZE),
    xlatedLen: b.readUInt32LE(L.xlated_prog_len),
    jitedLen: b.readUInt32LE(L.jited_prog_len),
    loadTime: b.readBigUInt64LE(L.load_time),
    verifiedInsns: b.readUInt32LE(L.verified_insns),
    runTimeNs: b.readBigUInt64LE(L.run_time_ns),
    runCnt: b.readBigUInt64LE(L.run_cnt),
    recursionMisses: b.readBigUInt64LE(L.recursion_misses),
  };
}

/** A kernel map as BPF_OBJ_GET_INFO_BY_FD describes it (not the language's map: contracts/map-info.ts). */
export interface BpfMapInfo { id: number; type: number; name: string; keySize: number; valueSize: number; maxEntries: number; flags: number }

/** BPF_OBJ_GET_INFO_BY_FD on a map. */
export function mapInfo(fd: number): BpfMapInfo {
  const L = LAYOUT.bpf_map_info;
  const b = objInfo(fd, SIZES.bpf_map_info);
  return {
    id: b.readUInt32LE(L.id),
    type: b.readUInt32LE(L.type),
    name: cString(b.subarray(L.name, L.name + BPF_OBJ_NAME_LEN)),
    keySize: b.readUInt32LE(L.key_size),
    valueSize: b.readUInt32LE(L.value_size),
    maxEntries: b.readUInt32LE(L.max_entries),
    flags: b.readUInt32LE(L.map_flags),
  };
}

/** BPF_OBJ_GET_INFO_BY_FD on a link (raw tracepoint, BPF_LINK_CREATE). */
export function linkInfo(fd: number): { id: number; type: number; progId: number } {
  const L = LAYOUT.bpf_link_info;
  const b = objInfo(fd, SIZES.bpf_link_info);
  return { id: b.readUInt32LE(L.id), type: b.readUInt32LE(L.type), progId: b.readUInt32LE(L.prog_id) };
}

export type ObjectKind = "prog" | "map" | "link";

const NEXT_ID = { prog: BPF_PROG_GET_NEXT_ID, map: BPF_MAP_GET_NEXT_ID, link: BPF_LINK_GET_NEXT_ID };
const FD_BY_ID = { prog: BPF_PROG_GET_FD_BY_ID, map: BPF_MAP_GET_FD_BY_ID, link: BPF_LINK_GET_FD_BY_ID };

/** The ids of every program, map or link in the kernel (what `bpftool prog show` walks). */
export function listIds(kind: ObjectKind): number[] {
  const L = LAYOUT["bpf_attr.get_id"];
  const ids: number[] = [];
  for (let id = 0; ;) {
    const a = attr();
    a.writeUInt32LE(id, L.start_id);
    if (sysSoft(NEXT_ID[kind], a, [], ["ENOENT"]) === undefined) return ids;
    id = a.readUInt32LE(L.next_id);
    ids.push(id);
  }
}

/** A new fd for the object with this id, or undefined when it is gone. Close it when done. */
export function fdById(kind: ObjectKind, id: number): number | undefined {
  const a = attr();
  a.writeUInt32LE(id, LAYOUT["bpf_attr.get_id"].start_id);
  return sysSoft(FD_BY_ID[kind], a, [], ["ENOENT"]);
}

/** The name of the program or map with this id, or undefined when it is gone. */
export function objectName(kind: "prog" | "map", id: number): string | undefined {
  const fd = fdById(kind, id);
  if (fd === undefined) return undefined;
  try {
    return kind === "prog" ? progInfo(fd).name : mapInfo(fd).name;
  } finally {
    closeFd(fd);
  }
}

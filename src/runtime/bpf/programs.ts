/** Programs: load (with the verifier's log on failure), BTF, test runs and run-time statistics. */
import { BPF_BTF_LOAD, BPF_ENABLE_STATS, BPF_F_TEST_RUN_ON_CPU, BPF_PROG_LOAD, BPF_PROG_TEST_RUN, BPF_PROG_TYPE_LSM, BPF_PROG_TYPE_TRACING, BPF_STATS_RUN_TIME, LAYOUT } from "../../abi/uapi.js";
import { KernelError, VerifierError, isErrnoException, type ErrnoException } from "../errors.js";
import { native } from "../native.js";
import { closeFd } from "./fds-cpus.js";
import { attr, ptr, cString, objectNameFor, kernelError, genericHint, sys } from "./syscall.js";

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
  /**
   * -v (bpftrace's way): one load with a log of exactly this many bytes from the start (config
   * log_size). A log that does not fit fails the load with ENOSPC, even for a valid program, as in
   * bpftrace; the VerifierError then says `logTrimmed`.
   */
  logSize?: number;
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
  if (p.logSize !== undefined) {
    const log = Buffer.alloc(p.logSize);
    const r = progLoad(progAttr(p, license, log, p.logLevel || 1, btfFd), p.insns, license, log, p.funcs?.funcInfo);
    if (typeof r === "number") return { fd: r, log: cString(log) };
    throw new VerifierError(r.errno, r.code, cString(log), { detail: p.name ? `program ${p.name}` : undefined, hint: progLoadHint(p, r.code), cause: r, logTrimmed: r.code === "ENOSPC" });
  }
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

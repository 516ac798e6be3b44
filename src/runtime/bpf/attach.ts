/** Attaching: raw tracepoints, iterators, BPF links (uprobe_multi included) and perf events. */
import { BPF_ITER_CREATE, BPF_LINK_CREATE, BPF_PERF_EVENT, BPF_RAW_TRACEPOINT_OPEN, BPF_F_UPROBE_MULTI_RETURN, BPF_TRACE_UPROBE_MULTI, LAYOUT, PERF_EVENT_IOC_DISABLE, PERF_EVENT_IOC_ENABLE, PERF_EVENT_IOC_SET_BPF, PERF_FLAG_FD_CLOEXEC, PERF_TYPE_BREAKPOINT, PERF_TYPE_HARDWARE, PERF_TYPE_HW_CACHE, PERF_TYPE_RAW, PERF_TYPE_TRACEPOINT, SIZES } from "../../abi/uapi.js";
import { isErrnoException } from "../errors.js";
import { native } from "../native.js";
import { attr, ptr, kernelError, sys } from "./syscall.js";
import { readFileSync } from "node:fs";

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

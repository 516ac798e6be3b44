/**
 * watchpoint:ADDR:LEN:MODE (w): a hardware breakpoint (PERF_TYPE_BREAKPOINT) that runs the program
 * each time the CPU reads (r), writes (w) or executes (x) the LEN bytes at ADDR. With -p or -c it
 * watches that process's address space (one event per thread, inherited by new threads), as
 * current bpftrace does; without, every process and the kernel (a kernel address such as jiffies),
 * one event per CPU, as bpftrace 0.17 does too.
 *
 * Not here: bpftrace 0.17's experimental `watchpoint:func+argN` and `asyncwatchpoint`, which
 * current bpftrace has removed (CHANGELOG 0.25: "not supported anymore").
 */
import { readdirSync } from "node:fs";
import { attachPerCpu, openPerfEventWithProgram } from "../runtime/attach/perf-event.js";
import { BPF_PROG_TYPE_PERF_EVENT, PERF_TYPE_BREAKPOINT, HW_BREAKPOINT_R, HW_BREAKPOINT_W, HW_BREAKPOINT_X } from "../abi/uapi.js";
import { closeFd, onlineCpus } from "../runtime/bpf.js";
import { KernelError } from "../runtime/errors.js";
import type { Attachment, Provider } from "../contracts/provider.js";

/** Modes x86 debug registers cannot watch (Intel SDM vol. 3, 17.2.4), sorted as bpftrace sorts them. */
const INVALID_MODES = ["r", "rx", "wx", "rwx"];

/** A non-negative integer as bpftrace reads one: decimal, or hex with 0x. */
function parseUint(text: string): bigint | undefined {
  return /^(0x[0-9a-f]+|\d+)$/i.test(text) ? BigInt(text) : undefined;
}

export const watchpoint: Provider = {
  name: "watchpoint",
  aliases: ["w"],
  doc: "memory watchpoints: watchpoint:ADDR:LEN:MODE (LEN 1, 2, 4 or 8; MODE r, w, x, rw), in the -p/-c process",
  progType: BPF_PROG_TYPE_PERF_EVENT,
  pidScope: "attach",

  resolve(rest, ap, _kernel, diags, ctx) {
    const parts = rest === undefined ? [] : rest.split(":");
    if (parts.length !== 3) {
      diags.error(ap.span, "watchpoint probe type requires 3 arguments");
      return [];
    }
    const [addrText, lenText, modeText] = parts as [string, string, string];
    const addr = parseUint(addrText);
    if (addr === undefined) {
      diags.error(ap.span, `Invalid function/address argument: invalid integer: ${addrText}`);
      return [];
    }
    const len = parseUint(lenText);
    if (len === undefined) {
      diags.error(ap.span, `Invalid length argument: invalid integer: ${lenText}`);
      return [];
    }
    // bpftrace's checks, in its order and words (semantic_analyser.cpp).
    const errors: string[] = [];
    if (addr === 0n) errors.push("watchpoint must be attached to a non-zero address");
    if (![1n, 2n, 4n, 8n].includes(len)) errors.push("watchpoint length must be one of (1,2,4,8)");
    const mode = [...modeText].sort().join("");
    if (mode === "" || [...mode].some((c) => !"rwx".includes(c))) errors.push("watchpoint mode must be combination of (r,w,x)");
    if ([...mode].some((c, i) => i > 0 && mode[i - 1] === c)) errors.push("watchpoint modes may not be duplicated");
    if (INVALID_MODES.includes(mode)) errors.push(`invalid watchpoint mode: ${mode}`);
    if (errors.length > 0) {
      for (const e of errors) diags.error(ap.span, e);
      return [];
    }
    // bpftrace's name (AttachPoint::name): the watched executable, the address in decimal, the sorted mode.
    const where = ctx?.target ? `${ctx.target.exe}:` : "";
    return [{ provider: this, name: `watchpoint:${where}${addr}:${len}:${mode}`, detail: { addr: `0x${addr.toString(16)}`, len: Number(len), mode } }];
  },

  attach(progFd, target) {
    const mode = String(target.detail.mode);
    const bpType = (mode.includes("r") ? HW_BREAKPOINT_R : 0) | (mode.includes("w") ? HW_BREAKPOINT_W : 0) | (mode.includes("x") ? HW_BREAKPOINT_X : 0);
    // An execute breakpoint covers one instruction address: the kernel wants sizeof(long) then.
    const bpLen = BigInt(bpType & HW_BREAKPOINT_X ? 8 : Number(target.detail.len));
    const attr = { type: PERF_TYPE_BREAKPOINT, config: 0, bpType, bpAddr: BigInt(target.detail.addr), bpLen, samplePeriod: 1, inherit: true };
    const pid = target.process?.pid;
    if (pid === undefined) return attachPerCpu(progFd, { ...attr, inherit: false }, onlineCpus());
    return attachThreads(progFd, attr, pid);
  },
};

/**
 * One event per thread of `pid` (a breakpoint event follows one task; `inherit` extends it to the
 * threads and children created later). Threads that exit meanwhile are skipped; only when no
 * thread could be watched is it an error.
 */
function attachThreads(progFd: number, attr: Parameters<typeof attachPerCpu>[1], pid: number): Attachment {
  let tids: number[];
  try {
    tids = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    tids = [pid];
  }
  const fds: number[] = [];
  let firstError: unknown;
  for (const tid of tids) {
    try {
      fds.push(openPerfEventWithProgram(progFd, attr, tid, -1));
    } catch (e) {
      if (!(e instanceof KernelError)) {
        for (const fd of fds) closeFd(fd);
        throw e;
      }
      firstError ??= e;
    }
  }
  if (fds.length === 0) throw firstError;
  return { fds };
}

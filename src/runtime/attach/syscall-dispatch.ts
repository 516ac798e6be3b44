/**
 * Many syscall tracepoints (`syscalls:sys_enter_*`) attached as the one raw_syscalls tracepoint
 * they are built on, with the choice of program made in the kernel by system-call number.
 *
 * Why: closing a tracepoint's perf event waits for an RCU grace period, under a kernel mutex, so
 * detaching N syscall events one by one costs N grace periods (361 of them: 14–27 s) however many
 * threads close them. Here there is one perf event per layer (below) on raw_syscalls:sys_enter or
 * sys_exit, running a small dispatcher that tail-calls the probe's own program from a prog-array
 * map indexed by the system-call number. The probe programs are unchanged: a syscall event's
 * record and the raw one share their layout (the number at the same offset, then the six argument
 * slots or the return value), so `args`, `probe` and each probe's filter mean what they meant.
 *
 * The kernel fires the syscalls:* events only for native 64-bit system calls (it skips a task in
 * a 32-bit system call, TS_COMPAT, whose numbers are another table); the dispatcher skips those too.
 *
 * When one number has several probes (`sys_enter_*` and `sys_enter_read` in one script), each
 * further probe goes into a further layer: one more dispatcher and map, attached after the first,
 * so the probes still run in script order.
 */
import { Asm, assemble, HELPERS, Label, patchMapFds, R0, R1, R2, R3, R6, R7, R10 } from "../../codegen/bpf/index.js";
import { BPF_MAP_TYPE_PROG_ARRAY, BPF_PROG_TYPE_TRACEPOINT, PERF_TYPE_TRACEPOINT } from "../../abi/uapi.js";
import { closeFds, createMap, loadProgram, mapUpdate } from "../bpf.js";
import { openPerfEventWithProgram } from "./perf-event.js";

/** x86's TS_COMPAT bit of thread_info.status: the task is in a 32-bit (ia32) system call. */
const TS_COMPAT = 0x0002;

export interface SyscallDispatch {
  /** The raw tracepoint's id (events/raw_syscalls/sys_enter/id). */
  tracepointId: number;
  /** Offset of the system-call number (`long id`) in the raw tracepoint's record. */
  nrOffset: number;
  /** Offset of thread_info.status in task_struct (thread_info comes first), when the kernel runs
   * 32-bit tasks; undefined when it has no such field (then no task is ever in a compat call). */
  compatStatusOffset?: number;
  /** Per layer: system-call number → the program fd to run for it. */
  layers: Map<number, number>[];
}

/** Attaches the dispatchers; returns every fd to close to detach them (perf events, programs, maps). */
export function attachSyscallDispatch(d: SyscallDispatch): number[] {
  const fds: number[] = [];
  try {
    for (const [i, layer] of d.layers.entries()) {
      const maxNr = Math.max(...layer.keys());
      const mapFd = createMap({ type: BPF_MAP_TYPE_PROG_ARRAY, keySize: 4, valueSize: 4, maxEntries: maxNr + 1, name: `syscalls_${i}` });
      fds.push(mapFd);
      const key = Buffer.alloc(4);
      const value = Buffer.alloc(4);
      for (const [nr, progFd] of layer) {
        key.writeUInt32LE(nr);
        value.writeUInt32LE(progFd);
        mapUpdate(mapFd, key, value);
      }
      const progFd = loadProgram({ type: BPF_PROG_TYPE_TRACEPOINT, insns: dispatcherCode(d, mapFd), license: "GPL", name: "syscalls_dispatch" });
      fds.push(progFd);
      fds.push(openPerfEventWithProgram(progFd, { type: PERF_TYPE_TRACEPOINT, config: d.tracepointId, samplePeriod: 1, wakeupEvents: 1 }, -1, 0));
    }
  } catch (e) {
    closeFds(fds);
    throw e;
  }
  return fds;
}

/**
 *     r6 = ctx; r7 = ctx->id
 *     if current task is in a 32-bit system call: return 0      (only with compatStatusOffset)
 *     bpf_tail_call(ctx, map, r7)                                 (no program there: falls through)
 *     return 0
 */
function dispatcherCode(d: SyscallDispatch, mapFd: number): Buffer {
  const a = new Asm();
  const out = new Label("out");
  a.movReg(R6, R1);
  a.ldx("u64", R7, R1, d.nrOffset);
  if (d.compatStatusOffset !== undefined) {
    a.call(HELPERS.get_current_task);
    a.movReg(R3, R0);
    a.aluImm("add", R3, d.compatStatusOffset);
    a.movReg(R1, R10);
    a.aluImm("add", R1, -8);
    a.movImm(R2, 4);
    a.call(HELPERS.probe_read_kernel);
    a.ldx("u32", R1, R10, -8);
    a.jmpImm("jset", R1, TS_COMPAT, out);
  }
  a.movReg(R1, R6);
  a.ldMapFd(R2, "prog_array");
  a.movReg(R3, R7);
  a.call(HELPERS.tail_call);
  a.label(out);
  a.movImm(R0, 0);
  a.exit();
  return patchMapFds(assemble(a.insns), () => mapFd);
}

/**
 * The one way programs hang off perf events: open the event, PERF_EVENT_IOC_SET_BPF, enable; on
 * any failure close what was opened, so a refused attach leaves nothing behind. Used by kprobes,
 * uprobes, timers (profile, interval) and software/hardware events.
 */
import { closeFd, perfEventAttachBpf, perfEventOpen } from "../bpf.js";
import type { PerfEventAttr } from "../bpf.js";
import type { Attachment } from "../../contracts/provider.js";

/** One perf event for `pid` on `cpu` (-1: any) running `progFd`; returns its fd. */
export function openPerfEventWithProgram(progFd: number, attr: PerfEventAttr, pid: number, cpu: number): number {
  const fd = perfEventOpen(attr, pid, cpu);
  try {
    perfEventAttachBpf(fd, progFd);
  } catch (e) {
    closeFd(fd);
    throw e;
  }
  return fd;
}

/**
 * One event per CPU in `cpus`, all running `progFd` (sampling events only fire on their own CPU);
 * with `pid` (-p/-c), counting only that process.
 */
export function attachPerCpu(progFd: number, attr: PerfEventAttr, cpus: number[], pid = -1): Attachment {
  const fds: number[] = [];
  try {
    for (const cpu of cpus) fds.push(openPerfEventWithProgram(progFd, attr, pid, cpu));
  } catch (e) {
    for (const fd of fds) closeFd(fd);
    throw e;
  }
  return { fds };
}

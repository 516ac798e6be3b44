/** File descriptors and CPU lists. */
import { isErrnoException } from "../errors.js";
import { native } from "../native.js";
import { kernelError } from "./syscall.js";
import { readFileSync } from "node:fs";

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

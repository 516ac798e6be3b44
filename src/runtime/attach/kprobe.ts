/**
 * Kprobes through the kprobe PMU (/sys/bus/event_source/devices/kprobe): config1 = the function's
 * name (`module:func` for module functions), config2 = the offset into it, the retprobe bit for
 * kretprobes. Like uprobes, the program hangs off the probe itself, so one event runs it on every CPU.
 */
import type { Attachment } from "../../contracts/provider.js";
import { openPerfEventWithProgram } from "./perf-event.js";
import { requirePmu, retprobeConfig } from "./probe-pmu.js";

export interface KprobeSpec {
  /** `func` or `module:func`, as the kernel's kprobe symbol lookup takes it; undefined: probe at `offset` as an address. */
  func?: string;
  offset: number | bigint;
  ret: boolean;
}

export const NO_KPROBES = "this kernel has no kprobe support (CONFIG_KPROBES is off: there is no kprobe PMU in /sys/bus/event_source/devices)";

export function attachKprobe(progFd: number, spec: KprobeSpec): Attachment {
  const type = requirePmu("kprobe", NO_KPROBES);
  const config = spec.ret ? retprobeConfig("kprobe") : 0n;
  return {
    fds: [openPerfEventWithProgram(progFd, { type, config, kprobeFunc: spec.func, config2: BigInt(spec.offset), samplePeriod: 1, wakeupEvents: 1 }, -1, 0)],
  };
}

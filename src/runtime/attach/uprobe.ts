/**
 * Uprobes through the uprobe PMU (/sys/bus/event_source/devices/uprobe): one perf event per
 * probed instruction, config1 = the file's path, config2 = the file offset, the retprobe bit for
 * return probes, bits 63..32 = the USDT semaphore's file offset (ref_ctr_offset,
 * PERF_UPROBE_REF_CTR_OFFSET_SHIFT). The BPF program hangs off the probe itself, so one event on
 * CPU 0 runs it on every CPU; with a pid it fires only in that process.
 */
import type { Attachment } from "../../contracts/provider.js";
import { openPerfEventWithProgram } from "./perf-event.js";
import { requirePmu, retprobeConfig } from "./probe-pmu.js";

const PERF_UPROBE_REF_CTR_OFFSET_SHIFT = 32n;

export interface UprobeSpec {
  path: string;
  offset: number;
  ret: boolean;
  /** Only this process (-p / -c). */
  pid?: number;
  /** File offset of a USDT semaphore the kernel counts up while the probe is attached. */
  refCtrOffset?: number;
}

export function attachUprobe(progFd: number, spec: UprobeSpec): Attachment {
  const type = requirePmu("uprobe", "this kernel has no uprobe support (CONFIG_UPROBE_EVENTS is off: there is no uprobe PMU in /sys/bus/event_source/devices)");
  const config = (spec.ret ? retprobeConfig("uprobe") : 0n) | (BigInt(spec.refCtrOffset ?? 0) << PERF_UPROBE_REF_CTR_OFFSET_SHIFT);
  const pid = spec.pid ?? -1;
  const attr = { type, config, uprobePath: spec.path, config2: BigInt(spec.offset), samplePeriod: 1, wakeupEvents: 1 };
  return { fds: [openPerfEventWithProgram(progFd, attr, pid, pid === -1 ? 0 : -1)] };
}

/**
 * Dynamic probe PMUs (/sys/bus/event_source/devices/{kprobe,uprobe}): their perf event type, and
 * the config bit that makes a probe a return probe, which the PMU publishes in format/retprobe
 * (`config:0` on every kernel so far).
 */
import { readFileSync } from "node:fs";
import { KernelError, pmuType } from "../bpf.js";

export function retprobeConfig(pmu: string): bigint {
  try {
    const m = /^config:(\d+)/.exec(readFileSync(`/sys/bus/event_source/devices/${pmu}/format/retprobe`, "utf8"));
    if (m) return 1n << BigInt(m[1]!);
  } catch {
    // Older kernels lack the format file; bit 0 is what they use.
  }
  return 1n;
}

/** The kernel has no such facility at all; the message says so in plain words. */
export class MissingFacility extends KernelError {
  constructor(message: string) {
    super("perf_event_open", 2, "ENOENT");
    this.message = message;
  }
}

/** The PMU's perf event type, or a MissingFacility naming what the kernel lacks. */
export function requirePmu(pmu: string, missing: string): number {
  const type = pmuType(pmu);
  if (type === undefined) throw new MissingFacility(missing);
  return type;
}

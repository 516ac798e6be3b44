/** Timer probes (profile, interval): a cpu-clock perf event per CPU that runs the program. */
import { PERF_COUNT_SW_CPU_CLOCK, PERF_TYPE_SOFTWARE } from "../../abi/uapi.js";
import type { PerfEventAttr } from "../bpf.js";
import type { Attachment } from "../../contracts/provider.js";
import { attachPerCpu } from "./perf-event.js";

/** How often the timer fires: every `periodNs` nanoseconds, or `hz` times a second. */
export type Rate = { periodNs: bigint } | { hz: number };

/** The cpu-clock event firing at `rate`. */
export function cpuClockAttr(rate: Rate): PerfEventAttr {
  return "hz" in rate
    ? { type: PERF_TYPE_SOFTWARE, config: PERF_COUNT_SW_CPU_CLOCK, freq: true, sampleFreq: rate.hz }
    : { type: PERF_TYPE_SOFTWARE, config: PERF_COUNT_SW_CPU_CLOCK, samplePeriod: rate.periodNs };
}

export function attachCpuClock(progFd: number, rate: Rate, cpus: number[], pid = -1): Attachment {
  return attachPerCpu(progFd, cpuClockAttr(rate), cpus, pid);
}

const NS_PER_UNIT: Record<string, bigint> = { s: 1_000_000_000n, ms: 1_000_000n, us: 1_000n, ns: 1n };

/**
 * Parses a timer rate as bpftrace writes it: `unit:N` (`s:1`, `ms:100`, `us:500`, `hz:99`) or,
 * as current bpftrace also accepts, `Nunit` (`1s`, `100ms`). Returns undefined when malformed.
 */
export function parseRate(rest: string | undefined): Rate | undefined {
  const unitFirst = /^(s|ms|us|ns|hz):(\d+)$/.exec(rest ?? "");
  const countFirst = /^(\d+)(s|ms|us|ns|hz)$/.exec(rest ?? "");
  const unit = unitFirst?.[1] ?? countFirst?.[2];
  const count = unitFirst?.[2] ?? countFirst?.[1];
  if (!unit || !count || BigInt(count) === 0n) return undefined;
  if (unit === "hz") return { hz: Number(count) };
  return { periodNs: BigInt(count) * NS_PER_UNIT[unit]! };
}

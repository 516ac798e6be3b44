/**
 * Timer probes on cpu-clock perf events: interval (i) fires on one CPU, for periodic work and
 * output; profile (p) fires on every online CPU, for sampling. Rates: `s|ms|us|hz:N` or `Nms`.
 */
import { BPF_PROG_TYPE_PERF_EVENT } from "../abi/uapi.js";
import { onlineCpus } from "../runtime/bpf.js";
import { attachCpuClock, parseRate } from "../runtime/attach/cpu-clock.js";
import type { Rate } from "../runtime/attach/cpu-clock.js";
import type { Provider } from "../contracts/provider.js";

function timer(name: string, alias: string, doc: string, cpus: () => number[], pidScope: "attach" | "none"): Provider {
  return {
    name,
    aliases: [alias],
    doc,
    progType: BPF_PROG_TYPE_PERF_EVENT,
    pidScope,
    resolve(rest, ap, _kernel, diags) {
      const unit = /^([a-z]+):/.exec(rest ?? "")?.[1];
      if (unit !== undefined && !["s", "ms", "us", "hz"].includes(unit)) {
        diags.error(ap.span, `${unit} is not an accepted unit of time`);
        return [];
      }
      if (!parseRate(rest)) {
        diags.error(ap.span, `${name} probe must be ${name}:<s|ms|us|hz>:<count> with a count above 0`);
        return [];
      }
      return [{ provider: this, name: `${name}:${rest}`, detail: { rate: rest! } }];
    },
    attach(progFd, target) {
      // profile with -p/-c samples that process only; interval keeps its own clock (bpftrace's rule).
      const pid = pidScope === "attach" ? (target.process?.pid ?? -1) : -1;
      return attachCpuClock(progFd, parseRate(String(target.detail.rate)) as Rate, cpus(), pid);
    },
  };
}

// One CPU for interval, as bpftrace does: the program runs once per period, not once per CPU.
export const interval = timer("interval", "i", "a timer on one CPU: interval:s:N, interval:ms:N, interval:us:N, interval:hz:N", () => [0], "none");
export const profile = timer("profile", "p", "a timer on every CPU: profile:hz:N, profile:s:N, profile:ms:N, profile:us:N", onlineCpus, "attach");

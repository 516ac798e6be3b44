/** interval:s:N (i): runs every N seconds (ms, us, hz too) on one CPU — for periodic output. */
import { BPF_PROG_TYPE_PERF_EVENT } from "../runtime/bpf.js";
import { attachCpuClock, parseRate } from "../runtime/attach/cpu-clock.js";
import type { Rate } from "../runtime/attach/cpu-clock.js";
import type { Provider } from "./provider.js";

export const interval: Provider = {
  name: "interval",
  aliases: ["i"],
  doc: "a timer on one CPU: interval:s:N, interval:ms:N, interval:us:N, interval:hz:N",
  progType: BPF_PROG_TYPE_PERF_EVENT,
  resolve(rest, ap, _kernel, diags) {
    if (!parseRate(rest)) {
      diags.error(ap.span, "interval probe must be interval:<s|ms|us|hz>:<count> with a count above 0");
      return [];
    }
    return [{ provider: this, name: `interval:${rest}`, detail: { rate: rest! } }];
  },
  attach(progFd, target) {
    // One CPU, as bpftrace does: the program runs once per period, not once per CPU.
    return attachCpuClock(progFd, parseRate(String(target.detail.rate)) as Rate, [0]);
  },
};

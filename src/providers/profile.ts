/** profile:hz:N (p): samples every CPU N times a second (or every s/ms/us period). */
import { BPF_PROG_TYPE_PERF_EVENT, onlineCpus } from "../runtime/bpf.js";
import { attachCpuClock, parseRate } from "../runtime/attach/cpu-clock.js";
import type { Rate } from "../runtime/attach/cpu-clock.js";
import type { Provider } from "./provider.js";

export const profile: Provider = {
  name: "profile",
  aliases: ["p"],
  doc: "a timer on every CPU: profile:hz:N, profile:s:N, profile:ms:N, profile:us:N",
  progType: BPF_PROG_TYPE_PERF_EVENT,
  resolve(rest, ap, _kernel, diags) {
    if (!parseRate(rest)) {
      diags.error(ap.span, "profile probe must be profile:<hz|s|ms|us>:<count> with a count above 0");
      return [];
    }
    return [{ provider: this, name: `profile:${rest}`, detail: { rate: rest! } }];
  },
  attach(progFd, target) {
    return attachCpuClock(progFd, parseRate(String(target.detail.rate)) as Rate, onlineCpus());
  },
};

/**
 * self:signal:SIGUSR1 (current bpftrace): runs each time ebt receives the signal, in the order the
 * script names such probes, with BPF_PROG_TEST_RUN. SIGUSR1 is the only signal bpftrace offers.
 */
import { BPF_PROG_TYPE_RAW_TRACEPOINT } from "../abi/uapi.js";
import type { Provider } from "../contracts/provider.js";

export const SELF_SIGNALS: readonly string[] = ["SIGUSR1"];

export const self: Provider = {
  name: "self",
  aliases: [],
  doc: "self:signal:SIGUSR1: runs when ebt receives SIGUSR1",
  progType: BPF_PROG_TYPE_RAW_TRACEPOINT,
  trigger: "signal",
  pidScope: "none",
  resolve(rest, ap, _kernel, diags) {
    const parts = rest === undefined ? [] : rest.split(":");
    if (parts.length !== 2) {
      diags.error(ap.span, `self probe type requires 2 arguments, found ${parts.length}`);
      return [];
    }
    const [trigger, signal] = parts as [string, string];
    if (trigger !== "signal") {
      diags.error(ap.span, `${trigger} is not a supported trigger`);
      return [];
    }
    if (!SELF_SIGNALS.includes(signal)) {
      diags.error(ap.span, `${signal} is not a supported signal`);
      return [];
    }
    return [{ provider: this, name: `self:signal:${signal}`, detail: { signal } }];
  },
  list() {
    return SELF_SIGNALS.map((s) => ({ name: `self:signal:${s}` }));
  },
};

/**
 * BEGIN and END (and current bpftrace's `begin`/`end`): raw_tp-type programs that the runtime runs
 * once with BPF_PROG_TEST_RUN, before tracing starts and after it stops (DESIGN.md §5).
 */
import { BPF_PROG_TYPE_RAW_TRACEPOINT } from "../abi/uapi.js";
import type { Provider } from "../contracts/provider.js";

function special(name: "BEGIN" | "END", runOnce: "begin" | "end"): Provider {
  return {
    name,
    aliases: [name.toLowerCase()],
    doc: runOnce === "begin" ? "runs once when tracing starts" : "runs once when tracing stops",
    progType: BPF_PROG_TYPE_RAW_TRACEPOINT,
    runOnce,
    pidScope: "none",
    resolve(rest, ap, _kernel, diags) {
      if (rest !== undefined) {
        diags.error(ap.span, `${name} probes do not take arguments`);
        return [];
      }
      return [{ provider: this, name, detail: {} }];
    },
  };
}

export const begin = special("BEGIN", "begin");
export const end = special("END", "end");

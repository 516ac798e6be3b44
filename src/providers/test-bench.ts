/**
 * test:NAME and bench:NAME (current bpftrace): probes that no event fires. `ebt --test` runs every
 * test probe once with BPF_PROG_TEST_RUN and reports it as failed when it returns non-zero, calls
 * exit() with a non-zero code or reports an error; `ebt --bench` runs every bench probe many times
 * and reports the average time. Outside those modes they are not run (runtime/test-mode.ts).
 * Raw_tp programs, like BEGIN/END, so they may use every tracing helper.
 */
import { BPF_PROG_TYPE_RAW_TRACEPOINT } from "../abi/uapi.js";
import type { Provider } from "../contracts/provider.js";

function onDemand(name: "test" | "bench"): Provider {
  const what = name === "test" ? "TEST" : "BENCH";
  const seen = new WeakMap<object, Set<string>>();
  return {
    name,
    aliases: [],
    doc: name === "test" ? "test:NAME, run by `ebt --test`: fails when it returns non-zero" : "bench:NAME, timed by `ebt --bench`",
    progType: BPF_PROG_TYPE_RAW_TRACEPOINT,
    trigger: name,
    pidScope: "none",
    resolve(rest, ap, _kernel, diags) {
      const parts = rest === undefined ? [] : rest.split(":");
      if (parts.length !== 1) {
        diags.error(ap.span, `${name} probe type requires 1 arguments, found ${parts.length}`);
        return [];
      }
      const probeName = parts[0]!;
      if (probeName === "") {
        diags.error(ap.span, `${name} probes must have a name`);
        return [];
      }
      // One name per probe in a program: the diagnostics object stands for the program.
      const names = seen.get(diags) ?? new Set<string>();
      seen.set(diags, names);
      if (names.has(probeName)) {
        diags.error(ap.span, `"${probeName}" was used as the name for more than one ${what} probe`);
        return [];
      }
      names.add(probeName);
      return [{ provider: this, name: `${name}:${probeName}`, detail: { name: probeName } }];
    },
  };
}

export const test = onDemand("test");
export const bench = onDemand("bench");

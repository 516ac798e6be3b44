/**
 * software:EVENT[:COUNT] (s) and hardware:EVENT[:COUNT] (h): the kernel's generic perf events,
 * with bpftrace's event names, aliases and default counts. The program runs once every COUNT events
 * on each CPU, as profile does. Hardware events need a PMU (none in most VMs: a clear error then).
 */
import { attachPerCpu } from "../runtime/attach/perf-event.js";
import { BPF_PROG_TYPE_PERF_EVENT, PERF_TYPE_HARDWARE, PERF_TYPE_SOFTWARE } from "../abi/uapi.js";
import { onlineCpus } from "../runtime/bpf.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import { parseUint } from "../util/parse-int.js";
import type { Provider, ProbeTarget } from "../contracts/provider.js";

export interface PerfEventKind {
  name: string;
  alias?: string;
  /** PERF_COUNT_SW_* / PERF_COUNT_HW_* (linux/perf_event.h). */
  config: number;
  /** bpftrace's sample period when the probe gives none. */
  defaultCount: number;
}

// bpftrace's tables (probe_matcher.h), sorted by name as `-l` prints them.
export const SOFTWARE_EVENTS: readonly PerfEventKind[] = [
  { name: "alignment-faults", config: 7, defaultCount: 1 },
  { name: "bpf-output", config: 10, defaultCount: 1 },
  { name: "context-switches", alias: "cs", config: 3, defaultCount: 1000 },
  { name: "cpu-clock", alias: "cpu", config: 0, defaultCount: 1000000 },
  { name: "cpu-migrations", config: 4, defaultCount: 1 },
  { name: "dummy", config: 9, defaultCount: 1 },
  { name: "emulation-faults", config: 8, defaultCount: 1 },
  { name: "major-faults", config: 6, defaultCount: 1 },
  { name: "minor-faults", config: 5, defaultCount: 100 },
  { name: "page-faults", alias: "faults", config: 2, defaultCount: 100 },
  { name: "task-clock", config: 1, defaultCount: 1 },
];

export const HARDWARE_EVENTS: readonly PerfEventKind[] = [
  { name: "backend-stalls", config: 8, defaultCount: 1000000 },
  { name: "branch-instructions", alias: "branches", config: 4, defaultCount: 100000 },
  { name: "branch-misses", config: 5, defaultCount: 100000 },
  { name: "bus-cycles", config: 6, defaultCount: 100000 },
  { name: "cache-misses", config: 3, defaultCount: 1000000 },
  { name: "cache-references", config: 2, defaultCount: 1000000 },
  { name: "cpu-cycles", alias: "cycles", config: 0, defaultCount: 1000000 },
  { name: "frontend-stalls", config: 7, defaultCount: 1000000 },
  { name: "instructions", config: 1, defaultCount: 1000000 },
  { name: "ref-cycles", config: 9, defaultCount: 1000000 },
];

function perfEventProvider(name: "software" | "hardware", alias: string, perfType: number, events: readonly PerfEventKind[]): Provider {
  return {
    name,
    aliases: [alias],
    doc: `${name} perf events on every CPU: ${name}:event[:count] (${events.map((e) => e.name).slice(0, 3).join(", ")}, ...)`,
    progType: BPF_PROG_TYPE_PERF_EVENT,
    pidScope: "attach",

    resolve(rest, ap, _kernel, diags) {
      const parts = rest === undefined ? [] : rest.split(":");
      if (parts.length < 1 || parts.length > 2 || parts[0] === "") {
        diags.error(ap.span, `${name} probe type requires 1 or 2 arguments, found ${parts.length}`);
        return [];
      }
      const [event, countText] = parts as [string, string | undefined];
      let count: number | undefined;
      if (countText !== undefined && countText !== "*") {
        // Any integer form bpftrace reads: `100000`, `1e6`, `1_000_000`.
        const parsed = parseUint(countText);
        if ("error" in parsed || parsed.value === 0n || parsed.value > BigInt(Number.MAX_SAFE_INTEGER)) {
          diags.error(ap.span, `Invalid count for ${name} probe: ${countText}`);
          return [];
        }
        count = Number(parsed.value);
      }
      const make = (kind: PerfEventKind, written: string): ProbeTarget => ({
        provider: this,
        name: `${name}:${written}${count !== undefined ? `:${count}` : ""}`,
        detail: { config: kind.config, count: count ?? kind.defaultCount },
      });
      if (hasWildcard(event)) {
        const re = globToRegExp(event);
        const found = events.filter((e) => re.test(e.name)).map((e) => make(e, e.name));
        return found;
      }
      const kind = events.find((e) => e.name === event || e.alias === event);
      if (!kind) {
        diags.error(ap.span, `${event} is not a ${name} probe`);
        return [];
      }
      return [make(kind, event)];
    },

    // bpftrace's form: each name and alias with an empty count, `software:cpu-clock:`.
    list: () => events.flatMap((e) => [e.name, ...(e.alias ? [e.alias] : [])]).map((n) => ({ name: `${name}:${n}:` })),

    attach(progFd, target) {
      const attr = { type: perfType, config: Number(target.detail.config), samplePeriod: BigInt(target.detail.count) };
      return attachPerCpu(progFd, attr, onlineCpus(), target.process?.pid ?? -1);
    },
  };
}

export const software = perfEventProvider("software", "s", PERF_TYPE_SOFTWARE, SOFTWARE_EVENTS);
export const hardware = perfEventProvider("hardware", "h", PERF_TYPE_HARDWARE, HARDWARE_EVENTS);

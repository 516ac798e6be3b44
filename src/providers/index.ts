/** The registry of probe types: every provider, found by name or alias (case-insensitive). */
import { fentry, fexit } from "./fentry.js";
import { iter } from "./iter.js";
import { kprobe, kretprobe } from "./kprobe.js";
import { hardware, software } from "./perf-events.js";
import type { Provider } from "./provider.js";
import { rawtracepoint } from "./rawtracepoint.js";
import { begin, end } from "./special.js";
import { interval, profile } from "./timers.js";
import { tpBtf } from "./tp-btf.js";
import { tracepoint } from "./tracepoint.js";
import { uprobe, uretprobe } from "./uprobe.js";
import { watchpoint } from "./watchpoint.js";

export const PROVIDERS: readonly Provider[] = [begin, end, tracepoint, rawtracepoint, interval, profile, uprobe, uretprobe, kprobe, kretprobe, software, hardware, fentry, fexit, tpBtf, iter, watchpoint];

const byName = new Map<string, Provider>();
for (const p of PROVIDERS) {
  for (const n of [p.name, ...p.aliases]) byName.set(n.toLowerCase(), p);
}

export function findProvider(name: string): Provider | undefined {
  return byName.get(name.toLowerCase());
}

/** The registry of probe types: every provider, found by name or alias. */
import { fentry, fexit } from "./fentry.js";
import { iter } from "./iter.js";
import { kprobe, kretprobe } from "./kprobe.js";
import { hardware, software } from "./perf-events.js";
import type { Provider } from "../contracts/provider.js";
import { rawtracepoint } from "./rawtracepoint.js";
import { begin, end } from "./special.js";
import { interval, profile } from "./timers.js";
import { tpBtf } from "./tp-btf.js";
import { tracepoint } from "./tracepoint.js";
import { uprobe, uretprobe } from "./uprobe.js";
import { usdt } from "./usdt.js";
import { watchpoint } from "./watchpoint.js";

export const PROVIDERS: readonly Provider[] = [begin, end, tracepoint, rawtracepoint, interval, profile, uprobe, uretprobe, usdt, kprobe, kretprobe, software, hardware, fentry, fexit, tpBtf, iter, watchpoint];

// Names are matched exactly first, as bpftrace does (`u` is uprobe, `U` is usdt); other spellings
// of a name in another case still find it.
const exact = new Map<string, Provider>();
const folded = new Map<string, Provider>();
for (const p of PROVIDERS) {
  for (const n of [p.name, ...p.aliases]) {
    exact.set(n, p);
    if (!folded.has(n.toLowerCase())) folded.set(n.toLowerCase(), p);
  }
}

export function findProvider(name: string): Provider | undefined {
  return exact.get(name) ?? folded.get(name.toLowerCase());
}

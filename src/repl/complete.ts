/**
 * Tab completion at the prompt: dot-commands, map names, providers, tracepoint categories and
 * events, raw tracepoint names, uprobe paths and functions, builtins and functions. Returns node readline's [candidates, the word completed].
 */
import { BUILTINS } from "../builtins/index.js";
import { findProvider, PROVIDERS } from "../providers/index.js";
import type { KernelInfo } from "../contracts/kernel-info.js";
import { completeUprobe, uprobeWord } from "./complete-uprobe.js";

export interface CompletionSources {
  commands: readonly string[];
  maps: () => Iterable<string>;
  kernel: KernelInfo;
}

const TRACEPOINT_NAMES = new Set(["tracepoint", "t", "tp"]);

export function complete(line: string, src: CompletionSources): [string[], string] {
  if (/^\s*\.\w*$/.test(line)) {
    const word = line.trim();
    return [src.commands.map((c) => "." + c).filter((c) => c.startsWith(word)), word];
  }
  const uprobe = uprobeWord(line);
  if (uprobe !== undefined) return [completeUprobe(uprobe), uprobe];
  const word = /[A-Za-z0-9_:@*.$-]*$/.exec(line)![0];
  if (word.startsWith("@")) return [[...src.maps()].filter((m) => m.startsWith(word)).sort(), word];
  const parts = word.split(":");
  if (parts.length === 2 && TRACEPOINT_NAMES.has(parts[0]!)) {
    const cats = new Set(src.kernel.listTracepoints().map((t) => t.category));
    return [[...cats].filter((c) => c.startsWith(parts[1]!)).sort().map((c) => `${parts[0]}:${c}:`), word];
  }
  if (parts.length === 3 && TRACEPOINT_NAMES.has(parts[0]!)) {
    const events = src.kernel.listTracepoints().filter((t) => t.category === parts[1] && t.event.startsWith(parts[2]!));
    return [events.map((t) => `${parts[0]}:${t.category}:${t.event}`).sort(), word];
  }
  if (parts.length > 1) return [listedNames(parts[0]!, word, src.kernel), word];
  const words = new Set<string>();
  for (const p of PROVIDERS) for (const n of [p.name, ...p.aliases]) if (n.length > 2) words.add(p.runOnce ? n : `${n}:`);
  for (const b of BUILTINS) words.add(b.kind === "var" ? b.name : `${b.name}(`);
  return [[...words].filter((w) => w.startsWith(word)).sort(), word];
}

/**
 * The probes a provider lists (as `ebt -l` does) that start with `word`, spelt with the provider
 * name the user typed (`rt:sched_sw` → `rt:sched_switch`).
 */
function listedNames(typed: string, word: string, kernel: KernelInfo): string[] {
  const p = findProvider(typed);
  if (!p?.list || p.listsOneFile) return [];
  const canonical = p.name + word.slice(typed.length);
  const names = new Set<string>();
  for (const l of p.list(kernel, undefined)) if (l.name.startsWith(canonical)) names.add(typed + l.name.slice(p.name.length));
  return [...names].sort();
}

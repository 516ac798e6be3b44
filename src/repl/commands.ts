/**
 * The REPL's dot-commands. Each returns the text to show (errors start with `ERROR:`); the live
 * views (.watch, .top) are started by the REPL itself because they own the terminal for a while.
 */
import { BUILTINS, findBuiltin } from "../builtins/index.js";
import { listProbes } from "../probe-listing.js";
import { ListingError } from "../util/listing-error.js";
import { findProvider, PROVIDERS } from "../providers/index.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import type { KernelInfo } from "../contracts/kernel-info.js";
import { typeName } from "../semantic/types.js";
import { closestName } from "../util/did-you-mean.js";
import { formatReplMap } from "./repl-session.js";
import type { ReplSession } from "./repl-session.js";

export interface CommandDoc {
  name: string;
  args: string;
  help: string;
}

export const COMMANDS: readonly CommandDoc[] = [
  { name: "help", args: "[topic]", help: "this list; .help providers, .help builtins, or .help NAME for one of them" },
  { name: "probes", args: "[glob]", help: "list the probes this kernel has, as ebt -l does, plus BEGIN/END" },
  { name: "attached", args: "", help: "the attached probe groups: id, hits and average run time, source" },
  { name: "detach", args: "N|all", help: "detach probe group N (running its END blocks), or all of them" },
  { name: "maps", args: "", help: "the session's maps: name, key and value types, entries" },
  { name: "print", args: "@map [top]", help: "print a map (only the top N entries)" },
  { name: "clear", args: "@map", help: "remove every entry of a map" },
  { name: "zero", args: "@map", help: "set every value of a map to zero" },
  { name: "watch", args: "@map [seconds]", help: "show a map live, refreshed every second (or N), until a key is pressed" },
  { name: "top", args: "", help: "a live view of every map and of each probe group's event rate, until a key is pressed" },
  { name: "disasm", args: "N", help: "the eBPF of probe group N" },
  { name: "save", args: "file.ebt", help: "write the attached probes as a script that `ebt file.ebt` runs" },
  { name: "load", args: "file.ebt", help: "compile and attach a script" },
  { name: "exit", args: "", help: "detach everything, run END blocks, print the maps and leave (also Ctrl-D)" },
];

export function helpText(topic: string | undefined): string {
  const t = topic?.trim();
  if (!t) {
    const w = Math.max(...COMMANDS.map((c) => c.name.length + c.args.length + 2));
    return (
      "Type a probe to attach it, e.g.  tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }\n" +
      "Type a map (@name, @name[key]) to print it. Tab completes; Ctrl-C clears the line, and on an\n" +
      "empty line while probes print, detaches the newest probe group.\n\n" +
      COMMANDS.map((c) => `.${`${c.name} ${c.args}`.trim().padEnd(w)}  ${c.help}\n`).join("")
    );
  }
  if (t === "providers" || t === "probes") return PROVIDERS.map((p) => `${[p.name, ...p.aliases].join(", ").padEnd(28)} ${p.doc}\n`).join("");
  if (t === "builtins" || t === "functions") {
    return BUILTINS.map((b) => `${(b.kind === "var" ? b.name : `${b.name}()`).padEnd(16)} ${b.doc}\n`).join("");
  }
  const name = t.replace(/^\./, "").replace(/\(\)$/, "");
  const cmd = COMMANDS.find((c) => c.name === name);
  if (cmd) return `.${cmd.name} ${cmd.args}\n    ${cmd.help}\n`;
  const p = findProvider(name);
  if (p) return `${[p.name, ...p.aliases].join(", ")}\n    ${p.doc}\n`;
  const b = findBuiltin(name);
  if (b) return `${b.kind === "var" ? b.name : `${b.name}()`}\n    ${b.doc}\n`;
  return `ERROR: no help for '${t}' (try .help, .help providers, .help builtins)\n`;
}

/** What `.name` says when there is no such command: the nearest one, or all of them, and .help. */
export function unknownCommandText(name: string): string {
  const near = closestName(name, COMMANDS.map((c) => c.name));
  if (near) return `ERROR: unknown command .${name}: did you mean .${near}? (.help lists the commands)\n`;
  return `ERROR: unknown command .${name}; the commands are ${COMMANDS.map((c) => "." + c.name).join(" ")} (.help says what each does)\n`;
}

export function probesText(kernel: KernelInfo, glob: string | undefined): string {
  const g = glob?.trim();
  // The same listing as `ebt -l`, plus BEGIN and END; a bare word finds the probes containing it.
  const special = ["BEGIN", "END"].filter((n) => !g || globToRegExp(g.includes(":") ? g : `*${g}*`).test(n));
  let listed;
  try {
    listed = g === "BEGIN" || g === "END" ? [] : listProbes(kernel, g && !g.includes(":") && !hasWildcard(g) ? `*${g}*` : g, false);
  } catch (e) {
    if (e instanceof ListingError) return `ERROR: ${e.message}\n`;
    throw e;
  }
  const names = [...special, ...listed.map((p) => p.name)];
  return names.map((n) => n + "\n").join("") || `no probe matches ${g}\n`;
}

export function attachedText(session: ReplSession): string {
  const stats = session.stats();
  if (stats.length === 0) return "nothing is attached\n";
  const rows = stats.map((s) => [
    `[${s.id}]`,
    s.hits === undefined ? "-" : s.hits.toString(),
    s.avgNs === undefined ? "-" : `${s.avgNs}ns`,
    s.source.replace(/\s*\n\s*/g, " "),
  ]);
  const head = ["id", "hits", "avg", "source"];
  const w = [0, 1, 2].map((i) => Math.max(head[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `${r[0]!.padEnd(w[0]!)}  ${r[1]!.padStart(w[1]!)}  ${r[2]!.padStart(w[2]!)}  ${r[3]}\n`;
  return line(head) + rows.map(line).join("");
}

export function mapsText(session: ReplSession): string {
  if (session.maps.size === 0) return "no maps yet\n";
  return [...session.maps.values()]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((m) => {
      const dump = session.readMap(m.name)!;
      const keys = m.keys.length ? `[${m.keys.map(typeName).join(", ")}]` : "";
      const value = m.value.kind === "agg" ? `${m.value.agg}()` : typeName(m.value);
      const n = dump.entries.length;
      return `${m.name}${keys}: ${value}, ${n} entr${n === 1 ? "y" : "ies"}\n`;
    })
    .join("");
}

/** `@name [N]` → the map name and an optional count; undefined when malformed. */
export function parseMapArg(arg: string): { name: string; n?: number } | undefined {
  const m = /^\s*(@[A-Za-z0-9_]*)\s*(\d+(?:\.\d+)?)?\s*$/.exec(arg);
  if (!m) return undefined;
  return { name: m[1]!, n: m[2] === undefined ? undefined : Number(m[2]) };
}

export function printText(session: ReplSession, arg: string): string {
  const a = parseMapArg(arg);
  if (!a) return "ERROR: usage: .print @map [top]\n";
  const dump = session.readMap(a.name);
  if (!dump) return `ERROR: Undefined map: ${a.name}\n`;
  return formatReplMap(dump, a.n ?? 0);
}

const entries = (n: number) => `${n} entr${n === 1 ? "y" : "ies"}`;

/** `.clear @m`: empties the map and says how many entries went. */
export function clearText(session: ReplSession, map: string): string {
  const n = session.readMap(map)!.entries.length;
  session.engine.clearMap(map);
  return `cleared ${map}: ${entries(n)} removed\n`;
}

/** `.zero @m`: keeps the keys, sets the values to zero, and says how many. */
export function zeroText(session: ReplSession, map: string): string {
  const n = session.readMap(map)!.entries.length;
  session.engine.zeroMap(map);
  return `zeroed ${map}: ${entries(n)} set to 0\n`;
}

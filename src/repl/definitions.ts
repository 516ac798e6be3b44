/**
 * What inputs at the prompt define for the inputs after them: config entries, C declarations
 * (`struct`, `#define`, `#include`) and macros. Each later input is compiled with them appended
 * (the language lets definitions follow their use, so the user's own lines and columns stay as
 * typed), and `.save` writes them at the top of the script, so the script runs on its own.
 */
import type { Program } from "../ast/nodes.js";

export class Definitions {
  private readonly config = new Map<string, string>();
  /** C declarations by what they name (`struct foo`, `#define X`), or by their text. */
  private readonly c = new Map<string, string>();
  private readonly macros = new Map<string, string>();

  /** Remembers what `program` (parsed from `source`) defines; a new definition replaces an old one. */
  record(program: Program, source: string): void {
    for (const item of program.items) {
      if (item.kind === "ConfigBlock") {
        for (const e of item.entries) this.config.set(e.key, source.slice(e.value.span.start.offset, e.value.span.end.offset));
      } else if (item.kind === "MacroDef") {
        this.macros.set(item.name, source.slice(item.span.start.offset, item.span.end.offset));
      }
    }
    for (const d of program.cDefinitions ?? []) this.c.set(cName(d.text), d.text.trim());
  }

  /** `source` with every definition it does not make itself appended (what it may use). */
  appendTo(source: string, program: Program | undefined): string {
    const own = program ? defined(program) : { config: false, c: new Set<string>(), macros: new Set<string>() };
    const extra = this.text({ config: !own.config, c: (k) => !own.c.has(k), macro: (k) => !own.macros.has(k) });
    return extra ? `${source}\n${extra}` : source;
  }

  /** Every definition, as script text: the config block first, then C, then macros. */
  text(want: { config: boolean; c: (key: string) => boolean; macro: (name: string) => boolean } = { config: true, c: () => true, macro: () => true }): string {
    let s = "";
    if (want.config && this.config.size > 0) s += `config = { ${[...this.config].map(([k, v]) => `${k} = ${v}`).join("; ")} }\n`;
    for (const [k, t] of this.c) if (want.c(k)) s += t + "\n";
    for (const [k, t] of this.macros) if (want.macro(k)) s += t + "\n";
    return s;
  }
}

/** What one C definition names: `struct foo`, `#define X`; otherwise its own text. */
function cName(text: string): string {
  const t = text.trim();
  const define = /^#\s*define\s+(\w+)/.exec(t);
  if (define) return `#define ${define[1]}`;
  const tagged = /^(?:typedef\s+)?(struct|union|enum)\s+(\w+)\s*\{/.exec(t);
  if (tagged) return `${tagged[1]} ${tagged[2]}`;
  return t;
}

function defined(program: Program): { config: boolean; c: Set<string>; macros: Set<string> } {
  return {
    config: program.items.some((i) => i.kind === "ConfigBlock"),
    c: new Set((program.cDefinitions ?? []).map((d) => cName(d.text))),
    macros: new Set(program.items.flatMap((i) => (i.kind === "MacroDef" ? [i.name] : []))),
  };
}

/** `source` without its definitions (they are written once, at the top of a saved script). */
export function withoutDefinitions(source: string, program: Program): string {
  const spans = [
    ...program.items.filter((i) => i.kind === "ConfigBlock" || i.kind === "MacroDef").map((i) => [i.span.start.offset, i.span.end.offset] as const),
    ...(program.cDefinitions ?? []).map((d) => [d.span.start.offset, d.span.end.offset] as const),
  ].sort((a, b) => b[0] - a[0]);
  let s = source;
  for (const [from, to] of spans) s = s.slice(0, from) + s.slice(to);
  return s.replace(/\n{3,}/g, "\n\n").trim();
}

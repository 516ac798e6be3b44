/**
 * Tab completion of uprobe targets: after `uprobe:` the path of a file (directories end in `/`,
 * files in `:` so the function name comes next), and after `uprobe:/path/to/bin:` the functions in
 * that file's ELF symbol tables, as `ebt -l 'uprobe:/path/to/bin:*'` lists them.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { openElfCached } from "../elf/elf.js";
import { resolveBinary } from "../elf/resolve-binary.js";

const UPROBE_NAMES = new Set(["uprobe", "u", "uretprobe", "ur"]);

/** A uprobe name being typed at the end of `line`: `uprobe:/usr/bin/ba`, `ur:./prog:ma`. */
export function uprobeWord(line: string): string | undefined {
  const m = /(?:^|[\s,{}])((\w+):[^\s,{}]*)$/.exec(line);
  return m && UPROBE_NAMES.has(m[2]!) ? m[1] : undefined;
}

export function completeUprobe(word: string): string[] {
  const colon = word.indexOf(":");
  const provider = word.slice(0, colon);
  const rest = word.slice(colon + 1);
  const split = rest.lastIndexOf(":");
  return split < 0 ? completePath(provider, rest) : completeFunction(provider, rest.slice(0, split), rest.slice(split + 1));
}

function completePath(provider: string, typed: string): string[] {
  const slash = typed.lastIndexOf("/");
  const dirTyped = typed.slice(0, slash + 1);
  const base = typed.slice(slash + 1);
  const dir = dirTyped === "" ? "." : dirTyped;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (!name.startsWith(base) || (name.startsWith(".") && !base.startsWith("."))) continue;
    let isDir: boolean;
    try {
      isDir = statSync(path.join(dir, name)).isDirectory();
    } catch {
      continue; // a dangling link
    }
    out.push(`${provider}:${dirTyped}${name}${isDir ? "/" : ":"}`);
  }
  return out.sort();
}

function completeFunction(provider: string, binary: string, prefix: string): string[] {
  // Library names resolve as the probe itself resolves them (`uprobe:libc:mall`).
  const file = resolveBinary(binary, undefined);
  if (!file) return [];
  let names: string[];
  try {
    names = openElfCached(file).functions().map((f) => f.name);
  } catch {
    return [];
  }
  return [...new Set(names)].filter((n) => n.startsWith(prefix)).sort().map((n) => `${provider}:${binary}:${n}`);
}

/**
 * The kernel functions a kprobe can target, for wildcard expansion and `-l`. The traceable list
 * (tracefs available_filter_functions) is exact, but often unreadable (lockdown, no ftrace); then
 * the text symbols of /proc/kallsyms stand in, minus the pieces that are not functions of their own.
 */
import { readFileSync } from "node:fs";
import type { KernelFunction } from "../../contracts/kernel-info.js";

/** `name` or `name [module]` per line. */
export function parseFilterFunctions(text: string): KernelFunction[] {
  const out: KernelFunction[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\S+)(?:\s+\[(\S+)\])?/.exec(line);
    // ftrace lists functions it lost track of as __ftrace_invalid_address___<n>.
    if (!m || m[1]!.startsWith("__ftrace_invalid_address")) continue;
    out.push(m[2] ? { name: m[1]!, module: m[2] } : { name: m[1]! });
  }
  return out;
}

/** `address type name[\t[module]]` per line; keeps text symbols (t/T) that can be entered by a call. */
export function parseKallsymsFunctions(text: string): KernelFunction[] {
  const out: KernelFunction[] = [];
  const seen = new Set<string>();
  for (const line of text.split("\n")) {
    const m = /^[0-9a-f]+ ([tT]) (\S+)(?:\s+\[(\S+)\])?/.exec(line);
    if (!m) continue;
    const name = m[2]!;
    const module = m[3];
    // __pfx_ symbols are the padding before each function; .cold parts are split-off tails;
    // __builtin__* "modules" hold trampolines (ftrace, bpf), [bpf] the JITed BPF programs: not functions.
    if (name.startsWith("__pfx_") || name.includes(".cold") || module?.startsWith("__builtin__") || module === "bpf") continue;
    const key = `${module ?? ""}:${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(module ? { name, module } : { name });
  }
  return out;
}

const TRACEFS_FILTER_FUNCTIONS = "/sys/kernel/tracing/available_filter_functions";

/** The traceable functions of the running kernel, or kallsyms' text symbols when that list is unreadable. */
export function listKernelFunctions(): KernelFunction[] {
  try {
    const list = parseFilterFunctions(readFileSync(TRACEFS_FILTER_FUNCTIONS, "utf8"));
    if (list.length > 0) return list;
  } catch {
    // EPERM under lockdown, ENOENT without ftrace: fall back to the symbol table.
  }
  return parseKallsymsFunctions(readFileSync("/proc/kallsyms", "utf8"));
}

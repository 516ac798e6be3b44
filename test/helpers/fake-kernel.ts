/** A KernelInfo built from captured tracefs format files, so compiler tests need no kernel. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseTracepointFormat } from "../../src/runtime/kernel/tracefs.js";
import type { TracepointFormat } from "../../src/contracts/kernel-info.js";
import type { KernelInfo } from "../../src/contracts/kernel-info.js";
import { parseKallsymsFunctions } from "../../src/runtime/kernel/kernel-functions.js";
import type { KernelFunction } from "../../src/contracts/kernel-info.js";
import { possibleCpus } from "../../src/runtime/bpf.js";
import { KernelSymbols } from "../../src/runtime/kernel/kallsyms.js";
import { ROOT } from "./run-ebt.js";

const DIR = path.join(ROOT, "test/fixtures/tracefs");

/** Fixture files are named `<category>_<event>.format`; categories have no underscore in our set
 * except raw_syscalls, which is matched first. */
function split(file: string): { category: string; event: string } {
  const base = file.replace(/\.format$/, "");
  const category = ["raw_syscalls", "syscalls", "sched"].find((c) => base.startsWith(`${c}_`))!;
  return { category, event: base.slice(category.length + 1) };
}

export class FakeKernel implements KernelInfo {
  private readonly formats = new Map<string, TracepointFormat>();
  private symbols?: KernelSymbols;

  constructor() {
    for (const f of readdirSync(DIR).filter((x) => x.endsWith(".format"))) {
      const { category, event } = split(f);
      this.formats.set(`${category}:${event}`, parseTracepointFormat(readFileSync(path.join(DIR, f), "utf8")));
    }
  }

  tracepointFormat(category: string, event: string): TracepointFormat | undefined {
    return this.formats.get(`${category}:${event}`);
  }

  listTracepoints(): { category: string; event: string }[] {
    return [...this.formats.keys()].map((k) => {
      const [category, event] = k.split(":") as [string, string];
      return { category, event };
    });
  }

  /** This machine's: compiled code that reads per-CPU values is the same as with the live kernel. */
  possibleCpus(): number {
    return possibleCpus();
  }

  /** Kernel symbols from the same captured piece of /proc/kallsyms. */
  kernelSymbolAddress(name: string): bigint | undefined {
    this.symbols ??= new KernelSymbols(readFileSync(path.join(ROOT, "test/fixtures/kernel/kallsyms"), "latin1"));
    return this.symbols.address(name);
  }

  /** Kernel functions from a captured piece of /proc/kallsyms (test/fixtures/kernel/kallsyms). */
  kernelFunctions(): KernelFunction[] {
    return parseKallsymsFunctions(readFileSync(path.join(ROOT, "test/fixtures/kernel/kallsyms"), "utf8"));
  }
}

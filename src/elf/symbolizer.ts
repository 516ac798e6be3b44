/**
 * User-space symbols: (pid, address) → `func+offset`, through the process's /proc/PID/maps and
 * the ELF symbols of the mapped file. For usym() and ustack. Maps are cached per pid and re-read
 * when an address falls outside them (a library loaded later); ELF files are cached by path.
 */
import { existsSync } from "node:fs";
import { ElfError, openElfCached } from "./elf.js";
import type { Mapping } from "./proc-maps.js";
import { readMaps } from "./proc-maps.js";
import { lineTable } from "../dwarf/line-table.js";
import { symbolsOf } from "./symbol-file.js";
import type { SourceLine } from "../dwarf/line-table.js";
import { inlineChain } from "../dwarf/inlines.js";
import type { InlinedFrame } from "../dwarf/inlines.js";

export interface UserSymbol {
  /** The function's name. */
  name: string;
  /** Bytes from the function's start. */
  offset: number;
  /** The mapped file (as /proc/PID/maps names it). */
  module: string;
  /** The source line, when asked for and the file's DWARF has one (see showDebugInfo); in inlined
   * code, the line of the real function that called the outermost inlined one. */
  source?: SourceLine;
  /** The inlined functions the address is in, innermost first (DWARF, when asked for). */
  inlined?: InlinedFrame[];
}

export class UserSymbolizer {
  private readonly maps = new Map<number, Mapping[]>();
  private programFile?: string;
  /** config show_debug_info: frames carry `@file:line` and inlined functions when DWARF has them. */
  showDebugInfo = true;

  /**
   * The one executable the program's uprobes name, if there is one: a process that has exited
   * (or whose pid this /proc does not show, in another pid namespace) is symbolized from it, as
   * bpftrace does. Addresses are then taken as the file's own virtual addresses, which holds for
   * non-PIE executables.
   */
  setProgramFile(path: string | undefined): void {
    this.programFile = path;
  }

  /** The symbol at `addr` in process `pid`, or undefined (process gone, anonymous memory, no symbol). */
  resolve(pid: number, addr: number | bigint, withSource = false): UserSymbol | undefined {
    const a = Number(addr);
    const m = this.mappingOf(pid, a);
    if (!m) return this.fromProgramFile(pid, a, withSource);
    if (!m.path.startsWith("/")) return undefined;
    try {
      // /proc/PID/root/...: the file as the process sees it, even inside another mount namespace
      // or after it was replaced on disk.
      const file = existsInRoot(pid, m.path) ? `/proc/${pid}/root${m.path}` : m.path;
      const elf = openElfCached(file);
      const vaddr = elf.offsetToVaddr(a - m.start + m.offset);
      if (vaddr === undefined) return undefined;
      const hit = symbolsOf(elf).symbolize(vaddr);
      return hit && { name: hit.sym.name, offset: hit.offset, module: m.path, ...this.sourceOf(file, vaddr, withSource) };
    } catch (e) {
      if (e instanceof ElfError) return undefined;
      throw e;
    }
  }

  /**
   * bpftrace's text for a user address: `func` or `func+off` (with `showOffset`), and the bare
   * hex address when it cannot be symbolized.
   */
  format(pid: number, addr: number | bigint, opts: { showOffset?: boolean; showModule?: boolean } = {}): string {
    const s = this.resolve(pid, addr);
    if (!s) return `0x${BigInt(addr).toString(16)}`;
    let text = opts.showOffset && s.offset > 0 ? `${s.name}+${s.offset}` : s.name;
    if (opts.showModule) text += ` (${s.module})`;
    return text;
  }

  /** `{ source, inlined }` for a frame at `vaddr` of `file`, when wanted and known. */
  private sourceOf(file: string, vaddr: number, wanted: boolean): { source?: SourceLine; inlined?: InlinedFrame[] } {
    if (!wanted || !this.showDebugInfo) return {};
    const chain = inlineChain(file, vaddr);
    if (chain) return { inlined: chain.inlined, ...(chain.caller ? { source: chain.caller } : {}) };
    const source = lineTable(file)?.lookup(vaddr);
    return source ? { source } : {};
  }

  private fromProgramFile(pid: number, vaddr: number, withSource: boolean): UserSymbol | undefined {
    if (this.programFile === undefined || this.maps.has(pid)) return undefined;
    try {
      const hit = symbolsOf(openElfCached(this.programFile)).symbolize(vaddr);
      // Without the process's maps an address may be in a library: only a symbol that really
      // covers it (or a sizeless one that starts there) names it.
      if (!hit || (hit.sym.size === 0 ? hit.offset !== 0 : hit.offset >= hit.sym.size)) return undefined;
      return { name: hit.sym.name, offset: hit.offset, module: this.programFile, ...this.sourceOf(this.programFile, vaddr, withSource) };
    } catch (e) {
      if (e instanceof ElfError) return undefined;
      throw e;
    }
  }

  /** Forget a process (it exited). */
  forget(pid: number): void {
    this.maps.delete(pid);
  }

  private mappingOf(pid: number, addr: number): Mapping | undefined {
    const find = (ms: Mapping[] | undefined) => ms?.find((m) => addr >= m.start && addr < m.end);
    let hit = find(this.maps.get(pid));
    if (!hit) {
      // An exiting process (a zombie) still has a /proc entry, but no mappings left: it counts as gone.
      const fresh = readMaps(pid);
      if (fresh && fresh.length > 0) this.maps.set(pid, fresh);
      hit = find(fresh);
    }
    return hit;
  }
}

function existsInRoot(pid: number, p: string): boolean {
  return existsSync(`/proc/${pid}/root${p}`);
}

/** One symbolizer for the whole process, so every user of it shares the caches. */
export const userSymbolizer = new UserSymbolizer();

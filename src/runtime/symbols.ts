/**
 * Addresses → names, as bpftrace prints them: stacks (one frame a line, in bpftrace, perf or raw
 * mode), ksym() and usym(). Kernel names come from /proc/kallsyms, user names from the ELF symbols
 * of the files the process maps; both are cached. A process that has exited by print time can no
 * longer be symbolized (its maps are gone), so its frames print as addresses, as in bpftrace.
 */
import { userSymbolizer } from "../elf/symbolizer.js";
import type { StackMode } from "../semantic/types.js";
import { kernelSymbols } from "./kernel/kallsyms.js";
import type { Value } from "../plan/value.js";

/** What a stack value needs from the running session: the frames a stack id stands for. */
export interface StackSource {
  stackFrames(limit: number, id: number): bigint[] | undefined;
  /** The frames of a ustack(build_id) stack: struct bpf_stack_build_id each. */
  buildIdFrames?(limit: number, id: number): BuildIdFrame[] | undefined;
}

/** One frame of a build-id stack: the file's build id and offset when the kernel found them, else the ip. */
export interface BuildIdFrame {
  /** BPF_STACK_BUILD_ID_EMPTY (0, no frame), _VALID (1) or _IP (2). */
  status: number;
  buildId: string;
  offsetOrIp: bigint;
}

/** Frames of a build-id stack as bpftrace prints them: `<build id hex> 0x<offset>`, or the bare ip. */
export function buildIdStackValue(frames: readonly BuildIdFrame[]): Value {
  const lines: string[] = [];
  for (const f of frames) {
    if (f.status === 0) break;
    lines.push(f.status === 1 ? `${f.buildId} 0x${f.offsetOrIp.toString(16).padStart(2, "0")}` : f.offsetOrIp.toString(16));
  }
  return { kind: "stack", lines, indent: false };
}

/** C++'s `ostream << (void *)addr`, which bpftrace prints for an address it cannot name. */
const pointer = (addr: bigint): string => (addr === 0n ? "0" : `0x${addr.toString(16)}`);

export function kernelSymbol(addr: bigint, showOffset: boolean): string {
  const s = kernelSymbols().resolve(addr);
  if (!s) return pointer(addr);
  return showOffset ? `${s.name}+${s.offset}` : s.name;
}

/** bpftrace's text for a user address (usym): `func`, or `func+off` with `showOffset`. */
export function userSymbol(pid: number, addr: bigint, showOffset: boolean): string {
  const s = userSymbolizer.resolve(pid, addr);
  if (!s) return pointer(addr);
  return showOffset ? `${s.name}+${s.offset}` : s.name;
}

/**
 * The lines one user stack frame prints as, in bpftrace's words: `func+off` with `@file:line` when
 * DWARF knows it (config show_debug_info), preceded by `[inlined] fn@file:line` for each inlined
 * function the address is in, innermost first; in perf mode `func+off (file)` and `fn (inlined)`.
 */
export function userFrameLines(pid: number, addr: bigint, perf: boolean): string[] {
  const s = userSymbolizer.resolve(pid, addr, true);
  if (!s) return [pointer(addr) + (perf ? " ([unknown])" : "")];
  const at = (src: { path: string; line: number } | undefined) => (src && !perf ? `@${src.path}:${src.line}` : "");
  const inlined = (s.inlined ?? []).map((f) => (perf ? `${f.name} (inlined)` : `[inlined] ${f.name}${at(f.source)}`));
  return [...inlined, `${s.name}+${s.offset}` + (perf ? ` (${s.module})` : at(s.source))];
}

/** The printable lines of a stack: frames from the innermost out, up to the first empty slot. */
export function stackValue(frames: readonly bigint[], mode: StackMode, user: boolean, pid: number): Value {
  const lines: string[] = [];
  for (const addr of frames) {
    if (addr === 0n) break;
    if (mode === "raw") {
      lines.push(addr.toString(16));
      continue;
    }
    const syms = user ? userFrameLines(pid, addr, mode === "perf") : [kernelSymbol(addr, true)];
    for (const sym of syms) lines.push(mode === "perf" ? `\t${addr.toString(16)} ${sym}` : sym);
  }
  return { kind: "stack", lines, indent: mode === "bpftrace" };
}

/**
 * Addresses → names, as bpftrace prints them: stacks (one frame a line, in bpftrace, perf or raw
 * mode), ksym() and usym(). Kernel names come from /proc/kallsyms, user names from the ELF symbols
 * of the files the process maps; both are cached. A process that has exited by print time can no
 * longer be symbolized (its maps are gone), so its frames print as addresses, as in bpftrace.
 */
import { userSymbolizer } from "../elf/symbolizer.js";
import type { StackMode } from "../semantic/types.js";
import { kernelSymbols } from "./kernel/kallsyms.js";
import type { Value } from "./output/value.js";

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

/**
 * bpftrace's text for a user address: `func`, `func+off` with `showOffset`, ` (file)` after it in
 * perf mode (`showModule`), and `@/src/file.c:42` in stacks when the file's DWARF says where
 * (`withSource`, config show_debug_info).
 */
export function userSymbol(pid: number, addr: bigint, showOffset: boolean, showModule = false, withSource = false): string {
  const s = userSymbolizer.resolve(pid, addr, withSource && !showModule);
  if (!s) return pointer(addr) + (showModule ? " ([unknown])" : "");
  const where = s.source ? `@${s.source.path}:${s.source.line}` : "";
  return (showOffset ? `${s.name}+${s.offset}` : s.name) + (showModule ? ` (${s.module})` : "") + where;
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
    const sym = user ? userSymbol(pid, addr, true, mode === "perf", true) : kernelSymbol(addr, true);
    lines.push(mode === "perf" ? `\t${addr.toString(16)} ${sym}` : sym);
  }
  return { kind: "stack", lines, indent: mode === "bpftrace" };
}

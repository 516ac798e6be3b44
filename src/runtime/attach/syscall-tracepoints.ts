/**
 * When the many `tracepoint:syscalls:*` probes of a program attach as the raw_syscalls
 * tracepoints with a dispatch by system-call number (syscall-dispatch.ts says why),
 * and when they attach one by one as before.
 *
 * Conditions, all checked here: x86_64 (whose system-call numbers are a fixed ABI, so the table of
 * stdlib/syscalls.ts is the running kernel's); every event's number known; the raw and per-syscall
 * records laid out alike on this kernel; the offset of thread_info.status known from BTF (to skip
 * 32-bit system calls as the kernel does); no program taking a stack trace (a kernel stack would
 * start elsewhere: the raw tracepoint's caller instead of perf_syscall_enter); and enough probes
 * for it to pay, since every system call of the machine then runs the dispatcher.
 */
import type { Attachment, LoadedProbe } from "../../contracts/provider.js";
import { syscallNumberOfEntry } from "../../stdlib/syscalls.js";
import { tracepointFormat, tracepointId } from "../kernel/tracefs.js";
import { attachSyscallDispatch } from "./syscall-dispatch.js";
import { HELPERS } from "../../codegen/bpf/index.js";
import { BTF_KIND, vmlinuxBtf } from "../../btf/btf.js";

/**
 * Below this many syscall events in one direction, they attach one by one: their detach costs a
 * grace period each (~0.3 s for this many on a busy 2-core machine) but other system calls of the
 * machine pay nothing for them, while the dispatcher runs on every one.
 */
export const MIN_DISPATCHED_SYSCALLS = 8;

const STACK_HELPERS = new Set<number>([HELPERS.get_stackid, HELPERS.get_stack]);
const BPF_JMP_CALL = 0x85;

/** Whether the program calls bpf_get_stackid or bpf_get_stack. */
function takesStacks(bytecode: Buffer): boolean {
  for (let at = 0; at + 8 <= bytecode.length; at += 8) {
    // src_reg 0: a helper call (1 and 2 are calls of subprograms and kfuncs).
    if (bytecode[at] === BPF_JMP_CALL && (bytecode[at + 1]! >> 4) === 0 && STACK_HELPERS.has(bytecode.readInt32LE(at + 4))) return true;
  }
  return false;
}

let compatOffset: number | null | undefined;

/** Offset of thread_info.status from a task_struct pointer, from BTF; null when BTF cannot say. */
function compatStatusOffset(): number | null {
  if (compatOffset !== undefined) return compatOffset;
  compatOffset = null;
  const btf = vmlinuxBtf();
  if (!btf) return compatOffset;
  const task = btf.find("task_struct", BTF_KIND.STRUCT).find((id) => btf.type(id).sizeOrType > 0);
  const info = btf.find("thread_info", BTF_KIND.STRUCT).find((id) => btf.type(id).sizeOrType > 0);
  if (task === undefined || info === undefined) return compatOffset;
  const inTask = btf.members(task).find((m) => m.name === "thread_info");
  const status = btf.members(info).find((m) => m.name === "status");
  if (inTask === undefined || status === undefined || btf.resolve(inTask.type) !== info) return compatOffset;
  return (compatOffset = (inTask.bitOffset + status.bitOffset) / 8);
}

/** Whether sys_<direction>_<event>'s record and the raw tracepoint's agree: number, then args or ret. */
function sameLayout(direction: "enter" | "exit", event: string): { nrOffset: number } | undefined {
  const raw = tracepointFormat("raw_syscalls", `sys_${direction}`).fields.filter((f) => !f.common);
  const one = tracepointFormat("syscalls", event).fields.filter((f) => !f.common);
  const id = raw.find((f) => f.name === "id");
  const rest = raw.find((f) => f.name === (direction === "enter" ? "args" : "ret"));
  const nr = one.find((f) => f.name === "__syscall_nr");
  const next = one.find((f) => f !== nr);
  if (!id || id.size !== 8 || !rest || !nr || nr.offset !== id.offset) return undefined;
  if (rest.offset !== id.offset + 8 || (next !== undefined && next.offset !== rest.offset)) return undefined;
  return { nrOffset: id.offset };
}

/** tracepoint's attachTogether(): the syscalls:* probes of `probes` through raw_syscalls, where allowed. */
export function attachSyscallsTogether(probes: readonly LoadedProbe[]): { attached: number[]; attachment: Attachment } | undefined {
  if (process.arch !== "x64") return undefined;
  const attached: number[] = [];
  const fds: number[] = [];
  for (const direction of ["enter", "exit"] as const) {
    const prefix = `sys_${direction}_`;
    const mine: { index: number; nr: number; progFd: number; event: string }[] = [];
    let eligible = true;
    probes.forEach((p, index) => {
      const event = String(p.target.detail.event);
      if (p.target.detail.category !== "syscalls" || !event.startsWith(prefix)) return;
      const nr = syscallNumberOfEntry(event.slice(prefix.length));
      if (nr === undefined || takesStacks(p.bytecode)) eligible = false;
      else mine.push({ index, nr, progFd: p.progFd, event });
    });
    if (!eligible || mine.length < MIN_DISPATCHED_SYSCALLS) continue;
    // Layer k holds each number's k-th probe, in script order.
    const layers: Map<number, number>[] = [];
    for (const m of mine) {
      const layer = layers.find((l) => !l.has(m.nr)) ?? (layers.push(new Map()), layers[layers.length - 1]!);
      layer.set(m.nr, m.progFd);
    }
    try {
      const compat = compatStatusOffset();
      const layout = sameLayout(direction, mine[0]!.event);
      if (compat === null || layout === undefined) continue;
      fds.push(...attachSyscallDispatch({
        tracepointId: tracepointId("raw_syscalls", `sys_${direction}`), nrOffset: layout.nrOffset, compatStatusOffset: compat, layers,
      }));
    } catch {
      // Refused (a kernel without raw_syscalls or prog arrays): these attach one by one instead.
      continue;
    }
    attached.push(...mine.map((m) => m.index));
  }
  return attached.length > 0 ? { attached, attachment: { fds } } : undefined;
}

/**
 * `ebt --info`: the system, ebt's build, and what this kernel's BPF offers, in bpftrace's layout
 * (its sections and two-column tables). Each feature is found by trying it: a helper by loading a
 * program that calls it, the instruction limit from the verifier's own log.
 */
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import { BPF_PROG_TYPE_KPROBE, BPF_PROG_TYPE_RAW_TRACEPOINT, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY } from "../abi/uapi.js";
import { BTF_KIND, kernelBtf } from "../btf/btf.js";
import { HELPERS } from "../codegen/bpf/index.js";
import { kernelIterators } from "../providers/iter.js";
import { closeFd, loadProgram, VerifierError } from "../runtime/bpf.js";
import { pmuType } from "../runtime/bpf.js";

const insn = (code: number, regs: number, off: number, imm: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeUInt8(code, 0);
  b.writeUInt8(regs, 1);
  b.writeInt16LE(off, 2);
  b.writeInt32LE(imm, 4);
  return b;
};
const MOV_R0_0 = insn(0xb7, 0, 0, 0);
const EXIT = insn(0x95, 0, 0, 0);

/** Whether a program of `type` may call `helper`: the verifier loads it, or refuses for another reason. */
function hasHelper(helper: number, type: number): boolean {
  // r1..r5 zero: the verifier may reject the arguments, which still shows that the helper exists.
  const prog = Buffer.concat([1, 2, 3, 4, 5].map((r) => insn(0xb7, r, 0, 0)).concat([insn(0x85, 0, 0, helper), MOV_R0_0, EXIT]));
  try {
    closeFd(loadProgram({ type, insns: prog, license: "GPL", logLevel: 1 }));
    return true;
  } catch (e) {
    if (!(e instanceof VerifierError)) return false;
    return !/unknown func|invalid func|cannot use helper|helper call is not allowed/.test(e.log) && e.log.trim() !== "";
  }
}

/**
 * d_path is for fentry/fexit programs on a few functions: it is there when such a program that
 * calls it loads (this kernel refuses fentry programs altogether, KERNEL.md).
 */
function hasDPath(): boolean {
  const btf = kernelBtf();
  const target = btf?.find("vfs_open", BTF_KIND.FUNC)[0];
  if (target === undefined) return false;
  // d_path(NULL, NULL, 0): the verifier objects to the arguments only when the helper is allowed.
  const prog = Buffer.concat([1, 2, 3].map((r) => insn(0xb7, r, 0, 0)).concat([insn(0x85, 0, 0, HELPERS.d_path), MOV_R0_0, EXIT]));
  try {
    closeFd(loadProgram({ type: BPF_PROG_TYPE_TRACING, expectedAttachType: BPF_TRACE_FENTRY, attachBtfId: target, insns: prog, license: "GPL", logLevel: 1 }));
    return true;
  } catch (e) {
    return e instanceof VerifierError && e.log.trim() !== "" && !/unknown func|cannot use helper|not allowed/.test(e.log);
  }
}

/** The verifier's instruction limit, as its log states it: `processed N insns (limit L)`. */
function instructionLimit(): string {
  // An invalid program (it reads r1, never set... in a way the verifier refuses) makes it log.
  const prog = Buffer.concat([insn(0x79, 0x0a << 4, 8, 0), EXIT]); // r0 = *(u64 *)(r10 + 8): out of the stack
  try {
    closeFd(loadProgram({ type: BPF_PROG_TYPE_RAW_TRACEPOINT, insns: prog, license: "GPL", logLevel: 1 }));
  } catch (e) {
    const m = e instanceof VerifierError ? /\(limit (\d+)\)/.exec(e.log) : null;
    if (m) return m[1]!;
  }
  return "unknown";
}

/** Two `name: value` pairs per line, the first padded to 35 columns, as bpftrace tabulates them. */
function tabulate(rows: [string, string][]): string {
  let out = "";
  for (let i = 0; i < rows.length; i += 2) {
    const first = `  ${rows[i]![0]}: ${rows[i]![1]}`.padEnd(35);
    const second = rows[i + 1] ? `${rows[i + 1]![0]}: ${rows[i + 1]![1]}`.padEnd(35) : "".padEnd(35);
    out += `${first}${second}`.trimEnd() + "\n";
  }
  return out;
}

const yesNo = (b: boolean): string => (b ? "yes" : "no");

export function infoReport(version: string): string {
  const btfDir = "/sys/kernel/btf";
  const moduleBtf = existsSync(btfDir) && readdirSync(btfDir).some((f) => f !== "vmlinux");
  const kprobes = pmuType("kprobe") !== undefined;
  const uprobes = pmuType("uprobe") !== undefined;
  let out = `System\n  OS: ${os.type()} ${os.release()} ${os.version()}\n  Arch: ${os.machine()}\n\n`;
  out += `Build\n  version: ${version}\n  code generator: ebt (no LLVM)\n\n`;
  out += "Kernel helpers\n" + tabulate([
    ["dpath", yesNo(hasDPath())],
    ["get_tai_ns", yesNo(hasHelper(HELPERS.ktime_get_tai_ns, BPF_PROG_TYPE_RAW_TRACEPOINT))],
    ["get_func_ip", yesNo(hasHelper(HELPERS.get_func_ip, BPF_PROG_TYPE_KPROBE))],
    ["lookup_percpu_elem", yesNo(hasHelper(HELPERS.map_lookup_percpu_elem, BPF_PROG_TYPE_RAW_TRACEPOINT))],
    ["loop", yesNo(hasHelper(HELPERS.loop, BPF_PROG_TYPE_RAW_TRACEPOINT))],
  ]) + "\n";
  out += "Kernel features\n" + tabulate([
    ["Instruction limit", instructionLimit()],
    ["btf", yesNo(existsSync(`${btfDir}/vmlinux`))],
    ["module btf", yesNo(moduleBtf)],
  ]) + "\n";
  // Multi-attach and session probes are links over the kprobe and uprobe machinery: without a PMU
  // for them (no CONFIG_KPROBES here, KERNEL.md) there are none; with one, the kernels ebt runs on
  // (6.x) have the link types too.
  out += "Probe types\n" + tabulate([
    ["kprobe_multi", yesNo(kprobes)],
    ["uprobe_multi", yesNo(uprobes)],
    ["kprobe_session", yesNo(kprobes)],
    ["iter", yesNo(kernelIterators().includes("task"))],
  ]) + "\n";
  return out;
}

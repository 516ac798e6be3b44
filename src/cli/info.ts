/**
 * `ebt --info`: the system, ebt's version, and what this kernel's BPF offers, in bpftrace's layout
 * (its sections and two-column table, padding included). Every feature is found by trying it, as
 * bpftrace does: a helper by loading a program that calls it, d_path and iterators by loading the
 * program that would use them, multi-attach links by creating one, the instruction limit from the
 * verifier's own log. Nothing is inferred from the kernel's version or configuration.
 */
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import {
  BPF_PROG_TYPE_KPROBE, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, BPF_TRACE_ITER, BPF_TRACE_KPROBE_MULTI,
  BPF_TRACE_KPROBE_SESSION, BPF_TRACE_UPROBE_MULTI,
} from "../abi/uapi.js";
import { BTF_KIND, kernelBtf } from "../btf/btf.js";
import { HELPERS } from "../codegen/bpf/index.js";
import { closeFd, linkCreate, linkCreateUprobeMulti, loadProgram, loadProgramWithLog, VerifierError } from "../runtime/bpf.js";
import { KernelError } from "../runtime/errors.js";

const insn = (code: number, dst: number, src: number, off: number, imm: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeUInt8(code, 0);
  b.writeUInt8((src << 4) | dst, 1);
  b.writeInt16LE(off, 2);
  b.writeInt32LE(imm, 4);
  return b;
};
const CALL = (helper: number): Buffer => insn(0x85, 0, 0, 0, helper);
const MOV_R0_0 = insn(0xb7, 0, 0, 0, 0);
const EXIT = insn(0x95, 0, 0, 0, 0);
/** `r = imm` as the two-slot 64-bit load. */
const LD_IMM64 = (r: number, imm: number): Buffer => Buffer.concat([insn(0x18, r, 0, 0, imm), insn(0, 0, 0, 0, 0)]);

/** Loads a program; its fd, or undefined when the kernel refuses it (with the verifier's log). */
function tryLoad(p: Parameters<typeof loadProgram>[0]): { fd?: number; log: string } {
  try {
    return { fd: loadProgram(p), log: "" };
  } catch (e) {
    if (e instanceof VerifierError) return { log: e.log };
    if (e instanceof KernelError) return { log: "" };
    throw e;
  }
}

/** A kprobe program may call `helper`: it loads, or the verifier objects to something else. */
function hasHelper(helper: number): boolean {
  const r = tryLoad({ type: BPF_PROG_TYPE_KPROBE, insns: Buffer.concat([CALL(helper), EXIT]), license: "GPL", logLevel: 1 });
  if (r.fd !== undefined) {
    closeFd(r.fd);
    return true;
  }
  return r.log.trim() !== "" && !/invalid func |unknown func |program of this type cannot use helper /.test(r.log);
}

/** Loads a tracing program attached (by BTF) to the kernel function `target`. */
function loadsTracing(target: string, attachType: number, insns: Buffer): boolean {
  // As bpftrace: tracing needs the list of traceable functions.
  if (!["/sys/kernel/tracing", "/sys/kernel/debug/tracing"].some((d) => existsSync(`${d}/available_filter_functions`))) return false;
  const id = kernelBtf()?.find(target, BTF_KIND.FUNC)[0];
  if (id === undefined) return false;
  const r = tryLoad({ type: BPF_PROG_TYPE_TRACING, expectedAttachType: attachType, attachBtfId: id, insns, license: "GPL" });
  if (r.fd === undefined) return false;
  closeFd(r.fd);
  return true;
}

/** d_path called by an fentry program on dentry_open (one of the functions it is allowed in). */
function hasDPath(): boolean {
  const prog = Buffer.concat([
    insn(0x79, 1, 1, 0, 0), // r1 = *(u64 *)(r1 + 0): the path argument
    insn(0xbf, 2, 10, 0, 0), // r2 = r10
    insn(0x07, 2, 0, 0, -8), // r2 += -8
    insn(0xb7, 6, 0, 0, 0), // r6 = 0
    insn(0x7b, 2, 6, 0, 0), // *(u64 *)(r2 + 0) = r6
    LD_IMM64(3, 8),
    CALL(HELPERS.d_path),
    MOV_R0_0,
    EXIT,
  ]);
  return loadsTracing("dentry_open", BPF_TRACE_FENTRY, prog);
}

/** The verifier's instruction limit, as its log of a two-instruction program states it. */
function instructionLimit(): number {
  try {
    const { fd, log } = loadProgramWithLog({ type: BPF_PROG_TYPE_KPROBE, insns: Buffer.concat([LD_IMM64(0, 0), EXIT]), license: "GPL" });
    closeFd(fd);
    const m = /processed 2 insns \(limit (\d+)\)/.exec(log);
    return m ? Number(m[1]) : -1;
  } catch (e) {
    if (e instanceof KernelError) return -1;
    throw e;
  }
}

/**
 * A kprobe program of `attachType` can be linked by `link`; with `refusal`, the kernel's answer
 * must be that error instead (uprobe_multi on a directory: the link type exists, the target does not).
 */
function linkWorks(attachType: number, link: (progFd: number) => number, refusal?: string): boolean {
  const r = tryLoad({ type: BPF_PROG_TYPE_KPROBE, expectedAttachType: attachType, insns: Buffer.concat([MOV_R0_0, EXIT]), license: "GPL" });
  if (r.fd === undefined) return false;
  try {
    closeFd(link(r.fd));
    return refusal === undefined;
  } catch (e) {
    if (e instanceof KernelError) return refusal !== undefined && e.code === refusal;
    throw e;
  } finally {
    closeFd(r.fd);
  }
}

const kprobeLink = (attachType: number) => (progFd: number) => linkCreate(progFd, 0, attachType, { kprobeMulti: ["ksys_read"] });

/** bpftrace's table: `name: value` pairs two to a line, each padded to 35 columns. */
function tabulate(rows: [string, string][]): string {
  let out = "";
  for (let i = 0; i < rows.length; i += 2) {
    out += `  ${rows[i]![0]}: ${rows[i]![1]}`.padEnd(35);
    const next = rows[i + 1];
    out += (next ? `${next[0]}: ${next[1]}`.padEnd(35) : "") + "\n";
  }
  return out;
}

const yesNo = (b: boolean): string => (b ? "yes" : "no");

export function infoReport(version: string): string {
  const btfDir = "/sys/kernel/btf";
  const moduleBtf = existsSync(btfDir) && readdirSync(btfDir).some((f) => f !== "vmlinux");
  let out = `System\n  OS: ${os.type()} ${os.release()} ${os.version()}\n  Arch: ${os.machine()}\n\n`;
  out += `Build\n  version: ${version}\n\n`;
  out += "Kernel helpers\n" + tabulate([
    ["dpath", yesNo(hasDPath())],
    ["get_tai_ns", yesNo(hasHelper(HELPERS.ktime_get_tai_ns))],
    ["get_func_ip", yesNo(hasHelper(HELPERS.get_func_ip))],
    ["lookup_percpu_elem", yesNo(hasHelper(HELPERS.map_lookup_percpu_elem))],
    ["loop", yesNo(hasHelper(HELPERS.loop))],
  ]) + "\n";
  out += "Kernel features\n" + tabulate([
    ["Instruction limit", String(instructionLimit())],
    ["btf", yesNo(kernelBtf() !== undefined)],
    ["module btf", yesNo(moduleBtf)],
  ]) + "\n";
  out += "Probe types\n" + tabulate([
    ["kprobe_multi", yesNo(linkWorks(BPF_TRACE_KPROBE_MULTI, kprobeLink(BPF_TRACE_KPROBE_MULTI)))],
    ["uprobe_multi", yesNo(linkWorks(BPF_TRACE_UPROBE_MULTI, (fd) => linkCreateUprobeMulti(fd, { path: "/", offsets: [0], ret: false }), "EBADF"))],
    ["kprobe_session", yesNo(linkWorks(BPF_TRACE_KPROBE_SESSION, kprobeLink(BPF_TRACE_KPROBE_SESSION)))],
    ["iter", yesNo(loadsTracing("bpf_iter_task", BPF_TRACE_ITER, Buffer.concat([MOV_R0_0, EXIT])))],
  ]) + "\n";
  return out;
}

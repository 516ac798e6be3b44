/**
 * Many uprobes of one file on one BPF link (BPF_TRACE_UPROBE_MULTI, Linux 6.6+): how current
 * bpftrace attaches a wildcard uprobe (`uprobe:./prog:f*`), one program for every match. The
 * program must be loaded with that expected attach type; the link takes the file's path and the
 * file offset of each function.
 */
import type { Attachment } from "../../contracts/provider.js";
import { BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_MULTI } from "../../abi/uapi.js";
import { closeFd, linkCreateUprobeMulti, loadProgram } from "../bpf.js";
import { KernelError } from "../errors.js";
import { pmuType } from "../bpf.js";

export interface UprobeMultiSpec {
  path: string;
  offsets: readonly number[];
  ret: boolean;
  pid?: number;
}

export function attachUprobeMulti(progFd: number, spec: UprobeMultiSpec): Attachment {
  return { fds: [linkCreateUprobeMulti(progFd, spec)] };
}

let supported: boolean | undefined;

/**
 * Whether this kernel has uprobe_multi links. Asked as bpftrace asks: a link on a directory
 * ("/") is refused with EBADF by a kernel that knows the attach type, and otherwise with EINVAL.
 */
export function uprobeMultiSupported(): boolean {
  if (supported !== undefined) return supported;
  supported = false;
  if (pmuType("uprobe") === undefined) return supported;
  // r0 = 0; exit
  const insns = Buffer.from([0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
  let prog: number;
  try {
    prog = loadProgram({ type: BPF_PROG_TYPE_KPROBE, insns, license: "GPL", name: "uprobe_multi", expectedAttachType: BPF_TRACE_UPROBE_MULTI });
  } catch (e) {
    if (e instanceof KernelError) return supported;
    throw e;
  }
  try {
    closeFd(linkCreateUprobeMulti(prog, { path: "/", offsets: [0], ret: false }));
    supported = true;
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    supported = e.code === "EBADF";
  } finally {
    closeFd(prog);
  }
  return supported;
}

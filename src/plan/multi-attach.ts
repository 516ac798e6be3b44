/**
 * One program for many targets (Provider.multiAttach): a wildcard uprobe's matches compile to
 * the same program unless the script tells them apart (`func`, `probe`, typed `args`), and then
 * current bpftrace loads that program once and attaches it with one uprobe_multi link. Programs
 * that came out byte for byte the same for targets of the same key are merged into one image.
 */
import type { KernelInfo } from "../contracts/kernel-info.js";
import type { ProgramImage } from "./plan.js";

export function mergeMultiAttach(programs: ProgramImage[], kernel: KernelInfo): ProgramImage[] {
  const out: ProgramImage[] = [];
  const groups = new Map<string, ProgramImage>();
  for (const image of programs) {
    const { provider } = image.target;
    const multi = provider.multiAttach;
    const key = multi && !image.runOnce ? multi.key(image.target) : undefined;
    if (key === undefined || !multi!.supported(kernel)) {
      out.push(image);
      continue;
    }
    const full = `${provider.name}\0${key}\0${sameCode(image)}`;
    const first = groups.get(full);
    if (first) {
      first.sites!.push(image.target);
      continue;
    }
    const merged: ProgramImage = { ...image, attach: { attachType: multi!.attachType, btfId: 0 }, sites: [image.target] };
    groups.set(full, merged);
    out.push(merged);
  }
  return out;
}

/** What makes two programs the same: their instructions, map and option references and subprograms. */
function sameCode(image: ProgramImage): string {
  const { bytecode, relocations, options = [] } = image.code;
  const funcs = image.funcs ? `${image.funcs.btf.toString("base64")}/${image.funcs.funcInfo.toString("base64")}` : "";
  return `${bytecode.toString("base64")}|${relocations.map((r) => `${r.slot}:${r.map}`).join(",")}|${options.map((o) => `${o.slot}:${o.option}:${o.byte}`).join(",")}|${funcs}`;
}

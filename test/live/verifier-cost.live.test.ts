/**
 * The kernel side of start-up and of every event: how many instructions the verifier walks to
 * accept a program (bpf_prog_info.verified_insns), counted rather than timed. A branch per step of
 * hist()'s log2 once made the verifier walk every path (787 instructions for one hist(), bpftrace:
 * 83); the bound here catches such a blow-up coming back.
 */
import { describe, expect, it } from "vitest";
import { patchMapFds } from "../../src/codegen/bpf/index.js";
import { closeFd, createMap, loadProgram, progInfo } from "../../src/runtime/bpf.js";
import { compile } from "../../src/compile.js";
import { LiveKernelInfo } from "../../src/runtime/kernel-info.js";

/** Loads the program of a one-probe `source` (never attached) and returns its verified_insns. */
function verifiedInsns(source: string): { insns: number; verified: number } {
  const r = compile(source, "test", new LiveKernelInfo(), {});
  expect(r.diagnostics.items).toEqual([]);
  const plan = r.plan!;
  const maps = new Map<string, number>();
  try {
    for (const m of plan.maps) maps.set(m.name, createMap(m.spec));
    const [p] = plan.programs.filter((x) => !x.runOnce);
    const fd = loadProgram({ type: p!.progType, insns: patchMapFds(p!.code, (name) => maps.get(name)!), license: "GPL", name: "ebt_test" });
    try {
      return { insns: p!.code.bytecode.length / 8, verified: progInfo(fd).verifiedInsns };
    } finally {
      closeFd(fd);
    }
  } finally {
    for (const fd of maps.values()) closeFd(fd);
  }
}

describe("verifier cost", () => {
  for (const [name, src] of [
    ["hist", "tracepoint:raw_syscalls:sys_enter { @ns = hist(nsecs & 0xffff); }"],
    ["hist keyed by pid", "tracepoint:raw_syscalls:sys_enter { @[pid] = hist(nsecs & 0xffff); }"],
    ["hist with 4 buckets per power of two", "tracepoint:raw_syscalls:sys_enter { @ns = hist(nsecs & 0xffff, 2); }"],
  ] as const) {
    it(`${name}: the verifier walks each instruction about once, not every path`, () => {
      const { insns, verified } = verifiedInsns(src);
      expect(verified).toBeLessThanOrEqual(2 * insns);
    });
  }
});

/**
 * Every golden program passes the kernel's verifier: a golden .asm file can never pin code that the
 * kernel would reject. Programs are loaded, never attached, then everything is closed.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { patchMapFds } from "../../src/codegen/bpf/index.js";
import { BPF_TRACE_FENTRY, BPF_TRACE_FEXIT } from "../../src/abi/uapi.js";
import { closeFd, createMap, loadProgram, VerifierError } from "../../src/runtime/bpf.js";
import { compileGolden, GOLDEN_DIR } from "../golden/compile-golden.js";

describe("golden programs load into the kernel", () => {
  for (const file of readdirSync(GOLDEN_DIR).filter((f) => f.endsWith(".ebt"))) {
    it(file, () => {
      const { plan } = compileGolden(file);
      expect(plan).toBeDefined();
      const fds = new Map<string, number>();
      try {
        for (const m of plan!.maps) fds.set(m.name, createMap(m.spec));
        for (const p of plan!.programs) {
          const insns = patchMapFds(p.code, (name) => fds.get(name)!);
          let fd: number;
          try {
            fd = loadProgram({ type: p.progType, insns, license: "GPL", name: "ebt_golden", funcs: p.funcs, expectedAttachType: p.attach?.attachType, attachBtfId: p.attach?.btfId });
          } catch (e) {
            // KERNEL.md: this kernel refuses fentry/fexit programs with EPERM before its verifier
            // runs (an empty log); anything else (a verifier log) is a rejection of our code.
            const fentry = p.attach?.attachType === BPF_TRACE_FENTRY || p.attach?.attachType === BPF_TRACE_FEXIT;
            if (fentry && e instanceof VerifierError && e.code === "EPERM" && e.log === "") continue;
            if (e instanceof VerifierError) throw new Error(`${p.target.name} rejected:\n${e.log.split("\n").slice(-15).join("\n")}`);
            throw e;
          }
          closeFd(fd);
        }
      } finally {
        for (const fd of fds.values()) closeFd(fd);
      }
    });
  }
});

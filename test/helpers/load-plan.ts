/** Loads every program of a compiled plan into the kernel (never attaching), then closes it all. */
import type { Plan } from "../../src/plan/plan.js";
import { patchMapFds } from "../../src/codegen/bpf/index.js";
import { closeFd, createMap, loadProgram, VerifierError } from "../../src/runtime/bpf.js";

/** Returns the names of the programs the verifier accepted; throws with the verifier's last lines otherwise. */
export function loadPlan(plan: Plan): string[] {
  const maps = new Map<string, number>();
  const loaded: string[] = [];
  try {
    for (const m of plan.maps) maps.set(m.name, createMap(m.spec));
    for (const p of plan.programs) {
      const insns = patchMapFds(p.code, (name) => maps.get(name)!);
      let fd: number;
      try {
        fd = loadProgram({ type: p.progType, insns, license: "GPL", name: "ebt_test", funcs: p.funcs, expectedAttachType: p.attach?.attachType, attachBtfId: p.attach?.btfId });
      } catch (e) {
        if (e instanceof VerifierError) throw new Error(`${p.target.name} rejected:\n${e.log.split("\n").slice(-15).join("\n")}`);
        throw e;
      }
      closeFd(fd);
      loaded.push(p.target.name);
    }
  } finally {
    for (const fd of maps.values()) closeFd(fd);
  }
  return loaded;
}

/** Snapshots of the kernel's BPF objects, to prove a run left nothing of ours behind. */
import { listIds } from "../../src/runtime/bpf.js";

export interface BpfObjects {
  prog: Set<number>;
  map: Set<number>;
  link: Set<number>;
}

export function snapshot(): BpfObjects {
  return { prog: new Set(listIds("prog")), map: new Set(listIds("map")), link: new Set(listIds("link")) };
}

/** Objects present now that were not in `before`. The kernel frees objects asynchronously (RCU),
 * so this polls briefly before reporting what is still there. */
export async function leftSince(before: BpfObjects, timeoutMs = 3000): Promise<{ prog: number[]; map: number[]; link: number[] }> {
  const start = Date.now();
  for (;;) {
    const now = snapshot();
    const diff = {
      prog: [...now.prog].filter((id) => !before.prog.has(id)),
      map: [...now.map].filter((id) => !before.map.has(id)),
      link: [...now.link].filter((id) => !before.link.has(id)),
    };
    if (diff.prog.length + diff.map.length + diff.link.length === 0 || Date.now() - start > timeoutMs) return diff;
    await new Promise((r) => setTimeout(r, 50));
  }
}

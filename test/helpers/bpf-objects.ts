/** Snapshots of the kernel's BPF objects, to prove a run left nothing of ours behind. */
import { readdirSync, readFileSync } from "node:fs";
import { listIds } from "../../src/runtime/bpf.js";

export interface BpfObjects {
  prog: Set<number>;
  map: Set<number>;
  link: Set<number>;
}

type Kind = keyof BpfObjects;

export function snapshot(): BpfObjects {
  return { prog: new Set(listIds("prog")), map: new Set(listIds("map")), link: new Set(listIds("link")) };
}

/**
 * Ids of BPF objects that some live process holds an fd to (from /proc/PID/fdinfo). A leak is an
 * object that outlived every fd of ebt; objects still held belong to processes that are running,
 * such as another test run on the same machine, and are not ours to report.
 */
export function heldByLiveProcesses(): BpfObjects {
  const held: BpfObjects = { prog: new Set(), map: new Set(), link: new Set() };
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fdinfo`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let info: string;
      try {
        info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8");
      } catch {
        continue;
      }
      for (const m of info.matchAll(/^(prog|map|link)_id:\s*(\d+)$/gm)) held[m[1] as Kind].add(Number(m[2]));
    }
  }
  return held;
}

/** Objects present now that were not in `before` and that no live process holds. The kernel frees
 * objects asynchronously (RCU), so this polls briefly before reporting what is still there. */
export async function leftSince(before: BpfObjects, timeoutMs = 3000): Promise<{ prog: number[]; map: number[]; link: number[] }> {
  const start = Date.now();
  for (;;) {
    const now = snapshot();
    const held = heldByLiveProcesses();
    const fresh = (k: Kind) => [...now[k]].filter((id) => !before[k].has(id) && !held[k].has(id));
    const diff = { prog: fresh("prog"), map: fresh("map"), link: fresh("link") };
    if (diff.prog.length + diff.map.length + diff.link.length === 0 || Date.now() - start > timeoutMs) return diff;
    await new Promise((r) => setTimeout(r, 50));
  }
}

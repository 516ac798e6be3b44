/** clear() and zero() of a whole map, done from user space between events, as bpftrace does. */
import type { MapPlan } from "../plan/plan.js";
import { mapDelete, mapKeys, mapUpdate, possibleCpus } from "./bpf.js";

/** Removes every entry: a cleared map prints as empty, count() maps without keys too (bpftrace 0.17
 * zeroed those and printed `@b: 0` at exit; current bpftrace prints nothing). */
export function clearMap(plan: MapPlan, fd: number): void {
  for (const key of mapKeys(fd, plan.spec.keySize)) mapDelete(fd, key);
}

/** Every value becomes zero (for min/max: "not set"); the keys stay. */
export function zeroMap(plan: MapPlan, fd: number): void {
  const slot = (plan.spec.valueSize + 7) & ~7;
  const zero = Buffer.alloc(plan.perCpu ? slot * possibleCpus() : plan.spec.valueSize);
  for (const key of mapKeys(fd, plan.spec.keySize)) mapUpdate(fd, key, zero);
}


/** clear() and zero() of a whole map, done from user space between events, as bpftrace does. */
import type { MapPlan } from "../codegen/map-plan.js";
import { isHistogram } from "../semantic/types.js";
import { mapDelete, mapKeys, mapUpdate, possibleCpus } from "./bpf.js";

/** Removes every entry; a map without keys is zeroed instead, as bpftrace does (it then
 * prints `@b: 0` at exit rather than nothing). */
export function clearMap(plan: MapPlan, fd: number): void {
  if (plan.info && plan.info.keys.length === 0 && !isHistogram(plan.info.value)) return zeroMap(plan, fd);
  for (const key of mapKeys(fd, plan.spec.keySize)) mapDelete(fd, key);
}

/** Every value becomes zero (for min/max: "not set"); the keys stay. */
export function zeroMap(plan: MapPlan, fd: number): void {
  const slot = (plan.spec.valueSize + 7) & ~7;
  const zero = Buffer.alloc(plan.perCpu ? slot * possibleCpus() : plan.spec.valueSize);
  for (const key of mapKeys(fd, plan.spec.keySize)) mapUpdate(fd, key, zero);
}

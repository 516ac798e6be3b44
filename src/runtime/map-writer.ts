/** clear() and zero() of a whole map, done from user space between events, as bpftrace does. */
import type { MapPlan } from "../plan/plan.js";
import { BPF_NOEXIST } from "../abi/uapi.js";
import { KernelError, mapDelete, mapKeys, mapUpdate, possibleCpus } from "./bpf.js";

/** Removes every entry. A count() map without keys is zeroed instead, as bpftrace 0.17 does (it
 * then prints `@b: 0` at exit); any other cleared map prints as empty. */
export function clearMap(plan: MapPlan, fd: number): void {
  if (clearsToZero(plan)) return zeroMap(plan, fd);
  for (const key of mapKeys(fd, plan.spec.keySize)) mapDelete(fd, key);
}

/** Every value becomes zero (for min/max: "not set"); the keys stay. */
export function zeroMap(plan: MapPlan, fd: number): void {
  const slot = (plan.spec.valueSize + 7) & ~7;
  const zero = Buffer.alloc(plan.perCpu ? slot * possibleCpus() : plan.spec.valueSize);
  for (const key of mapKeys(fd, plan.spec.keySize)) mapUpdate(fd, key, zero);
}

function clearsToZero(plan: MapPlan): boolean {
  const v = plan.info?.value;
  return plan.info !== undefined && plan.info.keys.length === 0 && v?.kind === "agg" && v.agg === "count";
}

/**
 * After print-and-clear took every entry: a scalar count() map goes back to 0, as clear() leaves
 * it. BPF_NOEXIST keeps an entry a probe created in the meantime (nothing it counted is lost).
 */
export function restoreClearedScalar(plan: MapPlan, fd: number, generation?: bigint): void {
  if (!clearsToZero(plan)) return;
  const slot = (plan.spec.valueSize + 7) & ~7;
  const key = Buffer.alloc(plan.spec.keySize);
  if (generation !== undefined) key.writeBigUInt64LE(generation, plan.spec.keySize - 8);
  try {
    mapUpdate(fd, key, Buffer.alloc(plan.perCpu ? slot * possibleCpus() : plan.spec.valueSize), BPF_NOEXIST);
  } catch (e) {
    if (!(e instanceof KernelError && e.code === "EEXIST")) throw e;
  }
}

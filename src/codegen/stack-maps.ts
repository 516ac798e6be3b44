/**
 * The stack-trace maps behind kstack/ustack: one BPF_MAP_TYPE_STACK_TRACE per frame limit (the
 * map's value holds `limit` u64 addresses; kernel and user stacks share it, as their ids do not
 * collide). A stack value in a map key or record is the id bpf_get_stackid returned.
 */
import { BPF_MAP_TYPE_STACK_TRACE } from "../abi/uapi.js";
import type { CheckedProbe } from "../semantic/check.js";
import type { MapPlan } from "../plan/plan.js";
import { stackMapName } from "../plan/plan.js";

/** bpftrace's default stack depth, also the kernel's default perf_event_max_stack. */
export const DEFAULT_STACK_LIMIT = 127;
/** Distinct stacks a map can hold (bpftrace's default too). */
const STACK_MAP_ENTRIES = 4096;

/** A plan per frame limit the probes use, in first-use order. */
export function stackMapPlans(probes: readonly CheckedProbe[]): MapPlan[] {
  const limits = new Set<number>();
  for (const p of probes) for (const t of p.types.values()) if (t.kind === "stack") limits.add(t.limit);
  return [...limits].map((limit) => ({
    name: stackMapName(limit),
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_STACK_TRACE, keySize: 4, valueSize: 8 * limit, maxEntries: STACK_MAP_ENTRIES, name: `ebt_stack_${limit}` },
  }));
}

/**
 * The stack-trace maps behind kstack/ustack: one BPF_MAP_TYPE_STACK_TRACE per frame limit (the
 * map's value holds `limit` u64 addresses; kernel and user stacks share it, as their ids do not
 * collide). A stack value in a map key or record is the id bpf_get_stackid returned.
 */
import { BPF_F_STACK_BUILD_ID, BPF_MAP_TYPE_STACK_TRACE, BPF_STACK_BUILD_ID_SIZE } from "../abi/uapi.js";
import type { CheckedProbe } from "../semantic/check.js";
import type { MapPlan } from "../plan/plan.js";
import { stackMapName } from "../plan/plan.js";

/** bpftrace's default stack depth, also the kernel's default perf_event_max_stack. */
export const DEFAULT_STACK_LIMIT = 127;
/** Distinct stacks a map can hold (bpftrace's default too). */
const STACK_MAP_ENTRIES = 4096;

/**
 * A plan per frame limit the probes use, in first-use order. ustack(build_id) stacks have maps of
 * their own: the kernel records build id + file offset per frame in a map made with that flag.
 */
export function stackMapPlans(probes: readonly CheckedProbe[]): MapPlan[] {
  const names = new Map<string, MapPlan>();
  for (const p of probes) {
    for (const t of p.types.values()) {
      if (t.kind !== "stack") continue;
      const buildId = t.mode === "build_id";
      const name = stackMapName(t.limit, buildId);
      if (names.has(name)) continue;
      names.set(name, {
        name,
        perCpu: false,
        spec: {
          type: BPF_MAP_TYPE_STACK_TRACE, keySize: 4, valueSize: stackFrameSize(buildId) * t.limit, maxEntries: STACK_MAP_ENTRIES,
          name: buildId ? `ebt_stack_bid_${t.limit}` : `ebt_stack_${t.limit}`, ...(buildId ? { flags: BPF_F_STACK_BUILD_ID } : {}),
        },
      });
    }
  }
  return [...names.values()];
}

/** Bytes of one frame in a stack map. */
export function stackFrameSize(buildId: boolean): number {
  return buildId ? BPF_STACK_BUILD_ID_SIZE : 8;
}

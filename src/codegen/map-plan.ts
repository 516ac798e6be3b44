/** Decides the kernel map behind each language map: its type, key and value sizes. */
import { BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_PERF_EVENT_ARRAY, BPF_MAP_TYPE_LRU_HASH, BPF_MAP_TYPE_LRU_PERCPU_HASH, BPF_MAP_TYPE_PERCPU_HASH, BPF_MAP_TYPE_RINGBUF } from "../abi/uapi.js";
import type { MapPlan } from "../plan/plan.js";
import type { MapInfo } from "../contracts/map-info.js";
import { isArrayAgg, storageSize } from "../semantic/types.js";
import { GENERATIONS_MAP, keyLayout, LOST_MAP, MAP_FULL_MAP, MAP_FULL_SLOTS, PERF_OUTPUT_MAP, RINGBUF_MAP, ZEROES_MAP } from "../plan/plan.js";
import { GENERATION_SLOTS } from "../semantic/print-clear.js";

import { DEFAULT_MAP_KEYS, impliedKind } from "../semantic/map-settings.js";
import type { MapKind, MapSettings } from "../semantic/map-settings.js";

export { DEFAULT_MAP_KEYS };

const KERNEL_MAP_TYPE: Record<MapKind, number> = {
  hash: BPF_MAP_TYPE_HASH,
  lruhash: BPF_MAP_TYPE_LRU_HASH,
  percpuhash: BPF_MAP_TYPE_PERCPU_HASH,
  percpulruhash: BPF_MAP_TYPE_LRU_PERCPU_HASH,
};

/** Ring buffer size: a power of two, a multiple of the page size. */
export const RINGBUF_BYTES = 1 << 20;

export function planMaps(maps: ReadonlyMap<string, MapInfo>, settings?: Pick<MapSettings, "maxMapKeys" | "decls">): MapPlan[] {
  const plans: MapPlan[] = [...maps.values()].map((info) => {
    const perCpu = info.value.kind === "agg";
    const keySize = keyLayout(info).total;
    const decl = settings?.decls.get(info.name);
    const kind = decl?.kind ?? impliedKind(info.value);
    return {
      name: info.name,
      info,
      perCpu,
      spec: {
        type: KERNEL_MAP_TYPE[kind],
        // Preallocated, as bpftrace's maps are: without it a probe in hardirq context (interval,
        // profile) gets ENOMEM for a new key once the kernel's small allocation cache is empty
        // (the 2nd new key of a per-CPU map in one event, the 5th of a plain one), and the
        // cache is only refilled after the event. The price: an entry user space deletes
        // (clear, print-and-clear) can be reused at once, so an update racing it may land there.
        flags: 0,
        keySize,
        valueSize: storageSize(info.value),
        maxEntries: decl?.maxEntries ?? settings?.maxMapKeys ?? DEFAULT_MAP_KEYS,
        name: info.name === "@" ? "AT_" : `AT_${info.name.slice(1)}`,
      },
    };
  });
  plans.push({
    name: RINGBUF_MAP,
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_RINGBUF, keySize: 0, valueSize: 0, maxEntries: RINGBUF_BYTES, name: "ebt_ringbuf" },
  });
  plans.push({
    name: GENERATIONS_MAP,
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 8 * GENERATION_SLOTS, maxEntries: 1, name: "ebt_generation" },
  });
  plans.push({
    name: MAP_FULL_MAP,
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 8 * MAP_FULL_SLOTS, maxEntries: 1, name: "ebt_map_full" },
  });
  const histogramBytes = [...maps.values()].filter((m) => isArrayAgg(m.value)).map((m) => storageSize(m.value));
  if (histogramBytes.length > 0) {
    plans.push({
      name: ZEROES_MAP,
      perCpu: false,
      spec: { type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: Math.max(...histogramBytes), maxEntries: 1, name: "ebt_zeroes" },
    });
  }
  plans.push({
    name: LOST_MAP,
    perCpu: false,
    // u64 0: records the ring buffer had no room for; u64 1: set once exit() ran (EXIT_FLAG_OFFSET).
    spec: { type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 16, maxEntries: 1, name: "ebt_lost" },
  });
  return plans;
}

/**
 * The scratch map of a program whose big objects do not fit on its stack (codegen/stack.ts): an
 * array with an area per possible CPU, indexed by CPU number. Not a per-CPU array: those values
 * are limited to 32 KiB.
 */
export function scratchMapPlan(name: string, bytes: number, cpus: number): MapPlan {
  return {
    name,
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: Math.max(8, bytes), maxEntries: Math.max(1, cpus), name: `ebt_${name}` },
  };
}

/** The perf event array of a program that calls skboutput(): a slot per possible CPU (runtime/perf-output.ts fills them). */
export function perfOutputMapPlan(cpus: number): MapPlan {
  return {
    name: PERF_OUTPUT_MAP,
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_PERF_EVENT_ARRAY, keySize: 4, valueSize: 4, maxEntries: Math.max(1, cpus), name: "ebt_perf_output" },
  };
}


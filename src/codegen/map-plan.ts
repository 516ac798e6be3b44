/** Decides the kernel map behind each language map: its type, key and value sizes. */
import {
  BPF_MAP_TYPE_ARRAY,
  BPF_MAP_TYPE_HASH,
  BPF_MAP_TYPE_PERCPU_HASH,
  BPF_MAP_TYPE_RINGBUF,
} from "../runtime/bpf.js";
import type { MapSpec } from "../runtime/bpf.js";
import type { MapInfo } from "../semantic/check.js";
import { storageSize } from "../semantic/types.js";
import { keyLayout } from "./map-ops.js";
import { LOST_MAP, RINGBUF_MAP } from "./probe-codegen.js";

/** bpftrace's default map size (its max_map_keys). */
export const DEFAULT_MAP_KEYS = 4096;

/** Ring buffer size: a power of two, a multiple of the page size. */
export const RINGBUF_BYTES = 1 << 20;

export interface MapPlan {
  /** The language name (`@x`, `@`), also the relocation name. */
  name: string;
  spec: MapSpec;
  /** For language maps: the types of keys and values, which decide how they print. */
  info?: MapInfo;
  perCpu: boolean;
}

export function planMaps(maps: ReadonlyMap<string, MapInfo>, maxEntries = DEFAULT_MAP_KEYS): MapPlan[] {
  const plans: MapPlan[] = [...maps.values()].map((info) => {
    const perCpu = info.value.kind === "agg";
    const keySize = keyLayout(info).total;
    return {
      name: info.name,
      info,
      perCpu,
      spec: {
        type: perCpu ? BPF_MAP_TYPE_PERCPU_HASH : BPF_MAP_TYPE_HASH,
        keySize,
        valueSize: storageSize(info.value),
        maxEntries,
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
    name: LOST_MAP,
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 8, maxEntries: 1, name: "ebt_lost" },
  });
  return plans;
}

/** Reads a whole map out of the kernel into the printable MapDump, combining per-CPU values. */
import type { MapPlan } from "../codegen/map-plan.js";
import { mapKeys, mapLookup, possibleCpus } from "./bpf.js";
import { decodeValue, decodeValues } from "./decode.js";
import type { AggValue, MapDump } from "./output/text.js";

export function readMap(plan: MapPlan, fd: number): MapDump {
  const info = plan.info!;
  const { keySize, valueSize } = plan.spec;
  const cpus = plan.perCpu ? possibleCpus() : 1;
  const slot = (valueSize + 7) & ~7;
  const entries: MapDump["entries"] = [];
  for (const key of mapKeys(fd, keySize)) {
    const raw = mapLookup(fd, key, slot * cpus);
    if (!raw) continue; // deleted while we iterated
    const value: AggValue =
      info.value.kind === "agg"
        ? combine(info.value.agg, raw, cpus, slot)
        : { kind: "value", value: decodeValue(info.value, raw, 0) };
    entries.push({ key: info.keys.length === 0 ? [] : decodeValues(info.keys, key), value });
  }
  return { name: plan.name, keyed: info.keys.length > 0, entries };
}

/** Sums each CPU's copy (per-CPU lookups return one value slot per possible CPU). */
function combine(agg: string, raw: Buffer, cpus: number, slot: number): AggValue {
  let total = 0n;
  for (let c = 0; c < cpus; c++) total += raw.readBigUInt64LE(c * slot);
  switch (agg) {
    case "count":
      return { kind: "count", value: total };
    case "sum":
      return { kind: "sum", value: BigInt.asIntN(64, total) };
    default:
      throw new Error(`internal: reading ${agg}() maps is not implemented`);
  }
}

/** Reads a whole map out of the kernel into the printable MapDump, combining per-CPU values. */
import type { MapPlan } from "../plan/plan.js";
import { keyLayout } from "../plan/plan.js";
import type { AggKind } from "../semantic/types.js";
import { aggValueSize, isHistogram, storageSize } from "../semantic/types.js";
import { mapEntries, mapKeys, mapLookupAndDelete, possibleCpus } from "./bpf.js";
import type { MapEntry } from "./bpf.js";
import { decodeValue, decodeValues } from "./decode.js";
import type { AggValue, MapDump } from "./output/text.js";
import type { StackSource } from "./symbols.js";
import { buildSeries, reduceSlots } from "./output/tseries.js";

/** With `take`, every entry read is also removed, in the same step (print(@m) followed by clear(@m)). */
export function readMap(plan: MapPlan, fd: number, stacks?: StackSource, take = false, onlyGeneration?: bigint): MapDump {
  const info = plan.info!;
  const { keySize, valueSize } = plan.spec;
  const cpus = plan.perCpu ? possibleCpus() : 1;
  const slot = (valueSize + 7) & ~7;
  const layout = keyLayout(info);
  const decodeKey = (key: Buffer) => (info.keys.length === 0 ? [] : decodeValues(info.keys, key, 0, stacks));
  const entries: MapDump["entries"] = [];
  const value = info.value;
  const series: { key: Buffer; values: Map<bigint, bigint> }[] = [];
  for (const { key, value: raw } of take ? takeEntries(fd, keySize, slot * cpus, layout.genOffset, onlyGeneration) : mapEntries(fd, keySize, slot * cpus)) {
    if (onlyGeneration !== undefined && key.readBigUInt64LE(layout.genOffset!) !== onlyGeneration) continue;
    const perCpu = Array.from({ length: cpus }, (_, c) => raw.subarray(c * slot, c * slot + valueSize));
    if (value.kind === "agg" && value.agg === "tseries") {
      series.push({ key, values: reduceSlots(perCpu, value.tseries!, value.signed) });
    } else if (value.kind !== "agg") {
      entries.push({ key: decodeKey(key), value: { kind: "value", value: decodeValue(value, raw, 0, stacks) } });
    } else if (value.agg === "hist" || value.agg === "lhist") {
      // Each CPU's array of bucket counts, added up bucket by bucket; empty buckets are left out.
      const buckets = new Map<number, bigint>();
      for (let i = 0; i < valueSize / 8; i++) {
        const n = perCpu.reduce((sum, b) => sum + b.readBigUInt64LE(i * 8), 0n);
        if (n !== 0n) buckets.set(i, n);
      }
      entries.push({
        key: decodeKey(key),
        value: value.agg === "lhist" ? { kind: "lhist", ...value.lhist!, buckets } : { kind: "hist", bits: value.bits ?? 0, buckets },
      });
    } else {
      entries.push({ key: decodeKey(key), value: combine(value.agg, perCpu) });
    }
  }
  if (value.kind === "agg" && value.tseries) {
    // As bpftrace: keys in the order of their bytes; every key shows the same window of time.
    series.sort((a, b) => Buffer.compare(a.key, b.key));
    const built = buildSeries(
      series.map((s) => s.values),
      value.tseries,
    );
    series.forEach((s, i) => entries.push({ key: decodeKey(s.key), value: { ...built[i]!, signed: value.signed } }));
  }
  return { name: plan.name, keyed: info.keys.length > 0, entries };
}

/** Reads and removes every entry (of generation `only`, when given), one key at a time. */
function takeEntries(fd: number, keySize: number, valueSize: number, genOffset?: number, only?: bigint): MapEntry[] {
  const out: MapEntry[] = [];
  for (const key of mapKeys(fd, keySize)) {
    if (only !== undefined && key.readBigUInt64LE(genOffset!) !== only) continue;
    const value = mapLookupAndDelete(fd, key, valueSize);
    if (value) out.push({ key, value }); // else deleted while we iterated
  }
  return out;
}

/**
 * print(@x) of a scalar map nothing has set yet shows its zero value (`@x: 0`, a record of zeros,
 * empty stats), as current bpftrace prints it; a keyed map or a histogram stays empty.
 */
export function withZeroScalar(plan: MapPlan, dump: MapDump): MapDump {
  const value = plan.info!.value;
  if (dump.keyed || dump.entries.length > 0 || isHistogram(value)) return dump;
  const zero =
    value.kind === "agg"
      ? combine(value.agg, [Buffer.alloc(aggValueSize(value.agg))])
      : ({ kind: "value", value: decodeValue(value, Buffer.alloc(storageSize(value)), 0) } as const);
  return { ...dump, entries: [{ key: [], value: zero }] };
}

/** Combines each CPU's copy of an aggregation's value into one. */
function combine(agg: AggKind, perCpu: Buffer[]): AggValue {
  const u64 = (b: Buffer, off: number) => b.readBigUInt64LE(off);
  const s64 = (b: Buffer, off: number) => b.readBigInt64LE(off);
  switch (agg) {
    case "count":
      return { kind: "count", value: perCpu.reduce((n, b) => n + u64(b, 0), 0n) };
    case "sum":
      return { kind: "sum", value: BigInt.asIntN(64, perCpu.reduce((n, b) => n + u64(b, 0), 0n)) };
    case "min":
    case "max": {
      const set = perCpu.filter((b) => u64(b, 8) !== 0n).map((b) => s64(b, 0));
      const pick = (a: bigint, b: bigint) => (agg === "min" ? (b < a ? b : a) : b > a ? b : a);
      return { kind: agg, value: set.length === 0 ? 0n : set.reduce(pick) };
    }
    case "avg":
    case "stats":
      return {
        kind: agg,
        count: perCpu.reduce((n, b) => n + u64(b, 0), 0n),
        sum: BigInt.asIntN(64, perCpu.reduce((n, b) => n + u64(b, 8), 0n)),
      };
    case "hist":
    case "lhist":
    case "tseries":
      throw new Error("internal: histograms and time series are combined slot by slot");
  }
}

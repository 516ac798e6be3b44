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
import type { Value } from "../plan/value.js";
import { buildSeries, reduceSlots } from "./output/tseries.js";

/**
 * Decoded keys kept from one read of a map to the next, by their bytes: a reader that reads the same
 * map again and again (the Prometheus exporter) decodes (and symbolizes) each key once, and gets the
 * same Value[] object back for it, so it can keep what it derives from a key too. Keys absent from a
 * read are forgotten.
 */
export class KeyCache {
  private last = new Map<string, Value[]>();
  private next = new Map<string, Value[]>();

  get(key: Buffer, decode: (key: Buffer) => Value[]): Value[] {
    const id = key.toString("latin1");
    let v = this.last.get(id) ?? this.next.get(id);
    if (!v) v = decode(key);
    this.next.set(id, v);
    return v;
  }

  /** Ends one read: what it did not see is dropped. */
  sweep(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

/** With `take`, every entry read is also removed, in the same step (print(@m) followed by clear(@m)). */
export function readMap(plan: MapPlan, fd: number, stacks?: StackSource, take = false, onlyGeneration?: bigint, keyCache?: KeyCache): MapDump {
  const info = plan.info!;
  const { keySize, valueSize } = plan.spec;
  const cpus = plan.perCpu ? possibleCpus() : 1;
  const slot = (valueSize + 7) & ~7;
  const layout = keyLayout(info);
  const decodeFresh = (key: Buffer) => (info.keys.length === 0 ? [] : decodeValues(info.keys, key, 0, stacks));
  const decodeKey = keyCache ? (key: Buffer) => keyCache.get(key, decodeFresh) : decodeFresh;
  const entries: MapDump["entries"] = [];
  const value = info.value;
  const series: { key: Buffer; values: Map<bigint, bigint> }[] = [];
  for (const { key, value: raw } of take ? takeEntries(fd, keySize, slot * cpus, layout.genOffset, onlyGeneration) : mapEntries(fd, keySize, slot * cpus)) {
    if (onlyGeneration !== undefined && key.readBigUInt64LE(layout.genOffset!) !== onlyGeneration) continue;
    if (value.kind === "agg" && value.agg === "tseries") {
      const perCpu = Array.from({ length: cpus }, (_, c) => raw.subarray(c * slot, c * slot + valueSize));
      series.push({ key, values: reduceSlots(perCpu, value.tseries!, value.signed) });
    } else if (value.kind !== "agg") {
      entries.push({ key: decodeKey(key), value: { kind: "value", value: decodeValue(value, raw, 0, stacks) } });
    } else if (value.agg === "hist" || value.agg === "lhist") {
      // Each CPU's array of bucket counts, added up bucket by bucket (empty buckets are left out),
      // then the sum of the values counted.
      const buckets = new Map<number, bigint>();
      const slots = valueSize / 8 - 1;
      const total = (off: number) => {
        let n = 0n;
        for (let c = 0; c < cpus; c++) n += raw.readBigUInt64LE(c * slot + off);
        return n;
      };
      for (let i = 0; i < slots; i++) {
        const n = total(i * 8);
        if (n !== 0n) buckets.set(i, n);
      }
      const sum = BigInt.asIntN(64, total(slots * 8));
      entries.push({
        key: decodeKey(key),
        value: value.agg === "lhist" ? { kind: "lhist", ...value.lhist!, buckets, sum } : { kind: "hist", bits: value.bits ?? 0, buckets, sum },
      });
    } else {
      entries.push({ key: decodeKey(key), value: combine(value.agg, raw, slot, cpus) });
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
  keyCache?.sweep();
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
      ? combine(value.agg, Buffer.alloc(aggValueSize(value.agg)), 0, 1)
      : ({ kind: "value", value: decodeValue(value, Buffer.alloc(storageSize(value)), 0) } as const);
  return { ...dump, entries: [{ key: [], value: zero }] };
}

/** Combines each CPU's copy of an aggregation's value (CPU c's at `c * slot` in `raw`) into one. */
function combine(agg: AggKind, raw: Buffer, slot: number, cpus: number): AggValue {
  // Read in place, without a view per CPU: an exporter combines every key of a map per scrape.
  const total = (off: number) => {
    let n = 0n;
    for (let c = 0; c < cpus; c++) n += raw.readBigUInt64LE(c * slot + off);
    return n;
  };
  switch (agg) {
    case "count":
      return { kind: "count", value: total(0) };
    case "sum":
      return { kind: "sum", value: BigInt.asIntN(64, total(0)) };
    case "min":
    case "max": {
      let best: bigint | undefined;
      for (let c = 0; c < cpus; c++) {
        if (raw.readBigUInt64LE(c * slot + 8) === 0n) continue; // this CPU never set it
        const v = raw.readBigInt64LE(c * slot);
        if (best === undefined || (agg === "min" ? v < best : v > best)) best = v;
      }
      return { kind: agg, value: best ?? 0n };
    }
    case "avg":
    case "stats":
      return { kind: agg, count: total(0), sum: BigInt.asIntN(64, total(8)) };
    case "hist":
    case "lhist":
    case "tseries":
      throw new Error("internal: histograms and time series are combined slot by slot");
  }
}

/**
 * One map read from the kernel (a MapDump) as Prometheus metric families, in the shape prom-client's
 * Registry formats (name, help, type, values with optional metricName). prom-client does the text
 * format (escaping, number spelling); this module only decides types, names, labels and buckets.
 *
 *  count, sum        → counter `<name>_total`
 *  min, max, avg,
 *  plain values      → gauge `<name>` (avg: the integer average ebt prints)
 *  stats             → summary `<name>` with `_count` and `_sum`, and gauge `<name>_avg`
 *  hist, lhist       → histogram: cumulative `_bucket{le}` up to `+Inf`, `_count`, `_sum`
 *  tseries           → gauge: the latest interval's value
 */
import { compareKeys } from "../runtime/output/text.js";
import type { AggValue, MapDump } from "../runtime/output/text.js";
import type { Value } from "../plan/value.js";
import { histBucketRange } from "../runtime/output/hist-labels.js";
import { fromByteString } from "../util/byte-strings.js";
import type { MapMetric } from "./map-metrics.js";
import { counterName } from "./map-metrics.js";

export type Labels = Record<string, string>;
export interface Sample {
  value: number;
  labels: Labels;
  /**
   * The key's labels, one object per key kept from scrape to scrape: prom-client formats shared
   * labels once per object (a WeakMap), so a steady map's label text is built once, not per scrape.
   */
  sharedLabels?: Labels;
  metricName?: string;
}
export interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram" | "summary";
  values: Sample[];
}

const NO_LABELS: Labels = {};

/**
 * Turns successive reads of one map into families. Between scrapes it keeps the keys it has seen
 * (their labels, and the key order, sorted again only when keys come or go: a steady 10,000-key map
 * is neither sorted nor re-labelled per scrape), and the range of log2 buckets any key of a hist()
 * map has used, so every key shows the same buckets and a bucket, once shown, stays (Prometheus's
 * histogram functions expect a stable bucket set).
 */
export class MapSamples {
  private histLow = Infinity;
  private histHigh = -Infinity;
  /** The keys of the last scrape (the same Value[] objects every read: see KeyCache) and their labels. */
  private known = new Map<Value[], Labels>();
  private order: Value[][] = [];

  constructor(private readonly metric: MapMetric) {}

  /** The entries in key order (a listing's order; the kernel's is its hash order), each with its labels. */
  private inKeyOrder(read: MapDump): { entries: MapDump["entries"]; labels: Labels[] } {
    const byKey = new Map<Value[], MapDump["entries"][number]>();
    let changed = false;
    for (const e of read.entries) {
      byKey.set(e.key, e);
      if (!this.known.has(e.key)) {
        const labels: Labels = {};
        e.key.forEach((v, i) => (labels[this.metric.labels[i]!] = labelValue(v)));
        this.known.set(e.key, labels);
        changed = true;
      }
    }
    if (changed || byKey.size !== this.known.size) {
      for (const k of this.known.keys()) if (!byKey.has(k)) this.known.delete(k);
      this.order = [...this.known.keys()].sort(compareKeys);
    }
    return { entries: this.order.map((k) => byKey.get(k)!), labels: this.order.map((k) => this.known.get(k)!) };
  }

  families(read: MapDump): Family[] {
    const m = this.metric;
    const { entries, labels: keyLabels } = this.inKeyOrder(read);
    const kind = entries[0]?.value.kind;
    switch (kind) {
      case undefined:
        return [];
      case "count":
      case "sum":
        return [this.family(counterName(m.name), "counter", entries.map((e, i) => ({ labels: NO_LABELS, sharedLabels: keyLabels[i]!, value: scalar(e.value) })))];
      case "stats": {
        const values: Sample[] = [];
        const avg: Sample[] = [];
        for (const [i, e] of entries.entries()) {
          const v = e.value as AggValue & { kind: "stats" };
          const sharedLabels = keyLabels[i]!;
          values.push({ metricName: `${m.name}_count`, labels: NO_LABELS, sharedLabels, value: Number(v.count) });
          values.push({ metricName: `${m.name}_sum`, labels: NO_LABELS, sharedLabels, value: Number(v.sum) });
          avg.push({ labels: NO_LABELS, sharedLabels, value: Number(v.count === 0n ? 0n : v.sum / v.count) });
        }
        return [this.family(m.name, "summary", values), this.family(`${m.name}_avg`, "gauge", avg, `the average of ${m.map}`)];
      }
      case "hist":
      case "lhist":
        return [this.family(m.name, "histogram", this.histogram(entries, keyLabels))];
      case "value":
        return [this.family(m.name, "gauge", entries.flatMap((e, i) => (numeric((e.value as { value: Value }).value) ? [{ labels: NO_LABELS, sharedLabels: keyLabels[i]!, value: scalar(e.value) }] : [])))];
      default:
        return [this.family(m.name, "gauge", entries.flatMap((e, i) => {
          const v = scalar(e.value);
          return Number.isNaN(v) ? [] : [{ labels: NO_LABELS, sharedLabels: keyLabels[i]!, value: v }];
        }))];
    }
  }

  private family(name: string, type: Family["type"], values: Sample[], help = this.metric.help): Family {
    return { name, help, type, values };
  }

  private histogram(entries: MapDump["entries"], labels: Labels[]): Sample[] {
    const first = entries[0]!.value as AggValue & { kind: "hist" | "lhist" };
    // The buckets to show, by index, with their `le` (the largest integer each holds).
    let bounds: { index: number; le: bigint }[];
    if (first.kind === "lhist") {
      const n = Math.floor((first.max - first.min) / first.step);
      bounds = Array.from({ length: n + 1 }, (_, i) => ({ index: i, le: BigInt(first.min + i * first.step - 1) }));
    } else {
      for (const e of entries) {
        for (const i of (e.value as { buckets: Map<number, bigint> }).buckets.keys()) {
          this.histLow = Math.min(this.histLow, i);
          this.histHigh = Math.max(this.histHigh, i);
        }
      }
      const bits = first.bits ?? 0;
      bounds = [];
      for (let i = this.histLow; i <= this.histHigh; i++) bounds.push({ index: i, le: histBucketRange(i, bits).max });
    }
    const out: Sample[] = [];
    const bucketName = `${this.metric.name}_bucket`;
    for (const [k, e] of entries.entries()) {
      const h = e.value as AggValue & { kind: "hist" | "lhist" };
      const keyLabels = labels[k]!;
      const sorted = [...h.buckets.entries()].sort((a, b) => a[0] - b[0]);
      let cumulative = 0n;
      let next = 0;
      for (const b of bounds) {
        while (next < sorted.length && sorted[next]![0] <= b.index) cumulative += sorted[next++]![1];
        out.push({ metricName: bucketName, labels: { ...keyLabels, le: b.le.toString() }, value: Number(cumulative) });
      }
      let total = 0n;
      for (const [, count] of sorted) total += count;
      // The kernel keeps the sum of the values counted beside the buckets (builtins/aggregation.ts).
      const sum = h.sum ?? 0n;
      out.push({ metricName: bucketName, labels: { ...keyLabels, le: "+Inf" }, value: Number(total) });
      out.push({ metricName: `${this.metric.name}_sum`, labels: NO_LABELS, sharedLabels: keyLabels, value: Number(sum) });
      out.push({ metricName: `${this.metric.name}_count`, labels: NO_LABELS, sharedLabels: keyLabels, value: Number(total) });
    }
    return out;
  }
}

function numeric(v: Value): boolean {
  return v.kind === "int" || v.kind === "bool";
}

function scalar(a: AggValue): number {
  switch (a.kind) {
    case "count":
    case "sum":
    case "min":
    case "max":
      return Number(a.value);
    case "avg":
    case "stats":
      return Number(a.count === 0n ? 0n : a.sum / a.count);
    case "value":
      return a.value.kind === "int" ? Number(a.value.value) : a.value.kind === "bool" ? Number(a.value.value) : NaN;
    case "tseries": {
      const last = [...a.points].reverse().find((p) => p.value !== undefined);
      return last ? Number(last.value) : NaN;
    }
    default:
      return NaN;
  }
}

/** A key as label text: what ebt prints for it, as UTF-8; a stack's frames joined with `;`. */
export function labelValue(v: Value): string {
  switch (v.kind) {
    case "str":
      return fromByteString(v.value);
    case "int":
      return v.symbol ?? (v.hex ? `0x${v.value.toString(16)}` : v.value.toString());
    case "bool":
      return v.value ? "true" : "false";
    case "stack":
      return v.lines.map((l) => l.trim()).join(";");
    case "tuple":
      return `(${v.elems.map(labelValue).join(", ")})`;
    case "buf":
      return [...v.bytes].map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`)).join("");
    case "none":
      return "";
  }
}

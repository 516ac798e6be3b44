/**
 * bpftrace's text output for values and maps: `@name[key]: value` lines sorted by value ascending,
 * and the exit sequence (two newlines, then every map in name order, an empty map as an empty
 * line), as bpftrace prints them.
 */
import { histBucketHeader } from "./hist-labels.js";
import { formatTimeSeries } from "./tseries.js";
import type { TimeSeriesValue } from "./tseries.js";
import type { Value } from "../../plan/value.js";

export type AggValue =
  | { kind: "value"; value: Value }
  | { kind: "count" | "sum" | "min" | "max"; value: bigint }
  | { kind: "avg"; sum: bigint; count: bigint }
  | { kind: "stats"; sum: bigint; count: bigint }
  /** log2 buckets numbered as bpftrace does: 0 negative, 1 zero, n ≥ 2 is [2^(n-2), 2^(n-1)). */
  | { kind: "hist"; /** k of hist(n, k) */ bits?: number; buckets: Map<number, bigint>; /** of the values counted */ sum?: bigint }
  /** 0 below min, 1..n the steps, n + 1 at or above max. */
  | { kind: "lhist"; min: number; max: number; step: number; buckets: Map<number, bigint>; sum?: bigint }
  /** The intervals to show, oldest first; `signed` is the type of the values recorded. */
  | (TimeSeriesValue & { signed: boolean });

export interface MapDump {
  /** `@x`, or `@` for the anonymous map. */
  name: string;
  keyed: boolean;
  entries: { key: Value[]; value: AggValue }[];
}

/** How print(x), map keys and map values print. bpftrace indents the frames of a stack by 8
 * spaces in print() and printf(), by 4 in map keys. */
export function formatValue(v: Value, stackIndent = 8): string {
  switch (v.kind) {
    case "stack": {
      const pad = v.indent ? " ".repeat(stackIndent) : "";
      return "\n" + v.lines.map((l) => `${pad}${l}\n`).join("");
    }
    case "int":
      return v.hex ? `0x${v.value.toString(16)}` : (v.symbol ?? v.value.toString());
    case "bool":
      return v.value ? "true" : "false";
    case "str":
      return v.value;
    case "tuple":
      if (v.names) return `{ ${v.elems.map((e, i) => `.${v.names![i]} = ${formatValue(e)}`).join(", ")} }`;
      if (v.array) return `[${v.elems.map((e) => formatValue(e)).join(",")}]`;
      return `(${v.elems.map(formatValue).join(", ")})`;
    case "buf":
      return [...v.bytes].map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`)).join("");
    case "none":
      return "";
  }
}

function aggScalar(a: AggValue): bigint | undefined {
  switch (a.kind) {
    case "tseries":
      return undefined;
    case "hist":
    case "lhist":
      return [...a.buckets.values()].reduce((n, c) => n + c, 0n);
    case "count":
    case "sum":
    case "min":
    case "max":
      return a.value;
    case "avg":
      return a.count === 0n ? 0n : a.sum / a.count;
    case "stats":
      return a.count === 0n ? 0n : a.sum / a.count;
    case "value":
      return a.value.kind === "int" ? a.value.value : undefined;
  }
}

function formatAgg(a: AggValue, div: number): string {
  if (a.kind === "stats") {
    const avg = a.count === 0n ? 0n : a.sum / a.count;
    // Current bpftrace prints stats as a record (0.17: `count 2, average 15, total 30`).
    return `{ .count = ${a.count}, .average = ${avg}, .total = ${a.sum} }`;
  }
  if (a.kind === "value") {
    if (a.value.kind === "int" && div > 1) return (a.value.value / BigInt(div)).toString();
    return formatValue(a.value);
  }
  const n = aggScalar(a)!;
  return (div > 1 ? n / BigInt(div) : n).toString();
}

/** Key order as bpftrace sorts non-integer maps: element by element, integers numerically. */
function compareValues(a: Value, b: Value): number {
  if (a.kind === "int" && b.kind === "int") return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if (a.kind === "bool" && b.kind === "bool") return Number(a.value) - Number(b.value);
  if (a.kind === "tuple" && b.kind === "tuple") return compareKeys(a.elems, b.elems);
  const x = formatValue(a);
  const y = formatValue(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Keys in the order ebt prints them when values tie (and exported metrics are listed). */
export function compareKeys(a: Value[], b: Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * Entries in bpftrace's order. Maps of integers and aggregations sort by value ascending (avg
 * and stats by the average, histograms by their total count). bpftrace leaves ties in the
 * kernel's hash iteration order, which is seeded randomly per map (it varies from run to run),
 * so we break ties by key: deterministic, and one of the orders bpftrace itself prints.
 * Maps of strings, tuples and other values sort by key.
 */
export function sorted(m: MapDump): MapDump["entries"] {
  // Time series keep the reader's order (bpftrace's: by the key's bytes).
  if (m.entries[0]?.value.kind === "tseries") return m.entries;
  const scalars = m.entries.map((e) => aggScalar(e.value));
  if (scalars.every((x) => x !== undefined)) {
    const idx = m.entries.map((_, i) => i);
    idx.sort((i, j) => {
      const x = scalars[i]!;
      const y = scalars[j]!;
      return x < y ? -1 : x > y ? 1 : compareKeys(m.entries[i]!.key, m.entries[j]!.key) || i - j;
    });
    return idx.map((i) => m.entries[i]!);
  }
  return [...m.entries].sort((a, b) => compareKeys(a.key, b.key));
}

/** The lines of one map, as print(@m[, top[, div]]) and the exit printing show it. Histograms
 * print as a header line and bars; histogram, avg and stats maps end with a blank line. */
export function formatMap(m: MapDump, top = 0, div = 0): string {
  let entries = sorted(m);
  if (top > 0) entries = entries.slice(-top);
  if (entries.length === 0) return "\n";
  const label = (e: MapDump["entries"][number]) => `${m.name}${m.keyed ? `[${e.key.map((k) => formatValue(k, 4)).join(", ")}]` : ""}`;
  const kind = entries[0]!.value.kind;
  if (kind === "hist" || kind === "lhist") {
    return entries.map((e) => `${label(e)}:\n${formatHistogram(e.value as HistValue)}\n`).join("");
  }
  if (kind === "tseries") {
    return entries.map((e) => `${label(e)}:\n${formatTimeSeries(e.value as TimeSeriesValue, (e.value as { signed: boolean }).signed)}\n`).join("");
  }
  const body = entries.map((e) => `${label(e)}: ${formatAgg(e.value, div)}\n`).join("");
  return kind === "avg" || kind === "stats" ? body + "\n" : body;
}

export type HistValue = AggValue & { kind: "hist" | "lhist" };

/** 1024-based short numbers for bucket labels: 1K, 4M, 2G ... as bpftrace labels them. */
function shortNumber(n: bigint): string {
  const units = ["", "K", "M", "G", "T", "P", "E"];
  let i = 0;
  while (n !== 0n && n % 1024n === 0n && i < units.length - 1) {
    n /= 1024n;
    i++;
  }
  return `${n}${units[i]}`;
}

function bucketLabel(h: HistValue, i: number): string {
  if (h.kind === "hist") return histBucketHeader(i, h.bits ?? 0);
  const n = Math.floor((h.max - h.min) / h.step);
  if (i === 0) return `(..., ${shortNumber(BigInt(h.min))})`;
  if (i === n + 1) return `[${shortNumber(BigInt(h.max))}, ...)`;
  const lo = h.min + (i - 1) * h.step;
  return `[${shortNumber(BigInt(lo))}, ${shortNumber(BigInt(lo + h.step))})`;
}

/** The bars from the lowest to the highest non-empty bucket, `@` scaled to 52 columns. */
export function formatHistogram(h: HistValue): string {
  const used = [...h.buckets.entries()].filter(([, c]) => c > 0n).map(([i]) => i);
  if (used.length === 0) return "";
  const lo = Math.min(...used);
  const hi = Math.max(...used);
  const max = [...h.buckets.values()].reduce((a, b) => (b > a ? b : a), 0n);
  let out = "";
  for (let i = lo; i <= hi; i++) {
    const count = h.buckets.get(i) ?? 0n;
    // bpftrace computes the bar in single precision: (int)(count / (float)max * 52).
    const bar = "@".repeat(max === 0n ? 0 : Math.trunc(Math.fround(Math.fround(Math.fround(Number(count)) / Math.fround(Number(max))) * 52)));
    out += `${bucketLabel(h, i).padEnd(16)}${count.toString().padStart(8)} |${bar.padEnd(52)}|\n`;
  }
  return out;
}

/** What bpftrace prints at exit: two newlines, then every map in name order. */
export function formatExitMaps(maps: MapDump[]): string {
  const byName = [...maps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return "\n\n" + byName.map((m) => formatMap(m)).join("");
}

/**
 * tseries() maps: combining each CPU's slots into one value per interval, choosing the intervals
 * to show, and printing them as current bpftrace does (a sideways graph in text, a list of
 * {interval_start, value} in JSON).
 */
import type { TimeSeriesLayout } from "../../semantic/types.js";
import { TSERIES_SLOT_BYTES } from "../../semantic/types.js";
import { strftime } from "./strftime.js";

/** One interval to show: its start (ns since 1970) and value; no value when nothing was recorded. */
export interface TimePoint {
  start: bigint;
  value?: bigint;
}

export interface TimeSeriesValue {
  kind: "tseries";
  points: TimePoint[];
}

const U64 = (n: bigint) => BigInt.asUintN(64, n);

/**
 * The written slots of one key, each combined across CPUs into (epoch, value), keyed by epoch.
 * As bpftrace: only copies of the slot's latest epoch count (the last write for "last", the sum of
 * sums and counts for avg/sum, the extreme for min/max); copies stamped epoch 0 are ignored, and a
 * slot only ever written at epoch 0 reads as (0, 0).
 */
export function reduceSlots(perCpu: Buffer[], layout: TimeSeriesLayout, signed: boolean): Map<bigint, bigint> {
  const out = new Map<bigint, bigint>();
  const read = (b: Buffer, off: number) => (signed ? b.readBigInt64LE(off) : b.readBigUInt64LE(off));
  for (let i = 0; i < layout.intervals; i++) {
    const base = i * TSERIES_SLOT_BYTES;
    const copies = perCpu
      .map((b) => ({ value: read(b, base), meta: b.readBigUInt64LE(base + 8), stamp: b.readBigUInt64LE(base + 16) }))
      .filter((c) => c.stamp !== 0n);
    if (copies.length === 0) continue; // never written
    const live = copies.filter((c) => c.stamp > 1n);
    const latest = live.reduce((m, c) => (c.stamp > m ? c.stamp : m), 0n);
    const same = live.filter((c) => c.stamp === latest);
    let value = 0n;
    if (same.length > 0) {
      switch (layout.fn) {
        case "last":
          value = same.reduce((a, c) => (c.meta > a.meta ? c : a)).value;
          break;
        case "sum":
          value = same.reduce((n, c) => n + c.value, 0n);
          break;
        case "avg": {
          const count = same.reduce((n, c) => n + c.meta, 0n);
          value = count === 0n ? 0n : same.reduce((n, c) => n + c.value, 0n) / count;
          break;
        }
        case "min":
        case "max": {
          const pick = (a: bigint, b: bigint) => (layout.fn === "min" ? (b < a ? b : a) : b > a ? b : a);
          value = same.map((c) => c.value).reduce(pick);
          break;
        }
      }
      value = signed ? BigInt.asIntN(64, value) : U64(value);
    }
    const epoch = same.length > 0 ? latest - 1n : 0n;
    if (!out.has(epoch)) out.set(epoch, value);
  }
  return out;
}

/**
 * The intervals to show for each key: the map's last n epochs (n = num_intervals, ending at the
 * latest epoch any key has), each key starting at its first recorded epoch in that range.
 */
export function buildSeries(keys: Map<bigint, bigint>[], layout: TimeSeriesLayout): TimeSeriesValue[] {
  let last = keys.length === 0 ? U64(-1n) : 0n;
  for (const k of keys) for (const e of k.keys()) if (e > last) last = e;
  const first = U64(last - BigInt(layout.intervals) + 1n);
  return keys.map((values) => {
    let from = last;
    for (const e of values.keys()) if (e >= first && e < from) from = e;
    const points: TimePoint[] = [];
    for (let e = first; e <= last; e++) {
      if (e >= from) points.push({ start: e * layout.intervalNs, value: values.get(e) });
    }
    return { kind: "tseries", points };
  });
}

const GRAPH_WIDTH = 53;
const PADDING = 21;

/** The display unit of the interval between points: its fraction digits and header suffix. */
function unitOf(points: TimePoint[]): { digits: number; suffix: string } {
  const span = points.length > 1 ? (points[points.length - 1]!.start - points[0]!.start) / BigInt(points.length - 1) : 0n;
  if (span >= 1_000_000_000n) return { digits: 0, suffix: "" };
  if (span >= 1_000_000n) return { digits: 3, suffix: ".ms" };
  // Output text is a byte string (latin1 per byte): the micro sign goes out as its UTF-8 bytes.
  if (span >= 1_000n) return { digits: 6, suffix: Buffer.from(".μs", "utf8").toString("latin1") };
  return { digits: 9, suffix: ".ns" };
}

/** Local wall-clock time of day, with `digits` digits of the second's fraction. */
function clock(start: bigint, digits: number): string {
  const hms = strftime("%H:%M:%S", start);
  if (digits === 0) return hms;
  const frac = (((start % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n).toString().padStart(9, "0");
  return `${hms}.${frac.slice(0, digits)}`;
}

/** bpftrace computes graph positions in single precision: (int)(a * b / c) in float. */
const position = (width: number, num: bigint, den: bigint) => Math.trunc(Math.fround(Math.fround(width * Math.fround(Number(num))) / Math.fround(Number(den))));

/** The text graph: time runs down, the value across, between the smallest and largest value. */
export function formatTimeSeries(ts: TimeSeriesValue, signed: boolean): string {
  const { points } = ts;
  if (points.length === 0) return "<no data>\n";
  const values = points.map((p) => p.value).filter((v): v is bigint => v !== undefined);
  let min = points[0]!.value;
  let max = points[0]!.value;
  for (const v of values) {
    if (min !== undefined && v < min) min = v;
    if (max !== undefined && v > max) max = v;
  }
  if (min !== undefined && max !== undefined && min === max) {
    // Some room on both sides of a flat line, unless at the end of the type's range.
    const [lo, hi] = signed ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
    if (min > lo) min--;
    if (max < hi) max++;
  }
  const show = (v: bigint | undefined) => (v === undefined ? "null" : v.toString());
  const { digits, suffix } = unitOf(points);
  // bpftrace pads the header by bytes (the micro sign is two): its width is the time's plus one.
  const timeWidth = 8 + (digits === 0 ? 0 : 1 + digits);
  const label = `hh:mm:ss${suffix}`;
  const labelPad = " ".repeat(Math.max(0, timeWidth + 1 - label.length));
  const margin = " ".repeat(timeWidth + 1);
  const scale = `${margin}${show(min).padEnd(PADDING)}${show(max).padStart(GRAPH_WIDTH - PADDING)}\n`;
  let out = scale + `${label}${labelPad}|${"_".repeat(GRAPH_WIDTH - 2)}|\n`;
  let zero = 0;
  if (min !== undefined && max !== undefined && min < 0n && max > 0n) zero = position(GRAPH_WIDTH, min, min - max);
  for (const p of points) {
    const line = Array.from({ length: GRAPH_WIDTH }, () => " ");
    line[0] = "|";
    line[GRAPH_WIDTH - 1] = "|";
    if (zero > 0) line[zero] = ".";
    out += `${clock(p.start, digits)} `;
    if (p.value !== undefined && min !== undefined && max !== undefined) {
      const at = min !== max ? position(GRAPH_WIDTH - 1, min - p.value, min - max) : Math.trunc(GRAPH_WIDTH / 2);
      line[Math.max(0, Math.min(GRAPH_WIDTH - 1, at))] = "*";
      out += `${line.join("")} ${p.value}\n`;
    } else out += `${line.join("")} -\n`;
  }
  out += `${margin}v${"_".repeat(GRAPH_WIDTH - 2)}v\n`;
  return out + scale;
}

/** bpftrace's JSON timestamps: UTC, `YYYY-MM-DD hh:mm:ss.nnnnnnnnn`. */
function utc(start: bigint): string {
  const secs = start / 1_000_000_000n;
  const d = new Date(Number(secs) * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const frac = (start % 1_000_000_000n).toString().padStart(9, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${frac}`;
}

/** The recorded intervals as a JSON list; intervals without a value are left out. */
export function jsonTimeSeries(ts: TimeSeriesValue): string {
  const rows = ts.points.filter((p) => p.value !== undefined).map((p) => `{"interval_start":"${utc(p.start)}","value":${p.value}}`);
  return `[${rows.join(",")}]`;
}

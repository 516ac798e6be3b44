/**
 * bpftrace's text output for values and maps: `@name[key]: value` lines sorted by value ascending,
 * and the exit sequence (two newlines, then every map in name order, an empty map as an empty
 * line), as bpftrace prints them.
 */
import type { Value } from "./value.js";

export type AggValue =
  | { kind: "value"; value: Value }
  | { kind: "count" | "sum" | "min" | "max"; value: bigint }
  | { kind: "avg"; sum: bigint; count: bigint }
  | { kind: "stats"; sum: bigint; count: bigint };

export interface MapDump {
  /** `@x`, or `@` for the anonymous map. */
  name: string;
  keyed: boolean;
  entries: { key: Value[]; value: AggValue }[];
}

/** How print(x), map keys and map values print. */
export function formatValue(v: Value): string {
  switch (v.kind) {
    case "int":
      return v.value.toString();
    case "bool":
      return v.value ? "true" : "false";
    case "str":
      return v.value;
    case "tuple":
      return `(${v.elems.map(formatValue).join(", ")})`;
    case "buf":
      return [...v.bytes].map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`)).join("");
    case "none":
      return "";
  }
}

function aggScalar(a: AggValue): bigint | undefined {
  switch (a.kind) {
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
    return `count ${a.count}, average ${avg}, total ${a.sum}`;
  }
  if (a.kind === "value") {
    if (a.value.kind === "int" && div > 1) return (a.value.value / BigInt(div)).toString();
    return formatValue(a.value);
  }
  const n = aggScalar(a)!;
  return (div > 1 ? n / BigInt(div) : n).toString();
}

function compareKeys(a: Value[], b: Value[]): number {
  const x = a.map(formatValue).join("\0");
  const y = b.map(formatValue).join("\0");
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Entries in bpftrace's order: by value ascending (integers), else by key. */
function sorted(m: MapDump): MapDump["entries"] {
  return [...m.entries].sort((a, b) => {
    const x = aggScalar(a.value);
    const y = aggScalar(b.value);
    if (x !== undefined && y !== undefined && x !== y) return x < y ? -1 : 1;
    return compareKeys(a.key, b.key);
  });
}

/** The lines of one map, as print(@m[, top[, div]]) and the exit printing show it. */
export function formatMap(m: MapDump, top = 0, div = 0): string {
  let entries = sorted(m);
  if (top > 0) entries = entries.slice(-top);
  if (entries.length === 0) return "\n";
  return entries
    .map((e) => `${m.name}${m.keyed ? `[${e.key.map(formatValue).join(", ")}]` : ""}: ${formatAgg(e.value, div)}\n`)
    .join("");
}

/** What bpftrace prints at exit: two newlines, then every map in name order. */
export function formatExitMaps(maps: MapDump[]): string {
  const byName = [...maps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return "\n\n" + byName.map((m) => formatMap(m)).join("");
}

/**
 * `-f json`: bpftrace's NDJSON output, one object per line: `{"type": "printf", "data": "..."}`,
 * `value`, `map`, `hist`, `stats`, `time`, `cat`, `syscall`, `join`, `errorf`, `warnf`, `helper_error`,
 * `attached_probes`, `lost_events`. Shapes follow current bpftrace (its tests/runtime/json-output);
 * unlike 0.17, no bare blank lines are mixed in, so every line parses.
 */
import { writeStatus } from "./output.js";
import { DataSink } from "./sink.js";
import type { Output, RuntimeDiagnostic } from "./output.js";
import type { DataKind } from "../../plan/records.js";
import { toByteString } from "../../util/byte-strings.js";
import { histBucketRange } from "./hist-labels.js";
import { formatValue, sorted } from "./text.js";
import { jsonTimeSeries } from "./tseries.js";
import type { AggValue, HistValue, MapDump } from "./text.js";
import { benchmarkResultJson, testResultJson } from "./test-results.js";
import type { BenchmarkResult, TestResult } from "./test-results.js";
import type { Value } from "../../plan/value.js";

/**
 * A JSON string as bpftrace writes one: `"`, `\\`, newline, return and tab escaped by name, other
 * control characters as \u00XX, every other byte as it is.
 */
export function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c <= 0x1f) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}

/** JSON text for a value; integers are written exactly, even beyond 2^53. */
export function jsonValue(v: Value): string {
  switch (v.kind) {
    case "int":
      return v.value.toString();
    case "bool":
      return v.value ? "true" : "false";
    case "str":
      return jsonString(v.value);
    case "tuple":
      if (v.names) return `{${v.elems.map((e, i) => `${jsonString(v.names![i])}: ${jsonValue(e)}`).join(", ")}}`;
      return `[${v.elems.map(jsonValue).join(",")}]`;
    case "buf":
    case "stack":
      return jsonString(formatValue(v));
    case "none":
      return "null";
  }
}

/** Bucket i as {min, max} (inclusive), as bpftrace's JSON describes histogram buckets. */
function bucketRange(h: HistValue, i: number): { min?: bigint; max?: bigint } {
  if (h.kind === "hist") return histBucketRange(i, h.bits ?? 0);
  const n = Math.floor((h.max - h.min) / h.step);
  if (i === 0) return { max: BigInt(h.min - 1) };
  if (i === n + 1) return { min: BigInt(h.max) };
  const lo = h.min + (i - 1) * h.step;
  return { min: BigInt(lo), max: BigInt(lo + h.step - 1) };
}

function jsonHistogram(h: HistValue): string {
  const used = [...h.buckets.entries()].filter(([, c]) => c > 0n).map(([i]) => i);
  if (used.length === 0) return "[]";
  const rows: string[] = [];
  for (let i = Math.min(...used); i <= Math.max(...used); i++) {
    const { min, max } = bucketRange(h, i);
    const fields = [min === undefined ? "" : `"min": ${min}`, max === undefined ? "" : `"max": ${max}`, `"count": ${h.buckets.get(i) ?? 0n}`];
    rows.push(`{${fields.filter(Boolean).join(", ")}}`);
  }
  return `[${rows.join(", ")}]`;
}

function jsonAgg(a: AggValue, div: number): string {
  const scaled = (n: bigint) => (div > 1 ? n / BigInt(div) : n).toString();
  switch (a.kind) {
    case "value":
      return a.value.kind === "int" ? scaled(a.value.value) : jsonValue(a.value);
    case "count":
    case "sum":
    case "min":
    case "max":
      return scaled(a.value);
    case "avg":
      return scaled(a.count === 0n ? 0n : a.sum / a.count);
    case "stats":
      return `{"count": ${a.count}, "average": ${a.count === 0n ? 0n : a.sum / a.count}, "total": ${a.sum}}`;
    case "hist":
    case "lhist":
      return jsonHistogram(a);
    case "tseries":
      return jsonTimeSeries(a);
  }
}

/** The message type bpftrace uses for a map of this kind of value. */
function mapType(m: MapDump): string {
  const kind = m.entries[0]?.value.kind;
  if (kind === "tseries") return "tseries";
  return kind === "hist" || kind === "lhist" ? "hist" : kind === "avg" || kind === "stats" ? "stats" : "map";
}

/** JSON prints enum values as numbers (bpftrace keeps its JSON as it was before it named them). */
function withoutEnumNames(v: Value): Value {
  if (v.kind === "int" && v.symbol !== undefined) return { kind: "int", value: v.value, signed: v.signed };
  if (v.kind === "tuple") return { ...v, elems: v.elems.map(withoutEnumNames) };
  return v;
}

export function jsonMap(m: MapDump, top = 0, div = 0): string {
  let entries = sorted(m);
  if (top > 0) entries = entries.slice(-top);
  let data: string;
  if (!m.keyed) data = entries[0] ? jsonAgg(entries[0].value, div) : "null";
  else {
    const pairs = entries.map((e) => `${jsonString(e.key.map((k) => formatValue(withoutEnumNames(k), 4)).join(","))}: ${jsonAgg(e.value, div)}`);
    data = `{${pairs.join(", ")}}`;
  }
  return `{"type": "${mapType(m)}", "data": {${jsonString(m.name)}: ${data}}}\n`;
}

export class JsonOutput implements Output {
  private readonly sink: DataSink;
  private dropped = 0;

  constructor(private readonly opts: { quiet?: boolean; outputFile?: string; sink?: DataSink } = {}) {
    this.sink = opts.sink ?? (opts.outputFile !== undefined ? DataSink.file(opts.outputFile) : DataSink.stdout());
  }

  /** Every JSON line is data: a byte string, written byte for byte. An event's line is dropped
   * (and counted) when the reader is too far behind; the maps at exit are always written. */
  private write(text: string, event = true): void {
    if (event && !this.sink.hasRoom(text.length)) this.dropped++;
    else if (!this.sink.write(text)) this.dropped++;
  }

  droppedEvents(): number {
    return this.dropped;
  }

  private line(type: string, data: string): void {
    this.write(`{"type": "${type}", "data": ${data}}\n`);
  }

  /** Current bpftrace's shape: the count both beside and inside `data` (0.17 had only `data`). */
  attached(n: number): void {
    this.sink.begin();
    if (!this.opts.quiet) this.write(`{"type": "attached_probes", "count": ${n}, "data": {"probes": ${n}}}\n`);
  }

  printf(text: string, type: DataKind = "printf"): void {
    // join() ends its text line with a newline; bpftrace's JSON has the joined text alone.
    this.line(type, jsonString(type === "join" ? text.replace(/\n$/, "") : text));
  }

  /**
   * bpftrace's `errorf`/`warnf`/`helper_error` objects, with the place of the call. A map-full
   * warning reports each place once per check; `count` (ebt's) says how many updates it dropped.
   */
  diagnostic(d: RuntimeDiagnostic): void {
    const fields = [`"type": "${d.type}"`, `"msg": ${jsonString(d.msg)}`];
    if (d.helper !== undefined) fields.push(`"helper": ${jsonString(d.helper)}`, `"retcode": ${d.retcode}`);
    fields.push(`"filename": ${jsonString(toByteString(d.span.file))}`, `"line": ${d.span.start.line}`, `"col": ${d.span.start.col}`);
    if (d.count !== undefined && d.count > 1n) fields.push(`"count": ${d.count}`);
    this.write(`{${fields.join(", ")}}\n`);
  }

  value(v: Value): void {
    this.line("value", jsonValue(v));
  }

  map(m: MapDump, top: number, div: number): void {
    this.write(jsonMap(m, top, div));
  }

  exitMaps(maps: MapDump[]): void {
    const byName = [...maps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const m of byName) if (m.entries.length > 0) this.write(jsonMap(m), false);
  }

  /** Warnings stay human text on stderr, so stdout remains one JSON object per line. */
  warning(text: string): void {
    writeStatus(text);
  }

  lostEvents(n: number): void {
    this.write(`{"type": "lost_events", "count": ${n}, "data": {"events": ${n}}}\n`, false);
  }

  testResult(r: TestResult): void {
    this.write(testResultJson(r));
  }

  benchmarkResult(r: BenchmarkResult): void {
    this.write(benchmarkResultJson(r));
  }

  close(): void {
    this.sink.close();
  }
}

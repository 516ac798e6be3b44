/**
 * How each language map appears in Prometheus: its metric name, the label name of each key, and
 * HELP text naming the probes that write it. Derived from the checked program (names as the user
 * wrote them), before anything runs, so a scrape only reads and formats.
 */
import type { Expr, MapAccess, Program, Probe } from "../ast/nodes.js";
import { forEachNode } from "../ast/walk.js";
import type { MapInfo } from "../contracts/map-info.js";
import { typeName } from "../semantic/types.js";

export interface MapMetric {
  /** The language map, `@opens`. */
  map: string;
  /** The metric name, without the `_total`, `_bucket`, ... a type adds. */
  name: string;
  /** One label name per key. */
  labels: string[];
  help: string;
}

/** A problem that stops the exporter from starting (two maps that would share a name). */
export class MetricNameError extends Error {}

export const DEFAULT_PREFIX = "ebt_";
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Checks a --metric-prefix: a metric name must still be valid after it. */
export function validPrefix(prefix: string): boolean {
  return prefix === "" || METRIC_NAME.test(prefix);
}

/**
 * The metrics of `maps`. `@x` → `<prefix>x`; the anonymous map `@` → `<prefix>map`. Names that
 * would collide (after a type's suffix) are an error rather than a silently merged metric.
 */
export function mapMetrics(program: Program, maps: readonly MapInfo[], prefix = DEFAULT_PREFIX): MapMetric[] {
  const sites = mapSites(program);
  const out: MapMetric[] = [];
  const taken = new Map<string, string>();
  for (const info of maps) {
    if (!exportable(info)) continue;
    const name = prefix + (info.name === "@" ? "map" : info.name.slice(1));
    if (!METRIC_NAME.test(name)) throw new MetricNameError(`${info.name} cannot be exported: '${name}' is not a valid Prometheus metric name`);
    for (const full of exportedNames(name, info)) {
      const other = taken.get(full);
      if (other) throw new MetricNameError(`${other} and ${info.name} would both be exported as '${full}': rename one of them`);
      taken.set(full, info.name);
    }
    const own = sites.get(info.name) ?? { writes: [], probes: new Set<Probe>() };
    const labels = labelNames(info, own.writes);
    out.push({ map: info.name, name, labels, help: helpText(info, labels, own.probes) });
  }
  return out;
}

/** The series names a map's metric type adds, for collision checks. */
function exportedNames(name: string, info: MapInfo): string[] {
  const v = info.value;
  if (v.kind !== "agg") return [name];
  switch (v.agg) {
    case "count":
    case "sum":
      return [counterName(name)];
    case "stats":
      return [`${name}_count`, `${name}_sum`, `${name}_avg`];
    case "hist":
    case "lhist":
      return [`${name}_bucket`, `${name}_count`, `${name}_sum`];
    default:
      return [name];
  }
}

/** Prometheus's convention: a counter's name ends in `_total`. */
export function counterName(name: string): string {
  return name.endsWith("_total") ? name : `${name}_total`;
}

interface Sites {
  /** The key lists of every place the map is written (or, if it is never written, read). */
  writes: Expr[][];
  /** The probes that write it (or read it). */
  probes: Set<Probe>;
}

function mapSites(program: Program): Map<string, Sites> {
  const written = new Map<string, Sites>();
  const read = new Map<string, Sites>();
  const add = (into: Map<string, Sites>, m: MapAccess, probe: Probe) => {
    let s = into.get(m.name);
    if (!s) into.set(m.name, (s = { writes: [], probes: new Set() }));
    s.writes.push(m.keys);
    s.probes.add(probe);
  };
  for (const item of program.items) {
    if (item.kind !== "Probe") continue;
    forEachNode(item.body, (n) => {
      if ((n.kind === "AssignStmt" || n.kind === "Update") && (n.target as MapAccess).kind === "MapAccess") add(written, n.target as MapAccess, item);
      else if (n.kind === "MapAccess") add(read, n as unknown as MapAccess, item);
    });
  }
  for (const [name, s] of read) if (!written.has(name)) written.set(name, s);
  return written;
}

/**
 * A key's label name: the name of what it is when it is plain (`comm`, `$fd` → `fd`,
 * `args.filename` and `str(args.filename)` → `filename`), the same at every place the map is
 * written; otherwise `key0`, `key1`, ... by position. Names Prometheus reserves (`__x`) or that
 * a histogram needs (`le`), and duplicates, fall back to the positional name too.
 */
function labelNames(info: MapInfo, writes: Expr[][]): string[] {
  const hist = info.value.kind === "agg" && (info.value.agg === "hist" || info.value.agg === "lhist");
  const names = info.keys.map((_, i) => {
    const candidates = new Set(writes.map((keys) => (keys.length === info.keys.length ? plainName(keys[i]!) : undefined)));
    const [only] = candidates;
    const ok = candidates.size === 1 && only !== undefined && LABEL_NAME.test(only) && !only.startsWith("__") && !(hist && only === "le");
    return ok ? only : `key${i}`;
  });
  return names.map((n, i) => (names.indexOf(n) === i && !/^key\d+$/.test(n) ? n : `key${i}`));
}

function plainName(e: Expr): string | undefined {
  switch (e.kind) {
    case "Identifier":
      return e.name;
    case "ScratchVar":
      return e.name.slice(1);
    case "FieldAccess":
      return /^\d+$/.test(e.field) ? undefined : e.field;
    case "Call":
      // str(x), str(x, n): the string of a plain thing is named as the thing.
      return e.name === "str" && e.args.length >= 1 ? plainName(e.args[0]!) : undefined;
    default:
      return undefined;
  }
}

/** `@opens[comm] = count() in tracepoint:syscalls:sys_enter_openat`: the map and where it is written. */
function helpText(info: MapInfo, labels: string[], probes: Set<Probe>): string {
  const v = info.value;
  const what = v.kind === "agg" ? `${v.agg}()` : typeName(v);
  const keys = labels.length > 0 ? `[${labels.join(", ")}]` : "";
  const where = [...probes].flatMap((p) => p.attachPoints.map((a) => a.raw));
  return `${info.name}${keys} = ${what}${where.length > 0 ? ` in ${where.join(", ")}` : ""}`;
}

/** Maps whose values are not numbers (strings, tuples, ...): Prometheus has no sample for them. */
export function unexportedMaps(maps: readonly MapInfo[]): string[] {
  return maps
    .filter((m) => !exportable(m))
    .map((m) => `${m.name} holds ${typeName(m.value)} values, which are not numbers: it is not exported`);
}

function exportable(m: MapInfo): boolean {
  return ["agg", "int", "bool", "ptr"].includes(m.value.kind);
}

/**
 * How big each map is and which kind of kernel map holds it: bpftrace's `max_map_keys` (read with
 * the other config variables by config.ts: config block, then BPFTRACE_MAX_MAP_KEYS or
 * EBT_MAX_MAP_KEYS) and current bpftrace's map declarations `let @m = hash(N);` / lruhash / percpuhash / percpulruhash (docs/language.md).
 */
import type { MapDecl, Program } from "../ast/nodes.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type { Type } from "./types.js";

/** bpftrace's default max_map_keys. */
export const DEFAULT_MAP_KEYS = 4096;

/** The declarable kinds, by the name a declaration uses (bpftrace's spellings). */
export const DECLARABLE_MAP_KINDS = ["hash", "lruhash", "percpuhash", "percpulruhash"] as const;
export type MapKind = (typeof DECLARABLE_MAP_KINDS)[number];

export interface MapDeclInfo {
  kind: MapKind;
  maxEntries: number;
  span: Span;
}

export interface MapSettings {
  /** Entries of a map that no declaration sizes. */
  maxMapKeys: number;
  decls: Map<string, MapDeclInfo>;
}

/** Reads the map declarations of `program`; `maxMapKeys` comes from the config (config.ts). */
export function mapSettings(program: Program, diags: Diagnostics, maxMapKeys = DEFAULT_MAP_KEYS): MapSettings {
  const settings: MapSettings = { maxMapKeys, decls: new Map() };
  for (const item of program.items) {
    if (item.kind === "MapDecl") readDecl(item, settings, diags);
  }
  return settings;
}

function readDecl(d: MapDecl, settings: MapSettings, diags: Diagnostics): void {
  if (!(DECLARABLE_MAP_KINDS as readonly string[]).includes(d.mapType)) {
    diags.error(d.span, `Invalid bpf map type: ${d.mapType}`, [`Valid map types: ${DECLARABLE_MAP_KINDS.join(", ")}`]);
    return;
  }
  const n = d.args[0];
  if (d.args.length !== 1 || n?.kind !== "IntLit" || n.value < 1n || n.value > 0xffffffffn) {
    diags.error(n?.span ?? d.span, "expected positive integer for map declaration max entries");
    return;
  }
  if (settings.decls.has(d.name)) diags.error(d.span, `Map ${d.name} is declared more than once`);
  settings.decls.set(d.name, { kind: d.mapType as MapKind, maxEntries: Number(n.value), span: d.span });
}

/** The kind bpftrace would pick for a map of this value, and whether a declaration agrees. */
export function impliedKind(value: Type): MapKind {
  return value.kind === "agg" ? "percpuhash" : "hash";
}

export function kindsCompatible(declared: MapKind, value: Type): boolean {
  return declared.startsWith("percpu") === (value.kind === "agg");
}

/**
 * Errors for declarations that disagree with how the map is used, and warnings for declared maps
 * no probe uses (bpftrace's words for both).
 */
export function checkDecls(settings: MapSettings, maps: ReadonlyMap<string, { value: Type; span: Span }>, diags: Diagnostics): void {
  for (const [name, d] of settings.decls) {
    const m = maps.get(name);
    if (!m) diags.warning(d.span, `Unused map: ${name}`);
    else if (!kindsCompatible(d.kind, m.value)) {
      diags.error(m.span, `Incompatible map types. Type from declaration: ${d.kind}. Type from value/key type: ${impliedKind(m.value)}`);
    }
  }
}

/**
 * Output records: what a program sends to user space through the ring buffer. Every record starts
 * with a u64 id naming its layout; the rest is the layout's fields (DESIGN.md §5).
 *
 * A record is described once, by the builtin that sends it (ply: a builtin owns its whole life): a
 * `RecordType` names the fields its layouts carry and says what user space does when one arrives.
 * Code generation registers layouts of a type (RecordTable); the runtime reads the type off the
 * layout and calls `receive` with the services it offers (RecordReceiver), so it knows no record
 * by name and a new output builtin is one entry in its family file. Imported by both sides, this
 * module imports neither.
 */
import { renderDiagnostic } from "../diagnostics/render.js";
import type { SourceMap, Span } from "../diagnostics/span.js";
import type { Type } from "../semantic/types.js";
import type { Value } from "./value.js";

export interface RecordField {
  type: Type;
  offset: number;
}

/** A printf-style record's fields: the format, and its arguments packed after the header. */
export interface FormattedFields {
  format: string;
  args: RecordField[];
}

/** One kind of record: its name and what becomes of each one that arrives. */
export interface RecordType<F extends object = object> {
  /** The name `--dump plan` shows ("printf", "exit"). */
  readonly kind: string;
  /** Decodes the record in `buf`, laid out as `layout` says, and acts on it through `rt`. */
  receive(layout: RecordLayout<F>, buf: Buffer, rt: RecordReceiver): void;
  /** Kept when records are held back beyond their limit: exit() must still end the run. */
  readonly essential?: boolean;
  /** Completes a layout once the compilation's sources are known (a message that shows its source line). */
  link?(layout: RecordLayout<F>, sources: ReadonlyMap<string, SourceMap>): void;
}

/** Every record type by its kind, so a plan written out (`ebt --aot`) finds its types again by name. */
const RECORD_TYPES = new Map<string, RecordType>();

/** Declares a record type (each family file defines its own); its kind names it uniquely. */
export function defineRecord<F extends object>(type: RecordType<F>): RecordType<F> {
  if (RECORD_TYPES.has(type.kind)) throw new Error(`record kind ${type.kind} defined twice`);
  RECORD_TYPES.set(type.kind, type as RecordType);
  return type;
}

/** The record type of kind `kind`, once the module defining it is loaded. */
export function recordTypeByKind(kind: string): RecordType | undefined {
  return RECORD_TYPES.get(kind);
}

/** A registered layout: the type's fields, its id in the ring buffer and its size in bytes. */
export type RecordLayout<F extends object = object> = F & { kind: string; id: number; size: number; recordType: RecordType<F> };

/** What made a piece of text output, which -f json names in its `type`. */
export type DataKind = "printf" | "time" | "cat" | "syscall" | "join";

/** A message with its place in the source (errorf/warnf, a -k helper check). */
export interface RecordDiagnostic {
  severity: "error" | "warning";
  /** A byte string (it may hold kernel strings). */
  message: string;
  span: Span;
  source?: SourceMap;
  /** A failed helper call that -k reports: its name, the errno text and the return code. */
  helper?: { name: string; msg: string; retcode: number };
}

/** What the runtime offers a record type's `receive` (runtime/engine.ts implements it). */
export interface RecordReceiver {
  /** The value of `field` in `buf`, read as its type says (stacks symbolized, strings to their NUL). */
  value(buf: Buffer, field: RecordField): Value;
  /** A printf format the checker accepted, filled with `args`: a byte string. */
  printf(format: string, args: Value[]): string;
  /** The wall-clock time now, formatted by strftime(3) rules. */
  wallTime(format: string): string;
  /** Data: text printf() made, or what `kind` names for -f json. */
  text(text: string, kind?: DataKind): void;
  /** print(value): the value on its own line. */
  print(value: Value): void;
  /** print(@m[, top[, div]]); `clear`: the entries are taken out as they are read. */
  printMap(map: string, top: number, div: number, clear: boolean): void;
  clearMap(map: string): void;
  zeroMap(map: string): void;
  /** exit(code): the run ends. */
  exit(code: number): void;
  /** system(): runs `command`; its output follows in order. */
  system(command: string): void;
  /** cat(): prints the file's contents. */
  cat(file: string): void;
  /** skboutput(): appends a packet to pcap file `file`, stamped with its boot-clock time. */
  packet(file: string, bootNs: bigint, data: Buffer): void;
  diagnostic(d: RecordDiagnostic): void;
}

/** Bytes before the first field: the u64 record id. */
export const RECORD_HEADER = 8;

/** Collects the record layouts of one compilation; ids index this table. */
export class RecordTable {
  readonly layouts: RecordLayout[] = [];
  /** Layouts of the current compilation by their content, for sharing (see add). */
  private byContent = new Map<string, RecordLayout>();

  /**
   * The layout of `type` with `fields`: one added earlier in this compilation with the same content
   * (the same call in the source, emitted again for another match of a wildcard, whose program then
   * comes out the same and may be shared), or a new one.
   */
  add<F extends object>(type: RecordType<F>, fields: F, size: number): RecordLayout<F> {
    const key = contentKey(type, fields, size);
    const known = key === undefined ? undefined : this.byContent.get(key);
    if (known) return known as RecordLayout<F>;
    const layout = { kind: type.kind, ...fields, id: this.layouts.length, size, recordType: type } as RecordLayout<F>;
    this.layouts.push(layout);
    if (key !== undefined) this.byContent.set(key, layout);
    return layout;
  }

  /**
   * A new compilation starts: its records are never shared with an earlier one's (the REPL drops a
   * group's queued output by id when the group fails to attach).
   */
  beginCompilation(): void {
    this.byContent.clear();
  }

  /** Forgets the layouts from `length` on (those of a program that is being emitted again). */
  truncate(length: number): void {
    this.layouts.length = length;
    for (const [key, layout] of this.byContent) if (layout.id >= length) this.byContent.delete(key);
  }
}

/** The layout as text, or undefined when it cannot be written out (a type that refers to itself). */
function contentKey(type: RecordType, fields: object, size: number): string | undefined {
  try {
    return `${type.kind}:${size}:${JSON.stringify(fields, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`;
  } catch {
    return undefined;
  }
}

/**
 * Not a record but a place in the source: a map update that finds the map full counts itself in
 * slot `id % MAP_FULL_SLOTS` of the map-full counters, and user space warns at `span` (mapFullWarning).
 * Only the source is kept, the text rendered if the map ever fills: a program with 10,000 updates
 * on one long line (an -e program) must not hold 10,000 copies of that line.
 */
export interface MapFullSite {
  map: string;
  span: Span;
  source?: SourceMap;
}

export const MAP_FULL_SITE = defineRecord<MapFullSite>({
  kind: "map_full",
  receive() {
    // never sent as a record: the counters are read by the runtime (Engine.reportFullMaps)
  },
  link(site, sources) {
    site.source ??= sources.get(site.span.file);
  },
});

/** bpftrace's words and layout for its runtime warning of map_update_elem's -E2BIG, at the site. */
export function mapFullWarning(site: MapFullSite): string {
  const message =
    "Map full; can't update element. Try increasing max_map_keys config or manually setting the max entries in a map declaration e.g. `let @a = hash(5000)`" +
    "\nAdditional Info - helper: 2, retcode: -7";
  return renderDiagnostic({ severity: "warning", span: site.span, message }, new Map(site.source ? [[site.span.file, site.source]] : []));
}

export function isMapFullSite(layout: RecordLayout): layout is RecordLayout<MapFullSite> {
  return layout.recordType === (MAP_FULL_SITE as RecordType);
}

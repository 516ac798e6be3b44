/**
 * Output records: what a program sends to user space through the ring buffer. Every record starts
 * with a u64 id naming its layout; the runtime decodes the rest by the layout (DESIGN.md §5).
 * Shared by codegen (which lays records out) and runtime/decode.ts (which reads them).
 */
import type { SourceMap, Span } from "../diagnostics/span.js";
import type { Type } from "../semantic/types.js";

export interface RecordField {
  type: Type;
  offset: number;
}

export type RecordSpec =
  | { kind: "printf"; format: string; args: RecordField[]; span: Span }
  | { kind: "print"; value: RecordField }
  /** `clear`: a clear(@m) follows, so printing takes the entries out (semantic/print-clear.ts). */
  | { kind: "print_map"; map: string; top: number; div: number; clear?: boolean }
  | { kind: "clear_map"; map: string }
  | { kind: "zero_map"; map: string }
  | { kind: "exit"; code: RecordField | number }
  /** system(fmt, ...) and cat(fmt, ...): the formatted command line or file name. */
  | { kind: "system" | "cat"; format: string; args: RecordField[] }
  /** errorf/warnf: a printf-formatted message printed with the call's source location. */
  /** errorf/warnf; `helper`: a -k check of that helper (args: its errno text, its return code). */
  | { kind: "errorf" | "warnf"; format: string; args: RecordField[]; span: Span; source?: SourceMap; helper?: string }
  | { kind: "time"; format: string }
  /** join(arr[, sep]): a u64 count at `offset`, then `count` strings of `slot` bytes each. */
  | { kind: "join"; separator: string; offset: number; slot: number }

  /**
   * Not a record but a place in the source: a map update that finds the map full counts itself in
   * slot `id % MAP_FULL_SLOTS` of the map-full counters, and user space warns with `text` (the
   * rendered warning, filled in once sources are at hand).
   */
  | { kind: "map_full"; map: string; span: Span; text?: string };

export type RecordLayout = RecordSpec & { id: number; size: number };

/** Bytes before the first field: the u64 record id. */
export const RECORD_HEADER = 8;

/** Collects the record layouts of one compilation; ids index this table. */
export class RecordTable {
  readonly layouts: RecordLayout[] = [];
  /** Layouts of the current compilation by their content, for sharing (see add). */
  private byContent = new Map<string, RecordLayout>();

  /**
   * The layout for `spec`: one added earlier in this compilation with the same content (the same
   * call in the source, emitted again for another match of a wildcard, whose program then comes out
   * the same and may be shared), or a new one.
   */
  add(spec: RecordSpec, size: number): RecordLayout {
    const key = contentKey(spec, size);
    const known = key === undefined ? undefined : this.byContent.get(key);
    if (known) return known;
    const layout = { ...spec, id: this.layouts.length, size } as RecordLayout;
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

/** The spec as text, or undefined when it cannot be written out (a type that refers to itself). */
function contentKey(spec: RecordSpec, size: number): string | undefined {
  try {
    return `${size}:${JSON.stringify(spec, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`;
  } catch {
    return undefined;
  }
}

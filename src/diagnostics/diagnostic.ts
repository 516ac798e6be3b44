import type { Span } from "./span.js";

export type Severity = "error" | "warning";

/** A user-facing problem at a place in the source. User mistakes become these; they never throw. */
export interface Diagnostic {
  severity: Severity;
  span: Span;
  message: string;
  hints?: string[];
  /** A problem in C the program declares or includes, in clang's words and place
   * (`definitions.h:2:10: fatal error: ...`, as bpftrace prints clang's messages). */
  clang?: { file: string; line: number; col: number; fatal?: boolean };
}

/** Collects diagnostics for one compilation; passes stop once it holds an error. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];
  /** What was reported, so a body checked once per probe it is attached to (`tracepoint:a, tracepoint:b`,
   * a wildcard's matches) reports each problem once. */
  private readonly seen = new Set<string>();

  error(span: Span, message: string, hints?: string[]): void {
    this.add({ severity: "error", span, message, hints });
  }

  warning(span: Span, message: string, hints?: string[]): void {
    this.add({ severity: "warning", span, message, hints });
  }

  private add(d: Diagnostic): void {
    const key = JSON.stringify([d.severity, d.span.file, d.span.start.offset, d.span.end.offset, d.message, d.hints]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(d);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

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

  error(span: Span, message: string, hints?: string[]): void {
    this.items.push({ severity: "error", span, message, hints });
  }

  warning(span: Span, message: string, hints?: string[]): void {
    this.items.push({ severity: "warning", span, message, hints });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

/** Thrown to abandon a compilation after a diagnostic was recorded (caught at the compile entry). */
export class CompileAbort extends Error {
  constructor() {
    super("compilation aborted after an error");
  }
}

/**
 * When the kernel's verifier rejects a program (a bug of ours by definition, DESIGN.md §7), say
 * which probe and which source line the failing instruction came from, and show the log's tail.
 */
import type { Span } from "../diagnostics/span.js";
import type { ProgramImage } from "../plan/plan.js";

/** The index of the last instruction the verifier printed before giving up. */
export function failingInsn(log: string): number | undefined {
  const lines = log.trimEnd().split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(\d+): \([0-9a-f]{2}\)/.exec(lines[i]!);
    if (m) return Number(m[1]);
  }
  return undefined;
}

export interface VerifierReport {
  message: string;
  span?: Span;
  tail: string;
  /** HINT lines under the message. */
  hints?: string[];
}

export function verifierReport(image: ProgramImage, log: string, tailLines = 8): VerifierReport {
  const insn = failingInsn(log);
  const span = insn === undefined ? undefined : (image.code.spans[insn] as Span | undefined);
  const lines = log.trimEnd().split("\n");
  return {
    message: `the kernel's verifier rejected the program for ${image.target.name}${insn === undefined ? "" : ` at instruction ${insn}`} (this is an ebt bug; please report it)`,
    span,
    tail: lines.slice(-tailLines).join("\n"),
  };
}

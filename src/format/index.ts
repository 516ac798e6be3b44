/**
 * `ebt --fmt`: the program reprinted in current bpftrace's layout, comments kept (formatter.ts).
 * Only parsing is needed: a program that does not parse gets the parser's diagnostics instead.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { parse } from "../parser/index.js";
import { Formatter } from "./formatter.js";
import { collectTrivia } from "./trivia.js";

export function formatSource(source: string, file: string): { text: string } | { diagnostics: Diagnostic[] } {
  const { program, diagnostics } = parse(source, file);
  if (!program || diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { text: new Formatter(source).program(program, collectTrivia(source)).toString() };
}

import type { Diagnostic } from "./diagnostic.js";
import { SourceMap } from "./span.js";

/**
 * Renders a diagnostic in bpftrace's layout:
 *
 *   stdin:1:20-21: ERROR: syntax error, unexpected }, expecting ) or ","
 *   BEGIN { printf("x" }
 *                      ~
 *
 * A span over several lines prints `file:L1-L2:` and no source excerpt, as bpftrace does.
 */
export function renderDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, SourceMap>): string {
  const { span } = d;
  const label = d.severity === "error" ? "ERROR" : "WARNING";
  if (d.clang) {
    const c = d.clang;
    const head = `${c.file}:${c.line}:${c.col}: ${c.fatal ? "fatal error" : d.severity}: ${d.message}\n`;
    const src = span.start.line > 0 ? sources.get(span.file) : undefined;
    if (!src) return head;
    const line = src.line(span.start.line);
    const prefix = line.slice(0, span.start.col - 1).replace(/[^\t]/g, " ");
    return head + line + "\n" + prefix + "^" + "~".repeat(Math.max(0, span.end.col - span.start.col - 1)) + "\n";
  }
  // A problem with no place in the source (an environment variable): the message alone.
  if (span.start.line === 0) return `${label}: ${d.message}\n` + hintLines(d);
  const src = sources.get(span.file);
  if (span.start.line !== span.end.line) {
    const endLine = span.end.col === 1 && span.end.line > span.start.line ? span.end.line - 1 : span.end.line;
    if (endLine === span.start.line) {
      return renderDiagnostic({ ...d, span: { ...span, end: { ...span.end, line: endLine, col: (src?.line(endLine).length ?? 0) + 1 } } }, sources);
    }
    return `${span.file}:${span.start.line}-${endLine}: ${label}: ${d.message}\n` + hintLines(d);
  }
  const endCol = Math.max(span.end.col, span.start.col + 1);
  let out = `${span.file}:${span.start.line}:${span.start.col}-${endCol}: ${label}: ${d.message}\n`;
  if (src) {
    const line = src.line(span.start.line);
    out += line + "\n";
    // Tabs in the prefix keep their width so the marks line up under the same characters.
    const prefix = line.slice(0, span.start.col - 1).replace(/[^\t]/g, " ");
    out += prefix + "~".repeat(endCol - span.start.col) + "\n";
  }
  // In a macro's text: where the macro was called, as bpftrace shows it.
  const from = span.expandedFrom ? renderDiagnostic({ severity: d.severity, span: span.expandedFrom, message: "expanded from" }, sources) : "";
  return out + hintLines(d) + from;
}

function hintLines(d: Diagnostic): string {
  return (d.hints ?? []).map((h) => `HINT: ${h}\n`).join("");
}

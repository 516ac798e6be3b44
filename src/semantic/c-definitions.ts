/**
 * The program's C (Program.cDefinitions) → its types and constants (cdecl/program-types.ts), with
 * C errors reported where they are: in the script (clang's `definitions.h` place, as bpftrace
 * prints it, and the script line) or in a header.
 */
import path from "node:path";
import type { Program } from "../ast/nodes.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import type { SourceMap, Span } from "../diagnostics/span.js";
import { setProgramBtf } from "../btf/btf.js";
import { declareProgramTypes } from "../cdecl/program-types.js";
import type { ProgramTypes } from "../cdecl/program-types.js";
import type { ScriptChunk } from "../cdecl/preprocessor.js";

export function programCTypes(program: Program, file: string, sources: ReadonlyMap<string, SourceMap>, diags: Diagnostics): ProgramTypes | undefined {
  const defs = program.cDefinitions ?? [];
  if (defs.length === 0) {
    setProgramBtf(undefined);
    return undefined;
  }
  // bpftrace writes an include of its BTF header on line 1 of `definitions.h`, then each piece.
  let defLine = 2;
  const chunks: ScriptChunk[] = defs.map((d) => {
    // A definition may leave out its `;` (bpftrace's grammar ends it at the `}`).
    const text = d.text.startsWith("#") || /;\s*$/.test(d.text) ? d.text : d.text + ";";
    const c = { text, file: d.span.file, line: d.span.start.line, col: d.span.start.col, defLine };
    defLine += d.text.split("\n").length;
    return c;
  });
  const scriptDir = file === "stdin" || file === "-e" || !file ? process.cwd() : path.dirname(path.resolve(file));
  const types = declareProgramTypes(chunks, scriptDir);
  for (const e of types.errors) {
    const src = e.loc.script ? sources.get(e.loc.file) : undefined;
    const span: Span = src ? tokenSpan(src, e.loc.line, e.loc.col, e.width) : { file: e.loc.file, start: { offset: 0, line: 0, col: 0 }, end: { offset: 0, line: 0, col: 0 } };
    const clang = e.loc.script ? { file: "definitions.h", line: e.loc.defLine ?? e.loc.line, col: e.loc.defCol ?? e.loc.col, fatal: e.fatal } : { file: e.loc.file, line: e.loc.line, col: e.loc.col, fatal: e.fatal };
    diags.items.push({ severity: "error", span, message: e.message, clang });
  }
  return types;
}

function tokenSpan(src: SourceMap, line: number, col: number, width = 1): Span {
  const start = { offset: 0, line, col };
  return { file: src.file, start, end: { offset: 0, line, col: col + Math.max(1, width) } };
}

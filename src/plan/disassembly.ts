/** `ebt -d`: every program's disassembly, headed by its probe, each block by its source line. */
import type { Plan } from "./plan.js";
import { disassemble } from "../codegen/bpf/index.js";
import type { Span } from "../diagnostics/span.js";
import type { SourceMap } from "../diagnostics/span.js";

export function formatDisassembly(plan: Plan, sources: ReadonlyMap<string, SourceMap>): string {
  return plan.programs
    .map((prog) => {
      // One header text per source line, made once: instructions of a long line (a whole -e
      // program) then cost no copy of it each.
      const headers = new Map<string, string | undefined>();
      const body = disassemble(prog.code, {
        sourceLine: (span: unknown) => {
          const s = span as Span | undefined;
          if (!s) return undefined;
          const key = `${s.file}:${s.start.line}`;
          if (headers.has(key)) return headers.get(key);
          const text = sources.get(s.file)?.line(s.start.line).trim();
          const header = text ? `${s.start.line}: ${text}` : undefined;
          headers.set(key, header);
          return header;
        },
      });
      return `${prog.target.name}:\n${body}${body.endsWith("\n") ? "" : "\n"}`;
    })
    .join("\n");
}

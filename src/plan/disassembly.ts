/** `ebt -d`: every program's disassembly, headed by its probe, each block by its source line. */
import type { Plan } from "./plan.js";
import { disassemble } from "../codegen/bpf/index.js";
import type { Span } from "../diagnostics/span.js";
import type { SourceMap } from "../diagnostics/span.js";

export function formatDisassembly(plan: Plan, sources: ReadonlyMap<string, SourceMap>): string {
  return plan.programs
    .map((prog) => {
      // One header text per source line, made once: instructions of a long line (a whole -e
      // program) then cost no copy of it each. Runs of instructions share their span object, so
      // the last one answers most lookups without building a key.
      const headers = new Map<string, string | undefined>();
      let lastSpan: unknown;
      let lastHeader: string | undefined;
      const body = disassemble(prog.code, {
        sourceLine: (span: unknown) => {
          if (span === lastSpan) return lastHeader;
          const s = span as Span | undefined;
          if (!s) return undefined;
          const key = `${s.file}:${s.start.line}`;
          let header = headers.get(key);
          if (header === undefined && !headers.has(key)) {
            const text = sources.get(s.file)?.line(s.start.line).trim();
            header = text ? `${s.start.line}: ${text}` : undefined;
            headers.set(key, header);
          }
          lastSpan = span;
          lastHeader = header;
          return header;
        },
      });
      return `${prog.target.name}:\n${body}${body.endsWith("\n") ? "" : "\n"}`;
    })
    .join("\n");
}

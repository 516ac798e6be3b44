/** `ebt -d`: every program's disassembly, headed by its probe, each block by its source line. */
import type { Plan } from "./plan.js";
import { disassemble } from "../codegen/bpf/index.js";
import type { Span } from "../diagnostics/span.js";
import type { SourceMap } from "../diagnostics/span.js";

export function formatDisassembly(plan: Plan, sources: ReadonlyMap<string, SourceMap>): string {
  return plan.programs
    .map((prog) => {
      const body = disassemble(prog.code, {
        sourceLine: (span: unknown) => {
          const s = span as Span | undefined;
          const text = s && sources.get(s.file)?.line(s.start.line).trim();
          return text ? `${s.start.line}: ${text}` : undefined;
        },
      });
      return `${prog.target.name}:\n${body}${body.endsWith("\n") ? "" : "\n"}`;
    })
    .join("\n");
}

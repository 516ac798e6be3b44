/** Compile-time validation of printf-style format strings against their arguments. */
import type { Expr, StrLit } from "../ast/nodes.js";
import { parseFormat, printfArgError } from "../util/format-string.js";
import type { Span } from "../diagnostics/span.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import type { Type } from "./types.js";

/** bpftrace names the kind, not the exact type, in printf messages: `string`, `integer`. */
export function kindName(t: Type): string {
  return t.kind === "str" ? "string" : t.kind === "int" ? "integer" : t.kind;
}

const INTEGER_CONVERSIONS = new Set(["d", "i", "u", "x", "X", "o", "c", "p", "gr"]);

/** Errors about the format as a whole are reported at `callSpan`, as bpftrace reports them. */
export function checkPrintfArgs(c: CheckCtx, fn: string, callSpan: Span, fmt: StrLit, args: Expr[], types: Type[]): void {
  const parsed = parseFormat(fmt.value);
  if ("error" in parsed) {
    c.error(fmt.span, `${fn}: ${parsed.error}`);
    return;
  }
  const countError = printfArgError(parsed, args.length);
  if (countError) {
    c.error(callSpan, countError.replace(/^printf:/, `${fn}:`));
    return;
  }
  const specs = parsed.segments.filter((s) => typeof s !== "string");
  specs.forEach((spec, i) => {
    const t = types[i]!;
    if (INTEGER_CONVERSIONS.has(spec.conversion) && t.kind !== "int" && t.kind !== "bool" && t.kind !== "ptr") {
      c.error(callSpan, `${fn}: %${spec.conversion} specifier expects a value of type integer (${kindName(t)} supplied)`);
    } else if (t.kind === "none") {
      // A call with no value (`exit()`): bpftrace's wording, naming what the conversion takes.
      const wanted = spec.conversion === "s" ? "string" : spec.conversion.startsWith("r") ? "buffer" : "value";
      c.error(callSpan, `${fn}: %${spec.conversion} specifier expects a value of type ${wanted} (none supplied)`);
    }
  });
}

/** Compile-time validation of printf-style format strings against their arguments. */
import type { Expr, StrLit } from "../ast/nodes.js";
import { parseFormat, printfArgError } from "../runtime/output/printf.js";
import type { CheckCtx } from "./check-ctx.js";
import type { Type } from "./types.js";
import { typeName } from "./types.js";

const INTEGER_CONVERSIONS = new Set(["d", "i", "u", "x", "X", "o", "c", "p"]);

export function checkPrintfArgs(c: CheckCtx, fn: string, fmt: StrLit, args: Expr[], types: Type[]): void {
  const parsed = parseFormat(fmt.value);
  if ("error" in parsed) {
    c.error(fmt.span, `${fn}: ${parsed.error}`);
    return;
  }
  const countError = printfArgError(parsed, args.length);
  if (countError) {
    c.error(fmt.span, countError.replace(/^printf:/, `${fn}:`));
    return;
  }
  const specs = parsed.segments.filter((s) => typeof s !== "string");
  specs.forEach((spec, i) => {
    const t = types[i]!;
    if (INTEGER_CONVERSIONS.has(spec.conversion) && t.kind !== "int" && t.kind !== "bool" && t.kind !== "ptr") {
      c.error(args[i]!.span, `${fn}: %${spec.conversion} specifier expects a value of type integer (${typeName(t)} supplied)`);
    }
  });
}

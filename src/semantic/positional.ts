/**
 * Positional parameters as strings. `str($1)` is the text of the first argument whatever it looks
 * like (a number too), and `str($1 + k)` the text from its k-th byte on (bpftrace treats `$1` in
 * str() as a pointer to the argument's text). A missing parameter is "".
 */
import { toByteString } from "../util/byte-strings.js";
import type { Call, Expr, Node, Positional, Program, StrLit } from "../ast/nodes.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import { parseInt64, parseUint } from "../util/parse-int.js";
import { forEachNode, SKIP_CHILDREN, type AnyNode } from "../ast/walk.js";

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
  return { kind: "StrLit", value: text.subarray(Math.min(offset, text.length)).toString("latin1"), span: e.span };
}

/**
 * An attach point with its positional parameters (`$1`, outside quotes) replaced by their text,
 * as bpftrace expands them before reading the attach point: `i:ms:$1`, `uprobe:$1:main`, `BEG$1`,
 * or `$1` for the whole of it. A `$` not followed by a parameter number is an error.
 */
export function expandAttachPointPositionals(raw: string, positional: readonly string[]): { raw: string } | { error: string } {
  if (!raw.includes("$")) return { raw };
  let out = "";
  let inQuotes = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '"') inQuotes = !inQuotes;
    if (c !== "$" || inQuotes) {
      out += c;
      if (inQuotes && c === "\\" && i + 1 < raw.length) out += raw[++i];
      continue;
    }
    const digits = /^[1-9][0-9]*/.exec(raw.slice(i + 1))?.[0];
    if (!digits) {
      const next = raw[i + 1];
      if (next === undefined) {
        out += c;
        continue;
      }
      return { error: `invalid trailing character for positional param: ${next}. Try quoting this entire part if this is intentional e.g. "$${next}".` };
    }
    out += positional[Number(digits) - 1] ?? "";
    i += digits.length;
  }
  return { raw: out };
}

/**
 * Positional parameters in expressions become the literals they stand for, as in current
 * bpftrace: a number (in any base bpftrace reads: `0x1f`, `0775`, `1e3`, `-5`) is an integer
 * literal, usable wherever a literal is required (lhist bounds, unroll counts, buf and strncmp
 * lengths); other text is a string literal; a missing one is 0, with bpftrace's warning. `$#` is
 * their count. Inside str() a parameter keeps its text (`str($1)`, `str($1 + 2)`): see
 * positionalAsString.
 */
export function substitutePositionals(program: Program, positional: readonly string[], diags: Diagnostics): void {
  // Parameters that stay as they are: the first argument of str(), alone or with an offset.
  const kept = new Set<Node>();
  const visit = (n: AnyNode): typeof SKIP_CHILDREN | void => {
    if (n.kind === "Positional" && !kept.has(n)) {
      replace(n as unknown as Positional, positional, diags);
      return SKIP_CHILDREN;
    }
    if (n.kind === "Call" && (n as unknown as Call).name === "str") {
      const call = n as unknown as Call;
      const first = call.args[0];
      // As bpftrace folds it: `str($1)` is the parameter's text, a string literal (so kaddr(str($1)) works).
      if (call.args.length === 1 && first?.kind === "Positional" && !first.count) {
        for (const k of Object.keys(n)) if (k !== "span") delete (n as Record<string, unknown>)[k];
        Object.assign(n, { kind: "StrLit", value: toByteString(positional[first.index - 1] ?? "") });
        return SKIP_CHILDREN;
      }
      const held = first?.kind === "Positional" ? first : first?.kind === "Binary" && first.op === "+" && first.left.kind === "Positional" ? first.left : undefined;
      if (held) kept.add(held);
    }
  };
  for (const item of program.items) if (item.kind === "Probe") forEachNode([item.predicate, item.body], visit);
}

function replace(p: Positional, positional: readonly string[], diags: Diagnostics): void {
  const node = p as unknown as Record<string, unknown>;
  const literal = (e: Record<string, unknown>): void => {
    for (const k of Object.keys(node)) if (k !== "span") delete node[k];
    Object.assign(node, e);
  };
  if (p.count) return literal({ kind: "IntLit", value: BigInt(positional.length), raw: String(positional.length) });
  const text = positional[p.index - 1] ?? "";
  if (text === "") {
    diags.warning(p.span, `Positional parameter $${p.index} is empty or not provided. `);
    return literal({ kind: "IntLit", value: 0n, raw: "0" });
  }
  const parsed = text.startsWith("-") ? parseInt64(text) : parseUint(text);
  if ("error" in parsed) return literal({ kind: "StrLit", value: toByteString(text) });
  if (parsed.value < 0n) {
    return literal({ kind: "Unary", op: "-", operand: { kind: "IntLit", value: -parsed.value, raw: text.slice(1), span: p.span } });
  }
  literal({ kind: "IntLit", value: parsed.value, raw: text });
}

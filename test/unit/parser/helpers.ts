import { expect } from "vitest";
import type { Expr, Probe, Program, Stmt } from "../../../src/ast/nodes.js";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import { SourceMap, type Span } from "../../../src/diagnostics/span.js";
import { parse } from "../../../src/parser/index.js";

/** Drops spans (and nameSpan) and turns bigints into strings, for shape comparisons. */
export function strip(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (k, x) => (k === "span" || k.endsWith("Span") ? undefined : typeof x === "bigint" ? `${x}n` : x)));
}

export function ok(src: string): Program {
  const r = parse(src, "stdin");
  if (r.diagnostics.length) throw new Error(`unexpected diagnostics for ${src}:\n` + err(src));
  expect(r.program).toBeDefined();
  return r.program!;
}

export function probe(src: string, i = 0): Probe {
  return ok(src).items[i] as Probe;
}

export function stmts(body: string): Stmt[] {
  return probe(`BEGIN { ${body} }`).body.stmts;
}

/** The expression `e`, parsed as the value of an assignment (so `if` and `{` are expressions). */
export function expr(e: string): Expr {
  const s = stmts(`$_ = ${e};`)[0]!;
  if (s.kind !== "AssignStmt") throw new Error(`not an assignment: ${s.kind}`);
  return s.value;
}

/** The rendered first diagnostic (bpftrace layout), or "" when there is none. */
export function err(src: string): string {
  const r = parse(src, "stdin");
  if (r.diagnostics.length === 0) return "";
  return renderDiagnostic(r.diagnostics[0]!, new Map([["stdin", new SourceMap("stdin", src)]]));
}

/** First line of the rendered diagnostic. */
export const msg = (src: string): string => err(src).split("\n")[0]!;

/** The source text a span covers. */
export const text = (src: string, s: Span): string => src.slice(s.start.offset, s.end.offset);

/** Fully parenthesised rendering of an expression, for precedence tests. */
export function show(e: Expr): string {
  switch (e.kind) {
    case "IntLit": return e.raw;
    case "StrLit": return JSON.stringify(e.value);
    case "BoolLit": return String(e.value);
    case "Identifier": return e.name;
    case "ScratchVar": return e.name;
    case "MapAccess": return e.keys.length ? `${e.name}[${e.keys.map(show).join(", ")}]` : e.name;
    case "Positional": return e.count ? "$#" : `$${e.index}`;
    case "Binary": return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "Unary": return `(${e.op}${show(e.operand)})`;
    case "Update": return e.prefix ? `(${e.op}${show(e.target)})` : `(${show(e.target)}${e.op})`;
    case "Ternary": return `(${show(e.cond)} ? ${e.then ? show(e.then) : ""} : ${show(e.else)})`;
    case "Call": return `${e.name}(${e.args.map(show).join(", ")})`;
    case "FieldAccess": return `${show(e.object)}${e.arrow ? "->" : "."}${e.field}`;
    case "IndexAccess": return `${show(e.object)}[${show(e.index)}]`;
    case "Cast": return `((${e.type.name}${"*".repeat(e.type.pointerDepth)}${e.type.arraySize !== undefined ? `[${e.type.arraySize}]` : ""})${show(e.operand)})`;
    case "TupleExpr": return `(${e.elems.map(show).join(", ")},)`;
    case "RecordExpr": return `(${e.fields.map((f) => `${f.name} = ${show(f.value)}`).join(", ")})`;
    case "Block": return `{${e.stmts.map((s) => s.kind + "; ").join("")}${e.value ? show(e.value) : ""}}`;
    default: return e.kind;
  }
}

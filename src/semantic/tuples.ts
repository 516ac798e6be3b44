/**
 * Tuples and records. A record `(a = 1, b = "x")` is a tuple whose elements have names: it is
 * stored like one, and only its printing (`{ .a = 1, .b = x }`) and field access by name differ.
 * `t[i]` reads a tuple element when `i` is a constant (bpftrace allows `t[1 + 1]`, not `t[$i]`).
 */
import type { Expr, FieldAccess, IndexAccess, MapAccess, RecordExpr } from "../ast/nodes.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import type { Type } from "./types.js";
import { s64 } from "./types.js";

/** The value of a constant integer expression (literals and operators on them), if it is one. */
export function constantInt(e: Expr): bigint | undefined {
  switch (e.kind) {
    case "IntLit":
      return e.value;
    case "Unary": {
      const v = constantInt(e.operand);
      if (v === undefined) return undefined;
      return e.op === "-" ? -v : e.op === "+" ? v : e.op === "~" ? ~v : e.op === "!" ? (v === 0n ? 1n : 0n) : undefined;
    }
    case "Binary": {
      const l = constantInt(e.left);
      const r = constantInt(e.right);
      if (l === undefined || r === undefined) return undefined;
      switch (e.op) {
        case "+": return l + r;
        case "-": return l - r;
        case "*": return l * r;
        case "/": return r === 0n ? 0n : l / r;
        case "%": return r === 0n ? 0n : l % r;
        case "<<": return l << r;
        case ">>": return l >> r;
        case "&": return l & r;
        case "|": return l | r;
        case "^": return l ^ r;
        default: return undefined;
      }
    }
    default:
      return undefined;
  }
}

export function recordType(c: CheckCtx, e: RecordExpr): Type {
  const seen = new Set<string>();
  for (const f of e.fields) {
    if (seen.has(f.name)) c.error(f.span, `Duplicate field name: ${f.name}`);
    seen.add(f.name);
  }
  return { kind: "tuple", elems: e.fields.map((f) => c.check(f.value)), names: e.fields.map((f) => f.name) };
}

/** `t.0` on a tuple or `r.name` on a record: the element's type. */
export function elementType(c: CheckCtx, e: FieldAccess, obj: Type & { kind: "tuple" }): Type {
  if (obj.names) {
    const i = obj.names.indexOf(e.field);
    if (i < 0) {
      c.error(e.span, `Record does not contain a field named '${e.field}'`);
      return s64;
    }
    return obj.elems[i]!;
  }
  const i = Number(e.field);
  if (!/^\d+$/.test(e.field) || i >= obj.elems.length) {
    c.error(e.span, `Invalid tuple index: ${e.field}. Found ${obj.elems.length} elements in tuple.`);
    return s64;
  }
  return obj.elems[i]!;
}

/** Index of element `field` of a tuple or record type, for codegen. */
export function elementIndex(t: Type & { kind: "tuple" }, field: string): number {
  return t.names ? t.names.indexOf(field) : Number(field);
}

/**
 * `t[i]` on a tuple becomes `t.i` (the node is rewritten in place, so codegen sees a field access).
 * Returns false when `e` indexes something else.
 */
export function tupleIndexToField(c: CheckCtx, e: IndexAccess, obj: Type): boolean {
  if (obj.kind !== "tuple" || obj.names) return false;
  const i = constantInt(e.index);
  if (i === undefined) {
    c.error(e.index.span, "The tuple index must be a constant integer expression, e.g. t[1] or t[1 + 1]");
    return true;
  }
  const field: FieldAccess = { kind: "FieldAccess", object: e.object, field: String(i), arrow: false, span: e.span };
  Object.assign(e, field);
  delete (e as Partial<IndexAccess>).index;
  return true;
}

/** `@m[(a, b)]` is `@m[a, b]`: a single tuple key spreads into the map's keys. */
export function spreadTupleKey(m: MapAccess): Expr[] {
  const only = m.keys[0];
  if (m.keys.length === 1 && only?.kind === "TupleExpr" && only.elems.length > 1) m.keys = only.elems;
  return m.keys;
}

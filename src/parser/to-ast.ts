/**
 * The "CST → AST" step. The grammar is a Chevrotain EmbeddedActionsParser, so there is no CST: its
 * actions call these helpers to build AST nodes (src/ast/nodes.ts) with spans as they parse. Why not
 * a CstParser plus visitor: building and walking a CST costs start-up time and memory for nothing we
 * use, and the actions stay one line each.
 *
 * Errors that the grammar's shape cannot express (bpftrace reports them from its parser actions)
 * are thrown as `ParseAbort` and reported by index.ts.
 */
import type { IToken } from "chevrotain";
import type * as A from "../ast/nodes.js";
import { joinSpans, type SourceMap, type Span } from "../diagnostics/span.js";

/** A parse error found by an action (not by Chevrotain), e.g. `x++`. Aborts the parse. */
export class ParseAbort extends Error {
  constructor(readonly span: Span, message: string, readonly hints?: string[]) {
    super(message);
  }
}

type Spanned = IToken | { span: Span };

export class AstBuilder {
  constructor(readonly sm: SourceMap) {}

  /** Span from the start of `a` to the end of `b` (tokens or nodes). */
  span(a: Spanned, b: Spanned = a): Span {
    return joinSpans(this.spanOf(a), this.spanOf(b));
  }

  tok(t: IToken): Span {
    // Chevrotain's end-of-input token has no offsets: it sits at the end of the text.
    if (Number.isNaN(t.startOffset)) return this.sm.span(this.sm.text.length, this.sm.text.length);
    return this.sm.span(t.startOffset, t.endOffset! + 1);
  }

  private spanOf(x: Spanned): Span {
    return "span" in x ? x.span : this.tok(x);
  }

  binary(op: A.BinaryOp, left: A.Expr, right: A.Expr, opSpan?: Span): A.Binary {
    return { kind: "Binary", op, left, right, span: joinSpans(left.span, right.span), opSpan };
  }

  /**
   * `target op value`. The grammar only offers an assignment after a target that may take one
   * (`assignable`), so anything else is already a syntax error at the operator.
   */
  assign(target: A.Expr, opTok: IToken, value: A.Expr): A.Stmt {
    const span = joinSpans(target.span, value.span);
    if (target.kind === "ScratchVar" || target.kind === "MapAccess") {
      return { kind: "AssignStmt", target, op: opTok.image as A.AssignOp, value, span, opSpan: this.tok(opTok) };
    }
    if (target.kind === "FieldAccess") {
      throw new ParseAbort(span, "Tuples are immutable once created. Consider creating a new tuple and assigning it instead.");
    }
    // `_ = f()` (current bpftrace): evaluate and discard.
    return { kind: "ExprStmt", expr: value, span, discard: true };
  }

  /** `++x` / `x++`; the grammar offers it on variables, map entries and (for this error) identifiers. */
  update(opTok: IToken, target: A.Expr, prefix: boolean): A.Update {
    if (target.kind !== "ScratchVar" && target.kind !== "MapAccess") {
      // bpftrace's words, at the operator for `++x` and at the name for `x++`.
      throw new ParseAbort(prefix ? this.tok(opTok) : target.span, `The ${opTok.image} operator must be applied to a map or variable`);
    }
    const span = prefix ? this.span(opTok, target) : this.span(target, opTok);
    return { kind: "Update", op: opTok.image as "++" | "--", prefix, target, span };
  }
}

/** Whether `e op= ...` is offered after `e`: variables, map entries, `_` and tuple fields (the last
 * only to report bpftrace's "Tuples are immutable" error). */
export function assignable(e: A.Expr, op: IToken): boolean {
  if (e.kind === "ScratchVar" || e.kind === "MapAccess") return true;
  if (op.image !== "=") return false;
  if (e.kind === "Identifier") return e.name === "_";
  return e.kind === "FieldAccess" && !e.arrow && /^[0-9]/.test(e.field);
}

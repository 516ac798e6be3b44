/**
 * Helpers the grammar's embedded actions use to build AST nodes (src/ast/nodes.ts) with spans.
 * The grammar builds the AST directly (no CST), so this is the whole "CST → AST" step.
 */
import type { IToken } from "chevrotain";
import type * as A from "../ast/nodes.js";
import { joinSpans, type SourceMap, type Span } from "../diagnostics/span.js";

/** A parse error found by an action (not by Chevrotain), e.g. `1 = 2`. Aborts the parse. */
export class ParseAbort extends Error {
  constructor(readonly span: Span, message: string, readonly hints?: string[]) {
    super(message);
  }
}

export class AstBuilder {
  constructor(readonly sm: SourceMap) {}

  /** Span from the start of `a` to the end of `b` (tokens or nodes). */
  span(a: IToken | { span: Span }, b: IToken | { span: Span } = a): Span {
    const sa = "span" in a ? a.span : this.tok(a);
    const sb = "span" in b ? b.span : this.tok(b);
    return joinSpans(sa, sb);
  }

  tok(t: IToken): Span {
    return this.sm.span(t.startOffset, t.endOffset! + 1);
  }

  binary(op: A.BinaryOp, left: A.Expr, right: A.Expr): A.Binary {
    return { kind: "Binary", op, left, right, span: joinSpans(left.span, right.span) };
  }

  /** `target op= value` → AssignStmt; rejects targets that are not variables or map entries. */
  assign(target: A.Expr, opTok: IToken, value: A.Expr): A.AssignStmt {
    if (target.kind !== "ScratchVar" && target.kind !== "MapAccess") {
      throw new ParseAbort(this.tok(opTok), `syntax error, unexpected ${opTok.image}`, [
        "only a $variable or a @map entry can be assigned to",
      ]);
    }
    return { kind: "AssignStmt", target, op: opTok.image as A.AssignOp, value, span: joinSpans(target.span, value.span) };
  }

  update(opTok: IToken, target: A.Expr, prefix: boolean): A.Update {
    if (target.kind !== "ScratchVar" && target.kind !== "MapAccess") {
      throw new ParseAbort(this.tok(opTok), `syntax error, unexpected ${opTok.image}`, [
        `${opTok.image} applies only to a $variable or a @map entry`,
      ]);
    }
    const span = prefix ? this.span(opTok, target) : this.span(target, opTok);
    return { kind: "Update", op: opTok.image as "++" | "--", prefix, target, span };
  }
}

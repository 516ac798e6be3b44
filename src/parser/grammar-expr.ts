/**
 * The operator layer of the grammar (see grammar-primary.ts for the layers): binary and unary
 * operators, casts, postfix forms and type names.
 *
 * Precedence and associativity are bpftrace's (parser.yy, i.e. C's), lowest first:
 *   ?: (right; `a ?: b` is the elvis form) < || < && < | < ^ < & < == != < < <= > >= < << >>
 *   < + - < * / % < prefix (! ~ - + * & ++ -- casts) < postfix (. -> [] ++ --) < primary.
 *
 * The binary operators take a context argument (Chevrotain ARGS), passed down from statements:
 *  - `Ctx.Angle` at the top level of a `< >` probe body (DESIGN.md §1): gates stop `>` (comparison)
 *    and `>>` (shift, lexed as two adjacent `>`) from being operators there, so that `>` ends the
 *    body, like C++ template arguments. `>=` and `>>=` are tokens of their own and stay operators.
 *  - `Ctx.Predicate` in a probe's `/filter/`: a `/` followed by `{`, `<` or the end of the input ends
 *    the filter instead of dividing (bpftrace's lexer makes the same choice for its ENDPRED token).
 *  - `Ctx.Plain` everywhere else, and again inside `( )`, `[ ]` and nested `{ }`.
 *
 * Casts. `(T)e` is a cast when T is a builtin type (`uint8`, `bool`, `string[16]`...) or `struct X`,
 * `union X`, `enum X`, each with optional `*`s and `[N]`. A bare name, `(name)e`, is a cast to a
 * typedef when, as in current bpftrace, the name is not a builtin variable and the `)` is followed by
 * something that can start an operand (a literal, variable, map, name, `(`, `-`, `!`, `~`, `*`, `&`);
 * `(name *)` and `(name **)` are always casts. So `(pid_t)$x` casts, `(x) + 1` adds and `(x) - 1`
 * casts `-1` (as in bpftrace and C).
 */
import type { IToken } from "chevrotain";
import type * as A from "../ast/nodes.js";
import { joinSpans, type Span } from "../diagnostics/span.js";
import { chevrotain } from "./chevrotain.js";
import { Ctx, PrimaryParser } from "./grammar-primary.js";
import type { LitToken } from "./lexer.js";
import type { AstBuilder } from "./to-ast.js";
import * as T from "./tokens.js";

export { Ctx, type StmtList } from "./grammar-primary.js";

const { EOF, tokenMatcher } = chevrotain;

/** Binding strength of the binary operators (bpftrace's parser.yy, i.e. C's); all left associative. */
const PRECEDENCE: Record<A.BinaryOp, number> = {
  "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, "<=": 7, ">": 7, ">=": 7,
  "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
};

/** Builds the tree for `e0 op1 e1 op2 e2 ...` by precedence climbing. */
function climb(operands: A.Expr[], ops: A.BinaryOp[], b: AstBuilder, opSpans: Span[]): A.Expr {
  let i = 0;
  const parse = (minPrec: number): A.Expr => {
    let left = operands[i]!;
    while (i < ops.length && PRECEDENCE[ops[i]!] >= minPrec) {
      const at = i++;
      const op = ops[at]!;
      left = b.binary(op, left, parse(PRECEDENCE[op] + 1), opSpans[at]);
    }
    return left;
  };
  return parse(0);
}

export abstract class ExprParser extends PrimaryParser {
  /** `>` `>` with nothing between them: a `>>` shift. */
  private shrAhead(): boolean {
    const a = this.LA(1);
    const b = this.LA(2);
    return a.tokenType === T.Gt && b.tokenType === T.Gt && b.startOffset === a.endOffset! + 1;
  }

  // ------------------------------------------------------------------ binary operators

  /** `c ? a : b` and `a ?: b`, right associative. */
  expr = this.RULE("expr", (ctx: Ctx): A.Expr => {
    const cond = this.SUBRULE(this.binary, { ARGS: [ctx] });
    let then: A.Expr | undefined;
    let els: A.Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Question);
      this.OPTION2(() => {
        then = this.SUBRULE(this.expr, { ARGS: [ctx] });
      });
      this.CONSUME(T.Colon);
      els = this.SUBRULE2(this.expr, { ARGS: [ctx] });
    });
    return this.ACTION(() =>
      els ? ({ kind: "Ternary", cond, then, else: els, span: joinSpans(cond.span, els.span) } as A.Ternary) : cond,
    );
  });

  /**
   * All binary operators: `unary (op unary)*`, made into a tree by precedence climbing (PRECEDENCE).
   * One rule instead of one per level keeps Chevrotain's start-up analysis small. The gate is where
   * the context decides whether an operator continues the expression.
   */
  binary = this.RULE("binary", (ctx: Ctx): A.Expr => {
    const operands = [this.SUBRULE(this.unary)];
    const ops: A.BinaryOp[] = [];
    const opSpans: Span[] = [];
    this.MANY({
      GATE: () => this.binaryContinues(ctx),
      DEF: () => {
        const op = this.OR((this.binaryOpAlts ??= [
          {
            // `>>` is two adjacent `>` tokens (so that a `< >` body can end at the first).
            GATE: () => this.shrAhead(),
            IGNORE_AMBIGUITIES: true,
            ALT: () => {
              const a = this.CONSUME(T.Gt);
              const z = this.CONSUME2(T.Gt);
              return [">>", a, z] as const;
            },
          },
          {
            ALT: () => {
              const t = this.CONSUME(T.BinaryOp);
              return [t.image, t, t] as const;
            },
          },
        ]));
        const right = this.SUBRULE2(this.unary);
        this.ACTION(() => {
          ops.push(op[0] as A.BinaryOp);
          opSpans.push(this.b.span(op[1], op[2]));
          operands.push(right);
        });
      },
    });
    return this.ACTION(() => climb(operands, ops, this.b, opSpans));
  });

  private binaryContinues(ctx: Ctx): boolean {
    const t = this.LA(1).tokenType;
    // At an angle body's top level a `>` (or `>>`) ends the body instead.
    if (t === T.Gt) return ctx !== Ctx.Angle;
    // In a predicate, a `/` before the body ends the predicate.
    if (t === T.Slash && ctx === Ctx.Predicate) {
      const next = this.LA(2).tokenType;
      return next !== T.LBrace && next !== T.Lt && next !== EOF;
    }
    return true;
  }

  // ------------------------------------------------------------------ prefix, casts, postfix

  /** Prefix operators and casts. Nothing below the binary operators depends on the context: a `>`
   * inside them is always nested in brackets. */
  unary = this.RULE("unary", (): A.Expr =>
    this.OR((this.unaryAlts ??= [
      {
        ALT: () => {
          const op = this.CONSUME(T.UnaryOp);
          const operand = this.SUBRULE(this.unary);
          return this.ACTION(() => ({ kind: "Unary", op: op.image as A.UnaryOp, operand, span: this.b.span(op, operand) }) as A.Unary);
        },
      },
      {
        // bpftrace: `++`/`--` apply to a variable or map entry; `++name` gets its own error.
        ALT: () => {
          const op = this.CONSUME(T.IncDec);
          const target = this.OR2([
            { ALT: () => this.SUBRULE(this.scratchVar) },
            { ALT: () => this.SUBRULE(this.mapAccess) },
            { ALT: () => this.SUBRULE(this.identifier) },
          ]);
          return this.ACTION(() => this.b.update(op, target, true));
        },
      },
      {
        GATE: () => this.castAhead(),
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          const l = this.CONSUME(T.LParen);
          const type = this.SUBRULE(this.typeName);
          this.CONSUME(T.RParen);
          const operand = this.SUBRULE2(this.unary);
          return this.ACTION(() => ({ kind: "Cast", type, operand, span: this.b.span(l, operand) }) as A.Cast);
        },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ])),
  );

  /** A type in a cast, `let $x: T` or `sizeof(T)`: `uint8`, `string[16]`, `struct task_struct *`,
   * `int8[4]`, or a typedef's bare name. */
  typeName = this.RULE("typeName", (): A.TypeName => {
    let name = "";
    let of: A.Expr | A.TypeName | undefined;
    const first = this.OR([
      {
        // `typeof(x)`: the type of an expression or of a type (current bpftrace).
        ALT: () => {
          const kw = this.CONSUME(T.Typeof);
          this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.typeOrExpr);
          const r = this.CONSUME(T.RParen);
          this.ACTION(() => {
            name = "typeof";
            of = inner;
          });
          return [kw, r] as const;
        },
      },
      {
        ALT: () => {
          const tag = this.CONSUME(T.TypeTag);
          const id = this.CONSUME(T.AnyWord);
          this.ACTION(() => (name = `${tag.image} ${id.image}`));
          return tag;
        },
      },
      { ALT: () => this.CONSUME(T.IntType) },
      { ALT: () => this.CONSUME(T.SizedType) },
      { ALT: () => this.CONSUME(T.Ident) },
    ]);
    const [head, end] = Array.isArray(first) ? (first as unknown as [IToken, IToken]) : [first as IToken, first as IToken];
    let last: IToken = end;
    let pointerDepth = 0;
    let arraySize: number | undefined;
    this.MANY(() => {
      last = this.CONSUME(T.Star);
      this.ACTION(() => pointerDepth++);
    });
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      // `int8[]` (current bpftrace): an array whose size comes from what is cast, recorded as 0.
      const n = this.OPTION2(() => this.CONSUME(T.IntLit) as LitToken);
      last = this.CONSUME(T.RBracket);
      this.ACTION(() => (arraySize = n ? Number(n.payload) : 0));
    });
    return this.ACTION(
      () => ({ kind: "TypeName", name: name || head.image, pointerDepth, arraySize, ...(of ? { of } : {}), span: this.b.span(head, last) }) as A.TypeName,
    );
  });

  postfix = this.RULE("postfix", (): A.Expr => {
    let e = this.SUBRULE(this.primary);
    this.MANY({
      // `x++` only after a name, variable or map entry; after anything else the `++` is left to the
      // caller, which reports it as bison does ("unexpected ++, expecting }").
      GATE: () => !tokenMatcher(this.LA(1), T.IncDec) || e.kind === "ScratchVar" || e.kind === "MapAccess" || e.kind === "Identifier",
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              const m = this.CONSUME(T.Member);
              const f = this.OR2([
                { ALT: () => this.CONSUME(T.AnyWord) },
                { GATE: () => m.tokenType === T.Dot, ALT: () => this.CONSUME(T.IntLit) },
              ]);
              e = this.ACTION(() => {
                const arrow = m.tokenType === T.Arrow;
                return { kind: "FieldAccess", object: e, field: f.image, arrow, span: this.b.span(e, f) } as A.FieldAccess;
              });
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.LBracket);
              const index = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
              const r = this.CONSUME(T.RBracket);
              e = this.ACTION(() => ({ kind: "IndexAccess", object: e, index, span: this.b.span(e, r) }) as A.IndexAccess);
            },
          },
          {
            ALT: () => {
              const op = this.CONSUME(T.IncDec);
              e = this.ACTION(() => this.b.update(op, e, false));
            },
          },
        ]);
      },
    });
    return e;
  });
}

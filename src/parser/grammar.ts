/**
 * The program and statement grammar: the last layer of the parser (grammar-primary.ts explains the
 * layers), and the class index.ts instantiates.
 *
 *   program    := (probe | config | macro | import | map-decl)*
 *   probe      := attach-point ("," attach-point?)* ("/" expr "/")? ( "{" stmts "}" | "<" stmts ">" )
 *   stmts      := (";" | compound | simple (";" | end))*      compound: if while unroll for { }
 *
 * Statements are separated by `;`; the last `;` of a block is optional, empty statements are allowed
 * and `if`/`while`/`unroll`/`for`/`{ }` need none after them. Conditions of `if`, `while` and `unroll`
 * are written `(expr)`, or, as current bpftrace allows, as a unary expression without parentheses
 * (`if $x { }`); `for` takes its head with or without parentheses. Braces are required (as bpftrace).
 *
 * A `< >` body parses its statements with `Ctx.Angle`, which makes a top-level `>` end the body
 * (grammar-expr.ts). `angleOpen` and `angleClosers` let index.ts word the errors about it.
 */
import type { IToken, ParserMethod } from "chevrotain";
import type * as A from "../ast/nodes.js";
import { Ctx, ExprParser, type StmtList } from "./grammar-expr.js";
import type { ParserOptions } from "./grammar-primary.js";
import type { LitToken } from "./lexer.js";
import { describeToken } from "./messages.js";
import { assignable, ParseAbort } from "./to-ast.js";
import * as T from "./tokens.js";

export class EbtParser extends ExprParser {
  /** `<` tokens of the angle bodies open at the current point (for the "unterminated" message). */
  angleOpen: IToken[] = [];
  /** The `>` tokens that closed angle bodies (to hint when an error follows one). */
  angleClosers = new Set<IToken>();

  constructor(opts: ParserOptions = {}) {
    super(opts);
    if (opts.gast) this.selfAnalysisFrom(opts.gast);
    else this.performSelfAnalysis();
  }

  // ------------------------------------------------------------------ top level

  program = this.RULE("program", (): A.Program => {
    const items: A.TopLevel[] = [];
    this.MANY(() => {
      const it = this.SUBRULE(this.topLevel);
      this.ACTION(() => items.push(it));
    });
    return this.ACTION(() => ({ kind: "Program", items, span: this.b.sm.span(0, this.b.sm.text.length) }) as A.Program);
  });

  topLevel = this.RULE("topLevel", (): A.TopLevel =>
    this.OR((this.topLevelAlts ??= [
      { ALT: () => this.SUBRULE(this.probe) },
      { ALT: () => this.SUBRULE(this.configBlock) },
      { ALT: () => this.SUBRULE(this.macroDef) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.mapDecl) },
    ])),
  );

  probe = this.RULE("probe", (): A.Probe => {
    const aps: A.AttachPoint[] = [];
    const attachPoint = (t: IToken): void => {
      this.ACTION(() => aps.push({ kind: "AttachPoint", raw: t.image, span: this.b.tok(t) }));
    };
    attachPoint(this.CONSUME(T.AttachPoint));
    // A trailing comma is allowed, as in bpftrace.
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.OPTION(() => attachPoint(this.CONSUME2(T.AttachPoint)));
    });
    let predicate: A.Expr | undefined;
    this.OPTION2(() => {
      this.CONSUME(T.Slash);
      predicate = this.SUBRULE(this.expr, { ARGS: [Ctx.Predicate] });
      this.CONSUME2(T.Slash);
    });
    const body = this.SUBRULE(this.probeBody);
    return this.ACTION(() => {
      const [block, blockStyle] = body;
      return { kind: "Probe", attachPoints: aps, predicate, body: block, blockStyle, span: this.b.span(aps[0]!, block) } as A.Probe;
    });
  });

  probeBody = this.RULE("probeBody", (): [A.Block, "brace" | "angle"] =>
    this.OR([
      { ALT: () => [this.SUBRULE(this.block), "brace"] as [A.Block, "brace"] },
      {
        ALT: () => {
          const lt = this.CONSUME(T.Lt);
          this.ACTION(() => this.angleOpen.push(lt));
          const list = this.SUBRULE(this.stmts, { ARGS: [Ctx.Angle] });
          const gt = this.CONSUME(T.Gt);
          return this.ACTION(() => {
            this.angleOpen.pop();
            this.angleClosers.add(gt);
            return [{ kind: "Block", stmts: list.stmts, span: this.b.span(lt, gt) }, "angle"] as [A.Block, "angle"];
          });
        },
      },
    ]),
  );

  /** `config = { key = value; ... }`, the last `;` optional. */
  configBlock = this.RULE("configBlock", (): A.ConfigBlock => {
    const first = this.CONSUME(T.Config);
    this.CONSUME(T.Assign);
    this.CONSUME(T.LBrace);
    const entries: A.ConfigBlock["entries"] = [];
    let more = true;
    this.MANY({
      GATE: () => more,
      DEF: () => {
        this.OR([
          { ALT: () => this.CONSUME(T.Semi) },
          {
            ALT: () => {
              const k = this.CONSUME(T.AnyWord);
              this.CONSUME2(T.Assign);
              const value = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
              this.ACTION(() => entries.push({ key: k.image, value, span: this.b.span(k, value) }));
              more = this.OPTION(() => this.CONSUME2(T.Semi)) !== undefined;
            },
          },
        ]);
      },
    });
    const last = this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: "ConfigBlock", entries, span: this.b.span(first, last) }) as A.ConfigBlock);
  });

  /** `macro name(a, $b, @c) { ... }`; the body is a block expression (its value is the result). */
  macroDef = this.RULE("macroDef", (): A.MacroDef => {
    const first = this.CONSUME(T.Macro);
    const name = this.CONSUME(T.Ident);
    this.CONSUME(T.LParen);
    const params: string[] = [];
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const p = this.OR([
          { ALT: () => this.CONSUME2(T.Ident) },
          { ALT: () => this.CONSUME(T.Var) },
          { ALT: () => this.CONSUME(T.MapTok) },
        ]);
        this.ACTION(() => params.push(p.image));
      },
    });
    this.CONSUME(T.RParen);
    const body = this.SUBRULE(this.blockExpr, { ARGS: [false] });
    return this.ACTION(() => ({ kind: "MacroDef", name: name.image, params, body, span: this.b.span(first, body) }) as A.MacroDef);
  });

  importDecl = this.RULE("importDecl", (): A.Import => {
    const first = this.CONSUME(T.Import);
    const path = this.CONSUME(T.StringLit) as LitToken;
    const last = this.CONSUME(T.Semi);
    return this.ACTION(() => ({ kind: "Import", path: path.payload as string, span: this.b.span(first, last) }) as A.Import);
  });

  /** `let @m = hash(100);` */
  mapDecl = this.RULE("mapDecl", (): A.MapDecl => {
    const first = this.CONSUME(T.Let);
    const name = this.CONSUME(T.MapTok);
    this.CONSUME(T.Assign);
    const type = this.CONSUME(T.Ident);
    const args = this.SUBRULE(this.callArgs);
    const last = this.CONSUME(T.Semi);
    return this.ACTION(
      () => ({ kind: "MapDecl", name: name.image, mapType: type.image, args: args[0], span: this.b.span(first, last) }) as A.MapDecl,
    );
  });

  // ------------------------------------------------------------------ statements

  block = this.RULE("block", (): A.Block => {
    const l = this.CONSUME(T.LBrace);
    const list = this.SUBRULE(this.stmts, { ARGS: [Ctx.Plain] });
    const r = this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      const block: A.Block = { kind: "Block", stmts: list.stmts, span: this.b.span(l, r) };
      if (list.open) this.openBlocks.add(block);
      return block;
    });
  });

  stmts: ParserMethod<[Ctx], StmtList> = this.RULE("stmts", (ctx: Ctx): StmtList => {
    const stmts: A.Stmt[] = [];
    let open = false;
    let more = true;
    this.MANY({
      GATE: () => more,
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(T.Semi);
              open = false;
            },
          },
          {
            ALT: () => {
              const s = this.SUBRULE(this.compoundStmt);
              this.ACTION(() => stmts.push(s));
              open = false;
            },
          },
          {
            // A statement starting with `{` is a nested block (above), not a block expression.
            IGNORE_AMBIGUITIES: true,
            ALT: () => {
              const s = this.SUBRULE(this.simpleStmt, { ARGS: [ctx] });
              this.ACTION(() => stmts.push(s));
              more = this.OPTION(() => this.CONSUME2(T.Semi)) !== undefined;
              open = !more;
            },
          },
        ]);
      },
    });
    return { stmts, open };
  });

  compoundStmt = this.RULE("compoundStmt", (): A.Stmt =>
    this.OR((this.compoundStmtAlts ??= [
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.whileStmt) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.block) },
    ])),
  );

  ifStmt = this.RULE("ifStmt", (): A.IfStmt => {
    const first = this.CONSUME(T.If);
    const cond = this.SUBRULE(this.condition);
    const then = this.SUBRULE(this.block);
    let els: A.Block | A.IfStmt | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Else);
      els = this.OR([{ ALT: () => this.SUBRULE(this.ifStmt) }, { ALT: () => this.SUBRULE2(this.block) }]);
    });
    return this.ACTION(() => ({ kind: "IfStmt", cond, then, else: els, span: this.b.span(first, els ?? then) }) as A.IfStmt);
  });

  /** `while (c) { }` and `unroll(n) { }`. */
  whileStmt = this.RULE("whileStmt", (): A.WhileStmt | A.UnrollStmt => {
    const first = this.OR([{ ALT: () => this.CONSUME(T.While) }, { ALT: () => this.CONSUME(T.Unroll) }]);
    const cond = this.SUBRULE(this.condition);
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => {
      const span = this.b.span(first, body);
      return first.tokenType === T.While
        ? ({ kind: "WhileStmt", cond, body, span } as A.WhileStmt)
        : ({ kind: "UnrollStmt", count: cond, body, span } as A.UnrollStmt);
    });
  });

  /** `for ($kv : @m) { }`, `for ($i : a..b) { }`, parentheses optional. */
  forStmt = this.RULE("forStmt", (): A.ForMapStmt | A.ForRangeStmt => {
    const first = this.CONSUME(T.For);
    const head = this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const h = this.SUBRULE(this.forHead);
          this.CONSUME(T.RParen);
          return h;
        },
      },
      { ALT: () => this.SUBRULE2(this.forHead) },
    ]);
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => {
      const [v, from, to] = head;
      const span = this.b.span(first, body);
      const variableSpan = this.b.span(v, v);
      if (to) return { kind: "ForRangeStmt", variable: v.image, variableSpan, from, to, body, span } as A.ForRangeStmt;
      return { kind: "ForMapStmt", variable: v.image, variableSpan, map: from as A.MapAccess, body, span } as A.ForMapStmt;
    });
  });

  private forHead = this.RULE("forHead", (): [IToken, A.Expr, A.Expr | undefined] => {
    const v = this.CONSUME(T.Var);
    this.CONSUME(T.Colon);
    const from = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
    const to = this.OPTION(() => {
      this.CONSUME(T.DotDot);
      return this.SUBRULE2(this.expr, { ARGS: [Ctx.Plain] });
    });
    this.ACTION(() => {
      if (!to && (from.kind !== "MapAccess" || from.keys.length > 0)) {
        const next = this.LA(1);
        throw new ParseAbort(this.b.tok(next), `syntax error, unexpected ${describeToken(next)}`, [
          "a for loop iterates over a map, for ($kv : @m), or a range, for ($i : 0..10)",
        ]);
      }
    });
    return [v, from, to];
  });

  simpleStmt = this.RULE("simpleStmt", (ctx: Ctx): A.Stmt =>
    this.OR([
      { ALT: () => this.SUBRULE(this.letStmt, { ARGS: [ctx] }) },
      { ALT: () => this.SUBRULE(this.jumpStmt, { ARGS: [ctx] }) },
      { ALT: () => this.SUBRULE(this.exprOrAssign, { ARGS: [ctx] }) },
    ]),
  );

  /** `let $x;`, `let $x = e;`, `let $x: type = e;` */
  letStmt = this.RULE("letStmt", (ctx: Ctx): A.LetStmt => {
    const first = this.CONSUME(T.Let);
    const v = this.CONSUME(T.Var);
    const type = this.OPTION(() => {
      this.CONSUME(T.Colon);
      return this.SUBRULE(this.typeName);
    });
    const value = this.OPTION2(() => {
      this.CONSUME(T.Assign);
      return this.SUBRULE(this.expr, { ARGS: [ctx] });
    });
    return this.ACTION(
      () => ({ kind: "LetStmt", name: v.image, type, value, span: this.b.span(first, value ?? type ?? v), declSpan: this.b.span(first, v) }) as A.LetStmt,
    );
  });

  jumpStmt = this.RULE("jumpStmt", (ctx: Ctx): A.JumpStmt => {
    let value: A.Expr | undefined;
    const t = this.OR([
      { ALT: () => this.CONSUME(T.Break) },
      { ALT: () => this.CONSUME(T.Continue) },
      {
        ALT: () => {
          const r = this.CONSUME(T.Return);
          value = this.OPTION(() => this.SUBRULE(this.expr, { ARGS: [ctx] }));
          return r;
        },
      },
    ]);
    return this.ACTION(
      () => ({ kind: "JumpStmt", jump: t.image as A.JumpStmt["jump"], value, span: this.b.span(t, value ?? t) }) as A.JumpStmt,
    );
  });

  /** An expression statement or an assignment (`=` and compound operators). An operator after
   * something that cannot be assigned is left unconsumed, so the error is bison's ("unexpected =,
   * expecting }"). */
  exprOrAssign = this.RULE("exprOrAssign", (ctx: Ctx): A.Stmt => {
    const e = this.SUBRULE(this.expr, { ARGS: [ctx] });
    const assign = this.OPTION({
      GATE: () => assignable(e, this.LA(1)),
      DEF: () => {
        const op = this.CONSUME(T.AssignOp);
        return [op, this.SUBRULE2(this.expr, { ARGS: [ctx] })] as const;
      },
    });
    return this.ACTION(() =>
      assign ? this.b.assign(e, assign[0], assign[1]) : ({ kind: "ExprStmt", expr: e, span: e.span } as A.ExprStmt),
    );
  });
}

/**
 * The grammar: a Chevrotain EmbeddedActionsParser that builds the AST (src/ast/nodes.ts) directly.
 *
 * Precedence follows bpftrace's parser.yy (C's): ternary < || < && < | < ^ < & < == != < relational
 * < shifts < + - < * / % < unary/casts < postfix < primary.
 *
 * `< >` probe bodies (DESIGN.md §1): every statement/expression rule takes an `angle` argument, true
 * at the top level of an angle body and false again inside `( )`, `[ ]` and nested `{ }`. While it is
 * true, gates stop `>` (comparison) and `>>` (shift; lexed as two adjacent `>`) from being operators,
 * so the `>` ends the body. `>=` is its own token and stays a comparison.
 *
 * All actions that look at tokens or sub-results run inside ACTION(): Chevrotain records the grammar
 * once by running the rules with placeholder values, and ACTION bodies are skipped then.
 */
import type { IToken, TokenType } from "chevrotain";
import type * as A from "../ast/nodes.js";
import { joinSpans } from "../diagnostics/span.js";
import { chevrotain } from "./chevrotain.js";
import { errorMessageProvider } from "./messages.js";
import { AstBuilder, ParseAbort } from "./to-ast.js";
import * as T from "./tokens.js";
import type { LitToken } from "./lexer.js";

const { EmbeddedActionsParser, EOF } = chevrotain;

const UNARY_OPS: TokenType[] = [T.Bang, T.Tilde, T.Minus, T.Plus, T.Star, T.Amp];

export class EbtParser extends EmbeddedActionsParser {
  b!: AstBuilder;
  /** `<` tokens of the angle bodies open at the current point (for the "unterminated" message). */
  angleOpen: IToken[] = [];
  /** The `>` tokens that closed angle bodies (to hint when an error follows one). */
  angleClosers = new Set<IToken>();
  /** Set by `stmts`: its last statement was an expression without a `;` (a block expression's value). */
  private lastStmtOpen = false;

  /** `validate` runs Chevrotain's grammar checks (ambiguities, left recursion...). They cost ~30 ms of
   * cold start, so production skips them and a unit test runs them. */
  constructor(opts: { validate?: boolean } = {}) {
    super(T.allTokens, { maxLookahead: 2, errorMessageProvider, recoveryEnabled: false, skipValidations: !opts.validate });
    this.performSelfAnalysis();
  }

  private isAdjacentShr(): boolean {
    const a = this.LA(1);
    const b = this.LA(2);
    return a.tokenType === T.Gt && b.tokenType === T.Gt && b.startOffset === a.endOffset! + 1;
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

  topLevel = this.RULE("topLevel", (): A.TopLevel => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.probe) },
      { ALT: () => this.SUBRULE(this.configBlock) },
      { ALT: () => this.SUBRULE(this.macroDef) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.mapDecl) },
    ]);
  });

  probe = this.RULE("probe", (): A.Probe => {
    const aps: A.AttachPoint[] = [];
    let predicate: A.Expr | undefined;
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const t = this.CONSUME(T.AttachPoint);
        this.ACTION(() => aps.push({ kind: "AttachPoint", raw: t.image, span: this.b.tok(t) }));
      },
    });
    this.OPTION(() => {
      this.CONSUME(T.Slash);
      predicate = this.SUBRULE(this.expr, { ARGS: [false] });
      this.CONSUME2(T.Slash);
    });
    const bodyAndStyle = this.SUBRULE(this.probeBody);
    return this.ACTION(() => ({
      kind: "Probe",
      attachPoints: aps,
      predicate,
      body: bodyAndStyle[0],
      blockStyle: bodyAndStyle[1],
      span: joinSpans(aps[0]!.span, bodyAndStyle[0].span),
    }) as A.Probe);
  });

  probeBody = this.RULE("probeBody", (): [A.Block, "brace" | "angle"] => {
    return this.OR([
      { ALT: () => [this.SUBRULE(this.block), "brace"] as [A.Block, "brace"] },
      {
        ALT: () => {
          const lt = this.CONSUME(T.Lt);
          this.ACTION(() => this.angleOpen.push(lt));
          const stmts = this.SUBRULE(this.stmts, { ARGS: [true] });
          const gt = this.CONSUME(T.Gt);
          return this.ACTION(() => {
            this.angleOpen.pop();
            this.angleClosers.add(gt);
            return [{ kind: "Block", stmts, span: this.b.span(lt, gt) }, "angle"] as [A.Block, "angle"];
          });
        },
      },
    ]);
  });

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
              const value = this.SUBRULE(this.expr, { ARGS: [false] });
              this.ACTION(() => entries.push({ key: k.image, value, span: this.b.span(k, value) }));
              const semi = this.OPTION(() => this.CONSUME2(T.Semi));
              this.ACTION(() => {
                if (!semi) more = false;
              });
            },
          },
        ]);
      },
    });
    const last = this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: "ConfigBlock", entries, span: this.b.span(first, last) }) as A.ConfigBlock);
  });

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
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => ({ kind: "MacroDef", name: name.image, params, body, span: this.b.span(first, body) }) as A.MacroDef);
  });

  importDecl = this.RULE("importDecl", (): A.Import => {
    const first = this.CONSUME(T.Import);
    const path = this.CONSUME(T.StringLit) as LitToken;
    const last = this.CONSUME(T.Semi);
    return this.ACTION(() => ({ kind: "Import", path: path.payload as string, span: this.b.span(first, last) }) as A.Import);
  });

  mapDecl = this.RULE("mapDecl", (): A.MapDecl => {
    const first = this.CONSUME(T.Let);
    const name = this.CONSUME(T.MapTok);
    this.CONSUME(T.Assign);
    const type = this.CONSUME(T.Ident);
    const args = this.SUBRULE(this.callArgs);
    const last = this.CONSUME(T.Semi);
    return this.ACTION(() => ({ kind: "MapDecl", name: name.image, mapType: type.image, args: args[0], span: this.b.span(first, last) }) as A.MapDecl);
  });

  // ------------------------------------------------------------------ statements

  block = this.RULE("block", (): A.Block => {
    const l = this.CONSUME(T.LBrace);
    const stmts = this.SUBRULE(this.stmts, { ARGS: [false] });
    const r = this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: "Block", stmts, span: this.b.span(l, r) }) as A.Block);
  });

  /** Statements separated by `;` (the last one optional; empty statements allowed). Compound
   * statements (`if`, `while`, `for`, `unroll`, `{ }`) need no `;` after them. */
  stmts = this.RULE("stmts", (angle: boolean): A.Stmt[] => {
    const out: A.Stmt[] = [];
    let more = true;
    this.ACTION(() => (this.lastStmtOpen = false));
    this.MANY({
      GATE: () => more,
      DEF: () => {
        this.OR([
          { ALT: () => this.CONSUME(T.Semi) },
          {
            ALT: () => {
              const s = this.SUBRULE(this.compoundStmt);
              this.ACTION(() => {
                out.push(s);
                this.lastStmtOpen = false;
              });
            },
          },
          {
            // A statement starting with `{` is a nested block (above), not a block expression.
            IGNORE_AMBIGUITIES: true,
            ALT: () => {
              const s = this.SUBRULE(this.simpleStmt, { ARGS: [angle] });
              this.ACTION(() => out.push(s));
              const semi = this.OPTION(() => this.CONSUME2(T.Semi));
              this.ACTION(() => {
                this.lastStmtOpen = !semi;
                if (!semi) more = false;
              });
            },
          },
        ]);
      },
    });
    return out;
  });

  compoundStmt = this.RULE("compoundStmt", (): A.Stmt => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.whileStmt) },
      { ALT: () => this.SUBRULE(this.unrollStmt) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.block) },
    ]);
  });

  ifStmt = this.RULE("ifStmt", (): A.IfStmt => {
    const first = this.CONSUME(T.If);
    this.CONSUME(T.LParen);
    const cond = this.SUBRULE(this.expr, { ARGS: [false] });
    this.CONSUME(T.RParen);
    const then = this.SUBRULE(this.block);
    let els: A.Block | A.IfStmt | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Else);
      els = this.OR([{ ALT: () => this.SUBRULE(this.ifStmt) }, { ALT: () => this.SUBRULE2(this.block) }]);
    });
    return this.ACTION(() => ({ kind: "IfStmt", cond, then, else: els, span: this.b.span(first, els ?? then) }) as A.IfStmt);
  });

  whileStmt = this.RULE("whileStmt", (): A.WhileStmt => {
    const first = this.CONSUME(T.While);
    this.CONSUME(T.LParen);
    const cond = this.SUBRULE(this.expr, { ARGS: [false] });
    this.CONSUME(T.RParen);
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => ({ kind: "WhileStmt", cond, body, span: this.b.span(first, body) }) as A.WhileStmt);
  });

  unrollStmt = this.RULE("unrollStmt", (): A.UnrollStmt => {
    const first = this.CONSUME(T.Unroll);
    this.CONSUME(T.LParen);
    const count = this.SUBRULE(this.expr, { ARGS: [false] });
    this.CONSUME(T.RParen);
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => ({ kind: "UnrollStmt", count, body, span: this.b.span(first, body) }) as A.UnrollStmt);
  });

  forStmt = this.RULE("forStmt", (): A.ForMapStmt | A.ForRangeStmt => {
    const first = this.CONSUME(T.For);
    this.CONSUME(T.LParen);
    const v = this.CONSUME(T.Var);
    this.CONSUME(T.Colon);
    const from = this.SUBRULE(this.expr, { ARGS: [false] });
    let to: A.Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      to = this.SUBRULE2(this.expr, { ARGS: [false] });
    });
    this.CONSUME(T.RParen);
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => {
      const span = this.b.span(first, body);
      if (to) return { kind: "ForRangeStmt", variable: v.image, from, to, body, span } as A.ForRangeStmt;
      if (from.kind !== "MapAccess" || from.keys.length > 0) {
        throw new ParseAbort(from.span, "syntax error, a for loop iterates over a map (for ($kv : @m)) or a range (for ($i : 0..10))");
      }
      return { kind: "ForMapStmt", variable: v.image, map: from, body, span } as A.ForMapStmt;
    });
  });

  simpleStmt = this.RULE("simpleStmt", (angle: boolean): A.Stmt => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.letStmt, { ARGS: [angle] }) },
      { ALT: () => this.SUBRULE(this.jumpStmt, { ARGS: [angle] }) },
      { ALT: () => this.SUBRULE(this.exprOrAssign, { ARGS: [angle] }) },
    ]);
  });

  letStmt = this.RULE("letStmt", (angle: boolean): A.LetStmt => {
    const first = this.CONSUME(T.Let);
    const v = this.CONSUME(T.Var);
    let type: A.TypeName | undefined;
    let value: A.Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeName);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Assign);
      value = this.SUBRULE(this.expr, { ARGS: [angle] });
    });
    return this.ACTION(() => ({ kind: "LetStmt", name: v.image, type, value, span: this.b.span(first, value ?? type ?? v) }) as A.LetStmt);
  });

  jumpStmt = this.RULE("jumpStmt", (angle: boolean): A.JumpStmt => {
    let value: A.Expr | undefined;
    const t = this.OR([
      { ALT: () => this.CONSUME(T.Break) },
      { ALT: () => this.CONSUME(T.Continue) },
      {
        ALT: () => {
          const r = this.CONSUME(T.Return);
          this.OPTION(() => {
            value = this.SUBRULE(this.expr, { ARGS: [angle] });
          });
          return r;
        },
      },
    ]);
    return this.ACTION(() => ({ kind: "JumpStmt", jump: t.image as A.JumpStmt["jump"], value, span: this.b.span(t, value ?? t) }) as A.JumpStmt);
  });

  exprOrAssign = this.RULE("exprOrAssign", (angle: boolean): A.Stmt => {
    const e = this.SUBRULE(this.expr, { ARGS: [angle] });
    let op: IToken | undefined;
    let value: A.Expr | undefined;
    this.OPTION(() => {
      op = this.OR([{ ALT: () => this.CONSUME(T.Assign) }, { ALT: () => this.CONSUME(T.CompoundAssign) }]);
      value = this.SUBRULE2(this.expr, { ARGS: [angle] });
    });
    return this.ACTION(() => (op ? this.b.assign(e, op, value!) : ({ kind: "ExprStmt", expr: e, span: e.span } as A.ExprStmt)));
  });

  // ------------------------------------------------------------------ expressions

  expr = this.RULE("expr", (angle: boolean): A.Expr => this.SUBRULE(this.ternary, { ARGS: [angle] }));

  ternary = this.RULE("ternary", (angle: boolean): A.Expr => {
    const cond = this.SUBRULE(this.logicalOr, { ARGS: [angle] });
    let then: A.Expr | undefined;
    let els: A.Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Question);
      this.OPTION2(() => {
        then = this.SUBRULE(this.ternary, { ARGS: [angle] });
      });
      this.CONSUME(T.Colon);
      els = this.SUBRULE2(this.ternary, { ARGS: [angle] });
    });
    return this.ACTION(() =>
      els ? ({ kind: "Ternary", cond, then, else: els, span: joinSpans(cond.span, els.span) } as A.Ternary) : cond,
    );
  });

  private binaryLevel(name: string, ops: TokenType[], next: () => (angle: boolean) => A.Expr, gate?: (angle: boolean) => boolean) {
    return this.RULE(name, (angle: boolean): A.Expr => {
      let left = this.SUBRULE(next(), { ARGS: [angle] });
      this.MANY({
        GATE: gate ? () => gate(angle) : () => true,
        DEF: () => {
          const op = this.OR(ops.map((t) => ({ ALT: () => this.CONSUME(t) })));
          const right = this.SUBRULE2(next(), { ARGS: [angle] });
          left = this.ACTION(() => this.b.binary(op.image as A.BinaryOp, left, right));
        },
      });
      return left;
    });
  }

  logicalOr = this.binaryLevel("logicalOr", [T.OrOr], () => this.logicalAnd);
  logicalAnd = this.binaryLevel("logicalAnd", [T.AndAnd], () => this.bitOr);
  bitOr = this.binaryLevel("bitOr", [T.Pipe], () => this.bitXor);
  bitXor = this.binaryLevel("bitXor", [T.Caret], () => this.bitAnd);
  bitAnd = this.binaryLevel("bitAnd", [T.Amp], () => this.equality);
  equality = this.binaryLevel("equality", [T.EqEq, T.NotEq], () => this.relational);
  // In an angle body's top level a `>` ends the body instead.
  relational = this.binaryLevel("relational", [T.Lt, T.Le, T.Gt, T.Ge], () => this.shift, (angle) => !(angle && this.LA(1).tokenType === T.Gt));

  shift = this.RULE("shift", (angle: boolean): A.Expr => {
    let left = this.SUBRULE(this.additive, { ARGS: [angle] });
    this.MANY({
      GATE: () => this.LA(1).tokenType === T.Shl || (!angle && this.isAdjacentShr()),
      DEF: () => {
        const op = this.OR([
          { ALT: () => { this.CONSUME(T.Shl); return "<<"; } },
          {
            ALT: () => {
              this.CONSUME(T.Gt);
              this.CONSUME2(T.Gt);
              return ">>";
            },
          },
        ]);
        const right = this.SUBRULE2(this.additive, { ARGS: [angle] });
        left = this.ACTION(() => this.b.binary(op as A.BinaryOp, left, right));
      },
    });
    return left;
  });

  additive = this.binaryLevel("additive", [T.Plus, T.Minus], () => this.multiplicative);
  // A `/` followed by `{` or `<` (or the end) closes a predicate rather than dividing.
  multiplicative = this.binaryLevel("multiplicative", [T.Star, T.Slash, T.Percent], () => this.unary, () => {
    if (this.LA(1).tokenType !== T.Slash) return true;
    const next = this.LA(2).tokenType;
    return next !== T.LBrace && next !== T.Lt && next !== EOF;
  });

  unary = this.RULE("unary", (angle: boolean): A.Expr => {
    return this.OR([
      {
        ALT: () => {
          const op = this.OR2(UNARY_OPS.map((t) => ({ ALT: () => this.CONSUME(t) })));
          const operand = this.SUBRULE(this.unary, { ARGS: [angle] });
          return this.ACTION(() => ({ kind: "Unary", op: op.image as A.UnaryOp, operand, span: this.b.span(op, operand) }) as A.Unary);
        },
      },
      {
        ALT: () => {
          const op = this.OR3([{ ALT: () => this.CONSUME(T.PlusPlus) }, { ALT: () => this.CONSUME(T.MinusMinus) }]);
          const target = this.SUBRULE2(this.unary, { ARGS: [angle] });
          return this.ACTION(() => this.b.update(op, target, true));
        },
      },
      {
        ALT: () => {
          const l = this.CONSUME(T.LParen);
          const type = this.SUBRULE(this.typeName);
          this.CONSUME(T.RParen);
          const operand = this.SUBRULE3(this.unary, { ARGS: [angle] });
          return this.ACTION(() => ({ kind: "Cast", type, operand, span: this.b.span(l, operand) }) as A.Cast);
        },
      },
      { ALT: () => this.SUBRULE(this.postfix, { ARGS: [angle] }) },
    ]);
  });

  typeName = this.RULE("typeName", (): A.TypeName => {
    let name = "";
    const first = this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.TypeKw);
          this.ACTION(() => (name = t.image));
          return t;
        },
      },
      {
        ALT: () => {
          const k = this.OR2([
            { ALT: () => this.CONSUME(T.Struct) },
            { ALT: () => this.CONSUME(T.Union) },
            { ALT: () => this.CONSUME(T.Enum) },
          ]);
          const id = this.CONSUME(T.AnyWord);
          this.ACTION(() => (name = `${k.image} ${id.image}`));
          return k;
        },
      },
    ]);
    let last: IToken = first;
    let pointerDepth = 0;
    let arraySize: number | undefined;
    this.MANY(() => {
      last = this.CONSUME(T.Star);
      this.ACTION(() => pointerDepth++);
    });
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      const n = this.CONSUME(T.IntLit) as LitToken;
      last = this.CONSUME(T.RBracket);
      this.ACTION(() => (arraySize = Number(n.payload)));
    });
    return this.ACTION(() => ({ kind: "TypeName", name, pointerDepth, arraySize, span: this.b.span(first, last) }) as A.TypeName);
  });

  postfix = this.RULE("postfix", (angle: boolean): A.Expr => {
    let e = this.SUBRULE(this.primary, { ARGS: [angle] });
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const arrow = this.OR2([{ ALT: () => this.CONSUME(T.Dot) }, { ALT: () => this.CONSUME(T.Arrow) }]);
            const f = this.OR3([{ ALT: () => this.CONSUME(T.AnyWord) }, { ALT: () => this.CONSUME(T.IntLit) }]);
            e = this.ACTION(() => ({ kind: "FieldAccess", object: e, field: f.image, arrow: arrow.tokenType === T.Arrow, span: this.b.span(e, f) }) as A.FieldAccess);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            const index = this.SUBRULE(this.expr, { ARGS: [false] });
            const r = this.CONSUME(T.RBracket);
            e = this.ACTION(() => ({ kind: "IndexAccess", object: e, index, span: this.b.span(e, r) }) as A.IndexAccess);
          },
        },
        {
          ALT: () => {
            const op = this.OR4([{ ALT: () => this.CONSUME(T.PlusPlus) }, { ALT: () => this.CONSUME(T.MinusMinus) }]);
            e = this.ACTION(() => this.b.update(op, e, false));
          },
        },
      ]);
    });
    return e;
  });

  /** `( args )` → [args, closing paren] */
  callArgs = this.RULE("callArgs", (): [A.Expr[], IToken] => {
    const args: A.Expr[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const a = this.SUBRULE(this.expr, { ARGS: [false] });
        this.ACTION(() => args.push(a));
      },
    });
    const r = this.CONSUME(T.RParen);
    return [args, r];
  });

  primary = this.RULE("primary", (angle: boolean): A.Expr => {
    void angle;
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.IntLit) as LitToken;
          return this.ACTION(() => ({ kind: "IntLit", value: t.payload as bigint, raw: t.image, span: this.b.tok(t) }) as A.IntLit);
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.StringLit) as LitToken;
          return this.ACTION(() => ({ kind: "StrLit", value: t.payload as string, span: this.b.tok(t) }) as A.StrLit);
        },
      },
      {
        ALT: () => {
          const t = this.OR2([{ ALT: () => this.CONSUME(T.True) }, { ALT: () => this.CONSUME(T.False) }]);
          return this.ACTION(() => ({ kind: "BoolLit", value: t.image === "true", span: this.b.tok(t) }) as A.BoolLit);
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Positional) as LitToken;
          return this.ACTION(() => ({ kind: "Positional", index: t.payload as number, count: false, span: this.b.tok(t) }) as A.Positional);
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.ParamCount);
          return this.ACTION(() => ({ kind: "Positional", index: 0, count: true, span: this.b.tok(t) }) as A.Positional);
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Var);
          return this.ACTION(() => ({ kind: "ScratchVar", name: t.image, span: this.b.tok(t) }) as A.ScratchVar);
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.MapTok);
          const keys: A.Expr[] = [];
          let last: IToken = t;
          this.OPTION(() => {
            this.CONSUME(T.LBracket);
            this.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () => {
                const k = this.SUBRULE(this.expr, { ARGS: [false] });
                this.ACTION(() => keys.push(k));
              },
            });
            last = this.CONSUME(T.RBracket);
          });
          return this.ACTION(() => ({ kind: "MapAccess", name: t.image, keys, span: this.b.span(t, last) }) as A.MapAccess);
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Ident);
          const args = this.OPTION2(() => this.SUBRULE(this.callArgs));
          return this.ACTION(() =>
            args
              ? ({ kind: "Call", name: t.image, nameSpan: this.b.tok(t), args: args[0], span: this.b.span(t, args[1]) } as A.Call)
              : ({ kind: "Identifier", name: t.image, span: this.b.tok(t) } as A.Identifier),
          );
        },
      },
      {
        ALT: () => {
          const first = this.CONSUME(T.Sizeof);
          this.CONSUME2(T.LParen);
          const arg = this.OR3([{ ALT: () => this.SUBRULE(this.typeName) }, { ALT: () => this.SUBRULE2(this.expr, { ARGS: [false] }) }]);
          const last = this.CONSUME2(T.RParen);
          return this.ACTION(() => ({ kind: "SizeofExpr", arg, span: this.b.span(first, last) }) as A.SizeofExpr);
        },
      },
      {
        ALT: () => {
          const first = this.CONSUME(T.Offsetof);
          this.CONSUME3(T.LParen);
          const type = this.OR4([{ ALT: () => this.SUBRULE2(this.typeName) }, { ALT: () => this.SUBRULE3(this.expr, { ARGS: [false] }) }]);
          this.CONSUME(T.Comma);
          const fields: string[] = [];
          this.AT_LEAST_ONE_SEP2({
            SEP: T.Dot,
            DEF: () => {
              const f = this.CONSUME(T.AnyWord);
              this.ACTION(() => fields.push(f.image));
            },
          });
          const last = this.CONSUME3(T.RParen);
          return this.ACTION(() => ({ kind: "OffsetofExpr", type, fields, span: this.b.span(first, last) }) as A.OffsetofExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.blockExpr) },
    ]);
  });

  /** `{ stmts; expr }`: a block whose value is its last expression (written without `;`). */
  blockExpr = this.RULE("blockExpr", (): A.Block => {
    const l = this.CONSUME(T.LBrace);
    const stmts = this.SUBRULE(this.stmts, { ARGS: [false] });
    const open = this.ACTION(() => this.lastStmtOpen);
    const r = this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      const last = stmts[stmts.length - 1];
      const block: A.Block = { kind: "Block", stmts, span: this.b.span(l, r) };
      if (open && last?.kind === "ExprStmt") {
        stmts.pop();
        block.value = last.expr;
      }
      return block;
    });
  });

  /** `(e)`, tuples `(a, b)` / `(a,)`, records `(a = 1, b = 2)`. */
  parenExpr = this.RULE("parenExpr", (): A.Expr => {
    const l = this.CONSUME(T.LParen);
    const r = this.OR([
      {
        ALT: () => {
          const fields: A.RecordExpr["fields"] = [];
          this.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => {
              const n = this.CONSUME(T.Ident);
              this.CONSUME(T.Assign);
              const value = this.SUBRULE(this.expr, { ARGS: [false] });
              this.ACTION(() => fields.push({ name: n.image, value, span: this.b.span(n, value) }));
            },
          });
          const last = this.CONSUME(T.RParen);
          return this.ACTION(() => ({ kind: "RecordExpr", fields, span: this.b.span(l, last) }) as A.RecordExpr);
        },
      },
      {
        ALT: () => {
          const first = this.SUBRULE2(this.expr, { ARGS: [false] });
          const elems: A.Expr[] = [first];
          let tuple = false;
          this.OPTION(() => {
            this.CONSUME2(T.Comma);
            this.ACTION(() => (tuple = true));
            this.OPTION2(() => {
              const e = this.SUBRULE3(this.expr, { ARGS: [false] });
              this.ACTION(() => elems.push(e));
              this.MANY(() => {
                this.CONSUME3(T.Comma);
                const e2 = this.SUBRULE4(this.expr, { ARGS: [false] });
                this.ACTION(() => elems.push(e2));
              });
            });
          });
          const last = this.CONSUME2(T.RParen);
          return this.ACTION(() => (tuple ? ({ kind: "TupleExpr", elems, span: this.b.span(l, last) } as A.TupleExpr) : first));
        },
      },
    ]);
    return r;
  });
}

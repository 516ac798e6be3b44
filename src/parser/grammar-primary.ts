/**
 * The base of the grammar: primary expressions (literals, names, variables, maps, calls, `sizeof`,
 * `offsetof`, parentheses, tuples, records, block and if expressions) and what every layer shares.
 * The layers are classes: PrimaryParser ← ExprParser (operators, casts; grammar-expr.ts) ←
 * EbtParser (statements, probes; grammar.ts). Rules refer to rules of later layers through abstract
 * members; Chevrotain only follows them when it records the grammar, after all are defined.
 *
 * It is a Chevrotain EmbeddedActionsParser whose actions build AST nodes directly (to-ast.ts). All
 * code that looks at sub-results runs inside ACTION(): Chevrotain records the grammar once by running
 * each rule with placeholder values, and ACTION bodies (and GATEs) are skipped then.
 */
import type { ILookaheadStrategy, IOrAlt, IToken, ParserMethod, Rule, TokenType } from "chevrotain";
import type * as A from "../ast/nodes.js";
import { chevrotain } from "./chevrotain.js";
import { restoreGast, type GastTable } from "./gast-table.js";
import type { LitToken } from "./lexer.js";
import { lookaheadStrategy, type LookaheadTable } from "./lookahead.js";
import { errorMessageProvider } from "./messages.js";
import { isBuiltinVariable } from "./names.js";
import { AstBuilder, ParseAbort } from "./to-ast.js";
import * as T from "./tokens.js";

const { EmbeddedActionsParser, tokenMatcher } = chevrotain;

const MAX_LOOKAHEAD = 2;

export interface ParserOptions {
  /** Run Chevrotain's grammar checks (a unit test does; start-up skips them). */
  validate?: boolean;
  /** Precomputed lookahead decisions (lookahead.ts); without them they are computed. */
  table?: LookaheadTable;
  /** Filled with every computed decision (the build records the table this way). */
  record?: LookaheadTable;
  /** The grammar's recording (gast-table.ts); without it the grammar is recorded. */
  gast?: GastTable;
}

/** The parts of Chevrotain's parser that selfAnalysisFrom uses (not in its public types). */
interface ChevrotainInternals {
  selfAnalysisDone: boolean;
  gastProductionsCache: Record<string, Rule>;
  lookaheadStrategy: ILookaheadStrategy;
  preComputeLookaheadFunctions(rules: Rule[]): void;
}

/** What Chevrotain's enableRecording puts on the parser (see disableRecording below). */
const RECORDING_METHODS = [
  ...["CONSUME", "SUBRULE", "OPTION", "OR", "MANY", "MANY_SEP", "AT_LEAST_ONE", "AT_LEAST_ONE_SEP"].flatMap((m) => Array.from({ length: 10 }, (_, i) => (i > 0 ? `${m}${i}` : m))),
  ...["consume", "subrule", "option", "or", "many", "atLeastOne", "ACTION", "BACKTRACK", "LA"],
];

/** Where an expression sits; see grammar-expr.ts. */
export const Ctx = { Plain: 0, Angle: 1, Predicate: 2 } as const;
export type Ctx = (typeof Ctx)[keyof typeof Ctx];

/** The statements of a block, and whether the last one is an expression without `;` (the value of
 * a block expression). */
export interface StmtList {
  stmts: A.Stmt[];
  open: boolean;
}

/** Tokens that can start a cast's operand (current bpftrace's can_start_expression), besides words. */
const OPERAND_START: ReadonlySet<TokenType> = new Set([
  T.IntLit, T.StringLit, T.Var, T.MapTok, T.Positional, T.ParamCount, T.LParen, T.Minus, T.Bang, T.Tilde, T.Star, T.Amp,
]);

export abstract class PrimaryParser extends EmbeddedActionsParser {
  b!: AstBuilder;
  /** Statement blocks whose last statement is an expression without `;` (see `ifAsValue`). */
  protected openBlocks = new WeakSet<A.Block>();

  // Rules of the later layers.
  abstract expr: ParserMethod<[Ctx], A.Expr>;
  abstract unary: ParserMethod<[], A.Expr>;
  abstract typeName: ParserMethod<[], A.TypeName>;
  abstract stmts: ParserMethod<[Ctx], StmtList>;

  /** Where the lookahead decisions came from (see lookahead.ts). */
  readonly lookahead: ReturnType<typeof lookaheadStrategy>;

  constructor(opts: ParserOptions) {
    // Validations (ambiguities, left recursion...) cost ~30 ms of start-up, so production skips
    // them and a unit test runs them (`new EbtParser({ validate: true })`).
    const lookahead = lookaheadStrategy(MAX_LOOKAHEAD, opts.table, T.allTokens, opts.record);
    super(T.allTokens, { maxLookahead: MAX_LOOKAHEAD, errorMessageProvider, recoveryEnabled: false, skipValidations: !opts.validate, lookaheadStrategy: lookahead });
    this.lookahead = lookahead;
  }

  /**
   * Chevrotain records the grammar by putting ~90 recording versions of CONSUME, OR, ACTION... on
   * the parser object, and ends by deleting them: ~12 ms of every start, each `delete` reshaping an
   * object of a few hundred properties. Pointing them back at the prototype's methods leaves the
   * same parser, without that cost. (Called by Chevrotain's performSelfAnalysis; not in its types.)
   */
  disableRecording(): void {
    this.RECORDING_PHASE = false;
    const self = this as unknown as Record<string, unknown>;
    const proto = Object.getPrototypeOf(this) as Record<string, unknown>;
    for (const key of RECORDING_METHODS) self[key] = proto[key];
  }

  /**
   * Chevrotain's performSelfAnalysis with the grammar's recording taken from `table` (gast-table.ts)
   * instead of recorded: the lookahead decisions (from the lookahead table) are built on it the
   * same way. Validations are skipped, as they are in production anyway.
   */
  protected selfAnalysisFrom(table: GastTable): void {
    const self = this as unknown as ChevrotainInternals;
    const rules = restoreGast(table, T.allTokens);
    self.selfAnalysisDone = true;
    for (const rule of rules) self.gastProductionsCache[rule.name] = rule;
    self.lookaheadStrategy.initialize?.({ rules });
    self.preComputeLookaheadFunctions(rules);
    // Chevrotain's toFastProperties: an object used as a prototype gets fast property access.
    const Fast = function () {} as unknown as new () => object;
    Fast.prototype = this;
    void new Fast();
  }

  /** `(` starts a cast (see grammar-expr.ts). */
  protected castAhead(): boolean {
    if (this.LA(1).tokenType !== T.LParen) return false;
    const name = this.LA(2);
    if (tokenMatcher(name, T.IntType) || tokenMatcher(name, T.SizedType) || tokenMatcher(name, T.TypeTag) || name.tokenType === T.Typeof) return true;
    if (name.tokenType !== T.Ident || isBuiltinVariable(name.image)) return false;
    let k = 3;
    while (this.LA(k).tokenType === T.Star) k++;
    if (this.LA(k).tokenType !== T.RParen) return false;
    if (k > 3) return true;
    const next = this.LA(k + 1);
    return OPERAND_START.has(next.tokenType) || tokenMatcher(next, T.AnyWord);
  }

  // ------------------------------------------------------------------ primary expressions

  /**
   * The alternatives of hot OR decisions that close over nothing but the parser, built at their first
   * use and kept (Chevrotain's "cached alternatives"). Written inline, every call of the rule builds
   * the array and a closure per alternative anew: for primary expressions that was most of a large
   * program's parse garbage.
   */
  private primaryAlts?: IOrAlt<A.Expr>[];
  protected unaryAlts?: IOrAlt<A.Expr>[];
  protected binaryOpAlts?: IOrAlt<readonly [string, IToken, IToken]>[];
  protected topLevelAlts?: IOrAlt<A.TopLevel>[];
  protected compoundStmtAlts?: IOrAlt<A.Stmt>[];

  primary = this.RULE("primary", (): A.Expr =>
    this.OR((this.primaryAlts ??= [
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
          const t = this.CONSUME(T.BoolLit);
          return this.ACTION(() => ({ kind: "BoolLit", value: t.tokenType === T.True, span: this.b.tok(t) }) as A.BoolLit);
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
      { ALT: () => this.SUBRULE(this.scratchVar) },
      { ALT: () => this.SUBRULE(this.mapAccess) },
      {
        ALT: () => {
          const t = this.CONSUME(T.Ident);
          const args = this.OPTION(() => this.SUBRULE(this.callArgs));
          return this.ACTION(() =>
            args
              ? ({ kind: "Call", name: t.image, nameSpan: this.b.tok(t), args: args[0], span: this.b.span(t, args[1]) } as A.Call)
              : ({ kind: "Identifier", name: t.image, span: this.b.tok(t) } as A.Identifier),
          );
        },
      },
      {
        // `config` is a keyword for the top-level `config = { ... }` block, and in expressions the
        // builtin holding the settings (`config.max_strlen`, `config().max_strlen`).
        ALT: () => {
          const t = this.CONSUME(T.Config);
          const args = this.OPTION2(() => this.SUBRULE2(this.callArgs));
          return this.ACTION(() =>
            args
              ? ({ kind: "Call", name: t.image, nameSpan: this.b.tok(t), args: args[0], span: this.b.span(t, args[1]) } as A.Call)
              : ({ kind: "Identifier", name: t.image, span: this.b.tok(t) } as A.Identifier),
          );
        },
      },
      { ALT: () => this.SUBRULE(this.sizeofExpr) },
      { ALT: () => this.SUBRULE(this.offsetofExpr) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.blockExpr, { ARGS: [true] }) },
      { ALT: () => this.SUBRULE(this.ifExpr) },
    ])),
  );

  /** `if c { a } else { b }` used as a value (current bpftrace): the same as `c ? { a } : { b }`, so
   * it becomes a Ternary whose branches are block expressions. At the start of a statement, `if` is
   * the if statement instead (grammar.ts). */
  ifExpr = this.RULE("ifExpr", (): A.Ternary => {
    const first = this.CONSUME(T.If);
    const cond = this.SUBRULE(this.condition);
    const then = this.SUBRULE(this.blockExpr, { ARGS: [true] });
    this.CONSUME(T.Else);
    const els = this.OR([{ ALT: () => this.SUBRULE(this.ifExpr) }, { ALT: () => this.SUBRULE2(this.blockExpr, { ARGS: [true] }) }]);
    return this.ACTION(() => ({ kind: "Ternary", cond, then, else: els, span: this.b.span(first, els) }) as A.Ternary);
  });

  /** The condition of `if`, `while` and `unroll`: `(expr)`, or a unary expression without
   * parentheses (current bpftrace: `if $x { }`). */
  condition = this.RULE("condition", (): A.Expr =>
    this.OR([
      {
        GATE: () => !this.castAhead(),
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          this.CONSUME(T.LParen);
          const e = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
          this.CONSUME(T.RParen);
          return e;
        },
      },
      { ALT: () => this.SUBRULE(this.unary) },
    ]),
  );

  scratchVar = this.RULE("scratchVar", (): A.ScratchVar => {
    const t = this.CONSUME(T.Var);
    return this.ACTION(() => ({ kind: "ScratchVar", name: t.image, span: this.b.tok(t) }) as A.ScratchVar);
  });

  identifier = this.RULE("identifier", (): A.Identifier => {
    const t = this.CONSUME(T.Ident);
    return this.ACTION(() => ({ kind: "Identifier", name: t.image, span: this.b.tok(t) }) as A.Identifier);
  });

  /** `@name`, `@name[k1, k2]`, `@`, `@[k]`. */
  mapAccess = this.RULE("mapAccess", (): A.MapAccess => {
    const t = this.CONSUME(T.MapTok);
    const keys: A.Expr[] = [];
    let last: IToken = t;
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.AT_LEAST_ONE_SEP({
        SEP: T.Comma,
        DEF: () => {
          const k = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
          this.ACTION(() => keys.push(k));
        },
      });
      last = this.CONSUME(T.RBracket);
    });
    return this.ACTION(() => ({ kind: "MapAccess", name: t.image, keys, span: this.b.span(t, last) }) as A.MapAccess);
  });

  /** `( args )` → [args, closing paren] */
  callArgs = this.RULE("callArgs", (): [A.Expr[], IToken] => {
    const args: A.Expr[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const a = this.OR([
          {
            // `typeof(x)` as an argument: a type handed to a macro (current bpftrace's TypeArg).
            ALT: () => {
              const type = this.SUBRULE(this.typeName);
              return this.ACTION(() => ({ kind: "TypeArg", type, span: type.span }) as A.TypeArg);
            },
            GATE: () => this.LA(1).tokenType === T.Typeof,
          },
          { ALT: () => this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] }) },
        ]);
        this.ACTION(() => args.push(a));
      },
    });
    const r = this.CONSUME(T.RParen);
    return [args, r];
  });

  /** `sizeof(type)` or `sizeof(expr)`; a bare name is an expression (a later pass may find a type). */
  sizeofExpr = this.RULE("sizeofExpr", (): A.SizeofExpr => {
    const first = this.CONSUME(T.Sizeof);
    this.CONSUME(T.LParen);
    const arg = this.SUBRULE(this.typeOrExpr);
    const last = this.CONSUME(T.RParen);
    return this.ACTION(() => ({ kind: "SizeofExpr", arg, span: this.b.span(first, last) }) as A.SizeofExpr);
  });

  /** `offsetof(struct x, f.g)` or `offsetof(expr, f)`. */
  offsetofExpr = this.RULE("offsetofExpr", (): A.OffsetofExpr => {
    const first = this.CONSUME(T.Offsetof);
    this.CONSUME(T.LParen);
    const type = this.SUBRULE(this.typeOrExpr);
    this.CONSUME(T.Comma);
    const fields: string[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Dot,
      DEF: () => {
        const f = this.CONSUME(T.AnyWord);
        this.ACTION(() => fields.push(f.image));
      },
    });
    const last = this.CONSUME(T.RParen);
    return this.ACTION(() => ({ kind: "OffsetofExpr", type, fields, span: this.b.span(first, last) }) as A.OffsetofExpr);
  });

  /** The argument of sizeof, offsetof and typeof: a type, or an expression. A bare name is an
   * expression (a later pass may find a type); a name with `*` or `[N]` before the closing `)` or
   * `,` is a type (`sizeof(a[2])` in a macro whose `a` is a type), as current bpftrace reads it. */
  protected typeOrExpr = this.RULE("typeOrExpr", (): A.TypeName | A.Expr =>
    this.OR([
      { GATE: () => this.LA(1).tokenType !== T.Ident || this.suffixedTypeAhead(), IGNORE_AMBIGUITIES: true, ALT: () => this.SUBRULE(this.typeName) },
      { ALT: () => this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] }) },
    ]),
  );

  /** `name*...)`, `name[N])`, `name[])`: a name followed by type suffixes and then `)` or `,`. */
  private suffixedTypeAhead(): boolean {
    const name = this.LA(1);
    if (name.tokenType !== T.Ident || isBuiltinVariable(name.image)) return false;
    let k = 2;
    let suffix = false;
    for (;;) {
      const t = this.LA(k).tokenType;
      if (t === T.Star) k++;
      else if (t === T.LBracket && this.LA(k + 1).tokenType === T.RBracket) k += 2;
      else if (t === T.LBracket && this.LA(k + 1).tokenType === T.IntLit && this.LA(k + 2).tokenType === T.RBracket) k += 3;
      else break;
      suffix = true;
    }
    const end = this.LA(k).tokenType;
    return suffix && (end === T.RParen || end === T.Comma);
  }

  /**
   * `{ stmts; expr }`: a block whose value is its last expression, written without `;`. Used as a
   * value (`requireValue`) it must have one, as in bpftrace: `$x = { $a = 1; }` is an error at the
   * `}`. A macro body may also be a plain block.
   */
  blockExpr = this.RULE("blockExpr", (requireValue: boolean): A.Block => {
    const l = this.CONSUME(T.LBrace);
    const list = this.SUBRULE(this.stmts, { ARGS: [Ctx.Plain] });
    const r = this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      const { stmts, open } = list;
      const block: A.Block = { kind: "Block", stmts, span: this.b.span(l, r) };
      const last = stmts[stmts.length - 1];
      const ifValue = !open && last?.kind === "IfStmt" ? this.ifAsValue(last) : undefined;
      if (open && last?.kind === "ExprStmt") {
        stmts.pop();
        block.value = last.expr;
      } else if (ifValue) {
        stmts.pop();
        block.value = ifValue;
      } else if (requireValue) {
        // bison's words: a statement that lacks its `;`, or a block that ends without a value.
        throw new ParseAbort(this.b.tok(r), `syntax error, unexpected }${open ? ", expecting ;" : ""}`);
      }
      return block;
    });
  });

  /**
   * An if statement that ends a block expression is its value when every branch ends in an
   * expression without `;` (`{ if (c) { a } else { b } }`, as bpftrace reads it): the Ternary
   * `c ? { a } : { b }`. Otherwise undefined.
   */
  private ifAsValue(s: A.IfStmt): A.Ternary | undefined {
    const then = this.withValue(s.then);
    const els = then && s.else && (s.else.kind === "IfStmt" ? this.ifAsValue(s.else) : this.withValue(s.else));
    return els ? { kind: "Ternary", cond: s.cond, then, else: els, span: s.span } : undefined;
  }

  /** A statement block as a block expression, if it ends in a value (see `ifAsValue`). */
  private withValue(b: A.Block): A.Block | undefined {
    const last = b.stmts[b.stmts.length - 1];
    const value =
      last?.kind === "ExprStmt" && this.openBlocks.has(b) ? last.expr : last?.kind === "IfStmt" ? this.ifAsValue(last) : undefined;
    return value && { ...b, stmts: b.stmts.slice(0, -1), value };
  }

  /** `(e)`; tuples `()`, `(a,)`, `(a, b)`, `(a, b,)`; records `(a = 1, b = 2)`. */
  parenExpr = this.RULE("parenExpr", (): A.Expr => {
    const l = this.CONSUME(T.LParen);
    return this.OR([
      {
        ALT: () => {
          const r = this.CONSUME(T.RParen);
          return this.ACTION(() => ({ kind: "TupleExpr", elems: [], span: this.b.span(l, r) }) as A.TupleExpr);
        },
      },
      {
        ALT: () => {
          const fields: A.RecordExpr["fields"] = [];
          this.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => {
              const n = this.CONSUME(T.Ident);
              this.CONSUME(T.Assign);
              const value = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
              this.ACTION(() => fields.push({ name: n.image, value, span: this.b.span(n, value) }));
            },
          });
          const r = this.CONSUME2(T.RParen);
          return this.ACTION(() => ({ kind: "RecordExpr", fields, span: this.b.span(l, r) }) as A.RecordExpr);
        },
      },
      {
        ALT: () => {
          const elems = [this.SUBRULE2(this.expr, { ARGS: [Ctx.Plain] })];
          let tuple = false;
          this.OPTION(() => {
            this.CONSUME(T.Comma);
            tuple = true;
            let more = true;
            this.MANY({
              GATE: () => more,
              DEF: () => {
                const e = this.SUBRULE3(this.expr, { ARGS: [Ctx.Plain] });
                this.ACTION(() => elems.push(e));
                more = this.OPTION2(() => this.CONSUME2(T.Comma)) !== undefined;
              },
            });
          });
          const r = this.CONSUME3(T.RParen);
          return this.ACTION(() => (tuple ? ({ kind: "TupleExpr", elems, span: this.b.span(l, r) } as A.TupleExpr) : elems[0]!));
        },
      },
    ]);
  });
}

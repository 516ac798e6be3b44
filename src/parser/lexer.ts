/**
 * The lexer: source text → Chevrotain tokens (types from tokens.ts).
 *
 * Hand-written because what a piece of text is depends on where it is:
 *  - Attach points (`uprobe:/bin/bash:readline`, `t:syscalls:sys_enter_*`, `u:/p:"quoted sym"`) are
 *    raw text, one token each, recognised only where a probe may start: at the start of the program,
 *    after a top-level item ends (a `}` back at depth 0, a `;` at top level, the `>` closing a `< >`
 *    body) and after a `,` in an attach-point list. An attach point is a word (`*` wildcards
 *    allowed) followed by `:`, or exactly `BEGIN`/`END`/`begin`/`end`; it runs to whitespace, `,`,
 *    `{` (as in current bpftrace) or the `<` of a design-card body. So `/` belongs to it
 *    (`uprobe:/bin/sh:main` is one path) and a predicate must be separated by a space:
 *    `kprobe:f/pid/{}` has the attach point `kprobe:f/pid/`, as in bpftrace.
 *  - For that it follows the program's top-level structure, including `< >` bodies (DESIGN.md §1):
 *    a body opens at a `<` right after an attach point or a predicate's closing `/`, and closes at
 *    the first `>` that is not inside `( )`, `[ ]` or `{ }`. The parser applies the same rule with
 *    gates (grammar-expr.ts), so both agree on every program that parses.
 *  - At top level, `#...` lines and `struct X { ... };` definitions are C for the type system
 *    (Program.cDefinitions), not tokens.
 *
 * Lexing stops at the first error; index.ts then lets a syntax error that comes earlier in the text
 * win (bison lexes lazily, so bpftrace reports whichever comes first).
 */
import type { IToken, TokenType } from "chevrotain";
import { LiteralError, readInteger, readString } from "./literals.js";
import * as T from "./tokens.js";

export interface LexError {
  start: number;
  end: number;
  message: string;
}

export interface LexResult {
  tokens: IToken[];
  error?: LexError;
  /** Preprocessor lines and top-level C struct/union/enum definitions: [start, end) offsets. */
  cDefinitions: [number, number][];
}

/** Extra data on literal tokens. */
export interface LitToken extends IToken {
  /** IntLit: the value; StringLit: the decoded string; Positional: the index. */
  payload?: bigint | string | number;
}

/**
 * A token: what Chevrotain reads (type, image, offsets) and our literal payload. Lines and columns
 * are left out (SourceMap has them): Chevrotain's own token objects hold them as NaN, which makes
 * V8 box every number field of every token, and large programs have hundreds of thousands.
 */
class Token implements LitToken {
  readonly tokenTypeIdx: number;
  constructor(
    readonly tokenType: TokenType,
    readonly image: string,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly payload: bigint | string | number | undefined,
  ) {
    this.tokenTypeIdx = tokenType.tokenTypeIdx!;
  }
}

/** The operators by their first character, longest first as in T.OPERATORS. */
const OPERATORS_BY_CHAR = new Map<string, (typeof T.OPERATORS)[number][]>();
for (const op of T.OPERATORS) OPERATORS_BY_CHAR.set(op[0][0]!, [...(OPERATORS_BY_CHAR.get(op[0][0]!) ?? []), op]);

const isIdStart = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
const isDigit = (c: string): boolean => c >= "0" && c <= "9";
const isIdChar = (c: string): boolean => isIdStart(c) || isDigit(c);
const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";

/** `__attribute__` before its `((...))`, after layout. */
const ATTRIBUTE = /^(?:\s|\/\*[^]*?\*\/)*__attribute__(?:\s|\/\*[^]*?\*\/)*(?=\()/;

/** The offset after the `)` that closes the `(` at `open` (or the end of the text). */
function balancedEnd(text: string, open: number): number {
  let d = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === "(") d++;
    else if (text[j] === ")" && --d === 0) return j + 1;
  }
  return text.length;
}

/** bpftrace's positional parameters are C longs. */
const LONG_MAX = 9223372036854775807n;

type State =
  | "top" // between top-level items
  | "item" // inside config/macro/import/let at top level
  | "header" // attach-point list and predicate
  | "brace" // a `{ }` probe body
  | "angle"; // a `< >` probe body

export function lex(text: string): LexResult {
  const lx = new Lexer(text);
  try {
    lx.run();
  } catch (e) {
    if (e instanceof LiteralError) {
      return { tokens: lx.tokens, error: { start: e.start, end: e.end, message: e.message }, cDefinitions: lx.cDefinitions };
    }
    throw e;
  }
  return { tokens: lx.tokens, cDefinitions: lx.cDefinitions };
}

class Lexer {
  readonly tokens: IToken[] = [];
  readonly cDefinitions: [number, number][] = [];
  private i = 0;
  private state: State = "top";
  /** An attach point may start here. */
  private apAllowed = true;
  /** Nesting of `( [ {` inside the current item, header or body. */
  private depth = 0;

  constructor(private readonly text: string) {}

  run(): void {
    const { text } = this;
    if (text.startsWith("#!")) this.skipLine();
    while (this.skipLayout()) {
      if (this.state === "top" && this.readCDefinition()) continue;
      if (this.apAllowed && (this.state === "top" || this.state === "header") && this.readAttachPoint()) continue;
      this.apAllowed = false;
      const prev = this.tokens[this.tokens.length - 1];
      this.follow(this.readToken(), prev);
    }
  }

  private fail(start: number, end: number, message: string): never {
    throw new LiteralError(start, end, message);
  }

  private skipLine(): void {
    while (this.i < this.text.length && this.text[this.i] !== "\n") this.i++;
  }

  /** Skips whitespace and comments; false at the end of the text. */
  private skipLayout(): boolean {
    const { text } = this;
    while (this.i < text.length) {
      const c = text[this.i]!;
      if (isSpace(c)) this.i++;
      else if (c === "/" && text[this.i + 1] === "/") this.skipLine();
      else if (c === "/" && text[this.i + 1] === "*") {
        const end = text.indexOf("*/", this.i + 2);
        if (end < 0) this.fail(this.i, text.length, "end of file during comment");
        this.i = end + 2;
      } else return true;
    }
    return false;
  }

  /** `#include ...`-style lines and `struct X { ... };` where a top-level item may start. */
  private readCDefinition(): boolean {
    const { text, i } = this;
    const c = text[i]!;
    if (c === "#") {
      this.skipLine();
      this.cDefinitions.push([i, this.i]);
      return true;
    }
    if (!this.apAllowed || (c !== "s" && c !== "u" && c !== "e")) return false;
    // `enum { A, B };` may be anonymous.
    const m = /^(?:struct|union|enum)\b\s*(?:[A-Za-z_][A-Za-z0-9_]*\s*)?\{/.exec(text.slice(i, i + 300));
    if (!m) return false;
    let j = i + m[0].length;
    for (let d = 1; d > 0; j++) {
      if (j >= text.length) this.fail(i, i + m[0].length, "unterminated C definition: missing '}'");
      if (text[j] === "{") d++;
      else if (text[j] === "}") d--;
    }
    // Trailing `__attribute__((packed))`s (current bpftrace), then an optional `;`.
    for (let a; (a = ATTRIBUTE.exec(text.slice(j, j + 300))); ) j = balancedEnd(text, j + a[0].length);
    const semi = /^\s*;/.exec(text.slice(j, j + 100));
    if (semi) j += semi[0].length;
    this.cDefinitions.push([i, j]);
    this.i = j;
    return true;
  }

  private readAttachPoint(): boolean {
    const { text } = this;
    const start = this.i;
    // The provider may be a wildcard too (`*ware:*`, `t*point:sched:*`), or hold positional
    // parameters, expanded before the attach point is read (`BEG$1`, or `$1` for a whole one).
    const isProviderChar = (c: string): boolean => isIdChar(c) || c === "*" || c === "$";
    const positionalStart = text[start] === "$" && /[0-9]/.test(text[start + 1] ?? "");
    if (!isIdStart(text[start]!) && text[start] !== "*" && !positionalStart) return false;
    let j = start;
    while (j < text.length && isProviderChar(text[j]!)) j++;
    const word = text.slice(start, j);
    if (!/^(BEGIN|END|begin|end)$/.test(word) && !(text[j] !== ":" && /\$[0-9]/.test(word))) {
      if (text[j] !== ":") return false;
      // Comments are not recognised inside: `usdt:/my/*program:ns:probe` is a path, as in bpftrace.
      for (; j < text.length; j++) {
        const d = text[j]!;
        if (isSpace(d) || d === "," || d === "{" || d === "<") break;
        if (d === '"') j = this.quotedEnd(j);
      }
    }
    this.push(T.AttachPoint, start, j);
    this.i = j;
    this.state = "header";
    this.depth = 0;
    this.apAllowed = false;
    return true;
  }

  /** Offset of the closing quote of the quoted part of an attach point opening at `q`. */
  private quotedEnd(q: number): number {
    const { text } = this;
    let j = q + 1;
    while (j < text.length && text[j] !== '"' && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
    if (text[j] !== '"') this.fail(q, Math.min(j, text.length), "unterminated string");
    return j;
  }

  private push(type: TokenType, start: number, end: number, payload?: bigint | string | number): IToken {
    const t = new Token(type, this.text.slice(start, end), start, end - 1, payload);
    this.tokens.push(t);
    return t;
  }

  private readToken(): TokenType {
    const { text } = this;
    const start = this.i;
    const c = text[start]!;
    if (isIdStart(c)) {
      let j = start + 1;
      while (j < text.length && isIdChar(text[j]!)) j++;
      const word = text.slice(start, j);
      this.i = j;
      return this.push(T.KEYWORDS.get(word) ?? T.Ident, start, j).tokenType;
    }
    if (isDigit(c)) {
      const [end, value] = readInteger(text, start);
      this.i = end;
      return this.push(T.IntLit, start, end, value).tokenType;
    }
    if (c === '"') {
      const [end, value] = readString(text, start);
      this.i = end;
      return this.push(T.StringLit, start, end, value).tokenType;
    }
    if (c === "$") return this.readDollar(start);
    if (c === "@") {
      let j = start + 1;
      if (isIdStart(text[j] ?? "")) while (j < text.length && isIdChar(text[j]!)) j++;
      this.i = j;
      return this.push(T.MapTok, start, j).tokenType;
    }
    const op = OPERATORS_BY_CHAR.get(c)?.find(([s]) => text.startsWith(s, start));
    if (!op) {
      const ch = String.fromCodePoint(text.codePointAt(start)!);
      return this.fail(start, start + ch.length, `invalid character '${ch}'`);
    }
    this.i = start + op[0].length;
    return this.push(op[1], start, this.i).tokenType;
  }

  /** `$name`, `$1`.., `$#`. */
  private readDollar(start: number): TokenType {
    const { text } = this;
    let j = start + 1;
    const c = text[j] ?? "";
    if (c === "#") {
      this.i = j + 1;
      return this.push(T.ParamCount, start, this.i).tokenType;
    }
    if (isDigit(c)) {
      while (j < text.length && isDigit(text[j]!)) j++;
      const n = BigInt(text.slice(start + 1, j));
      if (n === 0n || n > LONG_MAX) {
        this.fail(start, j, `param ${text.slice(start, j)} is out of integer range [1, ${LONG_MAX}]`);
      }
      this.i = j;
      return this.push(T.Positional, start, j, Number(n)).tokenType;
    }
    if (isIdStart(c)) {
      while (j < text.length && isIdChar(text[j]!)) j++;
      this.i = j;
      return this.push(T.Var, start, j).tokenType;
    }
    return this.fail(start, start + 1, "invalid character '$'");
  }

  /** Tracks the top-level structure after each token (see the header comment). */
  private follow(type: TokenType, prev: IToken | undefined): void {
    const opens = type === T.LParen || type === T.LBracket || type === T.LBrace;
    const closes = type === T.RParen || type === T.RBracket || type === T.RBrace;
    if (this.state === "top") {
      this.state = "item";
      this.depth = 0;
    }
    const toTop = (): void => {
      this.state = "top";
      this.apAllowed = true;
    };
    switch (this.state) {
      case "item":
        if (opens) this.depth++;
        else if (closes) {
          if (--this.depth <= 0 && type === T.RBrace) toTop();
        } else if (type === T.Semi && this.depth <= 0) toTop();
        break;
      case "header": {
        const afterHead = prev?.tokenType === T.AttachPoint || prev?.tokenType === T.Comma;
        if (type === T.Comma && this.depth === 0 && afterHead) this.apAllowed = true;
        else if (type === T.LBrace && this.depth === 0) (this.state = "brace"), (this.depth = 1);
        else if (type === T.Lt && this.depth === 0 && (afterHead || prev?.tokenType === T.Slash)) {
          this.state = "angle";
          this.depth = 0;
        } else if (opens) this.depth++;
        else if (closes) this.depth--;
        break;
      }
      case "brace":
        if (opens) this.depth++;
        else if (closes && --this.depth <= 0) toTop();
        break;
      case "angle":
        if (opens) this.depth++;
        else if (closes) this.depth--;
        else if (type === T.Gt && this.depth <= 0) toTop();
        break;
    }
  }
}

/**
 * The lexer: source text → Chevrotain tokens (types from tokens.ts).
 *
 * Hand-written because two things depend on where we are in the program:
 *  - Attach points (`uprobe:/bin/bash:readline`, `t:syscalls:sys_enter_*`) are raw text up to
 *    whitespace, `,` or `{`; they are only recognised where a probe may start: at the start of the
 *    program, after a top-level item ends (`}` back to depth 0, `;` at top level, the `>` closing a
 *    `< >` block) and after a `,` in an attach list.
 *  - For that it follows a `< >` body the way the parser does (DESIGN.md §1): the body opens at a `<`
 *    right after an attach point or a predicate's closing `/`, and closes at the first `>` that is not
 *    inside `( )`, `[ ]` or `{ }`. The parser applies the same rule with gates (grammar.ts), so both agree.
 *
 * Lexing stops at the first error; the parser then decides whether a syntax error came first (bison
 * lexes lazily, so bpftrace reports whichever comes first in the text).
 */
import type { IToken, TokenType } from "chevrotain";
import { chevrotain } from "./chevrotain.js";
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

const DURATION_NS: Record<string, bigint> = {
  ns: 1n, us: 1000n, ms: 1000_000n, s: 1000_000_000n, m: 60_000_000_000n, h: 3600_000_000_000n,
  d: 86400_000_000_000n,
};

const isIdStart = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
const isDigit = (c: string): boolean => c >= "0" && c <= "9";
const isIdChar = (c: string): boolean => isIdStart(c) || isDigit(c);
const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";

type State =
  | "top" // between top-level items
  | "item" // inside config/macro/import/let at top level
  | "header" // attach list and predicate
  | "brace" // a `{ }` probe body
  | "angle"; // a `< >` probe body

class LexFail extends Error {
  constructor(readonly err: LexError) {
    super(err.message);
  }
}

export function lex(text: string): LexResult {
  const tokens: IToken[] = [];
  const cDefinitions: [number, number][] = [];
  const n = text.length;
  let i = 0;
  let state: State = "top";
  let apAllowed = true; // an attach point may start here
  let depth = 0; // nesting of ( [ { inside the current item/body

  const push = (type: TokenType, start: number, end: number, payload?: bigint | string | number): IToken => {
    const t = chevrotain.createTokenInstance(type, text.slice(start, end), start, end - 1, NaN, NaN, NaN, NaN) as LitToken;
    if (payload !== undefined) t.payload = payload;
    tokens.push(t);
    return t;
  };
  const fail = (start: number, end: number, message: string): never => {
    throw new LexFail({ start, end, message });
  };

  // Shebang
  if (text.startsWith("#!")) {
    while (i < n && text[i] !== "\n") i++;
  }

  try {
    while (i < n) {
      const c = text[i]!;
      // whitespace and comments
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (c === "/" && text[i + 1] === "/") {
        while (i < n && text[i] !== "\n") i++;
        continue;
      }
      if (c === "/" && text[i + 1] === "*") {
        const end = text.indexOf("*/", i + 2);
        if (end < 0) fail(i, n, "unterminated comment");
        i = end + 2;
        continue;
      }
      // `#include ...` and other preprocessor lines (at the start of a line) are C for the type system.
      if (c === "#" && (i === 0 || text[i - 1] === "\n")) {
        const s0 = i;
        while (i < n && text[i] !== "\n") i++;
        cDefinitions.push([s0, i]);
        continue;
      }
      // So is `struct X { ... };` where a top-level item may start (bpftrace passes it to clang).
      if (state === "top" && apAllowed && (c === "s" || c === "u" || c === "e")) {
        const m = /^(?:struct|union|enum)\s+[A-Za-z_][A-Za-z0-9_]*\s*\{/.exec(text.slice(i, i + 300));
        if (m) {
          let j = i + m[0].length;
          let d = 1;
          while (j < n && d > 0) {
            if (text[j] === "{") d++;
            else if (text[j] === "}") d--;
            j++;
          }
          if (d > 0) fail(i, i + m[0].length, "unterminated C definition: missing '}'");
          const semi = /^\s*;/.exec(text.slice(j));
          if (semi) j += semi[0].length;
          cDefinitions.push([i, j]);
          i = j;
          continue;
        }
      }

      const start = i;
      const prev = tokens[tokens.length - 1];

      // Attach points
      if (apAllowed && (state === "top" || state === "header") && isIdStart(c)) {
        let j = i;
        while (j < n && isIdChar(text[j]!)) j++;
        const word = text.slice(i, j);
        const isBeginEnd = /^(BEGIN|END|begin|end)$/.test(word);
        if (isBeginEnd || text[j] === ":") {
          if (!isBeginEnd) {
            while (j < n) {
              const d = text[j]!;
              if (isSpace(d) || d === "," || d === "{") break;
              if (d === '"') {
                j++;
                while (j < n && text[j] !== '"' && text[j] !== "\n") j++;
                if (text[j] !== '"') fail(start, j, "unterminated string");
              }
              j++;
            }
          }
          push(T.AttachPoint, start, j);
          i = j;
          state = "header";
          depth = 0;
          apAllowed = false;
          continue;
        }
      }
      apAllowed = false;

      let type: TokenType;
      let payload: bigint | string | number | undefined;
      if (isIdStart(c)) {
        let j = i + 1;
        while (j < n && isIdChar(text[j]!)) j++;
        const word = text.slice(i, j);
        type = T.KEYWORDS.get(word) ?? (T.TYPE_NAMES.has(word) ? T.TypeKw : T.Ident);
        i = j;
      } else if (isDigit(c)) {
        [i, payload] = lexNumber(text, i, fail);
        type = T.IntLit;
      } else if (c === '"') {
        [i, payload] = lexString(text, i, fail);
        type = T.StringLit;
      } else if (c === "$") {
        let j = i + 1;
        if (text[j] === "#") {
          type = T.ParamCount;
          i = j + 1;
        } else if (isDigit(text[j] ?? "")) {
          while (j < n && isDigit(text[j]!)) j++;
          type = T.Positional;
          payload = Number(text.slice(i + 1, j));
          i = j;
        } else if (isIdStart(text[j] ?? "")) {
          while (j < n && isIdChar(text[j]!)) j++;
          type = T.Var;
          i = j;
        } else {
          return fail(i, i + 1, "invalid character '$'");
        }
      } else if (c === "@") {
        let j = i + 1;
        while (j < n && isIdChar(text[j]!)) j++;
        type = T.MapTok;
        i = j;
      } else {
        const op = T.OPERATORS.find(([s]) => text.startsWith(s, i));
        if (!op) return fail(i, i + 1, `invalid character '${String.fromCodePoint(text.codePointAt(i)!)}'`);
        type = op[1];
        i += op[0].length;
      }
      push(type, start, i, payload);

      // Follow the top-level structure (see the header comment).
      const opens = type === T.LParen || type === T.LBracket || type === T.LBrace;
      const closes = type === T.RParen || type === T.RBracket || type === T.RBrace;
      if (state === "top") {
        state = "item";
        depth = 0;
      }
      switch (state) {
        case "item":
          if (opens) depth++;
          else if (closes) {
            depth--;
            if (depth <= 0 && type === T.RBrace) (state = "top"), (apAllowed = true);
          } else if (type === T.Semi && depth <= 0) (state = "top"), (apAllowed = true);
          break;
        case "header":
          if (type === T.Comma && depth === 0 && prev?.tokenType === T.AttachPoint) apAllowed = true;
          else if (type === T.LBrace && depth === 0) (state = "brace"), (depth = 1);
          else if (type === T.Lt && depth === 0 && (prev?.tokenType === T.AttachPoint || prev?.tokenType === T.Slash))
            (state = "angle"), (depth = 0);
          else if (opens) depth++;
          else if (closes) depth--;
          break;
        case "brace":
          if (opens) depth++;
          else if (closes && --depth <= 0) (state = "top"), (apAllowed = true);
          break;
        case "angle":
          if (opens) depth++;
          else if (closes) depth--;
          else if (type === T.Gt && depth <= 0) (state = "top"), (apAllowed = true);
          break;
      }
    }
  } catch (e) {
    if (e instanceof LexFail) return { tokens, error: e.err, cDefinitions };
    throw e;
  }
  return { tokens, cDefinitions };
}

function lexNumber(text: string, i: number, fail: (s: number, e: number, m: string) => never): [number, bigint] {
  const start = i;
  let j = i;
  let value: bigint;
  const word = /^[A-Za-z0-9_]*/.exec(text.slice(i))![0];
  const end = i + word.length;
  const bad = (): never => fail(start, end, `invalid integer literal '${word}'`);
  if (/^0[xX]/.test(word)) {
    const m = /^0[xX]([0-9a-fA-F][0-9a-fA-F_]*)([uU]?[lL]{0,2})$/.exec(word);
    if (!m) return bad();
    value = BigInt("0x" + m[1]!.replace(/_/g, ""));
    j = end;
  } else {
    const m = /^([0-9][0-9_]*)(?:[eE]([0-9]+))?(ns|us|ms|s|m|h|d|[uU]?[lL]{0,2})$/.exec(word);
    if (!m) return bad();
    const digits = m[1]!.replace(/_/g, "");
    if (digits.length > 1 && digits.startsWith("0") && m[2] === undefined) {
      if (!/^[0-7]+$/.test(digits)) return bad();
      value = BigInt("0o" + digits.slice(1));
    } else value = BigInt(digits);
    if (m[2] !== undefined) value *= 10n ** BigInt(m[2]);
    const unit = DURATION_NS[m[3]!];
    if (unit !== undefined) value *= unit;
    j = end;
  }
  if (value > 0xffff_ffff_ffff_ffffn) fail(start, end, `integer literal '${word}' is too large`);
  return [j, value];
}

function lexString(text: string, i: number, fail: (s: number, e: number, m: string) => never): [number, string] {
  const start = i;
  let j = i + 1;
  let out = "";
  const n = text.length;
  for (;;) {
    if (j >= n || text[j] === "\n") {
      let e = j;
      if (text[e - 1] === "\r") e--;
      return fail(start, e, "unterminated string");
    }
    const c = text[j]!;
    if (c === '"') return [j + 1, out];
    if (c !== "\\") {
      out += c;
      j++;
      continue;
    }
    const d = text[j + 1] ?? "";
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'", a: "\x07", b: "\b", f: "\f", v: "\v", e: "\x1b" };
    if (d in simple) {
      out += simple[d];
      j += 2;
    } else if (d === "x") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(j + 2, j + 4));
      if (!m) return fail(start, j + 2, "invalid escape character '\\x'");
      out += String.fromCharCode(parseInt(m[0], 16));
      j += 2 + m[0].length;
    } else if (d >= "0" && d <= "7") {
      const m = /^[0-7]{1,3}/.exec(text.slice(j + 1, j + 4))!;
      const v = parseInt(m[0], 8);
      if (v > 255) return fail(start, j + 1 + m[0].length, `octal escape sequence out of range '\\${m[0]}'`);
      out += String.fromCharCode(v);
      j += 1 + m[0].length;
    } else if (d === "" || d === "\n") {
      return fail(start, j + 1, "unterminated string");
    } else {
      return fail(start, j + 2, `invalid escape character '\\${d}'`);
    }
  }
}

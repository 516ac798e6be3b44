/**
 * Syntax error messages in bison's words, as bpftrace prints them:
 *   syntax error, unexpected X, expecting A or B      (at most 4 alternatives)
 *   syntax error, unexpected X                        (more, or none known)
 * Token names are bpftrace's aliases (tokens.ts LABELs, names.ts for words); the end of the input is
 * "end of file". Alternatives are listed in bison's order (its token numbers, i.e. the order of
 * bpftrace 0.17's %token declarations). They come from Chevrotain's view of the grammar, so a list
 * may differ from bison's; where a name could come, bison's list always has more than 4 entries
 * (identifier, builtin, call, ...), so such lists are never printed.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { chevrotain } from "./chevrotain.js";
import { wordTokenName } from "./names.js";
import * as T from "./tokens.js";

const MAX_ALTERNATIVES = 4;

/** bpftrace 0.17's token order (parser.yy), then our additions. */
const BISON_ORDER = [
  "end of file", ":", ";", "{", "}", "[", "]", "(", ")", "?", "end predicate", '","', "$#", "=", "==", "!=", "<=",
  ">=", "<<", ">>", "<", ">", "&&", "||", "+", "++", "<<=", ">>=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
  "-", "--", "*", "/", "%", "&", "|", "^", "!", "~", ".", "->", "if", "else", "unroll", "struct", "union", "while",
  "for", "return", "continue", "break", "builtin", "call", "call_builtin", "identifier", "path",
  "preprocessor directive", "struct definition", "enum", "string", "map", "variable", "positional parameter",
  "integer", "stack_mode",
];
const rank = (label: string): number => {
  const i = BISON_ORDER.indexOf(label);
  return i < 0 ? BISON_ORDER.length : i;
};

/** The name of a token type in messages. */
export function describeTokenType(t: TokenType): string {
  if (t === chevrotain.EOF) return "end of file";
  return t.LABEL ?? t.name;
}

/** The name of an actual token in "unexpected X". */
export function describeToken(t: IToken): string {
  if (t.tokenType === T.Ident) return wordTokenName(t.image);
  if (t.tokenType === T.CompoundAssign) return t.image;
  return describeTokenType(t.tokenType);
}

/** `, expecting A or B` when bison would print it, else "". */
function expecting(expected: Iterable<TokenType>): string {
  const types = [...expected].flatMap((t) => T.CATEGORY_MEMBERS.get(t) ?? [t]);
  if (types.some((t) => t === T.AnyWord || t === T.Ident)) return "";
  const names = [...new Set(types.map(describeTokenType))].sort((a, b) => rank(a) - rank(b));
  return names.length > 0 && names.length <= MAX_ALTERNATIVES ? `, expecting ${names.join(" or ")}` : "";
}

function unexpected(actual: IToken, expected: Iterable<TokenType>): string {
  return `syntax error, unexpected ${describeToken(actual)}${expecting(expected)}`;
}

/** Rules whose `)` or `]` closes a comma-separated list. */
const LIST_RULES = new Set(["callArgs", "parenExpr", "mapAccess"]);

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    if (expected === T.Slash && ruleName === "probe") return unexpected(actual, [END_PREDICATE]);
    // `offsetof(struct s, a.b)`: after a field name, a `.` could also come.
    if (expected === T.RParen && ruleName === "offsetofExpr") return unexpected(actual, [expected, T.Dot]);
    if ((expected === T.RParen || expected === T.RBracket) && LIST_RULES.has(ruleName)) {
      const p = previous?.tokenType;
      // Right after `(` or `,` an expression could also come: bison's list is long, so it prints none.
      if (p === T.LParen || p === T.LBracket || p === T.Comma) return unexpected(actual, []);
      // After a list element bison also offers the comma: `expecting ) or ","`.
      return unexpected(actual, [expected, T.Comma]);
    }
    return unexpected(actual, [expected]);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return unexpected(firstRedundant, []);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    return atDeepest(expectedPathsPerAlt.flat(), actual);
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    return atDeepest(expectedIterationPaths, actual);
  },
};

/** bison's ENDPRED token, named in "expecting end predicate". */
const END_PREDICATE = chevrotain.createToken({ name: "EndPredicate", pattern: chevrotain.Lexer.NA, label: "end predicate" });

/**
 * Chevrotain reports a failed choice at the first of its lookahead tokens; bison reports the first
 * token no alternative accepts (`( }` fails at the `}`). Find that token among the lookahead tokens
 * (`takeDeepestErrorToken` tells index.ts where to put the error) and list what could come there.
 */
let deepest: IToken | undefined;

export function takeDeepestErrorToken(): IToken | undefined {
  const t = deepest;
  deepest = undefined;
  return t;
}

function atDeepest(paths: TokenType[][], actual: IToken[]): string {
  const matches = (p: TokenType[], n: number): boolean => p.slice(0, n).every((t, i) => chevrotain.tokenMatcher(actual[i]!, t));
  let depth = 0;
  for (const p of paths) {
    let m = 0;
    while (m < p.length && m < actual.length && chevrotain.tokenMatcher(actual[m]!, p[m]!)) m++;
    depth = Math.max(depth, m);
  }
  depth = Math.min(depth, actual.length - 1);
  const expected = paths.filter((p) => p.length > depth && matches(p, depth)).map((p) => p[depth]!);
  deepest = depth > 0 ? actual[depth] : undefined;
  return unexpected(actual[depth]!, expected);
}

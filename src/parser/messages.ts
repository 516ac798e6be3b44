/**
 * Syntax error messages in bison's words, as bpftrace prints them:
 *   syntax error, unexpected X, expecting A or B      (at most 4 alternatives)
 *   syntax error, unexpected X                        (more, or none known)
 * Token names are bpftrace's aliases (tokens.ts LABELs); the end of input is "end of file".
 * The alternatives come from Chevrotain's view of the grammar, so they may differ from bison's.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { chevrotain } from "./chevrotain.js";
import * as T from "./tokens.js";

const MAX_ALTERNATIVES = 4;

export function describeTokenType(t: TokenType): string {
  if (t === chevrotain.EOF) return "end of file";
  return t.LABEL ?? t.name;
}

/** bpftrace's lexer gives builtin variables and called names their own tokens ("builtin", "call"). */
const BUILTINS = new Set([
  "pid", "tid", "uid", "gid", "nsecs", "elapsed", "numaid", "cpu", "comm", "kstack", "ustack", "func",
  "probe", "curtask", "rand", "cgroup", "cpid", "args", "retval", "username", "jiffies", "usermode", "ncpus",
  "__probe", "ctx", "sarg0", "sarg1", "sarg2", "sarg3", "sarg4", "sarg5", "sarg6", "sarg7", "sarg8", "sarg9",
  "arg0", "arg1", "arg2", "arg3", "arg4", "arg5", "arg6", "arg7", "arg8", "arg9",
]);

/** The tokens being parsed, so an identifier can be told apart from a call (`f(`). */
let current: IToken[] = [];
export function setTokens(tokens: IToken[]): void {
  current = tokens;
}

export function describeToken(t: IToken): string {
  if (t.tokenType === T.Ident) {
    const i = current.indexOf(t);
    if (i >= 0 && current[i + 1]?.tokenType === T.LParen && current[i + 1]!.startOffset === t.endOffset! + 1) return "call";
    if (BUILTINS.has(t.image)) return "builtin";
  }
  return describeTokenType(t.tokenType);
}

function unexpected(actual: IToken, expected: Iterable<TokenType>): string {
  const names = [...new Set([...expected].map(describeTokenType))];
  let msg = `syntax error, unexpected ${describeToken(actual)}`;
  if (names.length > 0 && names.length <= MAX_ALTERNATIVES) msg += `, expecting ${names.join(" or ")}`;
  return msg;
}

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    const exp: TokenType[] = [expected];
    // After an element of a comma-separated list, bison also offers the comma: `expecting ) or ","`.
    if ((expected === T.RParen || expected === T.RBracket) && previous && previous.tokenType !== T.LParen &&
        previous.tokenType !== T.LBracket && previous.tokenType !== T.Comma) {
      exp.push(T.Comma);
    }
    return unexpected(actual, exp);
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

/**
 * Chevrotain reports a failed choice at the first of its lookahead tokens; bison reports the first
 * token no alternative accepts (`( }` fails at the `}`). Find that token among the lookahead tokens
 * (`deepestErrorToken` tells index.ts where to put the error) and list what could have come there.
 */
let deepest: IToken | undefined;

export function takeDeepestErrorToken(): IToken | undefined {
  const t = deepest;
  deepest = undefined;
  return t;
}

function atDeepest(paths: TokenType[][], actual: IToken[]): string {
  let depth = 0;
  for (const p of paths) {
    let m = 0;
    while (m < p.length && m < actual.length && chevrotain.tokenMatcher(actual[m]!, p[m]!)) m++;
    depth = Math.max(depth, m);
  }
  depth = Math.min(depth, actual.length - 1);
  const expected = paths.filter((p) => p.length > depth && p.slice(0, depth).every((t, i) => chevrotain.tokenMatcher(actual[i]!, t))).map((p) => p[depth]!);
  deepest = depth > 0 ? actual[depth] : undefined;
  return unexpected(actual[depth]!, expected);
}

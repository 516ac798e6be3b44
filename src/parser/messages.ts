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

export function describeToken(t: IToken): string {
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
    // After a statement without `;`, bison offers the `;` too.
    if (expected === T.RBrace && previous && previous.tokenType !== T.Semi && previous.tokenType !== T.RBrace &&
        previous.tokenType !== T.LBrace) {
      exp.unshift(T.Semi);
    }
    return unexpected(actual, exp);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return unexpected(firstRedundant, []);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    const firsts = expectedPathsPerAlt.flatMap((paths) => paths.map((p) => p[0]).filter((t): t is TokenType => !!t));
    return unexpected(actual[0]!, firsts);
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    const firsts = expectedIterationPaths.map((p) => p[0]).filter((t): t is TokenType => !!t);
    return unexpected(actual[0]!, firsts);
  },
};

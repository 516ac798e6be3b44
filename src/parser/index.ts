/**
 * The parser's entry point: source text → `Program` AST with spans, or located diagnostics.
 *
 * It never throws, and stops at the first error (bison does). The Chevrotain parser is built once,
 * on first use (building it is most of a cold parse's cost).
 */
import type { IToken } from "chevrotain";
import type { Program } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SourceMap, type Span } from "../diagnostics/span.js";
import { chevrotain } from "./chevrotain.js";
import { EbtParser } from "./grammar.js";
import { GAST_TABLE, LOOKAHEAD_TABLE } from "./lookahead-table.js";
import { lex } from "./lexer.js";
import { takeDeepestErrorToken } from "./messages.js";
import { AstBuilder, ParseAbort } from "./to-ast.js";
import * as T from "./tokens.js";

export interface ParseResult {
  program?: Program;
  diagnostics: Diagnostic[];
}

/** The error for a `< >` body that runs to the end of the input (DESIGN.md §1). */
export const UNTERMINATED_ANGLE =
  "unterminated < > block: a '>' at the top level of an expression ends the block; write (a > b) to compare";
const ANGLE_HINT = "a '>' at the top level of a < > block ends the block; write (a > b) to compare";
const ASSIGN_HINT = "only a $variable or a @map entry can be assigned to";

let parser: EbtParser | undefined;

/** How the shared parser was built, for the start-up phase counts (scripts/bench/phases.mjs). */
export function parserStats(): { built: boolean; grammarRecorded: boolean; lookaheadFromTable: number; lookaheadComputed: number } {
  return { built: parser !== undefined, grammarRecorded: parser !== undefined && GAST_TABLE === undefined, lookaheadFromTable: parser?.lookahead.fromTable ?? 0, lookaheadComputed: parser?.lookahead.computed ?? 0 };
}

/** `with`: a parser of one's own (tests compare parsers built different ways); by default, the shared one. */
export function parse(source: string, file: string, withParser?: EbtParser): ParseResult {
  const sm = new SourceMap(file, source);
  const error = (span: Span, message: string, hints?: string[]): ParseResult => ({
    diagnostics: [{ severity: "error", span, message, ...(hints ? { hints } : {}) }],
  });
  const p = withParser ?? (parser ??= new EbtParser({ table: LOOKAHEAD_TABLE, gast: GAST_TABLE }));
  try {
    const { tokens, error: lexError, cDefinitions } = lex(source);
    p.b = new AstBuilder(sm);
    p.angleOpen = [];
    p.angleClosers = new Set();
    p.input = tokens;
    takeDeepestErrorToken(); // clear what an earlier parse may have left
    let program: Program | undefined;
    try {
      program = p.program();
    } catch (e) {
      if (e instanceof ParseAbort) {
        // At the end of the tokens, the lexer's error (where it stopped) comes first in the text.
        if (lexError && e.span.start.offset >= lexError.start) return error(sm.span(lexError.start, lexError.end), lexError.message);
        return error(e.span, e.message, e.hints);
      }
      throw e;
    }
    const err = p.errors[0];
    const deepest = takeDeepestErrorToken();
    if (err) {
      const tok = deepest ?? err.token;
      const atEof = tok.tokenType === chevrotain.EOF;
      // The lexer stopped at a bad character: the parser ran out of tokens there, so the bad
      // character comes first in the text (as with bison's lazy lexing).
      if (atEof && lexError) return error(sm.span(lexError.start, lexError.end), lexError.message);
      const lt = p.angleOpen[p.angleOpen.length - 1];
      // The body ran to the end of the input at its top level (not inside an unclosed bracket).
      if (atEof && lt && nestingAfter(tokens, lt) === 0) {
        return error(sm.span(lt.startOffset, lt.endOffset! + 1), UNTERMINATED_ANGLE);
      }
      const span = atEof ? sm.span(source.length, source.length) : sm.span(tok.startOffset, tok.endOffset! + 1);
      return error(span, err.message, hintsFor(tok, tokens, p.angleClosers, p.angleOpen.length > 0));
    }
    if (lexError) return error(sm.span(lexError.start, lexError.end), lexError.message);
    if (program && cDefinitions.length > 0) {
      program.cDefinitions = cDefinitions.map(([s, e]) => ({ text: source.slice(s, e), span: sm.span(s, e) }));
    }
    return { program, diagnostics: [] };
  } catch (e) {
    // The recursive-descent parser ran out of stack (a few hundred nested brackets or blocks).
    if (e instanceof RangeError && /call stack/.test(e.message)) {
      return error(sm.span(0, Math.min(1, source.length)), "the program is nested too deeply to parse");
    }
    // A bug of ours; report it at the start of the input rather than throwing at the caller.
    const msg = e instanceof Error ? e.message : String(e);
    return error(sm.span(0, Math.min(1, source.length)), `internal parser error: ${msg}`);
  } finally {
    // The shared parser would otherwise keep this program's tokens (and builder) until the next parse.
    p.input = [];
    p.angleClosers = new Set();
  }
}

/** Hints for a syntax error at `tok`: right after a `>` that closed a `< >` body early, at a `>`
 * that could not close one (`$a ? $b > 1 : 2`), or at an assignment to something that cannot be
 * assigned. */
function hintsFor(tok: IToken, tokens: IToken[], angleClosers: ReadonlySet<IToken>, inAngle: boolean): string[] | undefined {
  const idx = tokens.indexOf(tok);
  const prev = idx > 0 ? tokens[idx - 1] : undefined;
  if ((prev && angleClosers.has(prev)) || (inAngle && tok.tokenType === T.Gt)) return [ANGLE_HINT];
  if (chevrotain.tokenMatcher(tok, T.AssignOp)) return [ASSIGN_HINT];
  return undefined;
}

/** Net `( [ {` nesting of the tokens after `from`. */
function nestingAfter(tokens: IToken[], from: IToken): number {
  let depth = 0;
  for (let i = tokens.indexOf(from) + 1; i < tokens.length; i++) {
    const t = tokens[i]!.tokenType;
    if (t === T.LParen || t === T.LBracket || t === T.LBrace) depth++;
    else if (t === T.RParen || t === T.RBracket || t === T.RBrace) depth--;
  }
  return depth;
}

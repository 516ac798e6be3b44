/**
 * The parser's entry point: source text → `Program` AST with spans, or located diagnostics.
 * It never throws. The Chevrotain parser is built once, on first use.
 */
import type { IToken } from "chevrotain";
import type { Program } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SourceMap, type Span } from "../diagnostics/span.js";
import { chevrotain } from "./chevrotain.js";
import { EbtParser } from "./grammar.js";
import { lex } from "./lexer.js";
import { setTokens, takeDeepestErrorToken } from "./messages.js";
import { AstBuilder, ParseAbort } from "./to-ast.js";

export interface ParseResult {
  program?: Program;
  diagnostics: Diagnostic[];
}

export const UNTERMINATED_ANGLE =
  "unterminated < > block: a '>' at the top level of an expression ends the block; write (a > b) to compare";
const ANGLE_HINT = "a '>' at the top level of a < > block ends the block; write (a > b) to compare";

let parser: EbtParser | undefined;

export function parse(source: string, file: string): ParseResult {
  const sm = new SourceMap(file, source);
  const error = (span: Span, message: string, hints?: string[]): ParseResult => ({
    diagnostics: [{ severity: "error", span, message, ...(hints ? { hints } : {}) }],
  });
  try {
    const { tokens, error: lexError, cDefinitions } = lex(source);
    parser ??= new EbtParser();
    const p = parser;
    p.b = new AstBuilder(sm);
    p.angleOpen = [];
    p.angleClosers = new Set();
    setTokens(tokens);
    p.input = tokens;
    let program: Program | undefined;
    try {
      program = p.program();
    } catch (e) {
      if (e instanceof ParseAbort) {
        // A syntax error before the bad character wins, as with bison's lazy lexing.
        return error(e.span, e.message, e.hints);
      }
      throw e;
    }
    const err = p.errors[0];
    if (err) err.token = takeDeepestErrorToken() ?? err.token;
    else takeDeepestErrorToken();
    const atEof = (t: IToken): boolean => t.tokenType === chevrotain.EOF;
    if (err) {
      const tok = err.token;
      if (atEof(tok) && lexError) return error(sm.span(lexError.start, lexError.end), lexError.message);
      const lt = p.angleOpen[p.angleOpen.length - 1];
      // The body ran to the end of the input at its top level (not inside an unclosed bracket).
      if (atEof(tok) && lt && nestingAfter(tokens, lt) === 0) {
        return error(sm.span(lt.startOffset, lt.endOffset! + 1), UNTERMINATED_ANGLE);
      }
      const span = atEof(tok) ? sm.span(source.length, source.length) : sm.span(tok.startOffset, tok.endOffset! + 1);
      const idx = atEof(tok) ? tokens.length : tokens.indexOf(tok);
      const prev = idx > 0 ? tokens[idx - 1] : undefined;
      const hints = prev && p.angleClosers.has(prev) ? [ANGLE_HINT] : undefined;
      return error(span, err.message, hints);
    }
    if (lexError) return error(sm.span(lexError.start, lexError.end), lexError.message);
    if (program && cDefinitions.length > 0) {
      program.cDefinitions = cDefinitions.map(([s, e]) => ({ text: source.slice(s, e), span: sm.span(s, e) }));
    }
    return { program, diagnostics: [] };
  } catch (e) {
    // A bug of ours; report it at the start of the input rather than throwing at the caller.
    const msg = e instanceof Error ? e.message : String(e);
    return error(sm.span(0, Math.min(1, source.length)), `internal parser error: ${msg}`);
  }
}

/** Net `( [ {` nesting of the tokens after `from`. */
function nestingAfter(tokens: IToken[], from: IToken): number {
  let depth = 0;
  for (let i = tokens.indexOf(from) + 1; i < tokens.length; i++) {
    const t = tokens[i]!.image;
    if (t === "(" || t === "[" || t === "{") depth++;
    else if (t === ")" || t === "]" || t === "}") depth--;
  }
  return depth;
}

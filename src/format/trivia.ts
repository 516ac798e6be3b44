/**
 * What the parser drops but `--fmt` keeps: comments and blank lines, by source offset.
 *
 * They are found in the layout between tokens, with current bpftrace's rules: a `//` comment is its
 * text after `//` and one optional space; a block comment is one comment per line, with the
 * leading ` * ` of its middle lines removed and its blank lines kept as empty comments. A newline
 * counts as a blank line unless the line ends a comment or ends in `;`, `{` or `}`, or ends a
 * preprocessor line or the `#!` line (those own their newline).
 */
import { lex } from "../parser/lexer.js";

export type TriviaItem = { offset: number; kind: "comment"; text: string } | { offset: number; kind: "blank" };

export class Trivia {
  constructor(private items: TriviaItem[]) {}

  /** Removes and returns the items at or before `offset`. */
  takeUpTo(offset: number): Trivia {
    let n = 0;
    while (n < this.items.length && this.items[n]!.offset <= offset) n++;
    return new Trivia(this.items.splice(0, n));
  }

  all(): readonly TriviaItem[] {
    return this.items;
  }
}

const isHspace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\r";

/** The comments and blank lines of `source` (which parses). */
export function collectTrivia(source: string): Trivia {
  const { tokens, cDefinitions } = lex(source);
  // What tokens and C definitions cover; the rest is layout.
  const covered: [number, number][] = tokens.map((t) => [t.startOffset, t.endOffset! + 1]);
  const ownNewline = new Set<number>();
  for (const [s, e] of cDefinitions) {
    covered.push([s, e]);
    if (source[s] === "#") ownNewline.add(e);
  }
  if (source.startsWith("#!")) {
    const e = source.indexOf("\n");
    const end = e < 0 ? source.length : e;
    covered.push([0, end]);
    ownNewline.add(end);
  }
  covered.sort((a, b) => a[0] - b[0]);
  const items: TriviaItem[] = [];
  let at = 0;
  for (const [s, e] of [...covered, [source.length, source.length] as [number, number]]) {
    if (s > at) scanLayout(source, at, s, ownNewline, items);
    at = Math.max(at, e);
  }
  return new Trivia(items);
}

function previousNonHspace(source: string, i: number): string {
  let p = i;
  while (p > 0 && isHspace(source[p - 1])) p--;
  return p > 0 ? source[p - 1]! : "";
}

function scanLayout(source: string, from: number, to: number, ownNewline: Set<number>, out: TriviaItem[]): void {
  let i = from;
  let afterComment = false;
  while (i < to) {
    const c = source[i]!;
    if (c === "\n") {
      const suppressed = afterComment || ownNewline.has(i) || ";{}".includes(previousNonHspace(source, i) || "\n");
      if (!suppressed) out.push({ offset: i, kind: "blank" });
      afterComment = false;
      i++;
    } else if (c === "/" && source[i + 1] === "/") {
      i += 2;
      if (source[i] === " ") i++;
      let e = source.indexOf("\n", i);
      if (e < 0 || e > to) e = to;
      out.push({ offset: i, kind: "comment", text: source.slice(i, e) });
      i = e;
      afterComment = true;
    } else if (c === "/" && source[i + 1] === "*") {
      i = blockComment(source, i, to, out);
      afterComment = true;
    } else i++;
  }
}

/** One comment per line of the block comment at `i`; returns the offset after it. */
function blockComment(source: string, i: number, to: number, out: TriviaItem[]): number {
  i += 2;
  if (source[i] === " ") i++;
  while (i < to) {
    const begin = i;
    while (i < to && source[i] !== "\n" && !(source[i] === "*" && source[i + 1] === "/")) i++;
    if (i > begin) out.push({ offset: begin, kind: "comment", text: source.slice(begin, i) });
    if (source.startsWith("*/", i)) return i + 2;
    if (i >= to) return i;
    i++; // the newline
    while (i < to && isHspace(source[i])) i++;
    if (source.startsWith("*/", i)) continue;
    let stars = false;
    while (i < to && source[i] === "*" && source[i + 1] !== "/") {
      stars = true;
      i++;
    }
    if (stars && source[i] === " ") i++;
    if (source[i] === "\n" || source.startsWith("*/", i)) out.push({ offset: i, kind: "comment", text: "" });
  }
  return i;
}

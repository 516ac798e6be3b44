/** A position in a source file. `line` and `col` are 1-based; `offset` is 0-based into the text. */
export interface Pos {
  offset: number;
  line: number;
  col: number;
}

/** A half-open source range [start, end) in one file, carried by every AST node. */
export interface Span {
  file: string;
  start: Pos;
  end: Pos;
  /** Text a user macro's expansion put here: the call it came from (errors add "expanded from"). */
  expandedFrom?: Span;
}

/** The smallest span covering both `a` and `b` (which must be in the same file). */
export function joinSpans(a: Span, b: Span): Span {
  return {
    file: a.file,
    start: a.start.offset <= b.start.offset ? a.start : b.start,
    end: a.end.offset >= b.end.offset ? a.end : b.end,
  };
}

/** A span for things that have no place in the source (synthesised nodes). */
export function noSpan(file = "<builtin>"): Span {
  const p = { offset: 0, line: 1, col: 1 };
  return { file, start: p, end: p };
}

/** Converts text offsets to positions for one source text. */
export class SourceMap {
  private readonly lineStarts: number[] = [0];
  constructor(readonly file: string, readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  pos(offset: number): Pos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, col: offset - this.lineStarts[lo]! + 1 };
  }

  span(startOffset: number, endOffset: number): Span {
    return { file: this.file, start: this.pos(startOffset), end: this.pos(endOffset) };
  }

  /** The text of line `line` (1-based), without its newline. */
  line(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return "";
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end);
  }
}

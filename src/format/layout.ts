/**
 * The text `ebt --fmt` builds: lines of segments (text, or a comment that becomes `// c` at the end
 * of its line and `/* c *\/` before more text), joined so that a multi-line piece appended after
 * `printf(` has its later lines lined up under the first, as current bpftrace lays scripts out.
 * Widths are measured on the rendered lines, comments included.
 */
import type { Trivia } from "./trivia.js";

type Segment = { comment: false; text: string } | { comment: true; text: string };

class Line {
  segments: Segment[] = [];

  render(): string {
    let out = "";
    let onlySpace = true;
    this.segments.forEach((s, i) => {
      if (!s.comment) {
        out += s.text;
        onlySpace &&= /^\s*$/.test(s.text);
        return;
      }
      if (!onlySpace) out += " ";
      if (i < this.segments.length - 1) out += `/* ${s.text} */`;
      else out += s.text === "" ? "//" : `// ${s.text}`;
    });
    return out;
  }

  get columns(): number {
    return this.render().length;
  }
}

export class Layout {
  private lines: Line[] = [new Line()];

  private get last(): Line {
    return this.lines[this.lines.length - 1]!;
  }

  text(s: string): this {
    this.last.segments.push({ comment: false, text: s });
    return this;
  }

  /** Ends the current line. */
  br(): this {
    this.lines.push(new Line());
    return this;
  }

  /**
   * Continues the current line with `other`. With `indent`, `other` starts on a new line and each
   * of its lines is indented by that much (a block body). Otherwise its later lines are lined up
   * under the column where it started, unless `align` is false (they keep their own indentation).
   */
  append(other: Layout, indent = 0, align = true): this {
    if (other.lineCount === 0) return this;
    let col = this.last.columns;
    if (indent > 0) {
      this.br();
      col = indent;
    }
    other.lines.forEach((line, i) => {
      if (align && col !== 0 && this.last.segments.length === 0) this.text(" ".repeat(col));
      this.last.segments.push(...line.segments);
      if (indent > 0 || i < other.lines.length - 1) this.br();
    });
    return this;
  }

  /**
   * The comments (and, unless `inline`, the blank lines) of `trivia`. Inline, comments join the
   * current line; otherwise each takes a line of its own, and at least `minBlank` lines are ended
   * first (blank lines of the source count towards them).
   */
  trivia(trivia: Trivia, minBlank?: number): this {
    const items = trivia.all();
    if (minBlank === undefined) {
      for (const it of items) if (it.kind === "comment") this.last.segments.push({ comment: true, text: it.text });
      return this;
    }
    for (let i = 0; i < minBlank; i++) this.br();
    let blanks = 0;
    for (const it of items) {
      if (it.kind === "comment") {
        this.last.segments.push({ comment: true, text: it.text });
        this.br();
      } else if (blanks++ >= minBlank) this.br();
    }
    return this;
  }

  /** Lines, not counting an empty last one. */
  get lineCount(): number {
    return this.last.segments.length === 0 ? this.lines.length - 1 : this.lines.length;
  }

  /** The widest line. */
  get width(): number {
    return Math.max(0, ...this.lines.map((l) => l.columns));
  }

  toString(): string {
    let out = "";
    for (let i = 0; i < this.lineCount; i++) out += this.lines[i]!.render().replace(/[ \t\r\n]+$/, "") + "\n";
    return out;
  }
}

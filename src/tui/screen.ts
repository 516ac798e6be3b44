/**
 * How the TUI owns the terminal: the program's lines scroll in a scrolling region (DECSTBM) that
 * ends above a fixed bottom area (the live panel and the status line). The bottom area is never
 * erased while the run lasts, only overwritten in place, so no frame ever lacks the status line,
 * however the terminal splits our writes; and lines that scroll off the top of the region go to the
 * terminal's scrollback as they would without the TUI. Each frame is one write, wrapped in
 * synchronized-output marks for the terminals that honour them.
 *
 * The cursor rests at the end of the last program line ("newline before" each line), so a repaint
 * after a resize can put it back exactly. Lines are kept (bounded) to repaint the region after a
 * resize, when the terminal may have reflowed or cut what was on screen.
 */
import stringWidth from "string-width";
import sliceAnsi from "slice-ansi";
import wrapAnsi from "wrap-ansi";

export interface TerminalPort {
  write(s: string): void;
  columns(): number;
  rows(): number;
}

const ESC = "\x1b[";
const SYNC_ON = "\x1b[?2026h";
const SYNC_OFF = "\x1b[?2026l";
const SAVE = "\x1b7";
const RESTORE = "\x1b8";
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
const at = (row: number) => `${ESC}${row};1H`;
const region = (top: number, bottom: number) => `${ESC}${top};${bottom}r`;
const CLEAR_LINE = `${ESC}2K`;
const CLEAR_TO_EOL = `${ESC}K`;

/** Program lines kept for a repaint: more than any terminal shows. */
const KEPT_LINES = 1000;

/** Rows the output region keeps at least, whatever the bottom area asks for. */
export const MIN_OUTPUT_ROWS = 3;

export class Screen {
  private bottom: string[] = [];
  private kept: string[] = [];
  /** Whether the cursor is at the start of an empty line (true before the first line). */
  private atLineStart = true;
  private started = false;
  private rows = 0;
  private cols = 0;

  constructor(private readonly term: TerminalPort) {}

  /** The rows the bottom area may use on this terminal. */
  maxBottomRows(): number {
    return Math.max(1, this.term.rows() - MIN_OUTPUT_ROWS);
  }

  /** Lines printed before the TUI took over (they are on screen already): kept for repaints. */
  remember(lines: string[]): void {
    this.keep(lines);
  }

  /** Reserves the bottom area under the cursor's line and draws it. */
  start(bottom: string[]): void {
    this.rows = this.term.rows();
    this.cols = this.term.columns();
    this.bottom = this.fit(bottom);
    const b = this.bottom.length;
    // Make room below the cursor (scrolling the screen if it is near the bottom), then come back.
    let s = SYNC_ON + HIDE_CURSOR + "\n".repeat(b) + (b > 0 ? `${ESC}${b}A` : "");
    s += SAVE + region(1, this.rows - b) + RESTORE + this.drawBottom() + SYNC_OFF;
    this.term.write(s);
    this.started = true;
  }

  /** One frame: new program lines, and the bottom area when it changed. */
  frame(lines: string[], bottom?: string[]): void {
    if (!this.started) return;
    let s = "";
    for (const l of lines) {
      s += (this.atLineStart ? "" : "\r\n") + l;
      this.atLineStart = false;
    }
    this.keep(lines);
    if (bottom !== undefined) {
      const next = this.fit(bottom);
      if (next.length !== this.bottom.length) s += this.resizeBottom(next);
      else if (next.some((l, i) => l !== this.bottom[i])) {
        this.bottom = next;
        s += this.drawBottom();
      }
    }
    if (s) this.term.write(SYNC_ON + s + SYNC_OFF);
  }

  /**
   * After the terminal changed size: it may have reflowed or cut the old bottom area, so every row
   * is drawn again, the program's lines from what was kept (the newest at the bottom of the region).
   */
  repaint(bottom: string[]): void {
    if (!this.started) return;
    this.rows = this.term.rows();
    this.cols = this.term.columns();
    this.bottom = this.fit(bottom);
    const height = this.rows - this.bottom.length;
    const visual = this.visualRows(height);
    let s = SYNC_ON + `${ESC}r`;
    for (let r = 1; r <= height; r++) s += at(r) + (visual[r - 1 - (height - visual.length)] ?? "") + CLEAR_TO_EOL;
    s += region(1, height);
    s += this.drawBottom(false);
    // The cursor goes back to the end of the newest line (or the region's last row).
    const last = visual.length > 0 ? visual[visual.length - 1]! : "";
    s += at(height) + (last ? `${ESC}${Math.min(this.cols, stringWidth(last)) + 1}G` : "");
    this.atLineStart = visual.length === 0;
    this.term.write(s + SYNC_OFF);
  }

  /** The run is over: the bottom area goes, the region is the whole screen again, the cursor is on
   * a fresh line under the program's last line, and `text` (the rest of the output) follows. */
  end(text: string): void {
    if (!this.started) {
      this.term.write(text);
      return;
    }
    let s = SYNC_ON + SAVE;
    const first = this.rows - this.bottom.length + 1;
    for (let r = first; r <= this.rows; r++) s += at(r) + CLEAR_LINE;
    s += `${ESC}r` + RESTORE + (this.atLineStart ? "" : "\r\n") + SHOW_CURSOR + SYNC_OFF;
    this.term.write(s + text.replace(/\r?\n/g, "\r\n"));
    this.started = false;
  }

  private resizeBottom(next: string[]): string {
    const grow = next.length - this.bottom.length;
    let s = "";
    if (grow > 0) {
      // Newlines from the cursor scroll the region only as far as needed to keep the cursor's line
      // above the new bottom area; coming back up, the cursor is on its line again. (Not with
      // save/restore cursor: terminals disagree on whether a restore follows a scrolled line.)
      s += "\n".repeat(grow) + `${ESC}${grow}A`;
    } else {
      // The freed rows join the region, blank.
      s += SAVE;
      for (let r = this.rows - this.bottom.length + 1; r <= this.rows - next.length; r++) s += at(r) + CLEAR_LINE;
      s += RESTORE;
    }
    this.bottom = next;
    s += SAVE + region(1, this.rows - next.length) + RESTORE;
    return s + this.drawBottom();
  }

  private drawBottom(saveCursor = true): string {
    const first = this.rows - this.bottom.length + 1;
    let s = saveCursor ? SAVE : "";
    this.bottom.forEach((l, i) => (s += at(first + i) + l + CLEAR_TO_EOL));
    return s + (saveCursor ? RESTORE : "");
  }

  /** At most maxBottomRows lines, each cut to the width (one column spare: no pending wrap). */
  private fit(lines: string[]): string[] {
    const width = Math.max(1, this.cols - 1);
    return lines.slice(-this.maxBottomRows()).map((l) => (stringWidth(l) > width ? sliceAnsi(l, 0, width) : l));
  }

  private keep(lines: string[]): void {
    if (lines.length === 0) return;
    this.kept.push(...lines);
    if (this.kept.length > KEPT_LINES) this.kept.splice(0, this.kept.length - KEPT_LINES);
  }

  /** The last `n` screen rows the kept lines take at the current width. */
  private visualRows(n: number): string[] {
    const out: string[] = [];
    for (let i = this.kept.length - 1; i >= 0 && out.length < n; i--) {
      const rows = this.kept[i] === "" ? [""] : wrapAnsi(this.kept[i]!, this.cols, { hard: true, trim: false, wordWrap: false }).split("\n");
      out.unshift(...rows);
    }
    return out.slice(-n);
  }
}

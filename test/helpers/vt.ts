/**
 * A virtual terminal (xterm.js, headless) that tests feed ebt's terminal output into, to read the
 * screen a user would see: the visible rows, the scrollback, and what each write left on screen.
 */
import xterm from "@xterm/headless";

export class VirtualTerminal {
  readonly term: xterm.Terminal;

  constructor(cols: number, rows: number, scrollback = 5000) {
    this.term = new xterm.Terminal({ cols, rows, scrollback, allowProposedApi: true });
  }

  /** Feeds bytes; resolves once the terminal has processed them. */
  write(data: string): Promise<void> {
    return new Promise((resolve) => this.term.write(data, resolve));
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  /** The visible rows, trailing spaces trimmed. */
  screen(): string[] {
    const b = this.term.buffer.active;
    const rows: string[] = [];
    for (let y = 0; y < this.term.rows; y++) rows.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? "");
    return rows;
  }

  /** Every row, scrollback first, trailing spaces trimmed and trailing empty rows dropped. */
  all(): string[] {
    const b = this.term.buffer.active;
    const rows: string[] = [];
    for (let y = 0; y < b.length; y++) rows.push(b.getLine(y)?.translateToString(true) ?? "");
    while (rows.length > 0 && rows[rows.length - 1] === "") rows.pop();
    return rows;
  }

  cursor(): { row: number; col: number } {
    const b = this.term.buffer.active;
    return { row: b.cursorY + 1, col: b.cursorX + 1 };
  }
}

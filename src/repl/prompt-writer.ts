/**
 * Writes event output above the prompt without disturbing the line being typed: the prompt row is
 * cleared, the complete lines are written, then the prompt and the typed text are drawn again.
 * Writes are batched per event-loop turn, so a burst of events redraws the prompt once.
 */
import readline from "node:readline";
import type { Interface } from "node:readline";
import type { Writable } from "node:stream";

/** How long a line without its newline waits before it is shown anyway (printf("%d ", x)). */
const PARTIAL_LINE_MS = 200;
/** Output waiting for the next draw is bounded: a flood keeps its newest part. */
export const MAX_PENDING_BYTES = 1 << 20;

export class PromptWriter {
  private pending = "";
  private scheduled = false;
  private partialTimer?: NodeJS.Timeout;
  private skipped = 0;
  /** While an input is being evaluated no prompt is shown, so output goes straight out. */
  busy = true;
  /** Set while a live view (.watch, .top) owns the screen: events wait until it ends. */
  held = false;
  rl?: Interface & { displayPrompt?(preserveCursor?: boolean): void };

  constructor(private readonly out: Writable, private readonly terminal: boolean) {}

  write(text: string): void {
    if (text === "") return;
    this.pending += text;
    if (this.pending.length > MAX_PENDING_BYTES) this.shed();
    if (this.busy && !this.held) return this.flush(true);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush(false);
      });
    }
  }

  /** Writes what is pending; `all` includes a last line that has no newline yet. */
  flush(all: boolean): void {
    if (this.held) return;
    const cut = all ? this.pending.length : this.pending.lastIndexOf("\n") + 1;
    let text = this.pending.slice(0, cut);
    if (this.skipped > 0) {
      text = `[ebt: ${this.skipped} lines skipped to keep up]\n` + text;
      this.skipped = 0;
    }
    this.pending = this.pending.slice(cut);
    if (this.pending && !this.partialTimer) {
      this.partialTimer = setTimeout(() => {
        this.partialTimer = undefined;
        if (this.pending) this.write("\n");
      }, PARTIAL_LINE_MS);
    }
    if (!text) return;
    if (this.busy || !this.rl || !this.terminal) {
      this.out.write(text);
      return;
    }
    readline.cursorTo(this.out, 0);
    readline.clearScreenDown(this.out);
    this.out.write(text);
    this.redrawPrompt();
  }

  /** Drops the oldest half of what waits, at a line boundary, and says how many lines went. */
  private shed(): void {
    const cut = this.pending.indexOf("\n", this.pending.length - MAX_PENDING_BYTES / 2) + 1;
    if (cut <= 0) return;
    let lines = 0;
    for (let i = this.pending.indexOf("\n"); i >= 0 && i < cut; i = this.pending.indexOf("\n", i + 1)) lines++;
    this.skipped += lines;
    this.pending = this.pending.slice(cut);
  }

  redrawPrompt(): void {
    const rl = this.rl;
    if (!rl) return;
    if (rl.displayPrompt) rl.displayPrompt(true);
    else rl.prompt(true);
  }

  close(): void {
    clearTimeout(this.partialTimer);
    this.partialTimer = undefined;
  }
}

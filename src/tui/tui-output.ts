/**
 * The session's output while the TUI runs: text is queued (bounded) and drawn by the TUI on a
 * timer, so the ring-buffer consumer never waits for the terminal. Kept apart from the Ink code so
 * a run that ends at once (exit() in BEGIN) never loads Ink.
 */
import type { Output } from "../runtime/output/output.js";
import type { MapDump } from "../runtime/output/text.js";
import { formatExitMaps, formatMap, formatValue } from "../runtime/output/text.js";
import { fromByteString } from "../util/byte-strings.js";

/** Lines kept between two draws; beyond this the oldest are skipped (and counted). */
export const MAX_PENDING_LINES = 5000;

export class TuiOutput implements Output {
  private lines: string[] = [];
  private partial = "";
  skipped = 0;
  lost = 0;
  probes = 0;
  exitText?: string;
  /**
   * With `direct`, complete lines go straight to the terminal: the CLI sets it until the TUI is
   * drawn (Ink loads after every probe is attached), so the first events show as soon as they
   * would when piped.
   */
  direct = false;

  /** Lines already on the terminal when the TUI takes over (a repaint after a resize redraws them). */
  private printed: string[] = [];

  constructor(private readonly quiet: boolean) {}

  attached(n: number): void {
    this.probes = n;
    if (this.quiet) return;
    const line = `Attached ${n} probe${n === 1 ? "" : "s"}`;
    process.stderr.write(line + "\n");
    this.printed.push(line);
  }
  /** Data arrives as byte strings (util/byte-strings.ts); the terminal shows it as UTF-8. */
  printf(text: string): void {
    this.push(fromByteString(text));
  }
  private push(text: string): void {
    const parts = (this.partial + text).split("\n");
    this.partial = parts.pop()!;
    if (this.direct) {
      if (parts.length) process.stdout.write(parts.join("\n") + "\n");
      this.printed.push(...parts);
      if (this.printed.length > MAX_PENDING_LINES) this.printed.splice(0, this.printed.length - MAX_PENDING_LINES);
      return;
    }
    for (const l of parts) this.lines.push(l);
    if (this.lines.length > MAX_PENDING_LINES) {
      this.skipped += this.lines.length - MAX_PENDING_LINES;
      this.lines = this.lines.slice(-MAX_PENDING_LINES);
    }
  }
  value(v: Parameters<Output["value"]>[0]): void {
    this.printf(formatValue(v) + "\n");
  }
  map(m: MapDump, top: number, div: number): void {
    this.printf(formatMap(m, top, div));
  }
  exitMaps(maps: MapDump[]): void {
    this.exitText = fromByteString(formatExitMaps(maps));
  }
  /** Runtime warnings go with the program's text, so they are seen while the view is live. */
  warning(text: string): void {
    this.push(text);
  }
  /** Shown in the status line; printed as TextOutput does once the live region is gone. */
  lostEvents(n: number): void {
    this.lost += n;
  }

  /** What was printed before the TUI was drawn, line by line. */
  printedBefore(): string[] {
    return this.printed;
  }

  /** The run ended before the TUI was drawn (exit() in BEGIN): print what is left as plain text,
   * without ever loading Ink. */
  finishPlain(): void {
    process.stdout.write(this.take(true) + (this.exitText ?? ""));
    if (this.lost > 0) process.stderr.write(`Lost ${this.lost} events\n`);
  }

  /** Complete lines since the last call (all text when `all`), with a note for skipped ones. */
  take(all = false): string {
    let text = "";
    if (this.skipped > 0) {
      text += `[ebt: ${this.skipped} lines skipped to keep up; use --no-tui or a pipe to keep every line]\n`;
      this.skipped = 0;
    }
    if (this.lines.length) text += this.lines.join("\n") + "\n";
    this.lines = [];
    if (all && this.partial) {
      text += this.partial;
      this.partial = "";
    }
    return text;
  }
}

export { TuiKeys } from "./keys.js";

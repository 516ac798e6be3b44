/**
 * Drives the real `ebt` on a pseudo-terminal (node-pty), so tests type keys, resize the window and
 * read the output as a user would: raw, with escapes removed, or as the screen a terminal shows
 * (every chunk is fed to a headless xterm.js, see vt.ts).
 */
import * as pty from "node-pty";
import { EBT, ROOT } from "./run-ebt.js";
import { VirtualTerminal } from "./vt.js";

/** Removes terminal escape sequences (cursor moves, colours, erase) and carriage returns. */
export function plain(raw: string): string {
  return raw
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, "")
    .replace(/\x1b[()][0-9A-Za-z]/g, "")
    .replace(/\x1b[=>78]/g, "")
    .replace(/\r/g, "");
}

export interface PtyOptions {
  env?: NodeJS.ProcessEnv;
  rows?: number;
  cols?: number;
  /** Called after the virtual terminal has processed each chunk ebt wrote (to check every state
   * the screen passes through). */
  onScreen?: (vt: VirtualTerminal, chunk: string) => void;
}

export class PtyEbt {
  readonly proc: pty.IPty;
  readonly vt: VirtualTerminal;
  raw = "";
  exitCode: number | null = null;
  private readonly exited: Promise<number | null>;
  /** Chunks are fed to the virtual terminal one after the other. */
  private fed: Promise<void> = Promise.resolve();

  constructor(args: string[], opts: PtyOptions = {}) {
    const cols = opts.cols ?? 100;
    const rows = opts.rows ?? 30;
    this.vt = new VirtualTerminal(cols, rows);
    this.proc = pty.spawn(process.execPath, [EBT, ...args], {
      name: "xterm-256color",
      cols,
      rows,
      cwd: ROOT,
      // CI=true as on the CI machine: a user's terminal inside a CI job must still get live frames.
      env: { ...process.env, CI: "true", TERM: "xterm-256color", ...opts.env } as Record<string, string>,
    });
    this.proc.onData((d) => {
      this.raw += d;
      this.fed = this.fed.then(async () => {
        await this.vt.write(d);
        opts.onScreen?.(this.vt, d);
      });
    });
    this.exited = new Promise((resolve) =>
      this.proc.onExit(({ exitCode, signal }) => {
        this.exitCode = signal ? null : exitCode;
        resolve(this.exitCode);
      }),
    );
  }

  get text(): string {
    return plain(this.raw);
  }

  /** Types `keys` (use "\r" for Enter, "\t" for Tab, "\x03" for Ctrl-C, "\x04" for Ctrl-D). */
  type(keys: string): void {
    this.proc.write(keys);
  }

  /** Changes the window size (the terminal's own reflow first, then ebt's SIGWINCH). */
  async resize(cols: number, rows: number): Promise<void> {
    await this.fed;
    this.vt.resize(cols, rows);
    this.proc.resize(cols, rows);
  }

  /** The screen once every chunk so far is processed. */
  async screen(): Promise<string[]> {
    await this.fed;
    return this.vt.screen();
  }

  /** Waits until the plain text after `from` (an offset into .text) matches. Returns the offset past the match. */
  async waitFor(pattern: RegExp | string, from = 0, timeoutMs = 20_000): Promise<number> {
    const start = Date.now();
    for (;;) {
      const t = this.text.slice(from);
      const i = typeof pattern === "string" ? t.indexOf(pattern) : t.search(pattern);
      if (i >= 0) {
        const len = typeof pattern === "string" ? pattern.length : t.slice(i).match(pattern)![0].length;
        return from + i + len;
      }
      if (this.exitCode !== null) throw new Error(`ebt exited (${this.exitCode}) before ${pattern}:\n${t}`);
      if (Date.now() - start > timeoutMs) {
        // A failed test must not leave its ebt attached: closing the terminal hangs it up.
        this.proc.kill("SIGKILL");
        throw new Error(`timed out waiting for ${pattern}; screen:\n${t}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until some visible row matches. */
  async waitForScreen(pattern: RegExp, timeoutMs = 20_000): Promise<string[]> {
    const start = Date.now();
    for (;;) {
      const s = await this.screen();
      if (s.some((l) => pattern.test(l))) return s;
      if (Date.now() - start > timeoutMs) {
        this.proc.kill("SIGKILL");
        throw new Error(`timed out waiting for ${pattern} on screen:\n${s.join("\n")}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async wait(timeoutMs = 20_000): Promise<number | null> {
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), timeoutMs);
    const code = await this.exited.finally(() => clearTimeout(timer));
    await this.fed;
    return code;
  }
}

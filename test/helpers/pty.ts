/**
 * Drives the real `ebt` on a pseudo-terminal (python3's pty module relays the bytes), so tests type
 * keys and read the screen output as a user would. Output is kept raw and with escapes removed.
 */
import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { EBT, ROOT } from "./run-ebt.js";

const RELAY = path.join(ROOT, "test/helpers/pty-relay.py");

/** Removes terminal escape sequences (cursor moves, colours, erase) and carriage returns. */
export function plain(raw: string): string {
  return raw
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, "")
    .replace(/\x1b[()][0-9A-Za-z]/g, "")
    .replace(/\x1b[=>78]/g, "")
    .replace(/\r/g, "");
}

export class PtyEbt {
  readonly child: ChildProcessWithoutNullStreams;
  raw = "";
  private readonly exited: Promise<number | null>;

  constructor(args: string[], opts: { env?: NodeJS.ProcessEnv; rows?: number; cols?: number } = {}) {
    this.child = spawn("python3", [RELAY, process.execPath, EBT, ...args], {
      cwd: ROOT,
      // CI=true as on the CI machine: a user's terminal inside a CI job must still get live frames.
      env: { ...process.env, CI: "true", PTY_ROWS: String(opts.rows ?? 30), PTY_COLS: String(opts.cols ?? 100), TERM: "xterm-256color", ...opts.env },
    });
    this.child.stdout.setEncoding("utf8").on("data", (d: string) => (this.raw += d));
    this.child.stderr.setEncoding("utf8").on("data", (d: string) => (this.raw += d));
    this.exited = new Promise((resolve) => this.child.on("close", (code) => resolve(code)));
  }

  get text(): string {
    return plain(this.raw);
  }

  /** Types `keys` (use "\r" for Enter, "\t" for Tab, "\x03" for Ctrl-C, "\x04" for Ctrl-D). */
  type(keys: string): void {
    this.child.stdin.write(keys);
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
      if (this.child.exitCode !== null) throw new Error(`ebt exited (${this.child.exitCode}) before ${pattern}:\n${t}`);
      if (Date.now() - start > timeoutMs) {
        // A failed test must not leave its ebt attached: closing the terminal hangs it up.
        this.child.kill("SIGKILL");
        throw new Error(`timed out waiting for ${pattern}; screen:\n${t}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  wait(timeoutMs = 20_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    return this.exited.finally(() => clearTimeout(timer));
  }
}

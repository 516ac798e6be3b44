/**
 * Runs the real `ebt` CLI (the built dist/, as a user's `npx ebt` does) and collects what a user
 * would see. Live tests drive it: start, wait for the attach line, trigger, interrupt, assert.
 */
import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const EBT = path.join(ROOT, "dist/cli/main.js");

export interface EbtResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class EbtProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = "";
  stderr = "";
  private readonly exited: Promise<EbtResult>;

  /**
   * `wrap`: a command that runs ebt in turn and becomes it (`ip netns exec NS`), so signals reach
   * ebt. `main`: another copy of dist/cli/main.js to run (an image's files).
   */
  constructor(args: string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv; cwd?: string; wrap?: string[]; main?: string } = {}) {
    const argv = [...(opts.wrap ?? []), process.execPath, opts.main ?? EBT, ...args];
    this.child = spawn(argv[0]!, argv.slice(1), { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env } });
    this.child.stdout.setEncoding("utf8").on("data", (d: string) => (this.stdout += d));
    this.child.stderr.setEncoding("utf8").on("data", (d: string) => (this.stderr += d));
    this.child.stdin.end(opts.stdin ?? "");
    this.exited = new Promise((resolve) => {
      this.child.on("close", (code, signal) => resolve({ stdout: this.stdout, stderr: this.stderr, code, signal }));
    });
  }

  /** Resolves once `pattern` shows up on stdout or stderr; rejects if the process exits first. */
  async waitFor(pattern: RegExp | string, stream: "stdout" | "stderr" = "stderr", timeoutMs = 20_000): Promise<void> {
    const test = () => (typeof pattern === "string" ? this[stream].includes(pattern) : pattern.test(this[stream]));
    const start = Date.now();
    while (!test()) {
      if (this.child.exitCode !== null) throw new Error(`ebt exited (${this.child.exitCode}) before ${pattern}:\n${this.stderr}`);
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${pattern}; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until the probes are attached (the status line bpftrace prints). */
  attached(): Promise<void> {
    return this.waitFor(/Attached \d+ probes?\n/);
  }

  signal(sig: NodeJS.Signals = "SIGINT"): void {
    this.child.kill(sig);
  }

  wait(timeoutMs = 20_000): Promise<EbtResult> {
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    return this.exited.finally(() => clearTimeout(timer));
  }
}

/** Runs ebt to completion (for programs that exit by themselves, or fail to compile). */
export function runEbt(args: string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<EbtResult> {
  return new EbtProcess(args, opts).wait(opts.timeoutMs);
}

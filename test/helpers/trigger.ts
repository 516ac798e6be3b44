/** Processes that make known system calls, so live tests can trigger probes deterministically. */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Runs `sh -c script` and resolves with its pid once it has exited. */
export function sh(script: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", script], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve(child.pid!));
  });
}

/** A shell that waits for a line on stdin before running `script`, so a test can learn its pid
 * (to filter on) before it does anything. */
export function pausedSh(script: string): { pid: number; go: () => Promise<void> } {
  const child = spawn("/bin/sh", ["-c", `read _; ${script}`], { stdio: ["pipe", "ignore", "ignore"] });
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  return {
    pid: child.pid!,
    go: () => {
      child.stdin!.end("go\n");
      return exited;
    },
  };
}

/** A copy of /bin/sh under a name of our choosing, so its `comm` is recognisable. */
export function namedShell(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ebt-"));
  const p = path.join(dir, name);
  symlinkSync("/bin/sh", p);
  return p;
}

export function runNamed(shellPath: string, script: string): void {
  spawnSync(shellPath, ["-c", script], { stdio: "ignore" });
}

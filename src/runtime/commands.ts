/**
 * system(cmd): each command runs through /bin/sh, as popen(3) runs bpftrace's, one at a time. It
 * runs beside the event loop rather than blocking it, so Ctrl-C is handled while it runs; the
 * engine holds back later records meanwhile (bpftrace's "events queue up"), which keeps output in
 * order. A cancelled command is killed with its whole process group (`sh -c 'sleep 9'` included).
 */
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { findExecutable } from "./target-process.js";

/** node:child_process, loaded by the first command: with node:net under it, a few ms of every start. */
let childProcessModule: typeof import("node:child_process") | undefined;
const childProcess = () => (childProcessModule ??= createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process"));

/**
 * setpriv, when present, has the kernel kill the command if ebt dies first (a second Ctrl-C ends
 * ebt by the signal's default action, with no time to kill it).
 */
let shell: string[] | undefined;
function shellCommand(cmd: string): string[] {
  if (!shell) {
    const setpriv = findExecutable("setpriv");
    shell = setpriv ? [setpriv, "--pdeathsig", "KILL", "--", "/bin/sh"] : ["/bin/sh"];
  }
  return [...shell, "-c", cmd];
}

export class CommandRunner {
  private child?: ChildProcess;

  /** Whether a command is running. */
  get busy(): boolean {
    return this.child !== undefined;
  }

  /** Runs `cmd`; `done` gets what it wrote to stdout (a byte string), also when it failed or was killed. */
  run(cmd: string, done: (stdout: string) => void): void {
    const chunks: Buffer[] = [];
    // Its own process group (detached), so that cancel() reaches the commands the shell starts.
    const [exe, ...argv] = shellCommand(cmd);
    const child = childProcess().spawn(exe!, argv, { stdio: ["ignore", "pipe", "inherit"], detached: true });
    this.child = child;
    child.stdout!.on("data", (c: Buffer) => chunks.push(c));
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.child = undefined;
      done(Buffer.concat(chunks).toString("latin1"));
    };
    child.on("close", finish);
    // The shell could not be started at all (EAGAIN, ENOMEM): no output.
    child.on("error", finish);
  }

  /** Kills the running command, if any; its `done` still follows, with what it printed. */
  cancel(): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

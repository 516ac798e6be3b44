/**
 * The process a run is about (-p PID, -c CMD): checking the pid, starting the command held until
 * the probes are attached, and noticing when either process is gone, which ends the run.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { TargetProcess } from "../contracts/provider.js";

/** A -p or -c problem, printed as `ERROR: <message>` (bpftrace's words). */
export class TargetError extends Error {}

/** The largest pid bpftrace accepts (PID_MAX_LIMIT on 64-bit kernels). */
const PID_MAX_LIMIT = 4194304;

/** -p PID: a live process. */
export function openPid(text: string): TargetProcess {
  if (!/^\d+$/.test(text)) throw new TargetError(`pid '${text}' is not a valid decimal number`);
  const pid = Number(text);
  if (pid < 1 || pid > PID_MAX_LIMIT) throw new TargetError(`pid '${text}' out of valid pid range [1,${PID_MAX_LIMIT}]`);
  // bpftrace 0.17 says only ": No such process" here; current bpftrace's wording names the step.
  if (!isAlive(pid)) throw new TargetError("Failed to attach to pid: Unable to open pidfd (No such process)");
  return { pid, origin: "pid", exe: `/proc/${pid}/exe` };
}

/** Whether `pid` is a process that still runs (a zombie has exited: its parent has not reaped it yet). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    // The state follows the command name, which is in parentheses and may itself hold ") ".
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** Calls `onExit` once `pid` is gone; returns a function that stops watching. */
export function watchPidExit(pid: number, onExit: () => void, everyMs = 100): () => void {
  // Node has no pidfd to poll, and the process is not our child: look at /proc now and then.
  const timer = setInterval(() => {
    if (isAlive(pid)) return;
    clearInterval(timer);
    onExit();
  }, everyMs);
  return () => clearInterval(timer);
}

/**
 * The shell script that holds the child: it waits for one line on fd 3 (written once every probe
 * is attached), then becomes the command with exec, keeping its pid, which is `cpid`. If ebt dies
 * first, the pipe closes, `read` fails and the command never runs. setpriv, when present, asks
 * the kernel to send the command SIGTERM if ebt dies while it runs, as bpftrace's
 * PR_SET_PDEATHSIG does.
 */
const HOLD = 'read -r _ <&3 || exit 1; exec 3<&-; exec "$@"';

/** -c CMD: the command, started and held until release(). */
export class ChildCommand {
  private exited = false;
  private readonly exitCallbacks: (() => void)[] = [];

  private constructor(
    private readonly proc: ChildProcess,
    readonly target: TargetProcess,
  ) {
    proc.on("exit", () => {
      this.exited = true;
      for (const cb of this.exitCallbacks.splice(0)) cb();
    });
  }

  /**
   * Splits CMD at each space as bpftrace does (no quoting: `-c 'a  b'` passes an empty argument),
   * finds the program in $PATH and starts it held.
   */
  static start(cmd: string): ChildCommand {
    const argv = cmd.split(" ");
    const exe = findExecutable(argv[0]!);
    if (!exe) throw new TargetError(`Failed to fork child: path '${argv[0]}' does not exist or is not executable`);
    const setpriv = findExecutable("setpriv");
    const prefix = setpriv ? [setpriv, "--pdeathsig", "TERM", "--"] : [];
    const proc = spawn("/bin/sh", ["-c", HOLD, "ebt-child", ...prefix, exe, ...argv.slice(1)], {
      stdio: ["inherit", "inherit", "inherit", "pipe"],
    });
    if (proc.pid === undefined) throw new TargetError(`Failed to fork child: could not start /bin/sh`);
    return new ChildCommand(proc, { pid: proc.pid, origin: "command", exe });
  }

  get pid(): number {
    return this.target.pid;
  }

  get alive(): boolean {
    return !this.exited && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Lets the command run: called once every probe is attached. */
  release(): void {
    const gate = this.proc.stdio[3] as NodeJS.WritableStream | null;
    gate?.end("go\n");
  }

  /** Calls `cb` when the child exits (at once if it already has). */
  onExit(cb: () => void): void {
    if (!this.alive) cb();
    else this.exitCallbacks.push(cb);
  }

  /** Ends the child as bpftrace does when tracing stops first: SIGTERM (SIGKILL if still held). */
  terminate(held = false): void {
    if (!this.alive) return;
    try {
      process.kill(this.pid, held ? "SIGKILL" : "SIGTERM");
    } catch {
      // already gone
    }
  }
}

/** A path with a slash is taken as it is; a bare name is looked up in $PATH, as execvp would. */
export function findExecutable(name: string): string | undefined {
  if (name === "") return undefined;
  const candidates = name.includes("/") ? [name] : (process.env.PATH ?? "").split(":").filter(Boolean).map((d) => path.join(d, name));
  for (const p of candidates) {
    try {
      if (!statSync(p).isFile()) continue;
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

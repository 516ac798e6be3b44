/**
 * The process a run is about (-p PID, -c CMD): checking the pid, starting the command held until
 * the probes are attached, and noticing when either process is gone, which ends the run.
 */
import { accessSync, constants, readFileSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import type { TargetProcess } from "../contracts/provider.js";
import { parseUint } from "../util/parse-int.js";
import { native } from "./native.js";

/** A -p or -c problem, printed as `ERROR: <message>` (bpftrace's words). */
export class TargetError extends Error {}

/** The largest pid bpftrace accepts (PID_MAX_LIMIT on 64-bit kernels). */
const PID_MAX_LIMIT = 4194304;

/** -p PID: a live process. */
export function openPid(text: string): TargetProcess {
  // Current bpftrace reads the pid as any of its integers (0x10 too) and bounds it by PID_MAX_LIMIT.
  const parsed = parseUint(text);
  if ("error" in parsed) throw new TargetError(`Failed to parse pid: ${parsed.error}`);
  if (parsed.value > BigInt(PID_MAX_LIMIT)) throw new TargetError(`Pid out of range: ${parsed.value}`);
  const pid = Number(parsed.value);
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

/** -c CMD: the command, forked and held before its execve until release() (native/child.cc). */
export class ChildCommand {
  private exited = false;
  private gate: number | undefined;
  private readonly exitCallbacks: (() => void)[] = [];
  private readonly watch: { close(): void };

  private constructor(
    private readonly held: { pid: number; gate: number },
    readonly target: TargetProcess,
  ) {
    this.gate = held.gate;
    this.watch = new (native().ChildWatch)(held.pid, () => {
      this.exited = true;
      for (const cb of this.exitCallbacks.splice(0)) cb();
    });
  }

  /**
   * Splits CMD at each space as bpftrace does (no quoting: `-c 'a  b'` passes an empty argument),
   * finds the program in $PATH and forks it held: no shell or other program runs in between, so
   * `cpid` is the command itself, and what it does is traced from its exec on, as with bpftrace.
   */
  static start(cmd: string): ChildCommand {
    const argv = cmd.split(" ");
    const exe = findExecutable(argv[0]!);
    if (!exe) throw new TargetError(`Failed to fork child: path '${argv[0]}' does not exist or is not executable`);
    let held: { pid: number; gate: number };
    try {
      held = native().spawnHeld(exe, argv);
    } catch (e) {
      throw new TargetError(`Failed to fork child: ${(e as Error).message}`);
    }
    return new ChildCommand(held, { pid: held.pid, origin: "command", exe });
  }

  get pid(): number {
    return this.target.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Lets the command run: called once every probe is attached. */
  release(): void {
    if (this.gate === undefined) return;
    writeSync(this.gate, "g");
    this.closeGate();
  }

  private closeGate(): void {
    if (this.gate === undefined) return;
    native().close(this.gate);
    this.gate = undefined;
  }

  /** Calls `cb` when the child exits (at once if it already has). */
  onExit(cb: () => void): void {
    if (!this.alive) cb();
    else this.exitCallbacks.push(cb);
  }

  /** Ends the child as bpftrace does when tracing stops first: SIGTERM; a held one never runs. */
  terminate(held = false): void {
    if (!this.alive) return;
    if (held) {
      // The closed gate makes it exit before its execve.
      this.closeGate();
      return;
    }
    try {
      process.kill(this.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }

  /** Stops watching for the child's exit (the run is over). */
  close(): void {
    this.watch.close();
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

/**
 * The lifetime of one traced program: maps → load → BEGIN → attach → announce → stream events →
 * (exit() or a signal) → detach → END → print maps → close. One owner for every fd, so nothing is
 * left in the kernel however the session ends (and the kernel frees it all if the process dies).
 */
import type { Plan } from "../plan/plan.js";
import type { MapPlan } from "../plan/plan.js";
import { Engine } from "./engine.js";
import { setStringTrailer } from "./decode.js";
import { userSymbolizer } from "../elf/symbolizer.js";
import type { ProbeGroup } from "./engine.js";
import type { Output } from "./output/output.js";
import { writeStatus } from "./output/output.js";
import type { AttachError } from "./attach/attach-error.js";

export { VerifierRejected } from "./engine.js";

/** bpftrace's default log_size, for a plan without config (the REPL's). */
const DEFAULT_LOG_SIZE = 1000000;

/** No probe attached, not even BEGIN/END: bpftrace's error for it is the message. */
export class NothingAttached extends Error {}

export interface SessionOptions {
  /** Called once every probe is attached and announced, before any event is printed. */
  onAttached?: () => void;
  /** --no-warnings: the run's own WARNING lines (a probe skipped under missing_probes = warn) are not printed. */
  noWarnings?: boolean;
  /** -c: the run lasts as long as the command, even when only BEGIN/END can fire. */
  untilTargetExits?: boolean;
  /** --export: the run lasts until exit() or a signal, even when only BEGIN/END can fire (its maps are served). */
  keepRunning?: boolean;
  /** -v: programs load with a verifier log of the config's log_size from the start, as in bpftrace. */
  verbose?: boolean;
}

/** bpftrace's error when nothing attached: test: and bench: probes only run in their modes. */
function nothingAttachedMessage(plan: Plan): string {
  const triggers = new Set(plan.programs.map((p) => p.target.provider.trigger));
  if (triggers.has("test")) return "No probes attached; use --test to run test probes.";
  if (triggers.has("bench")) return "No probes attached; use --bench to run benchmark probes.";
  return "Attachment failed for all probes.";
}

/**
 * --dry-run: creates the maps and loads every program (the verifier checks each), then closes it
 * all. Nothing runs and nothing attaches. Throws as Session.start() does.
 */
export function loadOnly(plan: Plan, opts: { verbose?: boolean } = {}): void {
  const engine = new Engine(plan.records, { attached() {}, printf() {}, value() {}, map() {}, exitMaps() {}, lostEvents() {} }, () => {});
  if (opts.verbose) engine.verboseLogSize = plan.config?.logSize ?? DEFAULT_LOG_SIZE;
  try {
    engine.addMaps(plan.maps);
    engine.unload(engine.load(plan));
  } finally {
    engine.close();
  }
}

export class Session {
  private readonly engine: Engine;
  private group?: ProbeGroup;
  private exitCode?: number;
  private stopped = false;
  /** Probes attached (BEGIN/END aside): none means nothing can fire after BEGIN. */
  private attached = 0;
  private resolveDone!: (code: number) => void;
  private rejectDone!: (e: unknown) => void;
  /** Resolves with the process exit code once the session has stopped and cleaned up. */
  readonly done = new Promise<number>((resolve, reject) => {
    this.resolveDone = resolve;
    this.rejectDone = reject;
  });

  constructor(
    private readonly plan: Plan,
    private readonly out: Output,
    private readonly opts: SessionOptions = {},
  ) {
    setStringTrailer(plan.strTruncTrailer ?? "..");
    userSymbolizer.setProgramFile(programFile(plan));
    userSymbolizer.showDebugInfo = plan.config?.showDebugInfo ?? true;
    this.engine = new Engine(plan.records, out, (code) => {
      if (this.exitCode !== undefined) return;
      this.exitCode = code;
      // Stop after this batch: the rest of the records already produced still print.
      queueMicrotask(() => this.stop());
    });
    this.engine.dropWarnings = opts.noWarnings === true;
    if (plan.config?.maxCatBytes !== undefined) this.engine.maxCatBytes = plan.config.maxCatBytes;
    if (opts.verbose) this.engine.verboseLogSize = plan.config?.logSize ?? DEFAULT_LOG_SIZE;
  }

  /** The maps and programs, for views that show them while the session runs (the TUI). */
  get live(): Engine {
    return this.engine;
  }

  /** Whether the run is still going: stop() has not begun (its maps can be read). */
  get running(): boolean {
    return !this.stopped;
  }

  /** The loaded programs' fds (for run statistics). */
  get programFds(): number[] {
    return this.group?.programs.map((p) => p.fd) ?? [];
  }

  /** The probes that fire on events (not BEGIN/END), each with its program's fd: the TUI's
   * per-probe statistics. */
  get probePrograms(): { name: string; fd: number }[] {
    return this.group?.programs.filter((p) => p.image.runOnce === undefined).map((p) => ({ name: p.image.target.name, fd: p.fd })) ?? [];
  }

  /** Creates maps, loads and attaches everything and runs BEGIN. Throws (after cleaning up) on failure. */
  start(): void {
    try {
      this.engine.addMaps(this.plan.maps);
      this.group = this.engine.load(this.plan);
      this.engine.startReader();
      // As bpftrace does, BEGIN runs before any other probe is attached, so what it stores in maps is
      // there for every event. Its output waits in the ring buffer (ahead of every event's) until
      // all is attached and announced; a failure to attach discards it, as in bpftrace.
      this.engine.runOnce(this.group, "begin", false);
      this.attached = this.engine.attach(this.group, (e) => this.skipFailedAttach(e));
      const total = this.attached + this.plan.programs.filter((p) => p.runOnce || p.target.provider.trigger === "signal").length;
      if (total === 0) throw new NothingAttached(nothingAttachedMessage(this.plan));
      // Announce only once every probe is live, so whoever waits for this line misses no event.
      this.out.attached(total);
      this.opts.onAttached?.();
      this.engine.drain();
      // An iterator (iter:task) runs while it is read; the run ends after one pass, as in bpftrace.
      if (this.engine.iterate(this.group) || this.exitCode !== undefined) this.stop();
      // As current bpftrace: with nothing that can fire later (only BEGIN/END), the run is over
      // once BEGIN's output is out (including what its system() commands print).
      else if (!this.waitsForEvents()) {
        if (this.engine.isIdle()) this.stop();
        else void this.engine.idle().then(() => this.stop());
      }
    } catch (e) {
      this.closeAll();
      throw e;
    }
  }

  /** Whether some probe can still fire after BEGIN: one that is attached, or a signal's. */
  private waitsForEvents(): boolean {
    return this.attached > 0 || this.signalPrograms().length > 0 || this.opts.untilTargetExits === true || this.opts.keepRunning === true;
  }

  private signalPrograms(): number[] {
    return (this.group?.programs ?? []).filter((p) => p.image.target.provider.trigger === "signal").map((p) => p.fd);
  }

  /** SIGUSR1 arrived: runs the self:signal:SIGUSR1 probes, in the order the script names them. */
  signal(): void {
    if (this.stopped) return;
    for (const fd of this.signalPrograms()) this.engine.runTriggered(fd);
  }

  /**
   * A probe the kernel refused to attach: with missing_probes = warn or ignore the run goes on
   * without it (bpftrace's warning under warn); with error (the default) the run fails.
   */
  private skipFailedAttach(e: AttachError): boolean {
    const mode = this.plan.config?.missingProbes ?? "error";
    if (mode === "error") return false;
    if (mode === "warn") this.warn(`WARNING: ${e.message}\nWARNING: Unable to attach probe: ${e.target}. Skipping.\n`);
    return true;
  }

  private warn(text: string): void {
    if (this.opts.noWarnings) return;
    if (this.out.warning) this.out.warning(text);
    else writeStatus(text);
  }

  /**
   * Detaches, runs END, prints the maps and closes everything; `done` resolves then. Safe to call
   * more than once. A system() command still running is killed; END's own commands are waited for.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    const fail = (e: unknown) => {
      this.closeAll();
      this.rejectDone(e);
    };
    // Synchronous unless a system() command is still running: then each step waits for it.
    const whenIdle = (next: () => void) => {
      if (this.engine.isIdle()) {
        try {
          next();
        } catch (e) {
          fail(e);
        }
      } else this.engine.idle().then(next).catch(fail);
    };
    try {
      this.engine.cancelCommands();
      if (this.group) this.engine.detach(this.group);
      this.engine.drain();
    } catch (e) {
      fail(e);
      return;
    }
    whenIdle(() => {
      if (this.group) this.engine.runOnce(this.group, "end");
      this.engine.drain();
      whenIdle(() => {
        this.engine.reportFullMaps();
        const lost = this.engine.lostEvents() + (this.out.droppedEvents?.() ?? 0);
        if (lost > 0) this.out.lostEvents(lost);
        // print_maps_on_exit = 0 keeps the two newlines that end every run, as in bpftrace.
        const printed = (this.plan.config?.printMapsOnExit ?? true) ? this.plan.maps.filter((m) => m.info) : [];
        this.out.exitMaps(printed.map((m) => this.engine.readMap(m.name)));
        this.out.close?.();
        this.closeAll();
        this.resolveDone(this.exitCode ?? 0);
      });
    });
  }

  private closeAll(): void {
    if (this.group) this.engine.unload(this.group);
    this.engine.close();
  }
}

export type { MapPlan };

/** The single file the plan's uprobe, uretprobe and usdt probes name, if they name exactly one. */
function programFile(plan: Plan): string | undefined {
  const files = new Set<string>();
  for (const p of plan.programs) {
    if (!["uprobe", "uretprobe", "usdt"].includes(p.target.provider.name)) continue;
    if (typeof p.target.detail.path === "string") files.add(p.target.detail.path);
  }
  return files.size === 1 ? [...files][0] : undefined;
}

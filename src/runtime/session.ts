/**
 * The lifetime of one traced program: maps → load → BEGIN → attach → announce → stream events →
 * (exit() or a signal) → detach → END → print maps → close. One owner for every fd, so nothing is
 * left in the kernel however the session ends (and the kernel frees it all if the process dies).
 */
import { probeCount } from "../plan/plan.js";
import type { Plan } from "../plan/plan.js";
import type { MapPlan } from "../plan/plan.js";
import { Engine } from "./engine.js";
import { setStringTrailer } from "./decode.js";
import type { ProbeGroup } from "./engine.js";
import type { Output } from "./output/output.js";

export { VerifierRejected } from "./engine.js";

export class Session {
  private readonly engine: Engine;
  private group?: ProbeGroup;
  private exitCode?: number;
  private stopped = false;
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
  ) {
    setStringTrailer(plan.strTruncTrailer ?? "..");
    this.engine = new Engine(plan.records, out, (code) => {
      if (this.exitCode !== undefined) return;
      this.exitCode = code;
      // Stop after this batch: the rest of the records already produced still print.
      queueMicrotask(() => this.stop());
    });
  }

  /** The maps and programs, for views that show them while the session runs (the TUI). */
  get live(): Engine {
    return this.engine;
  }

  /** The loaded programs' fds (for run statistics). */
  get programFds(): number[] {
    return this.group?.programs.map((p) => p.fd) ?? [];
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
      this.engine.attach(this.group);
      // Announce only once every probe is live, so whoever waits for this line misses no event.
      this.out.attached(probeCount(this.plan));
      this.engine.drain();
      // An iterator (iter:task) runs while it is read; the run ends after one pass, as in bpftrace.
      if (this.engine.iterate(this.group) || this.exitCode !== undefined) this.stop();
    } catch (e) {
      this.closeAll();
      throw e;
    }
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
        this.out.exitMaps(this.plan.maps.filter((m) => m.info).map((m) => this.engine.readMap(m.name)));
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

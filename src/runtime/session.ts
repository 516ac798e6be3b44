/**
 * The lifetime of one traced program: maps → load → attach → announce → BEGIN → stream events →
 * (exit() or a signal) → detach → END → print maps → close. One owner for every fd, so nothing is
 * left in the kernel however the session ends (and the kernel frees it all if the process dies).
 */
import type { Plan, ProgramImage } from "../compile.js";
import type { MapPlan } from "../codegen/map-plan.js";
import { RINGBUF_MAP } from "../codegen/probe-codegen.js";
import { patchMapFds } from "../codegen/bpf/index.js";
import type { RecordLayout } from "../codegen/records.js";
import { closeFd, createMap, loadProgram, testRun, VerifierError } from "./bpf.js";
import { decodeRecord } from "./decode.js";
import { readMap } from "./map-reader.js";
import { clearMap, zeroMap } from "./map-writer.js";
import type { Output } from "./output/output.js";
import { RingBufferReader } from "./ringbuf.js";
import { verifierReport } from "./verifier-error.js";
import type { VerifierReport } from "./verifier-error.js";

export class VerifierRejected extends Error {
  constructor(readonly report: VerifierReport) {
    super(report.message);
  }
}

interface Loaded {
  image: ProgramImage;
  fd: number;
}

export class Session {
  private readonly mapFds = new Map<string, number>();
  private readonly loaded: Loaded[] = [];
  private readonly attachedFds: number[] = [];
  private reader?: RingBufferReader;
  private exitCode?: number;
  private stopped = false;
  private resolveDone!: (code: number) => void;
  /** Resolves with the process exit code once the session has stopped and cleaned up. */
  readonly done = new Promise<number>((r) => (this.resolveDone = r));

  constructor(
    private readonly plan: Plan,
    private readonly out: Output,
  ) {}

  /** Creates maps, loads and attaches everything and runs BEGIN. Throws (after cleaning up) on failure. */
  start(): void {
    try {
      for (const m of this.plan.maps) this.mapFds.set(m.name, createMap(m.spec));
      for (const image of this.plan.programs) this.loaded.push({ image, fd: this.load(image) });
      this.reader = new RingBufferReader(this.mapFds.get(RINGBUF_MAP)!, (records) => this.onRecords(records));
      this.reader.start();
      for (const { image, fd } of this.loaded) {
        if (!image.runOnce) this.attachedFds.push(...image.target.provider.attach!(fd, image.target).fds);
      }
      // Announce only once every probe is live, so whoever waits for this line misses no event.
      this.out.attached(this.plan.programs.length);
      this.runOnce("begin");
      if (this.exitCode !== undefined) this.stop();
    } catch (e) {
      this.closeAll();
      throw e;
    }
  }

  /** Detaches, runs END, prints the maps and closes everything. Safe to call more than once. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const fd of this.attachedFds.splice(0)) closeFd(fd);
    this.reader?.drain();
    this.runOnce("end");
    this.reader?.drain();
    this.out.exitMaps(this.plan.maps.filter((m) => m.info).map((m) => readMap(m, this.mapFds.get(m.name)!)));
    this.out.close?.();
    this.closeAll();
    this.resolveDone(this.exitCode ?? 0);
  }

  private load(image: ProgramImage): number {
    const insns = patchMapFds(image.code, (name) => {
      const fd = this.mapFds.get(name);
      if (fd === undefined) throw new Error(`internal: program references unknown map ${name}`);
      return fd;
    });
    try {
      return loadProgram({ type: image.progType, insns, license: "GPL", name: programName(image) });
    } catch (e) {
      if (e instanceof VerifierError) throw new VerifierRejected(verifierReport(image, e.log));
      throw e;
    }
  }

  private runOnce(which: "begin" | "end"): void {
    for (const { image, fd } of this.loaded) {
      if (image.runOnce !== which) continue;
      testRun(fd, Buffer.alloc(8));
      this.reader?.drain();
    }
  }

  private onRecords(records: Buffer[]): void {
    for (const buf of records) {
      const layout: RecordLayout | undefined = this.plan.records[Number(buf.readBigUInt64LE(0))];
      if (!layout) continue;
      const action = decodeRecord(layout, buf);
      switch (action.kind) {
        case "text":
          this.out.printf(action.text);
          break;
        case "value":
          this.out.value(action.value);
          break;
        case "print_map": {
          const plan = this.mapPlan(action.map);
          this.out.map(readMap(plan, this.mapFds.get(plan.name)!), action.top, action.div);
          break;
        }
        case "clear_map":
          clearMap(this.mapPlan(action.map), this.mapFds.get(action.map)!);
          break;
        case "zero_map":
          zeroMap(this.mapPlan(action.map), this.mapFds.get(action.map)!);
          break;
        case "exit":
          if (this.exitCode === undefined) {
            this.exitCode = action.code;
            // Stop after this batch: the rest of the records already produced still print.
            queueMicrotask(() => this.stop());
          }
          break;
      }
    }
  }

  private mapPlan(name: string): MapPlan {
    const plan = this.plan.maps.find((m) => m.name === name);
    if (!plan) throw new Error(`internal: record names unknown map ${name}`);
    return plan;
  }

  private closeAll(): void {
    this.reader?.close();
    this.reader = undefined;
    for (const fd of this.attachedFds.splice(0)) closeFd(fd);
    for (const { fd } of this.loaded.splice(0)) closeFd(fd);
    for (const fd of this.mapFds.values()) closeFd(fd);
    this.mapFds.clear();
  }
}

/** The kernel's program name: 15 characters from the probe's own name. */
function programName(image: ProgramImage): string {
  const last = image.target.name.split(":").pop() ?? "ebt";
  return last.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 15);
}

export type { MapPlan };

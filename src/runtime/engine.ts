/**
 * The reusable parts of a running session: the maps (created once, then shared by every program
 * that names them), one ring-buffer consumer, and groups of loaded programs that attach and detach
 * as a unit. The one-shot Session drives one group; the REPL adds and removes groups for as long as
 * it runs, and its later probes read the maps that earlier ones filled.
 */
import { AttachError, attachSites, attachTarget } from "./attach/attach-error.js";
import type { MapPlan, Plan, ProgramImage } from "../plan/plan.js";
import type { Provider } from "../contracts/provider.js";
import { GENERATIONS_MAP, LOST_MAP, MAP_FULL_MAP, MAP_FULL_SLOTS, PERF_OUTPUT_MAP, RINGBUF_MAP, stackMapName } from "../plan/plan.js";
import { GENERATION_SLOTS } from "../semantic/print-clear.js";
import { patchMapFds } from "../codegen/bpf/index.js";
import { isMapFullSite, mapFullWarning } from "../plan/records.js";
import type { MapFullSite } from "../plan/records.js";
import type { RecordLayout, RecordReceiver } from "../plan/records.js";
import { BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_ARRAY_OF_MAPS, BPF_STACK_BUILD_ID_SIZE } from "../abi/uapi.js";
import { closeFd, closeFds, createMap, iterCreate, KernelError, loadProgram, mapLookup, mapUpdate, testRun, VerifierError } from "./bpf.js";
import { decodeValue } from "./decode.js";
import { formatPrintf } from "./output/printf.js";
import { parseFormat } from "../util/format-string.js";
import type { ParsedFormat } from "../util/format-string.js";
import { readMap, withZeroScalar } from "./map-reader.js";
import type { KeyCache } from "./map-reader.js";
import { clearMap, zeroMap } from "./map-writer.js";
import type { Output } from "./output/output.js";
import { writeStatus } from "./output/output.js";
import type { MapDump } from "./output/text.js";
import { RingBufferReader } from "./ringbuf.js";
import { PerfOutputReader } from "./perf-output.js";
import { PcapFiles } from "./output/pcap.js";
import type { StackSource } from "./symbols.js";
import { verifierReport } from "./verifier-error.js";
import { closeSync, constants as fsConstants, openSync, readSync } from "node:fs";
import { toKernelError } from "./errors.js";
import { CommandRunner } from "./commands.js";
import { renderDiagnostic } from "../diagnostics/render.js";
import { strerror } from "./output/render.js";
import { bootToEpochOffset, strftime } from "./output/strftime.js";
import { fromByteString } from "../util/byte-strings.js";
import type { VerifierReport } from "./verifier-error.js";

export class VerifierRejected extends Error {
  constructor(readonly report: VerifierReport) {
    super(report.message);
  }
}

/**
 * The kernel refused a program before its verifier looked at it (an empty log): a program type
 * this kernel does not allow, such as fentry here (BPF_PROG_LOAD fails with EPERM). Not an ebt bug,
 * so it is reported at the probe's attach point, in the provider's words.
 */
export class LoadRefused extends VerifierRejected {}

export interface LoadedProgram {
  image: ProgramImage;
  fd: number;
}

/** Programs compiled together: attached, run and detached together. */
export interface ProbeGroup {
  programs: LoadedProgram[];
  attachedFds: number[];
  /** Iterator programs' links (program fd → link fd), which iterate() reads. */
  iterLinks?: Map<number, number>;
}

/** Bytes of records held back while a system() command runs; beyond it, records are dropped and counted lost. */
const MAX_HELD_BYTES = 16 << 20;

/** Objects an iterator visits per read(), between two drains of the ring buffer. */
const ITER_READ_OBJECTS = 64;

/** read(2) of an iterator fd; EAGAIN (the kernel stopped after many objects with no output) reads again. */
function readIterator(fd: number, buf: Buffer): number {
  for (;;) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") continue;
      throw toKernelError(e, "read (BPF iterator)");
    }
  }
}

export class Engine {
  private readonly mapFds = new Map<string, number>();
  private readonly mapPlans = new Map<string, MapPlan>();
  private reader?: RingBufferReader;
  /** skboutput()'s packets: their perf buffers, and the pcap files they go to. */
  private perfOutput?: PerfOutputReader;
  private readonly pcaps = new PcapFiles();
  /** Stack ids → frames, read from the stack-trace maps when a stack is printed. */
  private readonly stacks: StackSource = {
    stackFrames: (limit, id) => {
      const fd = this.mapFds.get(stackMapName(limit));
      if (fd === undefined) return undefined;
      const key = Buffer.alloc(4);
      key.writeUInt32LE(id);
      const raw = mapLookup(fd, key, 8 * limit);
      return raw && Array.from({ length: limit }, (_, i) => raw.readBigUInt64LE(8 * i));
    },
    buildIdFrames: (limit, id) => {
      const fd = this.mapFds.get(stackMapName(limit, true));
      if (fd === undefined) return undefined;
      const key = Buffer.alloc(4);
      key.writeUInt32LE(id);
      const size = BPF_STACK_BUILD_ID_SIZE;
      const raw = mapLookup(fd, key, size * limit);
      return raw && Array.from({ length: limit }, (_, i) => ({
        status: raw.readInt32LE(size * i),
        buildId: raw.subarray(size * i + 4, size * i + 24).toString("hex"),
        offsetOrIp: raw.readBigUInt64LE(size * i + 24),
      }));
    },
  };
  /** Set by exit(): as in bpftrace, records produced after it are dropped, until END runs. */
  private exiting = false;
  /** BEGIN's and END's output always prints: bpftrace runs BEGIN before any probe can fire. */
  private runningOnce = false;
  /** Set by discardFrom(): records of these layouts are dropped. */
  private dropFrom?: number;
  private lostAtExit?: number;
  private fullCheckedAt = 0;
  /** A map-in-map whose updates wait for running programs (waitForRunningPrograms). */
  private barrier?: { inner: number; outer: number };
  /** Maps print+cleared (takeMap) while handling the current batch of records. */
  private readonly takenInBatch = new Set<string>();
  private readonly fullSeen = new Map<number, bigint>();
  /** printf formats parsed once each, as records of them arrive. */
  private readonly formats = new Map<string, ParsedFormat>();
  /** system(): the running command, and the records that arrived after its own, in order. */
  private readonly commands = new CommandRunner();
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Set by cancelCommands(): system() records are skipped (tracing has stopped) until END runs. */
  private commandsCancelled = false;
  /** Records dropped in user space: held back beyond MAX_HELD_BYTES, or system() not run after a stop. */
  private droppedRecords = 0;
  private idleWaiters: (() => void)[] = [];

  /**
   * `records` is read at each event, so a caller that compiles more programs later may pass an
   * array that grows (the REPL's shared record table).
   */
  /** --no-warnings: warnf() records print nothing. */
  dropWarnings = false;
  /** max_cat_bytes: cat() prints at most this much of a file. */
  maxCatBytes = 10240;

  constructor(
    private readonly records: readonly RecordLayout[],
    private out: Output,
    /** exit() ran in a program: called once per record, the caller decides when to stop. */
    private readonly onExit: (code: number) => void,
  ) {}

  /** Creates the maps of `plans` that do not exist yet; existing ones are kept as they are. */
  addMaps(plans: readonly MapPlan[]): void {
    for (const m of plans) {
      if (this.mapFds.has(m.name)) continue;
      this.mapFds.set(m.name, createMap(m.spec));
      this.mapPlans.set(m.name, m);
    }
  }

  /** The plan of every language map (not the ring buffer), in creation order. */
  languageMaps(): MapPlan[] {
    return [...this.mapPlans.values()].filter((m) => m.info);
  }

  mapPlan(name: string): MapPlan | undefined {
    return this.mapPlans.get(name);
  }

  /** `keyCache`: keys decoded by earlier reads of this map, reused (see KeyCache). */
  readMap(name: string, keyCache?: KeyCache): MapDump {
    const plan = this.requirePlan(name);
    return readMap(plan, this.mapFds.get(name)!, this.stacks, false, undefined, keyCache);
  }

  /** Reads every entry and removes it in the same step; see semantic/print-clear.ts. */
  takeMap(name: string): MapDump {
    const plan = this.requirePlan(name);
    const fd = this.mapFds.get(name)!;
    const slot = plan.info?.genSlot;
    if (slot === undefined) return readMap(plan, fd, this.stacks, true);
    // A second print+clear of the map among records that arrived together: they were all sent
    // before the first was taken, which took everything up to now (as bpftrace, which reads a map
    // when it handles the record, finds it all in its first print). So the map prints empty, and
    // the wait for running programs (an RCU grace period, up to ~100 ms on a busy machine) is not
    // paid once per record: a 1 ms print+clear would otherwise bury exit() under a growing backlog.
    if (this.takenInBatch.has(name)) return readMap(plan, fd, this.stacks, false, -1n);
    this.takenInBatch.add(name);
    // Probes build this map's keys with the generation in slot `slot`. Moving them to the next
    // generation and waiting until no probe still runs with the old one leaves the old entries
    // to user space alone: taking them loses no update and counts none twice.
    const gens = this.mapFds.get(GENERATIONS_MAP)!;
    const zeroKey = Buffer.alloc(4);
    const value = mapLookup(gens, zeroKey, 8 * GENERATION_SLOTS)!;
    const old = value.readBigUInt64LE(slot * 8);
    value.writeBigUInt64LE(old + 1n, slot * 8);
    mapUpdate(gens, zeroKey, value);
    this.waitForRunningPrograms();
    return readMap(plan, fd, this.stacks, true, old);
  }

  /**
   * Returns once every probe program that was running has finished: an update of a map-in-map
   * makes the kernel wait for an RCU grace period (maybe_wait_bpf_programs), which non-sleepable
   * BPF programs (all of ours) hold while they run.
   */
  private waitForRunningPrograms(): void {
    if (!this.barrier) {
      const inner = createMap({ type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 4, maxEntries: 1, name: "ebt_barrier_in" });
      const outer = createMap({ type: BPF_MAP_TYPE_ARRAY_OF_MAPS, keySize: 4, valueSize: 4, maxEntries: 1, innerMapFd: inner, name: "ebt_barrier" });
      this.barrier = { inner, outer };
    }
    const fdValue = Buffer.alloc(4);
    fdValue.writeUInt32LE(this.barrier.inner);
    mapUpdate(this.barrier.outer, Buffer.alloc(4), fdValue);
  }

  clearMap(name: string): void {
    clearMap(this.requirePlan(name), this.mapFds.get(name)!);
  }

  zeroMap(name: string): void {
    zeroMap(this.requirePlan(name), this.mapFds.get(name)!);
  }

  /** How many records the ring buffer was too full to take, so far. */
  lostEvents(): number {
    // Records the probes make after exit() are dropped anyway: running out of room for them is no loss.
    if (this.lostAtExit !== undefined) return this.lostAtExit + this.droppedRecords;
    const fd = this.mapFds.get(LOST_MAP);
    const raw = fd === undefined ? undefined : mapLookup(fd, Buffer.alloc(4), 16);
    return (raw ? Number(raw.readBigUInt64LE(0)) : 0) + this.droppedRecords;
  }

  /**
   * Tracing stops: the running system() command is killed and the commands still queued are not
   * run (each counts as a lost event); the other records still print. END's commands run again.
   */
  cancelCommands(): void {
    this.commandsCancelled = true;
    this.commands.cancel();
  }

  /** Whether no system() command runs and no record is held back. */
  isIdle(): boolean {
    return !this.commands.busy && this.held.length === 0;
  }

  /** Resolves once no system() command runs and no record is held back. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Starts consuming the ring buffer (whose map must exist by now). */
  startReader(): void {
    if (this.reader) return;
    this.reader = new RingBufferReader(this.mapFds.get(RINGBUF_MAP)!, (records) => this.onRecords(records));
    this.reader.start();
    const perf = this.mapFds.get(PERF_OUTPUT_MAP);
    if (perf !== undefined) {
      // As bpftrace, every pcap file exists from the start, empty but for its header until packets come.
      for (const r of this.records) if (r.kind === "skboutput") this.openPcap((r as unknown as { file: string }).file);
      this.perfOutput = new PerfOutputReader(perf, (records) => this.onPackets(records));
      this.perfOutput.start();
    }
  }

  drain(): void {
    this.reader?.drain();
    this.perfOutput?.drain();
  }

  /**
   * Drains the ring buffer, dropping the records whose layouts are `fromId` or newer: the queued
   * BEGIN output of the REPL's newest group, which failed to attach (bpftrace discards it too).
   */
  discardFrom(fromId: number): void {
    this.dropFrom = fromId;
    try {
      this.reader?.drain();
    } finally {
      this.dropFrom = undefined;
    }
  }

  /** Loads every program of `plan` (its maps must exist); on failure closes what it loaded. */
  load(plan: Pick<Plan, "programs">): ProbeGroup {
    const group: ProbeGroup = { programs: [], attachedFds: [] };
    try {
      plan.programs.forEach((image, i) => group.programs.push({ image, fd: this.loadOne(image, i) }));
    } catch (e) {
      this.unload(group);
      throw e;
    }
    return group;
  }

  /**
   * Attaches every program that is not BEGIN/END and returns how many probes it attached (the
   * sites of one USDT probe count once). A refused attach throws (leaving the group detached),
   * unless `skip` says to go on without that probe (missing_probes = warn or ignore).
   */
  attach(group: ProbeGroup, skip?: (e: AttachError) => boolean): number {
    let attached = 0;
    // Programs of one event run in script order: those the kernel runs newest first attach last-to-first.
    const order = [
      ...group.programs.filter((p) => !p.image.target.provider.runsNewestFirst),
      ...group.programs.filter((p) => p.image.target.provider.runsNewestFirst).reverse(),
    ];
    try {
      const done = this.attachTogether(group, order);
      for (const image of done) if (!image.target.additionalSite) attached++;
      for (const { image, fd } of order) {
        // BEGIN/END and the probes the runtime runs itself (test:, bench:, self:signal) attach to nothing.
        if (image.runOnce || image.target.provider.trigger || done.has(image)) continue;
        let fds: number[];
        try {
          fds = image.sites ? attachSites(fd, image.sites).fds : attachTarget(fd, image.target).fds;
        } catch (e) {
          if (e instanceof AttachError && skip?.(e)) continue;
          throw e;
        }
        group.attachedFds.push(...fds);
        // One link for many functions counts each function, as bpftrace counts them.
        if (image.sites) attached += image.sites.length;
        else if (!image.target.additionalSite) attached++;
        if (image.target.provider.iterator) (group.iterLinks ??= new Map()).set(fd, fds[0]!);
      }
    } catch (e) {
      this.detach(group);
      throw e;
    }
    return attached;
  }

  /**
   * Lets each provider that can attach many programs at once (syscall tracepoints) do so; returns
   * the images it attached, whose fds are now the group's.
   */
  private attachTogether(group: ProbeGroup, programs: readonly LoadedProgram[]): Set<ProgramImage> {
    const done = new Set<ProgramImage>();
    const byProvider = new Map<Provider, LoadedProgram[]>();
    for (const p of programs) {
      const provider = p.image.target.provider;
      if (!provider.attachTogether || p.image.runOnce || provider.trigger) continue;
      const list = byProvider.get(provider) ?? [];
      list.push(p);
      byProvider.set(provider, list);
    }
    for (const [provider, mine] of byProvider) {
      const result = provider.attachTogether!(mine.map((p) => ({ progFd: p.fd, target: p.image.target, bytecode: p.image.code.bytecode })));
      if (!result) continue;
      group.attachedFds.push(...result.attachment.fds);
      for (const i of result.attached) done.add(mine[i]!.image);
    }
    return done;
  }

  /**
   * Reads the group's iterators (iter probes) to their end: each read() runs the program over the
   * next objects, whose output is drained from the ring buffer before the next read. Stops early
   * when a program calls exit(). Returns whether the group had an iterator.
   */
  iterate(group: ProbeGroup): boolean {
    let any = false;
    for (const { image, fd } of group.programs) {
      if (!image.target.provider.iterator) continue;
      any = true;
      const link = group.iterLinks?.get(fd);
      if (link === undefined) continue;
      const iterFd = iterCreate(link);
      try {
        // The program writes one byte per object (see providers/iter.ts): a small read bounds
        // how many records wait in the ring buffer at once.
        const chunk = Buffer.alloc(ITER_READ_OBJECTS);
        while (!this.exiting) {
          const n = readIterator(iterFd, chunk);
          this.drain();
          if (n === 0) break;
        }
      } finally {
        closeFd(iterFd);
      }
    }
    return any;
  }

  detach(group: ProbeGroup): void {
    group.iterLinks?.clear();
    closeFds(group.attachedFds.splice(0));
  }

  /**
   * Runs the group's BEGIN or END programs once. Their output is delivered right away (and prints
   * even after an exit()), or with `deliver` false is left queued in the ring buffer, ahead of any
   * event's, for the next drain.
   */
  runOnce(group: ProbeGroup, which: "begin" | "end", deliver = true): void {
    if (which === "end") {
      this.exiting = false;
      this.commandsCancelled = false;
    }
    for (const { image, fd } of group.programs) {
      if (image.runOnce !== which) continue;
      testRun(fd, Buffer.alloc(8));
      if (deliver) this.deliverOnce();
    }
  }

  /**
   * Runs one of the group's on-demand programs (test:, bench:, self:signal) once, delivering its
   * output. Returns the program's return value.
   */
  runTriggered(fd: number): number {
    const { retval } = testRun(fd, Buffer.alloc(8));
    this.deliverOnce();
    return retval;
  }

  /** Sends output elsewhere from now on (--test captures each test's); returns the previous output. */
  redirect(out: Output): Output {
    const previous = this.out;
    this.out = out;
    return previous;
  }

  /** Forgets an exit() (--test: a test that called it has been reported; the next one runs). */
  resetExit(): void {
    this.exiting = false;
  }

  /** Delivers what the ring buffer holds, BEGIN output queued by runOnce(…, false) first; it
   * prints even when an exit() is pending, as BEGIN's output always does. */
  flushOnce(): void {
    this.deliverOnce();
  }

  private deliverOnce(): void {
    this.runningOnce = true;
    try {
      this.reader?.drain();
    } finally {
      this.runningOnce = false;
    }
  }

  /** Detaches and closes the group's programs. */
  unload(group: ProbeGroup): void {
    this.detach(group);
    for (const { fd } of group.programs.splice(0)) closeFd(fd);
  }

  /** Closes the reader and every map. Groups must have been unloaded by their owner. */
  close(): void {
    this.reader?.close();
    this.reader = undefined;
    this.perfOutput?.close();
    this.perfOutput = undefined;
    this.pcaps.close();
    if (this.barrier) {
      closeFd(this.barrier.outer);
      closeFd(this.barrier.inner);
      this.barrier = undefined;
    }
    for (const fd of this.mapFds.values()) closeFd(fd);
    this.mapFds.clear();
    this.mapPlans.clear();
  }

  private requirePlan(name: string): MapPlan {
    const plan = this.mapPlans.get(name);
    if (!plan) throw new Error(`internal: unknown map ${name}`);
    return plan;
  }

  /**
   * -v: each program is loaded with a verifier log of this many bytes from the start (config
   * log_size, as bpftrace does); a log that does not fit fails the load with bpftrace's error.
   */
  verboseLogSize?: number;

  private loadOne(image: ProgramImage, index: number): number {
    const insns = patchMapFds(image.code, (name) => {
      const fd = this.mapFds.get(name);
      if (fd === undefined) throw new Error(`internal: program references unknown map ${name}`);
      return fd;
    });
    try {
      return loadProgram({
        type: image.progType, insns, license: "GPL", name: programName(image), funcs: image.funcs,
        expectedAttachType: image.attach?.attachType, attachBtfId: image.attach?.btfId, logSize: this.verboseLogSize,
      });
    } catch (e) {
      if (e instanceof VerifierError && e.logTrimmed) throw new VerifierRejected(trimmedLogReport(image, index, e, this.verboseLogSize ?? 0));
      if (e instanceof VerifierError && e.log.trim() === "") throw refusal(image, e);
      // Verified, but no file descriptor left for it: the open-file limit, not the verifier.
      if (e instanceof VerifierError && (e.code === "EMFILE" || e.code === "ENFILE")) {
        const { target } = image;
        throw new LoadRefused({
          message: `cannot load the program for ${target.label ?? target.name}: ${e.op}: ${new KernelError(e.op, e.errno, e.code, { hint: "" }).message.replace(/^[^:]*: /, "").replace(/: $/, "")}`,
          span: target.span, tail: "", hints: e.hint ? [e.hint] : undefined,
        });
      }
      if (e instanceof VerifierError) throw new VerifierRejected(verifierReport(image, e.log));
      throw e;
    }
  }

  /** Status and diagnostics for the user: stderr, through the output when it takes them. */
  private message(text: string): void {
    if (this.out.warning) this.out.warning(text);
    else writeStatus(text);
  }

  /** cat(file): the file's contents as output; an unreadable file is an error on stderr in bpftrace's
   * words (its system-error form: the reason in parentheses), and the run goes on. */
  private cat(file: string): void {
    let text: string;
    try {
      text = readHead(file, this.maxCatBytes);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).errno;
      this.message(`ERROR: failed to open file '${file}' (${strerror(code === undefined ? 0 : -code)})\n`);
      return;
    }
    this.out.printf(text, "cat");
  }

  /** What a record's type acts through when its record arrives (plan/records.ts). */
  private readonly receiver: RecordReceiver = {
    value: (buf, field) => decodeValue(field.type, buf, field.offset, this.stacks),
    printf: (format, args) => formatPrintf(this.parsedFormat(format), args),
    wallTime: (format) => strftime(format, BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6))),
    text: (text, kind) => this.out.printf(text, kind),
    print: (value) => this.out.value(value),
    printMap: (map, top, div, clear) => this.out.map(withZeroScalar(this.requirePlan(map), clear ? this.takeMap(map) : this.readMap(map)), top, div),
    clearMap: (map) => this.clearMap(map),
    zeroMap: (map) => this.zeroMap(map),
    exit: (code) => {
      this.exiting = true;
      this.lostAtExit ??= this.lostEvents();
      this.onExit(code);
    },
    system: (command) => {
      if (this.commandsCancelled) this.droppedRecords++;
      else this.commands.run(command, (text) => this.commandDone(text));
    },
    cat: (file) => this.cat(file),
    packet: (file, bootNs, data) => {
      if (this.openPcap(file)) this.pcaps.write(file, bootNs + bootToEpochOffset(), data);
    },
    diagnostic: ({ severity, message, span, source, helper }) => {
      // --no-warnings silences warnf() too: it is a warning the program prints.
      if (this.dropWarnings && severity === "warning") return;
      const sources = new Map(source ? [[span.file, source]] : []);
      // The message is bytes (kernel strings in it); stderr shows it as UTF-8 text.
      const text = renderDiagnostic({ severity, span, message: fromByteString(message) }, sources);
      if (this.out.diagnostic && helper) {
        this.out.diagnostic({ type: "helper_error", text, msg: helper.msg, helper: helper.name, retcode: helper.retcode, span });
      } else if (this.out.diagnostic) this.out.diagnostic({ type: severity === "error" ? "errorf" : "warnf", text, msg: message, span });
      else this.message(text);
    },
  };

  /** A format checked at compile time: a string literal's bytes (byte-strings.ts), as are the values it is filled with. */
  private parsedFormat(format: string): ParsedFormat {
    let f = this.formats.get(format);
    if (!f) {
      const parsed = parseFormat(format);
      if ("error" in parsed) throw new Error(`internal: format checked at compile time fails: ${parsed.error}`);
      f = parsed;
      this.formats.set(format, f);
    }
    return f;
  }

  /** Packets are no text output: they go to their files whenever they come, after exit() too. */
  private onPackets(records: Buffer[]): void {
    for (const buf of records) {
      const layout: RecordLayout | undefined = this.records[Number(buf.readBigUInt64LE(0))];
      if (layout) layout.recordType.receive(layout, buf, this.receiver);
    }
  }

  /** Opens a pcap file once; a file that cannot be created is reported once and its packets dropped. */
  private readonly failedPcaps = new Set<string>();
  private openPcap(file: string): boolean {
    if (this.failedPcaps.has(file)) return false;
    try {
      this.pcaps.open(file);
      return true;
    } catch (e) {
      this.failedPcaps.add(file);
      this.message(`ERROR: failed to open pcap file '${file}': ${(e as Error).message}\n`);
      return false;
    }
  }

  private onRecords(records: Buffer[]): void {
    if (this.out.batch) this.out.batch(() => this.handleRecords(records));
    else this.handleRecords(records);
  }

  private handleRecords(records: Buffer[]): void {
    this.takenInBatch.clear();
    for (let i = 0; i < records.length; i++) {
      // While a system() command runs, what follows its record waits, so that output stays in order.
      if (this.commands.busy) {
        this.hold(records, i);
        break;
      }
      const buf = records[i]!;
      // A probe firing faster than we print (a 10 us clock) would otherwise bury the exit under
      // hundreds of thousands of records, each printed before the program could stop.
      if (this.exiting && !this.runningOnce) break;
      const id = Number(buf.readBigUInt64LE(0));
      const layout: RecordLayout | undefined = this.records[id];
      if (!layout || (this.dropFrom !== undefined && id >= this.dropFrom)) continue;
      layout.recordType.receive(layout, buf, this.receiver);
    }
    // Not while records are held: the warning comes after the output of what came before it.
    if (!this.commands.busy && Date.now() - this.fullCheckedAt >= 1000) this.reportFullMaps();
  }

  private hold(records: Buffer[], from: number): void {
    for (let i = from; i < records.length; i++) {
      const r = records[i]!;
      const layout = this.records[Number(r.readBigUInt64LE(0))];
      // exit() is never dropped: without it the run would not end.
      if (this.heldBytes + r.length > MAX_HELD_BYTES && !layout?.recordType.essential) {
        this.droppedRecords++;
        continue;
      }
      this.held.push(r);
      this.heldBytes += r.length;
    }
  }

  /** A system() command finished: its output, then the records held back meanwhile. */
  private commandDone(text: string): void {
    this.out.printf(text, "syscall");
    while (!this.commands.busy && this.held.length > 0) {
      const records = this.held;
      this.held = [];
      this.heldBytes = 0;
      this.onRecords(records);
    }
    if (!this.commands.busy && this.held.length === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /**
   * Warns about map updates refused since the last check because their map was full: bpftrace's
   * warning for each place in the source, with how many updates it dropped. Called as records
   * arrive (at most once a second) and before the maps print at exit.
   */
  reportFullMaps(): void {
    this.fullCheckedAt = Date.now();
    const fd = this.mapFds.get(MAP_FULL_MAP);
    const raw = fd === undefined ? undefined : mapLookup(fd, Buffer.alloc(4), 8 * MAP_FULL_SLOTS);
    if (!raw) return;
    // A body shared by several probes (a wildcard's matches) has one counter per probe for the same
    // place in the source: the user sees one warning for that place, with all their drops.
    const dropped = new Map<string, { layout: RecordLayout<MapFullSite>; n: bigint }>();
    const counted = new Set<number>();
    for (const layout of this.records) {
      if (!isMapFullSite(layout)) continue;
      const slot = layout.id % MAP_FULL_SLOTS;
      if (counted.has(slot)) continue; // two places sharing a slot: its count is taken once
      counted.add(slot);
      const total = raw.readBigUInt64LE(slot * 8);
      const seen = this.fullSeen.get(slot) ?? 0n;
      if (total <= seen) continue;
      this.fullSeen.set(slot, total);
      const text = mapFullWarning(layout);
      const prior = dropped.get(text);
      if (prior) prior.n += total - seen;
      else dropped.set(text, { layout, n: total - seen });
    }
    for (const [warning, { layout, n }] of dropped) {
      const text = warning + (n === 1n ? "" : `HINT: ${n} updates were dropped here\n`);
      if (this.out.diagnostic) {
        const msg = "Argument list too long"; // strerror(E2BIG), as bpftrace's JSON names it
        this.out.diagnostic({ type: "helper_error", text, msg, span: layout.span, helper: "map_update_elem", retcode: -7, count: n });
      } else this.out.warning?.(text);
    }
  }
}

function refusal(image: ProgramImage, e: VerifierError): LoadRefused {
  const { target } = image;
  // What the kernel said, without the generic hint: the provider explains it in its own words.
  const said = target.provider.loadRefused?.(target, new KernelError(e.op, e.errno, e.code).message);
  return new LoadRefused({
    message: said?.message ?? `the kernel refused to load the program for ${target.label ?? target.name}: ${e.message}`,
    span: target.span,
    tail: "",
    hints: said?.hints,
  });
}

/** The kernel's program name: 15 characters from the probe's own name. */
/**
 * bpftrace's error for a load whose fixed-size (-v) log was too small: the kernel fails even a
 * valid program then (ENOSPC). The program is named as bpftrace names it (`begin_1`).
 */
function trimmedLogReport(image: ProgramImage, index: number, e: VerifierError, size: number): VerifierReport {
  const name = `${(image.runOnce ?? image.target.name).replace(/[^A-Za-z0-9_]/g, "_")}_${index + 1}`;
  return {
    message:
      `Error loading BPF program for ${name}. Error code: ${-e.errno} (${strerror(e.errno)}).\nKernel error log: \n${e.log}\n` +
      `WARNING: Kernel log seems to be trimmed. This may be due to buffer not being big enough, try increasing the BPFTRACE_LOG_SIZE environment variable beyond the current value of ${size} bytes. Or, add the configuration \`config = { log_size = N; }\` to the script.`,
    tail: "",
  };
}

function programName(image: ProgramImage): string {
  const last = image.target.name.split(":").pop() ?? "ebt";
  return last.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 15);
}

/**
 * The first `max` bytes of a file, read no further: /dev/zero never ends, and a FIFO without a
 * writer would block the event loop (and Ctrl-C) for good, so it is opened non-blocking.
 */
function readHead(file: string, max: number): string {
  const fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  try {
    const chunks: Buffer[] = [];
    let got = 0;
    while (got < max) {
      const chunk = Buffer.alloc(Math.min(65536, max - got));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EAGAIN") break;
        throw e;
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      got += n;
    }
    return Buffer.concat(chunks).toString("latin1");
  } finally {
    closeSync(fd);
  }
}

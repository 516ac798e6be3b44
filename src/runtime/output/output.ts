/**
 * Where a session's output goes. TextOutput writes bpftrace's plain text: data to stdout (or the
 * -o file), status lines to stderr. Data (printf, print, maps) arrives as byte strings
 * (util/byte-strings.ts) and is written byte for byte; status lines and warnings are Unicode. Data
 * goes through a DataSink (./sink.ts), which never blocks: output a slow reader leaves behind is
 * dropped and counted as lost events.
 */
import { writeSync } from "node:fs";
import { DataSink } from "./sink.js";
import { benchmarkResultText, testResultText } from "./test-results.js";
import type { BenchmarkResult, TestResult } from "./test-results.js";
import { formatExitMaps, formatMap, formatValue } from "./text.js";
import type { MapDump } from "./text.js";
import type { Value } from "../../plan/value.js";
import type { DataKind } from "../../plan/records.js";
import type { Span } from "../../diagnostics/span.js";

/** A runtime message: `text` laid out as bpftrace prints it; the rest for -f json. */
export interface RuntimeDiagnostic {
  type: "errorf" | "warnf" | "helper_error";
  text: string;
  msg: string;
  span: Span;
  /** helper_error: the helper's name and its return code; `count`: how many times, when more than once. */
  helper?: string;
  retcode?: number;
  count?: bigint;
}

export interface Output {
  /** The status line after attaching: `Attached 1 probe`. */
  attached(n: number): void;
  /** Text from printf, or (`type`) from time(), cat(), system() or join(). */
  printf(text: string, type?: DataKind): void;
  /** print(value): the value on its own line. */
  value(v: Value): void;
  /** print(@m[, top[, div]]) */
  map(m: MapDump, top: number, div: number): void;
  /** Every map, at exit. */
  exitMaps(maps: MapDump[]): void;
  lostEvents(n: number): void;
  /** A runtime message, already laid out (bpftrace's map-full warning, errorf/warnf, cat's
   * failures): to stderr. */
  warning?(text: string): void;
  /**
   * A runtime error or warning with its place (errorf/warnf, a map update refused because the map
   * is full), for outputs that report them as data (-f json). Without it, `text` goes to warning().
   */
  diagnostic?(d: RuntimeDiagnostic): void;
  /** Closes the -o file, if any. */
  close?(): void;
  /** Events whose output was dropped because the reader of stdout fell too far behind. */
  droppedEvents?(): number;
  /** --test: one test's result (test-results.ts). */
  testResult?(r: TestResult): void;
  /** --bench: one benchmark's result. */
  benchmarkResult?(r: BenchmarkResult): void;
  /**
   * Run `fn` (the handling of one batch of records) writing its data once at the end: one write(2)
   * instead of one per record, which matters when a probe fires every few microseconds.
   */
  batch?(fn: () => void): void;
}

export interface TextOutputOptions {
  /** -q: no status lines. */
  quiet?: boolean;
  /** -o: data goes to this file (created or truncated), status lines still to stderr. */
  outputFile?: string;
  /**
   * -B: 'line' (the default) writes what each batch of records printed when the batch ends, whole
   * lines; 'none' writes each piece at once; 'full' holds data until 64 KiB are waiting or the
   * run ends, as C stdio's full buffering does.
   */
  buffering?: "line" | "full" | "none";
  /** Where data goes (the CLI's, with its failure policy); by default stdout or `outputFile`. */
  sink?: DataSink;
  /** Streams instead of fds 1 and 2 (tests, embedding). Written with write(), not synchronously. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

const FULL_BUFFER_BYTES = 64 * 1024;

export class TextOutput implements Output {
  private readonly sink: DataSink;
  /** Data held back while a batch runs (see batch()), and its size. */
  private pending: string[] | undefined;
  private pendingBytes = 0;
  private dropped = 0;
  /** -B full: data not written yet, and how much. */
  private held: string[] = [];
  private heldBytes = 0;

  constructor(private readonly opts: TextOutputOptions = {}) {
    this.sink = opts.sink ?? (opts.outputFile !== undefined ? DataSink.file(opts.outputFile) : DataSink.stdout());
  }

  /** Event data: dropped (and counted) when the reader is too far behind. */
  private data(text: string): void {
    if (text === "") return;
    if (!this.opts.stdout && !this.sink.hasRoom(this.pendingBytes + text.length)) {
      this.dropped++;
      return;
    }
    if (this.opts.buffering === "full" && !this.pending) {
      this.held.push(text);
      this.heldBytes += text.length;
      if (this.heldBytes >= FULL_BUFFER_BYTES) this.flush();
      return;
    }
    this.write(text);
  }

  /** Writes what -B full held back. */
  flush(): void {
    if (this.held.length === 0) return;
    const text = this.held.join("");
    this.held = [];
    this.heldBytes = 0;
    this.write(text);
  }

  /** Data that is not an event's (maps printed at exit): never dropped. */
  private write(text: string): void {
    if (this.pending) {
      this.pending.push(text);
      this.pendingBytes += text.length;
      return;
    }
    if (this.opts.stdout) this.opts.stdout.write(Buffer.from(text, "latin1"));
    else if (!this.sink.write(text)) this.dropped++;
  }

  batch(fn: () => void): void {
    if (this.pending || this.opts.buffering === "none") return fn();
    this.pending = [];
    try {
      fn();
    } finally {
      const text = this.pending.join("");
      this.pending = undefined;
      this.pendingBytes = 0;
      if (this.opts.buffering === "full") this.data(text);
      else this.write(text);
    }
  }

  droppedEvents(): number {
    return this.dropped;
  }

  private status(text: string): void {
    if (this.opts.stderr) this.opts.stderr.write(text);
    else writeStatus(text);
  }

  /** Current bpftrace's status line, on stderr (0.17 printed `Attaching N probes...` on stdout). */
  attached(n: number): void {
    if (!this.opts.stdout) this.sink.begin();
    if (!this.opts.quiet) this.status(`Attached ${n} probe${n === 1 ? "" : "s"}\n`);
  }

  printf(text: string): void {
    this.data(text);
  }

  value(v: Value): void {
    this.data(formatValue(v) + "\n");
  }

  map(m: MapDump, top: number, div: number): void {
    this.data(formatMap(m, top, div));
  }

  exitMaps(maps: MapDump[]): void {
    this.flush();
    this.write(formatExitMaps(maps));
  }

  testResult(r: TestResult): void {
    this.data(testResultText(r));
  }

  benchmarkResult(r: BenchmarkResult): void {
    this.data(benchmarkResultText(r));
  }

  lostEvents(n: number): void {
    this.status(`Lost ${n} events\n`);
  }

  warning(text: string): void {
    this.status(text);
  }

  close(): void {
    this.flush();
    this.sink.close();
  }
}

/** A status line or warning to stderr. Best effort: a closed or full stderr must not stop a run. */
export function writeStatus(text: string): void {
  const buf = Buffer.from(text, "utf8");
  try {
    for (let off = 0; off < buf.length; ) off += writeSync(2, buf, off);
  } catch {
    // nowhere left to say it (EPIPE), or a full non-blocking pipe (EAGAIN): never wait for it
  }
}

/**
 * writeSync may write less than asked (pipes); EAGAIN on a non-blocking pipe is retried. Data is a
 * byte string (util/byte-strings.ts), written as latin1; messages are Unicode, written as UTF-8.
 */
export function writeAll(fd: number, text: string, encoding: "utf8" | "latin1" = "utf8"): void {
  const buf = Buffer.from(text, encoding);
  for (let off = 0; off < buf.length; ) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
    }
  }
}

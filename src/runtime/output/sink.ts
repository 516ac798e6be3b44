/**
 * Where data output goes: stdout or the -o file. It never blocks the event loop, so a reader that
 * stops reading (`| sleep 20`, a paused pager) cannot wedge ebt or delay Ctrl-C:
 * - a pipe is written directly, through a non-blocking descriptor of our own onto it, for as long as
 *   the pipe takes everything: no stream is made (making one loads node:net and node:stream, ~3 ms
 *   of a one-liner's start);
 * - then, and for a socket from the first write, through a libuv stream; what the reader has not
 *   taken yet waits in user space, up to MAX_QUEUED_BYTES; output beyond that is refused (the
 *   caller counts it lost);
 * - a file or device is written synchronously (the kernel does not hold such writes for a reader).
 * A failed write is reported once through `onFailure`: the reader closed the pipe (EPIPE, the reader
 * is done, as with `| head -1`) or a real error (ENOSPC on /dev/full, EIO...).
 */
import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, unlinkSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import type net from "node:net";
import { KernelError } from "../errors.js";

/** Output held in user space for a reader that is behind; beyond it, events are dropped and counted. */
export const MAX_QUEUED_BYTES = 4 << 20;
/** At the end of the run, how long queued output waits for a reader that takes none of it. */
export const STALLED_READER_MS = 500;

/** The -o file could not be opened: `message` is the user's (one `ERROR:` line). */
export class OutputFileError extends Error {}

export type SinkFailure = { kind: "closed" } | { kind: "error"; message: string };

/** The text of an errno-carrying error, as the rest of ebt words kernel errors. */
function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (typeof err.errno !== "number" || typeof err.code !== "string") return String((e as Error).message ?? e);
  return new KernelError("", Math.abs(err.errno), err.code).message.replace(/^: /, "");
}

function pipeKind(fd: number): "pipe" | "socket" | undefined {
  try {
    const st = fstatSync(fd);
    return st.isFIFO() ? "pipe" : st.isSocket() ? "socket" : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A non-blocking descriptor of our own for the pipe at `fd`: opened anew through /proc, it has its
 * own O_NONBLOCK flag, so whoever else shares the pipe (a shell's `2>&1`) keeps a blocking one.
 * Undefined when that cannot be done (the reader is gone: ENXIO); the stream then takes over.
 */
function openNonBlocking(fd: number): number | undefined {
  try {
    return openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
}

export class DataSink {
  /** Called once when writing fails; later writes are ignored. */
  onFailure: (f: SinkFailure) => void = (f) => {
    throw new Error(f.kind === "closed" ? "output closed" : f.message);
  };
  private fd = -1;
  /** What `fd` is: a pipe or socket (written without blocking), or else (written synchronously). */
  private kind?: "pipe" | "socket" | "other";
  /** For a pipe, our non-blocking descriptor onto it, written until the pipe is full once. */
  private direct = -1;
  private stream?: net.Socket;
  private failed = false;
  private begun = false;
  /** A flush gave up on a reader that took nothing: later flushes do not wait for it again. */
  private abandoned = false;
  /**
   * When the reader last took something, or output started waiting for it: a reader stalled for
   * STALLED_READER_MS already when the run ends is given up at once, not after another wait.
   */
  private progressAt = 0;
  private readonly onWritten = (): void => {
    this.progressAt = Date.now();
  };

  private constructor(
    /** The -o path, or undefined for stdout. */
    private readonly path: string | undefined,
  ) {}

  /** Data to stdout (fd 1). */
  static stdout(): DataSink {
    const sink = new DataSink(undefined);
    sink.fd = 1;
    return sink;
  }

  /**
   * Data to `path`. It is checked now (one `ERROR:` line for a missing directory, a directory, a
   * dangling link into nowhere...) but opened, and truncated, only by begin(): a run that fails to
   * start leaves an existing file as it was.
   */
  static file(path: string): DataSink {
    let existed = true;
    let fifo = false;
    try {
      fifo = lstatSync(path).isFIFO();
    } catch {
      existed = false;
    }
    if (!fifo) {
      // O_NONBLOCK: opening a device for the check must not wait (a FIFO is not opened at all).
      let fd: number;
      try {
        fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NONBLOCK, 0o644);
      } catch (e) {
        throw new OutputFileError(`failed to open output file '${path}': ${errnoText(e)}`);
      }
      closeSync(fd);
      if (!existed) unlinkSync(path);
    }
    return new DataSink(path);
  }

  /** The run starts: the -o file is opened and truncated. Throws OutputFileError. */
  begin(): void {
    if (this.begun) return;
    this.begun = true;
    if (this.path === undefined) return;
    try {
      this.fd = openSync(this.path, "w");
    } catch (e) {
      throw new OutputFileError(`failed to open output file '${this.path}': ${errnoText(e)}`);
    }
  }

  /** Whether `extra` more bytes may be queued now (always, for files: their writes never wait). */
  hasRoom(extra: number): boolean {
    if (this.streamed() === "none") return true;
    return (this.stream?.writableLength ?? 0) + extra <= MAX_QUEUED_BYTES;
  }

  /** Writes `text` (a byte string, or UTF-8 text). Returns false when it was refused (a full queue). */
  write(text: string, encoding: "latin1" | "utf8" = "latin1"): boolean {
    if (this.failed || text === "") return true;
    this.begin();
    let buf = Buffer.from(text, encoding);
    if (this.streamed() === "direct") {
      const done = this.writeDirect(buf);
      if (done === buf.length || this.failed) return true;
      // The pipe is full: the rest, and everything after it, waits in the stream's queue.
      closeSync(this.direct);
      this.direct = -1;
      buf = buf.subarray(done);
    }
    const s = this.ensureStream();
    if (s) {
      if (s.writableLength === 0) this.progressAt = Date.now();
      s.write(buf, this.onWritten);
      return true;
    }
    for (let off = 0; off < buf.length; ) {
      try {
        off += writeSync(this.fd, buf, off);
      } catch (e) {
        // A non-blocking terminal or device that is full: like a full pipe, the rest is dropped.
        if ((e as NodeJS.ErrnoException).code === "EAGAIN") return false;
        this.fail(e);
        return true;
      }
    }
    return true;
  }

  /**
   * Resolves once everything queued is written, or the reader took nothing for STALLED_READER_MS
   * (its output is then given up, so that ebt still exits), or writing failed. Resolves with the
   * number of bytes given up. Once given up, a reader is not waited for again (the run's end and
   * the process's exit both flush stdout; together they must still honour Ctrl-C within a second).
   */
  flush(): Promise<number> {
    const s = this.stream;
    if (!s || this.failed || this.abandoned || s.writableLength === 0) return Promise.resolve(0);
    return new Promise((resolve) => {
      let last = s.writableLength;
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        if (s.writableLength !== last) this.progressAt = Date.now();
        last = s.writableLength;
        if (this.failed || s.destroyed || last === 0 || Date.now() - this.progressAt >= STALLED_READER_MS) {
          clearInterval(timer);
          const given = this.failed || s.destroyed ? 0 : last;
          if (given > 0) this.abandoned = true;
          resolve(given);
          return true;
        }
        return false;
      };
      if (!check()) timer = setInterval(check, 20);
    });
  }

  /** Closes the -o file (stdout stays open). */
  close(): void {
    if (this.direct >= 0) closeSync(this.direct);
    this.direct = -1;
    if (this.path === undefined) return;
    if (this.stream) this.stream.end();
    else if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /**
   * How writes go now: "none" (a file or device, written synchronously), "direct" (a pipe that has
   * taken everything so far, written through `direct`) or "stream".
   */
  private streamed(): "none" | "direct" | "stream" {
    if (this.stream) return "stream";
    if (this.fd < 0) return "none";
    if (this.kind === undefined) {
      this.kind = pipeKind(this.fd) ?? "other";
      if (this.kind === "pipe") this.direct = openNonBlocking(this.fd) ?? -1;
    }
    if (this.kind === "other") return "none";
    return this.direct >= 0 ? "direct" : "stream";
  }

  /** Writes what the pipe takes of `buf` now; returns how much that was. */
  private writeDirect(buf: Buffer): number {
    let off = 0;
    while (off < buf.length) {
      try {
        off += writeSync(this.direct, buf, off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EAGAIN") this.fail(e);
        break;
      }
    }
    return off;
  }

  /** A pipe or socket is written through a stream, created when first needed. */
  private ensureStream(): net.Socket | undefined {
    if (this.stream || this.fd < 0) return this.stream;
    if (this.streamed() === "none") return undefined;
    // fd 1: Node's own stdout stream, so that nothing else writing to it is reordered.
    const s = this.fd === 1 ? (process.stdout as unknown as net.Socket) : new (createRequire(import.meta.url)("node:net") as typeof net).Socket({ fd: this.fd, readable: false, writable: true });
    s.on("error", (e) => this.fail(e));
    this.stream = s;
    return s;
  }

  private fail(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const code = (e as NodeJS.ErrnoException).code;
    const where = this.path === undefined ? "stdout" : `'${this.path}'`;
    this.onFailure(code === "EPIPE" ? { kind: "closed" } : { kind: "error", message: `failed to write to ${where}: ${errnoText(e)}` });
  }
}

/**
 * Where a session's output goes. TextOutput writes bpftrace's plain text: data to stdout (or the
 * -o file), status lines to stderr. Writes are synchronous so nothing is lost or reordered when
 * the process exits right after the last record.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { formatExitMaps, formatMap, formatValue } from "./text.js";
import type { MapDump } from "./text.js";
import type { Value } from "./value.js";

export interface Output {
  /** The status line after attaching: `Attached 1 probe`. */
  attached(n: number): void;
  printf(text: string): void;
  /** print(value): the value on its own line. */
  value(v: Value): void;
  /** print(@m[, top[, div]]) */
  map(m: MapDump, top: number, div: number): void;
  /** Every map, at exit. */
  exitMaps(maps: MapDump[]): void;
  lostEvents(n: number): void;
  close(): void;
}

export class TextOutput implements Output {
  private readonly dataFd: number;
  private readonly ownsFd: boolean;

  constructor(private readonly opts: { quiet?: boolean; outputFile?: string } = {}) {
    this.ownsFd = opts.outputFile !== undefined;
    this.dataFd = opts.outputFile !== undefined ? openSync(opts.outputFile, "w") : 1;
  }

  private data(text: string): void {
    writeAll(this.dataFd, text);
  }

  attached(n: number): void {
    if (!this.opts.quiet) writeAll(2, `Attached ${n} probe${n === 1 ? "" : "s"}\n`);
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
    this.data(formatExitMaps(maps));
  }

  lostEvents(n: number): void {
    writeAll(2, `Lost ${n} events\n`);
  }

  close(): void {
    if (this.ownsFd) closeSync(this.dataFd);
  }
}

/** writeSync may write less than asked (pipes); EAGAIN on a non-blocking pipe is retried. */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  for (let off = 0; off < buf.length; ) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
    }
  }
}

/**
 * Consumer of a BPF_MAP_TYPE_RINGBUF map (DESIGN.md §5: every event travels kernel → user through
 * one ring buffer). The addon mmaps the map and polls its fd with libuv, so waiting costs nothing
 * and never blocks the event loop; each wake-up delivers one batch of records, in order.
 */
import { BPF_MAP_TYPE_RINGBUF } from "../abi/uapi.js";
import { mapInfo } from "./bpf.js";
import { KernelError, isErrnoException, toKernelError } from "./errors.js";
import { native, type NativeRingBuffer } from "./native.js";

export interface RingBufferReaderOptions {
  /**
   * Polling the map failed (the kernel reported an error on its fd); the reader has stopped.
   * Without this handler the error is thrown from the event loop as an uncaught exception.
   */
  onError?: (err: KernelError) => void;
}

/**
 * Each batch holds what was committed when it was taken, at most 1024 records (native/ringbuf.cc):
 * 128 of them empty a full 1 MiB ring of the smallest (16-byte) records.
 */
const MAX_DRAIN_BATCHES = 128;

export class RingBufferReader {
  private rb: NativeRingBuffer | undefined;

  /**
   * Map the ring buffer behind `mapFd`; records reach `onRecords` once start() is called (or on
   * drain()). Each record is a Buffer of its own payload bytes, copied out of the ring (the
   * records of one batch share one backing allocation). Discarded records are skipped.
   * The reader keeps its own reference to the map: closing `mapFd` first is harmless.
   */
  constructor(mapFd: number, private readonly onRecords: (records: Buffer[]) => void, opts: RingBufferReaderOptions = {}) {
    const info = mapInfo(mapFd);
    if (info.type !== BPF_MAP_TYPE_RINGBUF) {
      throw new TypeError(`RingBufferReader: map ${info.name || info.id} is of type ${info.type}, not BPF_MAP_TYPE_RINGBUF`);
    }
    const onError = opts.onError ?? ((err: KernelError) => { throw err; });
    try {
      // The data area's size is the map's max_entries: a power of 2, a multiple of the page size.
      this.rb = new (native().RingBuffer)(mapFd, info.maxEntries, (err, arena, spans) => {
        if (err) {
          onError(asKernelError(err, "poll ring buffer"));
        } else if (arena && spans) {
          this.deliver(arena, spans);
        }
      });
    } catch (e) {
      throw toKernelError(e);
    }
  }

  /** Deliver records from the event loop as the kernel commits them. */
  start(): void {
    if (!this.rb) throw new Error("RingBufferReader is closed");
    try {
      this.rb.start();
    } catch (e) {
      throw toKernelError(e);
    }
  }

  /**
   * Synchronously deliver everything committed so far (before printing maps at exit, say), in
   * batches; returns how many records were delivered. Bounded, so that a producer that never
   * pauses cannot keep it from returning; what it leaves behind the poll delivers later.
   */
  drain(): number {
    let n = 0;
    for (let i = 0; i < MAX_DRAIN_BATCHES; i++) {
      const batch = this.rb?.consume();
      if (!batch) break;
      n += this.deliver(batch[0], batch[1]);
    }
    return n;
  }

  /** Stop polling and unmap; the event loop is no longer kept alive by this reader. Idempotent. */
  close(): void {
    this.rb?.close();
    this.rb = undefined;
  }

  private deliver(arena: Buffer, spans: Uint32Array): number {
    const records: Buffer[] = new Array(spans.length / 2);
    for (let i = 0; i < records.length; i++) records[i] = arena.subarray(spans[2 * i]!, spans[2 * i]! + spans[2 * i + 1]!);
    this.onRecords(records);
    return records.length;
  }
}

function asKernelError(e: Error, op: string): KernelError {
  if (e instanceof KernelError) return e;
  if (isErrnoException(e)) return new KernelError(op, Math.abs(e.errno), e.code, { cause: e });
  return new KernelError(op, 0, "EIO", { detail: e.message, cause: e });
}

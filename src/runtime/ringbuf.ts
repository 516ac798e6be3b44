/**
 * Consumer of a BPF_MAP_TYPE_RINGBUF map. The addon mmaps it and polls its fd with libuv; records
 * (copies, discarded ones skipped) arrive in batches on the event loop.
 */
import { mapInfo } from "./bpf.js";
import { KernelError } from "./errors.js";
import { isErrnoError, native, type NativeRingBuffer } from "./native.js";

export class RingBufferReader {
  private rb: NativeRingBuffer | undefined;

  /** `size` is the map's max_entries (data size in bytes); queried from the kernel when omitted. */
  constructor(mapFd: number, onRecords: (records: Buffer[]) => void, size?: number) {
    const bytes = size ?? mapInfo(mapFd).maxEntries;
    try {
      this.rb = new (native().RingBuffer)(mapFd, bytes, onRecords);
    } catch (e) {
      if (isErrnoError(e)) throw new KernelError("mmap ring buffer", e.errno, e.code);
      throw e;
    }
  }

  /** Start delivering records from the event loop as the kernel produces them. */
  start(): void {
    if (!this.rb) throw new Error("RingBufferReader is closed");
    this.rb.start();
  }

  /** Deliver everything available right now, synchronously. */
  drain(): void {
    this.rb?.drain();
  }

  /** Stop polling and unmap; the event loop is no longer kept alive by this reader. */
  close(): void {
    this.rb?.close();
    this.rb = undefined;
  }
}

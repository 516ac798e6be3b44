/**
 * The perf event array behind skboutput(): bpf_skb_output can only write to one, so a program that
 * calls it also gets a BPF_MAP_TYPE_PERF_EVENT_ARRAY (plan: PERF_OUTPUT_MAP). Here each online CPU
 * gets a PERF_COUNT_SW_BPF_OUTPUT event in its slot and a native reader of its ring; the samples
 * are records like the ring buffer's (a u64 layout id first) and go to the same handler.
 */
import { BPF_MAP_TYPE_PERF_EVENT_ARRAY, PERF_COUNT_SW_BPF_OUTPUT, PERF_SAMPLE_RAW, PERF_TYPE_SOFTWARE } from "../abi/uapi.js";
import { closeFd, mapInfo, mapUpdate, onlineCpus, perfEventOpen } from "./bpf.js";
import { toKernelError } from "./errors.js";
import { native, type NativePerfBuffer } from "./native.js";

/** Data pages of each CPU's ring (bpftrace's default perf_rb_pages): 256 KiB with 4 KiB pages. */
export const PERF_OUTPUT_PAGES = 64;

export class PerfOutputReader {
  private readers: NativePerfBuffer[] = [];
  /** Samples the kernel had no room for. */
  lost = 0;

  constructor(mapFd: number, private readonly onRecords: (records: Buffer[]) => void, pages = PERF_OUTPUT_PAGES) {
    const info = mapInfo(mapFd);
    if (info.type !== BPF_MAP_TYPE_PERF_EVENT_ARRAY) throw new TypeError(`PerfOutputReader: map ${info.name || info.id} is not a perf event array`);
    try {
      for (const cpu of onlineCpus()) {
        if (cpu >= info.maxEntries) continue;
        const fd = perfEventOpen({ type: PERF_TYPE_SOFTWARE, config: PERF_COUNT_SW_BPF_OUTPUT, sampleType: PERF_SAMPLE_RAW, samplePeriod: 1, wakeupEvents: 1 }, -1, cpu);
        try {
          const key = Buffer.alloc(4);
          key.writeUInt32LE(cpu);
          const value = Buffer.alloc(4);
          value.writeUInt32LE(fd);
          mapUpdate(mapFd, key, value);
          this.readers.push(new (native().PerfBuffer)(fd, pages, (err, arena, spans, lost) => {
            if (err) throw toKernelError(err);
            if (arena && spans) this.deliver(arena, spans, lost ?? 0);
          }));
        } finally {
          // The map and the reader hold their own references to the event.
          closeFd(fd);
        }
      }
    } catch (e) {
      this.close();
      throw toKernelError(e);
    }
  }

  start(): void {
    for (const r of this.readers) r.start();
  }

  /** Delivers what every CPU's ring holds now. */
  drain(): void {
    for (const r of this.readers) {
      const batch = r.consume();
      if (batch) this.deliver(...batch);
    }
  }

  close(): void {
    for (const r of this.readers) r.close();
    this.readers = [];
  }

  private deliver(arena: Buffer, spans: Uint32Array, lost: number): void {
    this.lost += lost;
    const records: Buffer[] = [];
    for (let i = 0; i < spans.length; i += 2) records.push(arena.subarray(spans[i]!, spans[i]! + spans[i + 1]!));
    if (records.length > 0) this.onRecords(records);
  }
}

/**
 * The data sink and a reader that stops reading (issue 17): at the end of a run, output is waited
 * for only while the reader takes some, and a reader already stalled is given up at once, once.
 * Ctrl-C is honoured within a second whatever stdout does.
 */
import { closeSync, constants, mkdtempSync, openSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DataSink, MAX_QUEUED_BYTES, STALLED_READER_MS } from "../../../src/runtime/output/sink.js";

let dir: string;
let readEnd = -1;

/** A sink writing into a FIFO whose reader is open but never reads. */
function unreadFifo(): DataSink {
  dir = mkdtempSync(path.join(os.tmpdir(), "ebt-sink-"));
  const fifo = path.join(dir, "out");
  execFileSync("mkfifo", [fifo]);
  readEnd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const sink = DataSink.file(fifo);
  sink.onFailure = () => undefined; // EPIPE once the test closes the reader
  sink.begin();
  return sink;
}

afterEach(() => {
  vi.useRealTimers();
  if (readEnd >= 0) closeSync(readEnd);
  readEnd = -1;
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the promise's value, or "pending" when it has not settled after the microtasks. */
async function settledNow<T>(p: Promise<T>): Promise<T | "pending"> {
  return Promise.race([p, new Promise<"pending">((r) => setImmediate(() => r("pending")))]);
}

describe("DataSink with a reader that takes nothing", () => {
  it("refuses output beyond its bound instead of queueing it", () => {
    const sink = unreadFifo();
    const line = "x".repeat(1000) + "\n";
    let accepted = 0;
    while (sink.hasRoom(line.length) && accepted < 2 * MAX_QUEUED_BYTES) {
      sink.write(line);
      accepted += line.length;
    }
    // The bound, plus what the kernel's pipe buffer took (64 KiB by default, at most 1 MiB).
    expect(accepted).toBeLessThanOrEqual(MAX_QUEUED_BYTES + (1 << 20));
    expect(sink.hasRoom(line.length)).toBe(false);
    sink.close();
  });

  it("gives up at once on a reader stalled longer than STALLED_READER_MS, and never waits for it again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const sink = unreadFifo();
    const line = "y".repeat(1000) + "\n";
    while (sink.hasRoom(line.length)) sink.write(line);
    // Let libuv fill the pipe, then let the clock pass the stall bound with nothing read.
    await new Promise((r) => setImmediate(r));
    vi.setSystemTime(Date.now() + STALLED_READER_MS + 1);
    const given = await settledNow(sink.flush());
    expect(given).not.toBe("pending");
    expect(given).toBeGreaterThan(0);
    // The exit's flush of the same sink: nothing more to wait for.
    expect(await settledNow(sink.flush())).toBe(0);
    sink.close();
  });

  it("waits while the reader has only just stopped", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const sink = unreadFifo();
    const line = "z".repeat(1000) + "\n";
    while (sink.hasRoom(line.length)) sink.write(line);
    expect(await settledNow(sink.flush())).toBe("pending");
    sink.close();
  });
});

describe("DataSink into a pipe that fills midway", () => {
  it("writes directly while the pipe takes everything, then queues the rest: all arrives, in order", async () => {
    const sink = unreadFifo();
    // Numbered lines in writes of ~6 KB, far more than the pipe's buffer holds: the first ones go
    // straight into the pipe, one only partly (larger than PIPE_BUF), the rest wait in the stream's queue.
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`);
    const writes = Array.from({ length: 40 }, (_, i) => lines.slice(i * 500, (i + 1) * 500).join(""));
    for (const w of writes) expect(sink.hasRoom(w.length)).toBe(true), sink.write(w);
    const want = lines.join("");
    const chunks: Buffer[] = [];
    let got = 0;
    const buf = Buffer.alloc(1 << 16);
    const { readSync } = await import("node:fs");
    // Read it all, letting the event loop write what was queued meanwhile.
    for (let idle = 0; got < want.length && idle < 500; ) {
      let n = 0;
      try {
        n = readSync(readEnd, buf);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      }
      if (n > 0) {
        chunks.push(Buffer.from(buf.subarray(0, n)));
        got += n;
        idle = 0;
      } else {
        idle++;
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    expect(Buffer.concat(chunks).toString("latin1")).toBe(want);
    expect(await sink.flush()).toBe(0);
    sink.close();
  });
});

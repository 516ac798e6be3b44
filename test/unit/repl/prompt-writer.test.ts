/** Output above the REPL's prompt: batched, complete lines only, bounded under a flood. */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MAX_PENDING_BYTES, PromptWriter } from "../../../src/repl/prompt-writer.js";

function sink(): { out: Writable; text: () => string } {
  let text = "";
  const out = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { out, text: () => text };
}

const turn = () => new Promise((r) => setImmediate(r));

describe("PromptWriter", () => {
  it("writes at once while an input is evaluated", () => {
    const s = sink();
    const w = new PromptWriter(s.out, false);
    w.write("a\nb");
    expect(s.text()).toBe("a\nb");
  });

  it("between inputs, batches events and holds a partial line", async () => {
    const s = sink();
    const w = new PromptWriter(s.out, false);
    w.busy = false;
    w.write("one\n");
    w.write("two\nthr");
    expect(s.text()).toBe("");
    await turn();
    expect(s.text()).toBe("one\ntwo\n");
    w.write("ee\n");
    await turn();
    expect(s.text()).toBe("one\ntwo\nthree\n");
    w.close();
  });

  it("holds everything while a live view owns the screen", async () => {
    const s = sink();
    const w = new PromptWriter(s.out, false);
    w.busy = false;
    w.held = true;
    w.write("x\n");
    await turn();
    expect(s.text()).toBe("");
    w.held = false;
    w.flush(true);
    expect(s.text()).toBe("x\n");
  });

  it("a flood keeps the newest output and counts what it skipped", async () => {
    const s = sink();
    const w = new PromptWriter(s.out, false);
    w.busy = false;
    const line = "0123456789abcdef\n"; // 17 bytes
    const n = Math.ceil((MAX_PENDING_BYTES * 2.7) / line.length); // sheds more than once
    for (let i = 0; i < n; i++) w.write(line);
    await turn();
    const lines = s.text().split("\n");
    const note = /^\[ebt: (\d+) lines skipped to keep up\]$/.exec(lines[0]!);
    expect(note).not.toBeNull();
    const kept = lines.slice(1, -1);
    expect(kept.every((l) => l === "0123456789abcdef")).toBe(true);
    expect(Number(note![1]) + kept.length).toBe(n);
    w.close();
  });
});

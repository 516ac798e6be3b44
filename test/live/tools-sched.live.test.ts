/**
 * The scheduler tools of examples/ (runqlat, runqlen, cpudist, offcputime), with children that
 * sleep or spin so that the tool has their events to show.
 */
import { spawn } from "node:child_process";
import { describe, expect, it, vi } from "vitest";
import { runTool } from "../helpers/tool-run.js";

// A tool starts, attaches and is stopped in each test: on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

function run(file: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve(child.pid!));
  });
}

/** Histogram rows: `[lo, hi)   count |@@@ |`. */
const bucketCounts = (text: string): number[] => [...text.matchAll(/^\[[^\]\n]+[\])] +(\d+) \|[@ ]*\|$/gm)].map((m) => Number(m[1]));

describe("scheduler tools", () => {
  it("runqlat: wake-ups of sleeping children land in the histogram", async () => {
    const r = await runTool("runqlat", { trigger: () => run("/bin/sh", ["-c", "sleep 0.01; sleep 0.01; sleep 0.01"]) });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Tracing CPU scheduler... Hit Ctrl-C to end.");
    expect(r.stdout).toMatch(/\n@usecs:\n/);
    expect(bucketCounts(r.stdout).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
  });

  it("runqlen: samples of the run queue length as a linear histogram", async () => {
    const r = await runTool("runqlen", { trigger: () => run("/bin/sleep", ["0.3"]) });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Sampling run queue length at 99 Hertz... Hit Ctrl-C to end.");
    expect(r.stdout).toMatch(/\n@queued:\n\[\d+, \d+\) +\d+ \|/);
    expect(bucketCounts(r.stdout).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it("cpudist: the on-CPU slices of a named busy process", async () => {
    const r = await runTool("cpudist", { args: ["ebtspin"], trigger: () => run("/usr/bin/perl", ["-e", '$0 = "ebtspin"; for ($i = 0; $i < 3000000; $i++) {}']) });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Tracing on-CPU time... Hit Ctrl-C to end.");
    expect(r.stdout).toMatch(/\n@usecs\[ebtspin\]:\n/);
    // Only the named process.
    expect(r.stdout.match(/@usecs\[/g)).toHaveLength(1);
  });

  it("offcputime: sleep's 100 ms off CPU, under the kernel stack that put it to sleep", async () => {
    const r = await runTool("offcputime", { args: ["sleep"], trigger: () => run("/bin/sleep", ["0.1"]) });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Tracing off-CPU time... Hit Ctrl-C to end.");
    // sleep leaves the CPU several times (exec, exit); one of its stacks is the 100 ms nanosleep.
    const entries = [...r.stdout.matchAll(/^@usecs\[\n((?: {4}\S+\n)+), sleep\]: (\d+)$/gm)].map((m) => ({ stack: m[1]!, us: Number(m[2]) }));
    const nap = entries.find((e) => /nanosleep/.test(e.stack));
    expect(nap, r.stdout).toBeDefined();
    expect(nap!.us).toBeGreaterThanOrEqual(100_000);
  });
});

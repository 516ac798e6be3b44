/**
 * Aggregations in per-CPU maps, combined and printed at exit. The expected text is what bpftrace
 * 0.17 printed for the same program on this machine (test/fixtures/bpftrace-output/), with current
 * bpftrace's one layout change: no space after a histogram's `@h:`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runEbt } from "../helpers/run-ebt.js";

const PROGRAM = `BEGIN {
  @h = hist(0); @h = hist(1); @h = hist(2); @h = hist(3); @h = hist(1500); @h = hist(-5);
  @l = lhist(5, 0, 10, 2); @l = lhist(12, 0, 10, 2); @l = lhist(-1, 0, 10, 2);
  @s = stats(10); @s = stats(20);
  @v = avg(4); @v = avg(7);
  @mx = max(3); @mx = max(9);
  @mn = min(3); @mn = min(-2);
  @k[1] = hist(100); @k[2] = hist(5000);
  exit();
}`;

describe("aggregations", () => {
  it("hist, lhist, stats, avg, min and max print as bpftrace prints them", async () => {
    const r = await runEbt(["-e", PROGRAM]);
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(r.stdout).toBe(readFileSync(path.join(ROOT, "test/fixtures/bpftrace-output/aggregations.txt"), "utf8"));
    expect(r.code).toBe(0);
  });

  it("count and sum per key, sorted by value", async () => {
    const r = await runEbt(["-e", 'BEGIN { @c["a"] = count(); @c["b"] = count(); @c["b"] = count(); @s[1, "x"] = sum(5); @s[1, "x"] = sum(-2); @s[2, "y"] = sum(1); exit(); }']);
    expect(r.stdout).toBe('\n\n@c[a]: 1\n@c[b]: 2\n@s[2, y]: 1\n@s[1, x]: 3\n');
  });

  it("counts every event on every CPU exactly", async () => {
    // 2 × 500 opens of /dev/null from shells pinned to different CPUs, at the same time.
    const script = "for i in $(seq 500); do : < /dev/null; done";
    const { spawn } = await import("node:child_process");
    const { EbtProcess } = await import("../helpers/run-ebt.js");
    const { namedShell } = await import("../helpers/trigger.js");
    const shell = namedShell("ebtload");
    const ebt = new EbtProcess(["-e", 'tracepoint:syscalls:sys_enter_openat /comm == "ebtload" && str(args.filename) == "/dev/null"/ { @ = count(); }']);
    await ebt.attached();
    await Promise.all(
      [0, 1].map(
        (cpu) =>
          new Promise<void>((resolve) => {
            const c = spawn("taskset", ["-c", String(cpu), shell, "-c", script], { stdio: "ignore" });
            c.on("exit", () => resolve());
          }),
      ),
    );
    ebt.signal("SIGINT");
    const out = await ebt.wait();
    expect(out.stdout).toBe("\n\n@: 1000\n");
  });
});

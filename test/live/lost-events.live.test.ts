/**
 * Records the ring buffer has no room for are counted in the kernel and reported at the end, as
 * bpftrace reports lost events: every record is either printed or counted.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import type { BpfObjects } from "../helpers/bpf-objects.js";
import { runEbt } from "../helpers/run-ebt.js";

let before: BpfObjects;
beforeEach(() => {
  before = snapshot();
});
afterEach(async () => {
  expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
});

it("a BEGIN loop that outruns the ring buffer: printed + lost = sent", async () => {
  // BEGIN runs to completion before user space reads anything, so the 1 MiB ring buffer fills up.
  const n = 20_000;
  const r = await runEbt(["-e", `BEGIN { $i = 0; while ($i < ${n}) { printf("%d %s\\n", $i, "${"x".repeat(60)}"); $i++; } exit(); }`]);
  expect(r.code).toBe(0);
  const printed = r.stdout.split("\n").filter((l) => l.endsWith("x".repeat(60))).length;
  const lost = /^Lost (\d+) events$/m.exec(r.stderr);
  expect(lost).not.toBeNull();
  expect(printed).toBeGreaterThan(0);
  expect(printed + Number(lost![1])).toBe(n);
});

it("nothing lost, nothing said", async () => {
  const r = await runEbt(["-e", 'BEGIN { printf("one\\n"); exit(); }']);
  expect(r.stderr).toBe("Attached 1 probe\n");
});

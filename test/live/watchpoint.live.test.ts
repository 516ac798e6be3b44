/**
 * watchpoint:ADDR:LEN:MODE on hardware breakpoints (PERF_TYPE_BREAKPOINT): the `watched` fixture
 * prints the address of a global and writes it N times; each write is one event. Under -c (a non-PIE
 * build: the address is known before the command runs), under -p (a PIE build: the running
 * process prints where its global is), and without either (every process, bpftrace's default).
 */
import { spawn } from "node:child_process";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import type { BpfObjects } from "../helpers/bpf-objects.js";
import { buildCFixtures, runFixture } from "../helpers/c-fixtures.js";
import type { CFixtures } from "../helpers/c-fixtures.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";

let fx: CFixtures;
/** The global's address in the non-PIE build, as the program itself prints it. */
let addr: string;
beforeAll(() => {
  fx = buildCFixtures();
  addr = runFixture(fx.watched, "0").split("\n")[1]!;
});
afterAll(() => fx.cleanup());

let before: BpfObjects;
beforeEach(() => {
  before = snapshot();
});
afterEach(async () => {
  expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
});

describe("watchpoint", () => {
  it("-c: one event per write to the watched address, named as bpftrace names the probe", async () => {
    const r = await runEbt(["-c", `${fx.watched} 3`, "-e", `watchpoint:${addr}:8:w { printf("%s by %s\\n", probe, comm); @writes = count(); }`]);
    expect(r.stderr).toBe("Attached 1 probe\n");
    const probe = `watchpoint:${fx.watched}:${BigInt(addr)}:8:w`;
    expect(r.stdout).toMatch(new RegExp(`^pid \\d+\\n${addr}\\n(${probe} by watched\\n){3}\\n\\n@writes: 3\\n$`));
  });

  it("-p: watches the running process (a PIE: its own address), rw mode", async () => {
    const proc = spawn(fx.watchedPie, ["2", "wait"]);
    let out = "";
    proc.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    const closed = new Promise<void>((r) => proc.on("close", () => r()));
    while (!/\n0x[0-9a-f]+\n/.test(out)) await new Promise((r) => setTimeout(r, 10));
    const [, pid, where] = /^pid (\d+)\n(0x[0-9a-f]+)\n/.exec(out)!;
    const ebt = new EbtProcess(["-p", pid!, "-e", `w:${where}:8:rw { @hits[comm] = count(); }`]);
    await ebt.attached();
    proc.stdin.end("go\n");
    await closed;
    const r = await ebt.wait();
    // ebt_tick's store is the only access: rw sees each write once.
    expect(r.stdout).toBe("\n\n@hits[watched-pie]: 2\n");
    expect(r.code).toBe(0);
  });

  it("without -p or -c: every process, one breakpoint per CPU", async () => {
    const ebt = new EbtProcess(["-e", `watchpoint:${addr}:8:w /comm == "watched"/ { @writes = count(); }`]);
    await ebt.attached();
    runFixture(fx.watched, "4");
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(r.stdout).toBe("\n\n@writes: 4\n");
  });

  it("a bad length or mode is a located error in bpftrace's words", async () => {
    const r = await runEbt(["-e", `watchpoint:${addr}:16:w { exit(); }`]);
    expect(r.stderr).toBe(`stdin:1:1-${17 + addr.length}: ERROR: watchpoint length must be one of (1,2,4,8)\nwatchpoint:${addr}:16:w { exit(); }\n${"~".repeat(16 + addr.length)}\n`);
    expect(r.code).toBe(1);
  });
});

/**
 * Many `tracepoint:syscalls:*` probes attach as the raw_syscalls tracepoints with a dispatch by
 * system-call number (runtime/attach/syscall-tracepoints.ts). What a user sees must not change: the
 * same probes fire for the same calls with the same args, `probe` names each one, filters apply,
 * 32-bit calls are skipped as the kernel's own syscall events skip them, and nothing is left in
 * the kernel. The number table itself is checked against the running kernel's syscall events.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import { EbtProcess, ROOT, runEbt } from "../helpers/run-ebt.js";
import { syscallNumberOfEntry } from "../../src/stdlib/syscalls.js";
import { MIN_DISPATCHED_SYSCALLS } from "../../src/runtime/attach/syscall-tracepoints.js";

const EVENTS = readdirSync("/sys/kernel/tracing/events/syscalls");
const ENTER = EVENTS.filter((e) => e.startsWith("sys_enter_"));
const EXIT = EVENTS.filter((e) => e.startsWith("sys_exit_"));

let dir: string;
let byNumber: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ebt-syscalls-"));
  byNumber = path.join(dir, "by-number");
  execFileSync("gcc", ["-O1", "-static", "-o", byNumber, path.join(ROOT, "test/fixtures/syscalls/by-number.c")], { stdio: ["ignore", "ignore", "inherit"] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixture's own calls: each renamed entry point and getppid, three times each. */
const OWN = ["newstat", "newuname", "umount", "sendfile64", "getppid"];

function perfEventFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === "anon_inode:[perf_event]";
    } catch {
      return false;
    }
  }).length;
}

describe("the system-call number table", () => {
  it("knows the number of every syscalls:* tracepoint of the running kernel", () => {
    const unknown = [...ENTER.map((e) => e.slice("sys_enter_".length)), ...EXIT.map((e) => e.slice("sys_exit_".length))]
      .filter((name) => syscallNumberOfEntry(name) === undefined);
    expect(unknown).toEqual([]);
  });

  it("agrees with the kernel's own __syscall_nr for the renamed entry points (probes attached one by one)", async () => {
    expect(OWN.length).toBeLessThan(MIN_DISPATCHED_SYSCALLS);
    const probes = OWN.map((n) => `tracepoint:syscalls:sys_enter_${n}`).join(", ");
    const r = await runEbt(["-c", byNumber, "-e", `${probes} /pid == cpid/ { @[probe] = args.__syscall_nr; }`], { timeoutMs: 60_000 });
    expect(r.stderr).toBe(`Attached ${OWN.length} probes\n`);
    const expected = OWN.map((n) => `@[tracepoint:syscalls:sys_enter_${n}]: ${syscallNumberOfEntry(n)}`).sort();
    expect(r.stdout.split("\n").filter((l) => l.startsWith("@[")).sort()).toEqual(expected);
  }, 90_000);
});

describe("tracepoint:syscalls:sys_enter_* and sys_exit_* through raw_syscalls", () => {
  it("count the process's calls by probe name, with args and return values, and skip its 32-bit calls", async () => {
    const r = await runEbt(["-c", byNumber, "-e",
      "tracepoint:syscalls:sys_enter_* /pid == cpid/ { @[probe] = count(); } " +
      "tracepoint:syscalls:sys_exit_* /pid == cpid/ { @ret[probe, args.ret] = count(); } " +
      'tracepoint:syscalls:sys_enter_newstat /pid == cpid/ { printf("stat %s\\n", str(args.filename)); }'], { timeoutMs: 60_000 });
    expect(r.stderr).toBe(`Attached ${ENTER.length + EXIT.length + 1} probes\n`);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines.filter((l) => l.startsWith("stat "))).toEqual(["stat /", "stat /", "stat /"]);
    for (const n of OWN) expect(lines).toContain(`@[tracepoint:syscalls:sys_enter_${n}]: 3`);
    expect(lines).toContain("@ret[tracepoint:syscalls:sys_exit_newstat, 0]: 3");
    expect(lines).toContain("@ret[tracepoint:syscalls:sys_exit_newuname, 0]: 3");
    expect(lines).toContain("@ret[tracepoint:syscalls:sys_exit_umount, -2]: 3");
    expect(lines).toContain("@ret[tracepoint:syscalls:sys_exit_sendfile64, -9]: 3");
    // int $0x80 calls 20 (getpid) and 64 (getppid) of the 32-bit table: writev and semget here.
    expect(r.stdout).not.toMatch(/writev|semget/);
  }, 90_000);

  it("run two probes of one call in script order", async () => {
    const r = await runEbt(["-c", byNumber, "-e",
      'tracepoint:syscalls:sys_enter_* /pid == cpid && probe == "tracepoint:syscalls:sys_enter_getppid"/ { printf("first\\n"); } ' +
      'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { printf("second\\n"); }'], { timeoutMs: 60_000 });
    expect(r.stdout).toBe("first\nsecond\n".repeat(3) + "\n\n");
    expect(r.code).toBe(0);
  }, 90_000);

  it("hold one perf event per direction, stop on Ctrl-C and leave nothing in the kernel", async () => {
    const before = snapshot();
    const ebt = new EbtProcess(["-e", "tracepoint:syscalls:sys_enter_* { @[probe] = count(); } tracepoint:syscalls:sys_exit_* { @x = count(); }"]);
    await ebt.waitFor(/Attached \d+ probes?\n/, "stderr", 60_000);
    expect(ebt.stderr).toBe(`Attached ${ENTER.length + EXIT.length} probes\n`);
    expect(perfEventFds(ebt.child.pid!)).toBe(2);
    ebt.signal("SIGINT");
    const r = await ebt.wait(60_000);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual(["", ""]);
    expect(lines.slice(-2)).toEqual([expect.stringMatching(/^@x: \d+$/), ""]);
    expect(lines.slice(2, -2).filter((l) => !/^@\[tracepoint:syscalls:sys_enter_\w+\]: \d+$/.test(l))).toEqual([]);
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
  }, 120_000);

  it("a program that takes kernel stacks attaches each event on its own (its stacks start in perf_syscall_enter)", async () => {
    const gets = ENTER.filter((e) => /^sys_enter_get(ppid|pid|uid|gid|euid|egid|tid|pgrp|sid|pgid)$/.test(e));
    expect(gets.length).toBeGreaterThanOrEqual(MIN_DISPATCHED_SYSCALLS);
    const ebt = new EbtProcess(["-c", byNumber, "-e", "tracepoint:syscalls:sys_enter_get*id /pid == cpid/ { @[probe, kstack(1)] = count(); }"]);
    await ebt.waitFor(/Attached \d+ probes?\n/, "stderr", 60_000);
    const r = await ebt.wait(60_000);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("@[tracepoint:syscalls:sys_enter_getppid, \n    perf_syscall_enter+");
  }, 120_000);
});

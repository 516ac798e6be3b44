/**
 * `ebt -l` / `-lv` against this machine's real tracefs, BTF, kallsyms and a freshly built ELF:
 * exact format and order, and the presence of probes every kernel of ours has.
 */
import { readdirSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCFixtures } from "../helpers/c-fixtures.js";
import type { CFixtures } from "../helpers/c-fixtures.js";
import { spawnSync } from "node:child_process";
import { EBT, runEbt } from "../helpers/run-ebt.js";

const lines = (s: string) => s.split("\n").slice(0, -1);
const sortedBytewise = (a: string[]) => [...a].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

let fx: CFixtures;
beforeAll(() => {
  fx = buildCFixtures();
});
afterAll(() => fx.cleanup());

describe("ebt -l", () => {
  it("leaves a pipe it shares with another process blocking: `ebt -l | grep x` with 2>&1 into one pipe", () => {
    // The shell's stderr (ebt's) and grep's stdout are one pipe here, as in a test harness or
    // `(ebt -l | grep x) 2>&1 | less`: were ebt to make it non-blocking, grep would fail with EAGAIN.
    const direct = spawnSync(process.execPath, [EBT, "-l"], { encoding: "utf8", maxBuffer: 1 << 28 });
    const expected = direct.stdout.split("\n").filter((l) => l.includes("tracepoint")).length;
    // A reader that starts late lets the shared pipe fill, so grep's writes meet a full pipe.
    const inner = `exec 2>&1; "${process.execPath}" "${EBT}" -l | grep tracepoint; echo "status=$?"`;
    const both = spawnSync("sh", ["-c", `(${inner}) | (sleep 1; cat)`], { encoding: "utf8", maxBuffer: 1 << 28 });
    expect(both.stdout).not.toMatch(/write error/);
    expect(both.stdout.endsWith("\nstatus=0\n")).toBe(true);
    expect(both.stdout.split("\n").filter((l) => l.includes("tracepoint")).length).toBe(expected);
    expect(expected).toBeGreaterThan(1000);
  });

  it("tracepoint:syscalls:* lists every syscall tracepoint in tracefs, sorted", async () => {
    const r = await runEbt(["-l", "tracepoint:syscalls:*"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const got = lines(r.stdout);
    const dir = "/sys/kernel/tracing/events/syscalls";
    const events = readdirSync(dir).filter((e) => statSync(`${dir}/${e}`).isDirectory());
    expect(got).toEqual(sortedBytewise(events.map((e) => `tracepoint:syscalls:${e}`)));
    expect(got).toContain("tracepoint:syscalls:sys_enter_openat");
    expect(got).toContain("tracepoint:syscalls:sys_exit_write");
  });

  it("-lv prints the fields of tracepoint:syscalls:sys_enter_openat as bpftrace does", async () => {
    const r = await runEbt(["-lv", "tracepoint:syscalls:sys_enter_openat"]);
    expect(r.stdout).toBe("tracepoint:syscalls:sys_enter_openat\n    int __syscall_nr\n    int dfd\n    const char * filename\n    int flags\n    umode_t mode\n");
    const v = await runEbt(["-v", "-l", "t:sched:sched_switch"]);
    expect(v.stdout).toBe(
      "tracepoint:sched:sched_switch\n    char prev_comm[16]\n    pid_t prev_pid\n    int prev_prio\n    long prev_state\n" +
        "    char next_comm[16]\n    pid_t next_pid\n    int next_prio\n",
    );
  });

  it("raw tracepoints come from BTF, including those tracefs lacks", async () => {
    const got = lines((await runEbt(["-l", "rawtracepoint:*"])).stdout);
    expect(got).toContain("rawtracepoint:sched_switch");
    expect(got).toContain("rawtracepoint:sys_enter");
    expect(got).toContain("rawtracepoint:pelt_cfs_tp"); // a BTF-only raw tracepoint
    expect(got).not.toContain("rawtracepoint:sys_enter_openat");
    expect(got).toEqual(sortedBytewise(got));
  });

  it("-lv prints a raw tracepoint's arguments from BTF, typed and named", async () => {
    expect((await runEbt(["-lv", "rawtracepoint:sched_switch"])).stdout).toBe(
      "rawtracepoint:sched_switch\n    bool preempt\n    struct task_struct * prev\n    struct task_struct * next\n    unsigned int prev_state\n",
    );
    expect((await runEbt(["-lv", "rt:sys_enter"])).stdout).toBe("rawtracepoint:sys_enter\n    struct pt_regs * regs\n    long int id\n");
  });

  it("kprobe targets come from the kernel's functions", async () => {
    const got = lines((await runEbt(["-l", "kprobe:vfs_*"])).stdout);
    expect(got).toContain("kprobe:vfs_read");
    expect(got).toContain("kprobe:vfs_write");
    expect(got.every((l) => /^kprobe:vfs_[\w.]+$/.test(l))).toBe(true);
  });

  it("software and hardware events", async () => {
    expect((await runEbt(["-l", "software:*"])).stdout).toBe(
      ["alignment-faults", "bpf-output", "context-switches", "cpu-clock", "cpu-migrations", "cpu", "cs", "dummy", "emulation-faults",
        "faults", "major-faults", "minor-faults", "page-faults", "task-clock"].map((n) => `software:${n}:\n`).join(""),
    );
    expect((await runEbt(["-l", "hardware:*"])).stdout.split("\n")).toHaveLength(13);
  });

  it("uprobe:FILE:* lists the functions of the file", async () => {
    const got = lines((await runEbt(["-l", `uprobe:${fx.target}:ebt_*`])).stdout);
    expect(got).toEqual([`uprobe:${fx.target}:ebt_add`, `uprobe:${fx.target}:ebt_other`, `uprobe:${fx.target}:ebt_strlen`]);
  });

  it("a bare word searches the last part of every name; no glob lists every kind, sorted", async () => {
    expect(lines((await runEbt(["-l", "sys_enter_openat"])).stdout)).toEqual(["tracepoint:syscalls:sys_enter_openat"]);
    const all = await runEbt(["-l"]);
    expect(all.code).toBe(0);
    const got = lines(all.stdout);
    expect(new Set(got.map((l) => l.split(":")[0]))).toEqual(new Set(["fentry", "hardware", "interval", "iter", "kprobe", "profile", "rawtracepoint", "self", "software", "tp_btf", "tracepoint"]));
    expect(got).toEqual(sortedBytewise(got));
  });
});

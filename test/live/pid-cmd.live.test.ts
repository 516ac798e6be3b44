/**
 * -c CMD and -p PID: the command is held until the probes are attached and ends the run when it
 * exits; `cpid` is its pid; -p limits uprobes to one process (another instance of the same binary
 * is not traced), finds libraries by name in its maps, filters tracepoints and ends the run when the
 * process exits. Fixture programs come from test/fixtures/uprobes (built per run).
 */
import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import type { BpfObjects } from "../helpers/bpf-objects.js";
import { buildCFixtures } from "../helpers/c-fixtures.js";
import type { CFixtures } from "../helpers/c-fixtures.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";
import { isAlive } from "../../src/runtime/target-process.js";

let fx: CFixtures;
beforeAll(() => {
  fx = buildCFixtures();
});
afterAll(() => fx.cleanup());

let before: BpfObjects;
beforeEach(() => {
  before = snapshot();
});
afterEach(async () => {
  expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
});

/** A `watched` process waiting for a line on stdin before it writes; its pid and global's address. */
async function waitingWatched(file: string, n: number): Promise<{ proc: ChildProcessWithoutNullStreams; pid: number; addr: string; go: () => Promise<string> }> {
  const proc = spawn(file, [String(n), "wait"]);
  let out = "";
  proc.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  const exited = new Promise<void>((r) => proc.on("close", () => r()));
  while (!/^pid \d+\n0x[0-9a-f]+\n/.test(out)) await new Promise((r) => setTimeout(r, 10));
  const [, pid, addr] = /^pid (\d+)\n(0x[0-9a-f]+)\n/.exec(out)!;
  return {
    proc,
    pid: Number(pid),
    addr: addr!,
    go: async () => {
      proc.stdin.end("go\n");
      await exited;
      return out;
    },
  };
}

describe("-c CMD", () => {
  it("holds the command until its uprobes are attached, and the run ends when it exits", async () => {
    // main runs once, at the very start: counting it proves the command did not run before attach.
    const r = await runEbt(["-c", `${fx.target} 2`, "-e", `uprobe:${fx.target}:main { @main = count(); } uprobe:${fx.target}:ebt_add { @add[arg0, arg1] = count(); } END { printf("end\\n"); }`]);
    expect(r.stderr).toBe("Attached 3 probes\n");
    expect(r.stdout).toBe("78\nend\n\n\n@add[1, 10]: 1\n@add[2, 20]: 1\n@main: 1\n");
    expect(r.code).toBe(0);
  });

  it("cpid is the command's pid; a tracepoint filtered by pid == cpid sees only the command", async () => {
    const r = await runEbt([
      "-c", `${fx.watched} 2`,
      "-e", 'BEGIN { printf("cpid %d\\n", cpid); } tracepoint:syscalls:sys_enter_write /pid == cpid/ { @writes[comm] = count(); }',
    ]);
    const m = /^cpid (\d+)\npid (\d+)\n0x[0-9a-f]+\n\n\n@writes\[watched\]: 1\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(r.code).toBe(0);
  });

  it("software events count only the command's", async () => {
    const r = await runEbt(["-c", `${fx.target} 50`, "-e", "software:page-faults:1 { @[pid == cpid] = count(); }"]);
    expect(r.stdout).toMatch(/^\d+\n\n\n@\[true\]: \d+\n$/);
  });

  it.each(["SIGINT", "SIGTERM"] as const)("%s ends the command too, and ebt prints its maps and exits 0", async (sig) => {
    // The interval probe keeps the run going (a BEGIN-only program would end by itself).
    const ebt = new EbtProcess(["-c", "sleep 30", "-e", 'BEGIN { printf("cpid %d\\n", cpid); @started = 1; } interval:s:100 { }']);
    await ebt.attached();
    await ebt.waitFor(/cpid \d+\n/, "stdout");
    const cpid = Number(/cpid (\d+)/.exec(ebt.stdout)![1]);
    expect(isAlive(cpid)).toBe(true);
    ebt.signal(sig);
    const r = await ebt.wait();
    expect(r.stdout).toBe(`cpid ${cpid}\n\n\n@started: 1\n`);
    expect(r.code).toBe(0);
    for (let i = 0; i < 100 && isAlive(cpid); i++) await new Promise((res) => setTimeout(res, 20));
    expect(isAlive(cpid)).toBe(false);
  });

  it("cpid is the command from its exec on: no wrapper program runs, each file it opens counts once", async () => {
    const r = await runEbt([
      "-c", "/bin/cat /etc/hostname /etc/hostname",
      "-e", "tracepoint:syscalls:sys_enter_execve /pid == cpid/ { @exec[str(args.filename)] = count(); } " +
        'tracepoint:syscalls:sys_enter_openat /pid == cpid && str(args.filename) == "/etc/hostname"/ { @open[comm] = count(); } ' +
        "tracepoint:sched:sched_process_exec /pid == cpid/ { @comm[comm] = count(); }",
    ]);
    const host = (await import("node:fs")).readFileSync("/etc/hostname", "utf8");
    expect(r.stdout).toBe(`${host}${host}\n\n@comm[cat]: 1\n@exec[/bin/cat]: 1\n@open[cat]: 2\n`);
    expect(r.code).toBe(0);
  });

  it("the command dies with ebt, even when ebt is killed (PR_SET_PDEATHSIG)", async () => {
    const ebt = new EbtProcess(["-c", "/bin/sleep 30", "-e", 'BEGIN { printf("cpid %d\\n", cpid); }']);
    await ebt.attached();
    await ebt.waitFor(/cpid \d+\n/, "stdout");
    const cpid = Number(/cpid (\d+)/.exec(ebt.stdout)![1]);
    for (let i = 0; i < 100 && !(await import("node:fs")).readFileSync(`/proc/${cpid}/comm`, "utf8").startsWith("sleep"); i++) await new Promise((res) => setTimeout(res, 20));
    expect(isAlive(cpid)).toBe(true);
    ebt.signal("SIGKILL");
    await ebt.wait();
    for (let i = 0; i < 250 && isAlive(cpid); i++) await new Promise((res) => setTimeout(res, 20));
    expect(isAlive(cpid)).toBe(false);
  });

  it("a command that fails to start and a compile error leave no process and nothing in the kernel", async () => {
    const r = await runEbt(["-c", "/nonexistent/ebt-command", "-e", "BEGIN { exit(); }"]);
    expect(r.stderr).toBe("ERROR: Failed to fork child: path '/nonexistent/ebt-command' does not exist or is not executable\n");
    expect(r.code).toBe(1);
    // The held child is killed before it ever runs the command (touch would create the file).
    const marker = `${fx.dir}/never-created`;
    const bad = await runEbt(["-c", `/usr/bin/touch ${marker}`, "-e", "BEGIN { printf(); }"]);
    expect(bad.code).toBe(1);
    await new Promise((res) => setTimeout(res, 200));
    const { existsSync } = await import("node:fs");
    expect(existsSync(marker)).toBe(false);
  });
});

describe("-p PID", () => {
  it("uprobes fire only in that process (not in a second instance of the binary); the run ends when it exits", async () => {
    const traced = await waitingWatched(fx.watchedPie, 3);
    const other = await waitingWatched(fx.watchedPie, 2);
    const ebt = new EbtProcess([
      "-p", String(traced.pid),
      "-e", `uprobe:${fx.watchedPie}:ebt_tick { printf("tick %d in %d\\n", arg0, pid); } tracepoint:syscalls:sys_enter_exit_group { printf("exit_group in %d\\n", pid); } END { printf("end\\n"); }`,
    ]);
    await ebt.attached();
    await other.go();
    await traced.go();
    // No signal: ebt notices that the process is gone and stops by itself.
    const r = await ebt.wait();
    const p = traced.pid;
    expect(r.stdout).toBe(`tick 1 in ${p}\ntick 2 in ${p}\ntick 3 in ${p}\nexit_group in ${p}\nend\n\n\n`);
    expect(r.code).toBe(0);
  });

  it("a relative path works too, for a uretprobe in a PIE", async () => {
    const traced = await waitingWatched(fx.watchedPie, 2);
    const ebt = new EbtProcess(["-p", String(traced.pid), "-e", 'uretprobe:./watched-pie:ebt_tick { @returns = count(); }'], { cwd: fx.dir });
    await ebt.attached();
    await traced.go();
    const r = await ebt.wait();
    expect(r.stdout).toBe("\n\n@returns: 2\n");
  });

  it("finds a library named without a path in the process's maps", async () => {
    const traced = await waitingWatched(fx.watched, 1);
    const ebt = new EbtProcess(["-p", String(traced.pid), "-e", 'uprobe:libc:exit { printf("exit(%d) in %d\\n", arg0, pid); }']);
    await ebt.attached();
    await traced.go();
    const r = await ebt.wait();
    expect(r.stdout).toBe(`exit(0) in ${traced.pid}\n\n\n`);
  });

  it("reports a process that does not exist, and bad pids, in bpftrace's words", async () => {
    const gone = await runEbt(["-p", "4194304", "-e", "BEGIN { exit(); }"]);
    expect(gone.stderr).toBe("ERROR: Failed to attach to pid: Unable to open pidfd (No such process)\n");
    expect(gone.code).toBe(1);
    expect((await runEbt(["-p", "12x", "-e", "BEGIN { exit(); }"])).stderr).toBe("ERROR: Failed to parse pid: invalid trailing bytes: 12x\n");
    expect((await runEbt(["-p", "a1", "-e", "BEGIN { exit(); }"])).stderr).toBe("ERROR: Failed to parse pid: invalid integer: a1\n");
    expect((await runEbt(["--pid=5000000", "-e", "BEGIN { exit(); }"])).stderr).toBe("ERROR: Pid out of range: 5000000\n");
    expect((await runEbt(["--pid=0", "-e", "BEGIN { exit(); }"])).stderr).toBe("ERROR: Failed to attach to pid: Unable to open pidfd (No such process)\n");
  });

  it("refuses -p together with -c, as bpftrace does, with the usage", async () => {
    const r = await runEbt(["-p", "1", "-c", "/bin/true", "-e", "BEGIN { exit(); }"]);
    expect(r.stderr.startsWith("ERROR: USAGE: Cannot use both -c and -p.\nUSAGE:\n    ebt [options] filename\n")).toBe(true);
    expect(r.stderr).toContain("    -p, --pid PID  filter actions and enable USDT probes on PID\n");
    expect(r.code).toBe(1);
  });
});

describe("pid namespaces", () => {
  it("pid and tid are ebt's namespace's ids (curr_ns, the default); pid(init) and tid(init) the kernel's", async () => {
    const prog = 'BEGIN { printf("%d, %d, %d, %d, %d, %d\\n", pid, pid(curr_ns), pid(init), tid, tid(curr_ns), tid(init)); exit(); }';
    // In a new pid namespace ebt is its first process.
    const r = await new EbtProcess(["-e", prog], { wrap: ["unshare", "--fork", "--pid", "--mount-proc"] }).wait();
    const m = /^1, 1, (\d+), 1, 1, (\d+)\n/.exec(r.stdout);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(Number(m![1])).toBeGreaterThan(1);
    // In the initial namespace both modes are the same ids.
    const init = await runEbt(["-e", prog]);
    const ids = init.stdout.split("\n")[0]!.split(", ");
    expect(new Set(ids).size).toBe(1);
    expect(Number(ids[0])).toBeGreaterThan(1);
  });
});

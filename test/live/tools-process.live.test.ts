/**
 * The process tools of examples/ (execsnoop, exitsnoop, threadsnoop, killsnoop, signals), each
 * run as a user runs it, with a child process that makes its event happen: the header line and
 * the child's own row are checked.
 */
import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it, vi } from "vitest";
import { runTool } from "../helpers/tool-run.js";

// A tool starts, attaches and is stopped in each test: on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

/** Runs a program to its end; resolves with its pid. */
function run(file: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve(child.pid!));
  });
}

describe("process tools", () => {
  it("execsnoop: the command line of a program started after attach, with its pid and parent", async () => {
    let pid = 0;
    const tag = `ebt-exec-${process.pid}`;
    const r = await runTool("execsnoop", { trigger: async () => (pid = await run("/bin/echo", [tag, "two"])), until: new RegExp(tag) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Attached 3 probes\n");
    expect(r.lines[0]).toBe("TIME     PID     PPID    ARGS");
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${pid} +${process.pid} +/bin/echo ${tag} two$`)));
  });

  it("exitsnoop: a child's exit status, and a child killed by a signal", async () => {
    let a = 0;
    let b = 0;
    const r = await runTool("exitsnoop", {
      trigger: async () => {
        a = await run("/bin/sh", ["-c", "exit 7"]);
        b = await run("/bin/sh", ["-c", "kill -9 $$"]);
      },
      until: (out) => out.includes(` ${b} `),
    });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     PID     PPID    COMM              AGE(ms)  EXIT");
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${a} +${process.pid} +sh +\\d+  code 7$`)));
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${b} +${process.pid} +sh +\\d+  signal 9$`)));
  });

  it("threadsnoop: a thread created by a program (pthread_create in python's threading)", async () => {
    let pid = 0;
    const r = await runTool("threadsnoop", {
      trigger: async () => (pid = await run("python3", ["-c", "import threading; t = threading.Thread(target=lambda: None); t.start(); t.join()"])),
      until: () => pid !== 0,
    });
    // python3 may be a pyenv shim that execs the real interpreter: the pid stays the same.
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     PID     TID     COMM");
    const rows = r.lines.filter((l) => new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${pid} +\\d+ +python3`).test(l));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const row of rows) expect(Number(row.split(/ +/)[2])).not.toBe(pid);
  });

  it("killsnoop: a signal sent with kill(1), and one to a process that does not exist", async () => {
    const sleeper = spawn("/bin/sleep", ["30"], { stdio: "ignore" });
    const r = await runTool("killsnoop", {
      trigger: async () => {
        spawnSync("/bin/kill", ["-USR1", String(sleeper.pid)]);
        spawnSync("/bin/kill", ["-0", "4194303"]);
      },
      until: /4194303/,
    });
    sleeper.kill("SIGKILL");
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     PID     COMM             SIG  TPID    RESULT");
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d \\d+ +kill +10 +${sleeper.pid} +0$`)));
    expect(r.lines).toContainEqual(expect.stringMatching(/^\d\d:\d\d:\d\d \d+ +kill +0 +4194303 -3$/));
  });

  it("signals: the count of a signal per target, printed on Ctrl-C", async () => {
    const sleeper = spawn("/bin/sleep", ["30"], { stdio: "ignore" });
    const gone = new Promise((r) => sleeper.on("exit", r));
    const r = await runTool("signals", {
      trigger: async () => {
        sleeper.kill("SIGUSR2");
        await gone;
      },
    });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Counting signals... Hit Ctrl-C to end.");
    expect(r.lines).toContain(`@[SIGUSR2, ${sleeper.pid}, sleep]: 1`);
  });
});

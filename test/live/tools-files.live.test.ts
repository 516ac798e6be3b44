/**
 * The file and system call tools of examples/ (opensnoop, statsnoop, syscount, syscalllat), each
 * run as a user runs it, with a child that opens, stats or calls what the tool must report.
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

describe("file and syscall tools", () => {
  it("opensnoop: a failed open with its errno, and a successful one with its descriptor", async () => {
    const missing = `/nonexistent-ebt-${process.pid}`;
    let pid = 0;
    const r = await runTool("opensnoop", { args: ["cat"], trigger: async () => (pid = await run("/bin/cat", [missing, "/etc/hostname"])), until: /\/etc\/hostname\n/ });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Attached 8 probes\n");
    expect(r.lines[0]).toBe("PID     COMM              FD  ERR PATH");
    expect(r.lines).toContain(`${String(pid).padEnd(7)} cat               -1    2 ${missing}`);
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^${pid} +cat +\\d+    0 /etc/hostname$`)));
    // Only `cat`'s opens: the PROCESS argument filters.
    expect(r.lines.slice(1).filter((l) => l !== "").every((l) => / cat /.test(l))).toBe(true);
  });

  it("statsnoop: stat(1) of a file that exists and of one that does not", async () => {
    const missing = `/nonexistent-ebt-stat-${process.pid}`;
    let pid = 0;
    const r = await runTool("statsnoop", { args: ["stat"], trigger: async () => (pid = await run("/usr/bin/stat", ["/etc/hostname", missing])), until: new RegExp(missing) });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("PID     COMM               ERR PATH");
    expect(r.lines).toContain(`${String(pid).padEnd(7)} stat                 0 /etc/hostname`);
    expect(r.lines).toContain(`${String(pid).padEnd(7)} stat                 2 ${missing}`);
  });

  it("syscount: calls by name and by process, for one process (-p), stopping after SECONDS", async () => {
    const child = spawn("/bin/sh", ["-c", "read _; while :; do : > /dev/null; done"], { stdio: ["pipe", "ignore", "ignore"] });
    const r = await runTool("syscount", {
      ebtArgs: ["-p", String(child.pid)],
      args: ["1"],
      trigger: async () => {
        child.stdin!.end("go\n");
      },
      until: /Top 10 processes:\n(@procs.*\n)+/,
    });
    child.kill("SIGKILL");
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Counting syscalls... Hit Ctrl-C to end.");
    const text = r.stdout;
    // The shell's `: > /dev/null` opens, dups and closes in a loop.
    expect(text).toMatch(/\nTop 10 syscalls:\n(@calls\[\w+\]: \d+\n)*@calls\[openat\]: \d+\n/);
    expect(text).toMatch(/\nTop 10 processes:\n@procs\[sh\]: \d+\n/);
  });

  it("syscalllat: a histogram of a process's calls by name", async () => {
    const r = await runTool("syscalllat", { args: ["sleep"], trigger: () => run("/bin/sleep", ["0.05"]) });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Tracing syscall latency... Hit Ctrl-C to end.");
    // The 50 ms nanosleep lands in the [32K, 64K) microsecond bucket or above.
    expect(r.stdout).toMatch(/@usecs\[clock_nanosleep\]:\n\[(32K, 64K|64K, 128K|128K, 256K)\) +1 \|@+\|\n/);
  });
});

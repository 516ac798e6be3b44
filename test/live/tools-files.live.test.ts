/**
 * The file and system call tools of examples/ (opensnoop, statsnoop, syscount, syscalllat,
 * readsize, writers), each run as a user runs it, with a child that opens, stats, reads, writes
 * or calls what the tool must report.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
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

  it("syscount: calls by name and by process, for one process (-p), stopping after --seconds", async () => {
    const child = spawn("/bin/sh", ["-c", "read _; while :; do : > /dev/null; done"], { stdio: ["pipe", "ignore", "ignore"] });
    const r = await runTool("syscount", {
      ebtArgs: ["-p", String(child.pid)],
      args: ["--", "--seconds=1"],
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

  it("readsize: the sizes one process asks read() for, as its histogram", async () => {
    // dd under a name of its own, so the PROCESS filter keeps only this run's reads.
    const dir = mkdtempSync(path.join(os.tmpdir(), "ebt-readsize-"));
    const dd = path.join(dir, "ebtreadsz");
    copyFileSync("/bin/dd", dd);
    try {
      const r = await runTool("readsize", { args: ["ebtreadsz"], trigger: () => run(dd, ["if=/dev/zero", "of=/dev/null", "bs=3000", "count=6"]) });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("Attached 2 probes\n");
      expect(r.lines[0]).toBe("Tracing read() sizes... Hit Ctrl-C to end.");
      // Only the one process's histogram; its six 3000-byte reads in [2K, 4K).
      expect(r.stdout.match(/^@bytes\[.*\]:$/gm)).toEqual(["@bytes[ebtreadsz]:"]);
      expect(r.stdout).toMatch(/\n\[2K, 4K\) +6 \|@+ *\|\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writers: the pid of a process that writes", async () => {
    let pid = 0;
    const r = await runTool("writers", {
      trigger: async () => (pid = await run("/bin/sh", ["-c", "echo hello"])),
      until: (out) => pid !== 0 && out.split("\n").includes(String(pid)),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(r.lines).toContain(String(pid));
    // Every line is a pid (print() of an integer), up to the blank lines of the exit.
    expect(r.lines.filter((l) => l !== "").every((l) => /^\d+$/.test(l))).toBe(true);
  });
});

/**
 * The memory tools of examples/ (pagefaults, mmapsnoop, oomkill, vmscan, writeback): a child
 * touches memory or maps a file, and a memory cgroup (v1 here) with a small limit makes the
 * kernel reclaim pages and, past the limit, kill.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { runTool } from "../helpers/tool-run.js";

// A tool starts, attaches and is stopped in each test: on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

function run(file: string, args: string[]): Promise<{ pid: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", () => resolve({ pid: child.pid!, out }));
  });
}

/** Runs `sh -c script` inside a new memory cgroup limited to `limit` bytes, then removes the cgroup. */
async function inMemcg(limit: number, script: string): Promise<number> {
  const cg = `/sys/fs/cgroup/memory/ebt-tools-${process.pid}-${Date.now()}`;
  mkdirSync(cg);
  try {
    writeFileSync(`${cg}/memory.limit_in_bytes`, String(limit));
    return (await run("/bin/sh", ["-c", `echo $$ > ${cg}/cgroup.procs; ${script}`])).pid;
  } finally {
    for (let i = 0; i < 50; i++) {
      try {
        rmdirSync(cg);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }
}

describe("memory tools", () => {
  it("pagefaults: a process that touches 32 MiB of new memory, counted under its pid", async () => {
    let pid = 0;
    const r = await runTool("pagefaults", { args: ["perl"], trigger: async () => (pid = (await run("/usr/bin/perl", ["-e", '$x = "a" x (32 << 20);'])).pid) });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Counting user page faults... Hit Ctrl-C to end.");
    const m = new RegExp(`\\n@faults\\[${pid}, perl\\]: (\\d+)\\n`).exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    // 32 MiB is 8192 pages; the kernel may map several per fault, but not all in a few.
    expect(Number(m![1])).toBeGreaterThan(100);
    expect(r.stdout).toMatch(/\n@stacks\[/);
  });

  it("mmapsnoop: a file mapped read-only and shared, with its length", async () => {
    const size = statSync("/etc/services").size;
    let pid = 0;
    const code = "import mmap\nf = open('/etc/services', 'rb')\nm = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)\n";
    const r = await runTool("mmapsnoop", { args: ["python3"], trigger: async () => (pid = (await run("python3", ["-c", code])).pid), until: new RegExp(` 0x1 +${size} `) });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("PID     COMM             PROT FLAGS  LEN          FD   ADDR");
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^${pid} +python3 +r--  0x1 +${size} +\\d+ +0x[0-9a-f]+$`)));
  });

  it("oomkill: a process killed at its memory cgroup's limit", async () => {
    let pid = 0;
    const r = await runTool("oomkill", {
      trigger: async () => (pid = await inMemcg(32 << 20, "exec /usr/bin/perl -e '$x = \"a\" x (256 << 20);'")),
      until: (out) => pid !== 0 && out.includes(` ${pid} `),
    });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     TRIGGER_PID TRIGGER_COMM     KILLED_PID KILLED_COMM      RSS_KB   OOM_ADJ");
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${pid} +perl +${pid} +perl +\\d+ +0$`)));
  });

  it("vmscan: reclaim forced by a memory cgroup's limit, in the per-second lines and the histogram", async () => {
    const file = `/tmp/ebt-tools-reclaim-${process.pid}`;
    const r = await runTool("vmscan", {
      trigger: () => inMemcg(16 << 20, `dd if=/dev/zero of=${file} bs=1M count=64 status=none; rm -f ${file}`),
      until: /\n\d\d:\d\d:\d\d 0 +[1-9]\d* /,
    });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     DIRECT   MEMCG    KSWAPD   FREED    DIRECT_MS MEMCG_MS");
    expect(r.lines).toContainEqual(expect.stringMatching(/^\d\d:\d\d:\d\d \d+ +[1-9]\d* +\d+ +[1-9]\d* +\d+ +\d+$/));
    expect(r.stdout).toMatch(/\n@memcg_us:\n\[/);
  });

  it("writeback: the pass a sync(1) starts, on the root file system's device", async () => {
    const file = `/tmp/ebt-tools-wb-${process.pid}`;
    const dev = statSync("/tmp").dev;
    const name = `${Math.floor(dev / 256) & 0xfff}:${(dev & 0xff) | ((dev >> 12) & 0xfff00)}`;
    const r = await runTool("writeback", {
      trigger: async () => {
        writeFileSync(file, "dirty\n");
        execFileSync("sync");
      },
      until: new RegExp(` ${name} +-?\\d+ +sync `),
    });
    execFileSync("rm", ["-f", file]);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     DEVICE   PAGES    REASON        MS");
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${name} +-?\\d+ +sync +\\d+$`)));
  });
});

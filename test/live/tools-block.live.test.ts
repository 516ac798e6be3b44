/**
 * The block I/O tools of examples/ (biolatency, biosnoop, bitesize), with real I/O: a loop
 * device over a file in /dev/shm (tmpfs), read with O_DIRECT by dd so that each read is a block
 * request of a known size.
 */
import { execFileSync, spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runTool } from "../helpers/tool-run.js";

// A tool starts, attaches and is stopped in each test: on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

let loop = "";
const image = `/dev/shm/ebt-tools-${process.pid}.img`;

beforeAll(() => {
  writeFileSync(image, Buffer.alloc(1 << 20));
  loop = execFileSync("losetup", ["-f", "--show", image], { encoding: "utf8" }).trim();
});
afterAll(() => {
  if (loop) execFileSync("losetup", ["-d", loop]);
  rmSync(image, { force: true });
});

/** dd reading `count` blocks of `bs` bytes from the loop device, bypassing the page cache. */
function directRead(bs: number, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("dd", [`if=${loop}`, "of=/dev/null", `bs=${bs}`, `count=${count}`, "iflag=direct", "status=none"], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve(child.pid!));
  });
}

/** The loop device's major and minor numbers. */
function devNumbers(): [number, number] {
  const [maj, min] = execFileSync("stat", ["-c", "%t %T", loop], { encoding: "utf8" }).trim().split(" ").map((h) => parseInt(h, 16));
  return [maj!, min!];
}

describe("block I/O tools", () => {
  it("biosnoop: one line per request of dd's, on the loop device, with its size", async () => {
    let pid = 0;
    const r = await runTool("biosnoop", { trigger: async () => (pid = await directRead(8192, 3)), until: (out) => (out.match(new RegExp(` ${pid} `, "g")) ?? []).length >= 3 });
    const [maj, min] = devNumbers();
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME(s)      COMM             PID     DISK    T    SECTOR       BYTES    LAT(ms)");
    const rows = r.lines.filter((l) => new RegExp(`^ +\\d+\\.\\d{3}    dd +${pid} +${String(maj).padStart(3)},${String(min).padEnd(3)} R\\S* +\\d+ +8192 +\\d+\\.\\d\\d$`).test(l));
    expect(rows.map((l) => l.trim().split(/ +/)[5])).toEqual(["0", "16", "32"]);
  });

  it("biolatency: dd's requests in the microsecond histogram", async () => {
    const r = await runTool("biolatency", { trigger: () => directRead(4096, 4) });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Tracing block device I/O... Hit Ctrl-C to end.");
    const counts = [...r.stdout.matchAll(/^\[[^\]\n]+[\])] +(\d+) \|/gm)].map((m) => Number(m[1]));
    expect(r.stdout).toMatch(/\n@usecs:\n/);
    expect(counts.reduce((a, b) => a + b, 0), r.stdout).toBeGreaterThanOrEqual(4);
  });

  it("biolatency disk: one histogram per device", async () => {
    const r = await runTool("biolatency", { args: ["disk"], trigger: () => directRead(4096, 2) });
    const [maj, min] = devNumbers();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`\n@usecs_by_disk[${maj}, ${min}]:\n`);
  });

  it("bitesize: dd's 16 KiB requests in the [16K, 32K) bucket", async () => {
    const r = await runTool("bitesize", { trigger: () => directRead(16384, 5) });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Tracing block device I/O sizes... Hit Ctrl-C to end.");
    expect(r.stdout).toMatch(/I\/O size \(bytes\) by process name:\n[^]*\n@bytes\[dd\]:\n\[16K, 32K\) +5 \|@+\|\n/);
  });
});

/**
 * usdt probes on the hand-written notes of test/fixtures/uprobes/usdt.c, and libstdc++'s own probes
 * found by library name. Each test runs the fixture a known number of times while ebt is attached.
 * Expected texts are what bpftrace 0.17 prints for the same programs (captured by hand), except
 * where noted: 0.17 cannot read rip-relative arguments ("deref ident is not handled yet"), types
 * usdt arguments as unsigned (current bpftrace, and ebt, as signed 64-bit), and counts every site of
 * a probe in its "Attaching N probes..." line (current bpftrace, and ebt, count probes).
 * With -p/-c, probes attach for that process only (current bpftrace), so only its semaphores count.
 */
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, readlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCFixtures, buildThrower, runFixture } from "../helpers/c-fixtures.js";
import type { CFixtures } from "../helpers/c-fixtures.js";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";
import { resolveBinary } from "../../src/elf/resolve-binary.js";

let fx: CFixtures;
beforeAll(() => {
  fx = buildCFixtures();
});
afterAll(() => fx.cleanup());

/** Starts ebt, waits until attached, runs `trigger`, then Ctrl-C; returns what the user saw. */
async function trace(program: string, trigger: () => void, opts: { cwd?: string } = {}) {
  const ebt = new EbtProcess(["-e", program], opts);
  await ebt.attached();
  trigger();
  ebt.signal("SIGINT");
  return ebt.wait();
}

describe("usdt", () => {
  it("reads every kind of argument: registers of each width, stack memory, constants, base+index*scale, strings", async () => {
    const u = `usdt:${fx.usdt}`;
    const r = await trace(
      `${u}:ebt:tick { printf("tick %d %d %d\\n", arg0, arg1, arg2); } ` +
        `${u}:ebt:sized { printf("sized %lld %lld %d %d %d\\n", arg0, arg1, arg2, arg3, arg4); } ` +
        `${u}:ebt:words { printf("words %s\\n", str(arg0)); } ` +
        `${u}:ebt:index { printf("index %d\\n", arg0); } ` +
        `${u}:ebt:dup { printf("dup %d\\n", arg0); } ` +
        `${u}:other:tick { printf("other %d\\n", arg0); }`,
      () => expect(runFixture(fx.usdt, "2")).toBe("0\n"),
    );
    expect(r.stderr).toBe("Attached 6 probes\n");
    expect(r.stdout).toBe(
      "tick 1 100 -1\nsized -5000000000 -5000000000 201 -300 -7\nwords hello 1\nindex 11\ndup 1\ndup 10\nother 5\n" +
        "tick 2 200 -2\nsized -10000000000 -10000000000 202 -600 -7\nwords hello 2\nindex 22\ndup 2\ndup 20\nother 5\n\n\n",
    );
    expect(r.code).toBe(0);
  });

  it("reads a global through its rip-relative address, in a PIE loaded anywhere", async () => {
    const r = await trace(`usdt:${fx.usdt}:ebt:glob { printf("%lld\\n", arg0); }`, () => runFixture(fx.usdt, "3"));
    expect(r.stdout).toBe("-5000000000\n-10000000000\n-15000000000\n\n\n");
  });

  it("types arguments as signed 64-bit integers, as current bpftrace does", async () => {
    const r = await trace(`usdt:${fx.usdt}:ebt:tick { @neg[arg2] = sum(arg1); @sizes = sum(arg0) }`, () => runFixture(fx.usdt, "3"));
    expect(r.stdout).toBe("\n\n@neg[-1]: 100\n@neg[-2]: 200\n@neg[-3]: 300\n@sizes: 6\n");
  });

  it("counts a semaphore up only while attached, so gated probes fire just then", async () => {
    expect(runFixture(fx.usdt, "3")).toBe("0\n");
    let during = "";
    const r = await trace(`usdt:${fx.usdt}:ebt:gated { @gated = sum(arg0); }`, () => (during = runFixture(fx.usdt, "3")));
    expect(during).toBe("3\n");
    expect(r.stdout).toBe("\n\n@gated: 6\n");
    expect(runFixture(fx.usdt, "3")).toBe("0\n");
  });

  it("expands wildcards to one probe per name; a probe with two sites fires at both and counts once", async () => {
    const r = await trace(`usdt:${fx.usdt}:* { @[probe] = count(); }`, () => runFixture(fx.usdt, "2"));
    expect(r.stderr).toBe("Attached 8 probes\n");
    const u = `usdt:${fx.usdt}`;
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("@")).sort();
    expect(lines).toEqual(
      [
        `@[${u}:ebt:dup]: 4`, `@[${u}:ebt:gated]: 2`, `@[${u}:ebt:glob]: 2`, `@[${u}:ebt:index]: 2`, `@[${u}:ebt:sized]: 2`,
        `@[${u}:ebt:tick]: 2`, `@[${u}:ebt:words]: 2`, `@[${u}:other:tick]: 2`,
      ].sort(),
    );
    // The dup probe alone: one probe attached at its two sites.
    const dup = await trace(`usdt:${fx.usdt}:ebt:dup { printf("%d ", arg0); }`, () => runFixture(fx.usdt, "2"));
    expect(dup.stderr).toBe("Attached 1 probe\n");
    expect(dup.stdout).toBe("1 10 2 20 \n\n");
  });

  it("resolves relative paths and names the probe with the path as written", async () => {
    const r = await trace(`usdt:./usdt:ebt:tick { printf("%s %d\\n", probe, arg0); }`, () => runFixture(fx.usdt, "2"), { cwd: fx.dir });
    expect(r.stdout).toBe("usdt:./usdt:ebt:tick 1\nusdt:./usdt:ebt:tick 2\n\n\n");
  });

  it("finds a library by name: libstdc++'s own throw and catch probes", async () => {
    const thrower = buildThrower(fx.dir);
    const lib = resolveBinary("stdc++")!;
    // Other programs on the machine throw too: only the fixture's exceptions are counted.
    const r = await trace(
      `usdt:stdc++:libstdcxx:throw /comm == "thrower"/ { @throw = count(); } ` +
        `U:stdc++:libstdcxx:catch /comm == "thrower"/ { @catch[probe] = count(); }`,
      () => expect(runFixture(thrower, "4")).toBe("4\n"),
    );
    expect(r.stdout).toBe(`\n\n@catch[usdt:${lib}:libstdcxx:catch]: 4\n@throw: 4\n`);
  });

  it("lists the probes of a file with -l, as bpftrace does", async () => {
    const r = await runEbt(["-l", `usdt:${fx.usdt}:*`]);
    const u = `usdt:${fx.usdt}`;
    expect(r.stdout).toBe(
      [`${u}:ebt:dup`, `${u}:ebt:gated`, `${u}:ebt:glob`, `${u}:ebt:index`, `${u}:ebt:sized`, `${u}:ebt:tick`, `${u}:ebt:words`, `${u}:other:tick`, ""].join("\n"),
    );
    expect((await runEbt(["-l", `usdt:${fx.usdt}:ebt:t*`])).stdout).toBe(`${u}:ebt:tick\n`);
    expect((await runEbt(["-lv", `usdt:${fx.usdt}:other:*`])).stdout).toBe(`${u}:other:tick\n`);
  });

  it("reports an unknown probe, a missing file and a missing argument in bpftrace's layout", async () => {
    const missing = await runEbt(["-e", "usdt:/nonexistent/bin:ebt:x { }"]);
    expect(missing.stderr).toBe(
      "stdin:1:1-28: ERROR: usdt target file '/nonexistent/bin' does not exist or is not executable\nusdt:/nonexistent/bin:ebt:x { }\n~~~~~~~~~~~~~~~~~~~~~~~~~~~\n",
    );
    expect(missing.code).toBe(1);
    const unknown = await runEbt(["-e", `usdt:${fx.usdt}:ebt:nosuch { }`]);
    expect(unknown.stderr).toContain(`ERROR: No matches for usdt ${fx.usdt}:ebt:nosuch.\n`);
    expect(unknown.code).toBe(1);
    const arg = await runEbt(["-e", `usdt:${fx.usdt}:ebt:gated { print(arg1) }`]);
    expect(arg.stderr).toContain(`ERROR: couldn't get argument 1 for ${fx.usdt}:ebt:gated\n`);
  });

  it("-c: the command's own probes, its file left out or named, the semaphore counted in it", async () => {
    const r = await runEbt(["-c", `${fx.usdt} 3`, "-e", `usdt::ebt:tick { @tick = sum(arg0); } usdt:${fx.usdt}:ebt:gated { @gated = sum(arg0); }`]);
    expect(r.stderr).toBe("Attached 2 probes\n");
    // The command prints how often its gated probe's argument was computed: every time.
    expect(r.stdout).toBe("3\n\n\n@gated: 6\n@tick: 6\n");
  });

  it("-p: the files of that process, listed and traced; another instance is neither traced nor gated", async () => {
    const start = () => {
      const proc = spawn(fx.usdt, ["3", "wait"]);
      let out = "";
      proc.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      const exited = new Promise<string>((r) => proc.on("close", () => r(out)));
      return { proc, go: () => (proc.stdin.end("go\n"), exited) };
    };
    const traced = start(), other = start();
    // -p reads the process's maps: wait until it has exec'd the fixture.
    for (let i = 0; i < 500; i++) {
      try {
        if (readlinkSync(`/proc/${traced.proc.pid}/exe`) === fx.usdt) break;
      } catch {
        // not yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    // -l -p lists the probes of every file the process maps, seen through its root.
    const root = `/proc/${traced.proc.pid}/root${fx.usdt}`;
    const listed = await runEbt(["-p", String(traced.proc.pid), "-l", "usdt:*:ebt:*"]);
    expect(listed.stdout).toBe(["dup", "gated", "glob", "index", "sized", "tick", "words", ""].map((n) => (n ? `usdt:${root}:ebt:${n}` : "")).join("\n"));
    expect((await runEbt(["-p", String(traced.proc.pid), "-l"])).stdout).toContain(`\nusdt:${root}:other:tick\n`);
    const ebt = new EbtProcess(["-p", String(traced.proc.pid), "-e", "usdt::ebt:gated { @gated[pid] = sum(arg0); }"]);
    await ebt.attached();
    expect(await other.go()).toBe("0\n");
    expect(await traced.go()).toBe("3\n");
    const r = await ebt.wait();
    expect(r.stdout).toBe(`\n\n@gated[${traced.proc.pid}]: 6\n`);
    expect(r.code).toBe(0);
  });

  it("--usdt-file-activation: a probe attached by file counts up its semaphore in every process running the file", async () => {
    const start = () => {
      const proc = spawn(fx.usdt, ["3", "wait"]);
      let out = "";
      proc.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      const exited = new Promise<string>((r) => proc.on("close", () => r(out)));
      return { proc, go: () => (proc.stdin.end("go\n"), exited) };
    };
    const one = start(), two = start();
    const ebt = new EbtProcess(["--usdt-file-activation", "-e", `usdt:${fx.usdt}:ebt:gated { @gated = sum(arg0); }`]);
    await ebt.attached();
    // Each process computed the gated argument 3 times: its semaphore was set while it ran.
    expect(await one.go()).toBe("3\n");
    expect(await two.go()).toBe("3\n");
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(r.stdout).toBe("\n\n@gated: 12\n");
  });

  it("uaddr() finds the probed file's globals where the PIE was loaded, as bpftrace's own example (ps1_prompt) needs", async () => {
    // glob fires right after the program stores -5e9*i in ebt_global.
    const r = await runEbt(["-c", `${fx.usdt} 1`, "-e", `usdt:${fx.usdt}:ebt:glob { @v = *uaddr("ebt_global"); }`]);
    expect(r.stdout).toBe("0\n\n\n@v: -5000000000\n");
  });

  it("leaves nothing in the kernel after it exits", async () => {
    const before = snapshot();
    const r = await trace(`usdt:${fx.usdt}:* { @ = count(); }`, () => runFixture(fx.usdt, "1"));
    expect(r.stdout).toBe("\n\n@: 9\n");
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
    // The semaphore is back to 0: the kernel dropped every reference the probes held.
    expect(runFixture(fx.usdt, "1")).toBe("0\n");
  });
});

describe("usdt names and files", () => {
  it("a quoted probe name may hold quotes and colons (sys/sdt.h keeps a string literal's quotes in the name)", async () => {
    const src = path.join(fx.dir, "quoted.c");
    writeFileSync(src, '#include <sys/sdt.h>\nint main(int argc, char **argv) { int a = argc + 41; (void)argv; DTRACE_PROBE1(ebt, "say:hi", a); return 0; }\n');
    const bin = path.join(fx.dir, "quoted");
    execFileSync("gcc", ["-O1", "-o", bin, src]);
    const listed = await runEbt(["-l", `usdt:${bin}:*`]);
    expect(listed.stdout).toBe(`usdt:${bin}:ebt:"say:hi"\n`);
    const r = await runEbt(["-c", bin, "-e", `usdt:${bin}:ebt:"\\"say:hi\\"" { printf("%d %s\\n", arg0, probe); }`]);
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(r.stdout).toBe(`42 usdt:${bin}:ebt:"say:hi"\n\n\n`);
  });

  it("with -c, a glob over files names every matching file, not only the command", async () => {
    // usdt-copy has the same probes as usdt; only the command (usdt) runs, so only its probe fires.
    const copy = path.join(fx.dir, "usdt-copy");
    copyFileSync(fx.usdt, copy);
    const r = await runEbt(["-c", `${fx.usdt} 1`, "-e", `usdt:${path.join(fx.dir, "usdt*")}:ebt:tick { @[probe] = count(); }`]);
    expect(r.stderr).toBe("Attached 2 probes\n");
    expect(r.stdout).toBe(`0\n\n\n@[usdt:${fx.usdt}:ebt:tick]: 1\n`);
  });
});

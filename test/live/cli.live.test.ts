/**
 * The foundation, as a user meets it: real programs loaded into the real kernel through the CLI,
 * triggered by the test, with the exact output checked and the kernel left clean afterwards.
 */
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import type { BpfObjects } from "../helpers/bpf-objects.js";
import { EBT, EbtProcess, ROOT, runEbt } from "../helpers/run-ebt.js";
import { spawnSync } from "node:child_process";
import { namedShell, pausedSh, runNamed, sh } from "../helpers/trigger.js";

/** bpftrace ends every run with two newlines before the maps, even when there are none. */
const EXIT = "\n\n";

let before: BpfObjects;
beforeEach(() => {
  before = snapshot();
});
afterEach(async () => {
  expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
});

describe("one-liners", () => {
  it("BEGIN printf prints and exit() ends the run with code 0", async () => {
    const r = await runEbt(["-e", 'BEGIN { printf("hello %s %d\\n", "world", 42); exit(); }']);
    expect(r.stdout).toBe(`hello world 42\n${EXIT}`);
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(r.code).toBe(0);
  });

  for (const [style, program] of [
    ["< >", "tracepoint:syscalls:sys_enter_write < print(pid) >"],
    ["{ }", "tracepoint:syscalls:sys_enter_write { print(pid) }"],
  ]) {
    it(`streams the pid of every writer until Ctrl-C (${style} block)`, async () => {
      const ebt = new EbtProcess(["-e", program!]);
      await ebt.attached();
      const pid = await sh("echo hi > /dev/null");
      await ebt.waitFor(new RegExp(`^${pid}$`, "m"), "stdout");
      ebt.signal("SIGINT");
      const r = await ebt.wait();
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^(\d+\n)+\n\n$/);
    });
  }

  it("filters on pid and reads a user string from args (args.filename and args->filename)", async () => {
    for (const access of ["args.filename", "args->filename"]) {
      const target = path.join(mkdtempSync(path.join(os.tmpdir(), "ebt-open-")), "probe-me");
      writeFileSync(target, "x");
      const child = pausedSh(`: < ${target}`);
      const ebt = new EbtProcess(["-e", `tracepoint:syscalls:sys_enter_openat /pid == ${child.pid}/ { printf("%s\\n", str(${access})); }`]);
      await ebt.attached();
      await child.go();
      await ebt.waitFor(target, "stdout");
      ebt.signal("SIGINT");
      const r = await ebt.wait();
      expect(r.stdout).toBe(`${target}\n${EXIT}`);
      expect(r.code).toBe(0);
    }
  });

  it("counts per comm and prints the map in bpftrace's layout on Ctrl-C", async () => {
    const shell = namedShell("ebtcounter");
    const ebt = new EbtProcess(["-e", "tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }"]);
    await ebt.attached();
    runNamed(shell, "for i in 1 2 3; do :; done");
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("\n\n")).toBe(true);
    const lines = r.stdout.trim().split("\n");
    expect(lines.every((l) => /^@\[.*\]: \d+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^@\[ebtcounter\]: [1-9]\d*$/.test(l))).toBe(true);
    const counts = lines.map((l) => Number(l.split(": ").pop()));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  it("SIGTERM runs END and prints maps like Ctrl-C", async () => {
    const ebt = new EbtProcess(["-e", 'BEGIN { @started = 1; } END { printf("bye\\n"); }']);
    await ebt.attached();
    ebt.signal("SIGTERM");
    const r = await ebt.wait();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("bye\n\n\n@started: 1\n");
  });
});

describe("programs from files and stdin", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ebt-script-"));

  it("runs a script file, with positional parameters", async () => {
    const file = path.join(dir, "hello.ebt");
    writeFileSync(file, 'BEGIN {\n  printf("%s %d\\n", "file", $1);\n  exit();\n}\n');
    const r = await runEbt([file, "7"]);
    expect(r.stdout).toBe(`file 7\n${EXIT}`);
    expect(r.code).toBe(0);
  });

  it("runs an executable script through its #!/usr/bin/env ebt line", async () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), "ebt-bin-"));
    writeFileSync(path.join(bin, "ebt"), `#!/bin/sh\nexec "${process.execPath}" "${EBT}" "$@"\n`);
    chmodSync(path.join(bin, "ebt"), 0o755);
    const file = path.join(dir, "shebang.ebt");
    writeFileSync(file, '#!/usr/bin/env ebt\nBEGIN { printf("from shebang\\n"); exit(); }\n');
    chmodSync(file, 0o755);
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync(file, [], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(r.stdout).toBe(`from shebang\n${EXIT}`);
    expect(r.status).toBe(0);
  });

  it("reads the program from stdin with -", async () => {
    const r = await runEbt(["-"], { stdin: 'BEGIN { printf("stdin ok\\n"); exit(); }' });
    expect(r.stdout).toBe(`stdin ok\n${EXIT}`);
    expect(r.code).toBe(0);
  });
});

describe("errors", () => {
  it("reports a syntax error at its place, in bpftrace's layout, with exit code 1", async () => {
    const r = await runEbt(["-e", 'BEGIN { printf("x" }']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^stdin:1:20-21: ERROR: syntax error, unexpected }[^\n]*\nBEGIN \{ printf\("x" \}\n {19}~\n$/);
  });

  it("reports an unknown tracepoint at the attach point", async () => {
    const r = await runEbt(["-e", "tracepoint:nope:nothing { print(1) }"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("stdin:1:1-24: ERROR: No matches for tracepoint nope:nothing.\ntracepoint:nope:nothing { print(1) }\n~~~~~~~~~~~~~~~~~~~~~~~\n");
  });
});

describe("an install whose native addon was not built", () => {
  it("says what to run, without a stack trace, and exits 1", () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), "ebt-noaddon-"));
    cpSync(path.join(ROOT, "dist"), path.join(copy, "dist"), { recursive: true });
    cpSync(path.join(ROOT, "package.json"), path.join(copy, "package.json"));
    const r = spawnSync(process.execPath, [path.join(copy, "dist/cli/main.js"), "-e", "BEGIN { exit(); }"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`ERROR: the native addon is not built (${path.join(copy, "build/Release/ebt_native.node")} is missing); ` +
      "run `npm install` (it needs g++, make and python3 for node-gyp)\n");
  });
});

describe("an install whose V8 code cache does not fit (another Node version) or is missing", () => {
  it("runs the same, compiling the core from source", () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), "ebt-nocache-"));
    cpSync(path.join(ROOT, "dist"), path.join(copy, "dist"), { recursive: true });
    cpSync(path.join(ROOT, "package.json"), path.join(copy, "package.json"));
    cpSync(path.join(ROOT, "build/Release/ebt_native.node"), path.join(copy, "build/Release/ebt_native.node"));
    const cache = path.join(copy, "dist/core/core.cache");
    const stats = path.join(copy, "stats.json");
    const run = () => spawnSync(process.execPath, [path.join(copy, "dist/cli/main.js"), "-e", 'BEGIN { printf("hi\\n"); exit(); }'], { encoding: "utf8", env: { ...process.env, EBT_STARTUP_STATS: stats } });
    const cases: [string, () => void][] = [
      ["rejected", () => writeFileSync(cache, readFileSync(cache).subarray(0, 4096))],
      ["none", () => rmSync(cache)],
    ];
    for (const [expected, spoil] of cases) {
      spoil();
      const r = run();
      expect(r.stderr).toBe("Attached 1 probe\n");
      expect(r.stdout).toBe("hi\n\n\n");
      expect(r.status).toBe(0);
      expect(JSON.parse(readFileSync(stats, "utf8")).launch.codeCache).toBe(expected);
    }
    rmSync(copy, { recursive: true, force: true });
  });
});

describe("-d / --emit asm", () => {
  it("prints the disassembly in the kernel's syntax, headed by source lines, without loading", async () => {
    for (const flag of [["-d"], ["--emit", "asm"]]) {
      const r = await runEbt([...flag, "-e", "tracepoint:syscalls:sys_enter_write /pid == 1/ { @[comm] = count(); }"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("tracepoint:syscalls:sys_enter_write:\n");
      expect(r.stdout).toContain("; 1: tracepoint:syscalls:sys_enter_write /pid == 1/ { @[comm] = count(); }\n");
      expect(r.stdout).toMatch(/^ +\d+: \(85\) call bpf_get_current_pid_tgid#14$/m);
      expect(r.stdout).toMatch(/^ +\d+: \(18\) r1 = map\[@\]$/m);
      expect(r.stdout).toMatch(/^ +\d+: \(95\) exit$/m);
      expect(r.stderr).toBe("");
    }
  });
});

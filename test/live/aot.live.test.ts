/**
 * `ebt --aot FILE`: the program compiled into an executable that runs it later without compiling,
 * with its getopt() options given when it runs, and a clear refusal of what cannot be compiled
 * ahead of time or no longer fits the machine it runs on.
 */
import { execFile } from "node:child_process";
import { appendFileSync, copyFileSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import type { BpfObjects } from "../helpers/bpf-objects.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";
import type { EbtResult } from "../helpers/run-ebt.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "ebt-aot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let before: BpfObjects;
beforeEach(() => {
  before = snapshot();
});
afterEach(async () => {
  expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
});

let n = 0;
/** Compiles `program` ahead of time into a new file of the test directory; returns its path. */
async function compileAhead(program: string, extra: string[] = []): Promise<string> {
  const file = path.join(dir, `p${n++}.btaot`);
  const r = await runEbt(["-e", program, ...extra, "--aot", file]);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("");
  expect(r.code).toBe(0);
  return file;
}

/** Runs the compiled file as a user does (`./file args`): the kernel reads its #! line. */
function runFile(file: string, args: string[] = []): Promise<EbtResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number; signal?: NodeJS.Signals }) | null;
      resolve({ stdout, stderr, code: e ? (typeof e.code === "number" ? e.code : null) : 0, signal: e?.signal ?? null });
    });
  });
}

const OPTIONS_PROGRAM = 'begin { print((getopt("aa", 10), getopt("cc", true), getopt("dd"), getopt("ee", "hello"), getopt("neg", -3, "a signed one"))); }';

describe("ebt --aot FILE", () => {
  it("writes an executable that runs the program with the options given when it runs", async () => {
    const file = await compileAhead(OPTIONS_PROGRAM);
    expect(statSync(file).mode & 0o111).toBe(0o111);
    expect(readFileSync(file, "latin1").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const r = await runFile(file, ["--", "--dd", "--aa=20", "--cc=False", "--neg=-40"]);
    expect(r.stdout).toBe("(20, false, true, hello, -40)\n\n\n");
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(r.code).toBe(0);
    // The same program compiled and run at once prints the same.
    const direct = await runEbt(["-e", OPTIONS_PROGRAM, "--", "--dd", "--aa=20", "--cc=False", "--neg=-40"]);
    expect(direct.stdout).toBe(r.stdout);
  });

  it("one compiled file runs again and again with other options, defaults where none are given", async () => {
    const file = await compileAhead(OPTIONS_PROGRAM);
    expect((await runFile(file)).stdout).toBe("(10, true, false, hello, -3)\n\n\n");
    const strings = await runFile(file, ["--", "--ee=a longer string than the default ü", "--cc=0"]);
    expect(strings.stdout).toBe("(10, false, false, a longer string than the default ü, -3)\n\n\n");
    expect(strings.code).toBe(0);
  });

  it("options drive the code, not only what is printed: a branch and a loop bound", async () => {
    const file = await compileAhead('begin { $n = 0; $i = (uint64)0; while ($i < getopt("times", 2)) { $n += 3; $i++; } if (getopt("loud")) { printf("loud %d\\n", $n); } else { printf("quiet %d\\n", $n); } }');
    expect((await runFile(file)).stdout).toBe("quiet 6\n\n\n");
    expect((await runFile(file, ["--", "--loud", "--times=5"])).stdout).toBe("loud 15\n\n\n");
  });

  it("the program's options are checked when it runs, with bpftrace's messages", async () => {
    const file = await compileAhead('begin { printf("%d %s\\n", getopt("count", 1, "how many"), getopt("name", "x")); }');
    const unknown = await runFile(file, ["--", "--cuont=2"]);
    expect(unknown.stderr).toBe("ERROR: unexpected program command line options: --cuont\nHINT: expected program options: --count, --name\n");
    expect(unknown.code).toBe(1);
    const help = await runFile(file, ["--", "--help"]);
    expect(help.stderr).toBe("HINT: expected program options:\n--count: how many\n--name\n");
    expect(help.code).toBe(1);
    const typed = await runFile(file, ["--", "--count=many"]);
    expect(typed.stderr).toMatch(/^ERROR: program command line option --count .* \(value: many\)\n$/);
    expect(typed.code).toBe(1);
    const long = await runFile(file, ["--", `--name=${"y".repeat(70)}`]);
    expect(long.stderr).toBe(`ERROR: program command line option --name is too long for this compiled program: it holds at most 63 bytes (value: ${"y".repeat(70)})\n`);
    expect(long.code).toBe(1);
  });

  it("takes output options but no positional parameters; -h shows its usage", async () => {
    const file = await compileAhead('begin { printf("hi\\n"); }');
    const json = await runFile(file, ["-f", "json", "-q"]);
    expect(json.stdout).toBe('{"type": "printf", "data": "hi\\n"}\n');
    expect(json.stderr).toBe("");
    const out = path.join(dir, "out.txt");
    expect((await runFile(file, ["-o", out])).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("hi\n\n\n");
    const positional = await runFile(file, ["word"]);
    expect(positional.stderr).toBe("ERROR: AOT does not support positional parameters\n");
    expect(positional.code).toBe(1);
    const usage = await runFile(file, ["-h"]);
    expect(usage.stdout).toContain(`USAGE: ${file} [options] [-- --OPTION[=VALUE] ...]\n`);
    expect(usage.code).toBe(0);
  });

  it("a tracepoint program compiled ahead of time sees the events of its run", async () => {
    const marker = path.join(dir, "opened-by-test");
    const file = await compileAhead(`tracepoint:syscalls:sys_enter_openat /str(args.filename) == "${marker}"/ { printf("%s was opened\\n", str(args.filename)); exit(); }`);
    const ebt = new EbtProcess([], { main: file });
    await ebt.attached();
    closeSync(openSync(marker, "w"));
    const r = await ebt.wait();
    expect(r.stdout).toBe(`${marker} was opened\n\n\n`);
    expect(r.code).toBe(0);
  });

  it("refuses, at its place, what would be this machine's or this moment's", async () => {
    const positional = await runEbt(["-e", "begin { printf(\"%d\\n\", $1); }", "--aot", path.join(dir, "never"), "5"]);
    expect(positional.stderr).toBe('stdin:1:24-26: ERROR: AOT does not yet support positional parameters\nbegin { printf("%d\\n", $1); }\n                       ~~\n');
    expect(positional.code).toBe(1);
    const cast = await runEbt(["-e", "tracepoint:sched:sched_switch { print(((struct task_struct *)curtask)->pid); }", "--aot", path.join(dir, "never")]);
    expect(cast.stderr).toContain("ERROR: AOT does not yet support struct casts");
    expect(cast.stderr).toContain("ERROR: AOT does not yet support accessing `curtask`");
    expect(cast.code).toBe(1);
    const kaddr = await runEbt(["-e", 'begin { print(kaddr("jiffies")); }', "--aot", path.join(dir, "never")]);
    expect(kaddr.stderr).toContain("ERROR: AOT does not yet support kaddr()");
    const pid = await runEbt(["-p", String(process.pid), "-e", "begin { }", "--aot", path.join(dir, "never")]);
    expect(pid.stderr).toBe("ERROR: --aot cannot be used with -p: the process belongs to this run, not to the program compiled ahead of time\n");
    expect(() => statSync(path.join(dir, "never"))).toThrow();
  });

  it("refuses to run where a fact it was compiled from changed (a probed binary)", async () => {
    const bash = path.join(dir, "bash");
    copyFileSync("/bin/bash", bash);
    const file = await compileAhead(`uprobe:${bash}:readline { printf("read\\n"); }`);
    appendFileSync(bash, "x");
    const r = await runFile(file);
    expect(r.stderr).toBe(`ERROR: ${file} was compiled ahead of time for another system: the file ${bash} changed since. Compile it again with ebt --aot.\n`);
    expect(r.code).toBe(1);
  });
});

/**
 * uprobe / uretprobe on freshly compiled programs (plain, PIE, a shared library), triggered by
 * running them a known number of times. Expected texts are what bpftrace prints for the same
 * programs, except `func`: bpftrace 0.17 prints it as an unresolved address, current bpftrace (and
 * ebt) as the function's name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCFixtures, runFixture } from "../helpers/c-fixtures.js";
import type { CFixtures } from "../helpers/c-fixtures.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";
import { ElfFile } from "../../src/elf/elf.js";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

let fx: CFixtures;
beforeAll(() => {
  fx = buildCFixtures();
});
afterAll(() => fx.cleanup());

/** The BPF programs a process holds, and its links as `type count` (from /proc/PID/fdinfo). */
function bpfObjects(pid: number): { progs: number; links: string[] } {
  let progs = 0;
  const links: string[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    if (target === "anon_inode:bpf-prog") progs++;
    if (target !== "anon_inode:bpf_link") continue;
    const info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8");
    const type = /^link_type:\s*(\S+)/m.exec(info)?.[1];
    const count = /^uprobe_cnt:\s*(\d+)/m.exec(info)?.[1];
    links.push(`${type} ${count}`);
  }
  return { progs, links: links.sort() };
}

/** Starts ebt, waits until attached, runs `trigger`, then Ctrl-C; returns what the user saw. */
async function trace(program: string, trigger: () => void, extra: string[] = []) {
  const ebt = new EbtProcess([...extra, "-e", program]);
  await ebt.attached();
  trigger();
  ebt.signal("SIGINT");
  return ebt.wait();
}

describe("uprobe and uretprobe", () => {
  it("reads arguments on entry and the return value on return, in a plain executable", async () => {
    const r = await trace(
      `uprobe:${fx.target}:ebt_add { printf("%s %d %d\\n", func, arg0, arg1); } ` +
        `uretprobe:${fx.target}:ebt_add { printf("ret %s %d\\n", func, retval); } ` +
        `u:${fx.target}:ebt_strlen { printf("%s\\n", str(arg0)); }`,
      () => expect(runFixture(fx.target, "2")).toBe("78\n"),
    );
    expect(r.stderr).toBe("Attached 3 probes\n");
    expect(r.stdout).toBe("ebt_add 1 10\nret ebt_add 11\nhello uprobe\nebt_add 2 20\nret ebt_add 22\nhello uprobe\n\n\n");
    expect(r.code).toBe(0);
  });

  it("attaches in PIE executables and in shared libraries, at the file offset", async () => {
    const r = await trace(
      `u:${fx.targetPie}:ebt_add { @add[arg0, arg1] = count(); } ur:${fx.lib}:lib_mul { @mul = sum(retval); }`,
      () => {
        runFixture(fx.targetPie, "3");
        runFixture(fx.target, "1"); // the library is probed in every process that maps it
      },
    );
    expect(r.stdout).toBe("\n\n@add[1, 10]: 1\n@add[2, 20]: 1\n@add[3, 30]: 1\n@mul: 49\n");
  });

  it("several probes on one function run in the order the script names them (uprobe and uretprobe)", async () => {
    for (const kind of ["uprobe", "uretprobe"]) {
      const r = await trace(
        `${kind}:${fx.target}:ebt_add { printf("first"); } ${kind}:${fx.target}:ebt_add { printf(" second"); } ${kind}:${fx.target}:ebt_add { printf(" third\\n"); }`,
        () => runFixture(fx.target, "2"),
      );
      expect(r.stdout).toBe("first second third\nfirst second third\n\n\n");
    }
  });

  it("expands wildcards to one probe per function, and func names each", async () => {
    const r = await trace(`uretprobe:${fx.target}:ebt_* { @[func] = count(); }`, () => runFixture(fx.target, "4"));
    expect(r.stderr).toBe("Attached 3 probes\n");
    expect(r.stdout).toBe("\n\n@[ebt_other]: 1\n@[ebt_add]: 4\n@[ebt_strlen]: 4\n");
  });

  it("attaches a wildcard as one program on one uprobe_multi link when the program is the same for every match", async () => {
    const ebt = new EbtProcess(["-e", `uprobe:${fx.target}:ebt_* { @in = count(); } uretprobe:${fx.target}:ebt_* { @out = count(); }`]);
    await ebt.attached();
    const held = bpfObjects(ebt.child.pid!);
    runFixture(fx.target, "2");
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(held).toEqual({ progs: 2, links: ["uprobe_multi 3", "uretprobe_multi 3"] });
    expect(r.stderr).toBe("Attached 6 probes\n");
    // ebt_add and ebt_strlen twice each, ebt_other once: every function runs the one program.
    expect(r.stdout).toBe("\n\n@in: 5\n@out: 5\n");
  });

  it("gives each match its own program when the script tells them apart (probe)", async () => {
    const ebt = new EbtProcess(["-e", `uprobe:${fx.target}:ebt_* { @[probe] = count(); }`]);
    await ebt.attached();
    const held = bpfObjects(ebt.child.pid!);
    runFixture(fx.target, "2");
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(held.progs).toBe(3);
    expect(r.stdout).toBe(`\n\n@[uprobe:${fx.target}:ebt_other]: 1\n@[uprobe:${fx.target}:ebt_add]: 2\n@[uprobe:${fx.target}:ebt_strlen]: 2\n`);
  });

  it("probes func+offset and raw addresses; reg() reads registers", async () => {
    const main = ElfFile.open(fx.target).findFunction("main")!.addr;
    const add = ElfFile.open(fx.target).findFunction("ebt_add")!.addr;
    const r = await trace(
      `uprobe:${fx.target}:ebt_add+0 { @a = count(); } uprobe:${fx.target}:0x${add.toString(16)} { @b = count(); } ` +
        `uprobe:${fx.target}:main { printf("%x\\n", reg("ip")); }`,
      () => runFixture(fx.target, "2"),
    );
    expect(r.stdout).toBe(`${main.toString(16)}\n\n\n@a: 2\n@b: 2\n`);
  });

  it("reports a missing binary or symbol at the probe, in bpftrace's words", async () => {
    const missing = await runEbt(["-e", "uprobe:/nonexist:foo { }"]);
    expect(missing.stderr).toBe(
      "stdin:1:1-21: ERROR: uprobe target file '/nonexist' does not exist or is not executable\nuprobe:/nonexist:foo { }\n~~~~~~~~~~~~~~~~~~~~\n",
    );
    expect(missing.code).toBe(1);
    const nosym = await runEbt(["-e", `uprobe:${fx.target}:nosuch { }`]);
    expect(nosym.stderr).toContain(`ERROR: No matches for uprobe ${fx.target}:nosuch.\n`);
    const noargs = await runEbt(["-e", "uprobe:/bin/sh { }"]);
    expect(noargs.stderr).toContain("ERROR: uprobe probe type requires 2 arguments\n");
    const arg = await runEbt(["-e", `uretprobe:${fx.target}:ebt_add { print(arg0) }`]);
    expect(arg.stderr).toContain("ERROR: The arg0 builtin can not be used with 'uretprobe' probes\n");
    const ret = await runEbt(["-e", `uprobe:${fx.target}:ebt_add { print(retval) }`]);
    expect(ret.stderr).toContain("ERROR: The retval builtin can not be used with 'uprobe' probes\n");
  });

  it("finds libc by name", async () => {
    const r = await runEbt(["-d", "-e", "uprobe:libc:malloc { @ = count(); }"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^uprobe:\/.*libc\.so\.6:malloc:$/m);
  });
});

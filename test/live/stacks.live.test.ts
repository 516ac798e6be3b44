/**
 * Stacks and symbols, live: kernel stacks from a profile and from a syscall tracepoint, user stacks
 * from a uprobe and from a syscall in a program built here with frame pointers, and ksym/usym/
 * kaddr/uaddr. Exact bpftrace layouts of kernel stacks are pinned by test/corpus/stacks too.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ElfFile } from "../../src/elf/elf.js";
import { INLINED_SOURCE, STACKS_SOURCE, buildStackFixture } from "../helpers/c-fixtures.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";

let dir: string;
let stacks: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ebt-stacks-"));
  stacks = buildStackFixture(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the fixture (its call chain runs at once) while ebt traces, and keeps the process alive
 * until ebt has printed: user stacks are symbolized through the live process's maps.
 */
async function traceFixture(program: string, env?: NodeJS.ProcessEnv, binary = stacks): Promise<{ stdout: string; stderr: string; pid: number }> {
  const ebt = new EbtProcess(["-e", program], { env });
  await ebt.attached();
  const child = spawn(binary, [], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise<void>((resolve) => child.stdout!.on("data", (d: Buffer) => d.toString().includes("done") && resolve()));
  ebt.signal("SIGINT");
  const r = await ebt.wait();
  child.stdin!.end();
  await new Promise((resolve) => child.on("exit", resolve));
  expect(r.code).toBe(0);
  return { stdout: r.stdout, stderr: r.stderr, pid: child.pid! };
}

/** The frame lines of the first `@name[...]` key in map output. */
function keyFrames(stdout: string, name: string): string[] {
  const m = new RegExp(`^${name.replace(/[@[\]]/g, "\\$&")}\\[\\n([^\\]]*)\\]: \\d+$`, "m").exec(stdout);
  if (!m) throw new Error(`no ${name} stack in:\n${stdout}`);
  return m[1]!.split("\n").filter(Boolean);
}

describe("user stacks", () => {
  it("len(ustack) is the stack's depth in frames, up to its limit, wherever the stack is kept", async () => {
    const r = await traceFixture(
      `uprobe:${stacks}:ebt_leaf { @full = len(ustack); @three = len(ustack(3)); $s = ustack(raw, 4); @var = len($s); @kept = ustack(2); @[ustack] = count(); } ` +
        `uprobe:${stacks}:ebt_middle { @mid = len(ustack); } ` +
        "END { $k = @kept; @fromMap = len($k); }",
    );
    const depth = keyFrames(r.stdout, "@").length;
    const value = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, "m").exec(r.stdout)?.[1]);
    expect(depth).toBeGreaterThanOrEqual(5);
    expect(value("@full")).toBe(depth);
    // ebt_middle is two calls shallower than ebt_leaf.
    expect(value("@mid")).toBe(depth - 2);
    expect([value("@three"), value("@var"), value("@fromMap")]).toEqual([3, 4, 2]);
    const bad = await runEbt(["-e", "BEGIN { @x = len(1); }"]);
    expect(bad.stderr).toBe("stdin:1:14-20: ERROR: call to len() expects a map, ustack, or kstack\nBEGIN { @x = len(1); }\n             ~~~~~~\n");
  });

  it("ustack in a uprobe names the functions of the call chain, innermost first", async () => {
    const r = await traceFixture(`uprobe:${stacks}:ebt_leaf { @[ustack] = count(); @p[ustack(perf, 3)] = count(); }`);
    const frames = keyFrames(r.stdout, "@");
    // The kernel walks frame pointers: every function of the chain is there, main last of ours.
    expect(frames.slice(0, 5).map((f) => f.replace(/\+\d+$/, ""))).toEqual([
      "    ebt_leaf", "    ebt_inner", "    ebt_middle", "    ebt_outer", "    main",
    ]);
    expect(frames[0]).toBe("    ebt_leaf+0");
    // perf mode: `\t<address> <func>+<offset> (<file>)`, three frames; each address is the
    // function's ELF address plus the offset (a non-PIE executable is mapped at its ELF addresses).
    const perf = keyFrames(r.stdout, "@p");
    expect(perf).toHaveLength(3);
    const elf = ElfFile.open(stacks);
    perf.forEach((line, i) => {
      const m = /^\t([0-9a-f]+) (\w+)\+(\d+) \((.*)\)$/.exec(line);
      expect(m, line).not.toBeNull();
      expect(m![2]).toBe(["ebt_leaf", "ebt_inner", "ebt_middle"][i]);
      expect(m![4]).toBe(stacks);
      expect(BigInt(`0x${m![1]}`)).toBe(BigInt(elf.findFunction(m![2]!)!.addr + Number(m![3])));
    });
  });

  it("ustack at a syscall starts in libc, and usym/uaddr name and find user functions", async () => {
    const r = await traceFixture(
      `tracepoint:syscalls:sys_enter_getppid /comm == "stacks"/ { @[ustack(perf, 3)] = count(); } ` +
        `uprobe:${stacks}:ebt_leaf { printf("%s %s %d\\n", usym(reg("ip")), usym(uaddr("ebt_outer")), uaddr("ebt_leaf") == reg("ip")); }`,
    );
    expect(r.stdout.split("\n")[0]).toBe("ebt_leaf ebt_outer 1");
    const frames = keyFrames(r.stdout, "@");
    expect(frames[0]).toMatch(/^\t[0-9a-f]+ getppid\+\d+ \(\/.*libc\.so\.6\)$/);
    // Probed at the syscall, ebt_leaf's own frame is still in libc's getppid: its caller comes next.
    expect(frames[1]).toMatch(new RegExp(`^\\t[0-9a-f]+ ebt_inner\\+\\d+ \\(${stacks}\\)$`));
  });
});

describe("user stacks with source lines", () => {
  /** What addr2line (binutils) says of each address: the oracle for `@file:line`. */
  const addr2line = (file: string, addrs: string[]) =>
    execFileSync("addr2line", ["-e", file, ...addrs.map((a) => `0x${a}`)], { encoding: "utf8" }).split("\n").filter(Boolean).map((l) => l.replace(/ \(discriminator \d+\)$/, ""));

  it("frames of a program built with -g end in @file:line, as addr2line reads the line table", async () => {
    const withDebug = buildStackFixture(dir, "stacks-g", ["-g"]);
    const r = await traceFixture(`uprobe:${withDebug}:ebt_leaf { print(ustack(raw, 3)); print(ustack(3)); exit(); }`, undefined, withDebug);
    const [raw, pretty] = r.stdout.split("\n\n").filter(Boolean);
    const addrs = raw!.split("\n").filter(Boolean);
    expect(addrs).toHaveLength(3);
    const lines = addr2line(withDebug, addrs);
    expect(lines[0]).toBe(`${STACKS_SOURCE}:8`);
    const names = ["ebt_leaf", "ebt_inner", "ebt_middle"];
    const frames = pretty!.split("\n").filter(Boolean);
    frames.forEach((f, i) => expect(f).toMatch(new RegExp(`^        ${names[i]}\\+\\d+@${lines[i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`)));
    expect(frames[0]).toBe(`        ebt_leaf+0@${STACKS_SOURCE}:8`);
    // show_debug_info = 0, and perf mode, leave the source out.
    const off = await traceFixture(`config = { show_debug_info = 0 } uprobe:${withDebug}:ebt_leaf { print(ustack(1)); print(ustack(perf, 1)); exit(); }`, undefined, withDebug);
    expect(off.stdout).toBe(`\n        ebt_leaf+0\n\n\n\t${addrs[0]} ebt_leaf+0 (${withDebug})\n\n\n\n`);
  });

  it("a stripped program with a debug link gets its symbols and lines from the debug file", async () => {
    const full = buildStackFixture(dir, "stacks-dbg", ["-g"]);
    const stripped = path.join(dir, "stacks-stripped");
    execFileSync("objcopy", ["--only-keep-debug", full, `${stripped}.debug`]);
    execFileSync("objcopy", ["--strip-all", `--add-gnu-debuglink=${stripped}.debug`, full, stripped]);
    const leaf = ElfFile.open(full).findFunction("ebt_leaf")!.addr.toString(16);
    expect(ElfFile.open(stripped).section(".symtab")).toBeUndefined();
    const r = await traceFixture(`uprobe:${stripped}:0x${leaf} { print(ustack(2)); exit(); }`, undefined, stripped);
    const frames = r.stdout.split("\n").filter(Boolean);
    expect(frames[0]).toBe(`        ebt_leaf+0@${STACKS_SOURCE}:8`);
    expect(frames[1]).toMatch(new RegExp(`^        ebt_inner\\+\\d+@${STACKS_SOURCE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1[456]$`));
    expect(frames).toHaveLength(2);
    // Without -g there is no line table: names only.
    const plain = await traceFixture(`uprobe:${stacks}:ebt_leaf { print(ustack(1)); exit(); }`);
    expect(plain.stdout).toBe("\n        ebt_leaf+0\n\n\n\n");
  });
});

describe("inlined functions in user stacks", () => {
  it("a frame in inlined code prints each inlined function, innermost first, as addr2line -i reads DWARF", async () => {
    const inl = path.join(dir, "inlined");
    execFileSync("gcc", ["-g", "-O1", "-fno-omit-frame-pointer", "-no-pie", "-o", inl, INLINED_SOURCE]);
    // The return address of ebt_outer's call to getppid (objdump: the instruction after the call),
    // which is in the inlined code; a uprobe there takes the stack with that address first.
    const disasm = execFileSync("objdump", ["-d", "--no-show-raw-insn", inl], { encoding: "utf8" });
    const body = disasm.slice(disasm.indexOf("<ebt_outer>:"));
    const after = /call\s+[0-9a-f]+ <getppid@plt>\n\s*([0-9a-f]+):/.exec(body)![1]!;
    const r = await traceFixture(`uprobe:${inl}:0x${after} { print(ustack(raw, 1)); print(ustack(2)); print(ustack(perf, 1)); exit(); }`, undefined, inl);
    const [raw, pretty, perf] = r.stdout.split("\n\n").filter(Boolean);
    const ret = raw!.split("\n").filter(Boolean)[0]!;
    expect(ret).toBe(after);
    // addr2line -i -f: function, file:line pairs from the innermost inlined function out.
    const oracle = execFileSync("addr2line", ["-i", "-f", "-e", inl, `0x${ret}`], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(oracle.filter((_, i) => i % 2 === 0)).toEqual(["ebt_inner", "ebt_middle", "ebt_outer"]);
    const [inner, middle, outer] = [1, 3, 5].map((i) => oracle[i]!.replace(/ \(discriminator \d+\)$/, ""));
    const off = Number(BigInt(`0x${ret}`)) - ElfFile.open(inl).findFunction("ebt_outer")!.addr;
    const lines = pretty!.split("\n").filter(Boolean);
    // ustack(2): two addresses, the first of them three frames.
    expect(lines.slice(0, 3)).toEqual([
      `        [inlined] ebt_inner@${inner}`,
      `        [inlined] ebt_middle@${middle}`,
      `        ebt_outer+${off}@${outer}`,
    ]);
    expect(lines[3]).toMatch(/^        main\+\d+@/);
    expect(lines).toHaveLength(4);
    expect(perf!.split("\n").filter(Boolean)).toEqual([
      `\t${ret} ebt_inner (inlined)`,
      `\t${ret} ebt_middle (inlined)`,
      `\t${ret} ebt_outer+${off} (${inl})`,
    ]);
  });
});

describe("stack modes", () => {
  it("stack_mode in config and BPFTRACE_STACK_MODE in the environment (which wins) pick the default mode", async () => {
    const elf = ElfFile.open(stacks);
    const leaf = elf.findFunction("ebt_leaf")!.addr.toString(16);
    const raw = await traceFixture(`config = { stack_mode = raw } uprobe:${stacks}:ebt_leaf { @[ustack(1)] = count(); @k[kstack(1)] = count(); }`);
    expect(raw.stdout).toBe(`\n\n@[\n${leaf}\n]: 1\n@k[]: 1\n`);
    const perf = await traceFixture(`config = { stack_mode = raw } uprobe:${stacks}:ebt_leaf { @[ustack(1)] = count(); }`, { BPFTRACE_STACK_MODE: "perf" });
    expect(perf.stdout).toBe(`\n\n@[\n\t${leaf} ebt_leaf+0 (${stacks})\n]: 1\n`);
    // A mode named in the call is that stack's own.
    const own = await traceFixture(`uprobe:${stacks}:ebt_leaf { @[ustack(raw, 1)] = count(); }`, { BPFTRACE_STACK_MODE: "perf" });
    expect(own.stdout).toBe(`\n\n@[\n${leaf}\n]: 1\n`);
    const bad = await runEbt(["-e", "config = { stack_mode = sideways } BEGIN { }"]);
    expect(bad.stderr).toContain("ERROR: stack_mode: Invalid value for stack_mode: valid values are bpftrace, raw, perf, and build_id.\n");
  });

  it("ustack(build_id): each frame as the file's build id and the offset in it", async () => {
    const elf = ElfFile.open(stacks);
    const note = execFileSync("readelf", ["-n", stacks], { encoding: "utf8" });
    const buildId = /Build ID: ([0-9a-f]+)/.exec(note)![1]!;
    const r = await traceFixture(`uprobe:${stacks}:ebt_leaf { @[ustack(build_id, 1)] = count(); }`);
    const offset = elf.vaddrToOffset(elf.findFunction("ebt_leaf")!.addr)!;
    expect(r.stdout).toBe(`\n\n@[\n${buildId} 0x${offset.toString(16)}\n]: 1\n`);
    // Kernel stacks have no build ids: a configured build_id mode prints them raw, with a warning.
    const k = await runEbt(["-e", "config = { stack_mode = build_id } BEGIN { print(kstack(1)); exit(); }"]);
    expect(k.stderr).toContain("WARNING: 'build_id' stack mode can only be used for ustack. Falling back to 'raw' mode.\n");
    const e = await runEbt(["-e", "BEGIN { print(kstack(build_id)); }"]);
    expect(e.stderr).toContain("ERROR: 'build_id' stack mode can only be used for ustack\n");
  });

  it("a process that has exited by print time is symbolized from the probed executable", async () => {
    const ebt = new EbtProcess(["-e", `config = { show_debug_info = 0 } uprobe:${stacks}:ebt_leaf { @[ustack(3)] = count(); }`]);
    await ebt.attached();
    // stdin closed at once: the chain runs, then the program exits before ebt prints its maps.
    await new Promise((resolve) => spawn(stacks, [], { stdio: ["ignore", "ignore", "inherit"] }).on("exit", resolve));
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(r.stdout).toMatch(/^\n\n@\[\n    ebt_leaf\+0\n    ebt_inner\+\d+\n    ebt_middle\+\d+\n\]: 1\n$/);
  });
});

describe("kernel stacks", () => {
  it("profile samples kernel stacks of a process reading /dev/zero, in bpftrace's layout", async () => {
    const ebt = new EbtProcess(["-e", 'profile:hz:499 /comm == "dd"/ { @[kstack] = count(); }']);
    await ebt.attached();
    await new Promise((resolve) => spawn("dd", ["if=/dev/zero", "of=/dev/null", "bs=1M", "count=3000"], { stdio: "ignore" }).on("exit", resolve));
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(r.code).toBe(0);
    const body = r.stdout.replace(/^\n\n/, "");
    // Every entry is `@[` + frames indented by 4 + `]: N`, or `@[]: N` for samples taken in user mode.
    expect(body).toMatch(/^(@\[(\n    [\w.]+\+\d+)+\n\]: \d+\n|@\[\]: \d+\n)+$/);
    expect(body).toMatch(/\n    ksys_read\+\d+\n(    [\w.]+\+\d+\n)*    entry_SYSCALL_64_after_hwframe\+\d+\n\]/);
  });

  it("kaddr of an unknown symbol and bad stack arguments are located errors", async () => {
    const r = await runEbt(["-e", 'BEGIN { print(kaddr("no_such_symbol_ebt")); print(kstack(perf, 500)); }']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'stdin:1:15-42: ERROR: Failed to resolve kernel symbol: no_such_symbol_ebt\n' +
        'BEGIN { print(kaddr("no_such_symbol_ebt")); print(kstack(perf, 500)); }\n' +
        "              ~~~~~~~~~~~~~~~~~~~~~~~~~~~\n" +
        "stdin:1:64-67: ERROR: kstack() limit must be between 1 and 127 (the kernel's perf_event_max_stack)\n" +
        'BEGIN { print(kaddr("no_such_symbol_ebt")); print(kstack(perf, 500)); }\n' +
        "                                                               ~~~\n",
    );
  });
});

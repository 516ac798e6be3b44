/**
 * Where uprobes attach, live: symbols that match nothing under each missing_probes mode, addresses
 * no symbol covers and sizeless symbols (bpftrace's attach-time errors), libraries by soname,
 * a binary stored inside a zip archive, a flat (non-ELF) binary with --unsafe, `*` and listings
 * with -p. Programs are the C fixtures built for the test, so only our runs hit their probes.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCFixtures, buildStackFixture, runFixture } from "../helpers/c-fixtures.js";
import type { CFixtures } from "../helpers/c-fixtures.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";
import { ElfFile } from "../../src/elf/elf.js";

let fx: CFixtures;
beforeAll(() => {
  fx = buildCFixtures();
});
afterAll(() => fx.cleanup());

describe("uprobe attach points", () => {
  it("a function that is not there: an error, a warning or nothing, by missing_probes", async () => {
    const spec = `${fx.target}:ebt_nosuch`;
    const program = (mode?: string) =>
      `${mode ? `config = { missing_probes = "${mode}" } ` : ""}uprobe:${fx.target}:ebt_add,uprobe:${spec} { @ = count(); } BEGIN { exit(); }`;
    const where = (prog: string) => prog.indexOf(`uprobe:${spec}`);
    const caret = (prog: string) => `${prog}\n${" ".repeat(where(prog))}${"~".repeat(`uprobe:${spec}`.length)}\n`;
    const col = (prog: string) => `${where(prog) + 1}-${where(prog) + 1 + `uprobe:${spec}`.length}`;

    const error = await runEbt(["-e", program()]);
    expect(error.stderr).toBe(`stdin:1:${col(program())}: ERROR: No matches for uprobe ${spec}.\n${caret(program())}`);
    expect(error.code).toBe(1);

    const warn = await runEbt(["-e", program("warn")]);
    expect(warn.stderr).toBe(`stdin:1:${col(program("warn"))}: WARNING: No matches for uprobe ${spec}. Skipping.\n${caret(program("warn"))}Attached 2 probes\n`);
    expect(warn.code).toBe(0);

    const ignore = await runEbt(["-e", program("ignore")]);
    expect(ignore.stderr).toBe("Attached 2 probes\n");
    expect(ignore.code).toBe(0);
  });

  it("an address no symbol covers, and a symbol of size 0, need --unsafe (bpftrace's attach errors)", async () => {
    const addr = await runEbt(["-e", `uprobe:${fx.target}:16 { }`]);
    expect(addr.stderr).toBe(`ERROR: Could not resolve address: ${fx.target}:0x10\n`);
    expect(addr.code).toBe(1);
    const init = ElfFile.open(fx.target).findFunction("_init")!;
    expect(init.size).toBe(0);
    const sizeless = await runEbt(["-e", `uprobe:${fx.target}:_init { }`]);
    expect(sizeless.stderr).toBe(
      "ERROR: Could not determine boundary for _init (symbol has size 0).\n" +
        "Use --unsafe to force attachment. WARNING: This option could lead to data corruption in the target process.\n",
    );
    const unsafe = await runEbt(["--unsafe", "-e", `uprobe:${fx.target}:_init { } BEGIN { exit(); }`]);
    expect(unsafe.stderr).toBe("Attached 2 probes\n");
  });

  it("a quoted function name, with an offset", async () => {
    const ebt = new EbtProcess(["-e", `uprobe:${fx.target}:"ebt_add"+0 { @[func] = count(); }`]);
    await ebt.attached();
    runFixture(fx.target, "2");
    ebt.signal("SIGINT");
    expect((await ebt.wait()).stdout).toBe("\n\n@[ebt_add]: 2\n");
  });

  it("a library by its soname, as the dynamic loader finds it", async () => {
    const r = await runEbt(["-d", "-e", "uprobe:libc.so.6:fread { }"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^uprobe:\/\S*\/libc\.so\.6:fread:$/m);
    const none = await runEbt(["-e", "uprobe:libebt-nonesuch.so.1:f { }"]);
    expect(none.stderr).toContain("ERROR: uprobe target file 'libebt-nonesuch.so.1' does not exist or is not executable\n");
  });

  it("a binary stored uncompressed in a zip archive is probed at its offset in the archive", async () => {
    const zip = path.join(fx.dir, "archive.zip");
    execFileSync("zip", ["-q", "-0", "-j", zip, fx.target]);
    const r = await runEbt(["-d", "-e", `uprobe:"${zip}!/target":ebt_add { } BEGIN { exit(); }`]);
    expect(r.code).toBe(0);
    // The kernel probes the archive file itself; the offset is the member's start plus the symbol's.
    const elf = ElfFile.open(`${zip}!/target`);
    const add = elf.findFunction("ebt_add")!;
    expect(elf.base).toBeGreaterThan(0);
    expect(elf.file).toBe(zip);
    expect(elf.vaddrToOffset(add.addr)).toBe(ElfFile.open(fx.target).vaddrToOffset(add.addr));
    const attached = await runEbt(["-e", `uprobe:"${zip}!/target":ebt_add { } BEGIN { exit(); }`]);
    expect(attached.stderr).toBe("Attached 2 probes\n");
    const compressed = path.join(fx.dir, "deflated.zip");
    execFileSync("zip", ["-q", "-9", "-j", compressed, fx.target]);
    const refused = await runEbt(["-e", `uprobe:"${compressed}!/target":ebt_add { }`]);
    expect(refused.stderr).toContain(`ERROR: uprobe target file '${compressed}!/target' does not exist or is not executable\n`);
  });

  it("a flat binary: with --unsafe an address is its file offset, and the probe fires", async () => {
    // x86-64: mov eax, 42; ret. Run by a helper that maps the file executable and calls it.
    const flat = path.join(fx.dir, "ret42.bin");
    writeFileSync(flat, Buffer.from([0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3]));
    const runner = path.join(fx.dir, "run-flat");
    writeFileSync(
      `${runner}.c`,
      '#include <fcntl.h>\n#include <stdio.h>\n#include <sys/mman.h>\nint main(int c, char **v) { int fd = open(v[1], O_RDONLY);\n' +
        "  int (*f)(void) = (int (*)(void))mmap(0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);\n" +
        '  printf("%d\\n", f()); return 0; }\n',
    );
    execFileSync("gcc", ["-O1", "-o", runner, `${runner}.c`]);
    const safe = await runEbt(["-e", `uprobe:${flat}:0x0 { }`]);
    expect(safe.stderr).toContain(`ERROR: uprobe target file '${flat}' does not exist or is not executable\n`);
    const ebt = new EbtProcess(["--unsafe", "-e", `uprobe:${flat}:0x5 { printf("at ret\\n"); exit(); }`]);
    await ebt.attached();
    expect(runFixture(runner, flat)).toBe("42\n");
    const r = await ebt.wait();
    expect(r.stderr).toBe(
      `WARNING: Could not determine instruction boundary for uprobe:${flat}:0x5 (binary appears stripped). Misaligned probes can lead to tracee crashes!\nAttached 1 probe\n`,
    );
    expect(r.stdout).toBe("at ret\n\n\n");
  });
});

describe("uaddr", () => {
  it("is a pointer into the process: *uaddr(\"global\") reads the variable, sized by its symbol", async () => {
    // watched writes ebt_watched (a long, first -1) in ebt_tick(i): at each entry it holds the last value.
    const ebt = new EbtProcess(["-e", `uprobe:${fx.watched}:ebt_tick { printf("%d %d\\n", arg0, *uaddr("ebt_watched")); }`]);
    await ebt.attached();
    runFixture(fx.watched, "3");
    ebt.signal("SIGINT");
    expect((await ebt.wait()).stdout).toBe("1 -1\n2 1\n3 2\n\n\n");
  });

  it("in a PIE is the address where the process loaded the symbol (the probe's own address gives the base)", async () => {
    // watched-pie prints the address of ebt_watched before it calls ebt_tick.
    for (const kind of ["uprobe", "uretprobe"]) {
      const r = await runEbt(["-c", `${fx.watchedPie} 2`, "-e", `${kind}:${fx.watchedPie}:ebt_tick { printf("%p %d\\n", uaddr("ebt_watched"), *uaddr("ebt_watched")); }`]);
      const [pidLine, where] = r.stdout.split("\n");
      expect(pidLine).toMatch(/^pid \d+$/);
      expect(r.stdout).toBe(kind === "uprobe" ? `${pidLine}\n${where}\n${where} -1\n${where} 1\n\n\n` : `${pidLine}\n${where}\n${where} 1\n${where} 2\n\n\n`);
    }
  });
});

describe("source-line probes: uprobe:BINARY@FILE:LINE", () => {
  it("attach at the first instruction of the line, from the line table; clear errors without one", async () => {
    const bin = buildStackFixture(fx.dir, "stacks-g", ["-g"]);
    const leaf = ElfFile.open(bin).findFunction("ebt_leaf")!.addr;
    // Line 8 of stacks.c opens ebt_leaf: its first instruction is the function's entry.
    const ebt = new EbtProcess(["-e", `uprobe:${bin}@stacks.c:8 { printf("%x %s\\n", reg("pc"), func); exit(); }`]);
    await ebt.attached();
    const child = spawn(bin, [], { stdio: ["pipe", "ignore", "inherit"] });
    const r = await ebt.wait();
    child.stdin!.end();
    expect(r.stdout).toBe(`${leaf.toString(16)} ebt_leaf\n\n\n`);
    const noDebug = await runEbt(["-e", `uprobe:${fx.target}@target.c:3 { }`]);
    expect(noDebug.stderr).toContain(`ERROR: No DWARF debug info found for '${fx.target}', cannot attach by source code location.\n`);
    const noLine = await runEbt(["-e", `uprobe:${bin}@stacks.c:1000 { }`]);
    expect(noLine.stderr).toContain("ERROR: Unable to map 'stacks.c:1000' to address\n");
    const otherFile = await runEbt(["-e", `uprobe:${bin}@other.c:8 { }`]);
    expect(otherFile.stderr).toContain("ERROR: Unable to map 'other.c:8' to address\n");
  });
});

describe("-p: every file of the process", () => {
  /** `watched N wait`: prints its pid, then waits for a line before calling ebt_tick N times. */
  async function startWatched(): Promise<{ pid: number; go(): Promise<void> }> {
    const child = spawn(fx.watched, ["3", "wait"], { stdio: ["pipe", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout!.on("data", (d: Buffer) => d.toString().includes("pid") && resolve()));
    return {
      pid: child.pid!,
      go: () => {
        child.stdin!.end("go\n");
        return new Promise((resolve) => child.on("exit", () => resolve()));
      },
    };
  }

  it("uprobe:*:FUNC attaches in whichever of the process's files has FUNC", async () => {
    const w = await startWatched();
    const ebt = new EbtProcess(["-p", String(w.pid), "-e", "uprobe:*:ebt_tick { @[arg0] = count(); }"]);
    await ebt.attached();
    await w.go();
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(r.stdout).toBe("\n\n@[1]: 1\n@[2]: 1\n@[3]: 1\n");
  });

  it("-l -p PID lists the functions of the process's files, as uprobes and uretprobes", async () => {
    const w = await startWatched();
    const all = await runEbt(["-l", "-p", String(w.pid)]);
    const only = await runEbt(["-l", "uretprobe:*", "-p", String(w.pid)]);
    await w.go();
    const own = `/proc/${w.pid}/root${fx.watched}`;
    expect(all.stdout.split("\n")).toEqual(expect.arrayContaining([`uprobe:${own}:ebt_tick`, `uretprobe:${own}:ebt_tick`]));
    expect(all.stdout).toMatch(/^uprobe:\/proc\/\d+\/root\/\S*libc\.so\.6:malloc$/m);
    expect(only.stdout.split("\n").filter(Boolean).every((l) => l.startsWith("uretprobe:"))).toBe(true);
    expect(only.stdout).toContain(`uretprobe:${own}:ebt_tick\n`);
  });

  it("a process in another mount namespace: its files are listed and probed through /proc/PID/root", async () => {
    // The fixtures' folder is bind-mounted at `mnt` in a private mount namespace only the child sees.
    const mnt = `${fx.dir}-ns`;
    const child = spawn("unshare", ["-m", "--propagation", "private", "sh", "-c", `mkdir -p ${mnt} && mount --bind ${fx.dir} ${mnt} && exec ${mnt}/usdt 2 wait`], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
    const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
    try {
      const own = `/proc/${child.pid}/root${mnt}/usdt`;
      for (let i = 0; i < 500 && !existsSync(own); i++) await new Promise((r) => setTimeout(r, 10));
      expect(existsSync(`${mnt}/usdt`)).toBe(false);
      const usdt = await runEbt(["-l", "usdt:*", "-p", String(child.pid)]);
      expect(usdt.stdout.split("\n")).toEqual(expect.arrayContaining([`usdt:${own}:ebt:tick`, `usdt:${own}:other:tick`]));
      const uprobes = await runEbt(["-l", "uprobe:*", "-p", String(child.pid)]);
      expect(uprobes.stdout.split("\n")).toContain(`uprobe:${own}:main`);
      const ebt = new EbtProcess(["-p", String(child.pid), "-e", "usdt::ebt:tick { @[arg0] = count(); }"]);
      await ebt.attached();
      child.stdin!.end("go\n");
      await exited;
      const r = await ebt.wait();
      expect(r.stdout).toBe("\n\n@[1]: 1\n@[2]: 1\n");
      expect(out).toBe("0\n");
    } finally {
      child.kill();
      await exited;
      rmSync(mnt, { recursive: true, force: true });
    }
  });

  it("-l 'uretprobe:FILE:*' and globs over files list each file's functions", async () => {
    const r = await runEbt(["-l", `uretprobe:${fx.target}:ebt_*`]);
    expect(r.stdout).toBe(["ebt_add", "ebt_other", "ebt_strlen"].map((f) => `uretprobe:${fx.target}:${f}\n`).join(""));
    const glob = await runEbt(["-l", `uprobe:${fx.dir}/targ*:ebt_add`]);
    // Sorted byte-wise, as bpftrace sorts: "target-pie:" before "target:".
    expect(glob.stdout).toBe(`uprobe:${fx.targetPie}:ebt_add\nuprobe:${fx.target}:ebt_add\n`);
  });
});

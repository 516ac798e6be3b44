/**
 * Current bpftrace's command-line options beyond running a program: listing (timers, a program's
 * probes, BTF types), --dry-run, --info, --no-warnings, -B, and its usage errors.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import { runEbt } from "../helpers/run-ebt.js";

describe("-l", () => {
  it("timers list one line per unit", async () => {
    expect((await runEbt(["-l", "interval:*"])).stdout).toBe("interval:hz:\ninterval:ms:\ninterval:s:\ninterval:us:\n");
    expect((await runEbt(["-l", "profile:*"])).stdout).toBe("profile:hz:\nprofile:ms:\nprofile:s:\nprofile:us:\n");
  });

  it("-l FILE and -l -e PROGRAM list the program's probes, as listing shows each attach point", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ebt-list-"));
    const file = path.join(dir, "probes.bt");
    writeFileSync(file, "interval:ms:100 { } tracepoint:syscalls:sys_enter_getppid { }\nsoftware:cpu-clock:1000 { } BEGIN { }\n");
    const r = await runEbt(["-l", file]);
    expect(r.stdout).toBe("interval:ms:\ntracepoint:syscalls:sys_enter_getppid\nsoftware:cpu-clock:\n");
    expect(r.code).toBe(0);
    const e = await runEbt(["-l", "-e", "tracepoint:syscalls:sys_enter_getpp* { }"]);
    expect(e.stdout).toBe("tracepoint:syscalls:sys_enter_getppid\n");
  });

  it("a word that looks like a missing file: bpftrace's warning, then a search", async () => {
    const r = await runEbt(["-l", "no_such_file.bt"]);
    expect(r.stderr).toBe("WARNING: It appears that 'no_such_file.bt' is a filename but the file does not exist. Treating 'no_such_file.bt' as a search pattern.\n");
    expect(r.stdout).toBe("");
    expect(r.code).toBe(0);
  });

  it("several searches separated by commas", async () => {
    const r = await runEbt(["-l", "tracepoint:syscalls:sys_enter_getppid, interval:s*"]);
    expect(r.stdout).toBe("tracepoint:syscalls:sys_enter_getppid\ninterval:s:\n");
  });

  it("'struct NAME' lists BTF types; -lv prints the definition as bpftrace (libbpf) writes it", async () => {
    expect((await runEbt(["-l", "struct list_head"])).stdout).toBe("struct list_head\n");
    const v = await runEbt(["-lv", "struct list_head,struct callback_head"]);
    expect(v.stdout).toBe(
      "vmlinux: struct list_head {\n\tstruct list_head *next;\n\tstruct list_head *prev;\n};\n" +
        "vmlinux: struct callback_head {\n\tstruct callback_head *next;\n\tvoid (*func)(struct callback_head *);\n};\n",
    );
    const task = await runEbt(["-lv", "struct task_struct"]);
    expect(task.stdout.startsWith("vmlinux: struct task_struct {\n\tstruct thread_info thread_info;\n")).toBe(true);
    expect(task.stdout).toContain("\tchar comm[16];\n");
    expect(task.stdout.endsWith("\n};\n")).toBe(true);
  });
});

describe("bundled short options (getopt's, as bpftrace takes them)", () => {
  it("-ve PROG is -v -e PROG, -qe PROG is -q -e PROG; an unknown cluster is still an unknown option", async () => {
    const prog = 'BEGIN { printf("hi\\n"); exit(); }';
    const ve = await runEbt(["-ve", prog]);
    expect([ve.stdout, ve.stderr, ve.code]).toEqual(["hi\n\n\n", "Attached 1 probe\n", 0]);
    const qe = await runEbt(["-qe", prog]);
    expect([qe.stdout, qe.stderr, qe.code]).toEqual(["hi\n\n\n", "", 0]);
    const bad = await runEbt(["-idonotexist"]);
    expect(bad.stderr).toMatch(/^ebt: unrecognized option '-idonotexist'\nUSAGE:/);
    expect(bad.code).not.toBe(0);
  });
});

describe("--dry-run", () => {
  it("loads every program through the verifier and attaches nothing: no output, exit 0, nothing left", async () => {
    const before = snapshot();
    const r = await runEbt(["--dry-run", "-e", 'BEGIN { printf("hello\\n"); @ = 0; } kprobe:vfs_read { @reads = count(); }']);
    expect(r).toMatchObject({ stdout: "", stderr: "", code: 0 });
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
  });

  it("a program the verifier refuses is still reported", async () => {
    const r = await runEbt(["--dry-run", "-e", "tracepoint:syscalls:sys_enter_nosuch { }"]);
    expect(r.code).toBe(1);
  });
});

describe("--info", () => {
  it("prints the system, ebt's version and this kernel's features in bpftrace's sections and columns", async () => {
    const r = await runEbt(["--info"]);
    expect(r.code).toBe(0);
    const [system, build, ...features] = r.stdout.split("\n\n");
    expect(system).toMatch(/^System\n {2}OS: Linux \S+ .+\n {2}Arch: \S+$/);
    expect(build).toMatch(/^Build\n {2}version: ebt v\d+\.\d+\.\d+$/);
    // Two columns of 35, padding included, as bpftrace prints them. What this kernel has
    // (KERNEL.md): bpf_loop, BTF, task iterators and uprobe_multi links; no kprobes (so no
    // kprobe_multi or kprobe_session links) and no fentry (so no d_path).
    const row = (a: string, b?: string) => `  ${a}`.padEnd(35) + (b ?? "").padEnd(b ? 35 : 0);
    expect(features.join("\n\n")).toBe(
      ["Kernel helpers", row("dpath: no", "get_tai_ns: yes"), row("get_func_ip: yes", "lookup_percpu_elem: yes"), row("loop: yes"), ""].join("\n") + "\n" +
        ["Kernel features", row("Instruction limit: 1000000", "btf: yes"), row("module btf: no"), ""].join("\n") + "\n" +
        ["Probe types", row("kprobe_multi: no", "uprobe_multi: yes"), row("kprobe_session: no", "iter: yes"), ""].join("\n") + "\n",
    );
  });
});

describe("--fmt", () => {
  it("prints the program in bpftrace's layout on stdout, attaching nothing", async () => {
    const r = await runEbt(["--fmt", "-e", "i:s:1 /pid/ { @n = @n + 1; // count\n}"]);
    expect(r).toMatchObject({ stdout: "i:s:1\n/pid/\n{\n  @n += 1; // count\n}\n", stderr: "", code: 0 });
  });

  it("with -o rewrites the file in place; a program that does not parse is reported and left alone", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ebt-fmt-"));
    const file = path.join(dir, "t.bt");
    writeFileSync(file, "BEGIN { exit() }\n");
    const r = await runEbt(["--fmt", file, "-o", file]);
    expect(r).toMatchObject({ stdout: "", stderr: "", code: 0 });
    expect(readFileSync(file, "utf8")).toBe("BEGIN\n{\n  exit();\n}\n");
    expect(readdirSync(dir)).toEqual(["t.bt"]);
    writeFileSync(file, "BEGIN { exit( }\n");
    const bad = await runEbt(["--fmt", file, "-o", file]);
    expect(bad.stderr).toBe(`${file}:1:15-16: ERROR: syntax error, unexpected }\nBEGIN { exit( }\n              ~\n`);
    expect(bad.code).toBe(1);
    expect(readFileSync(file, "utf8")).toBe("BEGIN { exit( }\n");
  });
});

describe("--no-warnings and -B", () => {
  it("--no-warnings drops compile-time WARNING lines", async () => {
    const prog = 'BEGIN { printf("%d\\n", $1); }';
    expect((await runEbt(["-e", prog])).stderr).toContain("WARNING: Positional parameter $1 is empty or not provided.");
    const quiet = await runEbt(["--no-warnings", "-e", prog]);
    expect(quiet.stderr).toBe("Attached 1 probe\n");
    expect(quiet.stdout).toBe("0\n\n\n");
  });

  it("-B none, line and full print the same text", async () => {
    const prog = 'interval:ms:1 { @n++; printf("line %d\\n", @n); if (@n == 20) { exit(); } }';
    // (@n itself may count a few more events, which fire until the probe is detached.)
    const expected = Array.from({ length: 20 }, (_, i) => `line ${i + 1}\n`).join("") + "\n\n@n: ";
    for (const mode of ["none", "line", "full"]) expect((await runEbt(["-B", mode, "-e", prog])).stdout.startsWith(expected)).toBe(true);
  });
});

describe("usage errors in bpftrace's words", () => {
  it.each([
    [["-f", "jsonx", "-e", "BEGIN { }"], "ERROR: Invalid output format \"jsonx\"\nValid formats: 'text', 'json'\n"],
    [["-B", "sometimes", "-e", "BEGIN { }"], "ERROR: USAGE: -B must be either 'line', 'full', or 'none'.\n"],
    [["--test", "--bench", "-e", "BEGIN { }"], "ERROR: USAGE: --bench conflicts with existing --mode\n"],
    [["-k", "--no-warnings", "-e", "BEGIN { }"], "ERROR: USAGE: -k, --warnings conflicts with --no-warnings\n"],
    [["-kk", "-e", "BEGIN { }"], "ERROR: USAGE: -kk has been deprecated. Use a single -k for runtime warnings for errors in map lookups and probe reads.\n"],
    [["--mode", "codegen", "-e", "BEGIN { }"], "ERROR: USAGE: --mode can only be 'bench', 'test' or 'format'.\n"],
    [["no_such_script.bt"], "ERROR: failed to open file 'no_such_script.bt': No such file or directory\n"],
  ])("%j", async (args, stderr) => {
    const r = await runEbt(args);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(1);
  });
});

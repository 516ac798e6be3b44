/**
 * What the corpus cannot pin down because it changes from run to run: the wall clock printed by
 * time() and strftime(), -o, --help and --version.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runEbt } from "../helpers/run-ebt.js";

/** Seconds since midnight of an HH:MM:SS string. */
const seconds = (hms: string) => hms.split(":").reduce((n, x) => n * 60 + Number(x), 0);

function localClock(d = new Date()): number {
  return d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds();
}

const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

describe("time and strftime", () => {
  it("time() prints the wall-clock time, HH:MM:SS by default", async () => {
    const before = localClock();
    const dayBefore = ymd(new Date());
    const r = await runEbt(["-e", 'BEGIN { time(); time("%Y-%m-%d\\n"); exit(); }']);
    const after = localClock();
    const [clock, date] = r.stdout.split("\n");
    expect(clock).toMatch(/^\d\d:\d\d:\d\d$/);
    // Midnight may pass during the run: then `after` is smaller than `before`.
    if (after >= before) {
      expect(seconds(clock!)).toBeGreaterThanOrEqual(before - 1);
      expect(seconds(clock!)).toBeLessThanOrEqual(after + 1);
    }
    expect([dayBefore, ymd(new Date())]).toContain(date);
  });

  it("strftime(fmt, nsecs) turns a boot-clock timestamp into the wall-clock time, with %f microseconds", async () => {
    const before = Date.now();
    const r = await runEbt(["-e", 'BEGIN { printf("%s\\n", strftime("%s.%f", nsecs)); exit(); }']);
    const after = Date.now();
    expect(r.stdout).toMatch(/^\d+\.\d{6}\n/);
    const ms = Number(r.stdout.split("\n")[0]) * 1000;
    expect(ms).toBeGreaterThanOrEqual(before - 1000);
    expect(ms).toBeLessThanOrEqual(after + 1000);
  });
});

describe("command line", () => {
  it("-o sends the program's output to a file; status stays on stderr", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "ebt-o-")), "out.txt");
    const r = await runEbt(["-o", file, "-e", 'BEGIN { printf("to the file\\n"); exit(); }']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(readFileSync(file, "utf8")).toBe("to the file\n\n\n");
  });

  it("--help prints the usage in bpftrace's layout, with ebt's name and options", async () => {
    const r = await runEbt(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^USAGE:\n {4}ebt \[options\] filename\n {4}ebt \[options\] - <stdin input>\n {4}ebt \[options\] -e 'program'\n/);
    for (const opt of ["-e 'program'", "-o file", "-q, --quiet ", "--unsafe", "-k, --warnings ", "-V, --version"]) expect(r.stdout).toContain(`    ${opt}`);
    expect(r.stdout).toContain("\nEXAMPLES:\n");
  });

  it("--version and -V print `ebt v<version>`", async () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const r = await runEbt([flag]);
      expect(r.stdout).toBe(`ebt v${pkg.version}\n`);
    }
  });

  it("an unknown option names itself and shows the usage", async () => {
    const r = await runEbt(["--frob"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ebt: unrecognized option '--frob'\nUSAGE:/);
  });
});

describe("write_user", () => {
  it("needs --unsafe; with it, this kernel's lockdown refuses the helper, reported at the call", async () => {
    const prog = 'tracepoint:syscalls:sys_enter_getppid /pid == 0/ { if (write_user(args.__syscall_nr, "x", 1)) { exit(); } }';
    const safe = await runEbt(["-e", prog]);
    expect(safe).toMatchObject({ stdout: "", code: 1 });
    expect(safe.stderr).toBe(
      "stdin:1:56-93: ERROR: write_user() is unsafe. To use you need the --unsafe flag\n" + prog + "\n" + " ".repeat(55) + "~".repeat(37) + "\n",
    );
    const unsafe = await runEbt(["--unsafe", "-e", prog]);
    expect(unsafe).toMatchObject({ stdout: "", code: 1 });
    expect(unsafe.stderr).toBe(
      "stdin:1:56-93: ERROR: helper bpf_probe_write_user not allowed in probe\n" + prog + "\n" + " ".repeat(55) + "~".repeat(37) + "\n" +
        "HINT: a kernel in lockdown (integrity or confidentiality) withholds bpf_probe_write_user from every program\n",
    );
  });
});

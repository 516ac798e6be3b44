/**
 * The kernel's limits are not ebt bugs, and a user who gets something wrong is told what (issue 17):
 * the verifier's complexity limit at the loop, the open-file limit at the probe, privileges, and
 * listings of things that do not exist. Exact messages and exit codes.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EBT, ROOT, runEbt } from "../helpers/run-ebt.js";
import type { EbtResult } from "../helpers/run-ebt.js";

/** ebt through /bin/sh, so that the test can set limits or drop privileges first. */
function viaShell(prefix: string, args: string[]): Promise<EbtResult> {
  const quoted = [process.execPath, EBT, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", `${prefix} ${quoted}`], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal });
    });
  });
}

const dir = mkdtempSync(path.join(os.tmpdir(), "ebt-limits-"));

/** `n` BEGIN probes, one a line, each printing its number. */
function manyBegins(n: number): string {
  const file = path.join(dir, `begins-${n}.bt`);
  writeFileSync(file, Array.from({ length: n }, (_, i) => `BEGIN { @n = count(); }`).join("\n") + "\nBEGIN { exit(); }\n");
  return file;
}

describe("the kernel's limits", () => {
  it("a loop the verifier cannot follow to its end: reported at the loop, with a hint, not as an ebt bug", async () => {
    const r = await runEbt(["-e", "BEGIN { $i = 0; while ($i < 4294967296) { $i++; } exit(); }"], { timeoutMs: 120_000 });
    expect(r.stderr).toBe(
      "stdin:1:43-47: ERROR: the program for BEGIN is too complex for the kernel's verifier: the verifier gave up after checking 1000001 instructions (its limit is 1,000,000)\n" +
        "BEGIN { $i = 0; while ($i < 4294967296) { $i++; } exit(); }\n" +
        "                                          ~~~~\n" +
        "HINT: bound the loop by a smaller constant, or write it as `for ($i : 0..N)`, which the verifier checks once rather than once per iteration\n",
    );
    expect(r.code).toBe(1);
  }, 180_000);

  it("more probes than open files: the probe that hit the limit, and what to raise", async () => {
    const file = manyBegins(150);
    const r = await viaShell("ulimit -n 100;", [file]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n");
    expect(lines[0]).toMatch(/^.*begins-150\.bt:\d+:1-6: ERROR: cannot load the program for BEGIN: BPF_PROG_LOAD: Too many open files$/);
    expect(lines[1]).toBe("BEGIN { @n = count(); }");
    expect(lines[2]).toBe("~~~~~");
    expect(lines[3]).toBe("HINT: the open-file limit was reached: each probe holds file descriptors of its own (ebt raised the soft limit to the hard one); raise the hard limit (ulimit -Hn) or attach fewer probes");
  });

  it("raises the soft open-file limit to the hard one at start-up, as bpftrace does", async () => {
    const r = await viaShell("ulimit -Sn 100; ulimit -Hn 4096;", [manyBegins(150)]);
    expect(r.stderr).toBe("Attached 151 probes\n");
    expect(r.stdout).toBe("\n\n@n: 150\n");
    expect(r.code).toBe(0);
  });
});

describe("messages", () => {
  const nobody = "setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all";
  const needsRoot = "ebt needs root: CAP_BPF and CAP_PERFMON to load and attach programs, and access to tracefs (run it with sudo)";

  it("without root: -l and tracepoint programs say that ebt needs root, not that tracefs is missing", async () => {
    for (const args of [["-l", "tracepoint:*"], ["-e", "tracepoint:syscalls:sys_enter_write { }"]]) {
      const r = await viaShell(nobody, args);
      expect(r.stderr).toBe(`ERROR: open: Permission denied (/sys/kernel/tracing): ${needsRoot}\n`);
      expect(r.code).toBe(1);
    }
  });

  it("without root: a BEGIN program is refused by the kernel with the same advice", async () => {
    const r = await viaShell(nobody, ["-e", 'BEGIN { printf("hi\\n"); }']);
    expect(r.stderr).toBe(`ERROR: BPF_MAP_CREATE: Operation not permitted (map ebt_ringbuf): ${needsRoot}\n`);
    expect(r.code).toBe(1);
  });

  it("-l of an unknown probe type or a missing file says so", async () => {
    let r = await runEbt(["-l", "bogus:*"]);
    expect(r.stderr).toBe("ERROR: Invalid probe type: bogus\n");
    expect(r.code).toBe(1);
    r = await runEbt(["-l", "uprobe:/no/such/file:*"]);
    expect(r.stderr).toBe("ERROR: uprobe target file '/no/such/file' does not exist or is not executable\n");
    expect(r.code).toBe(1);
    r = await runEbt(["-l", "usdt:/no/such/file:*"]);
    expect(r.stderr).toBe("ERROR: usdt target file '/no/such/file' does not exist or is not executable\n");
    expect(r.code).toBe(1);
  });

  it("a kprobe at an address is named in hex in its error", async () => {
    // KERNEL.md: no kprobes here, so the attach fails, naming the probe.
    const r = await runEbt(["--unsafe", "-e", "kprobe:0xffffffff81234567 { }"]);
    expect(r.stderr).toBe(
      "ERROR: Error attaching probe: 'kprobe:0xffffffff81234567': this kernel has no kprobe support (CONFIG_KPROBES is off: there is no kprobe PMU in /sys/bus/event_source/devices)\n" +
        // bpftrace's own line names the address in decimal; scripts and its tests match on it.
        "ERROR: Unable to attach probe: kprobe:18446744071581156711. If this is expected, set the 'missing_probes' config variable to 'warn'.\n",
    );
    expect(r.code).toBe(1);
    // Skipped under missing_probes = warn: the same two names.
    const w = await runEbt(["--unsafe", "-e", 'config = { missing_probes = "warn" } kprobe:0xffffffff81234567 { } BEGIN { exit(); }']);
    expect(w.stderr).toBe(
      "WARNING: Error attaching probe: 'kprobe:0xffffffff81234567': this kernel has no kprobe support (CONFIG_KPROBES is off: there is no kprobe PMU in /sys/bus/event_source/devices)\n" +
        "WARNING: Unable to attach probe: kprobe:18446744071581156711. Skipping.\n" +
        "Attached 1 probe\n",
    );
    expect(w.code).toBe(0);
  });
});

describe("-v loads with a verifier log of log_size bytes, as bpftrace does", () => {
  const program = 'begin { if (str($1) == str($2)) { printf("%s\\n", str($1)); exit(); } }';
  const trimmed = (size: number) =>
    `WARNING: Kernel log seems to be trimmed. This may be due to buffer not being big enough, try increasing the BPFTRACE_LOG_SIZE environment variable beyond the current value of ${size} bytes. Or, add the configuration \`config = { log_size = N; }\` to the script.\n`;

  it("a log too small for the verifier fails even a valid program, with the size to raise", async () => {
    const r = await runEbt(["-v", "-e", program, "same", "same"], { env: { BPFTRACE_LOG_SIZE: "3" } });
    expect(r.stderr.startsWith("ERROR: Error loading BPF program for begin_1. Error code: -28 (No space left on device).\nKernel error log: \n")).toBe(true);
    expect(r.stderr.endsWith(trimmed(3))).toBe(true);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(1);
    // The script's config says the same, and names its own size.
    const cfg = await runEbt(["-v", "-e", `config = { log_size = 40 } ${program}`, "same", "same"]);
    expect(cfg.stderr.endsWith(trimmed(40))).toBe(true);
    expect(cfg.code).toBe(1);
  });

  it("with room for the log (or without -v) the same program runs", async () => {
    const big = await runEbt(["-v", "-e", program, "same", "same"], { env: { BPFTRACE_LOG_SIZE: "10000000" } });
    expect(big.stdout).toBe("same\n\n\n");
    expect(big.stderr).toBe("Attached 1 probe\n");
    const quiet = await runEbt(["-e", program, "same", "same"], { env: { BPFTRACE_LOG_SIZE: "3" } });
    expect(quiet.stdout).toBe("same\n\n\n");
    expect(quiet.code).toBe(0);
  });
});

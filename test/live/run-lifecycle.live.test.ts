/**
 * How a run starts and ends, as current bpftrace does it: a program with nothing to wait for
 * (only BEGIN/END) ends by itself; bpftrace's test-runner handshake line when asked for.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import type { BpfObjects } from "../helpers/bpf-objects.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";
import { sh } from "../helpers/trigger.js";

let before: BpfObjects;
beforeEach(() => {
  before = snapshot();
});
afterEach(async () => {
  expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
});

describe("auto-exit", () => {
  it("a BEGIN/END-only program runs BEGIN, then END, prints its maps and exits 0 without a signal", async () => {
    const r = await runEbt(["-e", 'BEGIN { printf("begin\\n"); @n = 7; } END { printf("end %d\\n", @n); }']);
    expect(r.stdout).toBe("begin\nend 7\n\n\n@n: 7\n");
    expect(r.stderr).toBe("Attached 2 probes\n");
    expect(r.code).toBe(0);
  });

  it("the lower-case spellings begin/end end by themselves too", async () => {
    const r = await runEbt(["-e", 'begin { printf("a\\n"); } end { printf("b\\n"); }']);
    expect(r.stdout).toBe("a\nb\n\n\n");
    expect(r.code).toBe(0);
  });

  it("exit(N) from BEGIN still sets the exit code", async () => {
    const r = await runEbt(["-e", 'BEGIN { exit(3); }']);
    expect(r.code).toBe(3);
  });

  it("a program with another probe keeps running until a signal", async () => {
    const ebt = new EbtProcess(["-e", 'BEGIN { printf("up\\n"); } tracepoint:syscalls:sys_enter_getppid { }']);
    await ebt.attached();
    await sh("true");
    expect(ebt.child.exitCode).toBeNull();
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(r.stdout).toBe("up\n\n\n");
    expect(r.code).toBe(0);
  });
});

describe("__BPFTRACE_NOTIFY_PROBES_ATTACHED", () => {
  it("prints the line on stdout after attaching and before any probe output but BEGIN's", async () => {
    const r = await runEbt(["-e", 'BEGIN { printf("hi\\n"); }'], { env: { __BPFTRACE_NOTIFY_PROBES_ATTACHED: "1" } });
    expect(r.stdout).toBe("__BPFTRACE_NOTIFY_PROBES_ATTACHED\nhi\n\n\n");
    expect(r.stderr).toBe("Attached 1 probe\n");
  });

  it("prints nothing extra when the variable is not set", async () => {
    const r = await runEbt(["-e", 'BEGIN { printf("hi\\n"); }']);
    expect(r.stdout).toBe("hi\n\n\n");
  });
});

describe("missing_probes", () => {
  const UNKNOWN = "tracepoint:nonsense:nonsense";

  it("error (the default): an unknown name is an error at its place, exit 1", async () => {
    const r = await runEbt(["-e", `tracepoint:syscalls:sys_enter_getppid,${UNKNOWN} { }`]);
    expect(r.stderr).toBe(
      "stdin:1:39-67: ERROR: No matches for tracepoint nonsense:nonsense.\n" +
        `tracepoint:syscalls:sys_enter_getppid,${UNKNOWN} { }\n` +
        "                                      ~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n",
    );
    expect(r.code).toBe(1);
  });

  it("warn: bpftrace's warning, and the other attach points of the probe run", async () => {
    const prog = `config = { missing_probes = "warn" } tracepoint:syscalls:sys_enter_getppid,${UNKNOWN} { printf("hit\\n"); exit(); }`;
    const ebt = new EbtProcess(["-e", prog]);
    await ebt.attached();
    await sh("cat /proc/self/stat > /dev/null; ps -o ppid= -p $$ > /dev/null");
    const r = await ebt.wait();
    expect(r.stderr).toBe(
      "stdin:1:76-104: WARNING: No matches for tracepoint nonsense:nonsense. Skipping.\n" +
        `${prog}\n` +
        " ".repeat(75) + "~".repeat(28) + "\n" +
        "Attached 1 probe\n",
    );
    expect(r.stdout).toBe("hit\n\n\n");
  });

  it("warn: a probe left with no attach point is removed with bpftrace's warning", async () => {
    const prog = `config = { missing_probes = "warn" } ${UNKNOWN} { } BEGIN { printf("begin\\n"); }`;
    const r = await runEbt(["-e", prog]);
    expect(r.stderr).toBe(
      "stdin:1:38-66: WARNING: No matches for tracepoint nonsense:nonsense. Skipping.\n" + `${prog}\n` + " ".repeat(37) + "~".repeat(28) + "\n" +
        "stdin:1:38-66: WARNING: Probe has no valid attach points. It is being removed which may cause issues with program behavior.\n" +
        `${prog}\n` + " ".repeat(37) + "~".repeat(28) + "\n" +
        "Attached 1 probe\n",
    );
    expect(r.stdout).toBe("begin\n\n\n");
    expect(r.code).toBe(0);
  });

  it("ignore: the same, silently", async () => {
    const r = await runEbt(["-e", `config = { missing_probes = "ignore" } ${UNKNOWN}, tracepoint:nonsense:nons* { } BEGIN { printf("begin\\n"); }`]);
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(r.stdout).toBe("begin\n\n\n");
  });

  it("an empty wildcard: the probe has no valid attach points, an error by default", async () => {
    const r = await runEbt(["-e", "tracepoint:nonsense:nons* { }"]);
    expect(r.stderr).toBe(
      "stdin:1:1-26: ERROR: Probe has no valid attach points. If this is expected, set the 'missing_probes' config variable to 'warn'.\n" +
        "tracepoint:nonsense:nons* { }\n~~~~~~~~~~~~~~~~~~~~~~~~~\n",
    );
    expect(r.code).toBe(1);
  });

  it("attach failures: warn skips the probe with bpftrace's two warnings and runs the rest", async () => {
    // This kernel has no kprobes (KERNEL.md): attaching kprobe:vfs_read always fails here.
    const r = await runEbt(["-e", 'config = { missing_probes = "warn" } kprobe:vfs_read { } BEGIN { printf("begin\\n"); }']);
    expect(r.stderr).toBe(
      "WARNING: Error attaching probe: 'kprobe:vfs_read': this kernel has no kprobe support (CONFIG_KPROBES is off: there is no kprobe PMU in /sys/bus/event_source/devices)\n" +
        "WARNING: Unable to attach probe: kprobe:vfs_read. Skipping.\n" +
        "Attached 1 probe\n",
    );
    // Nothing else attached: the run ends after BEGIN, as a BEGIN-only program does.
    expect(r.stdout).toBe("begin\n\n\n");
    expect(r.code).toBe(0);
  });

  it("attach failures: when nothing attached at all, bpftrace's error", async () => {
    const r = await runEbt(["-e", 'config = { missing_probes = "ignore" } kprobe:vfs_read { }']);
    expect(r.stderr).toBe("ERROR: Attachment failed for all probes.\n");
    expect(r.code).toBe(1);
  });

  it("an unknown value is an error at the config entry", async () => {
    const r = await runEbt(["-e", 'config = { missing_probes = "maybe" } BEGIN { }']);
    expect(r.stderr).toBe(
      "stdin:1:12-36: ERROR: missing_probes: Invalid value for missing_probes: valid values are ignore, warn, and error.\n" +
        'config = { missing_probes = "maybe" } BEGIN { }\n           ~~~~~~~~~~~~~~~~~~~~~~~~\n',
    );
    expect(r.code).toBe(1);
  });
});

describe("print_maps_on_exit", () => {
  it("0 keeps the maps from printing at exit, but not the run's closing newlines", async () => {
    const r = await runEbt(["-e", "config = { print_maps_on_exit = 0 } BEGIN { @a = 1; @b[1] = count(); }"]);
    expect(r.stdout).toBe("\n\n");
  });
});

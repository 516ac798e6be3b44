/**
 * Never wedged, never a stack trace (issue 17): a reader that stops reading, a reader that leaves,
 * output that cannot be written, system() commands that pile up, and signals, as a user meets
 * them. Bounds on time are generous (a loaded machine) and only tell "stops" from "hangs".
 */
import { spawn } from "node:child_process";
import type { StdioOptions } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import type { BpfObjects } from "../helpers/bpf-objects.js";
import { EBT, ROOT } from "../helpers/run-ebt.js";

let before: BpfObjects;
beforeEach(() => {
  before = snapshot();
});
afterEach(async () => {
  expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
  /** Milliseconds from `mark()` (or the start) to the exit. */
  ms: number;
}

/**
 * ebt with stdout as given: "pipe" (read by the test), "unread" (a pipe nobody reads), or an fd.
 * stderr is always collected.
 */
function start(args: string[], stdout: "pipe" | "unread" | number) {
  const stdio: StdioOptions = ["ignore", stdout === "unread" ? "pipe" : stdout, "pipe"];
  const child = spawn(process.execPath, [EBT, ...args], { cwd: ROOT, stdio });
  let stderr = "";
  let out = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  // An unread pipe: no listener, so the stream stays paused and the pipe fills up.
  if (stdout === "pipe") child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  let t0 = Date.now();
  const exited = new Promise<Run>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stderr, stdout: out, ms: Date.now() - t0 })),
  );
  const until = async (test: () => boolean, what: string, timeoutMs = 30_000) => {
    const t = Date.now();
    while (!test()) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`ebt exited before ${what}:\n${stderr}`);
      if (Date.now() - t > timeoutMs) throw new Error(`timed out waiting for ${what}; stderr:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    child,
    attached: () => until(() => /Attached \d+ probes?\n/.test(stderr), "the attach line"),
    stdoutHas: (s: string) => until(() => out.includes(s), JSON.stringify(s)),
    mark: () => (t0 = Date.now()),
    /** Waits for the exit; SIGKILL after `timeoutMs`, so a hang fails the test rather than the run. */
    wait: (timeoutMs = 60_000) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      return exited.finally(() => clearTimeout(timer));
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Many events with long lines: dd's one-byte reads, each printed. dd waits for go() (after the
 * attach), keeping its pid through exec so that the program can filter on it.
 */
function burst(): { program: string; go: () => Promise<void> } {
  const dd = spawn("/bin/sh", ["-c", "read _; exec dd if=/dev/zero of=/dev/null bs=1 count=200000"], { stdio: ["pipe", "ignore", "ignore"] });
  const exited = new Promise<void>((r) => dd.on("exit", () => r()));
  const program = `tracepoint:syscalls:sys_enter_read /pid == ${dd.pid}/ { printf("%d %s %0100d\\n", pid, comm, args.count); }`;
  return {
    program,
    go: () => {
      dd.stdin!.end("go\n");
      return exited;
    },
  };
}

describe("a full stdout pipe", () => {
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    it(`does not wedge ebt: ${sig} stops it while nobody reads, events beyond the buffer are counted lost`, async () => {
      const { program, go } = burst();
      const ebt = start(["-e", `${program} END { printf("end\\n"); }`], "unread");
      await ebt.attached();
      // Far more output (20 MB) than the pipe and ebt's own buffer hold.
      await go();
      ebt.mark();
      ebt.child.kill(sig);
      const r = await ebt.wait();
      expect(r.signal).toBe(null);
      expect(r.code).toBe(0);
      // Without a reader the output is given up, and the user is told so.
      expect(r.stderr).toMatch(/^Attached 2 probes\nLost \d+ events\nWARNING: \d+ bytes of output were not written: stdout is not being read\n$/);
      expect(r.ms).toBeLessThan(15_000);
    }, 120_000);
  }

  it("| head -1: ebt leaves quietly by SIGPIPE once the reader has gone", async () => {
    const ebt = start(["-e", 'interval:ms:10 { printf("tick\\n"); }'], "pipe");
    await ebt.attached();
    await ebt.stdoutHas("tick\n");
    ebt.mark();
    ebt.child.stdout!.destroy();
    const r = await ebt.wait();
    expect(r.signal).toBe("SIGPIPE");
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(r.ms).toBeLessThan(15_000);
  });

  it("-l | head -1 also leaves quietly", async () => {
    const ebt = start(["-l", "tracepoint:*"], "pipe");
    await ebt.stdoutHas("\n");
    ebt.child.stdout!.destroy();
    const r = await ebt.wait();
    expect(r.stderr).toBe("");
    expect(r.signal === "SIGPIPE" || r.code === 0).toBe(true);
  });
});

describe("output that cannot be written", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ebt-out-"));
  const program = ["-e", 'BEGIN { printf("hi\\n"); exit(); }'];

  const cases: [string, string, string][] = [
    ["a missing directory", path.join(dir, "no/such/dir/x"), "No such file or directory"],
    ["a dangling symlink into a missing directory", path.join(dir, "dangling"), "No such file or directory"],
    ["a directory", dir, "Is a directory"],
  ];
  symlinkSync(path.join(dir, "nowhere/x"), path.join(dir, "dangling"));
  for (const [what, file, text] of cases) {
    it(`-o ${what}: one ERROR line, exit 1, before anything is loaded`, async () => {
      const r = await start(["-o", file, ...program], "pipe").wait();
      expect(r.stderr).toBe(`ERROR: failed to open output file '${file}': ${text}\n`);
      expect(r.code).toBe(1);
    });
  }

  it("-o /dev/full: one ERROR line, exit 1", async () => {
    const r = await start(["-o", "/dev/full", ...program], "pipe").wait();
    expect(r.stderr).toBe("Attached 1 probe\nERROR: failed to write to '/dev/full': No space left on device\n");
    expect(r.code).toBe(1);
  });

  it("stdout to /dev/full: one ERROR line, exit 1", async () => {
    const r = await start(program, openSync("/dev/full", "w")).wait();
    expect(r.stderr).toBe("Attached 1 probe\nERROR: failed to write to stdout: No space left on device\n");
    expect(r.code).toBe(1);
  });

  it("-o FILE is left as it was (or not created) when the run fails to start", async () => {
    const kept = path.join(dir, "kept");
    writeFileSync(kept, "earlier output\n");
    const fresh = path.join(dir, "fresh");
    for (const file of [kept, fresh]) {
      // This machine has no hardware counters (KERNEL.md): the attach fails after loading.
      const r = await start(["-o", file, "-e", 'hardware:cache-misses:1000000 { printf("x\\n"); }'], "pipe").wait();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^ERROR: Error attaching probe: 'hardware:cache-misses:1000000'/);
    }
    expect(readFileSync(kept, "utf8")).toBe("earlier output\n");
    expect(existsSync(fresh)).toBe(false);
  });

  it("-o FILE is truncated and written once the run starts", async () => {
    const file = path.join(dir, "written");
    writeFileSync(file, "old old old old\n");
    const r = await start(["-o", file, ...program], "pipe").wait();
    expect(r.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("hi\n\n\n");
  });
});

/** Pids of processes whose command line is exactly `argv` (to check that none is left over). */
function processesRunning(argv: string[]): number[] {
  const want = argv.join("\0") + "\0";
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, "utf8") === want;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("system()", () => {
  it("keeps output in order while commands run beside the event loop; END's commands run too", async () => {
    const r = await start(["--unsafe", "-e",
      'BEGIN { system("echo one"); printf("two\\n"); system("sleep 0.2; echo three"); printf("four\\n"); exit(); } END { system("echo five"); printf("six\\n"); }'], "pipe").wait();
    expect(r.stdout).toBe("one\ntwo\nthree\nfour\nfive\nsix\n\n\n");
    expect(r.code).toBe(0);
  });

  it("Ctrl-C stops a pile of queued commands at once; those not run are counted lost", async () => {
    const ebt = start(["--unsafe", "-e", 'interval:ms:10 { system("echo run; sleep 0.1"); }'], "pipe");
    await ebt.attached();
    await ebt.stdoutHas("run\nrun\n");
    await sleep(1000); // some 100 commands queue up meanwhile
    ebt.mark();
    ebt.child.kill("SIGINT");
    const r = await ebt.wait();
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Attached 1 probe\nLost \d+ events\n$/);
    expect(r.ms).toBeLessThan(10_000);
  });

  it("a second Ctrl-C ends ebt at once, even while END waits for a command (which dies too)", async () => {
    const cmd = ["sleep", "37.25"];
    const ebt = start(["--unsafe", "-e", `interval:s:100 { } END { system("exec ${cmd.join(" ")}"); }`], "pipe");
    await ebt.attached();
    ebt.child.kill("SIGINT");
    const t = Date.now();
    while (processesRunning(cmd).length === 0) {
      expect(Date.now() - t).toBeLessThan(20_000);
      await sleep(50);
    }
    ebt.mark();
    ebt.child.kill("SIGINT");
    const r = await ebt.wait();
    expect(r.signal).toBe("SIGINT");
    expect(r.ms).toBeLessThan(15_000);
    // setpriv --pdeathsig: the kernel kills the command with ebt.
    for (let i = 0; processesRunning(cmd).length > 0; i++) {
      expect(i).toBeLessThan(100);
      await sleep(50);
    }
  });
});

describe("system() and the shell, as the README says", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const note = readme.slice(readme.indexOf("`system()` hands its formatted string to `/bin/sh -c`"));
  const section = note.slice(0, note.indexOf("Commands run one at a time"));

  it("a string in the command is read by the shell (the README's warning holds)", async () => {
    const r = await start(["--unsafe", "-e", 'BEGIN { system("echo %s", "x; echo injected"); exit(); }'], "pipe").wait();
    expect(r.stdout).toBe("x\ninjected\n\n\n");
    expect(r.code).toBe(0);
  });

  it("the README's safe patterns are programs ebt accepts and the verifier loads", async () => {
    const programs = [...section.matchAll(/npx ebt (--unsafe )?-e '([^']+)'/g)].map((m) => [...(m[1] ? ["--unsafe"] : []), "-e", m[2]!]);
    expect(programs).toHaveLength(2);
    for (const args of programs) {
      const r = await start(["--dry-run", ...args], "pipe").wait();
      expect({ stderr: r.stderr, code: r.code }).toEqual({ stderr: "", code: 0 });
    }
  });
});

describe("signals", () => {
  it("SIGHUP stops the run as SIGTERM does: END runs, maps print, exit 0", async () => {
    const ebt = start(["-e", 'interval:ms:10 { @ticks = count(); } END { printf("end\\n"); }'], "pipe");
    await ebt.attached();
    await sleep(100);
    ebt.child.kill("SIGHUP");
    const r = await ebt.wait();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^end\n\n\n@ticks: \d+\n$/);
  });
});

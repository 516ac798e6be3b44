/**
 * test: and bench: probes (`ebt --test`, `ebt --bench`), --probe-filter, self:signal:SIGUSR1 and the
 * order in which several probes on one event run: as current bpftrace does them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import type { BpfObjects } from "../helpers/bpf-objects.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";

let before: BpfObjects;
beforeEach(() => {
  before = snapshot();
});
afterEach(async () => {
  expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
});

const G = (tag: string) => `\x1b[32m${tag}\x1b[0m`;
const R = (tag: string) => `\x1b[31m${tag}\x1b[0m`;
/** Durations vary: they are checked for their form and replaced. */
const timed = (s: string) => s.replace(/ \(\d+ (ns|μs|ms|s)\)\n/g, " (T)\n");

describe("--test", () => {
  it("runs every test probe once, BEGIN first and END last; all pass: exit 0", async () => {
    const prog = 'BEGIN { @n = 40; printf("begin\\n"); } test:adds { @n += 2; if (@n != 42) { return 1; } } test:loops { $s = 0; for ($i : 0..4) { $s += $i; } if ($s != 6) { return 1; } } END { printf("end %d\\n", @n); }';
    const r = await runEbt(["--test", "-e", prog]);
    expect(timed(r.stdout)).toBe(
      "begin\n" +
        `${G("[==========]")} Running 2 tests.\n${G("[ RUN      ]")} adds\n${G("[       OK ]")} adds (T)\n` +
        `${G("[ RUN      ]")} loops\n${G("[       OK ]")} loops (T)\n` +
        `${G("[==========]")} 2 tests ran.\n${G("[  PASSED  ]")} 2 tests.\n` +
        "end 42\n\n\n",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("a test fails by returning non-zero (also from inside a loop), by exit(1) or by errorf; its output is shown", async () => {
    const prog = [
      'test:ok { printf("quiet\\n"); }',
      'test:returns { printf("about to fail\\n"); return 3; }',
      "test:in_loop { for ($i : 0..10) { if ($i == 5) { return 1; } } }",
      "test:exits { exit(1); }",
      'test:reports { errorf("bad %d", 7); }',
    ].join(" ");
    const r = await runEbt(["--test", "-e", prog]);
    const out = timed(r.stdout);
    expect(out.startsWith(`${G("[==========]")} Running 5 tests.\n${G("[ RUN      ]")} ok\n${G("[       OK ]")} ok (T)\n`)).toBe(true);
    expect(out).toContain(`${G("[ RUN      ]")} returns\nabout to fail\n${R("[  FAILED  ]")} returns (T)\n`);
    expect(out).toContain(`${R("[  FAILED  ]")} in_loop (T)\n`);
    expect(out).toContain(`${R("[  FAILED  ]")} exits (T)\n`);
    expect(out).toContain(`${G("[ RUN      ]")} reports\nstdin:1:`);
    expect(out).toContain(`ERROR: bad 7\n`);
    expect(out.endsWith(
      `${G("[==========]")} 5 tests ran.\n${G("[  PASSED  ]")} 1 test.\n${R("[  FAILED  ]")} 4 tests, listed below:\n` +
        `${R("[  FAILED  ]")} returns\n${R("[  FAILED  ]")} in_loop\n${R("[  FAILED  ]")} exits\n${R("[  FAILED  ]")} reports\n\n\n`,
    )).toBe(true);
    expect(r.code).toBe(1);
  });

  it("-f json: one test_result object per test", async () => {
    const r = await runEbt(["--test", "-f", "json", "-e", 'test:a { } test:b { printf("x\\n"); return 1; }']);
    const lines = r.stdout.trim().split("\n").map((l) => l.replace(/"duration": \d+/, '"duration": D'));
    expect(lines).toEqual([
      '{"type": "test_result", "data": {"a": {"duration": D, "passed": true, "output": ""}}}',
      '{"type": "test_result", "data": {"b": {"duration": D, "passed": false, "output": "x\\n"}}}',
    ]);
    expect(r.code).toBe(1);
  });

  it("without --test, test probes do not run: bpftrace's hint when nothing else is there", async () => {
    const r = await runEbt(["-e", "test:a { }"]);
    expect(r.stderr).toBe("ERROR: No probes attached; use --test to run test probes.\n");
    expect(r.code).toBe(1);
    const withBegin = await runEbt(["-e", 'BEGIN { printf("b\\n"); } test:a { printf("never\\n"); }']);
    expect(withBegin.stdout).toBe("b\n\n\n");
  });

  it("names: one name per test, and a name is required", async () => {
    const r = await runEbt(["--test", "-e", "test:a { } test:a { }"]);
    expect(r.stderr).toContain('ERROR: "a" was used as the name for more than one TEST probe');
    const none = await runEbt(["--test", "-e", "test:a:b { }"]);
    expect(none.stderr).toContain("ERROR: test probe type requires 1 arguments, found 2");
  });
});

describe("--bench", () => {
  it("a table of the average time per run and the number of runs, BEGIN/END around it", async () => {
    const r = await runEbt(["--bench", "-e", 'BEGIN { printf("begin\\n"); } bench:count { @ = count(); } bench:a_much_longer_benchmark_name_than_forty_chars { @b[1] = 1; } END { printf("end\\n"); }']);
    const lines = r.stdout.split("\n");
    const width = "a_much_longer_benchmark_name_than_forty_chars".length + 1;
    expect(lines[0]).toBe("begin");
    expect(lines[1]).toBe("Benchmark".padEnd(width) + "Time(ns)".padEnd(15) + "Iterations");
    expect(lines[2]).toBe("-".repeat(width + 15 + 10));
    expect(lines[3]).toMatch(new RegExp(`^count {${width - 5}}\\d+ +\\d+$`));
    expect(lines[4]).toMatch(/^a_much_longer_benchmark_name_than_forty_chars \d+ +\d+$/);
    expect(lines.slice(5)).toEqual(["end", "", "", ""]);
    // The iterations ran for at least a millisecond in all.
    const [, avg, iters] = /(\d+) +(\d+)$/.exec(lines[3]!)!;
    expect(BigInt(avg!) * BigInt(iters!)).toBeGreaterThanOrEqual(1_000_000n / 2n);
    expect(r.code).toBe(0);
  });

  it("-f json: benchmark_result objects; a benchmark returning non-zero skips itself", async () => {
    const r = await runEbt(["--bench", "-q", "-f", "json", "-e", "bench:a { @a++; } bench:skipped { return 1; }"]);
    expect(r.stdout).toMatch(/^\{"type": "benchmark_result", "data": \{"a": \{"average": \d+, "iters": \d+\}\}\}\n$/);
    expect(r.code).toBe(0);
  });

  it("a benchmark that calls exit(1) fails", async () => {
    const r = await runEbt(["--bench", "-e", "bench:bad { exit(1); }"]);
    expect(r.stderr).toBe("ERROR: Benchmark 'bad' failed.\n");
    expect(r.code).toBe(1);
  });
});

describe("--probe-filter", () => {
  it("keeps the probes whose name matches, and BEGIN/END", async () => {
    const r = await runEbt(["--probe-filter", ":2$", "-e", 'BEGIN { printf("begin\\n"); } interval:ms:1 { printf("bad\\n"); exit(); } interval:ms:2 { printf("hit\\n"); exit(); } END { printf("end\\n"); }']);
    expect(r.stdout).toBe("begin\nhit\nend\n\n\n");
    expect(r.stderr).toBe("Attached 3 probes\n");
  });

  it("an invalid regex and a filter that keeps nothing: bpftrace's errors", async () => {
    const bad = await runEbt(["--probe-filter", "[invalid", "-e", "interval:ms:1 { exit(); }"]);
    expect(bad.stderr).toMatch(/^ERROR: Invalid --probe-filter regex '\[invalid': .+\n$/);
    expect(bad.code).toBe(1);
    const none = await runEbt(["--probe-filter", "nothing_matches", "-e", "interval:ms:1 { exit(); }"]);
    expect(none.stdout).toBe("No probes to attach\n");
    expect(none.code).toBe(1);
  });
});

describe("self:signal:SIGUSR1", () => {
  it("runs the signal probes in script order on each SIGUSR1; the run waits for signals", async () => {
    const ebt = new EbtProcess(["-e", 'BEGIN { @n = 0; } self:signal:SIGUSR1 { @n++; printf("first %d", @n); } self:signal:SIGUSR1 { printf(" second\\n"); if (@n == 2) { exit(); } }']);
    await ebt.attached();
    expect(ebt.stderr).toBe("Attached 3 probes\n");
    ebt.signal("SIGUSR1");
    await ebt.waitFor("first 1 second\n", "stdout");
    ebt.signal("SIGUSR1");
    const r = await ebt.wait();
    expect(r.stdout).toBe("first 1 second\nfirst 2 second\n\n\n@n: 2\n");
    expect(r.code).toBe(0);
  });

  it("only SIGUSR1, and only the signal trigger", async () => {
    expect((await runEbt(["-e", "self:signal:SIGUSR2 { }"])).stderr).toContain("ERROR: SIGUSR2 is not a supported signal");
    expect((await runEbt(["-e", "self:timer:SIGUSR1 { }"])).stderr).toContain("ERROR: timer is not a supported trigger");
  });

  it("a signal sent the moment the attach line is out is handled, never the default action", async () => {
    // bpftrace's test runner signals as soon as it reads __BPFTRACE_NOTIFY_PROBES_ATTACHED: the
    // handlers must be in place before that line (and "Attached N probes") is written.
    for (const [sig, program, stdout] of [
      ["SIGUSR1", 'self:signal:SIGUSR1 { print("signal handler"); exit(); }', "__BPFTRACE_NOTIFY_PROBES_ATTACHED\nsignal handler\n\n\n"],
      ["SIGUSR1", "interval:ms:300 { exit(); }", "__BPFTRACE_NOTIFY_PROBES_ATTACHED\n\n\n"],
      ["SIGTERM", 'interval:s:30 { exit(); } end { print("end"); }', "__BPFTRACE_NOTIFY_PROBES_ATTACHED\nend\n\n\n"],
      ["SIGHUP", 'interval:s:30 { exit(); } end { print("end"); }', "__BPFTRACE_NOTIFY_PROBES_ATTACHED\nend\n\n\n"],
    ] as const) {
      let sent = false;
      const ebt = new EbtProcess(["-e", program], { env: { __BPFTRACE_NOTIFY_PROBES_ATTACHED: "1" } });
      ebt.child.stdout.on("data", () => {
        if (ebt.stdout.includes("__BPFTRACE_NOTIFY_PROBES_ATTACHED\n") && ebt.child.signalCode === null && !sent) {
          sent = true;
          ebt.signal(sig);
        }
      });
      const r = await ebt.wait();
      expect({ sig, signal: r.signal, code: r.code, stdout: r.stdout }).toEqual({ sig, signal: null, code: 0, stdout });
    }
  });

  it("SIGUSR1 without signal probes changes nothing (it does not stop the run)", async () => {
    const ebt = new EbtProcess(["-e", 'interval:ms:100 { @ = count(); if (@ > 3) { exit(); } }']);
    await ebt.attached();
    ebt.signal("SIGUSR1");
    const r = await ebt.wait();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("\n\n@: 4\n");
  });
});

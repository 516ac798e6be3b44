/**
 * software:EVENT[:COUNT] and hardware:EVENT[:COUNT]: software events fire here and are triggered
 * by the test itself (a shell under a recognisable name faults and blocks); this machine has no
 * hardware PMU (KERNEL.md), so hardware probes must fail clearly and leave nothing behind.
 */
import { describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";
import { namedShell, runNamed } from "../helpers/trigger.js";

async function trace(program: string, trigger: () => void) {
  const ebt = new EbtProcess(["-e", program]);
  await ebt.attached();
  trigger();
  return ebt.wait(30_000);
}

describe("software events", () => {
  it("software:page-faults:1 fires on a fault of the process that faults", async () => {
    const sh = namedShell("ebt_faulter");
    const r = await trace('software:page-faults:1 /comm == "ebt_faulter"/ { printf("%s faulted\\n", comm); exit(); }', () => runNamed(sh, "true"));
    expect(r.stdout).toBe("ebt_faulter faulted\n\n\n");
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(r.code).toBe(0);
  });

  it("software:cs (context-switches) fires when a process blocks", async () => {
    const sh = namedShell("ebt_switcher");
    const r = await trace('software:cs:1 /comm == "ebt_switcher"/ { printf("%s switched out\\n", comm); exit(); }', () => runNamed(sh, "sleep 0.01"));
    expect(r.stdout).toBe("ebt_switcher switched out\n\n\n");
    expect(r.code).toBe(0);
  });

  it("software:cpu-clock runs on every CPU, at bpftrace's default period (1 ms)", async () => {
    const r = await runEbt(["-e", "software:cpu-clock { @[cpu] = count(); } interval:ms:500 { exit(); }"], { timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("@["));
    // Every online CPU ticks; 500 ms at 1 ms is at most ~500 samples per CPU, never tens of thousands.
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect(Number(/: (\d+)$/.exec(l)![1])).toBeLessThan(700);
  });

  it("software:task-clock at its default count (1 ns, clamped by the kernel to 10 us): exit() stops at once", async () => {
    const start = Date.now();
    const r = await runEbt(["-e", 'software:task-clock { printf("tick\\n"); exit(); }'], { timeoutMs: 30_000 });
    // The records other CPUs produced after the exit are dropped, as in bpftrace.
    expect(r.stdout).toBe("tick\n\n\n");
    expect(r.code).toBe(0);
    expect(Date.now() - start).toBeLessThan(20_000);
  }, 60_000);

  it("a 10 us clock on every CPU stops on Ctrl-C, prints its maps and leaves nothing", async () => {
    const before = snapshot();
    const ebt = new EbtProcess(["-e", "software:cpu-clock:1 { @[cpu] = count(); }"]);
    await ebt.attached();
    await new Promise((r) => setTimeout(r, 300));
    ebt.signal("SIGINT");
    const r = await ebt.wait(60_000);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\n\n(@\[\d+\]: \d+\n)+$/);
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
  }, 90_000);

  it("errors: unknown event, bad count", async () => {
    let r = await runEbt(["-e", "software:foo { }"]);
    expect(r.stderr).toBe("stdin:1:1-13: ERROR: foo is not a software probe\nsoftware:foo { }\n~~~~~~~~~~~~\n");
    expect(r.code).toBe(1);
    r = await runEbt(["-e", "s:faults:x { }"]);
    expect(r.stderr).toContain("ERROR: Invalid count for software probe: x");
  });
});

describe("hardware events", () => {
  it("fail to attach with a clear error (no PMU here), exit 1, nothing left", async () => {
    const before = snapshot();
    const r = await runEbt(["-e", "BEGIN { printf(\"begin\\n\"); } hardware:cycles { @ = count(); }"]);
    expect(r.stderr).toBe(
      "ERROR: Error attaching probe: 'hardware:cycles': perf_event_open: No such file or directory (type 0 config 0 cpu 0): " +
        "this machine has no hardware performance counters (virtual machines often have none)\n" +
        "ERROR: Unable to attach probe: hardware:cycles. If this is expected, set the 'missing_probes' config variable to 'warn'.\n",
    );
    expect(r.stdout).toBe("");
    expect(r.code).toBe(1);
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
  });

  it("h:instructions:1000 names the event and count it was given", async () => {
    const r = await runEbt(["-e", "h:instructions:1000 { @ = count(); }"]);
    expect(r.stderr).toMatch(/^ERROR: Error attaching probe: 'hardware:instructions:1000': perf_event_open: No such file or directory \(type 0 config 1 cpu 0\)/);
    expect(r.code).toBe(1);
  });
});

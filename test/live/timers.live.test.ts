/** Timer probes: interval (one CPU, periodic output) and profile (every CPU). */
import { describe, expect, it } from "vitest";
import { runEbt } from "../helpers/run-ebt.js";

describe("interval", () => {
  it("fires periodically; maps carry state across firings; exit() from a timer", async () => {
    const r = await runEbt(["-e", 'BEGIN { @i = 0; } interval:ms:100 { @i++; printf("tick %d\\n", @i); if (@i == 3) { exit(); } }']);
    expect(r.stdout).toBe("tick 1\ntick 2\ntick 3\n\n\n@i: 3\n");
    expect(r.stderr).toBe("Attached 2 probes\n");
    expect(r.code).toBe(0);
  });

  it("accepts current bpftrace's interval:100ms spelling and the i alias", async () => {
    const r = await runEbt(["-e", 'i:100ms { printf("once\\n"); exit(); }']);
    expect(r.stdout).toBe("once\n\n\n");
  });

  it("ctx is the probe's context, an untyped pointer a cast can read through", async () => {
    // A perf event program's context starts with the pointer to the interrupted registers: a
    // kernel address (the top half of the x86-64 address space).
    const r = await runEbt(["-e", 'struct head { unsigned long regs; } i:ms:1 { printf("%d\\n", ((struct head *)ctx).regs >= 0xffff800000000000); exit(); }']);
    expect(r).toMatchObject({ stdout: "1\n\n\n", stderr: "Attached 1 probe\n", code: 0 });
  });

  it("rejects a malformed rate at the attach point", async () => {
    const r = await runEbt(["-e", "interval:sec:1 { exit(); }"]);
    expect(r.code).toBe(1);
    expect((await runEbt(["-e", "interval:s:0 { exit(); }"])).stderr).toContain("ERROR: interval probe must be interval:<s|ms|us|hz>:<count>");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("stdin:1:1-15: ERROR: sec is not an accepted unit of time");
  });
});

describe("profile", () => {
  it("samples at the requested frequency", async () => {
    const r = await runEbt(["-e", "profile:hz:99 { @samples = count(); } interval:s:1 { exit(); }"]);
    expect(r.code).toBe(0);
    const m = /^\n\n@samples: (\d+)\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    // At least one CPU is busy or ticking for the whole second: near 99 samples, never thousands.
    expect(Number(m![1])).toBeGreaterThan(20);
    expect(Number(m![1])).toBeLessThan(99 * 2 + 20);
  });
});

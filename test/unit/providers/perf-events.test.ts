/** software/hardware attach points: bpftrace's event names, aliases, default counts and errors. */
import { describe, expect, it } from "vitest";
import { compile } from "../../../src/compile.js";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import { HARDWARE_EVENTS, SOFTWARE_EVENTS } from "../../../src/providers/perf-events.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";

const kernel = new FakeKernel();

function targets(source: string) {
  const r = compile(source, "stdin", kernel);
  return {
    targets: r.plan?.programs.map((p) => ({ name: p.target.name, ...p.target.detail })) ?? [],
    diags: r.diagnostics.items.map((d) => renderDiagnostic(d, r.sources)).join(""),
  };
}

describe("software and hardware attach points", () => {
  it("names and aliases map to the PERF_COUNT_* configs with bpftrace's default counts", () => {
    expect(targets("software:faults { } s:cs { } software:cpu-clock:99 { } software:task-clock { }").targets).toEqual([
      { name: "software:faults", config: 2, count: 100 },
      { name: "software:cs", config: 3, count: 1000 },
      { name: "software:cpu-clock:99", config: 0, count: 99 },
      { name: "software:task-clock", config: 1, count: 1 },
    ]);
    expect(targets("hardware:cycles { } h:branches:5 { } hardware:ref-cycles { }").targets).toEqual([
      { name: "hardware:cycles", config: 0, count: 1000000 },
      { name: "hardware:branches:5", config: 4, count: 5 },
      { name: "hardware:ref-cycles", config: 9, count: 1000000 },
    ]);
  });

  it("wildcards expand over event names", () => {
    expect(targets("software:*-faults:1 { }").targets.map((t) => t.name)).toEqual([
      "software:alignment-faults:1", "software:emulation-faults:1", "software:major-faults:1", "software:minor-faults:1", "software:page-faults:1",
    ]);
  });

  it("the tables are bpftrace's: every event and alias", () => {
    expect(SOFTWARE_EVENTS.map((e) => e.name + (e.alias ? `/${e.alias}` : "")).join(" ")).toBe(
      "alignment-faults bpf-output context-switches/cs cpu-clock/cpu cpu-migrations dummy emulation-faults major-faults minor-faults page-faults/faults task-clock",
    );
    expect(HARDWARE_EVENTS.map((e) => e.name + (e.alias ? `/${e.alias}` : "")).join(" ")).toBe(
      "backend-stalls branch-instructions/branches branch-misses bus-cycles cache-misses cache-references cpu-cycles/cycles frontend-stalls instructions ref-cycles",
    );
  });

  it("counts in any integer form bpftrace reads", () => {
    expect(targets("software:cpu:1e6 { } s:faults:2_000 { }").targets.map((t) => [t.name, t.count])).toEqual([
      ["software:cpu:1000000", 1000000],
      ["software:faults:2000", 2000],
    ]);
    expect(targets("software:cpu:1e { }").diags).toContain("ERROR: Invalid count for software probe: 1e");
  });

  it("errors in bpftrace's words", () => {
    expect(targets("software:foo { }").diags).toBe("stdin:1:1-13: ERROR: foo is not a software probe\nsoftware:foo { }\n~~~~~~~~~~~~\n");
    expect(targets("hardware:cycles:0 { }").diags).toContain("ERROR: Invalid count for hardware probe: 0");
    expect(targets("software:faults:1:2 { }").diags).toContain("ERROR: software probe type requires 1 or 2 arguments, found 3");
    expect(targets("software:zz* { }").diags).toContain("ERROR: Probe has no valid attach points.");
    expect(targets("software:faults { print(arg0); }").diags).toContain("ERROR: The arg0 builtin can not be used with 'software' probes");
  });
});

/** The compiler's named passes: they run in the listed order, and --dump shows what each produced. */
import { describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "../../../src/cli/args.js";
import { compile, PASSES } from "../../../src/compile.js";
import type { PassName } from "../../../src/compile.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";

const SOURCE = 'macro twice(x) { x * 2 } tracepoint:syscalls:sys_enter_openat { @n[comm] = count(); printf("%d\\n", twice(pid)); }';

function dumps(source: string): Map<PassName, string> {
  const seen = new Map<PassName, string>();
  const r = compile(source, "t.bt", new FakeKernel(), { dump: (pass, text) => seen.set(pass, text()) });
  expect(r.diagnostics.items).toEqual([]);
  return seen;
}

describe("compiler passes", () => {
  it("every pass reports once, in the order PASSES lists", () => {
    expect([...dumps(SOURCE).keys()]).toEqual([...PASSES]);
  });

  it("the tree before macros has the call; after macros, the macro's body in its place", () => {
    const d = dumps(SOURCE);
    expect(JSON.parse(d.get("parse")!).items.map((i: { kind: string }) => i.kind)).toEqual(["MacroDef", "Probe"]);
    expect(d.get("parse")).toContain('"name": "twice"');
    const after = JSON.parse(d.get("macros")!);
    expect(after.items.map((i: { kind: string }) => i.kind)).toEqual(["Probe"]);
    expect(d.get("macros")).not.toContain('"name": "twice"');
    expect(d.get("macros")).toContain('"op": "*"');
  });

  it("check names the probes and the maps' types; codegen is the disassembly; plan the maps and records", () => {
    const d = dumps(SOURCE);
    const checked = JSON.parse(d.get("check")!);
    expect(checked.probes).toEqual(["tracepoint:syscalls:sys_enter_openat"]);
    expect(checked.maps[0]).toMatchObject({ name: "@n", keys: [{ kind: "str" }], value: { kind: "agg", agg: "count" } });
    expect(d.get("codegen")).toMatch(/^tracepoint:syscalls:sys_enter_openat:\n/);
    expect(d.get("codegen")).toContain("exit");
    const plan = JSON.parse(d.get("plan")!);
    expect(plan.maps.map((m: { name: string }) => m.name)).toContain("@n");
    expect(plan.records).toContainEqual(expect.objectContaining({ kind: "printf", format: "%d\n" }));
  });

  it("stops dumping at the pass that failed", () => {
    const seen: PassName[] = [];
    compile("BEGIN { @x = nosuchfunction(); }", "t.bt", new FakeKernel(), { dump: (pass) => seen.push(pass) });
    expect(seen).toEqual(["parse", "imports", "macros", "ctypes", "constants", "config"]);
  });

  it("--dump takes a pass name, repeated, or all; anything else is a usage error naming the passes", () => {
    expect(parseArgs(["--dump", "check", "--dump=codegen", "-e", "BEGIN {}"]).dump).toEqual(["check", "codegen"]);
    expect(parseArgs(["--dump", "all", "x.bt"]).dump).toEqual([...PASSES]);
    expect(parseArgs(["x.bt"]).dump).toEqual([]);
    expect(() => parseArgs(["--dump", "ast", "x.bt"])).toThrow(UsageError);
    expect(() => parseArgs(["--dump", "ast", "x.bt"])).toThrow(`--dump: unknown pass 'ast' (${PASSES.join(", ")} or all)`);
  });
});

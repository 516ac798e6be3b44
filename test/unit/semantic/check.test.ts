/** Semantic errors as the user sees them: message, place and bpftrace's layout. */
import { describe, expect, it } from "vitest";
import { compile } from "../../../src/compile.js";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";

const kernel = new FakeKernel();

function errors(source: string): string {
  const r = compile(source, "stdin", kernel);
  return r.diagnostics.items.map((d) => renderDiagnostic(d, r.sources)).join("");
}

describe("semantic errors (bpftrace 0.17's words and places)", () => {
  it("unknown identifier", () => {
    expect(errors("BEGIN { fake }")).toBe("stdin:1:9-13: ERROR: Unknown identifier: 'fake'\nBEGIN { fake }\n        ~~~~\n");
  });

  it("a body shared by several probes reports each problem once", () => {
    const source = "tracepoint:syscalls:sys_enter_openat, tracepoint:syscalls:sys_enter_write { @x = nope; @y = 1 - nsecs; }";
    expect(errors(source)).toBe("stdin:1:82-86: ERROR: Unknown identifier: 'nope'\n" + source + "\n" + " ".repeat(81) + "~~~~\n");
    expect(errors("tracepoint:syscalls:sys_enter_* { @x = nope; }").match(/ERROR/g)).toHaveLength(1);
  });

  it("unknown function, at its name", () => {
    expect(errors("BEGIN { foo(1) }")).toBe("stdin:1:9-12: ERROR: Unknown function: foo\nBEGIN { foo(1) }\n        ~~~\n");
  });

  it("a map assigned an int then a string", () => {
    expect(errors('BEGIN { @x = 1; @x = "a"; }')).toBe(
      "stdin:1:17-19: ERROR: Type mismatch for @x: trying to assign value of type 'string[2]' when map already contains a value of type 'int64'\n" +
        'BEGIN { @x = 1; @x = "a"; }\n                ~~\n',
    );
  });

  it("printf argument count and types, at the call", () => {
    expect(errors('BEGIN { printf("%d %d\\n", 1); }')).toBe(
      'stdin:1:9-29: ERROR: printf: Not enough arguments for format string (1 supplied, 2 expected)\nBEGIN { printf("%d %d\\n", 1); }\n        ~~~~~~~~~~~~~~~~~~~~\n',
    );
    expect(errors('BEGIN { printf("%d\\n", "s"); }')).toContain("ERROR: printf: %d specifier expects a value of type integer (string supplied)");
  });

  it("undefined scratch variable, at the variable", () => {
    expect(errors("BEGIN { print($x) }")).toBe("stdin:1:15-17: ERROR: Undefined or undeclared variable: $x\nBEGIN { print($x) }\n              ~~\n");
  });

  it("unknown tracepoint and unknown probe type, at the attach point", () => {
    expect(errors("tracepoint:syscalls:nope { }")).toContain("stdin:1:1-25: ERROR: No matches for tracepoint syscalls:nope.");
    expect(errors("foo:bar { }")).toBe("stdin:1:1-8: ERROR: Invalid probe type: foo\nfoo:bar { }\n~~~~~~~\n");
  });

  it("a misspelt probe type: bpftrace's error, then the nearest name", () => {
    expect(errors("tracepint:syscalls:sys_enter_read { }")).toBe(
      "stdin:1:1-34: ERROR: Invalid probe type: tracepint\ntracepint:syscalls:sys_enter_read { }\n~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\nHINT: did you mean tracepoint?\n",
    );
  });

  it("a field that args does not have", () => {
    expect(errors("tracepoint:syscalls:sys_enter_openat { print(args.nope) }")).toContain(
      "ERROR: Can't find a field nope in args of tracepoint:syscalls:sys_enter_openat",
    );
  });
});

describe("what compiles", () => {
  it("resolves aliases and wildcards to one program per tracepoint", () => {
    const r = compile("t:syscalls:sys_enter_*, tp:raw_syscalls:sys_enter, BEGIN { @[comm] = count(); }", "stdin", kernel);
    expect(r.diagnostics.items).toEqual([]);
    const names = r.plan!.programs.map((p) => p.target.name).sort();
    expect(names).toContain("tracepoint:syscalls:sys_enter_openat");
    expect(names).toContain("tracepoint:raw_syscalls:sys_enter");
    expect(names).toContain("BEGIN");
  });

  it("plans a per-CPU hash for count(), a ring buffer for output and counters of full-map updates and lost records", () => {
    const r = compile('BEGIN { @c[comm] = count(); printf("x\\n"); }', "stdin", kernel);
    const maps = r.plan!.maps.map((m) => [m.name, m.spec.type, m.spec.keySize, m.spec.valueSize]);
    expect(maps).toEqual([
      ["@c", 5, 16, 8],
      ["ringbuf", 27, 0, 0],
      ["generations", 2, 4, 512],
      ["map_full", 2, 4, 8192],
      ["lost_events", 2, 4, 16],
    ]);
  });
});

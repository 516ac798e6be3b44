/** Config variables, operator typing and tuple helpers, as the checker uses them. */
import { describe, expect, it } from "vitest";
import type { Expr } from "../../../src/ast/nodes.js";
import { compile } from "../../../src/compile.js";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import { parse } from "../../../src/parser/index.js";
import { constantInt } from "../../../src/semantic/tuples.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";

const kernel = new FakeKernel();

function diagnostics(source: string, env: Record<string, string> = {}): string {
  const r = compile(source, "stdin", kernel, { env });
  return r.diagnostics.items.map((d) => renderDiagnostic(d, r.sources)).join("");
}

/** The string size the checker gives `str()` under a config: visible as the map's key type. */
function keySize(source: string, env: Record<string, string> = {}): number | undefined {
  const r = compile(source, "stdin", kernel, { env });
  return r.plan?.maps.find((m) => m.name === "@")?.spec.keySize;
}

describe("config", () => {
  const prog = 'BEGIN { @[str(0)] = 1; }';
  it("max_strlen defaults to 64 bytes", () => {
    expect(keySize(prog)).toBe(64);
  });
  it("the config block sets it, in any of bpftrace's spellings", () => {
    expect(keySize(`config = { max_strlen = 16 } ${prog}`)).toBe(16);
    expect(keySize(`config = { BPFTRACE_MAX_STRLEN = 24 } ${prog}`)).toBe(24);
    expect(keySize(`config = { MAX_STRLEN = 32; } ${prog}`)).toBe(32);
  });
  it("the environment wins over the block, and EBT_ over BPFTRACE_", () => {
    expect(keySize(`config = { max_strlen = 16 } ${prog}`, { BPFTRACE_MAX_STRLEN: "40" })).toBe(40);
    expect(keySize(prog, { BPFTRACE_MAX_STRLEN: "40", EBT_MAX_STRLEN: "48" })).toBe(48);
    expect(keySize(prog, { BPFTRACE_STRLEN: "8" })).toBe(8);
  });
  it("unknown keys and bad values are errors at the entry; renamed keys warn", () => {
    expect(diagnostics("config = { nope = 1 } BEGIN { }")).toBe(
      "stdin:1:12-20: ERROR: nope: not a known configuration option\nconfig = { nope = 1 } BEGIN { }\n           ~~~~~~~~\n",
    );
    expect(diagnostics("config = { max_strlen = big } BEGIN { }")).toContain("ERROR: max_strlen: expecting a number, got big");
    expect(diagnostics("config = { strlen = 8 } BEGIN { }")).toContain("WARNING: strlen has been renamed, please use max_strlen");
    expect(diagnostics("BEGIN { }", { EBT_MAX_STRLEN: "x" })).toBe("ERROR: EBT_MAX_STRLEN: expecting a number, got x\n");
  });
});

describe("operators", () => {
  it("signed division warns at the operator; literals and unsigned operands do not", () => {
    expect(diagnostics("BEGIN { $a = 5; $b = $a / 2; }")).toContain("1:25-26: WARNING: signed operands for '/'");
    expect(diagnostics("BEGIN { $b = 10 / 3; $u = (uint64)5; $c = $u % 2; }")).toBe("");
  });
  it("mixed signs warn for arithmetic and comparison, not for bitwise operators", () => {
    const d = diagnostics("BEGIN { $a = 1; $u = (uint32)2; $x = $a + $u; $y = $a < $u; $z = $a & $u; }");
    expect(d).toContain("WARNING: arithmetic of integers of different signs: 'int64' and 'unsigned int32'");
    expect(d).toContain("WARNING: comparison of integers of different signs: 'int64' and 'unsigned int32'");
    expect(d.match(/WARNING/g)).toHaveLength(2);
  });
  it("compound assignments warn at their operator", () => {
    expect(diagnostics("BEGIN { $x = 9; $x /= 3; }")).toContain("1:20-22: WARNING: signed operands for '/'");
  });
});

describe("tuples", () => {
  const expr = (src: string): Expr => {
    const p = parse(`BEGIN { $x = ${src}; }`, "stdin").program!;
    const probe = p.items[0] as { body: { stmts: { value: Expr }[] } };
    return probe.body.stmts[0]!.value;
  };
  it("constant indexes fold; variables do not", () => {
    expect(constantInt(expr("1 + 1"))).toBe(2n);
    expect(constantInt(expr("(3 * 4) % 5 - -1"))).toBe(3n);
    expect(constantInt(expr("$i + 1"))).toBeUndefined();
  });
  it("records must name existing fields and only once", () => {
    expect(diagnostics("BEGIN { $r = (a = 1, a = 2); }")).toContain("ERROR: Duplicate field name: a");
    expect(diagnostics("BEGIN { $r = (a = 1); print($r.b); }")).toContain("ERROR: Record does not contain a field named 'b'");
  });
});

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parse } from "../../../src/parser/index.js";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import { SourceMap } from "../../../src/diagnostics/span.js";
import { ok } from "./helpers.js";

/** bpftrace's own tools (installed with bpftrace 0.17 as /usr/sbin/*.bt) and our examples must parse. */
const dirs = ["/usr/sbin", "/usr/share/bpftrace/tools", join(import.meta.dirname, "../../../examples")];
const files = dirs.filter(existsSync).flatMap((d) =>
  readdirSync(d).filter((f) => f.endsWith(".bt") || f.endsWith(".ebt")).map((f) => join(d, f)),
);

describe("corpus", () => {
  test.skipIf(files.length === 0).each(files)("%s parses", (f) => {
    const src = readFileSync(f, "utf8");
    const r = parse(src, f);
    const text = r.diagnostics.map((d) => renderDiagnostic(d, new Map([[f, new SourceMap(f, src)]]))).join("");
    expect(text).toBe("");
    expect(r.program!.items.length).toBeGreaterThan(0);
  });
});

describe("C definitions", () => {
  test("preprocessor lines and top-level struct definitions are kept in order, outside the items", () => {
    const src = "#include <linux/sched.h>\nstruct foo {\n  int a;\n  struct { int b; } c;\n};\nBEGIN { print(((struct foo *)0)->a) }\n#define X 1\n";
    const p = ok(src);
    expect(p.items.map((i) => i.kind)).toEqual(["Probe"]);
    expect(p.cDefinitions!.map((c) => c.text)).toEqual([
      "#include <linux/sched.h>",
      "struct foo {\n  int a;\n  struct { int b; } c;\n};",
      "#define X 1",
    ]);
    expect(p.cDefinitions![1]!.span.start).toMatchObject({ line: 2, col: 1 });
  });
  test("without C, no field", () => {
    expect(ok("BEGIN { }").cDefinitions).toBeUndefined();
  });
});

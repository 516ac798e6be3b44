/**
 * The C preprocessor scripts' C goes through: includes (angle and quoted, guards, #pragma once,
 * include_next), object- and function-like macros (# and ##, variadic), conditionals.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Preprocessor } from "../../../src/cdecl/preprocessor.js";
import type { ScriptChunk } from "../../../src/cdecl/preprocessor.js";

function headers(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ebt-cpp-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function run(text: string, dirs: string[] = [], scriptDir = os.tmpdir()) {
  const pp = new Preprocessor({ systemDirs: dirs, scriptDir, predefined: { __x86_64__: "1" } });
  const chunk: ScriptChunk = { text, file: "t.bt", line: 1, col: 1, defLine: 2 };
  const ok = pp.run([chunk]);
  return { ok, pp, text: pp.out.map((t) => t.text).join(" "), errors: pp.errors.map((e) => `${e.loc.defLine}:${e.loc.defCol}: ${e.fatal ? "fatal " : ""}${e.message}`) };
}

describe("C preprocessor", () => {
  it("expands object-like and function-like macros, with # and ## and __VA_ARGS__", () => {
    const r = run([
      "#define N 4",
      "#define SQ(x) ((x) * (x))",
      "#define NAME(a, b) a ## _ ## b",
      "#define STR(x) #x",
      "#define FIRST(a, ...) a",
      "#define SELF SELF + 1",
      "int v[SQ(N)]; int NAME(foo, bar); char *s = STR(hello world); int f = FIRST(1, 2, 3); int g = SELF;",
    ].join("\n"));
    expect(r.errors).toEqual([]);
    expect(r.text).toBe('int v [ ( ( 4 ) * ( 4 ) ) ] ; int foo_bar ; char * s = "hello world" ; int f = 1 ; int g = SELF + 1 ;');
  });

  it("keeps the groups of #if/#elif/#else/#endif whose conditions hold, with defined() and nesting", () => {
    const r = run([
      "#define A 2",
      "#if A > 1 && defined(__x86_64__)",
      "int yes;",
      "#if defined B",
      "int no1;",
      "#elif A == 2",
      "int nested;",
      "#endif",
      "#elif 1",
      "int no2;",
      "#else",
      "int no3;",
      "#endif",
      "#ifndef A",
      "int no4;",
      "#endif",
      "#if __has_include(<surely/not/here.h>) || UNDEFINED_NAME",
      "int no5;",
      "#endif",
      "#if L'\\0' - 1 < 0 && 'a' == 97",
      "int chars;",
      "#endif",
    ].join("\n"));
    expect(r.errors).toEqual([]);
    expect(r.text).toBe("int yes ; int nested ; int chars ;");
  });

  it("includes a header once behind its guard and finds quoted includes beside the includer", () => {
    const dir = headers({
      "lib/a.h": '#ifndef A_H\n#define A_H\n#include "b.h"\nint a;\n#endif\n',
      "lib/b.h": "#pragma once\n#define B_VALUE (1 << 3)\nint b;\n",
    });
    const r = run("#include <lib/a.h>\n#include <lib/a.h>\n#include <lib/b.h>\n", [dir]);
    expect(r.errors).toEqual([]);
    expect(r.text).toBe("int b ; int a ;");
    expect(r.pp.macros.get("B_VALUE")?.body.map((t) => t.text).join("")).toBe("(1<<3)");
  });

  it("include_next continues the search after the directory that held the includer", () => {
    const first = headers({ "x.h": "int first;\n#include_next <x.h>\n" });
    const second = headers({ "x.h": "int second;\n" });
    expect(run("#include <x.h>", [first, second]).text).toBe("int first ; int second ;");
  });

  it("stops at a missing header with clang's words, at its place in definitions.h", () => {
    const r = run("\n#include <lol/no.h>\nint after;");
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual(["3:10: fatal 'lol/no.h' file not found"]);
    expect(r.text).toBe("");
  });

  it("reports #error and unbalanced conditionals in the script", () => {
    expect(run("#if 1\n#error no way\n#endif").errors).toEqual(["3:1: no way"]);
    expect(run("#endif").errors).toEqual(["2:1: #endif without #if"]);
    expect(run("#if 1\nint x;").errors).toEqual(["2:1: unterminated conditional directive"]);
  });
});

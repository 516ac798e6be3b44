import { describe, expect, test } from "vitest";
import { parse } from "../../../src/parser/index.js";
import { EbtParser } from "../../../src/parser/grammar.js";
import { err, msg } from "./helpers.js";

describe("syntax errors in bison's words and places", () => {
  test("the brief's example, in full", () => {
    expect(err('BEGIN { printf("x" }')).toBe(
      'stdin:1:20-21: ERROR: syntax error, unexpected }, expecting ) or ","\nBEGIN { printf("x" }\n                   ~\n',
    );
  });

  // Each of these is bpftrace 0.17's output, byte for byte (checked with `bpftrace -e`).
  test.each([
    ["BEGIN { @x[1 }", 'stdin:1:14-15: ERROR: syntax error, unexpected }, expecting ] or ","'],
    ["BEGIN { if (1) }", "stdin:1:16-17: ERROR: syntax error, unexpected }, expecting {"],
    ["BEGIN { if (1 { } }", "stdin:1:15-16: ERROR: syntax error, unexpected {, expecting )"],
    ["BEGIN { if (1) { } else }", "stdin:1:25-26: ERROR: syntax error, unexpected }, expecting { or if"],
    ["BEGIN { while (1) print(1); }", "stdin:1:19-24: ERROR: syntax error, unexpected call, expecting {"],
    ["BEGIN { print(1) print(2) }", "stdin:1:18-23: ERROR: syntax error, unexpected call, expecting }"],
    ["BEGIN { print(1) pid }", "stdin:1:18-21: ERROR: syntax error, unexpected builtin, expecting }"],
    ["BEGIN { print(1) foo }", "stdin:1:18-21: ERROR: syntax error, unexpected identifier, expecting }"],
    ["BEGIN {\n  print(1)\n  $x = ;\n}", "stdin:3:3-5: ERROR: syntax error, unexpected variable, expecting }"],
    ["BEGIN {\n  print(1);\n  $x = ;\n}", "stdin:3:8-9: ERROR: syntax error, unexpected ;"],
    ["BEGIN { $x = ; }", "stdin:1:14-15: ERROR: syntax error, unexpected ;"],
    ["BEGIN { $x = * ; }", "stdin:1:16-17: ERROR: syntax error, unexpected ;"],
    ["BEGIN { $x = 1 ? 2 ; }", "stdin:1:20-21: ERROR: syntax error, unexpected ;, expecting :"],
    ["BEGIN { $x = 1 > > 2; }", "stdin:1:18-19: ERROR: syntax error, unexpected >"],
    ["BEGIN { $x = 1 >> ; }", "stdin:1:19-20: ERROR: syntax error, unexpected ;"],
    ["BEGIN { $x = $y -> ; }", "stdin:1:20-21: ERROR: syntax error, unexpected ;"],
    ["BEGIN { $x = @y[ ]; }", "stdin:1:18-19: ERROR: syntax error, unexpected ]"],
    ['kprobe:f { printf("%d", 1, ) }', "stdin:1:28-29: ERROR: syntax error, unexpected )"],
    ["BEGIN { @x = count( ; }", "stdin:1:21-22: ERROR: syntax error, unexpected ;"],
    ["BEGIN { else }", "stdin:1:9-13: ERROR: syntax error, unexpected else, expecting }"],
    ["BEGIN { ( }", "stdin:1:11-12: ERROR: syntax error, unexpected }"],
    ["kprobe:f / pid { }", "stdin:1:16-17: ERROR: syntax error, unexpected {, expecting end predicate"],
    ["i:s:1 { < }", "stdin:1:9-10: ERROR: syntax error, unexpected <, expecting }"],
    ["BEGIN { 1 = 2; }", "stdin:1:11-12: ERROR: syntax error, unexpected =, expecting }"],
    ["BEGIN { pid = 1; }", "stdin:1:13-14: ERROR: syntax error, unexpected =, expecting }"],
    ["BEGIN { pid += 1; }", "stdin:1:13-15: ERROR: syntax error, unexpected +=, expecting }"],
    ["BEGIN { $x.y = 1; }", "stdin:1:14-15: ERROR: syntax error, unexpected =, expecting }"],
    ["BEGIN { $x[1] = 1; }", "stdin:1:15-16: ERROR: syntax error, unexpected =, expecting }"],
    ["BEGIN { 1 ++; }", "stdin:1:11-13: ERROR: syntax error, unexpected ++, expecting }"],
    ["BEGIN { x++; }", "stdin:1:9-10: ERROR: The ++ operator must be applied to a map or variable"],
    ["BEGIN { ++x; }", "stdin:1:9-11: ERROR: The ++ operator must be applied to a map or variable"],
    ["BEGIN { $t = (1, 2); $t.0 = 1; }", "stdin:1:22-30: ERROR: Tuples are immutable once created. Consider creating a new tuple and assigning it instead."],
    ["BEGIN { (1, 2).0 = 1; }", "stdin:1:9-21: ERROR: Tuples are immutable once created. Consider creating a new tuple and assigning it instead."],
    ["BEGIN { $x = $0; }", "stdin:1:14-16: ERROR: param $0 is out of integer range [1, 9223372036854775807]"],
    ["BEGIN { $x = 1 } END { $y = ; }", "stdin:1:29-30: ERROR: syntax error, unexpected ;"],
  ])("%s", (src, want) => expect(msg(src)).toBe(want));

  // Where our grammar differs from bison's the place is still bison's; the alternatives may differ.
  test.each([
    ["BEGIN { print(1) ", "stdin:1:18-19: ERROR: syntax error, unexpected end of file, expecting }"],
    ["BEGIN {", "stdin:1:8-9: ERROR: syntax error, unexpected end of file, expecting }"],
    ["BEGIN { $x = (1, 2; }", 'stdin:1:19-20: ERROR: syntax error, unexpected ;, expecting ) or ","'],
    ["BEGIN { ++1; }", "stdin:1:11-12: ERROR: syntax error, unexpected integer"],
    ["BEGIN }", "stdin:1:7-8: ERROR: syntax error, unexpected }, expecting { or <"],
    ["BEGIN { } }", "stdin:1:11-12: ERROR: syntax error, unexpected }"],
    ["BEGIN { $x = sizeof(1; }", "stdin:1:22-23: ERROR: syntax error, unexpected ;, expecting )"],
    ["BEGIN { $x = offsetof(struct a, b->c); }", "stdin:1:34-36: ERROR: syntax error, unexpected ->, expecting ) or ."],
  ])("%s", (src, want) => expect(msg(src)).toBe(want));

  test("an assignment to something else gets a hint", () => {
    expect(err("BEGIN { pid = 1; }")).toContain("HINT: only a $variable or a @map entry can be assigned to\n");
  });

  test("lexical errors, in bpftrace's words", () => {
    expect(err('kprobe:f { "asdf }')).toBe('stdin:1:12-19: ERROR: unterminated string\nkprobe:f { "asdf }\n           ~~~~~~~\n');
    expect(msg("BEGIN { ` }")).toBe("stdin:1:9-10: ERROR: invalid character '`'");
    expect(msg("BEGIN { $ }")).toBe("stdin:1:9-10: ERROR: invalid character '$'");
    expect(msg("BEGIN { 'a' }")).toBe("stdin:1:9-10: ERROR: invalid character '''");
    expect(msg('BEGIN { $x = "\\q"; }')).toBe("stdin:1:14-17: ERROR: invalid escape character '\\q'");
    expect(msg("BEGIN { /* x }")).toBe("stdin:1:9-15: ERROR: end of file during comment");
    expect(msg('u:/bin/sh:"main { }')).toBe("stdin:1:11-20: ERROR: unterminated string");
  });

  test("errors found by the grammar's actions at the end of the input", () => {
    expect(msg("BEGIN { for ($x : $y")).toBe("stdin:1:21-22: ERROR: syntax error, unexpected end of file");
    expect(msg("BEGIN { for ($x : $y `")).toBe("stdin:1:22-23: ERROR: invalid character '`'");
  });

  test("a syntax error before a bad character wins, as with bison's lazy lexer", () => {
    expect(msg("BEGIN { ) ` }")).toBe("stdin:1:9-10: ERROR: syntax error, unexpected ), expecting }");
    expect(msg("BEGIN { print(1) } `")).toBe("stdin:1:20-21: ERROR: invalid character '`'");
  });

  test("only the first error is reported, at the right line; no program", () => {
    const r = parse("BEGIN {\n  print(1)\n  $x = ;\n  $y = ;\n}", "f.bt");
    expect(r.diagnostics.length).toBe(1);
    expect(r.program).toBeUndefined();
    expect(r.diagnostics[0]!.span).toMatchObject({ file: "f.bt", start: { line: 3, col: 3 }, end: { line: 3, col: 5 } });
  });

  test("the grammar passes Chevrotain's validations (ambiguities, left recursion)", () => {
    expect(() => new EbtParser({ validate: true })).not.toThrow();
  });
});

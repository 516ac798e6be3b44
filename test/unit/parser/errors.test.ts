import { describe, expect, test } from "vitest";
import { parse } from "../../../src/parser/index.js";
import { EbtParser } from "../../../src/parser/grammar.js";
import { err } from "./helpers.js";

/** First line of the rendered diagnostic. */
const msg = (src: string) => err(src).split("\n")[0];

describe("syntax errors in bison's words (bpftrace 0.17 output where noted)", () => {
  test("the brief's example, in full", () => {
    expect(err('BEGIN { printf("x" }')).toBe(
      'stdin:1:20-21: ERROR: syntax error, unexpected }, expecting ) or ","\nBEGIN { printf("x" }\n                   ~\n',
    );
  });
  test.each([
    ["BEGIN { @x[1 }", 'stdin:1:14-15: ERROR: syntax error, unexpected }, expecting ] or ","'], // = bpftrace
    ["BEGIN { if (1) }", "stdin:1:16-17: ERROR: syntax error, unexpected }, expecting {"], // = bpftrace
    ["BEGIN { print(1) print(2) }", "stdin:1:18-23: ERROR: syntax error, unexpected call, expecting }"], // = bpftrace
    ["BEGIN { print(1) pid }", "stdin:1:18-21: ERROR: syntax error, unexpected builtin, expecting }"],
    ["BEGIN { print(1) foo }", "stdin:1:18-21: ERROR: syntax error, unexpected identifier, expecting }"],
    ["BEGIN { print(1) ", "stdin:1:18-19: ERROR: syntax error, unexpected end of file, expecting }"],
    ["BEGIN { $x = ; }", "stdin:1:14-15: ERROR: syntax error, unexpected ;"], // = bpftrace
    ["kprobe:f { printf(\"%d\", 1, ) }", "stdin:1:28-29: ERROR: syntax error, unexpected )"], // = bpftrace
    ["BEGIN { else }", "stdin:1:9-13: ERROR: syntax error, unexpected else, expecting }"], // = bpftrace
    ["BEGIN { while 1 { } }", "stdin:1:15-16: ERROR: syntax error, unexpected integer, expecting ("], // = bpftrace
    ["BEGIN { ( }", "stdin:1:11-12: ERROR: syntax error, unexpected }"], // = bpftrace
    ["BEGIN { $x = (1, 2; }", 'stdin:1:19-20: ERROR: syntax error, unexpected ;, expecting ) or ","'],
    ["BEGIN { 1 = 2; }", "stdin:1:11-12: ERROR: syntax error, unexpected ="],
    ["BEGIN { 1++; }", "stdin:1:10-12: ERROR: syntax error, unexpected ++"],
    ["BEGIN }", "stdin:1:7-8: ERROR: syntax error, unexpected }, expecting { or <"],
  ])("%s", (src, want) => expect(msg(src)).toBe(want));

  test("lexical errors", () => {
    expect(err("BEGIN { \"abc }")).toBe('stdin:1:9-15: ERROR: unterminated string\nBEGIN { "abc }\n        ~~~~~~\n');
    expect(msg("BEGIN { ` }")).toBe("stdin:1:9-10: ERROR: invalid character '`'");
    expect(msg("BEGIN { $ }")).toBe("stdin:1:9-10: ERROR: invalid character '$'");
    expect(msg('BEGIN { $x = "\\q"; }')).toBe("stdin:1:14-17: ERROR: invalid escape character '\\q'");
    expect(msg("BEGIN { @x = 08; }")).toBe("stdin:1:14-16: ERROR: invalid integer literal '08'");
    expect(msg("BEGIN { /* x }")).toBe("stdin:1:9-15: ERROR: unterminated comment");
  });

  test("a syntax error before a bad character wins, as with bison's lazy lexer", () => {
    expect(msg("BEGIN { ) ` }")).toContain("syntax error, unexpected )");
    expect(msg("BEGIN { print(1) } `")).toBe("stdin:1:20-21: ERROR: invalid character '`'");
  });

  test("only the first error is reported; errors are at the right line", () => {
    const r = parse("BEGIN {\n  print(1)\n  $x = ;\n  $y = ;\n}", "f.bt");
    expect(r.diagnostics.length).toBe(1);
    expect(r.program).toBeUndefined();
    expect(r.diagnostics[0]!.span.start).toMatchObject({ line: 3, col: 3 });
  });

  test("the grammar passes Chevrotain's validations (ambiguities, left recursion)", () => {
    expect(() => new EbtParser({ validate: true })).not.toThrow();
  });
});

describe("never throws", () => {
  const pieces = [
    "BEGIN", "kprobe:f", "tp:a:b", "{", "}", "<", ">", ">>", "(", ")", "[", "]", ";", ",", "/", "$x", "@m", "@",
    "1", "0x", "\"s", "\"t\"", "=", "+=", "if", "else", "while", "for", ":", "..", "?", "->", ".", "let",
    "config", "macro", "import", "(uint8)", "struct", "`", "\n", " ", "$1", "$#", "print(", "//", "/*", "*/", "\\",
  ];
  test("random token soup", () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      let src = "";
      const len = rand(25);
      for (let j = 0; j < len; j++) src += pieces[rand(pieces.length)] + (rand(2) ? " " : "");
      const r = parse(src, "fuzz");
      expect(r.diagnostics.every((d) => !d.message.startsWith("internal parser error")), src).toBe(true);
      expect(r.program !== undefined || r.diagnostics.length > 0, src).toBe(true);
    }
  });
  test("random bytes", () => {
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      let src = "";
      for (let j = 0; j < 40; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        src += String.fromCharCode(seed % 128);
      }
      const r = parse(src, "fuzz");
      expect(r.diagnostics.every((d) => !d.message.startsWith("internal parser error")), JSON.stringify(src)).toBe(true);
    }
  });
});

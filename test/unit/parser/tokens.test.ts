import { describe, expect, test } from "vitest";
import { lex, type LitToken } from "../../../src/parser/lexer.js";
import { readInteger, readString } from "../../../src/parser/literals.js";
import { msg } from "./helpers.js";

/** `name:image` of every token. */
const toks = (src: string): string[] => {
  const r = lex(src);
  if (r.error) throw new Error(r.error.message);
  return r.tokens.map((t) => `${t.tokenType.name}:${t.image}`);
};
const int = (s: string): bigint => readInteger(s, 0)[1];

describe("attach points are raw text where a probe may start", () => {
  test("a probe header", () => {
    expect(toks("kprobe:do_sys_open+10 /pid/ { }")).toEqual([
      "AttachPoint:kprobe:do_sys_open+10", "Slash:/", "Ident:pid", "Slash:/", "LBrace:{", "RBrace:}",
    ]);
  });
  test("paths, wildcards, quotes, BEGIN/END", () => {
    expect(toks('uprobe:/bin/bash:readline,u:/p:"a b, {c}",BEGIN,end { }').slice(0, 7)).toEqual([
      "AttachPoint:uprobe:/bin/bash:readline", "Comma:,", 'AttachPoint:u:/p:"a b, {c}"', "Comma:,", "AttachPoint:BEGIN",
      "Comma:,", "AttachPoint:end",
    ]);
    expect(toks("t:syscalls:sys_enter_*{}")[0]).toBe("AttachPoint:t:syscalls:sys_enter_*");
  });
  test("a `/` right after an attach point belongs to it, as in bpftrace (a predicate needs a space)", () => {
    expect(toks("kprobe:f/pid/{}")[0]).toBe("AttachPoint:kprobe:f/pid/");
    expect(toks("BEGIN/pid/{}").slice(0, 2)).toEqual(["AttachPoint:BEGIN", "Slash:/"]);
  });
  test("an attach point ends at `<` (a design-card body); it has no comments inside", () => {
    expect(toks("tp:a:b<print(1)>")[0]).toBe("AttachPoint:tp:a:b");
    expect(toks("usdt:/my/*program:ns:probe { }")[0]).toBe("AttachPoint:usdt:/my/*program:ns:probe");
    expect(toks("kprobe:f // c\n{ }")[0]).toBe("AttachPoint:kprobe:f");
  });
  test("wildcard providers", () => {
    expect(toks("t*point:sched:sched_switch { }")[0]).toBe("AttachPoint:t*point:sched:sched_switch");
    expect(toks("*ware:* { }")[0]).toBe("AttachPoint:*ware:*");
    expect(toks("*:/bin/sh:* { }")[0]).toBe("AttachPoint:*:/bin/sh:*");
  });
  test("only where a probe may start", () => {
    // Inside a body, `a:b` is not an attach point; after it, the next probe is.
    expect(toks("BEGIN { $x ? a:b } END { }").filter((t) => t.startsWith("AttachPoint"))).toEqual([
      "AttachPoint:BEGIN", "AttachPoint:END",
    ]);
    // After an angle body, after top-level items ending in `}` or `;`.
    expect(toks('BEGIN < print(1 > 2) > i:s:1 { } import "x"; k:f { }').filter((t) => t.startsWith("AttachPoint"))).toEqual([
      "AttachPoint:BEGIN", "AttachPoint:i:s:1", "AttachPoint:k:f",
    ]);
    expect(toks("config = { a = 1 } macro m(a) { a } let @m = hash(1); k:g { }").filter((t) => t.startsWith("AttachPoint"))).toEqual([
      "AttachPoint:k:g",
    ]);
  });
});

describe("operators", () => {
  test("`>>` is two adjacent `>` tokens; `>=`, `>>=`, `->` are their own", () => {
    expect(toks("BEGIN { a >> b >= c; d >>= 1; e->f }").filter((t) => /Gt|Ge|Compound|Arrow/.test(t))).toEqual([
      "Gt:>", "Gt:>", "Ge:>=", "CompoundAssign:>>=", "Arrow:->",
    ]);
  });
  test("keywords and type names", () => {
    expect(toks("BEGIN { if else while unroll for let sizeof offsetof struct true uint8 bool string foo }").slice(2, -1)).toEqual([
      "Kw_if:if", "Kw_else:else", "Kw_while:while", "Kw_unroll:unroll", "Kw_for:for", "Kw_let:let", "Kw_sizeof:sizeof",
      "Kw_offsetof:offsetof", "Kw_struct:struct", "Kw_true:true", "IntType:uint8", "IntType:bool", "SizedType:string",
      "Ident:foo",
    ]);
  });
  test("variables, maps, positional parameters", () => {
    const r = lex("BEGIN { $x @y @ $1 $22 $# }");
    expect(r.tokens.slice(2, -1).map((t) => `${t.tokenType.name}:${t.image}:${(t as LitToken).payload ?? ""}`)).toEqual([
      "Var:$x:", "Map:@y:", "Map:@:", "Positional:$1:1", "Positional:$22:22", "ParamCount:$#:",
    ]);
  });
});

describe("comments, shebang, C definitions", () => {
  test("are not tokens", () => {
    const r = lex("#!/usr/bin/env bpftrace\n#include <x.h>\n// a\n/* b\n c */ struct s { int a; };\nenum { A, B };\nBEGIN { }");
    expect(r.tokens.map((t) => t.image)).toEqual(["BEGIN", "{", "}"]);
    expect(r.cDefinitions.length).toBe(3);
  });
  test("a `#` inside a probe body is a bad character", () => {
    expect(msg("BEGIN {\n#include <x.h>\n}")).toBe("stdin:2:1-2: ERROR: invalid character '#'");
  });
});

describe("integer literals (bpftrace's lexer and int_parser)", () => {
  test.each([
    ["42", 42n], ["0", 0n], ["0x1F", 31n], ["0xff_ff", 65535n], ["0777", 511n], ["1_000_000", 1_000_000n],
    ["2e3", 2000n], ["1e19", 10_000_000_000_000_000_000n], ["9e0", 9n], ["10u", 10n], ["10UL", 10n], ["10ull", 10n],
    ["10l", 10n], ["10ll", 10n], ["1ns", 1n], ["1us", 1_000n], ["5ms", 5_000_000n], ["2s", 2_000_000_000n],
    ["1m", 60_000_000_000n], ["1h", 3_600_000_000_000n], ["1d", 86_400_000_000_000n], ["1e3ms", 1_000_000_000n],
    ["18446744073709551615", 0xffff_ffff_ffff_ffffn],
  ])("%s", (s, v) => expect(int(s)).toBe(v));

  test("the literal ends where bpftrace's pattern ends; the rest is the next token", () => {
    expect(toks("BEGIN { 1ulll 5e-9 1_ 0b101 0x10u }").slice(2, -1)).toEqual([
      "IntLit:1ull", "Ident:l", "IntLit:5", "Ident:e", "Minus:-", "IntLit:9", "IntLit:1", "Ident:_", "IntLit:0",
      "Ident:b101", "IntLit:0x10", "Ident:u",
    ]);
  });

  test.each([
    ["08", "stdin:1:14-16: ERROR: invalid trailing bytes: 08"],
    ["12e3", "stdin:1:14-18: ERROR: coefficient part of scientific literal must be 1-9: 12e3"],
    ["99999999999999999999", "stdin:1:14-34: ERROR: overflow error, maximum value is 18446744073709551615: 99999999999999999999"],
    ["5000000000u", "stdin:1:14-25: ERROR: overflow error, maximum value is 4294967295: 5000000000u"],
    ["1e30", "stdin:1:14-18: ERROR: overflow error, maximum value is 18446744073709551615: 1e30"],
    ["1_1_", "stdin:1:17-18: ERROR: syntax error, unexpected identifier, expecting }"],
  ])("%s is an error", (lit, want) => expect(msg(`BEGIN { $x = ${lit} }`)).toBe(want));
});

describe("string literals", () => {
  test("escapes bpftrace supports", () => {
    expect(readString(String.raw`"a\n\t\r\\\"\x41\X42\101\0z"`, 0)[1]).toBe('a\n\t\r\\"ABA\0z');
    expect(readString('"\\x4g"', 0)[1]).toBe("\x04g");
  });
  test.each([
    [String.raw`"\a"`, String.raw`stdin:1:14-17: ERROR: invalid escape character '\a'`],
    [String.raw`"\e"`, String.raw`stdin:1:14-17: ERROR: invalid escape character '\e'`],
    [String.raw`"\x"`, String.raw`stdin:1:14-17: ERROR: invalid escape character '\x'`],
    [String.raw`"\400"`, String.raw`stdin:1:14-19: ERROR: octal escape sequence out of range '\400'`],
    ['"abc', "stdin:1:14-21: ERROR: unterminated string"],
  ])("%s is an error", (s, want) => expect(msg(`BEGIN { $x = ${s}; }`)).toBe(want));
  test("a string ends at its line", () => {
    expect(msg('BEGIN { $x = "ab\nc"; }')).toBe("stdin:1:14-17: ERROR: unterminated string");
  });
});

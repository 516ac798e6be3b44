import { describe, expect, test } from "vitest";
import { parse, type ParseResult } from "../../../src/parser/index.js";

/** A small deterministic PRNG, so a failure reproduces. */
function rng(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
}

/** parse() must not throw, must answer with a program or a diagnostic, and never with an internal error;
 * a diagnostic's span lies inside the source. */
function sane(src: string): ParseResult {
  let r: ParseResult | undefined;
  expect(() => (r = parse(src, "fuzz")), JSON.stringify(src)).not.toThrow();
  const res = r!;
  expect(res.program !== undefined || res.diagnostics.length > 0, JSON.stringify(src)).toBe(true);
  for (const d of res.diagnostics) {
    expect(d.message.startsWith("internal parser error"), `${JSON.stringify(src)}: ${d.message}`).toBe(false);
    expect(d.span.start.offset).toBeLessThanOrEqual(d.span.end.offset);
    expect(d.span.end.offset).toBeLessThanOrEqual(src.length);
  }
  return res;
}

const SEEDS = [
  'tracepoint:syscalls:sys_enter_openat /comm == "bash"/ { printf("%s %s\\n", comm, str(args.filename)); @[pid] = count(); }',
  "kprobe:vfs_read, kretprobe:vfs_read /pid > 1 && $1 != 0/ { @start[tid] = nsecs; $x = (uint8)arg0; @h = hist(retval); }",
  "BEGIN < $t = (1, \"x\"); if ($t.0 > 1) { print((1 > 2)); } else { @m[1, 2] += 3; } for ($kv : @m) { print($kv); } >",
  "config = { max_strlen = 128 } macro f(a, $b) { a + $b } let @m = hash(10); i:s:1 { $x = { let $y: int8 = 1; $y ?: 2 }; exit(); }",
  "#include <linux/sched.h>\nstruct s { int a; };\nEND { while ($i < 10) { $i++; unroll(2) { continue; } } return; }",
];

const PIECES = [
  "BEGIN", "kprobe:f", "tp:a:b", "{", "}", "<", ">", ">>", "(", ")", "[", "]", ";", ",", "/", "$x", "@m", "@",
  "1", "0x", '"s', '"t"', "=", "+=", "if", "else", "while", "for", ":", "..", "?", "->", ".", "let", "config",
  "macro", "import", "(uint8)", "(x)", "struct", "`", "\n", " ", "$1", "$#", "print(", "//", "/*", "*/", "\\", "_",
  "1e3", "08", "++", "--", "!", "~", "&", "*", "#include <x>\n", "struct s { int a; };", "unroll", "return",
];

// Thousands of parses: seconds on a loaded machine. The assertion is that none throws, not how fast.
describe("parse never throws", { timeout: 60_000 }, () => {
  test("random token soup", () => {
    const rand = rng(12345);
    for (let i = 0; i < 3000; i++) {
      let src = "";
      const len = rand(25);
      for (let j = 0; j < len; j++) src += PIECES[rand(PIECES.length)] + (rand(2) ? " " : "");
      sane(src);
    }
  });

  test("random bytes, including non-ASCII", () => {
    const rand = rng(7);
    for (let i = 0; i < 1000; i++) {
      let src = "";
      for (let j = 0; j < 40; j++) src += String.fromCharCode(rand(10) === 0 ? 0x80 + rand(0x3000) : rand(128));
      sane(src);
    }
  });

  test("mutated valid programs (deleted, inserted and swapped pieces)", () => {
    const rand = rng(99);
    for (const seed of SEEDS) expect(sane(seed).diagnostics).toEqual([]);
    for (let i = 0; i < 3000; i++) {
      let src = SEEDS[rand(SEEDS.length)]!;
      for (let m = rand(3) + 1; m > 0; m--) {
        const at = rand(src.length + 1);
        switch (rand(3)) {
          case 0: src = src.slice(0, at) + src.slice(at + rand(4) + 1); break;
          case 1: src = src.slice(0, at) + PIECES[rand(PIECES.length)] + src.slice(at); break;
          default: src = src.slice(0, at) + src.slice(at + 1, at + 2) + src.slice(at, at + 1) + src.slice(at + 2);
        }
      }
      sane(src);
    }
  });

  test("the shared parser recovers after every kind of error", () => {
    const good = "BEGIN { @x[1] = (1, 2); }";
    const want = JSON.stringify(parse(good, "a").program, (_, v) => (typeof v === "bigint" ? String(v) : v));
    for (const bad of ["BEGIN { x++ }", "BEGIN { $x = { } }", "BEGIN { for ($a : 1) { } }", "BEGIN { `", "BEGIN < 1", "BEGIN { ( }"]) {
      expect(parse(bad, "a").diagnostics.length).toBe(1);
      expect(JSON.stringify(parse(good, "a").program, (_, v) => (typeof v === "bigint" ? String(v) : v))).toBe(want);
    }
  });

  test("deep nesting and long inputs", () => {
    sane(`BEGIN { $x = ${"(".repeat(200)}1${")".repeat(200)}; }`);
    sane(`BEGIN { $x = ${"-".repeat(500)}1; }`);
    expect(sane(`BEGIN { $x = ${"(".repeat(5000)}1${")".repeat(5000)}; }`).diagnostics[0]!.message).toBe("the program is nested too deeply to parse");
    sane(`BEGIN { ${"$x = 1; ".repeat(5000)} }`);
    sane("BEGIN { $x = " + "1 + ".repeat(5000) + "1; }");
  });
});

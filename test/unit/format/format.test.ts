/**
 * `ebt --fmt` layout: current bpftrace's canonical form (probe headers, indentation, parentheses,
 * compound assignments, line breaking at 90 columns, where comments and blank lines go).
 */
import { describe, expect, it } from "vitest";
import { formatSource } from "../../../src/format/index.js";

function fmt(source: string): string {
  const r = formatSource(source, "t.bt");
  if ("diagnostics" in r) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.text;
}

describe("--fmt layout", () => {
  it("puts each attach point, the filter and the opening brace on lines of their own", () => {
    expect(fmt('tracepoint:syscalls:sys_enter_openat,tracepoint:syscalls:sys_enter_open /pid != 0/ { @n = count(); exit() }')).toBe(
      "tracepoint:syscalls:sys_enter_openat,\ntracepoint:syscalls:sys_enter_open\n/pid != 0/\n{\n  @n = count();\n  exit();\n}\n",
    );
    expect(fmt("BEGIN {}")).toBe("BEGIN\n{}\n");
  });

  it("keeps the #! line, C definitions (ending in ;), and prints config values canonically", () => {
    const src = '#!/usr/bin/env ebt\n#include <linux/sched.h>\nstruct pt { int x; }\nconfig = { max_strlen = 0x40; missing_probes = "warn"; str_trunc_trailer = "~~" }\nEND { }';
    expect(fmt(src)).toBe(
      '#!/usr/bin/env ebt\n#include <linux/sched.h>\nstruct pt { int x; };\nconfig = {\n  max_strlen = 64;\n  missing_probes = warn;\n  str_trunc_trailer = "~~";\n}\nEND\n{}\n',
    );
  });

  it("parenthesises operands that are not simple, except comparisons joined by && and ||", () => {
    const src = 'BEGIN { $a = 1 + 2 * 3; $b = $a == 1 && $a < 2 || $a; $c = !($a == 1); $d = (uint8)($a + 1); $e = -1; $f = $x[$a + 1]; $g = $a > 1 ? "y" : "n"; $h = $a ?: 5 }';
    expect(fmt(src)).toBe(
      "BEGIN\n{\n  $a = 1 + (2 * 3);\n  $b = ($a == 1 && $a < 2) || $a;\n  $c = !($a == 1);\n  $d = (uint8)($a + 1);\n  $e = -1;\n" +
        '  $f = $x[($a + 1)];\n  $g = ($a > 1) ? "y" : "n";\n  $h = $a ? $a : 5;\n}\n',
    );
  });

  it("writes compound assignments, -> as ., casts without a space before *, integers as written", () => {
    const src = "BEGIN { $n = $n + 1; @m[1] = @m[1] * 2; @s -= 0x10; $t = (struct task_struct *)curtask; print($t->parent->pid); @k[pid, comm] = 1_000 }";
    expect(fmt(src)).toBe(
      "BEGIN\n{\n  $n += 1;\n  @m[1] *= 2;\n  @s -= 0x10;\n  $t = (struct task_struct*)curtask;\n  print($t.parent.pid);\n  @k[pid, comm] = 1_000;\n}\n",
    );
  });

  it("lays out control flow: if chains, loops, unroll, nested blocks, records and tuples", () => {
    const src = 'BEGIN { if ($x > 3) { print(1) } else if $x { } else { exit() } for ($kv : @m) { print($kv.0); } for $i : 0..$n { continue } while ($i < 3) { $i++ } unroll(3) { @c++ } { $y = 1; } @r = (a=1, b=$y + 1); @t = (1, "two", (3,)); _ = delete(@t); return }';
    expect(fmt(src)).toBe(
      "BEGIN\n{\n  if ($x > 3) {\n    print(1);\n  } else if $x {} else {\n    exit();\n  }\n  for $kv : @m {\n    print($kv.0);\n  }\n" +
        "  for $i : 0..($n) {\n    continue;\n  }\n  while ($i < 3) {\n    $i++;\n  }\n  unroll (3) {\n    @c++;\n  }\n  { $y = 1; }\n" +
        '  @r = (a=1, b=($y + 1));\n  @t = (1, "two", (3,));\n  _ = delete(@t);\n  return;\n}\n',
    );
  });

  it("breaks a long argument list at the first places that make every line fit, aligned under the first", () => {
    const src = 'kprobe:f { printf("%-6d %-16s %-20s %-20s %-8d %-8d %s\\n", pid, comm, ntop($sk.__sk_common.skc_rcv_saddr), ntop($sk.__sk_common.skc_daddr), $lport, $dport, $state); }';
    expect(fmt(src)).toBe(
      'kprobe:f\n{\n  printf("%-6d %-16s %-20s %-20s %-8d %-8d %s\\n",\n         pid, comm, ntop($sk.__sk_common.skc_rcv_saddr),\n' +
        "         ntop($sk.__sk_common.skc_daddr), $lport, $dport, $state);\n}\n",
    );
  });

  it("keeps comments and blank lines: before items and statements, at block ends on the last line", () => {
    const src = [
      "// header",
      "",
      "",
      "BEGIN",
      "{",
      "  $a = 1;   // moves down",
      "  /* two",
      "   * lines",
      "   */",
      "  $b = 2;",
      "",
      "  $c = 3;",
      "  // ends the block",
      "}",
      "// trailing",
      "",
    ].join("\n");
    expect(fmt(src)).toBe("// header\n\n\nBEGIN\n{\n  $a = 1;\n  // moves down\n  // two\n  // lines\n  $b = 2;\n\n  $c = 3; // ends the block\n}\n// trailing\n");
  });

  it("prints macros with the brace on its own line, and map declarations with decimal sizes", () => {
    expect(fmt("macro add_one(x) { x + 1 }\nlet @m = lruhash(0x10);\nBEGIN { print(add_one(1)) }")).toBe(
      "macro add_one(x)\n{\n  x + 1\n}\nlet @m = lruhash(16);\nBEGIN\n{\n  print(add_one(1));\n}\n",
    );
  });

  it("writes typeof() types in casts, let, sizeof and macro arguments", () => {
    expect(fmt("BEGIN { let $y : typeof($x); $z = (typeof($y)*)0; print(sizeof(typeof(struct foo))); print(m(typeof(uint8*))) }")).toBe(
      "BEGIN\n{\n  let $y : typeof($x);\n  $z = (typeof($y)*)0;\n  print(sizeof(typeof(struct foo)));\n  print(m(typeof(uint8*)));\n}\n",
    );
  });

  it("escapes strings as bpftrace writes them", () => {
    expect(fmt('BEGIN { print("a\\tb\\\\c\\"d\\x01\\xff") }')).toBe('BEGIN\n{\n  print("a\\tb\\\\c\\"d\\x01\\xff");\n}\n');
  });

  it("is stable: formatting its own output changes nothing", () => {
    const src = 'kprobe:f /pid/ { printf("%-6d %-16s %-20s %-20s %-8d\\n", pid, comm, ntop(1), ntop(2), $lport); if ($a) { $b = $b + 1; } }';
    const once = fmt(src);
    expect(fmt(once)).toBe(once);
  });

  it("reports a program that does not parse instead of formatting it", () => {
    const r = formatSource("BEGIN { $x = ; }", "t.bt");
    expect("diagnostics" in r && r.diagnostics[0]!.message).toBe("syntax error, unexpected ;");
  });
});

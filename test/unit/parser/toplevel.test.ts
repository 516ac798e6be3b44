import { describe, expect, test } from "vitest";
import { msg, ok, probe, show, strip } from "./helpers.js";

const aps = (src: string) => probe(src).attachPoints.map((a) => a.raw);

describe("probes and attach points", () => {
  test.each([
    "BEGIN", "END", "begin", "end", "tracepoint:syscalls:sys_enter_write", "t:syscalls:sys_enter_*",
    "tp:sched:sched_switch", "kprobe:do_sys_open+10", "kretprobe:vfs_read", "uprobe:/bin/bash:readline",
    "uprobe:libc:malloc", 'u:/path:"quoted sym"', 'u:/p:"with space, and {brace} <x>"', "usdt:/path:ns:probe",
    "profile:hz:99", "interval:s:1", "software:cpu-clock:1000", "hardware:cache-misses:1000000",
    "watchpoint:0x10000000:8:rw", "fentry:vfs_read", "kfunc:module:fn", "rawtracepoint:sched_switch", "iter:task",
    "kprobe:vfs_*[rw]?ite", "Tracepoint:sched:sched_switch", "KPROBE:foo", "fentry:vmlinux:tcp_*",
    "uprobe:$1:main", "uprobe:./a.out:_Z3foov", "u:/lib/x.so:foo@@GLIBC_2.2.5",
  ])("%s", (ap) => {
    expect(aps(`${ap} { }`)).toEqual([ap]);
    expect(aps(`${ap}{ }`)).toEqual([ap]);
  });

  test("attach lists, predicates, several probes", () => {
    const prog = ok(`kprobe:a, kprobe:b,
      kretprobe:c /pid == 1 && comm == "x"/ { @[probe] = count(); }
      END { print(@) }
      i:s:1 { exit(); }`);
    expect(prog.items.map((i) => (i.kind === "Probe" ? i.attachPoints.map((a) => a.raw) : i.kind))).toEqual([
      ["kprobe:a", "kprobe:b", "kretprobe:c"], ["END"], ["i:s:1"],
    ]);
    expect(strip((prog.items[0] as { predicate: unknown }).predicate)).toMatchObject({ kind: "Binary", op: "&&" });
  });

  test("a trailing comma in the attach list is allowed, as in bpftrace", () => {
    expect(aps("kprobe:f, { }")).toEqual(["kprobe:f"]);
    expect(aps("kprobe:f,\n{ }")).toEqual(["kprobe:f"]);
  });

  test("a predicate: division inside, and the closing / before { or <", () => {
    expect(show(probe("kprobe:f / 4 / 2 == 2 / { }").predicate!)).toBe("((4 / 2) == 2)");
    expect(show(probe("kprobe:f /pid/{ }").predicate!)).toBe("pid");
    expect(show(probe("kprobe:f /pid < 5/ < print(1) >").predicate!)).toBe("(pid < 5)");
    expect(show(probe("BEGIN/pid/{ }").predicate!)).toBe("pid");
    expect(show(probe("kprobe:f /($x / 2) > 1/ { }").predicate!)).toBe("(($x / 2) > 1)");
  });

  test("without a space, a /.../ after an attach point is part of it, as in bpftrace", () => {
    const p = probe("kprobe:f/pid/{ }");
    expect(p.attachPoints.map((a) => a.raw)).toEqual(["kprobe:f/pid/"]);
    expect(p.predicate).toBeUndefined();
  });

  test("shebang, comments, preprocessor lines, C definitions", () => {
    const prog = ok("#!/usr/bin/env bpftrace\n#include <linux/sched.h>\n// c\n/* multi\nline */ BEGIN /* x */ { // y\n }\n");
    expect(prog.items.length).toBe(1);
    expect(prog.cDefinitions!.map((c) => c.text)).toEqual(["#include <linux/sched.h>"]);
  });

  test("C definitions are kept in order, outside the items", () => {
    const src = "#include <linux/sched.h>\nstruct foo {\n  int a;\n  struct { int b; } c;\n};\nBEGIN { print(((struct foo *)0)->a) }\n" +
      "#define X 1\nenum { A, B };\nstruct bar { int x; } __attribute__((packed));\n";
    const p = ok(src);
    expect(p.items.map((i) => i.kind)).toEqual(["Probe"]);
    expect(p.cDefinitions!.map((c) => c.text)).toEqual([
      "#include <linux/sched.h>",
      "struct foo {\n  int a;\n  struct { int b; } c;\n};",
      "#define X 1",
      "enum { A, B };",
      "struct bar { int x; } __attribute__((packed));",
    ]);
    expect(p.cDefinitions![1]!.span.start).toMatchObject({ line: 2, col: 1 });
    expect(ok("BEGIN { }").cDefinitions).toBeUndefined();
  });

  test("config, import, macro, map declarations", () => {
    const prog = ok(`config = { max_strlen = 128; stack_mode = perf }
      import "lib/x.bt";
      macro add_one(a, $b, @c) { $b + 1 }
      macro noop() { print(1); }
      let @m = lruhash(100);
      BEGIN { }`);
    expect(strip(prog.items)).toMatchObject([
      { kind: "ConfigBlock", entries: [{ key: "max_strlen", value: { value: "128n" } }, { key: "stack_mode", value: { kind: "Identifier", name: "perf" } }] },
      { kind: "Import", path: "lib/x.bt" },
      { kind: "MacroDef", name: "add_one", params: ["a", "$b", "@c"], body: { kind: "Block", stmts: [], value: { kind: "Binary", op: "+" } } },
      { kind: "MacroDef", name: "noop", params: [], body: { kind: "Block", stmts: [{ kind: "ExprStmt" }] } },
      { kind: "MapDecl", name: "@m", mapType: "lruhash", args: [{ value: "100n" }] },
      { kind: "Probe" },
    ]);
    expect(strip(ok("config = { a = 1; b = \"s\"; }").items[0])).toMatchObject({ entries: [{ key: "a" }, { key: "b" }] });
  });

  test("an empty program", () => {
    expect(ok("").items).toEqual([]);
    expect(ok("  // nothing\n").items).toEqual([]);
  });

  test("a probe without a body", () => {
    expect(msg("BEGIN")).toBe("stdin:1:6-7: ERROR: syntax error, unexpected end of file, expecting { or <");
    expect(msg("i:s:1\t\t\t$a")).toBe("stdin:1:9-11: ERROR: syntax error, unexpected variable, expecting { or <");
  });
});

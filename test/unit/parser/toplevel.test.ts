import { describe, expect, test } from "vitest";
import { ok, probe, strip } from "./helpers.js";

const aps = (src: string) => probe(src).attachPoints.map((a) => a.raw);

describe("probes and attach points", () => {
  test.each([
    "BEGIN", "END", "begin", "end", "tracepoint:syscalls:sys_enter_write", "t:syscalls:sys_enter_*",
    "tp:sched:sched_switch", "kprobe:do_sys_open+10", "uprobe:/bin/bash:readline", "uprobe:libc:malloc",
    'u:/path:"quoted sym"', 'u:/p:"with space, and {brace}"', "usdt:/path:ns:probe", "profile:hz:99", "interval:s:1",
    "software:cpu-clock:1000", "watchpoint:0x1000:8:rw", "kfunc:mod:fn", "rawtracepoint:sched_switch",
    "iter:task", "kprobe:vfs_*[rw]?ite", "KPROBE:foo", "fentry:vmlinux:tcp_*", "hardware:cache-misses:1000000",
  ])("%s", (ap) => {
    expect(aps(`${ap} { }`)).toEqual([ap]);
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

  test("a predicate with division still ends at the / before the body", () => {
    expect(strip(probe("kprobe:f / 4 / 2 == 2 / { }").predicate)).toMatchObject({
      kind: "Binary", op: "==", left: { kind: "Binary", op: "/" },
    });
    expect(strip(probe("kprobe:f /pid/{ }").predicate)).toEqual({ kind: "Identifier", name: "pid" });
  });

  test("shebang, comments, preprocessor lines", () => {
    const prog = ok("#!/usr/bin/env bpftrace\n#include <linux/sched.h>\n// c\n/* multi\nline */ BEGIN /* x */ { // y\n }\n");
    expect(prog.items.length).toBe(1);
  });

  test("config, import, macro, map declarations", () => {
    const prog = ok(`config = { max_strlen = 128; stack_mode = perf }
      import "lib/x.bt";
      macro add_one(a, $b, @c) { $b + 1 }
      let @m = lruhash(100);
      BEGIN { }`);
    expect(strip(prog.items)).toMatchObject([
      { kind: "ConfigBlock", entries: [{ key: "max_strlen", value: { value: "128n" } }, { key: "stack_mode", value: { kind: "Identifier", name: "perf" } }] },
      { kind: "Import", path: "lib/x.bt" },
      { kind: "MacroDef", name: "add_one", params: ["a", "$b", "@c"], body: { kind: "Block" } },
      { kind: "MapDecl", name: "@m", mapType: "lruhash", args: [{ value: "100n" }] },
      { kind: "Probe" },
    ]);
  });

  test("an empty program", () => {
    expect(ok("").items).toEqual([]);
    expect(ok("  // nothing\n").items).toEqual([]);
  });
});

/** `-f json` and `-o file`: bpftrace's NDJSON shapes (current bpftrace's tests/runtime/json-output; 0.17's where they agree), every line valid JSON. */
import { chmodSync, copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";

describe("-f json", () => {
  it("prints one JSON object per line, with bpftrace's message types and shapes", async () => {
    const program = `BEGIN {
      printf("hi %d\\n", 5); print(7); print("s\\"q"); print((1, "a"));
      @n = 3; @h = hist(5); @h = hist(-3); @h = hist(0);
      @l = lhist(3, 0, 10, 5); @l = lhist(50, 0, 10, 5); @l = lhist(-4, 0, 10, 5);
      @s = stats(4); @v = avg(3); @t[1, "x"] = 2; @st = "str"; print(@n);
      exit();
    }`;
    const r = await runEbt(["-f", "json", "-e", program]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
    expect(lines).toEqual([
      '{"type": "attached_probes", "count": 1, "data": {"probes": 1}}',
      '{"type": "printf", "data": "hi 5\\n"}',
      '{"type": "value", "data": 7}',
      '{"type": "value", "data": "s\\"q"}',
      '{"type": "value", "data": [1,"a"]}',
      '{"type": "map", "data": {"@n": 3}}',
      '{"type": "hist", "data": {"@h": [{"max": -1, "count": 1}, {"min": 0, "max": 0, "count": 1}, {"min": 1, "max": 1, "count": 0}, {"min": 2, "max": 3, "count": 0}, {"min": 4, "max": 7, "count": 1}]}}',
      '{"type": "hist", "data": {"@l": [{"max": -1, "count": 1}, {"min": 0, "max": 4, "count": 1}, {"min": 5, "max": 9, "count": 0}, {"min": 10, "count": 1}]}}',
      '{"type": "map", "data": {"@n": 3}}',
      '{"type": "stats", "data": {"@s": {"count": 1, "average": 4, "total": 4}}}',
      '{"type": "map", "data": {"@st": "str"}}',
      '{"type": "map", "data": {"@t": {"1,x": 2}}}',
      '{"type": "stats", "data": {"@v": 3}}',
    ]);
  });
});

describe("-o file", () => {
  it("writes the program's output to the file; status lines stay on stderr", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "ebt-out-")), "out.txt");
    const r = await runEbt(["-o", file, "-e", 'BEGIN { printf("to file\\n"); @x = 1; exit(); }']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(readFileSync(file, "utf8")).toBe("to file\n\n\n@x: 1\n");
  });
});

describe("-f json for maps and map functions", () => {
  it("print(@m, top, div), hist(n, k), keyed stats, print(@m[k]) and has_key() print bpftrace's shapes, every line valid JSON", async () => {
    const program = `BEGIN {
      printf("esc \\r \\t \\\\ \\" \\x01 end");
      @["a"] = avg(10); @["b"] = avg(20); @["c"] = avg(30); @["d"] = avg(40); print(@, 2, 10); clear(@);
      @h[1] = hist(10); @h[2] = hist(20); @h[3] = hist(30); print(@h, 2); clear(@h);
      @k = hist(5, 2); @k = hist(9, 2);
      @st["curl"] = stats(2); @st["zsh"] = stats(10);
      @c[1, "a"] = count(); print(@c[1, "a"]); print(has_key(@c, (1, "b")));
      exit();
    }`;
    const r = await runEbt(["-q", "-f", "json", "-e", program]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    const parsed = lines.map((l) => JSON.parse(l) as { type: string; data: unknown });
    expect(parsed[0]).toEqual({ type: "printf", data: "esc \r \t \\ \" \x01 end" });
    expect(lines.slice(1)).toEqual([
      '{"type": "stats", "data": {"@": {"c": 3, "d": 4}}}',
      '{"type": "hist", "data": {"@h": {"2": [{"min": 16, "max": 31, "count": 1}], "3": [{"min": 16, "max": 31, "count": 1}]}}}',
      '{"type": "value", "data": 1}',
      '{"type": "value", "data": false}',
      '{"type": "map", "data": {"@c": {"1,a": 1}}}',
      '{"type": "hist", "data": {"@k": [{"min": 5, "max": 5, "count": 1}, {"min": 6, "max": 6, "count": 0}, {"min": 7, "max": 7, "count": 0}, {"min": 8, "max": 9, "count": 1}]}}',
      '{"type": "stats", "data": {"@st": {"curl": {"count": 1, "average": 2, "total": 2}, "zsh": {"count": 1, "average": 10, "total": 10}}}}',
    ]);
  });

  it("-o writes the JSON lines to the file", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "ebt-json-")), "out.json");
    const r = await runEbt(["-f", "json", "-o", file, "-e", 'BEGIN { @x["k"] = count(); print(@x["k"]); exit(); }']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { type: "attached_probes", count: 1, data: { probes: 1 } },
      { type: "value", data: 1 },
      { type: "map", data: { "@x": { k: 1 } } },
    ]);
  });

  it("time, system, cat, join, errorf/warnf and a full map are bpftrace's time/syscall/cat/join/errorf/warnf/helper_error objects", async () => {
    const program = `config = { max_map_keys = 2 }
BEGIN { time("%Y"); system("echo hi"); cat("/proc/sys/kernel/ostype"); warnf("careful %d", 5); errorf("bad \\x08\\x0c"); $i = (uint64)0; while ($i < 5) { @c[$i] = count(); $i++; } exit(); }`;
    const r = await runEbt(["-q", "--unsafe", "-f", "json", "-e", program]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
    expect(lines).toEqual([
      `{"type": "time", "data": "${new Date().getFullYear()}"}`,
      '{"type": "syscall", "data": "hi\\n"}',
      '{"type": "cat", "data": "Linux\\n"}',
      '{"type": "warnf", "msg": "careful 5", "filename": "stdin", "line": 2, "col": 72}',
      '{"type": "errorf", "msg": "bad \\u0008\\u000c", "filename": "stdin", "line": 2, "col": 96}',
      // bpftrace writes one such object per refused update; ebt one per place, with how many.
      '{"type": "helper_error", "msg": "Argument list too long", "helper": "map_update_elem", "retcode": -7, "filename": "stdin", "line": 2, "col": 153, "count": 3}',
      '{"type": "map", "data": {"@c": {"0": 1, "1": 1}}}',
    ]);
  });

  it("join() is a join object: the joined text without a newline, as bpftrace has it", async () => {
    // A copy of echo under a unique path, so only this test's exec matches.
    const echo = path.join(mkdtempSync(path.join(os.tmpdir(), "ebt-join-")), "ebt-json-join");
    copyFileSync("/bin/echo", echo);
    chmodSync(echo, 0o755);
    const ebt = new EbtProcess(["-f", "json", "-e", `tracepoint:syscalls:sys_enter_execve /str(args.filename) == "${echo}"/ { join(args.argv, ","); exit(); }`]);
    await ebt.waitFor(/"attached_probes"/, "stdout");
    execFileSync(echo, ["a", "x y"]);
    const r = await ebt.wait(20_000);
    expect(r.stdout).toBe(`{"type": "attached_probes", "count": 1, "data": {"probes": 1}}\n{"type": "join", "data": "${echo},a,x y"}\n`);
  });
});

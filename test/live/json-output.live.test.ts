/** `-f json` and `-o file`: bpftrace's NDJSON shapes (as bpftrace 0.17 printed them here), every line valid JSON. */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runEbt } from "../helpers/run-ebt.js";

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
      '{"type": "attached_probes", "data": {"probes": 1}}',
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

/**
 * examples/ as a tool library: every shipped tool has the header a user reads first (shebang,
 * what it shows, usage, an example of its output), a row in the README's table, a live test that
 * runs it, and loads through the kernel's verifier as shipped, without warnings. The per-tool
 * behaviour is in tools-*.live.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { EbtProcess, ROOT, runEbt } from "../helpers/run-ebt.js";

vi.setConfig({ testTimeout: 90_000 });

const EXAMPLES = path.join(ROOT, "examples");
const tools = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".ebt"))
  .map((f) => f.slice(0, -".ebt".length))
  .sort();
const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
const liveTests = readdirSync(path.join(ROOT, "test/live"))
  .filter((f) => /^tools-.*\.live\.test\.ts$/.test(f))
  .map((f) => readFileSync(path.join(ROOT, "test/live", f), "utf8"))
  .join("\n");

it("the library holds at least 30 tools", () => {
  expect(tools.length).toBeGreaterThanOrEqual(30);
});

it("ebt --help says where the tools are", async () => {
  const r = await runEbt(["--help"]);
  expect(r.stdout).toContain("ebt examples/runqlat.ebt\n");
  expect(r.stdout).toMatch(/examples\/ folder/);
});

describe.each(tools)("%s", (name) => {
  const source = readFileSync(path.join(EXAMPLES, `${name}.ebt`), "utf8");

  it("starts with the shebang and a header: what it shows, usage, an example of its output", () => {
    expect(source.split("\n")[0]).toBe("#!/usr/bin/env ebt");
    const header = /^\/\*\n([\s\S]*?)\n \*\//m.exec(source.slice(source.indexOf("\n") + 1));
    expect(header, "a /* ... */ comment right after the shebang").not.toBeNull();
    const text = header![1]!;
    expect(text).toMatch(new RegExp(`^ \\* ${name}: \\S`));
    expect(text).toMatch(new RegExp(`\\n \\* USAGE: +ebt (-p PID )?examples/${name}\\.ebt`));
    expect(text).toMatch(/\n \* OPTIONS: /);
    expect(text).toMatch(new RegExp(`\\n \\* EXAMPLE:\\n \\*   # ebt .*examples/${name}\\.ebt.*\\n \\*   Attached \\d+ probes?\\n`));
  });

  it("has a row in the README's table and a live test that runs it", () => {
    expect(readme).toMatch(new RegExp(`\\n\\| \`${name}\` \\| \\S.*\\|\\n`));
    expect(liveTests).toMatch(new RegExp(`runTool\\("${name}"`));
  });

  it("loads through the verifier from any directory, with no warnings (--dry-run)", async () => {
    const ebt = new EbtProcess(["--dry-run", `examples/${name}.ebt`], { cwd: os.tmpdir() });
    const r = await ebt.wait(60_000);
    expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: 0, stderr: "", stdout: "" });
  });
});

/** usdt attach points against the compiled fixture: forms, wildcards, sites, semaphores, -l, errors. */
import { spawn } from "node:child_process";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeCount } from "../../../src/plan/plan.js";
import { compile } from "../../../src/compile.js";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import { ElfFile } from "../../../src/elf/elf.js";
import { listProbes } from "../../../src/probe-listing.js";
import { findUsdtSites } from "../../../src/providers/usdt.js";
import { probeFiles } from "../../../src/elf/probe-files.js";
const usdtFiles = (binary: string, pid?: number, exe?: string) => probeFiles("usdt", binary, pid, exe);
import { buildCFixtures } from "../../helpers/c-fixtures.js";
import type { CFixtures } from "../../helpers/c-fixtures.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";

const kernel = new FakeKernel();
let fx: CFixtures;
beforeAll(() => {
  fx = buildCFixtures();
});
afterAll(() => fx.cleanup());

function probes(source: string) {
  const r = compile(source, "stdin", kernel);
  return {
    names: r.plan?.programs.map((p) => p.target.name) ?? [],
    count: r.plan ? probeCount(r.plan) : 0,
    diags: r.diagnostics.items.map((d) => renderDiagnostic(d, r.sources)).join(""),
  };
}

const ALL = ["ebt:dup", "ebt:dup", "ebt:gated", "ebt:glob", "ebt:index", "ebt:sized", "ebt:tick", "ebt:words", "other:tick"];

describe("usdt attach points", () => {
  it("binary:namespace:name and binary:name (a unique name), with the U alias", () => {
    const p = `usdt:${fx.usdt}`;
    expect(probes(`usdt:${fx.usdt}:ebt:tick { } U:${fx.usdt}:gated { }`)).toEqual({ names: [`${p}:ebt:tick`, `${p}:ebt:gated`], count: 2, diags: "" });
  });

  it("wildcards in the name and the namespace: one program per site, each probe counted once", () => {
    const all = probes(`usdt:${fx.usdt}:* { }`);
    expect(all.names).toEqual(ALL.map((n) => `usdt:${fx.usdt}:${n}`));
    expect(all.count).toBe(8);
    expect(probes(`usdt:${fx.usdt}:ebt:* { }`).count).toBe(7);
    expect(probes(`usdt:${fx.usdt}:*:tick { }`).names).toEqual([`usdt:${fx.usdt}:ebt:tick`, `usdt:${fx.usdt}:other:tick`]);
    expect(probes(`usdt:${fx.usdt}::tick { }`).count).toBe(2);
    expect(probes(`usdt:${fx.usdt}:e?t:[dg]*d { }`).names).toEqual([`usdt:${fx.usdt}:ebt:gated`]);
  });

  it("wildcards in the path match files as the shell does", () => {
    expect(probes(`usdt:${fx.dir}/us*:ebt:tick { }`).names).toEqual([`usdt:${fx.dir}/usdt:ebt:tick`]);
    // The other fixtures are ELF files without notes: they match the path but add no probe.
    expect(probes(`usdt:${fx.dir}/*:ebt:gated { }`).names).toEqual([`usdt:${fx.dir}/usdt:ebt:gated`]);
  });

  it("each site attaches at its nop's file offset; a semaphore's file offset goes with it", () => {
    const elf = ElfFile.open(fx.usdt);
    const sites = findUsdtSites([fx.usdt], "ebt", "*");
    for (const s of sites) {
      expect(elf.read(s.offset, 1)[0]).toBe(0x90); // the nop
      expect(s.offset).toBe(elf.vaddrToOffset(s.note.pc));
    }
    const gated = sites.find((s) => s.name === "gated")!;
    expect(gated.semaphoreOffset).toBe(elf.vaddrToOffset(elf.findSymbol("ebt_gated_semaphore")!.addr));
    expect(sites.filter((s) => s.semaphoreOffset !== 0)).toEqual([gated]);
  });

  it("a name in several namespaces must be given its namespace", () => {
    expect(probes(`usdt:${fx.usdt}:tick { }`).diags).toBe(
      `stdin:1:1-${fx.usdt.length + 11}: ERROR: namespace for usdt:${fx.usdt}:tick not specified, matched 2 probes\n` +
        `usdt:${fx.usdt}:tick { }\n${"~".repeat(fx.usdt.length + 10)}\n` +
        "HINT: please specify a unique namespace or use '*' to attach to all matched probes\n",
    );
  });

  it("reports a missing or non-ELF file, a wrong number of parts and no match, at the probe", () => {
    expect(probes("usdt:/nonexistent/bin:ebt:x { }").diags).toBe(
      "stdin:1:1-28: ERROR: usdt target file '/nonexistent/bin' does not exist or is not executable\nusdt:/nonexistent/bin:ebt:x { }\n~~~~~~~~~~~~~~~~~~~~~~~~~~~\n",
    );
    expect(probes("usdt:/etc/passwd:a:b { }").diags).toContain("ERROR: usdt target file '/etc/passwd' does not exist or is not executable\n");
    expect(probes(`usdt:${fx.usdt} { }`).diags).toContain("ERROR: usdt probe type requires 2 or 3 arguments\n");
    expect(probes(`usdt:${fx.usdt}:a:b:c { }`).diags).toContain("ERROR: usdt probe type requires 2 or 3 arguments\n");
    expect(probes(`usdt:${fx.usdt}:ebt:nosuch { }`).diags).toContain(`ERROR: No matches for usdt ${fx.usdt}:ebt:nosuch.\n`);
    expect(probes(`usdt:${fx.usdt}:ebt: { }`).diags).toContain("ERROR: usdt probe must have a target function or wildcard\n");
    expect(probes("usdt::ebt:tick { }").diags).toContain(
      "ERROR: usdt probe must specify at least path or pid to probe. To target all paths/pids set the path to '*'.\n",
    );
  });

  it("argN: only the note's arguments; func and retval do not exist here, reg() does", () => {
    const tick = `usdt:${fx.usdt}:ebt:tick`;
    expect(probes(`${tick} { print(arg3) }`).diags).toBe(
      `stdin:1:${tick.length + 10}-${tick.length + 14}: ERROR: couldn't get argument 3 for ${fx.usdt}:ebt:tick\n` +
        `${tick} { print(arg3) }\n${" ".repeat(tick.length + 9)}~~~~\n`,
    );
    expect(probes(`${tick} { print(func) }`).diags).toContain("ERROR: The func builtin can not be used with 'usdt' probes\n");
    expect(probes(`${tick} { print(retval) }`).diags).toContain("ERROR: The retval builtin can not be used with 'usdt' probes\n");
    expect(probes(`${tick} { print((arg0, arg1, arg2, reg("sp"))) }`).diags).toBe("");
    // Every site of a wildcard is checked with its own arguments: gated has one.
    expect(probes(`usdt:${fx.usdt}:ebt:* { print(arg1) }`).diags).toContain(`ERROR: couldn't get argument 1 for ${fx.usdt}:ebt:gated\n`);
  });

  it("-l lists the probes of a file, once each, sorted, under the path as given", () => {
    const names = (glob: string) => listProbes(kernel, glob, false).map((p) => p.name);
    expect(names(`usdt:${fx.usdt}:*`)).toEqual([...new Set(ALL)].map((n) => `usdt:${fx.usdt}:${n}`));
    expect(names(`usdt:${fx.usdt}:ebt:t*`)).toEqual([`usdt:${fx.usdt}:ebt:tick`]);
    expect(names(`usdt:${fx.usdt}:*:tick`)).toEqual([`usdt:${fx.usdt}:ebt:tick`, `usdt:${fx.usdt}:other:tick`]);
    expect(names(`U:${fx.dir}/usd?:other:*`)).toEqual([`usdt:${fx.dir}/usdt:other:tick`]);
    expect(names(`usdt:${fx.target}:*`)).toEqual([]);
    expect(listProbes(kernel, `usdt:${fx.usdt}:*`, true).every((p) => (p.params?.() ?? []).length === 0)).toBe(true);
  });

  describe("in a running process", () => {
    let child: ChildProcess;
    beforeAll(async () => {
      child = spawn(fx.usdt, ["1", "wait"], { stdio: ["pipe", "ignore", "ignore"] });
      await new Promise((r) => child.once("spawn", r));
      // Until exec has mapped the fixture, /proc/PID/maps shows node's files.
      for (let i = 0; i < 200 && !usdtFilesOf(child.pid!).some((f) => f.endsWith("/usdt")); i++) await new Promise((r) => setTimeout(r, 10));
    });
    afterAll(() => {
      child.stdin!.end("\n");
    });
    const usdtFilesOf = (pid: number) => {
      const f = usdtFiles("", pid);
      return typeof f === "string" ? [] : f;
    };

    it("with a pid, no file or `*` means every file the process maps, seen through its root", () => {
      const pid = child.pid!;
      const own = `/proc/${pid}/root${fx.usdt}`;
      expect(usdtFiles("", pid)).toContain(own);
      expect(usdtFiles("*", pid)).toContain(own);
      expect(usdtFiles("*/usd?", pid)).toEqual([own]);
      expect(usdtFiles(fx.usdt, pid)).toEqual([own]);
      expect(findUsdtSites(usdtFilesOf(pid), "ebt", "gated").map((s) => s.path)).toEqual([own]);
    });

    it("a -c command is not exec'd yet when probes resolve: its own executable for '*', names as the loader finds them", () => {
      const pid = child.pid!;
      expect(usdtFiles("", pid, fx.usdt)).toEqual([fx.usdt]);
      // A glob over paths names files on disk, as without -c.
      expect(usdtFiles(`${path.dirname(fx.usdt)}/usd?`, pid, fx.usdt)).toEqual([fx.usdt]);
      expect(usdtFiles("*/nomatch", pid, fx.usdt)).toEqual([]);
      expect(usdtFiles(fx.usdt, pid, fx.usdt)).toEqual([fx.usdt]);
    });

    it("usdt:*:... without a pid looks in every process's files", () => {
      expect(probes("usdt:*:ebt:gated { }").names).toContain(`usdt:${fx.usdt}:ebt:gated`);
    });
  });
});

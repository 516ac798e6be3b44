/**
 * .debug_line: every address where a function of a program built here starts (and a few inside),
 * looked up in our line table, must give the file and line binutils' addr2line gives, for DWARF 4
 * and DWARF 5 line programs; the same for inlined functions (addr2line -i) and for a lookup by
 * source line.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ElfFile } from "../../../src/elf/elf.js";
import { lineTable } from "../../../src/dwarf/line-table.js";
import { inlineChain } from "../../../src/dwarf/inlines.js";

let dir: string;
const SOURCE = `#include <stdio.h>
static inline __attribute__((always_inline)) int twice(int x) {
  volatile int y = x; return y * 2;
}
int ebt_sum(int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += twice(i);
  return s;
}
int main(int argc, char **argv) {
  printf("%d\\n", ebt_sum(argc));
  return 0;
}
`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ebt-lines-"));
  writeFileSync(path.join(dir, "prog.c"), SOURCE);
  for (const v of ["4", "5"]) {
    execFileSync("gcc", [`-gdwarf-${v}`, "-O0", "-o", `prog${v}`, "prog.c"], { cwd: dir });
    execFileSync("gcc", [`-gdwarf-${v}`, "-O2", "-o", `prog${v}-O2`, "prog.c"], { cwd: dir });
  }
  execFileSync("gcc", ["-O0", "-o", "nodebug", "prog.c"], { cwd: dir });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function addr2line(file: string, addrs: number[]): string[] {
  return execFileSync("addr2line", ["-e", file, ...addrs.map((a) => `0x${a.toString(16)}`)], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((l) => l.replace(/ \(discriminator \d+\)$/, ""));
}

describe("line tables", () => {
  for (const name of ["prog4", "prog5", "prog4-O2", "prog5-O2"]) {
    it(`${name}: file:line of function starts and of the bytes inside them agree with addr2line`, () => {
      const file = path.join(dir, name);
      const elf = ElfFile.open(file);
      const addrs = elf.functions().filter((f) => f.size > 0).flatMap((f) => [f.addr, f.addr + Math.floor(f.size / 2), f.addr + f.size - 1]);
      const table = lineTable(file)!;
      expect(table).toBeDefined();
      const ours = addrs.map((a) => {
        const s = table.lookup(a);
        return s ? `${s.path}:${s.line}` : "??:0";
      });
      const theirs = addr2line(file, addrs).map((l) => (l.startsWith("??") ? "??:0" : l));
      // addr2line prints ?? for code without line info (crt startup files): compare where it knows.
      ours.forEach((o, i) => {
        if (theirs[i] !== "??:0") expect(o, `0x${addrs[i]!.toString(16)}`).toBe(theirs[i]);
      });
      expect(ours.filter((o) => o.startsWith(path.join(dir, "prog.c"))).length).toBeGreaterThan(3);
    });
  }

  for (const name of ["prog4-O2", "prog5-O2"]) {
    it(`${name}: inlined functions at each address of ebt_sum, innermost first, agree with addr2line -i`, () => {
      const file = path.join(dir, name);
      const fn = ElfFile.open(file).findFunction("ebt_sum")!;
      let inlinedSeen = 0;
      for (let a = fn.addr; a < fn.addr + fn.size; a++) {
        const out = execFileSync("addr2line", ["-i", "-f", "-e", file, `0x${a.toString(16)}`], { encoding: "utf8" }).split("\n").filter(Boolean);
        const theirs = out.map((l, i) => (i % 2 === 0 ? l : l.replace(/ \(discriminator \d+\)$/, "")));
        const chain = inlineChain(file, a);
        const ours = [
          ...(chain?.inlined ?? []).flatMap((f) => [f.name, f.source ? `${f.source.path}:${f.source.line}` : "??:0"]),
          "ebt_sum",
          chain?.caller ? `${chain.caller.path}:${chain.caller.line}` : (() => { const l = lineTable(file)!.lookup(a); return l ? `${l.path}:${l.line}` : "??:0"; })(),
        ];
        expect(ours, `0x${a.toString(16)}`).toEqual(theirs);
        if (chain) inlinedSeen++;
      }
      expect(inlinedSeen).toBeGreaterThan(0);
    });
  }

  it("finds where a source line starts, by the file's full path or its name", () => {
    const file = path.join(dir, "prog5");
    const table = lineTable(file)!;
    const byName = table.addresses("prog.c", 6);
    expect(byName.length).toBeGreaterThan(0);
    expect(table.addresses(path.join(dir, "prog.c"), 6)).toEqual(byName);
    expect(addr2line(file, byName)).toEqual(byName.map(() => `${path.join(dir, "prog.c")}:6`));
    expect(table.addresses("other.c", 6)).toEqual([]);
  });

  it("a binary without debug info has no line table", () => {
    expect(lineTable(path.join(dir, "nodebug"))).toBeUndefined();
  });
});

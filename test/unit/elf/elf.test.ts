/** The ELF reader against freshly compiled fixtures, checked against binutils' view of them. */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ElfError, ElfFile, ET_DYN, ET_EXEC, openElfCached } from "../../../src/elf/elf.js";
import { parseLdCache, resolveBinary } from "../../../src/elf/resolve-binary.js";
import { findSites } from "../../../src/providers/uprobe.js";
import { buildCFixtures } from "../../helpers/c-fixtures.js";
import type { CFixtures } from "../../helpers/c-fixtures.js";
import { readFileSync, writeFileSync } from "node:fs";

let fx: CFixtures;
beforeAll(() => {
  fx = buildCFixtures();
});
afterAll(() => fx.cleanup());

/** `nm`'s address of a defined text symbol. */
function nmAddr(file: string, sym: string): number {
  const line = execFileSync("nm", [file], { encoding: "utf8" }).split("\n").find((l) => l.endsWith(` ${sym}`));
  return parseInt(line!.split(" ")[0]!, 16);
}

describe("ElfFile", () => {
  it("reads the type of plain and position-independent executables and libraries", () => {
    expect(ElfFile.open(fx.target).type).toBe(ET_EXEC);
    expect(ElfFile.open(fx.targetPie).type).toBe(ET_DYN);
    expect(ElfFile.open(fx.targetPie).hasInterp).toBe(true);
    expect(ElfFile.open(fx.lib).isPie).toBe(true);
    expect(ElfFile.open(fx.lib).hasInterp).toBe(false);
  });

  it("finds function symbols at the addresses nm reports", () => {
    for (const file of [fx.target, fx.targetPie]) {
      const elf = ElfFile.open(file);
      for (const name of ["ebt_add", "ebt_strlen", "main"]) expect(elf.findFunction(name)?.addr).toBe(nmAddr(file, name));
    }
    expect(ElfFile.open(fx.lib).findFunction("lib_mul")?.addr).toBe(nmAddr(fx.lib, "lib_mul"));
  });

  it("knows only defined functions (not data, not imports)", () => {
    const elf = ElfFile.open(fx.target);
    expect(elf.findFunction("lib_mul")).toBeUndefined(); // imported from the library
    expect(elf.findFunction("printf")).toBeUndefined();
    expect(elf.functions().every((s) => s.addr > 0)).toBe(true);
  });

  it("maps virtual addresses to file offsets and back through the PT_LOAD segments", () => {
    const elf = ElfFile.open(fx.target);
    const sym = elf.findFunction("ebt_add")!;
    const text = elf.section(".text")!;
    const offset = elf.vaddrToOffset(sym.addr)!;
    expect(offset).toBe(sym.addr - text.addr + text.offset);
    expect(elf.offsetToVaddr(offset)).toBe(sym.addr);
    // The bytes at that offset are the function's code, as objdump shows it.
    const dump = execFileSync("objdump", ["-d", "--start-address=" + sym.addr, "--stop-address=" + (sym.addr + 4), fx.target], { encoding: "utf8" });
    const firstByte = /^\s*[0-9a-f]+:\s+([0-9a-f]{2})/m.exec(dump)![1];
    expect(elf.read(offset, 1)[0]!.toString(16).padStart(2, "0")).toBe(firstByte);
  });

  it("symbolizes an address inside a function as func+offset", () => {
    const elf = ElfFile.open(fx.targetPie);
    const sym = elf.findFunction("ebt_strlen")!;
    expect(elf.symbolize(sym.addr + 3)).toMatchObject({ sym: { name: "ebt_strlen" }, offset: 3 });
    expect(elf.symbolize(sym.addr)).toMatchObject({ sym: { name: "ebt_strlen" }, offset: 0 });
  });

  it("reads .note.stapsdt probes as readelf -n shows them", () => {
    const notes = ElfFile.open(fx.usdt).usdtNotes();
    const readelf = execFileSync("readelf", ["-n", fx.usdt], { encoding: "utf8" });
    const shown = [...readelf.matchAll(/Provider: (\S+)\s+Name: (\S+)\s+Location: (0x[0-9a-f]+), Base: (0x[0-9a-f]+), Semaphore: (0x[0-9a-f]+)\s+Arguments: (.*)/g)];
    expect(notes.map((n) => [n.provider, n.name, n.pc, n.base, n.semaphore, n.args])).toEqual(
      shown.map((m) => [m[1], m[2], Number(m[3]), Number(m[4]), Number(m[5]), m[6]!.trim()]),
    );
    expect(notes.map((n) => `${n.provider}:${n.name}`).sort()).toEqual(
      ["ebt:dup", "ebt:dup", "ebt:gated", "ebt:glob", "ebt:index", "ebt:sized", "ebt:tick", "ebt:words", "other:tick"],
    );
    expect(notes.find((n) => n.name === "gated")!.semaphore).toBe(nmAddrData(fx.usdt, "ebt_gated_semaphore"));
    expect(notes.filter((n) => n.semaphore !== 0)).toHaveLength(1);
  });

  it("moves note addresses with .stapsdt.base when the file was relocated after linking (prelink)", () => {
    // What prelink leaves: code and .stapsdt.base moved, notes still holding link-time addresses.
    // Simulated by making every note claim a base 0x40 lower than the section's.
    const copy = `${fx.dir}/usdt-prelinked`;
    const bytes = readFileSync(fx.usdt);
    const elf = ElfFile.open(fx.usdt);
    const sec = elf.section(".note.stapsdt")!;
    for (let o = sec.offset; o < sec.offset + sec.size; ) {
      const namesz = bytes.readUInt32LE(o), descsz = bytes.readUInt32LE(o + 4);
      const desc = o + 12 + ((namesz + 3) & ~3);
      bytes.writeBigUInt64LE(bytes.readBigUInt64LE(desc + 8) - 0x40n, desc + 8);
      o = desc + ((descsz + 3) & ~3);
    }
    writeFileSync(copy, bytes);
    const original = elf.usdtNotes();
    const moved = ElfFile.open(copy).usdtNotes();
    expect(moved.map((n) => n.pc)).toEqual(original.map((n) => n.pc + 0x40));
    expect(moved.map((n) => n.semaphore)).toEqual(original.map((n) => (n.semaphore === 0 ? 0 : n.semaphore + 0x40)));
    expect(moved.map((n) => n.base)).toEqual(original.map((n) => n.base - 0x40));
  });

  it("finds data symbols as well as functions (USDT arguments may name a global)", () => {
    const elf = ElfFile.open(fx.usdt);
    expect(elf.findSymbol("ebt_global")?.addr).toBe(nmAddrData(fx.usdt, "ebt_global"));
    expect(elf.findSymbol("main")?.addr).toBe(nmAddr(fx.usdt, "main"));
    expect(elf.findFunction("ebt_global")).toBeUndefined();
  });

  it("opens a file once, whatever path names it (/proc/PID/root/... is one path per process)", () => {
    const viaRoot = `/proc/${process.pid}/root${fx.target}`;
    const elf = openElfCached(fx.target);
    expect(openElfCached(viaRoot)).toBe(elf);
    expect(openElfCached(fx.target)).toBe(elf);
    // A file replaced on disk is read again.
    const copy = `${fx.target}-copy`;
    writeFileSync(copy, readFileSync(fx.target));
    const first = openElfCached(copy);
    writeFileSync(`${copy}.new`, readFileSync(fx.target));
    execFileSync("mv", [`${copy}.new`, copy]);
    expect(openElfCached(copy)).not.toBe(first);
  });

  it("refuses what is not a 64-bit ELF file, clearly", () => {
    expect(() => ElfFile.open(`${fx.dir}/nope`)).toThrow(ElfError);
    expect(() => ElfFile.open("/etc/hostname")).toThrow(/is not an ELF file/);
  });
});

function nmAddrData(file: string, sym: string): number {
  const line = execFileSync("nm", [file], { encoding: "utf8" }).split("\n").find((l) => l.endsWith(` ${sym}`));
  return parseInt(line!.split(" ")[0]!, 16);
}

describe("uprobe sites", () => {
  it("resolves symbol, symbol+offset, address and wildcard to file offsets", () => {
    const elf = ElfFile.open(fx.target);
    const add = elf.findFunction("ebt_add")!;
    const off = elf.vaddrToOffset(add.addr)!;
    expect(findSites(elf, fx.target, "ebt_add")).toEqual([{ path: fx.target, offset: off, func: "ebt_add" }]);
    expect(findSites(elf, fx.target, "ebt_add+1")).toEqual([{ path: fx.target, offset: off + 1, func: "ebt_add" }]);
    expect(findSites(elf, fx.target, `0x${add.addr.toString(16)}`)).toEqual([{ path: fx.target, offset: off, func: "ebt_add" }]);
    expect((findSites(elf, fx.target, "ebt_*") as { func: string }[]).map((s) => s.func)).toEqual(["ebt_add", "ebt_other", "ebt_strlen"]);
    expect(findSites(elf, fx.target, "nosuch")).toEqual({ missing: true });
    expect(findSites(elf, fx.target, "nosuch+1")).toEqual({ message: `Could not resolve symbol: ${fx.target}:nosuch`, located: true });
    expect((findSites(elf, fx.target, "ebt_add+100000") as { message: string }).message).toMatch(/^Offset outside the function bounds/);
    expect(findSites(elf, fx.target, "0x10")).toEqual({ message: `Could not resolve address: ${fx.target}:0x10`, located: false });
  });
});

describe("resolveBinary", () => {
  it("finds libraries by name as the dynamic loader would, and programs in PATH", () => {
    const libc = resolveBinary("libc");
    expect(libc).toMatch(/\/libc\.so\.6$/);
    expect(resolveBinary("c")).toBe(libc);
    expect(ElfFile.open(libc!).findFunction("malloc")).toBeDefined();
    expect(resolveBinary("sh")).toMatch(/\/sh$/);
    expect(resolveBinary("/no/such/file")).toBeUndefined();
    expect(resolveBinary("no_such_library_here")).toBeUndefined();
  });

  it("parses ld.so.cache entries", () => {
    const entries = parseLdCache(readFileSync("/etc/ld.so.cache"));
    expect(entries.find((e) => e.name === "libc.so.6")?.path).toMatch(/libc\.so\.6$/);
  });

  it("with a pid, finds the library the process has mapped", () => {
    const libc = resolveBinary("libc", process.pid);
    expect(libc).toMatch(new RegExp(`^/proc/${process.pid}/root/.*libc\\.so\\.6$`));
  });
});

/** Loading DWARF sections from binaries built by gcc, with binutils as the reference for the bytes. */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ElfFile } from "../../../src/elf/elf.js";
import { buildId, debugLink, findDebugFile, openDebugSections, setDebugInfoDirs } from "../../../src/dwarf/sections.js";
import { buildDwarfFixtures } from "../../helpers/dwarf-fixtures.js";
import type { DwarfFixtures } from "../../helpers/dwarf-fixtures.js";

let fx: DwarfFixtures;
beforeAll(() => {
  fx = buildDwarfFixtures();
});
afterAll(() => fx.cleanup());
afterEach(() => setDebugInfoDirs([]));

/** A section's uncompressed bytes as objcopy extracts them. */
function objcopySection(file: string, name: string): Buffer {
  const out = path.join(fx.dir, `dump${name}`);
  const plainCopy = path.join(fx.dir, "decompressed.tmp");
  execFileSync("objcopy", ["--decompress-debug-sections", file, plainCopy]);
  execFileSync("objcopy", ["--dump-section", `${name}=${out}`, plainCopy, path.join(fx.dir, "discard.tmp")]);
  return readFileSync(out);
}

describe("openDebugSections", () => {
  it("reads the DWARF sections of a -g binary as objcopy dumps them", () => {
    const d = openDebugSections(fx.plain)!;
    expect(d.path).toBe(fx.plain);
    for (const name of [".debug_info", ".debug_abbrev", ".debug_str", ".debug_line", ".debug_line_str"]) {
      expect(d.section(name), name).toEqual(objcopySection(fx.plain, name));
    }
    expect(d.section(".debug_nonexistent")).toBeUndefined();
  });

  it("decompresses SHF_COMPRESSED (zlib) sections", () => {
    const elf = ElfFile.open(fx.zlib);
    expect(elf.section(".debug_info")!.flags & 0x800).toBe(0x800);
    const d = openDebugSections(fx.zlib)!;
    const info = d.section(".debug_info")!;
    expect(info).toEqual(objcopySection(fx.zlib, ".debug_info"));
    expect(info.length).toBeGreaterThan(elf.section(".debug_info")!.size);
    expect(d.section(".debug_info")).toBe(info); // cached, not decompressed twice
  });

  it("has nothing for a binary built without -g", () => {
    expect(openDebugSections(fx.nodebug)).toBeUndefined();
    expect(openDebugSections(path.join(fx.dir, "missing"))).toBeUndefined();
  });

  it("follows .gnu_debuglink to the debug file next to a stripped binary", () => {
    expect(ElfFile.open(fx.linked).section(".debug_info")).toBeUndefined();
    expect(debugLink(ElfFile.open(fx.linked))).toBe("linked.debug");
    const d = openDebugSections(fx.linked)!;
    expect(d.path).toBe(path.join(fx.dir, "linked.debug"));
    expect(d.section(".debug_info")!.length).toBeGreaterThan(0);
  });

  it("finds a debug file by build id under a --debuginfo root, and only there", () => {
    const id = execFileSync("readelf", ["-n", fx.byId], { encoding: "utf8" }).match(/Build ID: ([0-9a-f]+)/)![1];
    expect(buildId(ElfFile.open(fx.byId))).toBe(id);
    expect(openDebugSections(fx.byId)).toBeUndefined();
    setDebugInfoDirs([path.join(fx.dir, "elsewhere"), fx.debugRoot]);
    expect(findDebugFile(ElfFile.open(fx.byId))).toBe(path.join(fx.debugRoot, ".build-id", id!.slice(0, 2), `${id!.slice(2)}.debug`));
    expect(openDebugSections(fx.byId)!.section(".debug_abbrev")!.length).toBeGreaterThan(0);
  });

  it("finds BINARY.debug in a --debuginfo directory given relative to the binary's directory", () => {
    const id = buildId(ElfFile.open(fx.byId))!;
    mkdirSync(path.join(fx.dir, "ext"), { recursive: true });
    copyFileSync(path.join(fx.debugRoot, ".build-id", id.slice(0, 2), `${id.slice(2)}.debug`), path.join(fx.dir, "ext", "byId.debug"));
    setDebugInfoDirs(["no-such-dir", "ext"]);
    expect(findDebugFile(ElfFile.open(fx.byId))).toBe(path.join(fx.dir, "ext", "byId.debug"));
  });
});

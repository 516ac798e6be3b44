/**
 * Finding and loading a binary's DWARF sections: from the binary itself, or from its separate debug
 * file (found by build id, then by `.gnu_debuglink`), decompressing SHF_COMPRESSED (zlib) and
 * legacy `.zdebug_*` sections.
 *
 * API:
 * - `openDebugSections(binaryPath)`: the `DebugSections` of a binary, or undefined when it has no
 *   `.debug_info` anywhere we look. Cached per file for the process; opening costs the ELF headers
 *   (and, for a stripped binary, a few stat()s for its debug file), no section bytes.
 * - `DebugSections.section(name)`: one section's bytes (e.g. `".debug_line"`), decompressed, read on
 *   first use and cached; undefined when the file lacks it. `path`/`elf` name the file they come from.
 * - `setDebugInfoDirs(dirs)`: extra roots to search before `/usr/lib/debug` (`--debuginfo DIR:DIR`).
 * - `openSectionsOf(elf)`: the sections of one ELF file as it is (a .dwo or .dwp of split DWARF).
 * - `buildId(elf)`, `debugLink(elf)`, `findDebugFile(elf)`: the lookup pieces, exported for tests and
 *   for listing where debug info was expected.
 *
 * Debug-file search (gdb's and elfutils' convention), for each root R in `setDebugInfoDirs` and then
 * `/usr/lib/debug`:
 *   R/.build-id/ab/cdef….debug               (build id hex, first byte as a directory)
 * then, for a `.gnu_debuglink` name N of binary /dir/bin:
 *   /dir/N, /dir/.debug/N, R/dir/N, R/N
 * then R/bin.debug for the --debuginfo roots (elfutils' default name when there is no link). A
 * relative --debuginfo root is taken relative to the binary's directory first, as elfutils does.
 * A candidate whose build id differs from the binary's is skipped (a stale debug file would give
 * wrong types and lines).
 */
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { ElfError, openElfCached } from "../elf/elf.js";
import type { ElfFile, Section } from "../elf/elf.js";
import { DwarfError } from "./cursor.js";

/** node:zlib, loaded on the first compressed section: loading it costs every run a few ms. */
let zlibModule: typeof import("node:zlib") | undefined;
const zlib = (): typeof import("node:zlib") => (zlibModule ??= createRequire(import.meta.url)("node:zlib") as typeof import("node:zlib"));

export interface DebugSections {
  /** The file the sections are read from: the binary itself or its separate debug file. */
  readonly path: string;
  readonly elf: ElfFile;
  /** Section bytes by name (`.debug_info`, `.debug_abbrev`, `.debug_str`, `.debug_line`, ...),
   * decompressed; undefined when absent. */
  section(name: string): Buffer | undefined;
}

const SHF_COMPRESSED = 0x800;
const SHT_NOBITS = 8;
const ELFCOMPRESS_ZLIB = 1, ELFCOMPRESS_ZSTD = 2;
const NT_GNU_BUILD_ID = 3;
const SYSTEM_DEBUG_ROOT = "/usr/lib/debug";

let extraRoots: string[] = [];

/** Roots searched before /usr/lib/debug, in order (the `--debuginfo` option). */
export function setDebugInfoDirs(dirs: readonly string[]): void {
  extraRoots = dirs.filter((d) => d !== "");
  cache.clear();
}

/** Per binary path: the ELF it was opened as (a file rebuilt on disk is a new ElfFile) and what it gave. */
const cache = new Map<string, { elf: ElfFile; found: DebugSections | undefined }>();

/** The DWARF sections of `binaryPath` (itself or its debug file), or undefined if it has none. */
export function openDebugSections(binaryPath: string): DebugSections | undefined {
  let elf: ElfFile;
  try {
    elf = openElfCached(binaryPath);
  } catch (e) {
    if (e instanceof ElfError) return undefined;
    throw e;
  }
  const hit = cache.get(binaryPath);
  if (hit && hit.elf === elf) return hit.found;
  let found: DebugSections | undefined;
  if (hasDwarf(elf)) found = openSectionsOf(elf);
  else {
    const file = findDebugFile(elf);
    if (file) found = openSectionsOf(openElfCached(file));
  }
  cache.set(binaryPath, { elf, found });
  return found;
}

const byElf = new WeakMap<ElfFile, DebugSections>();

/** The debug sections of one ELF file as it is (no debug-file lookup): a .dwo or .dwp, say. */
export function openSectionsOf(elf: ElfFile): DebugSections {
  let s = byElf.get(elf);
  if (!s) byElf.set(elf, (s = new ElfDebugSections(elf)));
  return s;
}

/** Whether the file carries DWARF itself (a section with bits, not a NOBITS placeholder). */
function hasDwarf(elf: ElfFile): boolean {
  return elf.sections.some((s) => (s.name === ".debug_info" || s.name === ".zdebug_info") && s.type !== SHT_NOBITS && s.size > 0);
}

/** The GNU build id as lowercase hex, from `.note.gnu.build-id` (or any note section that has it). */
export function buildId(elf: ElfFile): string | undefined {
  const notes = elf.sections.filter((s) => s.type === 7 /* SHT_NOTE */ && s.name.startsWith(".note"));
  for (const sec of notes.sort((a, b) => Number(b.name === ".note.gnu.build-id") - Number(a.name === ".note.gnu.build-id"))) {
    const b = elf.read(sec.offset, sec.size);
    for (let o = 0; o + 12 <= b.length; ) {
      const namesz = b.readUInt32LE(o), descsz = b.readUInt32LE(o + 4), type = b.readUInt32LE(o + 8);
      const nameAt = o + 12, descAt = nameAt + align4(namesz);
      o = descAt + align4(descsz);
      if (type === NT_GNU_BUILD_ID && namesz === 4 && b.toString("latin1", nameAt, nameAt + 3) === "GNU") {
        return b.subarray(descAt, descAt + descsz).toString("hex");
      }
    }
  }
  return undefined;
}

/** The file name `.gnu_debuglink` names (its CRC is not checked; the build id check is stronger). */
export function debugLink(elf: ElfFile): string | undefined {
  const s = elf.section(".gnu_debuglink");
  if (!s) return undefined;
  const b = elf.read(s.offset, s.size);
  const end = b.indexOf(0);
  const name = b.toString("utf8", 0, end < 0 ? b.length : end);
  return name || undefined;
}

/** Where the separate debug file of `elf` is, if any (see the search order at the top). */
export function findDebugFile(elf: ElfFile): string | undefined {
  let dir = path.dirname(elf.path);
  try {
    dir = path.dirname(realpathSync(elf.path));
  } catch {
    // keep the path as given
  }
  // elfutils' rule for --debuginfo: a relative directory is relative to the binary's own directory
  // (bpftrace passes it to elfutils); the current directory is tried after it.
  const extra = extraRoots.flatMap((r) => (path.isAbsolute(r) ? [r] : [path.join(dir, r), path.resolve(r)]));
  const roots = [...extra, SYSTEM_DEBUG_ROOT];
  const id = buildId(elf);
  const candidates: string[] = [];
  if (id && id.length > 2) for (const r of roots) candidates.push(path.join(r, ".build-id", id.slice(0, 2), `${id.slice(2)}.debug`));
  const link = debugLink(elf);
  if (link) {
    candidates.push(path.join(dir, link), path.join(dir, ".debug", link));
    for (const r of roots) candidates.push(path.join(r, dir, link), path.join(r, link));
  }
  // Without a debug link, elfutils looks for BINARY.debug in the --debuginfo directories.
  for (const r of extra) candidates.push(path.join(r, `${path.basename(elf.path)}.debug`));
  for (const c of candidates) {
    if (c === elf.path || !existsSync(c)) continue;
    try {
      const dbg = openElfCached(c);
      if (id && buildId(dbg) !== undefined && buildId(dbg) !== id) continue;
      if (hasDwarf(dbg)) return c;
    } catch (e) {
      if (!(e instanceof ElfError)) throw e;
    }
  }
  return undefined;
}

class ElfDebugSections implements DebugSections {
  private readonly loaded = new Map<string, Buffer | undefined>();

  constructor(readonly elf: ElfFile) {}

  get path(): string {
    return this.elf.path;
  }

  section(name: string): Buffer | undefined {
    if (this.loaded.has(name)) return this.loaded.get(name);
    const data = this.load(name);
    this.loaded.set(name, data);
    return data;
  }

  private load(name: string): Buffer | undefined {
    const plain = this.elf.sections.find((s) => s.name === name && s.type !== SHT_NOBITS);
    if (plain) return decompress(this.elf, plain);
    // GNU's older convention: `.zdebug_x` holds "ZLIB", the size as 8 big-endian bytes, a zlib stream.
    const z = name.startsWith(".debug_") ? this.elf.section(`.z${name.slice(1)}`) : undefined;
    if (!z) return undefined;
    const raw = this.elf.read(z.offset, z.size);
    if (raw.length < 12 || raw.toString("latin1", 0, 4) !== "ZLIB") return raw;
    return inflate(raw.subarray(12), Number(raw.readBigUInt64BE(4)), z.name, this.elf.path);
  }
}

function decompress(elf: ElfFile, s: Section): Buffer {
  const raw = elf.read(s.offset, s.size);
  if (!(s.flags & SHF_COMPRESSED)) return raw;
  // Elf64_Chdr: ch_type u32, ch_reserved u32, ch_size u64, ch_addralign u64.
  if (raw.length < 24) throw new DwarfError(`${elf.path}: section ${s.name} is too short for its compression header`);
  const type = raw.readUInt32LE(0), size = Number(raw.readBigUInt64LE(8));
  if (type === ELFCOMPRESS_ZLIB) return inflate(raw.subarray(24), size, s.name, elf.path);
  if (type === ELFCOMPRESS_ZSTD) {
    const zstd = (zlib() as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync;
    if (!zstd) throw new DwarfError(`${elf.path}: section ${s.name} is compressed with zstd, which this Node.js cannot decompress (zlib-compressed debug info works)`);
    return checkSize(zstd(raw.subarray(24)), size, s.name, elf.path);
  }
  throw new DwarfError(`${elf.path}: section ${s.name} uses unknown compression type ${type}`);
}

function inflate(data: Buffer, size: number, name: string, file: string): Buffer {
  let out: Buffer;
  try {
    out = zlib().inflateSync(data);
  } catch (e) {
    throw new DwarfError(`${file}: section ${name} does not decompress: ${(e as Error).message}`);
  }
  return checkSize(out, size, name, file);
}

function checkSize(out: Buffer, size: number, name: string, file: string): Buffer {
  if (out.length !== size) throw new DwarfError(`${file}: section ${name} decompressed to ${out.length} bytes, its header says ${size}`);
  return out;
}

const align4 = (n: number) => (n + 3) & ~3;

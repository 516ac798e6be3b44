/**
 * Split DWARF (-gsplit-dwarf): the binary keeps skeleton units (addresses, lines, the name of the
 * .dwo file and a dwo id); the types and functions live in a `.dwo` file per unit, or in one `.dwp`
 * package next to the binary that holds them all, indexed by dwo id in `.debug_cu_index`.
 *
 * A split unit is read as DWARF sections of its own (`splitSections`): `.debug_info` is the .dwo's
 * `.debug_info.dwo` (in a .dwp, the unit's contribution to it, as are its abbreviations and string
 * offsets), and `.debug_addr` is the skeleton's, which the split unit's addrx forms index with the
 * skeleton's DW_AT_addr_base.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ElfError, openElfCached } from "../elf/elf.js";
import { DwarfCursor } from "./cursor.js";
import type { DebugSections } from "./sections.js";
import { openSectionsOf } from "./sections.js";

/** What a skeleton unit tells about its split unit. */
export interface Skeleton {
  dwoId: bigint;
  /** DW_AT_dwo_name (or DW_AT_GNU_dwo_name) and DW_AT_comp_dir, when present. */
  dwoName?: string;
  compDir?: string;
  /** The skeleton's DW_AT_addr_base: where its addresses start in the binary's .debug_addr. */
  addrBase?: number;
}

/** The sections of the split unit of `skel`, found as a .dwo or in `<binary>.dwp`; undefined when neither exists. */
export function splitSections(binary: DebugSections, binaryPath: string, skel: Skeleton): { sections: DebugSections; addrBase?: number } | undefined {
  const addr = binary.section(".debug_addr");
  for (const file of dwoCandidates(binaryPath, skel)) {
    const dwo = open(file);
    if (!dwo) continue;
    return { sections: mapped(dwo, (name) => (name === ".debug_addr" ? addr : dwo.section(`${name}.dwo`))), addrBase: skel.addrBase };
  }
  const dwp = open(`${binaryPath}.dwp`);
  const index = dwp?.section(".debug_cu_index");
  if (!dwp || !index) return undefined;
  const row = cuIndexRow(index, skel.dwoId);
  if (!row) return undefined;
  const slice = (name: string, sect: number) => {
    const data = dwp.section(`${name}.dwo`);
    const c = row.get(sect);
    return data && c ? data.subarray(c.offset, c.offset + c.size) : data;
  };
  return {
    sections: mapped(dwp, (name) => {
      switch (name) {
        case ".debug_addr": return addr;
        case ".debug_info": return slice(name, DW_SECT_INFO);
        case ".debug_abbrev": return slice(name, DW_SECT_ABBREV);
        case ".debug_str_offsets": return slice(name, DW_SECT_STR_OFFSETS);
        case ".debug_line": return slice(name, DW_SECT_LINE);
        default: return dwp.section(`${name}.dwo`);
      }
    }),
    addrBase: skel.addrBase,
  };
}

/** Where the .dwo may be: as named (relative to the compilation directory), then next to the binary (bpftrace's fallback). */
function dwoCandidates(binaryPath: string, skel: Skeleton): string[] {
  const out: string[] = [];
  const dir = path.dirname(binaryPath);
  if (skel.dwoName) {
    if (path.isAbsolute(skel.dwoName)) out.push(skel.dwoName);
    else if (skel.compDir) out.push(path.join(skel.compDir, skel.dwoName));
    out.push(path.join(dir, path.basename(skel.dwoName)));
  } else {
    out.push(path.join(dir, `${path.parse(binaryPath).name}.dwo`));
  }
  return out.filter((f) => existsSync(f));
}

function open(file: string): DebugSections | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return openSectionsOf(openElfCached(file));
  } catch (e) {
    if (e instanceof ElfError) return undefined;
    throw e;
  }
}

function mapped(base: DebugSections, get: (name: string) => Buffer | undefined): DebugSections {
  const cache = new Map<string, Buffer | undefined>();
  return {
    path: base.path,
    elf: base.elf,
    section(name) {
      if (!cache.has(name)) cache.set(name, get(name));
      return cache.get(name);
    },
  };
}

// DW_SECT_* column ids of .debug_cu_index (DWARF 5; the GNU version 2 index uses the same ones for these).
const DW_SECT_INFO = 1, DW_SECT_ABBREV = 3, DW_SECT_LINE = 4, DW_SECT_STR_OFFSETS = 6;

/** The contributions (offset, size per DW_SECT column) of the unit with `dwoId` in a .dwp's .debug_cu_index. */
function cuIndexRow(index: Buffer, dwoId: bigint): Map<number, { offset: number; size: number }> | undefined {
  const c = new DwarfCursor(index);
  const version = c.u16();
  c.u16();
  if (version !== 5 && version !== 2) return undefined;
  const columns = c.u32(), units = c.u32(), slots = c.u32();
  const sigAt = c.pos, idxAt = sigAt + 8 * slots;
  let row = 0;
  for (let i = 0; i < slots; i++) {
    if (index.readBigUInt64LE(sigAt + 8 * i) === dwoId) {
      row = index.readUInt32LE(idxAt + 4 * i);
      if (row !== 0) break;
    }
  }
  if (row === 0 || row > units) return undefined;
  const headerAt = idxAt + 4 * slots;
  const offsetsAt = headerAt + 4 * columns, sizesAt = offsetsAt + 4 * columns * units;
  const out = new Map<number, { offset: number; size: number }>();
  for (let col = 0; col < columns; col++) {
    const sect = index.readUInt32LE(headerAt + 4 * col);
    out.set(sect, {
      offset: index.readUInt32LE(offsetsAt + 4 * (columns * (row - 1) + col)),
      size: index.readUInt32LE(sizesAt + 4 * (columns * (row - 1) + col)),
    });
  }
  return out;
}

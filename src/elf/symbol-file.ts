/** Which file holds a binary's function symbols: itself, or the separate debug file of a stripped one. */
import { ElfError, openElfCached } from "./elf.js";
import type { ElfFile } from "./elf.js";
import { findDebugFile } from "../dwarf/sections.js";

/**
 * Where a file's function symbols are: the file itself, or, when it was stripped of `.symtab`, its
 * separate debug file (found by build id or .gnu_debuglink), which keeps them at the same addresses.
 */
export function symbolsOf(elf: ElfFile): ElfFile {
  let found = symbolFiles.get(elf);
  if (!found) symbolFiles.set(elf, (found = findSymbolFile(elf)));
  return found;
}

const symbolFiles = new WeakMap<ElfFile, ElfFile>();

function findSymbolFile(elf: ElfFile): ElfFile {
  if (elf.section(".symtab")) return elf;
  const debug = findDebugFile(elf);
  if (!debug) return elf;
  try {
    const d = openElfCached(debug);
    return d.section(".symtab") ? d : elf;
  } catch (e) {
    if (e instanceof ElfError) return elf;
    throw e;
  }
}


/**
 * A small ELF64 (little-endian) reader: headers, sections, program headers, `.symtab`/`.dynsym`
 * function symbols and `.note.stapsdt` notes. It reads only what is asked for, at its file offset,
 * so opening a 100 MB binary to find one symbol costs a few reads, not the whole file.
 * Addresses fit in JavaScript numbers: user-space virtual addresses are below 2^47.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { findStoredMember, splitArchivePath } from "./zip.js";

export class ElfError extends Error {}

export const ET_EXEC = 2, ET_DYN = 3;
const PT_LOAD = 1, PT_INTERP = 3;
const SHT_SYMTAB = 2, SHT_NOTE = 7, SHT_DYNSYM = 11;
const STT_FUNC = 2, STT_GNU_IFUNC = 10;
const SHN_UNDEF = 0, SHN_LORESERVE = 0xff00;

export interface Section {
  name: string;
  type: number;
  /** SHF_* bits (SHF_COMPRESSED marks zlib/zstd-compressed debug sections). */
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

export interface Segment {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
}

export interface ElfSymbol {
  name: string;
  /** The symbol's virtual address (st_value). */
  addr: number;
  size: number;
  /** STT_* of the symbol. */
  type: number;
}

/** One USDT probe from `.note.stapsdt` (systemtap's SDT v3 note layout). */
export interface UsdtNote {
  provider: string;
  name: string;
  /** Virtual address of the probe's nop, as the file is now (moved with `.stapsdt.base`, see below). */
  pc: number;
  /** The `.stapsdt.base` address the note recorded when it was linked. */
  base: number;
  /** Virtual address of the semaphore (a u16 counter), moved like pc; 0 when there is none. */
  semaphore: number;
  /** Argument specs as written by the assembler, e.g. `-4@%edi 8@-8(%rbp)`. */
  args: string;
}

export class ElfFile {
  readonly type: number;
  readonly sections: Section[];
  readonly segments: Segment[];
  private funcs?: ElfSymbol[];
  private byName?: Map<string, ElfSymbol>;
  private notes?: UsdtNote[];
  private allByName?: Map<string, ElfSymbol>;

  /**
   * `path` as the user wrote it; `file` the file on disk and `base` where the ELF image starts in
   * it (not 0 for a member of a zip archive, `app.zip!/lib.so`). Offsets this class returns are
   * from the image's start: a uprobe's file offset is `base` plus one.
   */
  private constructor(readonly path: string, private readonly fd: number, readonly fileSize: number, readonly file: string = path, readonly base = 0) {
    const h = this.read(0, 64);
    if (h.length < 64 || h.readUInt32BE(0) !== 0x7f454c46) throw new ElfError(`${path} is not an ELF file`);
    if (h[4] !== 2 || h[5] !== 1) throw new ElfError(`${path}: only 64-bit little-endian ELF files are supported`);
    this.type = h.readUInt16LE(16);
    const phoff = num(h, 32), shoff = num(h, 40);
    const phentsize = h.readUInt16LE(54), phnum = h.readUInt16LE(56);
    const shentsize = h.readUInt16LE(58), shnum = h.readUInt16LE(60), shstrndx = h.readUInt16LE(62);

    this.segments = [];
    const ph = this.read(phoff, phentsize * phnum);
    for (let i = 0; i < phnum; i++) {
      const o = i * phentsize;
      this.segments.push({
        type: ph.readUInt32LE(o), flags: ph.readUInt32LE(o + 4), offset: num(ph, o + 8),
        vaddr: num(ph, o + 16), filesz: num(ph, o + 32), memsz: num(ph, o + 40),
      });
    }

    const raw: (Section & { nameOff: number })[] = [];
    const sh = shoff > 0 ? this.read(shoff, shentsize * shnum) : Buffer.alloc(0);
    for (let i = 0; i < (shoff > 0 ? shnum : 0); i++) {
      const o = i * shentsize;
      raw.push({
        nameOff: sh.readUInt32LE(o), name: "", type: sh.readUInt32LE(o + 4), flags: num(sh, o + 8), addr: num(sh, o + 16),
        offset: num(sh, o + 24), size: num(sh, o + 32), link: sh.readUInt32LE(o + 40), entsize: num(sh, o + 56),
      });
    }
    const strtab = raw[shstrndx];
    const names = strtab ? this.read(strtab.offset, strtab.size) : Buffer.alloc(0);
    this.sections = raw.map(({ nameOff, ...s }) => ({ ...s, name: cstr(names, nameOff) }));
  }

  static open(path: string): ElfFile {
    const inArchive = existsSync(path) ? undefined : splitArchivePath(path);
    const member = inArchive && findStoredMember(inArchive.archive, inArchive.member);
    if (inArchive && !member) throw new ElfError(`could not open ${path}: no such uncompressed member`);
    const file = inArchive ? inArchive.archive : path;
    let fd: number;
    try {
      fd = openSync(file, "r");
    } catch (e) {
      throw new ElfError(`could not open ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      return member ? new ElfFile(path, fd, member.size, file, member.offset) : new ElfFile(path, fd, fstatSync(fd).size);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Position-independent: a PIE executable or a shared library (ET_DYN), loaded at a random base. */
  get isPie(): boolean {
    return this.type === ET_DYN;
  }

  /** Whether the file has a program interpreter (an executable rather than a plain library). */
  get hasInterp(): boolean {
    return this.segments.some((s) => s.type === PT_INTERP);
  }

  section(name: string): Section | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** The file offset where the byte at virtual address `vaddr` lives (what the uprobe PMU wants). */
  vaddrToOffset(vaddr: number): number | undefined {
    for (const s of this.segments) {
      if (s.type === PT_LOAD && vaddr >= s.vaddr && vaddr < s.vaddr + s.filesz) return vaddr - s.vaddr + s.offset;
    }
    return undefined;
  }

  /** The virtual address of file offset `offset` (for symbolizing a mapped address). */
  offsetToVaddr(offset: number): number | undefined {
    for (const s of this.segments) {
      if (s.type === PT_LOAD && offset >= s.offset && offset < s.offset + s.filesz) return offset - s.offset + s.vaddr;
    }
    return undefined;
  }

  /**
   * Defined function symbols (STT_FUNC and GNU ifuncs) of `.symtab` and `.dynsym`, one per name,
   * sorted by address. A stripped binary still has its exported `.dynsym` functions.
   */
  functions(): readonly ElfSymbol[] {
    if (!this.funcs) {
      const byName = new Map<string, ElfSymbol>();
      for (const type of [SHT_SYMTAB, SHT_DYNSYM]) {
        for (const s of this.sections.filter((x) => x.type === type)) {
          for (const sym of this.readSymbols(s)) if (!byName.has(sym.name)) byName.set(sym.name, sym);
        }
      }
      this.byName = byName;
      this.funcs = [...byName.values()].sort((a, b) => a.addr - b.addr || a.name.localeCompare(b.name));
    }
    return this.funcs;
  }

  findFunction(name: string): ElfSymbol | undefined {
    this.functions();
    return this.byName!.get(name) ?? this.byName!.get(stripVersion(name));
  }

  /** The function containing `vaddr`, with the offset into it; sizeless symbols extend to the next one. */
  symbolize(vaddr: number): { sym: ElfSymbol; offset: number } | undefined {
    const f = this.functions();
    let lo = 0, hi = f.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (f[mid]!.addr <= vaddr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Several symbols may share an address; prefer one whose size covers vaddr.
    for (let i = best; i >= 0 && f[i]!.addr === f[best]!.addr; i--) {
      const s = f[i]!;
      const next = f.slice(best + 1).find((n) => n.addr > s.addr);
      if (s.size > 0 ? vaddr < s.addr + s.size : next === undefined || vaddr < next.addr) {
        return { sym: s, offset: vaddr - s.addr };
      }
    }
    return undefined;
  }

  /** The probes of `.note.stapsdt` (USDT). */
  usdtNotes(): readonly UsdtNote[] {
    if (this.notes) return this.notes;
    this.notes = [];
    const sec = this.sections.find((s) => s.name === ".note.stapsdt" && s.type === SHT_NOTE);
    if (!sec) return this.notes;
    const actualBase = this.section(".stapsdt.base")?.addr;
    const b = this.read(sec.offset, sec.size);
    for (let o = 0; o + 12 <= b.length; ) {
      const namesz = b.readUInt32LE(o), descsz = b.readUInt32LE(o + 4), type = b.readUInt32LE(o + 8);
      const nameAt = o + 12;
      const descAt = nameAt + align4(namesz);
      o = descAt + align4(descsz);
      // NT_STAPSDT (3), owner "stapsdt": three addresses, then provider, name and args strings.
      if (type !== 3 || cstr(b, nameAt) !== "stapsdt" || descsz < 24) continue;
      const desc = b.subarray(descAt, descAt + descsz);
      const provider = cstr(desc, 24);
      const name = cstr(desc, 24 + Buffer.byteLength(provider) + 1);
      const args = cstr(desc, 24 + Buffer.byteLength(provider) + Buffer.byteLength(name) + 2);
      const pc = num(desc, 0), base = num(desc, 8), semaphore = num(desc, 16);
      // prelink (and other post-link relocation) moves the code but not the notes: the notes say
      // where .stapsdt.base was at link time, the section header says where it is now, and every
      // address of the note moves by the difference.
      const delta = actualBase !== undefined && base !== 0 ? actualBase - base : 0;
      this.notes.push({ provider, name, pc: pc + delta, base, semaphore: semaphore === 0 ? 0 : semaphore + delta, args });
    }
    return this.notes;
  }

  /**
   * A defined symbol of any kind (functions and data objects) by name, from `.symtab` or `.dynsym`:
   * USDT arguments may name a global (`8@counter(%rip)`).
   */
  findSymbol(name: string): ElfSymbol | undefined {
    if (!this.allByName) {
      this.allByName = new Map();
      for (const type of [SHT_SYMTAB, SHT_DYNSYM]) {
        for (const s of this.sections.filter((x) => x.type === type)) {
          for (const sym of this.readSymbols(s, true)) if (!this.allByName.has(sym.name)) this.allByName.set(sym.name, sym);
        }
      }
    }
    return this.allByName.get(name);
  }

  /** Bytes at a file offset (fewer at the end of the file). */
  read(offset: number, length: number): Buffer {
    const len = Math.max(0, Math.min(length, this.fileSize - offset));
    const buf = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, buf, got, len - got, this.base + offset + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  }

  private readSymbols(s: Section, anyType = false): ElfSymbol[] {
    const strs = this.sections[s.link];
    if (!strs || s.entsize < 24) return [];
    const data = this.read(s.offset, s.size);
    const names = this.read(strs.offset, strs.size);
    const out: ElfSymbol[] = [];
    for (let o = 0; o + 24 <= data.length; o += s.entsize) {
      const type = data[o + 4]! & 0xf;
      const shndx = data.readUInt16LE(o + 6);
      if ((!anyType && type !== STT_FUNC && type !== STT_GNU_IFUNC) || shndx === SHN_UNDEF) continue;
      const addr = num(data, o + 8);
      if (addr === 0 || (anyType && shndx >= SHN_LORESERVE)) continue;
      const name = stripVersion(cstr(names, data.readUInt32LE(o)));
      if (name) out.push({ name, addr, size: num(data, o + 16), type });
    }
    return out;
  }
}

function num(b: Buffer, o: number): number {
  return Number(b.readBigUInt64LE(o));
}

function cstr(b: Buffer, o: number): string {
  if (o >= b.length) return "";
  const end = b.indexOf(0, o);
  return b.toString("utf8", o, end < 0 ? b.length : end);
}

const align4 = (n: number) => (n + 3) & ~3;

/** `memcpy@@GLIBC_2.14` → `memcpy`: the name users write. */
function stripVersion(name: string): string {
  const at = name.indexOf("@");
  return at < 0 ? name : name.slice(0, at);
}

/** Open ELF files by path, kept for the life of the process (symbolizing reuses them); a file
 * replaced on disk (other inode or mtime) is opened again. */
const cache = new Map<string, { id: string; elf: ElfFile }>();
/**
 * The same files by identity (device, inode, mtime): `/proc/PID/root/usr/bin/node` is one path
 * per process, and reading a big binary's symbols again for each new process made usym() of many
 * short-lived processes take seconds.
 */
const byIdentity = new Map<string, ElfFile>();

export function openElfCached(path: string): ElfFile {
  let st;
  try {
    st = statSync(existsSync(path) ? path : splitArchivePath(path)?.archive ?? path);
  } catch (e) {
    throw new ElfError(`could not open ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const id = `${st.dev}:${st.ino}:${st.mtimeMs}`;
  const hit = cache.get(path);
  if (hit?.id === id) return hit.elf;
  let elf = byIdentity.get(id);
  if (!elf) {
    elf = ElfFile.open(path);
    byIdentity.set(id, elf);
  }
  cache.set(path, { id, elf });
  return elf;
}

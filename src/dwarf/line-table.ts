/**
 * `.debug_line`: which source file and line an instruction address belongs to (DWARF 2–5 line
 * programs), for `ustack` frames (`func+off@/src/prog.c:42`) and source-line probes.
 *
 * Cost model: nothing is read until the first lookup in a binary; then every line program of the
 * file is run once into sorted sequences of rows (an address → file, line table), which every
 * later lookup binary-searches. The compile units' DW_AT_comp_dir (relative file names are relative
 * to it) come from the unit DIEs of `.debug_info` (the root DIE of each unit only).
 *
 * API: `lineTable(binaryPath)` → `LineTable | undefined` (no DWARF line info); `table.lookup(vaddr)`
 * → `{ path, line }` or undefined; `table.addresses(file, line)` → the addresses where statements of
 * that line start (file matched by its full path or its trailing components).
 */
import path from "node:path";
import { DwarfCursor, DwarfError, readForm } from "./cursor.js";
import type { UnitEncoding } from "./cursor.js";
import { DW_UT } from "./constants.js";
import { dwarfInfo } from "./info.js";

export interface SourceLine {
  /** The source file's path: absolute when the compiler recorded its directories. */
  path: string;
  line: number;
}

interface Row {
  address: number;
  file: number;
  line: number;
  isStmt: boolean;
}

/** One contiguous run of addresses from a line program: rows sorted by address, `end` exclusive. */
interface Sequence {
  start: number;
  end: number;
  rows: Row[];
  /** File index → full path, for the program the sequence came from. */
  files: readonly string[];
}

const DW_AT_stmt_list = 0x10, DW_AT_comp_dir = 0x1b, DW_AT_name = 0x03;
const DW_LNS = { copy: 1, advance_pc: 2, advance_line: 3, set_file: 4, set_column: 5, negate_stmt: 6, set_basic_block: 7, const_add_pc: 8, fixed_advance_pc: 9, set_prologue_end: 10, set_epilogue_begin: 11, set_isa: 12 };
const DW_LNE = { end_sequence: 1, set_address: 2, define_file: 3, set_discriminator: 4 };
const DW_LNCT = { path: 1, directory_index: 2 };

export class LineTable {
  private constructor(
    private readonly sequences: Sequence[],
    /** Each line program's file table (index → full path), by its `.debug_line` offset. */
    private readonly fileTables: ReadonlyMap<number, readonly string[]>,
  ) {}

  /** The file table of the line program at `stmtList` (a unit's DW_AT_stmt_list): DW_AT_call_file indexes it. */
  filesOf(stmtList: number): readonly string[] | undefined {
    return this.fileTables.get(stmtList);
  }

  /** Every line program of `.debug_line`, run into sequences (see the cost model above). */
  static read(debugLine: Buffer, units: readonly { stmtList: number; compDir: string }[], enc: Pick<UnitEncoding, "strings">): LineTable {
    const sequences: Sequence[] = [];
    const fileTables = new Map<number, readonly string[]>();
    for (const u of units) {
      if (fileTables.has(u.stmtList) || u.stmtList >= debugLine.length) continue;
      fileTables.set(u.stmtList, runProgram(debugLine, u.stmtList, u.compDir, enc, sequences));
    }
    // Code the linker discarded keeps sequences at address 0: they would shadow nothing real.
    const real = sequences.filter((s) => s.start !== 0 && s.rows.length > 0);
    real.sort((a, b) => a.start - b.start);
    return new LineTable(real, fileTables);
  }

  /** The source line of the instruction at `vaddr` (the file's own virtual address). */
  lookup(vaddr: number): SourceLine | undefined {
    const seq = this.sequenceAt(vaddr);
    if (!seq) return undefined;
    const rows = seq.rows;
    let lo = 0, hi = rows.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid]!.address <= vaddr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return undefined;
    const row = rows[best]!;
    const file = seq.files[row.file];
    return file === undefined ? undefined : { path: file, line: row.line };
  }

  /**
   * The addresses where line `line` of `file` begins a statement, one per sequence run of that
   * line (a line the compiler spread over several places gives several), lowest first.
   */
  addresses(file: string, line: number): number[] {
    const out = new Set<number>();
    for (const seq of this.sequences) {
      let prevMatched = false;
      for (const r of seq.rows) {
        const matched = r.line === line && r.isStmt && sameFile(seq.files[r.file], file);
        if (matched && !prevMatched && r.address < seq.end) out.add(r.address);
        prevMatched = r.line === line && sameFile(seq.files[r.file], file);
      }
    }
    return [...out].sort((a, b) => a - b);
  }

  private sequenceAt(vaddr: number): Sequence | undefined {
    const s = this.sequences;
    let lo = 0, hi = s.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]!.start <= vaddr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Sequences may nest oddly in hand-made DWARF; look back a little for one that covers vaddr.
    for (let i = best; i >= 0 && i > best - 4; i--) if (vaddr < s[i]!.end) return s[i];
    return undefined;
  }
}

/** `src.c` matches `/a/b/src.c`; `b/src.c` matches too: a file named by its trailing components. */
function sameFile(full: string | undefined, wanted: string): boolean {
  if (full === undefined) return false;
  if (full === wanted) return true;
  const norm = path.normalize(full);
  return norm === path.normalize(wanted) || norm.endsWith(`/${path.normalize(wanted).replace(/^\.\//, "")}`);
}

/** Runs the line program at `offset`, appending its sequences; returns its file table. */
function runProgram(buf: Buffer, offset: number, compDir: string, enc: Pick<UnitEncoding, "strings">, out: Sequence[]): string[] {
  const c = new DwarfCursor(buf, offset);
  const { offsetSize, end } = c.unitLength();
  const version = c.u16();
  if (version < 2 || version > 5) throw new DwarfError(`unsupported .debug_line version ${version} at offset ${offset}`);
  let addressSize = 8;
  if (version >= 5) {
    addressSize = c.u8();
    c.u8(); // segment selector size
  }
  const headerLength = c.offset(offsetSize);
  const programStart = c.pos + headerLength;
  const minInst = c.u8();
  if (version >= 4) c.u8(); // maximum_operations_per_instruction: VLIW only
  const defaultIsStmt = c.u8() !== 0;
  const lineBase = c.i8();
  const lineRange = c.u8();
  const opcodeBase = c.u8();
  const argCounts = [0];
  for (let i = 1; i < opcodeBase; i++) argCounts.push(c.u8());
  const unitEnc: UnitEncoding = { version, offsetSize, addressSize, strings: enc.strings };

  const dirs: string[] = [];
  const files: string[] = [];
  const fullDir = (d: string | undefined) => (d === undefined ? compDir : path.isAbsolute(d) ? d : path.join(compDir, d));
  if (version >= 5) {
    const dirEntries = readEntries(c, unitEnc);
    for (const e of dirEntries) dirs.push(fullDir(e.path));
    for (const e of readEntries(c, unitEnc)) files.push(joinFile(dirs[e.dir ?? 0] ?? compDir, e.path ?? ""));
  } else {
    dirs.push(compDir);
    for (let d = c.cstr(); d !== ""; d = c.cstr()) dirs.push(fullDir(d));
    files.push(""); // file numbers start at 1 before DWARF 5
    for (let f = c.cstr(); f !== ""; f = c.cstr()) {
      const dir = c.uleb();
      c.uleb();
      c.uleb();
      files.push(joinFile(dirs[dir] ?? compDir, f));
    }
  }

  c.pos = programStart;
  let address = 0, file = 1, line = 1, isStmt = defaultIsStmt;
  let rows: Row[] = [];
  const reset = () => {
    address = 0;
    file = 1;
    line = 1;
    isStmt = defaultIsStmt;
  };
  const emit = () => rows.push({ address, file, line, isStmt });
  while (c.pos < end) {
    const op = c.u8();
    if (op >= opcodeBase) {
      const adj = op - opcodeBase;
      address += Math.floor(adj / lineRange) * minInst;
      line += lineBase + (adj % lineRange);
      emit();
      continue;
    }
    switch (op) {
      case 0: {
        const len = c.uleb();
        const next = c.pos + len;
        const sub = len > 0 ? c.u8() : 0;
        if (sub === DW_LNE.end_sequence) {
          if (rows.length > 0) out.push({ start: rows[0]!.address, end: address, rows: settle(rows), files });
          rows = [];
          reset();
        } else if (sub === DW_LNE.set_address) {
          address = c.address(len - 1);
        } else if (sub === DW_LNE.define_file) {
          const f = c.cstr();
          const dir = c.uleb();
          files.push(joinFile(dirs[dir] ?? compDir, f));
        }
        c.pos = next;
        break;
      }
      case DW_LNS.copy:
        emit();
        break;
      case DW_LNS.advance_pc:
        address += c.uleb() * minInst;
        break;
      case DW_LNS.advance_line:
        line += c.sleb();
        break;
      case DW_LNS.set_file:
        file = c.uleb();
        break;
      case DW_LNS.negate_stmt:
        isStmt = !isStmt;
        break;
      case DW_LNS.const_add_pc:
        address += Math.floor((255 - opcodeBase) / lineRange) * minInst;
        break;
      case DW_LNS.fixed_advance_pc:
        address += c.u16();
        break;
      case DW_LNS.set_basic_block:
      case DW_LNS.set_prologue_end:
      case DW_LNS.set_epilogue_begin:
        break;
      default:
        // set_column, set_isa, and opcodes of later standards: skip their ULEB arguments.
        for (let i = 0; i < (argCounts[op] ?? 0); i++) c.uleb();
    }
  }
  return files;
}

/** Rows by address; of several rows at one address the last one wins (as addr2line reads them). */
function settle(rows: Row[]): Row[] {
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.address - b.r.address || a.i - b.i).map((x) => x.r);
  const out: Row[] = [];
  for (const r of sorted) {
    if (out.length > 0 && out[out.length - 1]!.address === r.address) out[out.length - 1] = r;
    else out.push(r);
  }
  return out;
}

/** DWARF 5 directory or file entries: the format description, then the entries. */
function readEntries(c: DwarfCursor, enc: UnitEncoding): { path?: string; dir?: number }[] {
  const formatCount = c.u8();
  const format: [number, number][] = [];
  for (let i = 0; i < formatCount; i++) format.push([c.uleb(), c.uleb()]);
  const count = c.uleb();
  const out: { path?: string; dir?: number }[] = [];
  for (let i = 0; i < count; i++) {
    const e: { path?: string; dir?: number } = {};
    for (const [type, form] of format) {
      const v = readForm(c, form, enc);
      if (type === DW_LNCT.path && typeof v === "string") e.path = v;
      else if (type === DW_LNCT.directory_index && typeof v === "number") e.dir = v;
    }
    out.push(e);
  }
  return out;
}

function joinFile(dir: string, name: string): string {
  if (path.isAbsolute(name) || dir === "") return name;
  return `${dir.replace(/\/$/, "")}/${name}`;
}

const tables = new Map<string, LineTable | null>();

/** The line table of a binary (from itself or its separate debug file); undefined without one. */
export function lineTable(binaryPath: string): LineTable | undefined {
  const known = tables.get(binaryPath);
  if (known !== undefined) return known ?? undefined;
  let table: LineTable | null = null;
  try {
    const info = dwarfInfo(binaryPath);
    const debugLine = info?.sections.section(".debug_line");
    if (info && debugLine) {
      const units: { stmtList: number; compDir: string }[] = [];
      for (const u of info.units()) {
        // A skeleton unit (split DWARF) keeps its line program in the binary.
        if (u.unitType !== DW_UT.compile && u.unitType !== DW_UT.partial && u.unitType !== DW_UT.skeleton) continue;
        const root = info.die(u.dieOffset, u);
        const stmtList = root && info.num(root, DW_AT_stmt_list);
        if (root && stmtList !== undefined) {
          const name = info.str(root, DW_AT_name);
          units.push({ stmtList, compDir: info.str(root, DW_AT_comp_dir) ?? (name ? path.dirname(name) : "") });
        }
      }
      table = LineTable.read(debugLine, units, { strings: { str: info.sections.section(".debug_str"), lineStr: info.sections.section(".debug_line_str") } });
    }
  } catch (e) {
    if (!(e instanceof DwarfError)) throw e;
  }
  tables.set(binaryPath, table);
  return table ?? undefined;
}

/**
 * Inlined functions at an address: the DW_TAG_inlined_subroutine DIEs whose code ranges hold it,
 * with where each was called from, so a stack frame in inlined code prints as bpftrace prints it:
 * `[inlined] inner@file:line`, `[inlined] outer@file:line`, then `func+off@file:line`.
 *
 * Cost model: only the compile unit whose ranges hold the address is walked, and only down the
 * children whose ranges hold it; answers are cached per address. Unit ranges are read once, from
 * the unit DIEs (DW_AT_low_pc/high_pc or DW_AT_ranges: `.debug_ranges` in DWARF 4,
 * `.debug_rnglists` in DWARF 5).
 */
import { DW_FORM, DwarfCursor, DwarfError } from "./cursor.js";
import { DW_AT, DW_TAG, DW_UT } from "./constants.js";
import { dwarfInfo } from "./info.js";
import type { Die, DwarfInfo, Unit } from "./info.js";
import { lineTable } from "./line-table.js";
import type { SourceLine } from "./line-table.js";

/** One inlined function at an address: its name and the source line in it. */
export interface InlinedFrame {
  name: string;
  source?: SourceLine;
}

/**
 * For the instruction at `vaddr`: the inlined functions it is in, innermost first, each with its own
 * line; and `caller`, the line in the real (outermost) function where the outermost one was called.
 * Undefined when the address is in no inlined code (or the file has no DWARF).
 */
export interface InlineChain {
  inlined: InlinedFrame[];
  caller?: SourceLine;
}

const DW_AT_ranges = 0x55, DW_AT_call_file = 0x58, DW_AT_call_line = 0x59, DW_AT_rnglists_base = 0x74, DW_AT_stmt_list = 0x10;
const ADDRX_FORMS = new Set<number>([DW_FORM.addrx, DW_FORM.addrx1, DW_FORM.addrx2, DW_FORM.addrx3, DW_FORM.addrx4, DW_FORM.GNU_addr_index]);
/** Tags that can hold code ranges (or, for namespaces and classes, functions that do). */
const CONTAINERS = new Set<number>([DW_TAG.subprogram, DW_TAG.inlined_subroutine, DW_TAG.lexical_block, DW_TAG.namespace, DW_TAG.structure_type, DW_TAG.class_type]);

type Range = [start: number, end: number];

class InlineIndex {
  private unitRanges?: { unit: Unit; root: Die; ranges: Range[] }[];
  private readonly answers = new Map<number, InlineChain | null>();

  constructor(private readonly binary: string, private readonly info: DwarfInfo) {}

  chain(vaddr: number): InlineChain | undefined {
    let a = this.answers.get(vaddr);
    if (a === undefined) {
      a = this.compute(vaddr) ?? null;
      this.answers.set(vaddr, a);
    }
    return a ?? undefined;
  }

  private compute(vaddr: number): InlineChain | undefined {
    const hit = this.units().find((u) => inRanges(u.ranges, vaddr));
    if (!hit) return undefined;
    const path = this.inlinedPath(this.info.children(hit.root), hit.root, vaddr, 0).filter((d) => d.tag === DW_TAG.inlined_subroutine);
    if (path.length === 0) return undefined;
    const files = this.filesOf(hit.root);
    const callSite = (d: Die): SourceLine | undefined => {
      const f = this.info.num(d, DW_AT_call_file), line = this.info.num(d, DW_AT_call_line);
      const file = f === undefined ? undefined : files?.[f];
      return file === undefined || line === undefined ? undefined : { path: file, line };
    };
    const here = lineTable(this.binary)?.lookup(vaddr);
    const inlined: InlinedFrame[] = [];
    for (let i = path.length - 1; i >= 0; i--) {
      const d = path[i]!;
      const source = i === path.length - 1 ? here : callSite(path[i + 1]!);
      inlined.push({ name: this.info.nameOf(d) ?? "??", ...(source ? { source } : {}) });
    }
    const caller = callSite(path[0]!);
    return { inlined, ...(caller ? { caller } : {}) };
  }

  /**
   * The DIEs with code that hold vaddr, outermost first, searched depth-first from `dies`:
   * namespaces and classes have no ranges of their own, so their members are searched.
   */
  private inlinedPath(dies: readonly Die[], root: Die, vaddr: number, depth: number): Die[] {
    if (depth > 64) return [];
    for (const d of dies) {
      if (!CONTAINERS.has(d.tag)) continue;
      const ranges = this.rangesOf(d, root);
      if (ranges) {
        if (inRanges(ranges, vaddr)) return [d, ...this.inlinedPath(this.info.children(d), root, vaddr, depth + 1)];
      } else if (d.tag === DW_TAG.namespace || d.tag === DW_TAG.structure_type || d.tag === DW_TAG.class_type) {
        const inside = this.inlinedPath(this.info.children(d), root, vaddr, depth + 1);
        if (inside.length > 0) return inside;
      }
    }
    return [];
  }

  private filesOf(root: Die): readonly string[] | undefined {
    const stmt = this.info.num(root, DW_AT_stmt_list);
    return stmt === undefined ? undefined : lineTable(this.binary)?.filesOf(stmt);
  }

  private units(): { unit: Unit; root: Die; ranges: Range[] }[] {
    if (this.unitRanges) return this.unitRanges;
    const out: { unit: Unit; root: Die; ranges: Range[] }[] = [];
    for (const unit of this.info.units()) {
      if (unit.unitType !== DW_UT.compile && unit.unitType !== DW_UT.partial) continue;
      const root = this.info.die(unit.dieOffset, unit);
      if (!root) continue;
      const ranges = this.rangesOf(root, root);
      if (ranges) out.push({ unit, root, ranges });
    }
    return (this.unitRanges = out);
  }

  /** A DIE's code ranges, or undefined when it has none. */
  private rangesOf(d: Die, root: Die): Range[] | undefined {
    const low = this.address(d, DW_AT.low_pc);
    const highAttr = d.attrs.get(DW_AT.high_pc);
    if (low !== undefined && highAttr && typeof highAttr.value === "number") {
      const absolute = highAttr.form === DW_FORM.addr || ADDRX_FORMS.has(highAttr.form);
      return [[low, absolute ? highAttr.value : low + highAttr.value]];
    }
    const r = d.attrs.get(DW_AT_ranges);
    if (!r || typeof r.value !== "number") return undefined;
    const base = d === root ? 0 : this.address(root, DW_AT.low_pc) ?? 0;
    return d.unit.version >= 5 ? this.rnglist(r.value, r.form, d.unit, root, base) : this.debugRanges(r.value, d.unit, base);
  }

  private address(d: Die, attr: number): number | undefined {
    const v = d.attrs.get(attr)?.value;
    return typeof v === "number" ? v : undefined;
  }

  /** DWARF 2–4 `.debug_ranges`: address pairs relative to the unit's base, (0, 0) ends them. */
  private debugRanges(offset: number, unit: Unit, base: number): Range[] {
    const buf = this.info.sections.section(".debug_ranges");
    if (!buf) return [];
    const c = new DwarfCursor(buf, offset);
    const out: Range[] = [];
    const max = unit.addressSize === 8 ? 2 ** 64 - 1 : 0xffffffff;
    while (!c.atEnd) {
      const a = c.address(unit.addressSize), b = c.address(unit.addressSize);
      if (a === 0 && b === 0) break;
      if (a >= max) base = b;
      else out.push([base + a, base + b]);
    }
    return out;
  }

  /** DWARF 5 `.debug_rnglists`: a list by section offset, or by index from DW_AT_rnglists_base. */
  private rnglist(value: number, form: number, unit: Unit, root: Die, base: number): Range[] {
    const buf = this.info.sections.section(".debug_rnglists");
    if (!buf) return [];
    let offset = value;
    if (form === DW_FORM.rnglistx) {
      const listsBase = this.address(root, DW_AT_rnglists_base) ?? (unit.offsetSize === 8 ? 20 : 12);
      offset = listsBase + new DwarfCursor(buf, listsBase + value * unit.offsetSize).offset(unit.offsetSize);
    }
    const addrx = (i: number): number => {
      const t = unit.strings.addr;
      if (!t) throw new DwarfError("DW_RLE with an address index but no .debug_addr");
      return new DwarfCursor(t, (unit.strings.addrBase ?? 0) + i * unit.addressSize).address(unit.addressSize);
    };
    const c = new DwarfCursor(buf, offset);
    const out: Range[] = [];
    for (;;) {
      const kind = c.u8();
      if (kind === 0) break;
      switch (kind) {
        case 1: base = addrx(c.uleb()); break;
        case 2: { const s = addrx(c.uleb()); out.push([s, addrx(c.uleb())]); break; }
        case 3: { const s = addrx(c.uleb()); out.push([s, s + c.uleb()]); break; }
        case 4: { const s = c.uleb(); out.push([base + s, base + c.uleb()]); break; }
        case 5: base = c.address(unit.addressSize); break;
        case 6: { const s = c.address(unit.addressSize); out.push([s, c.address(unit.addressSize)]); break; }
        case 7: { const s = c.address(unit.addressSize); out.push([s, s + c.uleb()]); break; }
        default: throw new DwarfError(`unknown range list entry kind ${kind} in .debug_rnglists`);
      }
    }
    return out;
  }
}

function inRanges(ranges: readonly Range[], vaddr: number): boolean {
  return ranges.some(([s, e]) => vaddr >= s && vaddr < e);
}

const indexes = new Map<string, InlineIndex | null>();

/** The inlined functions at `vaddr` in `binaryPath` (see InlineChain); undefined when none. */
export function inlineChain(binaryPath: string, vaddr: number): InlineChain | undefined {
  let idx = indexes.get(binaryPath);
  if (idx === undefined) {
    const info = dwarfInfo(binaryPath);
    idx = info ? new InlineIndex(binaryPath, info) : null;
    indexes.set(binaryPath, idx);
  }
  if (!idx) return undefined;
  try {
    return idx.chain(vaddr);
  } catch (e) {
    if (e instanceof DwarfError) return undefined;
    throw e;
  }
}

/**
 * `.debug_info`: units, DIEs and a lazy name index, for DWARF 4 and 5.
 *
 * Cost model: `dwarfInfo(binary)` opens nothing but the ELF headers; the unit headers are read the
 * first time a DIE is asked for; the name index (functions and named types → DIE offsets) is one
 * pass over every DIE's abbreviation, skipping attribute values it does not need, made the first
 * time a name is looked up. DIEs themselves are decoded only when asked for, one at a time.
 */
import { DW_FORM, DwarfCursor, DwarfError, fixedFormSize, readForm, skipForm } from "./cursor.js";
import type { FormValue, StringTables, UnitEncoding } from "./cursor.js";
import { DW_AT, DW_TAG, DW_UT } from "./constants.js";
import { openDebugSections } from "./sections.js";
import { splitSections } from "./split.js";
import type { DebugSections } from "./sections.js";

interface AttrSpec {
  attr: number;
  form: number;
  implicitConst: number;
}

interface Abbrev {
  tag: number;
  hasChildren: boolean;
  specs: AttrSpec[];
}

export interface Unit extends UnitEncoding {
  /** Section offset of the unit header. */
  offset: number;
  /** Offset of the unit's first DIE, and just past its last byte. */
  dieOffset: number;
  end: number;
  unitType: number;
  abbrevs: Map<number, Abbrev>;
  unitOffset: number;
  strings: StringTables;
  /** The dwo id of a skeleton or split unit (DWARF 5 header, or DW_AT_GNU_dwo_id in DWARF 4). */
  dwoId?: bigint;
  /** A type unit's signature, and the offset of the type it describes (absolute). */
  signature?: bigint;
  typeDie?: number;
}

export interface Attr {
  form: number;
  value: FormValue;
}

export interface Die {
  offset: number;
  tag: number;
  hasChildren: boolean;
  attrs: Map<number, Attr>;
  unit: Unit;
  /** Offset just past the DIE's attributes: its first child, when it has children. */
  next: number;
}

/** Names → DIE offsets: subprograms, and types a cast may name. */
interface UnitIndex {
  funcs: Map<string, number[]>;
  types: Map<string, number[]>;
  /** Subprogram definitions by their DW_AT_low_pc. */
  byAddr: Map<number, number>;
}

/** Tags whose names the index records as types (what a cast or `sizeof` may name). */
const NAMED_TYPE_TAGS = new Set<number>([
  DW_TAG.structure_type, DW_TAG.class_type, DW_TAG.union_type, DW_TAG.enumeration_type, DW_TAG.typedef, DW_TAG.base_type,
]);

export class DwarfInfo {
  private unitList?: Unit[];
  private readonly abbrevTables = new Map<number, Map<number, Abbrev>>();
  private index?: UnitIndex;
  private splits?: DwarfInfo[];
  private readonly unitIndexes = new Map<number, UnitIndex>();
  private aranges?: { start: number; end: number; cu: number }[];

  constructor(readonly sections: DebugSections, private readonly opts: { addrBase?: number } = {}) {}

  private infoData?: Buffer;
  /** Where .debug_types (DWARF 4 type units) starts in `info`, which appends it to .debug_info. */
  private typesStart = Infinity;
  private typeUnitDies?: Map<bigint, number>;

  /**
   * `.debug_info`, with `.debug_types` (DWARF 4 type units, -fdebug-types-section) appended, so that
   * one offset names a DIE of either and references inside a type unit stay unit-relative.
   */
  private get info(): Buffer {
    if (this.infoData) return this.infoData;
    const b = this.sections.section(".debug_info");
    if (!b) throw new DwarfError(`${this.sections.path} has no .debug_info`);
    const types = this.sections.section(".debug_types");
    if (!types) return (this.infoData = b);
    this.typesStart = b.length;
    return (this.infoData = Buffer.concat([b, types]));
  }

  /** Every compile/partial unit of `.debug_info`, from their headers. */
  units(): readonly Unit[] {
    if (this.unitList) return this.unitList;
    const info = this.info;
    const units: Unit[] = [];
    const c = new DwarfCursor(info);
    while (c.pos + 11 <= info.length) {
      const offset = c.pos;
      const { offsetSize, end } = c.unitLength();
      const version = c.u16();
      let unitType: number = DW_UT.compile, addressSize: number, abbrevOffset: number, dwoId: bigint | undefined;
      let signature: bigint | undefined, typeDie: number | undefined;
      if (version >= 5) {
        unitType = c.u8();
        addressSize = c.u8();
        abbrevOffset = c.offset(offsetSize);
        if (unitType === DW_UT.skeleton || unitType === DW_UT.split_compile) dwoId = c.u64big();
        else if (unitType === DW_UT.type || unitType === DW_UT.split_type) {
          signature = c.u64big();
          typeDie = offset + c.offset(offsetSize);
        }
      } else if (version >= 2) {
        abbrevOffset = c.offset(offsetSize);
        addressSize = c.u8();
        if (offset >= this.typesStart) {
          // A .debug_types unit: its header goes on with the signature and the type's offset.
          unitType = DW_UT.type;
          signature = c.u64big();
          typeDie = offset + c.offset(offsetSize);
        }
      } else {
        throw new DwarfError(`${this.sections.path}: unsupported DWARF version ${version} in the unit at offset ${offset}`);
      }
      const unit: Unit = {
        offset, dieOffset: c.pos, end, unitType, version, offsetSize, addressSize, unitOffset: offset,
        abbrevs: this.abbrevTable(abbrevOffset), strings: this.stringTables(), dwoId, signature, typeDie,
      };
      this.readUnitBases(unit);
      units.push(unit);
      c.pos = end;
    }
    return (this.unitList = units);
  }

  private stringTables(): StringTables {
    const s = this.sections;
    return { str: s.section(".debug_str"), lineStr: s.section(".debug_line_str"), strOffsets: s.section(".debug_str_offsets"), addr: s.section(".debug_addr") };
  }

  /** DW_AT_str_offsets_base / DW_AT_addr_base of the unit DIE, which strx/addrx forms need. */
  private readUnitBases(unit: Unit): void {
    const strings: StringTables = { ...unit.strings };
    // DWARF 5 without the attribute (a split unit's): the offsets start after the table's header.
    if (strings.strOffsets) strings.strOffsetsBase = unit.version >= 5 ? (unit.offsetSize === 8 ? 16 : 8) : 0;
    // A split unit indexes the skeleton's addresses, from the skeleton's base.
    if (this.opts.addrBase !== undefined) strings.addrBase = this.opts.addrBase;
    unit.strings = strings;
    const c = new DwarfCursor(this.info, unit.dieOffset);
    const code = c.uleb();
    const ab = unit.abbrevs.get(code);
    if (!ab) return;
    for (const s of ab.specs) {
      if (s.attr === DW_AT.str_offsets_base || s.attr === DW_AT.addr_base || s.attr === DW_AT.GNU_addr_base) {
        const v = readForm(c, s.form, { ...unit, strings: {} }, s.implicitConst) as number;
        if (s.attr === DW_AT.str_offsets_base) strings.strOffsetsBase = v;
        else strings.addrBase = v;
      } else if (s.attr === DW_AT.GNU_dwo_id) {
        // A 64-bit hash: read every bit (readForm's numbers stop at 2^53).
        unit.dwoId = s.form === DW_FORM.data8 ? c.u64big() : BigInt(readForm(c, s.form, unit, s.implicitConst) as number);
      } else skipForm(c, s.form, unit);
    }
  }

  private abbrevTable(offset: number): Map<number, Abbrev> {
    const known = this.abbrevTables.get(offset);
    if (known) return known;
    const data = this.sections.section(".debug_abbrev");
    if (!data) throw new DwarfError(`${this.sections.path} has .debug_info but no .debug_abbrev`);
    const table = new Map<number, Abbrev>();
    const c = new DwarfCursor(data, offset);
    for (;;) {
      const code = c.uleb();
      if (code === 0) break;
      const tag = c.uleb();
      const hasChildren = c.u8() !== 0;
      const specs: AttrSpec[] = [];
      for (;;) {
        const attr = c.uleb(), form = c.uleb();
        if (attr === 0 && form === 0) break;
        specs.push({ attr, form, implicitConst: form === DW_FORM.implicit_const ? c.sleb() : 0 });
      }
      table.set(code, { tag, hasChildren, specs });
    }
    this.abbrevTables.set(offset, table);
    return table;
  }

  /** The unit holding section offset `offset`. */
  unitAt(offset: number): Unit {
    const units = this.units();
    let lo = 0, hi = units.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = units[mid]!;
      if (offset < u.offset) hi = mid - 1;
      else if (offset >= u.end) lo = mid + 1;
      else return u;
    }
    throw new DwarfError(`${this.sections.path}: no unit holds .debug_info offset ${offset}`);
  }

  /** The DIE at `offset`, its attributes decoded; undefined for a null entry (end of siblings). */
  die(offset: number, unit = this.unitAt(offset)): Die | undefined {
    const c = new DwarfCursor(this.info, offset);
    const code = c.uleb();
    if (code === 0) return undefined;
    const ab = unit.abbrevs.get(code);
    if (!ab) throw new DwarfError(`${this.sections.path}: unknown abbreviation ${code} at .debug_info offset ${offset}`);
    const attrs = new Map<number, Attr>();
    for (const s of ab.specs) {
      const form = s.form === DW_FORM.indirect ? c.uleb() : s.form;
      attrs.set(s.attr, { form, value: readForm(c, form, unit, s.implicitConst) });
    }
    return { offset, tag: ab.tag, hasChildren: ab.hasChildren, attrs, unit, next: c.pos };
  }

  /** The direct children of `die`, in order. */
  children(die: Die): Die[] {
    if (!die.hasChildren) return [];
    const out: Die[] = [];
    let at = die.next;
    for (;;) {
      const child = this.die(at, die.unit);
      if (!child) break;
      out.push(child);
      at = this.afterSubtree(child);
    }
    return out;
  }

  /** Offset just past a DIE and all its descendants. */
  private afterSubtree(die: Die): number {
    if (!die.hasChildren) return die.next;
    const sib = die.attrs.get(DW_AT.sibling);
    if (sib && typeof sib.value === "number" && sib.form !== DW_FORM.ref_addr) return sib.value;
    return this.skipSiblings(die.next, die.unit);
  }

  /** From the first of a sibling list to just past its terminating null entry, without decoding. */
  private skipSiblings(at: number, unit: Unit): number {
    const c = new DwarfCursor(this.info, at);
    let depth = 1;
    while (depth > 0) {
      const code = c.uleb();
      if (code === 0) {
        depth--;
        continue;
      }
      const ab = unit.abbrevs.get(code);
      if (!ab) throw new DwarfError(`${this.sections.path}: unknown abbreviation ${code} at .debug_info offset ${c.pos}`);
      for (const s of ab.specs) skipForm(c, s.form, unit);
      if (ab.hasChildren) depth++;
    }
    return c.pos;
  }

  /** A string attribute, or undefined. */
  str(die: Die, attr: number): string | undefined {
    const v = die.attrs.get(attr)?.value;
    return typeof v === "string" ? v : undefined;
  }

  /** A numeric attribute (constant, flag, reference, address), or undefined. */
  num(die: Die, attr: number): number | undefined {
    const v = die.attrs.get(attr)?.value;
    return typeof v === "number" ? v : undefined;
  }

  /**
   * The DIE a reference attribute (DW_AT_type, DW_AT_specification...) points at. A type kept in a
   * type unit (-fdebug-types-section) is reached through its signature, from the reference itself
   * (DW_FORM_ref_sig8) or from the stub DIE it points at (DW_AT_signature).
   */
  ref(die: Die, attr: number): Die | undefined {
    const a = die.attrs.get(attr);
    if (a && typeof a.value === "bigint" && a.form === DW_FORM.ref_sig8) return this.typeUnitType(a.value);
    if (!a || typeof a.value !== "number" || a.form === DW_FORM.GNU_ref_alt || a.form === DW_FORM.ref_sup4 || a.form === DW_FORM.ref_sup8) return undefined;
    const target = this.die(a.value);
    const sig = target?.attrs.get(DW_AT.signature);
    return sig && typeof sig.value === "bigint" ? this.typeUnitType(sig.value) ?? target : target;
  }

  /** The type DIE of the type unit with `signature`, if this file has it. */
  private typeUnitType(signature: bigint): Die | undefined {
    if (!this.typeUnitDies) {
      this.typeUnitDies = new Map();
      for (const u of this.units()) if (u.signature !== undefined && u.typeDie !== undefined) this.typeUnitDies.set(u.signature, u.typeDie);
    }
    const at = this.typeUnitDies.get(signature);
    return at === undefined ? undefined : this.die(at);
  }

  /** A DIE's name, following DW_AT_specification / DW_AT_abstract_origin as C++ and inlining split them. */
  nameOf(die: Die): string | undefined {
    for (let d: Die | undefined = die, guard = 0; d && guard < 8; guard++) {
      const n = this.str(d, DW_AT.name);
      if (n !== undefined) return n;
      d = this.ref(d, DW_AT.specification) ?? this.ref(d, DW_AT.abstract_origin);
    }
    return undefined;
  }

  /**
   * Subprogram DIEs named `name` (by DW_AT_name or the linkage name), definitions first. With `addr`
   * (the function's address from the symbol table), only the unit `.debug_aranges` says holds it
   * is indexed, when the file has that table and the name is there: a lookup pays for one unit.
   */
  functions(name: string, addr?: number): Die[] {
    const unit = addr === undefined ? undefined : this.unitForAddress(addr);
    const offs = (unit && this.unitIndex(unit).funcs.get(name)) ?? this.names().funcs.get(name) ?? [];
    return offs.map((o) => this.die(o)!).sort((a, b) => Number(isDefinition(b)) - Number(isDefinition(a)));
  }

  /**
   * The subprogram defined at `addr` (its DW_AT_low_pc): how an alias symbol (libc's `malloc`, whose
   * definition is `__libc_malloc`) finds its function. Searches the unit .debug_aranges names, else all.
   */
  functionAt(addr: number): Die | undefined {
    const unit = this.unitForAddress(addr);
    const off = (unit && this.unitIndex(unit).byAddr.get(addr)) ?? this.names().byAddr.get(addr);
    return off === undefined ? undefined : this.die(off);
  }

  /** Type DIEs named `name` (struct/class/union/enum tags and typedefs; `kind` narrows), complete ones first.
   * Units already indexed (those of the functions looked up) are searched before all the others. */
  types(name: string, tags?: readonly number[]): Die[] {
    let offs: number[] = [];
    for (const idx of this.unitIndexes.values()) offs.push(...(idx.types.get(name) ?? []));
    const wanted = (o: number) => !tags || tags.includes(this.die(o)!.tag);
    if (!offs.some(wanted)) offs = this.names().types.get(name) ?? [];
    const dies = offs.map((o) => this.die(o)!).filter((d) => !tags || tags.includes(d.tag));
    return dies.sort((a, b) => Number(a.attrs.has(DW_AT.declaration)) - Number(b.attrs.has(DW_AT.declaration)));
  }

  /** How many units have had their names indexed (what lookups cost so far). */
  get indexedUnits(): number {
    return this.unitIndexes.size;
  }

  /** The unit whose code covers `addr`, from `.debug_aranges`; undefined without the table or a match. */
  private unitForAddress(addr: number): Unit | undefined {
    if (this.aranges === undefined) {
      this.aranges = [];
      const data = this.sections.section(".debug_aranges");
      const c = data && new DwarfCursor(data);
      while (c && c.pos + 16 <= data!.length) {
        const setStart = c.pos;
        const { offsetSize, end } = c.unitLength();
        c.u16(); // version 2
        const cu = c.offset(offsetSize);
        const addressSize = c.u8();
        c.u8(); // segment selector size
        // Tuples start at a multiple of twice the address size from the set's start.
        const align = 2 * addressSize;
        c.pos = setStart + Math.ceil((c.pos - setStart) / align) * align;
        while (c.pos + align <= end) {
          const start = c.address(addressSize), length = c.address(addressSize);
          if (start === 0 && length === 0) break;
          this.aranges.push({ start, end: start + length, cu });
        }
        c.pos = end;
      }
    }
    const hit = this.aranges.find((r) => addr >= r.start && addr < r.end);
    if (!hit) return undefined;
    try {
      return this.unitAt(hit.cu);
    } catch {
      return undefined;
    }
  }

  /** The names of one unit (see names()), indexed once. */
  private unitIndex(unit: Unit): UnitIndex {
    let idx = this.unitIndexes.get(unit.offset);
    if (!idx) {
      idx = this.indexUnit(unit);
      this.unitIndexes.set(unit.offset, idx);
    }
    return idx;
  }

  /** The name index of every unit (one pass over all DIEs). */
  private names(): UnitIndex {
    if (this.index) return this.index;
    const all: UnitIndex = { funcs: new Map(), types: new Map(), byAddr: new Map() };
    for (const unit of this.units()) {
      const idx = this.unitIndex(unit);
      for (const [a, o] of idx.byAddr) if (!all.byAddr.has(a)) all.byAddr.set(a, o);
      for (const [k, m] of [["funcs", idx.funcs], ["types", idx.types]] as const) {
        for (const [name, offs] of m) {
          const l = all[k].get(name);
          if (l) l.push(...offs);
          else all[k].set(name, [...offs]);
        }
      }
    }
    return (this.index = all);
  }

  /**
   * One unit's names: a pass over its DIEs, decoding only the names of subprograms and named types
   * (and the references of unnamed subprogram definitions, resolved after the pass).
   */
  private indexUnit(unit: Unit): UnitIndex {
    const funcs = new Map<string, number[]>(), types = new Map<string, number[]>(), byAddr = new Map<number, number>();
    const add = (m: Map<string, number[]>, name: string, off: number) => {
      const l = m.get(name);
      if (l) l.push(off);
      else m.set(name, [off]);
    };
    const unnamedDefs: { offset: number; ref: number }[] = [];
    const info = this.info;
    const skipSizes = new Map<Abbrev, number | null>();
    // Type units too: a struct kept in one is named there only.
    if (unit.unitType === DW_UT.compile || unit.unitType === DW_UT.partial || unit.unitType === DW_UT.split_compile || unit.unitType === DW_UT.type) {
      const c = new DwarfCursor(info, unit.dieOffset);
      // Depth of nesting inside a subprogram: types and functions local to one are not indexed.
      let depth = 0, inFunction = 0;
      const fnStack: boolean[] = [];
      while (c.pos < unit.end) {
        const offset = c.pos;
        const code = c.uleb();
        if (code === 0) {
          depth--;
          if (fnStack.pop()) inFunction--;
          if (depth < 0) break;
          continue;
        }
        const ab = unit.abbrevs.get(code);
        if (!ab) throw new DwarfError(`${this.sections.path}: unknown abbreviation ${code} at .debug_info offset ${offset}`);
        const wanted = inFunction === 0 && (ab.tag === DW_TAG.subprogram || NAMED_TYPE_TAGS.has(ab.tag));
        if (!wanted) {
          // Most DIEs (members, parameters, variables) have only fixed-size attributes: one step.
          let size = skipSizes.get(ab);
          if (size === undefined) {
            size = ab.specs.reduce<number | null>((sum, sp) => {
              const f = sum === null ? undefined : fixedFormSize(sp.form, unit);
              return f === undefined ? null : sum! + f;
            }, 0);
            skipSizes.set(ab, size);
          }
          if (size !== null) c.pos += size;
          else for (const sp of ab.specs) skipForm(c, sp.form, unit);
          if (ab.hasChildren) {
            depth++;
            fnStack.push(false);
          }
          continue;
        }
        let name: string | undefined, linkage: string | undefined, ref: number | undefined, lowPc: number | undefined;
        for (const s of ab.specs) {
          if (wanted && (s.attr === DW_AT.name || s.attr === DW_AT.linkage_name || s.attr === DW_AT.MIPS_linkage_name)) {
            const v = readForm(c, s.form, unit, s.implicitConst);
            if (typeof v === "string") {
              if (s.attr === DW_AT.name) name = v;
              else linkage = v;
            }
          } else if (ab.tag === DW_TAG.subprogram && s.attr === DW_AT.low_pc) {
            const v = readForm(c, s.form, unit, s.implicitConst);
            if (typeof v === "number") lowPc = v;
          } else if (wanted && ab.tag === DW_TAG.subprogram && (s.attr === DW_AT.specification || s.attr === DW_AT.abstract_origin)) {
            const v = readForm(c, s.form, unit, s.implicitConst);
            if (typeof v === "number") ref = v;
          } else skipForm(c, s.form, unit);
        }
        if (wanted) {
          const m = ab.tag === DW_TAG.subprogram ? funcs : types;
          if (name !== undefined) add(m, name, offset);
          if (linkage !== undefined && linkage !== name) add(m, linkage, offset);
          if (ab.tag === DW_TAG.subprogram && name === undefined && linkage === undefined && ref !== undefined) unnamedDefs.push({ offset, ref });
          if (lowPc !== undefined && !byAddr.has(lowPc)) byAddr.set(lowPc, offset);
        }
        if (ab.hasChildren) {
          depth++;
          const isFn = ab.tag === DW_TAG.subprogram;
          fnStack.push(isFn);
          if (isFn) inFunction++;
        }
      }
    }
    // C++ member function definitions and out-of-line copies name themselves through the DIE they refer to.
    for (const { offset, ref } of unnamedDefs) {
      const target = this.die(ref);
      if (!target) continue;
      const name = this.nameOf(target);
      const linkage = this.str(target, DW_AT.linkage_name);
      if (name !== undefined) add(funcs, name, offset);
      if (linkage !== undefined && linkage !== name) add(funcs, linkage, offset);
    }
    return { funcs, types, byAddr };
  }


  /** The split units of the skeleton units (split DWARF), each read from its .dwo or the .dwp. */
  splitUnits(binaryPath: string): DwarfInfo[] {
    if (this.splits) return this.splits;
    const out: DwarfInfo[] = [];
    for (const u of this.units()) {
      if (u.dwoId === undefined || u.unitType === DW_UT.split_compile) continue;
      const die = this.die(u.dieOffset, u);
      if (!die) continue;
      const found = splitSections(this.sections, binaryPath, {
        dwoId: u.dwoId,
        dwoName: this.str(die, DW_AT.dwo_name) ?? this.str(die, DW_AT.GNU_dwo_name),
        compDir: this.str(die, DW_AT.comp_dir),
        addrBase: u.strings.addrBase,
      });
      if (found && found.sections.section(".debug_info")) out.push(new DwarfInfo(found.sections, { addrBase: found.addrBase }));
    }
    return (this.splits = out);
  }
}

/** A subprogram with code (an address), as opposed to a declaration or an inlined-only abstract instance. */
function isDefinition(d: Die): boolean {
  return d.attrs.has(DW_AT.low_pc) && !d.attrs.has(DW_AT.declaration);
}

const infos = new Map<DebugSections, DwarfInfo>();

/** The debug info of a binary (itself or its debug file), or undefined when it has none. */
export function dwarfInfo(binaryPath: string): DwarfInfo | undefined {
  const sections = openDebugSections(binaryPath);
  if (!sections || !sections.section(".debug_info")) return undefined;
  let info = infos.get(sections);
  if (!info) infos.set(sections, (info = new DwarfInfo(sections)));
  return info;
}

/** The debug info of a binary and of its split units (split DWARF), in the order to search them. */
export function dwarfInfos(binaryPath: string): DwarfInfo[] {
  const main = dwarfInfo(binaryPath);
  return main ? [main, ...main.splitUnits(binaryPath)] : [];
}

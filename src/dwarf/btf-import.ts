/**
 * DWARF types → BTF types appended to the program's (kernelBtf(), via setProgramBtf), so the
 * semantic passes and codegen read a traced program's structs exactly as they read the kernel's or
 * the script's: no second type representation.
 *
 * Only what is asked for is converted: a function's parameter and return types, or one named type,
 * with what they refer to. Conversions are remembered per DIE for as long as the program's BTF is
 * the one this module last produced (a new compilation starts over from its own BTF).
 *
 * How DWARF maps: base types → INT (char/bool flags) or FLOAT; pointers and C++ references → PTR;
 * const/volatile/restrict → their BTF qualifiers; typedef → TYPEDEF; struct/class/union → STRUCT/
 * UNION with DW_TAG_member children (bitfields in DWARF 4's data_bit_offset or DWARF 2's bit_offset;
 * C++ base classes and static members are left out, as bpftrace leaves them); arrays → nested
 * ARRAYs, one per dimension; enums → ENUM/ENUM64; function types → an empty FUNC_PROTO.
 */
import { Btf, BTF_KIND, kernelBtf, setProgramBtf } from "../btf/btf.js";
import { BtfBuilder } from "../btf/btf-builder.js";
import type { BtfEntry } from "../btf/btf-builder.js";
import { DwarfCursor } from "./cursor.js";
import { DW_AT, DW_ATE, DW_OP_plus_uconst, DW_TAG } from "./constants.js";
import type { Die, DwarfInfo } from "./info.js";

interface Session {
  /** The BTF this module last installed; another program BTF means another compilation. */
  current: Btf;
  /** Where the script's own types start (kept across our extensions). */
  programFrom: number;
  /** Where the first imported type is. */
  importedFrom: number;
  memo: Map<DwarfInfo, Map<number, number>>;
  indexType?: number;
}

let session: Session | undefined;

/** BTF ids for DIEs, converting what is new in one batch (one Btf.extend). */
export function importDwarfTypes<T>(info: DwarfInfo, convert: (typeId: (die: Die | undefined) => number) => T): T {
  const base = kernelBtf() ?? Btf.empty();
  if (!session || session.current !== base) {
    session = { current: base, programFrom: base.programFrom, importedFrom: base.count, memo: new Map() };
  }
  const s = session;
  const out = new BtfBuilder(base);
  const conv = new Converter(info, out, s);
  const result = convert((die) => conv.typeId(die));
  if (out.size > 0) {
    const next = out.finish();
    next.programFrom = s.programFrom;
    next.importedFrom = s.importedFrom;
    setProgramBtf(next);
    s.current = next;
  }
  return result;
}

class Converter {
  private readonly memo: Map<number, number>;

  constructor(private readonly info: DwarfInfo, private readonly out: BtfBuilder, private readonly s: Session) {
    let m = s.memo.get(info);
    if (!m) s.memo.set(info, (m = new Map()));
    this.memo = m;
  }

  /** The BTF id of a type DIE (0, void, for none). */
  typeId(die: Die | undefined): number {
    if (!die) return 0;
    const known = this.memo.get(die.offset);
    if (known !== undefined) return known;
    const id = this.convert(die);
    this.memo.set(die.offset, id);
    return id;
  }

  private ref(die: Die): Die | undefined {
    return this.info.ref(die, DW_AT.type);
  }

  /** Adds an entry and remembers it for the DIE before its references are converted (recursive types). */
  private addFor(die: Die, e: BtfEntry): number {
    const id = this.out.add(e);
    this.memo.set(die.offset, id);
    return id;
  }

  private convert(die: Die): number {
    const info = this.info;
    const name = info.str(die, DW_AT.name) ?? "";
    const size = info.num(die, DW_AT.byte_size) ?? 0;
    switch (die.tag) {
      case DW_TAG.base_type: {
        const enc = info.num(die, DW_AT.encoding) ?? DW_ATE.signed;
        if (enc === DW_ATE.float) return this.addFor(die, { kind: BTF_KIND.FLOAT, name, sizeOrType: size, vlen: 0, kindFlag: false, extra: [] });
        const signed = enc === DW_ATE.signed || enc === DW_ATE.signed_char;
        const char = enc === DW_ATE.signed_char || enc === DW_ATE.unsigned_char;
        const bool = enc === DW_ATE.boolean;
        const flags = (signed ? 1 : 0) | (char ? 2 : 0) | (bool ? 4 : 0);
        return this.addFor(die, { kind: BTF_KIND.INT, name, sizeOrType: size, vlen: 0, kindFlag: false, extra: [(flags << 24) | Math.min(size * 8, 128)] });
      }
      case DW_TAG.pointer_type:
      case DW_TAG.reference_type:
      case DW_TAG.rvalue_reference_type:
        return this.refKind(die, BTF_KIND.PTR, "");
      case DW_TAG.const_type:
        return this.refKind(die, BTF_KIND.CONST, "");
      case DW_TAG.volatile_type:
        return this.refKind(die, BTF_KIND.VOLATILE, "");
      case DW_TAG.restrict_type:
        return this.refKind(die, BTF_KIND.RESTRICT, "");
      case DW_TAG.typedef:
        return this.refKind(die, BTF_KIND.TYPEDEF, name);
      case DW_TAG.atomic_type:
        return this.typeId(this.ref(die));
      case DW_TAG.structure_type:
      case DW_TAG.class_type:
      case DW_TAG.union_type:
        return this.record(die, name, size);
      case DW_TAG.array_type:
        return this.array(die);
      case DW_TAG.enumeration_type:
        return this.enumeration(die, name, size);
      case DW_TAG.subroutine_type: {
        const e: BtfEntry = { kind: BTF_KIND.FUNC_PROTO, name: "", sizeOrType: 0, vlen: 0, kindFlag: false, extra: [] };
        const id = this.addFor(die, e);
        e.sizeOrType = this.typeId(this.ref(die));
        return id;
      }
      case DW_TAG.ptr_to_member_type:
        return this.addFor(die, { kind: BTF_KIND.INT, name: "long", sizeOrType: 8, vlen: 0, kindFlag: false, extra: [(1 << 24) | 64] });
      default:
        // unspecified_type (decltype(nullptr), void in some producers) and anything else: void.
        return 0;
    }
  }

  private refKind(die: Die, kind: number, name: string): number {
    const e: BtfEntry = { kind, name, sizeOrType: 0, vlen: 0, kindFlag: false, extra: [] };
    const id = this.addFor(die, e);
    e.sizeOrType = this.typeId(this.ref(die));
    return id;
  }

  private record(die: Die, name: string, size: number): number {
    const union = die.tag === DW_TAG.union_type;
    if (die.attrs.has(DW_AT.declaration)) {
      // A declaration only: the definition may be in another unit under the same name.
      const def = name ? this.info.types(name, [die.tag]).find((d) => !d.attrs.has(DW_AT.declaration)) : undefined;
      if (def) return this.typeId(def);
      return this.addFor(die, { kind: BTF_KIND.FWD, name, sizeOrType: 0, vlen: 0, kindFlag: union, extra: [] });
    }
    const e: BtfEntry = { kind: union ? BTF_KIND.UNION : BTF_KIND.STRUCT, name, sizeOrType: size, vlen: 0, kindFlag: false, extra: [] };
    const id = this.addFor(die, e);
    const members: { name: string; type: number; bitOffset: number; bitSize: number }[] = [];
    for (const m of this.info.children(die)) {
      if (m.tag !== DW_TAG.member) continue;
      const loc = memberLocation(this.info, m);
      // C++ static data members are declarations without a place in the object.
      if (loc === undefined && (m.attrs.has(DW_AT.declaration) || m.attrs.has(DW_AT.external))) continue;
      const bitSize = this.info.num(m, DW_AT.bit_size) ?? 0;
      let bitOffset = (loc ?? 0) * 8;
      const dataBit = this.info.num(m, DW_AT.data_bit_offset);
      if (dataBit !== undefined) bitOffset = dataBit;
      else if (bitSize > 0) {
        // DWARF 2/3: DW_AT_bit_offset counts from the most significant bit of the storage unit.
        const oldBit = this.info.num(m, DW_AT.bit_offset) ?? 0;
        const unitBytes = this.info.num(m, DW_AT.byte_size) ?? byteSizeOf(this.info, this.ref(m));
        bitOffset = (loc ?? 0) * 8 + unitBytes * 8 - oldBit - bitSize;
      }
      members.push({ name: this.info.str(m, DW_AT.name) ?? "", type: this.typeId(this.ref(m)), bitOffset, bitSize });
    }
    const bitfields = members.some((m) => m.bitSize > 0);
    e.kindFlag = bitfields;
    e.vlen = members.length;
    for (const m of members) e.extra.push(this.out.str(m.name), m.type, bitfields ? ((m.bitSize << 24) | m.bitOffset) >>> 0 : m.bitOffset);
    return id;
  }

  private array(die: Die): number {
    const dims: number[] = [];
    for (const sub of this.info.children(die)) {
      if (sub.tag !== DW_TAG.subrange_type) continue;
      const count = this.info.num(sub, DW_AT.count);
      const upper = this.info.num(sub, DW_AT.upper_bound);
      dims.push(count ?? (upper !== undefined ? upper + 1 : 0));
    }
    if (dims.length === 0) dims.push(0);
    let elem = this.typeId(this.ref(die));
    const index = this.indexType();
    // int a[2][3] is an array of 2 arrays of 3: build from the innermost dimension out.
    for (let i = dims.length - 1; i >= 0; i--) {
      const e: BtfEntry = { kind: BTF_KIND.ARRAY, name: "", sizeOrType: 0, vlen: 0, kindFlag: false, extra: [elem, index, dims[i]!] };
      elem = i === 0 ? this.addFor(die, e) : this.out.add(e);
    }
    return elem;
  }

  private indexType(): number {
    this.s.indexType ??= this.out.add({ kind: BTF_KIND.INT, name: "__ARRAY_SIZE_TYPE__", sizeOrType: 4, vlen: 0, kindFlag: false, extra: [32] });
    return this.s.indexType;
  }

  private enumeration(die: Die, name: string, size: number): number {
    const values: { name: string; value: bigint }[] = [];
    for (const c of this.info.children(die)) {
      if (c.tag !== DW_TAG.enumerator) continue;
      const v = c.attrs.get(DW_AT.const_value)?.value;
      values.push({ name: this.info.str(c, DW_AT.name) ?? "", value: typeof v === "number" ? BigInt(v) : typeof v === "bigint" ? v : 0n });
    }
    const signed = values.some((v) => v.value < 0n);
    const wide = size > 4;
    const e: BtfEntry = { kind: wide ? BTF_KIND.ENUM64 : BTF_KIND.ENUM, name, sizeOrType: size || 4, vlen: values.length, kindFlag: signed, extra: [] };
    const id = this.addFor(die, e);
    for (const v of values) {
      const u = BigInt.asUintN(64, v.value);
      if (wide) e.extra.push(this.out.str(v.name), Number(u & 0xffffffffn), Number(u >> 32n));
      else e.extra.push(this.out.str(v.name), Number(u & 0xffffffffn));
    }
    return id;
  }
}

/** A member's byte offset: a constant, or DWARF 2's `DW_OP_plus_uconst N` expression. */
function memberLocation(info: DwarfInfo, m: Die): number | undefined {
  const v = m.attrs.get(DW_AT.data_member_location)?.value;
  if (typeof v === "number") return v;
  if (Buffer.isBuffer(v) && v.length > 0 && v[0] === DW_OP_plus_uconst) return new DwarfCursor(v, 1).uleb();
  return info.num(m, DW_AT.data_bit_offset) !== undefined ? 0 : undefined;
}

/** The byte size of a type DIE, through typedefs and qualifiers. */
function byteSizeOf(info: DwarfInfo, die: Die | undefined): number {
  for (let d = die, guard = 0; d && guard < 16; guard++) {
    const size = info.num(d, DW_AT.byte_size);
    if (size !== undefined) return size;
    if (d.tag === DW_TAG.pointer_type) return 8;
    d = info.ref(d, DW_AT.type);
  }
  return 0;
}

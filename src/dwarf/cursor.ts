/**
 * Reading DWARF's encodings from a byte buffer: the low layer every DWARF section parser shares.
 *
 * API (small on purpose; `.debug_info`, `.debug_line` and friends build on it):
 * - `new DwarfCursor(buf, pos?)`: a little-endian reader with a public `pos`. `u8 u16 u24 u32 u64`,
 *   `uleb() sleb()` (numbers; values beyond 2^53 lose precision, which no field we use reaches),
 *   `u64big()/ulebBig()` when every bit matters, `cstr()` (NUL-terminated UTF-8), `bytes(n)`,
 *   `skip(n)`, `atEnd`, `address(size)`, `offset(offsetSize)`.
 * - `cursor.unitLength()`: a unit's initial length, telling 32-bit DWARF (`offsetSize` 4) from 64-bit
 *   DWARF (`0xffffffff` escape, `offsetSize` 8), with the offset where the unit ends.
 * - `DW_FORM`: the attribute form codes of DWARF 2–5 and the GNU extensions compilers emit.
 * - `readForm(c, form, enc)`: one attribute value of any form, as a `FormValue` (see there): numbers
 *   for constants, addresses, offsets and references, strings resolved through the string sections in
 *   `enc.strings`, `Buffer`s for blocks and expressions. `skipForm` moves past one without decoding it
 *   (what an index pass over DIE headers does for attributes it does not want); `fixedFormSize`
 *   says when a form's size is known without reading it.
 *
 * Every read past the end throws `DwarfError`, so a truncated or corrupt section fails cleanly.
 */

export class DwarfError extends Error {}

export class DwarfCursor {
  constructor(readonly buf: Buffer, public pos = 0) {}

  get atEnd(): boolean {
    return this.pos >= this.buf.length;
  }

  private need(n: number): number {
    const at = this.pos;
    if (at + n > this.buf.length) throw new DwarfError(`DWARF data truncated: need ${n} byte(s) at offset ${at} of ${this.buf.length}`);
    this.pos = at + n;
    return at;
  }

  u8(): number {
    return this.buf[this.need(1)]!;
  }
  u16(): number {
    return this.buf.readUInt16LE(this.need(2));
  }
  u24(): number {
    const at = this.need(3);
    return this.buf[at]! | (this.buf[at + 1]! << 8) | (this.buf[at + 2]! << 16);
  }
  u32(): number {
    return this.buf.readUInt32LE(this.need(4));
  }
  u64(): number {
    return Number(this.buf.readBigUInt64LE(this.need(8)));
  }
  u64big(): bigint {
    return this.buf.readBigUInt64LE(this.need(8));
  }
  i8(): number {
    return this.buf.readInt8(this.need(1));
  }
  i16(): number {
    return this.buf.readInt16LE(this.need(2));
  }
  i32(): number {
    return this.buf.readInt32LE(this.need(4));
  }
  i64(): number {
    return Number(this.buf.readBigInt64LE(this.need(8)));
  }

  /** Unsigned LEB128 as a number (exact up to 2^53). */
  uleb(): number {
    let result = 0, mul = 1, byte: number;
    do {
      byte = this.u8();
      result += (byte & 0x7f) * mul;
      mul *= 128;
    } while (byte & 0x80);
    return result;
  }

  /** Signed LEB128 as a number (exact within ±2^53). */
  sleb(): number {
    let result = 0, mul = 1, byte: number;
    do {
      byte = this.u8();
      result += (byte & 0x7f) * mul;
      mul *= 128;
    } while (byte & 0x80);
    return byte & 0x40 ? result - mul : result;
  }

  /** Unsigned LEB128 with every bit (DW_OP_constu of a 64-bit mask, say). */
  ulebBig(): bigint {
    let result = 0n, shift = 0n, byte: number;
    do {
      byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    } while (byte & 0x80);
    return result;
  }

  /** Signed LEB128 with every bit. */
  slebBig(): bigint {
    let result = 0n, shift = 0n, byte: number;
    do {
      byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    } while (byte & 0x80);
    return byte & 0x40 ? result - (1n << shift) : result;
  }

  /** A NUL-terminated UTF-8 string (the NUL is consumed). */
  cstr(): string {
    const end = this.buf.indexOf(0, this.pos);
    if (end < 0) throw new DwarfError(`DWARF string at offset ${this.pos} is not terminated`);
    const s = this.buf.toString("utf8", this.pos, end);
    this.pos = end + 1;
    return s;
  }

  bytes(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  skip(n: number): void {
    this.need(n);
  }

  /** A target address of `size` bytes (DW_FORM_addr, address_size of the unit). */
  address(size: number): number {
    switch (size) {
      case 8: return this.u64();
      case 4: return this.u32();
      case 2: return this.u16();
      case 1: return this.u8();
    }
    throw new DwarfError(`unsupported DWARF address size ${size}`);
  }

  /** A section offset: 4 bytes in 32-bit DWARF, 8 in 64-bit DWARF. */
  offset(offsetSize: 4 | 8): number {
    return offsetSize === 8 ? this.u64() : this.u32();
  }

  /**
   * A unit's initial length (the first field of every CU, type unit, line program, aranges set...).
   * `end` is the offset just past the unit.
   */
  unitLength(): { length: number; offsetSize: 4 | 8; end: number } {
    let length = this.u32();
    let offsetSize: 4 | 8 = 4;
    if (length === 0xffffffff) {
      length = this.u64();
      offsetSize = 8;
    } else if (length >= 0xfffffff0) {
      throw new DwarfError(`reserved DWARF unit length 0x${length.toString(16)} at offset ${this.pos - 4}`);
    }
    const end = this.pos + length;
    if (end > this.buf.length) throw new DwarfError(`DWARF unit at offset ${this.pos} runs past its section`);
    return { length, offsetSize, end };
  }
}

/** Attribute forms (DWARF 5 §7.5.6, plus the GNU forms of split DWARF and dwz). */
export const DW_FORM = {
  addr: 0x01, block2: 0x03, block4: 0x04, data2: 0x05, data4: 0x06, data8: 0x07, string: 0x08,
  block: 0x09, block1: 0x0a, data1: 0x0b, flag: 0x0c, sdata: 0x0d, strp: 0x0e, udata: 0x0f,
  ref_addr: 0x10, ref1: 0x11, ref2: 0x12, ref4: 0x13, ref8: 0x14, ref_udata: 0x15, indirect: 0x16,
  sec_offset: 0x17, exprloc: 0x18, flag_present: 0x19, strx: 0x1a, addrx: 0x1b, ref_sup4: 0x1c,
  strp_sup: 0x1d, data16: 0x1e, line_strp: 0x1f, ref_sig8: 0x20, implicit_const: 0x21,
  loclistx: 0x22, rnglistx: 0x23, ref_sup8: 0x24, strx1: 0x25, strx2: 0x26, strx3: 0x27,
  strx4: 0x28, addrx1: 0x29, addrx2: 0x2a, addrx3: 0x2b, addrx4: 0x2c,
  GNU_addr_index: 0x1f01, GNU_str_index: 0x1f02, GNU_ref_alt: 0x1f20, GNU_strp_alt: 0x1f21,
} as const;

/** The string and address tables forms refer to; absent tables make such forms throw. */
export interface StringTables {
  /** `.debug_str` (DW_FORM_strp). */
  str?: Buffer;
  /** `.debug_line_str` (DW_FORM_line_strp, DWARF 5). */
  lineStr?: Buffer;
  /** `.debug_str_offsets` with the unit's DW_AT_str_offsets_base (DW_FORM_strx*). */
  strOffsets?: Buffer;
  strOffsetsBase?: number;
  /** `.debug_addr` with the unit's DW_AT_addr_base (DW_FORM_addrx*). */
  addr?: Buffer;
  addrBase?: number;
}

/** What the reader needs to know about the unit a value sits in. */
export interface UnitEncoding {
  version: number;
  offsetSize: 4 | 8;
  addressSize: number;
  /** Section offset of the unit's header: DW_FORM_ref1..ref_udata are relative to it. */
  unitOffset?: number;
  strings?: StringTables;
}

/**
 * One decoded attribute value. Which of these a form gives:
 * - number: constants (data1/2/4/8, udata, sdata, implicit_const), flags (0/1), addresses (addr,
 *   addrx*), section offsets (sec_offset), list indexes (loclistx, rnglistx), and references made
 *   absolute (ref1..ref_udata plus unitOffset, ref_addr as is; the alt/sup forms as offsets into
 *   the supplementary file). data8 constants beyond 2^53 lose precision.
 * - bigint: ref_sig8 (a type unit's signature).
 * - string: string, strp, line_strp, strx*.
 * - Buffer: block*, exprloc, data16.
 */
export type FormValue = number | bigint | string | Buffer;

/** Reads one attribute value of `form` (DW_FORM_indirect included). `implicitConst` is the value
 * DW_FORM_implicit_const keeps in the abbreviation. */
export function readForm(c: DwarfCursor, form: number, enc: UnitEncoding, implicitConst = 0): FormValue {
  const F = DW_FORM;
  switch (form) {
    case F.addr: return c.address(enc.addressSize);
    case F.data1: case F.ref1: case F.flag: case F.strx1: case F.addrx1:
    case F.data2: case F.ref2: case F.strx2: case F.addrx2:
    case F.strx3: case F.addrx3:
    case F.data4: case F.ref4: case F.strx4: case F.addrx4:
    case F.data8: case F.ref8: {
      const size = FIXED_SIZE[form]!;
      const v = size === 1 ? c.u8() : size === 2 ? c.u16() : size === 3 ? c.u24() : size === 4 ? c.u32() : c.u64();
      return resolveIndexed(form, v, enc);
    }
    case F.sdata: return c.sleb();
    case F.udata: case F.ref_udata: case F.strx: case F.addrx: case F.loclistx: case F.rnglistx:
    case F.GNU_addr_index: case F.GNU_str_index:
      return resolveIndexed(form, c.uleb(), enc);
    case F.implicit_const: return implicitConst;
    case F.flag_present: return 1;
    case F.string: return c.cstr();
    case F.strp: return stringAt(enc.strings?.str, c.offset(enc.offsetSize), ".debug_str");
    case F.line_strp: return stringAt(enc.strings?.lineStr, c.offset(enc.offsetSize), ".debug_line_str");
    case F.ref_addr:
      // DWARF 2 wrote ref_addr with the address size; later versions with the offset size.
      return enc.version <= 2 ? c.address(enc.addressSize) : c.offset(enc.offsetSize);
    case F.sec_offset: case F.strp_sup: case F.GNU_ref_alt: case F.GNU_strp_alt: return c.offset(enc.offsetSize);
    case F.ref_sup4: return c.u32();
    case F.ref_sup8: return c.u64();
    case F.ref_sig8: return c.u64big();
    case F.data16: return c.bytes(16);
    case F.block1: return c.bytes(c.u8());
    case F.block2: return c.bytes(c.u16());
    case F.block4: return c.bytes(c.u32());
    case F.block: case F.exprloc: return c.bytes(c.uleb());
    case F.indirect: return readForm(c, c.uleb(), enc, implicitConst);
  }
  throw new DwarfError(`unknown DWARF form 0x${form.toString(16)} at offset ${c.pos}`);
}

/** Moves past one attribute value without decoding strings, references or indexes. */
export function skipForm(c: DwarfCursor, form: number, enc: UnitEncoding): void {
  const size = FIXED_SIZE[form];
  if (size !== undefined) return c.skip(size);
  const F = DW_FORM;
  switch (form) {
    case F.addr: return c.skip(enc.addressSize);
    case F.implicit_const: case F.flag_present: return;
    case F.sdata: case F.udata: case F.ref_udata: case F.strx: case F.addrx: case F.loclistx:
    case F.rnglistx: case F.GNU_addr_index: case F.GNU_str_index:
      c.uleb();
      return;
    case F.string: {
      const end = c.buf.indexOf(0, c.pos);
      if (end < 0) throw new DwarfError(`DWARF string at offset ${c.pos} is not terminated`);
      c.pos = end + 1;
      return;
    }
    case F.strp: case F.line_strp: case F.sec_offset: case F.strp_sup: case F.GNU_ref_alt: case F.GNU_strp_alt:
      return c.skip(enc.offsetSize);
    case F.ref_addr: return c.skip(enc.version <= 2 ? enc.addressSize : enc.offsetSize);
    case F.block1: return c.skip(c.u8());
    case F.block2: return c.skip(c.u16());
    case F.block4: return c.skip(c.u32());
    case F.block: case F.exprloc: return c.skip(c.uleb());
    case F.indirect: return skipForm(c, c.uleb(), enc);
  }
  throw new DwarfError(`unknown DWARF form 0x${form.toString(16)} at offset ${c.pos}`);
}

/** The size of a value of `form` when it does not depend on the data (undefined for LEB128s,
 * strings and blocks): lets an index pass step over a whole DIE at once. */
export function fixedFormSize(form: number, enc: UnitEncoding): number | undefined {
  const size = FIXED_SIZE[form];
  if (size !== undefined) return size;
  const F = DW_FORM;
  switch (form) {
    case F.addr: return enc.addressSize;
    case F.implicit_const: case F.flag_present: return 0;
    case F.strp: case F.line_strp: case F.sec_offset: case F.strp_sup: case F.GNU_ref_alt: case F.GNU_strp_alt:
      return enc.offsetSize;
    case F.ref_addr: return enc.version <= 2 ? enc.addressSize : enc.offsetSize;
  }
  return undefined;
}

/** Byte size of the fixed-size forms (the ones `readForm` reads as one integer, plus a few). */
const FIXED_SIZE: Record<number, number> = {
  [DW_FORM.data1]: 1, [DW_FORM.ref1]: 1, [DW_FORM.flag]: 1, [DW_FORM.strx1]: 1, [DW_FORM.addrx1]: 1,
  [DW_FORM.data2]: 2, [DW_FORM.ref2]: 2, [DW_FORM.strx2]: 2, [DW_FORM.addrx2]: 2,
  [DW_FORM.strx3]: 3, [DW_FORM.addrx3]: 3,
  [DW_FORM.data4]: 4, [DW_FORM.ref4]: 4, [DW_FORM.strx4]: 4, [DW_FORM.addrx4]: 4, [DW_FORM.ref_sup4]: 4,
  [DW_FORM.data8]: 8, [DW_FORM.ref8]: 8, [DW_FORM.ref_sig8]: 8, [DW_FORM.ref_sup8]: 8, [DW_FORM.data16]: 16,
};

const REF_FORMS = new Set<number>([DW_FORM.ref1, DW_FORM.ref2, DW_FORM.ref4, DW_FORM.ref8, DW_FORM.ref_udata]);
const STRX_FORMS = new Set<number>([DW_FORM.strx, DW_FORM.strx1, DW_FORM.strx2, DW_FORM.strx3, DW_FORM.strx4, DW_FORM.GNU_str_index]);
const ADDRX_FORMS = new Set<number>([DW_FORM.addrx, DW_FORM.addrx1, DW_FORM.addrx2, DW_FORM.addrx3, DW_FORM.addrx4, DW_FORM.GNU_addr_index]);

/** Turns a unit-relative reference or a string/address index into what it stands for. */
function resolveIndexed(form: number, v: number, enc: UnitEncoding): FormValue {
  if (REF_FORMS.has(form)) return v + (enc.unitOffset ?? 0);
  if (STRX_FORMS.has(form)) {
    const t = enc.strings;
    if (!t?.strOffsets) throw new DwarfError("DW_FORM_strx without a .debug_str_offsets section");
    const at = (t.strOffsetsBase ?? 0) + v * enc.offsetSize;
    const c = new DwarfCursor(t.strOffsets, at);
    return stringAt(t.str, c.offset(enc.offsetSize), ".debug_str");
  }
  if (ADDRX_FORMS.has(form)) {
    const t = enc.strings;
    if (!t?.addr) throw new DwarfError("DW_FORM_addrx without a .debug_addr section");
    return new DwarfCursor(t.addr, (t.addrBase ?? 0) + v * enc.addressSize).address(enc.addressSize);
  }
  return v;
}

function stringAt(table: Buffer | undefined, offset: number, name: string): string {
  if (!table) throw new DwarfError(`DWARF string refers to ${name}, which the file does not have`);
  if (offset >= table.length) throw new DwarfError(`DWARF string offset ${offset} is past the end of ${name}`);
  const end = table.indexOf(0, offset);
  return table.toString("utf8", offset, end < 0 ? table.length : end);
}

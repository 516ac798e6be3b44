/** The DWARF byte cursor and form reader on hand-assembled bytes. */
import { describe, expect, it } from "vitest";
import { DW_FORM, DwarfCursor, DwarfError, readForm, skipForm } from "../../../src/dwarf/cursor.js";
import type { UnitEncoding } from "../../../src/dwarf/cursor.js";

const cur = (...bytes: number[]) => new DwarfCursor(Buffer.from(bytes));

/** Our own LEB128 encoder, to round-trip values the decoder must get back. */
function uleb(n: bigint): number[] {
  const out: number[] = [];
  do {
    let b = Number(n & 0x7fn);
    n >>= 7n;
    if (n !== 0n) b |= 0x80;
    out.push(b);
  } while (n !== 0n);
  return out;
}
function sleb(n: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    const done = (n === 0n && !(b & 0x40)) || (n === -1n && b & 0x40);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

describe("DwarfCursor", () => {
  it("decodes unsigned LEB128 of one to many bytes", () => {
    expect(cur(0x02).uleb()).toBe(2);
    expect(cur(0x7f).uleb()).toBe(127);
    expect(cur(0x80, 0x01).uleb()).toBe(128);
    expect(cur(0xb9, 0x64).uleb()).toBe(12857);
    for (const v of [0n, 300n, 0xffffffffn, 2n ** 40n + 5n, 2n ** 53n - 1n]) expect(cur(...uleb(v)).uleb()).toBe(Number(v));
    expect(cur(...uleb(2n ** 64n - 1n)).ulebBig()).toBe(2n ** 64n - 1n);
  });

  it("decodes signed LEB128, negative values included", () => {
    expect(cur(0x7e).sleb()).toBe(-2);
    expect(cur(0xff, 0x00).sleb()).toBe(127);
    expect(cur(0x81, 0x7f).sleb()).toBe(-127);
    expect(cur(0x80, 0x7f).sleb()).toBe(-128);
    for (const v of [0n, -1n, 63n, -64n, 64n, -65n, -(2n ** 40n), 2n ** 50n]) expect(cur(...sleb(v)).sleb()).toBe(Number(v));
    expect(cur(...sleb(-(2n ** 63n))).slebBig()).toBe(-(2n ** 63n));
  });

  it("reads fixed-size little-endian integers, strings and advances pos", () => {
    const c = cur(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x61, 0x62, 0x00, 0xff);
    expect(c.u8()).toBe(1);
    expect(c.u16()).toBe(0x0302);
    expect(c.u32()).toBe(0x07060504);
    expect(c.cstr()).toBe("ab");
    expect(c.pos).toBe(10);
    expect(c.i8()).toBe(-1);
    expect(c.atEnd).toBe(true);
  });

  it("tells 32-bit from 64-bit DWARF by the initial length", () => {
    const c32 = cur(0x04, 0, 0, 0, 1, 2, 3, 4);
    expect(c32.unitLength()).toEqual({ length: 4, offsetSize: 4, end: 8 });
    const c64 = cur(0xff, 0xff, 0xff, 0xff, 0x08, 0, 0, 0, 0, 0, 0, 0, 9, 9, 0, 0, 0, 0, 0, 0);
    expect(c64.unitLength()).toEqual({ length: 8, offsetSize: 8, end: 20 });
    expect(c64.offset(8)).toBe(0x0909);
  });

  it("throws DwarfError, not a RangeError, on truncated data", () => {
    expect(() => cur(0x80).uleb()).toThrow(DwarfError);
    expect(() => cur(1, 2).u32()).toThrow(DwarfError);
    expect(() => cur(0x61).cstr()).toThrow(DwarfError);
    expect(() => cur(0x10, 0, 0, 0).unitLength()).toThrow(/runs past its section/);
  });
});

describe("readForm / skipForm", () => {
  const str = Buffer.from("\0first\0second\0");
  const lineStr = Buffer.from("dir\0file.c\0");
  // .debug_str_offsets: an 8-byte header, then offsets 1 and 7 (base 8).
  const strOffsets = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0]);
  const addr = Buffer.alloc(8 + 16);
  addr.writeBigUInt64LE(0x401000n, 8);
  addr.writeBigUInt64LE(0x402000n, 16);
  const enc: UnitEncoding = {
    version: 5, offsetSize: 4, addressSize: 8, unitOffset: 0x100,
    strings: { str, lineStr, strOffsets, strOffsetsBase: 8, addr, addrBase: 8 },
  };

  /** [form, bytes, value]: each is read to its value and skipped to the same end. */
  const cases: [string, number, number[], unknown][] = [
    ["addr", DW_FORM.addr, [0x34, 0x12, 0, 0, 0, 0, 0, 0], 0x1234],
    ["data1", DW_FORM.data1, [0xfe], 0xfe],
    ["data2", DW_FORM.data2, [0x34, 0x12], 0x1234],
    ["data4", DW_FORM.data4, [1, 0, 0, 0x80], 0x80000001],
    ["data8", DW_FORM.data8, [1, 0, 0, 0, 1, 0, 0, 0], 2 ** 32 + 1],
    ["sdata", DW_FORM.sdata, [0x7f], -1],
    ["udata", DW_FORM.udata, [0x80, 0x01], 128],
    ["flag_present", DW_FORM.flag_present, [], 1],
    ["string", DW_FORM.string, [0x68, 0x69, 0], "hi"],
    ["strp", DW_FORM.strp, [7, 0, 0, 0], "second"],
    ["line_strp", DW_FORM.line_strp, [4, 0, 0, 0], "file.c"],
    ["strx1", DW_FORM.strx1, [1], "second"],
    ["strx", DW_FORM.strx, [0], "first"],
    ["addrx", DW_FORM.addrx, [1], 0x402000],
    ["addrx2", DW_FORM.addrx2, [0, 0], 0x401000],
    ["ref4 (unit-relative)", DW_FORM.ref4, [0x2e, 0, 0, 0], 0x12e],
    ["ref_udata", DW_FORM.ref_udata, [0x05], 0x105],
    ["ref_addr (absolute)", DW_FORM.ref_addr, [0x2e, 0, 0, 0], 0x2e],
    ["sec_offset", DW_FORM.sec_offset, [8, 0, 0, 0], 8],
    ["exprloc", DW_FORM.exprloc, [2, 0x91, 0x6c], Buffer.from([0x91, 0x6c])],
    ["block1", DW_FORM.block1, [1, 0xaa], Buffer.from([0xaa])],
    ["ref_sig8", DW_FORM.ref_sig8, [1, 2, 3, 4, 5, 6, 7, 8], 0x0807060504030201n],
    ["indirect → data2", DW_FORM.indirect, [DW_FORM.data2, 2, 1], 0x102],
  ];
  for (const [name, form, bytes, value] of cases) {
    it(`reads and skips DW_FORM_${name}`, () => {
      const input = Buffer.from([...bytes, 0xee]);
      const r = new DwarfCursor(input);
      expect(readForm(r, form, enc)).toEqual(value);
      expect(r.pos).toBe(bytes.length);
      const s = new DwarfCursor(input);
      skipForm(s, form, enc);
      expect(s.pos).toBe(bytes.length);
    });
  }

  it("gives the abbreviation's constant for DW_FORM_implicit_const and reads nothing", () => {
    const c = cur(0xee);
    expect(readForm(c, DW_FORM.implicit_const, enc, -3)).toBe(-3);
    expect(c.pos).toBe(0);
  });

  it("reads offsets with 8 bytes in 64-bit DWARF", () => {
    const c = cur(7, 0, 0, 0, 0, 0, 0, 0);
    expect(readForm(c, DW_FORM.strp, { ...enc, offsetSize: 8 })).toBe("second");
    expect(c.pos).toBe(8);
  });

  it("names the missing section when a form needs one the file lacks", () => {
    expect(() => readForm(cur(0, 0, 0, 0), DW_FORM.line_strp, { version: 5, offsetSize: 4, addressSize: 8 })).toThrow(/\.debug_line_str/);
    expect(() => readForm(cur(0x42), 0x7e, enc)).toThrow(/unknown DWARF form 0x7e/);
  });
});

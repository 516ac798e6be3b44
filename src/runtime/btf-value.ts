/**
 * Kernel structs and arrays copied whole (print(*p), `@x = p->field`) arrive as the bytes they
 * have in memory; BTF says how to read them. Layout as bpftrace prints them: a struct is a record
 * `{ .a = 1, .b = { .c = 2 } }` (members of anonymous structs and unions appear among their
 * parent's, as C reaches them), an array `[1,2,3]`, a char array a string, a pointer `0x...`
 * (current bpftrace; 0.17 printed pointers inside structs as truncated signed numbers).
 */
import type { Btf } from "../btf/btf.js";
import { BTF_KIND } from "../btf/btf.js";
import { byteSize } from "../semantic/kernel-types.js";
import type { Value } from "../plan/value.js";

/** The value of BTF type `id` whose bytes start at `off` in `buf` (`bits`: a bitfield in them). */
export function decodeBtf(btf: Btf, id: number, buf: Buffer, off: number, bits?: { offset: number; size: number }): Value {
  id = btf.resolve(id);
  if (id === 0) return { kind: "none" };
  const t = btf.type(id);
  switch (t.kind) {
    case BTF_KIND.STRUCT:
    case BTF_KIND.UNION: {
      const names: string[] = [];
      const elems: Value[] = [];
      members(btf, id, 0, names, elems, buf, off);
      return { kind: "tuple", elems, names };
    }
    case BTF_KIND.ARRAY: {
      const a = btf.array(id);
      const elemId = btf.resolve(a.elem);
      const elemSize = byteSize(btf, elemId);
      if (isChar(btf, elemId)) {
        const bytes = buf.subarray(off, off + a.length);
        const nul = bytes.indexOf(0);
        return { kind: "str", value: bytes.subarray(0, nul < 0 ? bytes.length : nul).toString("latin1") };
      }
      const elems: Value[] = [];
      for (let i = 0; i < a.length; i++) elems.push(decodeBtf(btf, elemId, buf, off + i * elemSize));
      return { kind: "tuple", elems, array: true };
    }
    case BTF_KIND.PTR:
      return { kind: "int", value: buf.readBigUInt64LE(off), signed: false, hex: true };
    case BTF_KIND.INT:
    case BTF_KIND.ENUM:
    case BTF_KIND.ENUM64: {
      const signed = t.kind === BTF_KIND.INT ? btf.intEncoding(id).signed : t.kindFlag;
      if (t.kind === BTF_KIND.INT && btf.intEncoding(id).bool && !bits) return { kind: "bool", value: buf[off] !== 0 };
      return { kind: "int", value: readInt(buf, off, t.sizeOrType, signed, bits), signed };
    }
    case BTF_KIND.FLOAT:
      // bpftrace has no floats: a float member is a value of no type (JSON null, text nothing).
      return { kind: "none" };
    default:
      // Function pointers: their raw bits as an unsigned number.
      return { kind: "int", value: readInt(buf, off, Math.min(byteSize(btf, id), 8), false), signed: false };
  }
}

function members(btf: Btf, id: number, base: number, names: string[], elems: Value[], buf: Buffer, off: number): void {
  for (const m of btf.members(id)) {
    const bitOffset = base + m.bitOffset;
    const target = btf.resolve(m.type);
    const kind = target === 0 ? 0 : btf.type(target).kind;
    if (m.name === "" && (kind === BTF_KIND.STRUCT || kind === BTF_KIND.UNION)) {
      members(btf, target, bitOffset, names, elems, buf, off);
      continue;
    }
    let bitSize = m.bitSize;
    let bitOff = bitOffset;
    // Old-style bitfields keep their width in the INT encoding instead of the member.
    if (bitSize === 0 && kind === BTF_KIND.INT) {
      const enc = btf.intEncoding(target);
      if (enc.bits !== btf.type(target).sizeOrType * 8 || enc.offset !== 0) {
        bitSize = enc.bits;
        bitOff += enc.offset;
      }
    }
    names.push(m.name);
    if (bitSize !== 0 || bitOff % 8 !== 0) {
      const first = Math.floor(bitOff / 8);
      elems.push(decodeBtf(btf, m.type, buf, off + first, { offset: bitOff % 8, size: bitSize }));
    } else elems.push(decodeBtf(btf, m.type, buf, off + bitOff / 8));
  }
}

/** A little-endian integer of `size` bytes, or a bitfield of it (unsigned, as C reads it). */
function readInt(buf: Buffer, off: number, size: number, signed: boolean, bits?: { offset: number; size: number }): bigint {
  let v = 0n;
  const n = bits ? Math.ceil((bits.offset + bits.size) / 8) : size;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[off + i] ?? 0);
  if (bits) return (v >> BigInt(bits.offset)) & ((1n << BigInt(bits.size)) - 1n);
  return signed ? BigInt.asIntN(size * 8, v) : v;
}

function isChar(btf: Btf, id: number): boolean {
  const t = btf.type(id);
  return t.kind === BTF_KIND.INT && t.sizeOrType === 1 && (btf.intEncoding(id).char || /char/.test(t.name));
}

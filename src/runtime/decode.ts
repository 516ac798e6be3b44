/**
 * Kernel bytes (record fields, map keys and values) → Values, following the types the compiler
 * gave them. A value's type decides how its bytes are read, so there is no per-builtin decoding
 * here; what a record means is its type's (plan/records.ts).
 */
import type { Type } from "../semantic/types.js";
import { storageSize, tupleOffsets } from "../semantic/types.js";
import type { Value } from "../plan/value.js";
import { renderValue } from "./output/render.js";
import { kernelBtf } from "../btf/btf.js";
import { decodeBtf } from "./btf-value.js";
import { buildIdStackValue, kernelSymbol, stackValue, userSymbol } from "./symbols.js";
import type { StackSource } from "./symbols.js";

/** What a truncated string ends with when printed (config str_trunc_trailer). One per process:
 * a program's config sets it before its records are read. */
let stringTrailer = "..";

export function setStringTrailer(trailer: string): void {
  stringTrailer = trailer;
}

/** Reads a value of type `t` at `off` in `buf`; stacks need the session's stack maps (`stacks`). */
export function decodeValue(t: Type, buf: Buffer, off: number, stacks?: StackSource): Value {
  switch (t.kind) {
    case "stack": {
      // The id is an s32; bits 32..39 may hold the frame count len() reads (builtins/symbols.ts).
      const id = buf.readInt32LE(off);
      const pid = t.user ? Number(buf.readBigUInt64LE(off + 8)) : 0;
      // A negative id is bpf_get_stackid's error (no kernel stack in user mode, ...): bpftrace
      // prints such a stack as nothing at all, not even the leading newline.
      if (t.mode === "build_id") {
        const frames = id >= 0 ? stacks?.buildIdFrames?.(t.limit, id) : undefined;
        return frames ? buildIdStackValue(frames) : { kind: "str", value: "" };
      }
      const frames = id >= 0 ? stacks?.stackFrames(t.limit, id) : undefined;
      return frames ? stackValue(frames, t.mode, t.user, pid) : { kind: "str", value: "" };
    }
    case "sym": {
      const addr = buf.readBigUInt64LE(off);
      const name = t.user ? userSymbol(Number(buf.readBigUInt64LE(off + 8)), addr, false) : kernelSymbol(addr, false);
      return { kind: "str", value: name };
    }
    case "int": {
      const raw = buf.readBigUInt64LE(off);
      const value = t.signed ? BigInt.asIntN(t.bits, raw) : BigInt.asUintN(t.bits, raw);
      const symbol = t.enumId === undefined ? undefined : enumeratorName(t.enumId, value);
      return { kind: "int", value, signed: t.signed, ...(symbol !== undefined ? { symbol } : {}) };
    }
    case "bool":
      return { kind: "bool", value: buf.readBigUInt64LE(off) !== 0n };
    case "ptr":
      // Current bpftrace prints addresses as 0x... (map values, print(), tuples).
      return { kind: "int", value: buf.readBigUInt64LE(off), signed: false, hex: true };
    case "str": {
      const bytes = buf.subarray(off, off + t.size);
      const nul = bytes.indexOf(0);
      // A string that fills its buffer without a NUL was cut short (see str()): bpftrace marks it.
      // A C char array that does is whole.
      if (nul < 0) return { kind: "str", value: bytes.toString("latin1") + (t.charArray ? "" : stringTrailer) };
      return { kind: "str", value: bytes.subarray(0, nul).toString("latin1") };
    }
    case "buf": {
      const len = Math.min(Number(buf.readBigUInt64LE(off)), t.size);
      return { kind: "buf", bytes: Uint8Array.from(buf.subarray(off + 8, off + 8 + len)) };
    }
    case "rendered":
      return { kind: "str", value: renderValue(t.as, t.fmt, buf, off) };
    case "tuple": {
      const offs = tupleOffsets(t);
      const elems = t.elems.map((e, i) => decodeValue(e, buf, off + offs[i]!, stacks));
      return { kind: "tuple", elems, names: t.names };
    }
    case "array":
    case "struct": {
      if (t.kind === "array" && t.btf === undefined) return decodeArray(t, buf, off);
      const btf = kernelBtf();
      // A type of an earlier program's C (a REPL input) may no longer be among the current types.
      return btf && t.btf !== undefined && t.btf < btf.count ? decodeBtf(btf, t.btf, buf, off) : { kind: "none" };
    }
    case "agg":
    case "args":
    case "none":
      return { kind: "none" };
  }
}

/** An array made by a cast (`(int8[4])x`): `length` elements of `elemSize` bytes, printed `[1,2]`. */
function decodeArray(t: Type & { kind: "array" }, buf: Buffer, off: number): Value {
  const elems: Value[] = [];
  for (let i = 0; i < t.length; i++) {
    const at = off + i * t.elemSize;
    const e = t.elem;
    if (e.kind === "int") {
      const v = t.elemSize >= 8 ? buf.readBigUInt64LE(at) : BigInt(buf.readUIntLE(at, t.elemSize));
      elems.push({ kind: "int", value: e.signed ? BigInt.asIntN(e.bits, v) : v, signed: e.signed });
    } else if (e.kind === "bool") elems.push({ kind: "bool", value: buf[at] !== 0 });
    else elems.push(decodeValue(e, buf, at));
  }
  return { kind: "tuple", elems, array: true };
}

const enumerators = new Map<number, Map<bigint, string>>();

/** The name of `value` in enum type `id`, or undefined (bpftrace then prints the number). */
function enumeratorName(id: number, value: bigint): string | undefined {
  const btf = kernelBtf();
  if (!btf) return undefined;
  let names = enumerators.get(id);
  // Keyed by id within one program's types; a later program's types may reuse an id.
  if (!names || (names as Map<bigint, string> & { btf?: unknown }).btf !== btf) {
    names = new Map();
    try {
      for (const v of btf.enumValues(id)) {
        if (!names.has(v.value)) names.set(v.value, v.name);
        // Compare as the stored width sees it: a 32-bit enum of -1 is read back as 0xffffffff or -1.
        if (!names.has(BigInt.asUintN(32, v.value))) names.set(BigInt.asUintN(32, v.value), v.name);
      }
    } catch {
      // not an enum id in these types
    }
    (names as Map<bigint, string> & { btf?: unknown }).btf = btf;
    enumerators.set(id, names);
  }
  return names.get(value);
}

/** Reads consecutive values of `types` (a map key) starting at `off`. */
export function decodeValues(types: readonly Type[], buf: Buffer, off = 0, stacks?: StackSource): Value[] {
  const out: Value[] = [];
  for (const t of types) {
    out.push(decodeValue(t, buf, off, stacks));
    off += storageSize(t);
  }
  return out;
}

/**
 * Ring-buffer records and map bytes → Values, following the types the compiler gave them.
 * A value's type decides how its bytes are read, so there is no per-builtin decoding here.
 */
import type { RecordLayout } from "../plan/records.js";
import type { Type } from "../semantic/types.js";
import { storageSize, tupleOffsets } from "../semantic/types.js";
import { parseFormat } from "../util/format-string.js";
import { formatPrintf } from "./output/printf.js";
import type { ParsedFormat } from "../util/format-string.js";
import type { Value } from "./output/value.js";
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
      const id = Number(buf.readBigInt64LE(off));
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
      if (nul < 0) return { kind: "str", value: bytes.toString("latin1") + stringTrailer };
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

export type RecordAction =
  | { kind: "text"; text: string; type?: DataKind }
  | { kind: "value"; value: Value }
  | { kind: "print_map"; map: string; top: number; div: number; clear: boolean }
  | { kind: "clear_map" | "zero_map"; map: string }
  | { kind: "exit"; code: number }
  /** time(fmt): the wall-clock time when user space handles the record. */
  | { kind: "time"; format: string }
  | { kind: "system" | "cat"; text: string }
  /** errorf/warnf, or (`helper`) a failed helper call that -k reports. */
  | { kind: "diagnostic"; severity: "error" | "warning"; message: string; layout: RecordLayout; helper?: { name: string; msg: string; retcode: number } }

  | { kind: "ignore" };

/** What made a piece of text output, which -f json names in its `type`. */
export type DataKind = "printf" | "time" | "cat" | "syscall" | "join";

import { fromByteString, toByteString } from "../util/byte-strings.js";

const parsedFormats = new WeakMap<RecordLayout, ParsedFormat>();

function formatOf(layout: { format: string } & RecordLayout): ParsedFormat {
  let f = parsedFormats.get(layout);
  if (!f) {
    // The format's text is the source's; the values it is filled with are kernel bytes.
    const parsed = parseFormat(toByteString(layout.format));
    if ("error" in parsed) throw new Error(`internal: format checked at compile time fails: ${parsed.error}`);
    f = parsed;
    parsedFormats.set(layout, f);
  }
  return f;
}

export function decodeRecord(layout: RecordLayout, buf: Buffer, stacks?: StackSource): RecordAction {
  switch (layout.kind) {
    case "printf": {
      const args = layout.args.map((a) => decodeValue(a.type, buf, a.offset, stacks));
      return { kind: "text", text: formatPrintf(formatOf(layout), args) };
    }
    case "system":
    case "cat":
    case "errorf":
    case "warnf": {
      const args = layout.args.map((a) => decodeValue(a.type, buf, a.offset));
      const text = formatPrintf(formatOf(layout), args);
      // A command line or a file name, for the system to read as UTF-8.
      if (layout.kind === "system" || layout.kind === "cat") return { kind: layout.kind, text: fromByteString(text) };
      const severity = layout.kind === "errorf" ? "error" : "warning";
      if (layout.kind === "warnf" && layout.helper !== undefined && args[0]?.kind === "str" && args[1]?.kind === "int") {
        return { kind: "diagnostic", severity, message: text, layout, helper: { name: layout.helper, msg: args[0].value, retcode: Number(args[1].value) } };
      }
      return { kind: "diagnostic", severity, message: text, layout };
    }
    case "time":
      return { kind: "time", format: layout.format };
    case "join": {
      const count = Number(buf.readBigUInt64LE(layout.offset));
      const parts: string[] = [];
      for (let i = 0; i < count; i++) {
        const start = layout.offset + 8 + i * layout.slot;
        const bytes = buf.subarray(start, start + layout.slot);
        const nul = bytes.indexOf(0);
        parts.push(bytes.subarray(0, nul < 0 ? bytes.length : nul).toString("latin1"));
      }
      return { kind: "text", text: parts.join(toByteString(layout.separator)) + "\n", type: "join" };
    }
    case "print":
      return { kind: "value", value: decodeValue(layout.value.type, buf, layout.value.offset, stacks) };
    case "print_map":
      return { kind: "print_map", map: layout.map, top: layout.top, div: layout.div, clear: layout.clear ?? false };
    case "clear_map":
    case "zero_map":
      return { kind: layout.kind, map: layout.map };
    case "map_full":
      return { kind: "ignore" }; // a counter slot, never sent as a record
    case "exit": {
      const code = typeof layout.code === "number" ? layout.code : Number(buf.readBigInt64LE(layout.code.offset));
      return { kind: "exit", code };
    }
  }
}

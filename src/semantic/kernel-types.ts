/**
 * Kernel types from BTF, as the language sees them: casts to `struct x *`, the type of a field, of
 * an array element or of `*p`, and where a field lies (byte offset, bitfield position), which
 * codegen asks again when it emits the read. A struct value is a place in memory whose fields are
 * read one by one with bpf_probe_read_kernel; used whole, its bytes are copied (kernel-memory.ts).
 */
import type { Btf } from "../btf/btf.js";
import { BTF_KIND, kernelBtf } from "../btf/btf.js";
import { dwarfNamedType } from "../dwarf/functions.js";
import type { IntBits, Type } from "./types.js";
import { enumType, intType, strType, u64 } from "./types.js";

/** Where a field lies in its struct and how to read it. */
export interface FieldLayout {
  type: Type;
  /** Byte offset of the first byte to read. */
  offset: number;
  /** Bytes to read (for a bitfield: the bytes that hold it). */
  size: number;
  /** Set for bitfields: the field's first bit within the bytes read, and its width. */
  bits?: { shift: number; width: number };
}

const widthOf = (bytes: number): IntBits => (bytes <= 1 ? 8 : bytes === 2 ? 16 : bytes <= 4 ? 32 : 64);

/** The language type of BTF type `id`; `user` marks pointers that point into user memory. */
export function btfToType(btf: Btf, id: number, user = false): Type {
  id = btf.resolve(id);
  if (id === 0) return intType(8, true); // void, as the target of `void *`
  const t = btf.type(id);
  switch (t.kind) {
    case BTF_KIND.INT: {
      const enc = btf.intEncoding(id);
      return intType(widthOf(t.sizeOrType), enc.signed);
    }
    case BTF_KIND.ENUM:
    case BTF_KIND.ENUM64:
      return enumType(widthOf(t.sizeOrType), t.kindFlag, id);
    case BTF_KIND.PTR:
      return { kind: "ptr", to: btfToType(btf, t.sizeOrType, user), user };
    case BTF_KIND.ARRAY: {
      const a = btf.array(id);
      const elem = btfToType(btf, a.elem, user);
      // char arrays (comm, names) read as strings, as bpftrace treats them.
      if (elem.kind === "int" && elem.bits === 8 && isCharType(btf, a.elem)) return { kind: "str", size: a.length, charArray: true };
      return { kind: "array", elem, length: a.length, elemSize: byteSize(btf, a.elem), btf: id, ...(user ? { user } : {}) };
    }
    case BTF_KIND.STRUCT:
    case BTF_KIND.UNION:
      return { kind: "struct", name: `${t.kind === BTF_KIND.STRUCT ? "struct" : "union"} ${t.name}`, btf: id, size: t.sizeOrType, ...(user ? { user } : {}) };
    case BTF_KIND.FWD: {
      // A forward declaration: the definition lives elsewhere under the same name.
      const kind = t.kindFlag ? BTF_KIND.UNION : BTF_KIND.STRUCT;
      const def = btf.find(t.name, kind)[0];
      return def === undefined ? { kind: "struct", name: `struct ${t.name}`, btf: id, size: 0 } : btfToType(btf, def, user);
    }
    default:
      return u64; // function pointers and floats: an opaque 64-bit value
  }
}

function isCharType(btf: Btf, id: number): boolean {
  const r = btf.resolve(id);
  return btf.type(r).kind === BTF_KIND.INT && (btf.intEncoding(r).char || /char/.test(btf.type(r).name));
}

/** Bytes a BTF type occupies in memory. */
export function byteSize(btf: Btf, id: number): number {
  id = btf.resolve(id);
  if (id === 0) return 1;
  const t = btf.type(id);
  switch (t.kind) {
    case BTF_KIND.PTR:
      return 8;
    case BTF_KIND.ARRAY: {
      const a = btf.array(id);
      return a.length * byteSize(btf, a.elem);
    }
    case BTF_KIND.INT: case BTF_KIND.ENUM: case BTF_KIND.ENUM64: case BTF_KIND.STRUCT: case BTF_KIND.UNION: case BTF_KIND.FLOAT:
      return t.sizeOrType;
    default:
      return 8;
  }
}

/**
 * The BTF id of `struct x` / `union x` / `enum x` as written in a cast or sizeof. The script's own
 * definition wins (bpftrace lets a script redefine a type), then the traced programs' debug info
 * (a uprobe's binary), then the kernel's full definition (a struct of size 0 is a declaration only).
 */
export function findNamedType(name: string): number | undefined {
  const m = /^(struct|union|enum) +(\w+)$/.exec(name.trim());
  if (!m) return undefined;
  const tag = m[1] as "struct" | "union" | "enum";
  const kinds = tag === "struct" ? [BTF_KIND.STRUCT] : tag === "union" ? [BTF_KIND.UNION] : [BTF_KIND.ENUM, BTF_KIND.ENUM64];
  const script = (btf: Btf) => kinds.flatMap((k) => btf.find(m[2]!, k)).find((id) => id >= btf.programFrom && id < btf.importedFrom && btf.type(id).kind !== BTF_KIND.FWD);
  const before = kernelBtf();
  const own = before && script(before);
  if (own !== undefined && own !== null) return own;
  const imported = dwarfNamedType(tag, m[2]!);
  if (imported !== undefined) return imported;
  const btf = kernelBtf();
  if (!btf) return undefined;
  for (const kind of kinds) {
    const ids = btf.find(m[2]!, kind);
    const best = ids.find((id) => btf.type(id).sizeOrType > 0) ?? ids[0];
    if (best !== undefined) return best;
  }
  return undefined;
}

/** `(struct x *)`, `(struct x **)`: a pointer type, or undefined when BTF has no such type. */
export function kernelPointerType(name: string, pointerDepth: number, user: boolean): Type | undefined {
  const id = findNamedType(name);
  if (id === undefined || pointerDepth < 1) return undefined;
  let t = btfToType(kernelBtf()!, id, user);
  for (let i = 0; i < pointerDepth; i++) t = { kind: "ptr", to: t, user };
  return t;
}

/** C's own names for integer types, as a cast or `let` may write them. */
const C_INTS: Record<string, Type> = {
  char: intType(8, true), short: intType(16, true), int: intType(32, true), long: intType(64, true),
};

/**
 * A type written with C names, as the program's C or the kernel's BTF define them: a typedef
 * (`uint64_t`, `size_t`, a script's own), `char`/`int`/`long`, `struct x` (by value, for
 * `let $w: struct W[10]`), each with pointers and an array size. Undefined when unknown.
 */
export function namedCType(name: string, pointerDepth: number, arraySize: number | undefined, user: boolean): Type | undefined {
  const btf = kernelBtf();
  // `void *` points at bytes, as BTF's void reads (btfToType).
  let t: Type | undefined = name === "void" ? (pointerDepth > 0 ? intType(8, true) : undefined) : C_INTS[name];
  let id: number | undefined;
  if (!t && btf) {
    id = /^(struct|union|enum) /.test(name) ? findNamedType(name) : undefined;
    if (id === undefined && /^\w+$/.test(name)) {
      const ids = btf.find(name, BTF_KIND.TYPEDEF);
      id = ids.find((i) => i >= btf.programFrom && i < btf.importedFrom) ?? dwarfNamedType("typedef", name) ?? ids[0];
    }
    if (id !== undefined) t = btfToType(kernelBtf()!, id, user);
  }
  if (!t) return undefined;
  for (let i = 0; i < pointerDepth; i++) t = { kind: "ptr", to: t, user };
  if (arraySize !== undefined && arraySize > 0) {
    const now = kernelBtf();
    const elemSize = pointerDepth > 0 ? 8 : id !== undefined && now ? byteSize(now, id) : memorySize(t);
    t = { kind: "array", elem: t, length: arraySize, elemSize };
  }
  return t;
}

/** `struct task_struct *`, when the kernel describes it: the type of curtask. */
export function taskStructPointer(): Type | undefined {
  return kernelPointerType("struct task_struct", 1, false);
}

/**
 * Where field `name` lies in struct type `s`, looking inside anonymous struct and union members
 * as C does; undefined when there is no such field.
 */
export function fieldLayout(s: Type & { kind: "struct" }, name: string, user: boolean): FieldLayout | undefined {
  const btf = kernelBtf();
  if (!btf) return undefined;
  const hit = findMember(btf, s.btf, name, 0);
  if (!hit) return undefined;
  let { bitOffset, bitSize } = hit;
  const target = btf.resolve(hit.type);
  // Old-style bitfields keep their width in the INT encoding instead of the member.
  if (bitSize === 0 && btf.type(target).kind === BTF_KIND.INT) {
    const enc = btf.intEncoding(target);
    if (enc.bits !== btf.type(target).sizeOrType * 8 || enc.offset !== 0) {
      bitSize = enc.bits;
      bitOffset += enc.offset;
    }
  }
  const type = btfToType(btf, hit.type, user);
  if (bitSize === 0 && bitOffset % 8 === 0) return { type, offset: bitOffset / 8, size: byteSize(btf, hit.type) };
  const shift = bitOffset % 8;
  const size = Math.ceil((shift + bitSize) / 8);
  return { type: intType(widthOf(size), false), offset: Math.floor(bitOffset / 8), size, bits: { shift, width: bitSize } };
}

function findMember(btf: Btf, id: number, name: string, base: number): { type: number; bitOffset: number; bitSize: number } | undefined {
  for (const m of btf.members(btf.resolve(id))) {
    if (m.name === name) return { type: m.type, bitOffset: base + m.bitOffset, bitSize: m.bitSize };
    if (m.name === "") {
      const inner = btf.resolve(m.type);
      const k = btf.type(inner).kind;
      if (k === BTF_KIND.STRUCT || k === BTF_KIND.UNION) {
        const hit = findMember(btf, inner, name, base + m.bitOffset);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/** Bytes of a value of type `t` in kernel memory (the width to read). */
export function memorySize(t: Type): number {
  switch (t.kind) {
    case "int":
      return t.bits / 8;
    case "bool":
      return 1;
    case "str":
      return t.size;
    case "struct":
      return t.size;
    case "array":
      return t.elemSize * t.length;
    default:
      return 8;
  }
}

/** The step of pointer arithmetic on a pointer of type `t`: the size of what it points to
 * (1 for `void *`, as GNU C steps). */
export function pointeeSize(t: Type & { kind: "ptr" }): number {
  return t.to.kind === "none" ? 1 : Math.max(memorySize(t.to), 1);
}

/** sizeof(struct x) and friends for a written type (`uint64*[2]`: an array of two pointers):
 * undefined when unknown. */
export function sizeofTypeName(name: string, pointerDepth: number, arraySize?: number): number | undefined {
  if (name === "string" && pointerDepth === 0) return arraySize;
  if (arraySize !== undefined) {
    const elem = sizeofTypeName(name, pointerDepth);
    return elem === undefined ? undefined : elem * arraySize;
  }
  if (pointerDepth > 0) return 8;
  const int = /^(u?)int(8|16|32|64)$/.exec(name);
  if (int) return Number(int[2]) / 8;
  if (name === "bool") return 1;
  const id = findNamedType(name);
  if (id !== undefined) return byteSize(kernelBtf()!, id);
  const c = namedCType(name, 0, undefined, false);
  return c ? memorySize(c) : undefined;
}

/** offsetof(struct x, a.b): the byte offset of a (nested) field, or an error message. */
export function offsetofPath(s: Type & { kind: "struct" }, path: readonly string[]): number | string {
  let offset = 0;
  let cur: Type = s;
  for (const f of path) {
    if (cur.kind !== "struct") return `'${f}' is not a field of a struct: ${cur.kind}`;
    const l = fieldLayout(cur, f, false);
    if (!l) return `Struct/union of type '${cur.name}' does not contain a field named '${f}'`;
    if (l.bits) return `offsetof() of a bitfield ('${f}') is not supported`;
    offset += l.offset;
    cur = l.type;
  }
  return offset;
}

/** One argument of a raw tracepoint, as its BTF prototype (`btf_trace_<event>`) declares it. */
export interface RawTracepointArg {
  name: string;
  type: Type;
  /** Position among the u64 arguments the kernel passes the program. */
  index: number;
}

/**
 * The arguments of raw tracepoint `event`, typed from BTF. The kernel's `__bpf_trace_<event>`
 * function takes the tracepoint's private data, then the arguments proper, with their names
 * (`btf_trace_<event>`, the type tp_btf attaches to, has the same types but no names).
 */
export function rawTracepointArgs(event: string): RawTracepointArg[] | undefined {
  const btf = kernelBtf();
  if (!btf) return undefined;
  for (const fn of [`__bpf_trace_${event}`, `__probestub_${event}`]) {
    const id = btf.find(fn, BTF_KIND.FUNC)[0];
    if (id === undefined) continue;
    const proto = btf.resolve(btf.type(id).sizeOrType);
    if (btf.type(proto).kind !== BTF_KIND.FUNC_PROTO) continue;
    return btf.members(proto).slice(1).map((p, i) => ({ name: p.name, type: btfToType(btf, p.type), index: i }));
  }
  return undefined;
}

/**
 * A reader for raw BTF (`/sys/kernel/btf/vmlinux`): the kernel's own description of its types.
 *
 * vmlinux BTF holds ~100k types in a few MB, so the reader is lazy: construction walks the type
 * section once to record where each type starts (an Int32Array), and names are indexed only when
 * the first lookup by name asks for them. Types are decoded on demand.
 */
import { readFileSync } from "node:fs";

export const BTF_KIND = {
  INT: 1, PTR: 2, ARRAY: 3, STRUCT: 4, UNION: 5, ENUM: 6, FWD: 7, TYPEDEF: 8, VOLATILE: 9,
  CONST: 10, RESTRICT: 11, FUNC: 12, FUNC_PROTO: 13, VAR: 14, DATASEC: 15, FLOAT: 16,
  DECL_TAG: 17, TYPE_TAG: 18, ENUM64: 19,
} as const;
export type BtfKind = (typeof BTF_KIND)[keyof typeof BTF_KIND];

const BTF_MAGIC = 0xeb9f;
const TYPE_HEADER = 12;

export interface BtfMember { name: string; type: number; /** bit offset, or for FUNC_PROTO params 0 */ bitOffset: number; bitSize: number }
export interface BtfEnumValue { name: string; value: bigint }

export interface BtfType {
  id: number;
  kind: BtfKind;
  name: string;
  /** size in bytes for INT/STRUCT/UNION/ENUM/FLOAT/DATASEC; the referenced type id for the others */
  sizeOrType: number;
  kindFlag: boolean;
  vlen: number;
}

/** Bytes that follow the 12-byte header of a type of `kind` with `vlen` entries. */
function trailingBytes(kind: number, vlen: number): number {
  switch (kind) {
    case BTF_KIND.INT: case BTF_KIND.VAR: case BTF_KIND.DECL_TAG: return 4;
    case BTF_KIND.ARRAY: return 12;
    case BTF_KIND.STRUCT: case BTF_KIND.UNION: case BTF_KIND.DATASEC: case BTF_KIND.ENUM64: return 12 * vlen;
    case BTF_KIND.ENUM: case BTF_KIND.FUNC_PROTO: return 8 * vlen;
    default: return 0;
  }
}

export class Btf {
  private readonly typesStart: number;
  private readonly stringsStart: number;
  private readonly stringsEnd: number;
  private readonly typesEnd: number;
  /** offsets[id] = byte offset of type `id` in `data` (id 0 is void and has none). */
  private readonly offsets: Int32Array;
  private nameIndex?: Map<string, number[]>;
  /** Names already looked up by scanFor: a wildcard probe asks for the same few types hundreds of times. */
  private readonly scanned = new Map<string, number[]>();
  /** The type section as 32-bit words (type `id` starts at word (offsets[id] - typesStart) / 4). */
  private readonly words: Uint32Array;
  /** Types from this id on were added by a program (extend()); the kernel's come before. */
  programFrom = Number.MAX_SAFE_INTEGER;
  /** Types from this id on were imported from a traced program's debug info (dwarf/btf-import.ts). */
  importedFrom = Number.MAX_SAFE_INTEGER;

  constructor(private readonly data: Buffer) {
    if (data.length < 24 || data.readUInt16LE(0) !== BTF_MAGIC) throw new Error("not raw BTF (bad magic)");
    const hdrLen = data.readUInt32LE(4);
    const typeOff = data.readUInt32LE(8), typeLen = data.readUInt32LE(12);
    const strOff = data.readUInt32LE(16), strLen = data.readUInt32LE(20);
    this.typesStart = hdrLen + typeOff;
    this.stringsStart = hdrLen + strOff;
    this.stringsEnd = this.stringsStart + strLen;
    const end = this.typesStart + typeLen;
    this.typesEnd = end;
    // Walking 100k+ headers is the start-up cost, so read words straight from the buffer (a
    // Uint32Array view when the type section is 4-byte aligned in memory, else an aligned copy).
    const at = data.byteOffset + this.typesStart;
    const words = at % 4 === 0
      ? new Uint32Array(data.buffer, at, (end - this.typesStart) >> 2)
      : new Uint32Array(data.buffer.slice(at, data.byteOffset + end));
    this.words = words;
    let offsets = new Int32Array(1 << 16);
    let n = 1;
    for (let w = 0; w < words.length; ) {
      if (n === offsets.length) {
        const grown = new Int32Array(n * 2);
        grown.set(offsets);
        offsets = grown;
      }
      offsets[n++] = this.typesStart + 4 * w;
      const info = words[w + 1]!;
      w += (TYPE_HEADER + trailingBytes((info >>> 24) & 0x1f, info & 0xffff)) >> 2;
    }
    this.offsets = offsets.slice(0, n);
  }

  /** BTF with no types: the base a program's own types extend when the kernel has none. */
  static empty(): Btf {
    const hdr = Buffer.alloc(24);
    hdr.writeUInt16LE(BTF_MAGIC, 0);
    hdr.writeUInt8(1, 2);
    hdr.writeUInt32LE(24, 4);
    hdr.writeUInt32LE(1, 20);
    return new Btf(Buffer.concat([hdr, Buffer.alloc(4)]));
  }

  /** Size of the string section: a program's strings are numbered after it. */
  get stringsLength(): number {
    return this.stringsEnd - this.stringsStart;
  }

  /**
   * This BTF followed by more types (numbered from `count`) and strings (offsets from
   * `stringsLength`), the way a module's split BTF extends vmlinux: the types a script declares.
   */
  extend(types: Buffer, strings: Buffer): Btf {
    const baseTypes = this.data.subarray(this.typesStart, this.typesEnd);
    const baseStrings = this.data.subarray(this.stringsStart, this.stringsEnd);
    const hdr = Buffer.alloc(24);
    hdr.writeUInt16LE(BTF_MAGIC, 0);
    hdr.writeUInt8(1, 2);
    hdr.writeUInt32LE(24, 4);
    hdr.writeUInt32LE(0, 8);
    hdr.writeUInt32LE(baseTypes.length + types.length, 12);
    hdr.writeUInt32LE(baseTypes.length + types.length, 16);
    hdr.writeUInt32LE(baseStrings.length + strings.length, 20);
    const b = new Btf(Buffer.concat([hdr, baseTypes, types, baseStrings, strings]));
    b.programFrom = this.count;
    return b;
  }

  static load(path = "/sys/kernel/btf/vmlinux"): Btf {
    return new Btf(readFileSync(path));
  }

  /** Number of type ids, void included. */
  get count(): number {
    return this.offsets.length;
  }

  str(off: number): string {
    const start = this.stringsStart + off;
    if (start >= this.stringsEnd) return "";
    const end = this.data.indexOf(0, start);
    return this.data.toString("latin1", start, end < 0 ? this.stringsEnd : end);
  }

  type(id: number): BtfType {
    if (id <= 0 || id >= this.offsets.length) throw new RangeError(`no BTF type ${id}`);
    const p = this.offsets[id]!;
    const info = this.data.readUInt32LE(p + 4);
    return {
      id,
      kind: ((info >>> 24) & 0x1f) as BtfKind,
      name: this.str(this.data.readUInt32LE(p)),
      sizeOrType: this.data.readUInt32LE(p + 8),
      kindFlag: (info >>> 31) === 1,
      vlen: info & 0xffff,
    };
  }

  /** Type `id`'s size_or_type word and vlen, without decoding its name (for scans over every type). */
  refAndVlen(id: number): { sizeOrType: number; vlen: number } {
    const w = (this.offsets[id]! - this.typesStart) >> 2;
    return { sizeOrType: this.words[w + 2]!, vlen: this.words[w + 1]! & 0xffff };
  }

  /** Members of a STRUCT/UNION, or parameters of a FUNC_PROTO (bitOffset 0). */
  members(id: number): BtfMember[] {
    const t = this.type(id);
    const base = this.offsets[id]! + TYPE_HEADER;
    const out: BtfMember[] = [];
    if (t.kind === BTF_KIND.STRUCT || t.kind === BTF_KIND.UNION) {
      for (let i = 0; i < t.vlen; i++) {
        const q = base + 12 * i;
        const off = this.data.readUInt32LE(q + 8);
        // With kind_flag the offset word packs bitfield size (top 8 bits) and bit offset.
        out.push({
          name: this.str(this.data.readUInt32LE(q)),
          type: this.data.readUInt32LE(q + 4),
          bitOffset: t.kindFlag ? off & 0xffffff : off,
          bitSize: t.kindFlag ? off >>> 24 : 0,
        });
      }
    } else if (t.kind === BTF_KIND.FUNC_PROTO) {
      for (let i = 0; i < t.vlen; i++) {
        const q = base + 8 * i;
        out.push({ name: this.str(this.data.readUInt32LE(q)), type: this.data.readUInt32LE(q + 4), bitOffset: 0, bitSize: 0 });
      }
    }
    return out;
  }

  /** Element type, index type and length of an ARRAY. */
  array(id: number): { elem: number; index: number; length: number } {
    const q = this.offsets[id]! + TYPE_HEADER;
    return { elem: this.data.readUInt32LE(q), index: this.data.readUInt32LE(q + 4), length: this.data.readUInt32LE(q + 8) };
  }

  /** INT encoding: signedness, bit offset and width. */
  intEncoding(id: number): { signed: boolean; char: boolean; bool: boolean; bits: number; offset: number } {
    const enc = this.data.readUInt32LE(this.offsets[id]! + TYPE_HEADER);
    const flags = (enc >>> 24) & 0x0f;
    return { signed: (flags & 1) !== 0, char: (flags & 2) !== 0, bool: (flags & 4) !== 0, offset: (enc >>> 16) & 0xff, bits: enc & 0xff };
  }

  enumValues(id: number): BtfEnumValue[] {
    const t = this.type(id);
    const base = this.offsets[id]! + TYPE_HEADER;
    const out: BtfEnumValue[] = [];
    for (let i = 0; i < t.vlen; i++) {
      if (t.kind === BTF_KIND.ENUM) {
        const q = base + 8 * i;
        const v = t.kindFlag ? BigInt(this.data.readInt32LE(q + 4)) : BigInt(this.data.readUInt32LE(q + 4));
        out.push({ name: this.str(this.data.readUInt32LE(q)), value: v });
      } else if (t.kind === BTF_KIND.ENUM64) {
        const q = base + 12 * i;
        const v = (BigInt(this.data.readUInt32LE(q + 8)) << 32n) | BigInt(this.data.readUInt32LE(q + 4));
        out.push({ name: this.str(this.data.readUInt32LE(q)), value: t.kindFlag ? BigInt.asIntN(64, v) : v });
      }
    }
    return out;
  }

  /** Ids of every type called `name`, optionally only of one kind. */
  find(name: string, kind?: BtfKind): number[] {
    let ids = this.nameIndex?.get(name) ?? this.scanned.get(name);
    if (!ids) {
      ids = this.nameIndex ? [] : this.scanFor(name);
      this.scanned.set(name, ids);
    }
    return kind === undefined ? ids : ids.filter((id) => this.type(id).kind === kind);
  }

  /**
   * One lookup without building the whole name index: find the name's offsets in the string table,
   * then compare the name word of every type against them (an integer scan, a few ms on vmlinux).
   */
  private scanFor(name: string): number[] {
    const needle = Buffer.from(`\0${name}\0`, "latin1");
    const offs = new Set<number>();
    for (let at = this.data.indexOf(needle, this.stringsStart); at >= 0 && at < this.stringsEnd; at = this.data.indexOf(needle, at + 1)) {
      offs.add(at + 1 - this.stringsStart);
    }
    if (offs.size === 0) return [];
    const ids: number[] = [];
    const { words, offsets, typesStart } = this;
    const only = offs.size === 1 ? [...offs][0]! : -1;
    for (let id = 1; id < offsets.length; id++) {
      const nameOff = words[(offsets[id]! - typesStart) >> 2]!;
      if (only >= 0 ? nameOff === only : offs.has(nameOff)) ids.push(id);
    }
    return ids;
  }

  /** Every type of one kind, as [id, name] pairs, in id order. */
  *ofKind(kind: BtfKind): Generator<[number, string]> {
    for (let id = 1; id < this.offsets.length; id++) {
      const p = this.offsets[id]!;
      if (((this.data.readUInt32LE(p + 4) >>> 24) & 0x1f) === kind) yield [id, this.str(this.data.readUInt32LE(p))];
    }
  }

  /** Follow typedefs and qualifiers to the type they name. */
  resolve(id: number): number {
    for (let guard = 0; id !== 0 && guard < 64; guard++) {
      const t = this.type(id);
      if (t.kind !== BTF_KIND.TYPEDEF && t.kind !== BTF_KIND.CONST && t.kind !== BTF_KIND.VOLATILE &&
          t.kind !== BTF_KIND.RESTRICT && t.kind !== BTF_KIND.TYPE_TAG) return id;
      id = t.sizeOrType;
    }
    return id;
  }

  private names(): Map<string, number[]> {
    if (this.nameIndex) return this.nameIndex;
    const index = new Map<string, number[]>();
    for (let id = 1; id < this.offsets.length; id++) {
      const nameOff = this.data.readUInt32LE(this.offsets[id]!);
      if (nameOff === 0) continue;
      const name = this.str(nameOff);
      const ids = index.get(name);
      if (ids) ids.push(id);
      else index.set(name, [id]);
    }
    return (this.nameIndex = index);
  }
}

let vmlinux: Btf | null | undefined;
let programTypes: Btf | undefined;

/**
 * The types the program being compiled (or run) sees: the kernel's, followed by those its C
 * declares (cdecl/program-types.ts). Compiling a program sets them; undefined goes back to the kernel's.
 */
export function setProgramBtf(btf: Btf | undefined): void {
  programTypes = btf;
}

/** The running kernel's BTF only, without a program's types. */
export function vmlinuxBtf(): Btf | null {
  const saved = programTypes;
  programTypes = undefined;
  try {
    return kernelBtf();
  } finally {
    programTypes = saved;
  }
}

/** The running kernel's BTF (read once), with the current program's own types after it; null
 * when the kernel has none and the program declares none. */
export function kernelBtf(): Btf | null {
  if (programTypes) return programTypes;
  if (vmlinux === undefined) {
    try {
      vmlinux = Btf.load();
    } catch {
      vmlinux = null;
    }
  }
  return vmlinux;
}

/** Whether this process has read the running kernel's BTF: a program compiled ahead of time after
 * that may depend on its types and ids (aot/facts.ts). */
export function kernelBtfRead(): boolean {
  return vmlinux !== undefined && vmlinux !== null;
}

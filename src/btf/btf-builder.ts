/**
 * Appending types to a BTF (Btf.extend): the entries and strings of types numbered after the base's,
 * for the types a program's C declares (cdecl/btf-writer.ts) and those its targets' DWARF describes
 * (dwarf/btf-import.ts).
 */
import type { Btf } from "./btf.js";

export interface BtfEntry {
  kind: number;
  name: string;
  /** Size in bytes or the referenced type id, as the kind says; may be set after add(). */
  sizeOrType: number;
  vlen: number;
  kindFlag: boolean;
  /** The words after the 12-byte header (members, enumerators, the array record, an int's encoding). */
  extra: number[];
}

export class BtfBuilder {
  private readonly entries: BtfEntry[] = [];
  private readonly strings: string[] = [""];
  private stringsSize = 1;
  private readonly stringOffsets = new Map<string, number>();

  constructor(readonly base: Btf) {}

  /** The offset of `s` in the extended string section (added once). */
  str(s: string): number {
    if (s === "") return 0;
    const known = this.stringOffsets.get(s);
    if (known !== undefined) return known;
    const off = this.base.stringsLength + this.stringsSize;
    this.strings.push(s);
    this.stringsSize += Buffer.byteLength(s, "latin1") + 1;
    this.stringOffsets.set(s, off);
    return off;
  }

  /** Appends a type and returns its id; the entry may still be filled in (members of a recursive struct). */
  add(e: BtfEntry): number {
    this.entries.push(e);
    return this.base.count + this.entries.length - 1;
  }

  get size(): number {
    return this.entries.length;
  }

  /** The base BTF with these types after it. */
  finish(): Btf {
    const words: number[] = [];
    for (const e of this.entries) {
      words.push(e.name === "" ? 0 : this.str(e.name));
      words.push(((e.kindFlag ? 1 : 0) << 31) | (e.kind << 24) | e.vlen);
      words.push(e.sizeOrType);
      words.push(...e.extra);
    }
    const types = Buffer.alloc(words.length * 4);
    words.forEach((w, i) => types.writeUInt32LE(w >>> 0, i * 4));
    const strings = Buffer.from(this.strings.map((s) => s + "\0").join(""), "latin1");
    return this.base.extend(types, strings);
  }
}

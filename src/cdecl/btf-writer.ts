/**
 * Turns the C a program declares into BTF types appended to the kernel's (Btf.extend), so the rest
 * of ebt (casts, field access, sizeof, printing) sees script-defined structs exactly as it sees
 * kernel ones.
 */
import { BTF_KIND } from "../btf/btf.js";
import type { Btf } from "../btf/btf.js";
import { BtfBuilder } from "../btf/btf-builder.js";
import type { BtfEntry } from "../btf/btf-builder.js";
import type { CType, DeclParser, EnumDef, RecordDef } from "./declarations.js";

type Entry = BtfEntry;

export class BtfWriter {
  private readonly out: BtfBuilder;
  private readonly memo = new Map<unknown, number>();

  constructor(base: Btf, private readonly parser: DeclParser) {
    this.out = new BtfBuilder(base);
  }

  private str(s: string): number {
    return this.out.str(s);
  }

  private add(e: Entry): number {
    return this.out.add(e);
  }

  /** The BTF id of a C type, adding it (and what it refers to) when new. */
  idOf(t: CType): number {
    switch (t.k) {
      case "void":
      case "func":
        return 0;
      case "btf":
        return t.id;
      case "int": {
        const key = `int ${t.name}`;
        const known = this.memo.get(key);
        if (known !== undefined) return known;
        const flags = (t.signed ? 1 : 0) | (t.char ? 2 : 0) | (t.bool ? 4 : 0);
        const id = this.add({ kind: BTF_KIND.INT, name: t.name, sizeOrType: t.size, vlen: 0, kindFlag: false, extra: [(flags << 24) | Math.min(t.size * 8, 128)] });
        this.memo.set(key, id);
        return id;
      }
      case "float": {
        const key = `float ${t.name}`;
        const known = this.memo.get(key);
        if (known !== undefined) return known;
        const id = this.add({ kind: BTF_KIND.FLOAT, name: t.name, sizeOrType: t.size, vlen: 0, kindFlag: false, extra: [] });
        this.memo.set(key, id);
        return id;
      }
      case "ptr":
        return this.add({ kind: BTF_KIND.PTR, name: "", sizeOrType: this.idOf(t.to), vlen: 0, kindFlag: false, extra: [] });
      case "array": {
        const elem = this.idOf(t.of);
        const index = this.idOf({ k: "int", name: "__ARRAY_SIZE_TYPE__", size: 4, signed: false });
        return this.add({ kind: BTF_KIND.ARRAY, name: "", sizeOrType: 0, vlen: 0, kindFlag: false, extra: [elem, index, t.len] });
      }
      case "typedef": {
        const known = this.memo.get(t);
        if (known !== undefined) return known;
        const entry: Entry = { kind: BTF_KIND.TYPEDEF, name: t.name, sizeOrType: 0, vlen: 0, kindFlag: false, extra: [] };
        const id = this.add(entry);
        this.memo.set(t, id);
        entry.sizeOrType = this.idOf(t.to);
        return id;
      }
      case "record":
        return this.record(t.rec);
      case "enum":
        return this.enumType(t.en);
    }
  }

  record(rec: RecordDef): number {
    const known = this.memo.get(rec);
    if (known !== undefined) return known;
    if (!rec.members) {
      const id = this.add({ kind: BTF_KIND.FWD, name: rec.name, sizeOrType: 0, vlen: 0, kindFlag: rec.union, extra: [] });
      this.memo.set(rec, id);
      return id;
    }
    const layout = this.parser.layout(rec);
    const bitfields = rec.members.some((m) => m.bits !== undefined);
    const entry: Entry = { kind: rec.union ? BTF_KIND.UNION : BTF_KIND.STRUCT, name: rec.name, sizeOrType: layout.size, vlen: rec.members.length, kindFlag: bitfields, extra: [] };
    // The id is taken before the members are, so a member pointing back at this record finds it.
    const id = this.add(entry);
    this.memo.set(rec, id);
    rec.members.forEach((m, i) => {
      const off = layout.offsets[i]!;
      entry.extra.push(this.str(m.name), this.idOf(m.type), bitfields ? ((m.bits ?? 0) << 24) | off : off);
    });
    return id;
  }

  enumType(en: EnumDef): number {
    const known = this.memo.get(en);
    if (known !== undefined) return known;
    const signed = en.values.some((v) => v.value < 0n);
    const wide = en.values.some((v) => v.value > 0xffffffffn || v.value < -0x80000000n);
    const entry: Entry = { kind: wide ? BTF_KIND.ENUM64 : BTF_KIND.ENUM, name: en.name, sizeOrType: wide ? 8 : 4, vlen: en.values.length, kindFlag: signed, extra: [] };
    const id = this.add(entry);
    this.memo.set(en, id);
    for (const v of en.values) {
      const u = BigInt.asUintN(64, v.value);
      if (wide) entry.extra.push(this.str(v.name), Number(u & 0xffffffffn), Number(u >> 32n));
      else entry.extra.push(this.str(v.name), Number(u & 0xffffffffn));
    }
    return id;
  }

  /** The kernel's BTF with these types after it. */
  finish(): Btf {
    return this.out.finish();
  }
}

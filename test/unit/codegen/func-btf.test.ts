import { describe, expect, it } from "vitest";
import { funcBtf } from "../../../src/codegen/func-btf.js";

describe("function BTF for programs with loop callbacks", () => {
  const { btf, funcInfo, funcInfoRecSize } = funcBtf([
    { name: "for_body_1", shape: "loop-callback", insnOff: 40 },
    { name: "main", shape: "main", insnOff: 0 },
    { name: "for_body_2", shape: "each-callback", insnOff: 70 },
  ]);

  it("has a BTF header whose sections cover the blob", () => {
    expect(btf.readUInt16LE(0)).toBe(0xeb9f);
    expect(btf.readUInt8(2)).toBe(1);
    const hdrLen = btf.readUInt32LE(4);
    const [typeOff, typeLen, strOff, strLen] = [8, 12, 16, 20].map((o) => btf.readUInt32LE(o));
    expect(hdrLen).toBe(24);
    expect(typeOff).toBe(0);
    expect(strOff).toBe(typeLen);
    expect(hdrLen + strOff! + strLen!).toBe(btf.length);
    // The string section starts with the empty string and holds the function names.
    const strings = btf.subarray(hdrLen + strOff!).toString("latin1");
    expect(strings[0]).toBe("\0");
    for (const name of ["main", "for_body_1", "for_body_2", "long", "ctx"]) expect(strings).toContain(`\0${name}\0`);
  });

  it("lists one func_info record per function, in instruction order, naming FUNC types", () => {
    expect(funcInfoRecSize).toBe(8);
    const recs = [0, 1, 2].map((i) => [funcInfo.readUInt32LE(i * 8), funcInfo.readUInt32LE(i * 8 + 4)]);
    expect(recs.map((r) => r[0])).toEqual([0, 40, 70]);
    // Types 1-5 are long, void * and the three prototypes; the FUNCs follow in order.
    expect(recs.map((r) => r[1])).toEqual([6, 7, 8]);
    const hdr = 24;
    const kindOf = (id: number) => {
      // Walk the type section to type `id` (1-based).
      let off = hdr;
      for (let t = 1; t < id; t++) {
        const info = btf.readUInt32LE(off + 4);
        const kind = (info >>> 24) & 0x1f;
        const vlen = info & 0xffff;
        off += 12 + (kind === 1 ? 4 : kind === 13 ? vlen * 8 : 0);
      }
      return (btf.readUInt32LE(off + 4) >>> 24) & 0x1f;
    };
    for (const [, id] of recs) expect(kindOf(id!)).toBe(12); // BTF_KIND_FUNC
  });
});

import { describe, expect, it } from "vitest";
import { BTF_KIND, Btf } from "../../../src/btf/btf.js";

/** Build raw BTF from type records (already encoded) and a string table. */
function blob(types: Buffer[], strings: string[]): { btf: Btf; off: (s: string) => number } {
  const strTab = Buffer.from("\0" + strings.map((s) => s + "\0").join(""), "latin1");
  const off = (s: string) => strTab.indexOf(Buffer.from(s + "\0", "latin1"));
  const typeSec = Buffer.concat(types);
  const hdr = Buffer.alloc(24);
  hdr.writeUInt16LE(0xeb9f, 0);
  hdr.writeUInt8(1, 2);
  hdr.writeUInt32LE(24, 4);
  hdr.writeUInt32LE(0, 8);
  hdr.writeUInt32LE(typeSec.length, 12);
  hdr.writeUInt32LE(typeSec.length, 16);
  hdr.writeUInt32LE(strTab.length, 20);
  return { btf: new Btf(Buffer.concat([hdr, typeSec, strTab])), off };
}

function words(...ws: number[]): Buffer {
  const b = Buffer.alloc(4 * ws.length);
  ws.forEach((w, i) => b.writeUInt32LE(w >>> 0, 4 * i));
  return b;
}
const info = (kind: number, vlen: number, kflag = false) => ((kflag ? 1 << 31 : 0) | (kind << 24) | vlen) >>> 0;

describe("BTF reader", () => {
  const names = ["int", "pid_t", "task", "pid", "flags", "state", "E", "A", "B"];
  const s = (n: string) => 1 + names.slice(0, names.indexOf(n)).reduce((a, x) => a + x.length + 1, 0);
  const { btf } = blob(
    [
      words(s("int"), info(BTF_KIND.INT, 0), 4, (1 << 24) | 32), // 1: int, signed 32 bits
      words(s("pid_t"), info(BTF_KIND.TYPEDEF, 0), 1), // 2: typedef int pid_t
      words(0, info(BTF_KIND.PTR, 0), 4), // 3: struct task *
      words(s("task"), info(BTF_KIND.STRUCT, 3, true), 16,
        s("pid"), 2, 0,
        s("flags"), 1, (3 << 24) | 32,
        s("state"), 1, (5 << 24) | 35),
      words(s("E"), info(BTF_KIND.ENUM, 2, true), 4, s("A"), 0xffffffff, s("B"), 7),
      words(0, info(BTF_KIND.ARRAY, 0), 0, 1, 1, 16),
    ],
    names,
  );

  it("walks every type and decodes headers, members, bitfields, enums and arrays", () => {
    expect(btf.count).toBe(7);
    expect(btf.type(1)).toMatchObject({ kind: BTF_KIND.INT, name: "int", sizeOrType: 4 });
    expect(btf.intEncoding(1)).toMatchObject({ signed: true, bits: 32 });
    expect(btf.resolve(2)).toBe(1);
    expect(btf.type(4)).toMatchObject({ kind: BTF_KIND.STRUCT, name: "task", sizeOrType: 16, vlen: 3 });
    expect(btf.members(4)).toEqual([
      { name: "pid", type: 2, bitOffset: 0, bitSize: 0 },
      { name: "flags", type: 1, bitOffset: 32, bitSize: 3 },
      { name: "state", type: 1, bitOffset: 35, bitSize: 5 },
    ]);
    expect(btf.enumValues(5)).toEqual([{ name: "A", value: -1n }, { name: "B", value: 7n }]);
    expect(btf.array(6)).toEqual({ elem: 1, index: 1, length: 16 });
  });

  it("finds types by name and kind", () => {
    expect(btf.find("task")).toEqual([4]);
    expect(btf.find("task", BTF_KIND.UNION)).toEqual([]);
    expect(btf.find("nope")).toEqual([]);
    expect([...btf.ofKind(BTF_KIND.TYPEDEF)]).toEqual([[2, "pid_t"]]);
  });

  it("refuses data that is not BTF", () => {
    expect(() => new Btf(Buffer.alloc(32))).toThrow(/not raw BTF/);
    expect(() => btf.type(99)).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { BTF_KIND, Btf } from "../../../src/btf/btf.js";
import { decodeBtf } from "../../../src/runtime/btf-value.js";
import { formatValue } from "../../../src/runtime/output/text.js";
import { jsonValue } from "../../../src/runtime/output/json.js";

/** Raw BTF from encoded type records and a string table. */
function blob(types: Buffer[], strings: string[]): Btf {
  const strTab = Buffer.from("\0" + strings.map((s) => s + "\0").join(""), "latin1");
  const typeSec = Buffer.concat(types);
  const hdr = Buffer.alloc(24);
  hdr.writeUInt16LE(0xeb9f, 0);
  hdr.writeUInt8(1, 2);
  hdr.writeUInt32LE(24, 4);
  hdr.writeUInt32LE(typeSec.length, 12);
  hdr.writeUInt32LE(typeSec.length, 16);
  hdr.writeUInt32LE(strTab.length, 20);
  return new Btf(Buffer.concat([hdr, typeSec, strTab]));
}

function words(...ws: number[]): Buffer {
  const b = Buffer.alloc(4 * ws.length);
  ws.forEach((w, i) => b.writeUInt32LE(w >>> 0, 4 * i));
  return b;
}
const info = (kind: number, vlen: number, kflag = false) => ((kflag ? 1 << 31 : 0) | (kind << 24) | vlen) >>> 0;

describe("whole structs decoded from BTF", () => {
  const names = ["int", "char", "_Bool", "outer", "a", "name", "x", "y", "p", "lo", "hi", "arr", "ok", "long"];
  const s = (n: string) => 1 + names.slice(0, names.indexOf(n)).reduce((acc, x) => acc + x.length + 1, 0);
  // struct outer { int a; struct { char name[4]; }; union { int x; long y; }; int *p;
  //                unsigned lo:3, hi:5 (kind_flag bitfields); int arr[3]; _Bool ok; }
  const btf = blob(
    [
      words(s("int"), info(BTF_KIND.INT, 0), 4, (1 << 24) | 32), // 1
      words(s("char"), info(BTF_KIND.INT, 0), 1, (2 << 24) | 8), // 2: char
      words(s("_Bool"), info(BTF_KIND.INT, 0), 1, (4 << 24) | 8), // 3: bool
      words(0, info(BTF_KIND.ARRAY, 0), 0, 2, 1, 4), // 4: char[4]
      words(0, info(BTF_KIND.STRUCT, 1), 4, s("name"), 4, 0), // 5: struct { char name[4]; }
      words(s("long"), info(BTF_KIND.INT, 0), 8, (1 << 24) | 64), // 6: long
      words(0, info(BTF_KIND.UNION, 2), 8, s("x"), 1, 0, s("y"), 6, 0), // 7: union { int x; long y; }
      words(0, info(BTF_KIND.PTR, 0), 1), // 8: int *
      words(0, info(BTF_KIND.ARRAY, 0), 0, 1, 1, 3), // 9: int[3]
      words(s("outer"), info(BTF_KIND.STRUCT, 8, true), 48,
        s("a"), 1, 0,
        0, 5, 32,
        0, 7, 64,
        s("p"), 8, 128,
        s("lo"), 1, (3 << 24) | 192,
        s("hi"), 1, (5 << 24) | 195,
        s("arr"), 9, 224,
        s("ok"), 3, 320), // 10
    ],
    names,
  );
  const bytes = Buffer.alloc(48);
  bytes.writeInt32LE(-5, 0);
  bytes.write("ab", 4, "latin1");
  bytes.writeBigInt64LE(0x100000007n, 8);
  bytes.writeBigUInt64LE(0xffff888100000010n, 16);
  bytes.writeUInt8(6 | (17 << 3), 24); // lo = 6, hi = 17
  [1, 2, -3].forEach((v, i) => bytes.writeInt32LE(v, 28 + 4 * i));
  bytes.writeUInt8(1, 40);

  it("prints as bpftrace: anonymous members flattened, bitfields, char arrays as strings, pointers in hex", () => {
    const v = decodeBtf(btf, 10, bytes, 0);
    expect(formatValue(v)).toBe(
      "{ .a = -5, .name = ab, .x = 7, .y = 4294967303, .p = 0xffff888100000010, .lo = 6, .hi = 17, .arr = [1,2,-3], .ok = true }",
    );
    expect(jsonValue(v)).toBe(
      '{"a": -5, "name": "ab", "x": 7, "y": 4294967303, "p": 18446612686364999696, "lo": 6, "hi": 17, "arr": [1,2,-3], "ok": true}',
    );
  });

  it("reads a value at an offset in a larger buffer (a record field)", () => {
    const rec = Buffer.concat([Buffer.alloc(8), bytes]);
    expect(formatValue(decodeBtf(btf, 9, rec, 8 + 28))).toBe("[1,2,-3]");
  });
});

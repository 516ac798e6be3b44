/**
 * The C declaration parser and its layouts, against what GCC gives on x86-64 (sizes and offsets
 * checked with gcc's own offsetof for these declarations).
 */
import { describe, expect, it } from "vitest";
import { DeclParser } from "../../../src/cdecl/declarations.js";
import type { RecordDef } from "../../../src/cdecl/declarations.js";
import { Preprocessor } from "../../../src/cdecl/preprocessor.js";

function parse(text: string) {
  const pp = new Preprocessor({ systemDirs: [], scriptDir: "/", predefined: {} });
  pp.run([{ text, file: "t.bt", line: 1, col: 1, defLine: 2 }]);
  const p = new DeclParser(pp.out, undefined);
  p.run();
  const rec = (name: string): RecordDef => {
    const r = (p.scope.tags.get(`struct ${name}`) ?? p.scope.tags.get(`union ${name}`)) as RecordDef | undefined;
    if (!r) throw new Error(`no ${name}`);
    return r;
  };
  const layout = (name: string) => {
    const r = rec(name);
    const l = p.layout(r);
    return { size: l.size, align: l.align, offsets: Object.fromEntries(r.members!.map((m, i) => [m.name || `#${i}`, l.offsets[i]! / 8])) };
  };
  return { p, rec, layout, errors: p.errors.map((e) => `${e.loc.line}:${e.loc.col}: ${e.message}`) };
}

describe("C declarations", () => {
  it("lays out structs with padding, packing and alignment attributes", () => {
    const r = parse(`
      struct a { char c; int i; short s; long l; };
      struct p { char c; int i; } __attribute__((packed));
      struct __attribute__((__packed__)) q { char c; long l; };
      struct al { char c; } __attribute__((aligned(16)));
      struct arr { char name[5]; int *ptrs[2]; unsigned long long x; };
    `);
    expect(r.errors).toEqual([]);
    expect(r.layout("a")).toEqual({ size: 24, align: 8, offsets: { c: 0, i: 4, s: 8, l: 16 } });
    expect(r.layout("p")).toEqual({ size: 5, align: 1, offsets: { c: 0, i: 1 } });
    expect(r.layout("q").size).toBe(9);
    expect(r.layout("al")).toMatchObject({ size: 16, align: 16 });
    expect(r.layout("arr")).toEqual({ size: 32, align: 8, offsets: { name: 0, ptrs: 8, x: 24 } });
  });

  it("places bitfields in storage units of their type, starting a new unit rather than straddling", () => {
    const r = parse(`
      struct b { unsigned int a:4, b:8, c:3, d:1, e:16; };
      struct s { short a:4, b:8, c:3, d:1; int e:9, f:15, g:1, h:2, i:5; };
      struct z { char a:3; int :0; char b; };
    `);
    const bits = (name: string) => {
      const rec = r.rec(name);
      const l = r.p.layout(rec);
      return rec.members!.map((m, i) => `${m.name}@${l.offsets[i]}:${m.bits}`).join(" ");
    };
    expect(bits("b")).toBe("a@0:4 b@4:8 c@12:3 d@15:1 e@16:16");
    expect(r.layout("b").size).toBe(4);
    expect(bits("s")).toBe("a@0:4 b@4:8 c@12:3 d@15:1 e@16:9 f@32:15 g@47:1 h@48:2 i@50:5");
    expect(r.layout("s").size).toBe(8);
    expect(r.layout("z")).toMatchObject({ size: 5, offsets: { b: 4 } });
  });

  it("reads nested, anonymous and union members, typedefs, pointers to functions and missing `;`", () => {
    const r = parse(`
      typedef unsigned int u32_t;
      typedef struct node { struct node *next; u32_t val; } node_t;
      struct outer { int x; struct inner { char c; long l; } in; union { int i; char b[6]; }; struct { int m[2] } arr[3]; void (*fn)(int, char *); node_t n };
      union u { char c; long l; int i[3]; };
    `);
    expect(r.errors).toEqual([]);
    expect(r.layout("outer")).toEqual({ size: 80, align: 8, offsets: { x: 0, in: 8, "#2": 24, arr: 32, fn: 56, n: 64 } });
    expect(r.layout("inner").size).toBe(16);
    expect(r.layout("u")).toEqual({ size: 16, align: 8, offsets: { c: 0, l: 0, i: 0 } });
    expect(r.layout("node").size).toBe(16);
  });

  it("numbers enumerators from constant expressions and earlier enumerators", () => {
    const r = parse(`enum e { A, B = 10, C, D = B * 2 + (1 << 2), E = -1, F = sizeof(long), G = 'a' };`);
    expect(r.errors).toEqual([]);
    expect([...r.p.scope.enumerators].map(([n, v]) => `${n}=${v.value}`)).toEqual(["A=0", "B=10", "C=11", "D=24", "E=-1", "F=8", "G=97"]);
  });

  it("reports C errors in the script with clang's words", () => {
    expect(parse("struct s { unknown_t x; };").errors).toEqual(["1:12: unknown type name 'unknown_t'"]);
    expect(parse("struct s { int x; }; struct s { int y; };").errors).toEqual(["1:22: redefinition of 's'"]);
    expect(parse("struct s { struct missing m; };").errors).toEqual(["1:27: field has incomplete type 'struct missing'"]);
    expect(parse("enum { A = UNDEFINED };").errors).toEqual(["1:12: use of undeclared identifier 'UNDEFINED'"]);
  });
});

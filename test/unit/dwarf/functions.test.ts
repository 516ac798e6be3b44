/**
 * Function parameters and types read from gcc's DWARF (4 and 5, compressed, in a separate debug
 * file), checked against the C source's declarations and against gcc's own offsetof/sizeof.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { kernelBtf, setProgramBtf } from "../../../src/btf/btf.js";
import { addDwarfTypeSource, dwarfFunction, dwarfNamedType, dwarfParamDecls, hasDwarf, resetDwarfTypeSources } from "../../../src/dwarf/functions.js";
import { setDebugInfoDirs } from "../../../src/dwarf/sections.js";
import { dwarfInfo } from "../../../src/dwarf/info.js";
import { btfToType, byteSize, fieldLayout } from "../../../src/semantic/kernel-types.js";
import { buildDwarfFixtures, DWARF_FIXTURE_SRC } from "../../helpers/dwarf-fixtures.js";
import type { DwarfFixtures } from "../../helpers/dwarf-fixtures.js";

let fx: DwarfFixtures;
beforeAll(() => {
  fx = buildDwarfFixtures();
});
afterAll(() => fx.cleanup());
afterEach(() => {
  setDebugInfoDirs([]);
  resetDwarfTypeSources();
  setProgramBtf(undefined);
});

/** The parameter lists of typed.c's functions, spelled as bpftrace's -lv spells them. */
const DECLS: Record<string, string[]> = {
  use_foo: ["struct Foo* foo1", "foo_t* foo2", "int n"],
  get_foo: ["struct Foo* f"],
  use_scalars: ["char c", "short int s", "long unsigned int ul", "const char* str"],
  use_flags: ["struct Flags* flags", "enum Color color"],
  main: ["int argc", "char** argv"],
};

describe("DWARF function parameters", () => {
  for (const variant of ["plain", "dwarf4", "zlib", "linked", "byId", "dwo", "dwp"] as const) {
    it(`lists each function's parameters (${variant})`, () => {
      if (variant === "byId") setDebugInfoDirs([fx.debugRoot]);
      const bin = fx[variant];
      expect(hasDwarf(bin)).toBe(true);
      for (const [fn, decls] of Object.entries(DECLS)) expect(dwarfParamDecls(bin, fn), fn).toEqual(decls);
      expect(dwarfParamDecls(bin, "no_such_function")).toBeUndefined();
    });
  }

  it("reads the types of split DWARF units from the .dwo and the .dwp", () => {
    for (const bin of [fx.dwo, fx.dwp]) {
      addDwarfTypeSource(bin);
      const fn = dwarfFunction(bin, "use_foo")!;
      const btf = kernelBtf()!;
      const foo = btfToType(btf, fn.params[0]!.type, true) as { kind: "ptr"; to: { kind: "struct"; name: string; btf: number; size: number } };
      expect(fieldLayout(foo.to, "arr", true)?.type).toMatchObject({ kind: "array", length: 4 });
      expect(dwarfNamedType("typedef", "foo_t")).toBeDefined();
      resetDwarfTypeSources();
    }
  });

  it("indexes only the unit that holds a function found by its symbol's address (.debug_aranges)", () => {
    const info = dwarfInfo(fx.twoUnits)!;
    expect(info.units().length).toBeGreaterThanOrEqual(2);
    expect(dwarfParamDecls(fx.twoUnits, "other_fn")).toEqual(["struct Other* o"]);
    expect(info.indexedUnits).toBe(1);
    expect(dwarfParamDecls(fx.twoUnits, "use_foo")).toEqual(DECLS.use_foo);
    expect(info.indexedUnits).toBe(2);
    // A type name no indexed unit has makes the index complete.
    addDwarfTypeSource(fx.twoUnits);
    expect(dwarfNamedType("struct", "NoSuch")).toBeUndefined();
    expect(info.indexedUnits).toBe(info.units().length);
  });

  it("finds an alias symbol's function by its address (the definition has the other name)", () => {
    expect(dwarfParamDecls(fx.plain, "use_foo_alias")).toEqual(DECLS.use_foo);
    expect(dwarfParamDecls(fx.dwo, "use_foo_alias")).toEqual(DECLS.use_foo);
  });

  it("has nothing for a binary built without -g", () => {
    expect(hasDwarf(fx.nodebug)).toBe(false);
    expect(dwarfParamDecls(fx.nodebug, "use_foo")).toBeUndefined();
    expect(dwarfFunction(fx.nodebug, "use_foo")).toBeUndefined();
  });

  it("types parameters and return values as BTF types of the program", () => {
    const fn = dwarfFunction(fx.plain, "get_foo")!;
    const btf = kernelBtf()!;
    expect(fn.params.map((p) => p.name)).toEqual(["f"]);
    const ret = btfToType(btf, fn.ret, true);
    expect(ret).toMatchObject({ kind: "ptr", user: true, to: { kind: "struct", name: "struct Foo" } });
    const scalars = dwarfFunction(fx.plain, "use_scalars")!;
    const b2 = kernelBtf()!;
    expect(scalars.params.map((p) => btfToType(b2, p.type, true))).toEqual([
      { kind: "int", bits: 8, signed: true },
      { kind: "int", bits: 16, signed: true },
      { kind: "int", bits: 64, signed: false },
      expect.objectContaining({ kind: "ptr", user: true, to: { kind: "int", bits: 8, signed: true } }),
    ]);
  });
});

describe("DWARF struct layouts", () => {
  /** gcc's own offsetof/sizeof for the fixture's types, printed by a program that includes it. */
  function gccLayout(): Record<string, number> {
    const src = path.join(fx.dir, "layout.c");
    writeFileSync(src, `#define main fixture_main\n#include "${DWARF_FIXTURE_SRC}"\n#undef main\n#include <stddef.h>\n` +
      `int main(void) { printf("Foo %zu a %zu b %zu c %zu in %zu u %zu arr %zu Inner.y %zu Flags %zu rest %zu grid %zu color %zu callback %zu\\n", ` +
      `sizeof(struct Foo), offsetof(struct Foo, a), offsetof(struct Foo, b), offsetof(struct Foo, c), offsetof(struct Foo, in), ` +
      `offsetof(struct Foo, u), offsetof(struct Foo, arr), offsetof(struct Inner, y), sizeof(struct Flags), offsetof(struct Flags, rest), ` +
      `offsetof(struct Flags, grid), offsetof(struct Flags, color), offsetof(struct Flags, callback)); return 0; }\n`);
    execFileSync("gcc", ["-o", path.join(fx.dir, "layout"), src]);
    const words = execFileSync(path.join(fx.dir, "layout"), { encoding: "utf8" }).trim().split(" ");
    const out: Record<string, number> = {};
    for (let i = 0; i < words.length; i += 2) out[words[i]!] = Number(words[i + 1]);
    return out;
  }

  it("places every member where gcc does, anonymous union members included", () => {
    const want = gccLayout();
    addDwarfTypeSource(fx.dwarf4);
    const foo = dwarfNamedType("struct", "Foo")!;
    const flags = dwarfNamedType("struct", "Flags")!;
    const btf = kernelBtf()!;
    const fooT = btfToType(btf, foo, true) as { kind: "struct"; name: string; btf: number; size: number };
    expect(fooT.size).toBe(want.Foo);
    for (const f of ["a", "b", "c", "in", "u", "arr"]) expect(fieldLayout(fooT, f, true)?.offset, f).toBe(want[f]);
    expect(fieldLayout(fooT, "uc", true)?.offset).toBe(want.u); // the other member of the anonymous union
    expect(fieldLayout(fooT, "b", true)?.type).toEqual({ kind: "str", size: 10, charArray: true });
    expect(fieldLayout(fooT, "arr", true)?.type).toMatchObject({ kind: "array", length: 4, elemSize: 4 });
    const inner = fieldLayout(fooT, "in", true)!.type as { kind: "struct"; name: string; btf: number; size: number };
    expect(fieldLayout(inner, "y", true)?.offset).toBe(want["Inner.y"]);
    const flagsT = btfToType(btf, flags, true) as { kind: "struct"; name: string; btf: number; size: number };
    expect(byteSize(btf, flags)).toBe(want.Flags);
    for (const f of ["rest", "grid", "color", "callback"]) expect(fieldLayout(flagsT, f, true)?.offset, f).toBe(want[f]);
    expect(fieldLayout(flagsT, "grid", true)?.type).toMatchObject({ kind: "array", length: 2, elemSize: 6, elem: { kind: "array", length: 3, elemSize: 2 } });
    // Bitfields: lo is bits 0-2 and hi bits 3-7 of the first byte (gcc's x86-64 layout).
    expect(fieldLayout(flagsT, "lo", true)?.bits).toEqual({ shift: 0, width: 3 });
    expect(fieldLayout(flagsT, "hi", true)?.bits).toEqual({ shift: 3, width: 5 });
  });

  it("finds types only in this compilation's uprobe targets", () => {
    expect(dwarfNamedType("struct", "Foo")).toBeUndefined();
    addDwarfTypeSource(fx.nodebug);
    expect(dwarfNamedType("struct", "Foo")).toBeUndefined();
    addDwarfTypeSource(fx.plain);
    expect(dwarfNamedType("typedef", "foo_t")).toBeDefined();
    expect(dwarfNamedType("enum", "Color")).toBeDefined();
    expect(dwarfNamedType("struct", "NoSuch")).toBeUndefined();
  });
});

/**
 * A script's C becomes types the rest of ebt reads like the kernel's: found by name (before a
 * kernel type of the same name), laid out, decoded for printing; its enumerators and #defines
 * are constants.
 */
import { afterEach, describe, expect, it } from "vitest";
import { kernelBtf, setProgramBtf } from "../../../src/btf/btf.js";
import { declareProgramTypes } from "../../../src/cdecl/program-types.js";
import { decodeBtf } from "../../../src/runtime/btf-value.js";
import { btfToType, fieldLayout, findNamedType } from "../../../src/semantic/kernel-types.js";

const declare = (text: string) => declareProgramTypes([{ text, file: "t.bt", line: 1, col: 1, defLine: 2 }], "/");

afterEach(() => setProgramBtf(undefined));

describe("program types", () => {
  it("adds script structs to the types casts and fields see, and decodes them for printing", () => {
    const types = declare("union N { int i; float f; };\nstruct Foo { int m; union N n; unsigned char c:3, d:5; };");
    expect(types.errors).toEqual([]);
    const id = findNamedType("struct Foo")!;
    const foo = btfToType(kernelBtf()!, id);
    expect(foo).toMatchObject({ kind: "struct", name: "struct Foo", size: 12 });
    if (foo.kind !== "struct") throw new Error("not a struct");
    expect(fieldLayout(foo, "d", false)).toMatchObject({ offset: 8, bits: { shift: 3, width: 5 } });
    const buf = Buffer.from([2, 0, 0, 0, 5, 0, 0, 0, 0b10101110, 0, 0, 0]);
    // bpftrace has no floats: the union's float member is a value of no type.
    expect(decodeBtf(kernelBtf()!, id, buf, 0)).toEqual({
      kind: "tuple",
      names: ["m", "n", "c", "d"],
      elems: [
        { kind: "int", value: 2n, signed: true },
        { kind: "tuple", names: ["i", "f"], elems: [{ kind: "int", value: 5n, signed: true }, { kind: "none" }] },
        { kind: "int", value: 6n, signed: false },
        { kind: "int", value: 21n, signed: false },
      ],
    });
  });

  it("prefers the script's definition of a kernel struct", () => {
    expect(declare("struct task_struct { int x; int y; };").errors).toEqual([]);
    const id = findNamedType("struct task_struct")!;
    expect(btfToType(kernelBtf()!, id)).toMatchObject({ kind: "struct", size: 8 });
    setProgramBtf(undefined);
    expect((btfToType(kernelBtf()!, findNamedType("struct task_struct")!) as { size: number }).size).toBeGreaterThan(1000);
  });

  it("gives enumerators and #defines their values; an enumerator keeps its enum type", () => {
    const types = declare("#define SHIFTED (1 << 4)\n#define NAME \"ebt\"\n#define FROM_ENUM (B + 1)\nenum E { A = 7, B };");
    expect(types.constant("A")).toMatchObject({ kind: "int", value: 7n });
    const b = types.constant("B") as { enumId: number };
    expect(kernelBtf()!.enumValues(b.enumId).map((v) => v.name)).toEqual(["A", "B"]);
    expect(types.constant("SHIFTED")).toEqual({ kind: "int", value: 16n });
    expect(types.constant("NAME")).toEqual({ kind: "str", value: "ebt" });
    expect(types.constant("FROM_ENUM")).toEqual({ kind: "int", value: 9n });
    expect(types.constant("NOPE")).toBeUndefined();
  });
});

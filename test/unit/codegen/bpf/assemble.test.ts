// assemble(): per-slot metadata and the field checks that turn would-be verifier rejections (or
// silent sign-extension surprises) into errors naming our instruction.
import { describe, expect, it } from "vitest";
import type { Reg } from "../../../../src/codegen/bpf/index.js";
import { Asm, AssembleError, FP, Label, R0, R1, R2, assemble } from "../../../../src/codegen/bpf/index.js";

/** Builds, appends an exit bound to `end`, and returns assemble()'s error message. */
function fails(build: (a: Asm, end: Label) => void): string {
  const a = new Asm();
  const end = new Label("end");
  build(a, end);
  a.label(end);
  a.exit();
  try {
    assemble(a.insns);
  } catch (e) {
    expect(e).toBeInstanceOf(AssembleError);
    return (e as Error).message;
  }
  throw new Error("assembled without error");
}

function ok(build: (a: Asm, end: Label) => void): void {
  const a = new Asm();
  const end = new Label("end");
  build(a, end);
  a.label(end);
  a.exit();
  expect(() => assemble(a.insns)).not.toThrow();
}

describe("per-slot spans and comments", () => {
  it("gives each slot its instruction's span, repeated on ld_imm64's second slot", () => {
    const a = new Asm();
    a.at("s0");
    a.comment("zero");
    a.movImm(R0, 0);
    a.at("s1");
    a.comment("wide");
    a.ldImm64(R1, 1n);
    a.at(undefined);
    a.exit();
    const out = assemble(a.insns);
    expect(out.spans).toEqual(["s0", "s1", "s1", undefined]);
    expect(out.comments).toEqual(["zero", "wide", undefined, undefined]);
    expect(out.bytecode.length).toBe(4 * 8);
  });

  it("assembles an empty list to empty bytecode", () => {
    expect(assemble([])).toEqual({ bytecode: Buffer.alloc(0), relocations: [], spans: [], comments: [] });
  });
});

describe("immediate ranges", () => {
  it("64-bit ALU and jumps sign-extend imm, so only signed 32-bit values are accepted", () => {
    expect(fails((a) => a.aluImm("and", R1, 0xffffffff))).toBe(
      'instruction 0 at slot 0, "r1 &= 4294967295": immediate 4294967295 is sign-extended in a 64-bit operation and would mean -1; write -1 or load it with ldImm64',
    );
    expect(fails((a) => a.movImm(R1, 2 ** 31))).toMatch(/would mean -2147483648/);
    expect(fails((a, end) => a.jmpImm("jeq", R1, 0x80000000, end))).toMatch(/sign-extended in a 64-bit compare/);
    ok((a) => a.aluImm("and", R1, -(2 ** 31)));
    ok((a) => a.movImm(R1, 2 ** 31 - 1));
  });

  it("32-bit ALU and jumps accept signed and unsigned 32-bit forms", () => {
    ok((a) => a.alu32Imm("and", R1, 0xffffffff));
    ok((a) => a.mov32Imm(R1, -(2 ** 31)));
    ok((a, end) => a.jmp32Imm("jeq", R1, 0xffffffff, end));
    expect(fails((a) => a.mov32Imm(R1, 2 ** 32))).toMatch(/immediate 4294967296 does not fit 32 bits/);
    expect(fails((a) => a.alu32Imm("add", R1, -(2 ** 31) - 1))).toMatch(/does not fit 32 bits/);
  });

  it("rejects non-integers", () => {
    expect(fails((a) => a.movImm(R1, 1.5))).toMatch(/immediate 1.5 does not fit 32 bits/);
    expect(fails((a) => a.ldx("u64", R1, FP, 0.5))).toMatch(/offset 0.5 does not fit 16 signed bits/);
    expect(fails((a) => a.movImm(R1, Number.NaN))).toMatch(/immediate NaN/);
  });

  it("checks shift amounts against the operation width", () => {
    ok((a) => a.aluImm("lsh", R1, 63));
    ok((a) => a.alu32Imm("arsh", R1, 31));
    expect(fails((a) => a.aluImm("rsh", R1, 64))).toMatch(/shift by 64 is outside 0..63/);
    expect(fails((a) => a.alu32Imm("lsh", R1, 32))).toMatch(/shift by 32 is outside 0..31/);
    expect(fails((a) => a.aluImm("arsh", R1, -1))).toMatch(/shift by -1/);
  });

  it("rejects division by the constant zero", () => {
    for (const op of ["div", "sdiv", "mod", "smod"] as const) {
      expect(fails((a) => a.aluImm(op, R1, 0))).toMatch(/division by the constant zero/);
      expect(fails((a) => a.alu32Imm(op, R1, 0))).toMatch(/division by the constant zero/);
    }
    ok((a) => a.aluReg("div", R1, R2));
  });

  it("checks stored immediates against the access width", () => {
    ok((a) => a.st("u8", FP, -1, -128));
    ok((a) => a.st("u8", FP, -1, 255));
    ok((a) => a.st("u16", FP, -2, 65535));
    ok((a) => a.st("u32", FP, -4, 0xffffffff));
    ok((a) => a.st("u64", FP, -8, -1));
    expect(fails((a) => a.st("u8", FP, -1, 256))).toMatch(/immediate 256 does not fit the access width \(-128..255\)/);
    expect(fails((a) => a.st("u16", FP, -2, -32769))).toMatch(/access width/);
    expect(fails((a) => a.st("u64", FP, -8, 0xffffffff))).toMatch(/sign-extended 64-bit width/);
  });

  it("checks ld_imm64 constants against 64 bits (signed or unsigned)", () => {
    ok((a) => a.ldImm64(R1, 2n ** 64n - 1n));
    ok((a) => a.ldImm64(R1, -(2n ** 63n)));
    expect(fails((a) => a.ldImm64(R1, 2n ** 64n))).toMatch(/constant 18446744073709551616 does not fit 64 bits/);
    expect(fails((a) => a.ldImm64(R1, -(2n ** 63n) - 1n))).toMatch(/does not fit 64 bits/);
  });

  it("checks offsets against 16 signed bits", () => {
    ok((a) => a.ldx("u64", R1, R2, -32768));
    expect(fails((a) => a.stx("u64", R1, 32768, R2))).toMatch(/offset 32768 does not fit 16 signed bits/);
  });
});

describe("registers", () => {
  it("rejects register numbers beyond r10", () => {
    expect(fails((a) => a.movReg(R1, 11 as Reg))).toMatch(/src register 11 is not r0..r10/);
    expect(fails((a) => a.movImm(-1 as Reg, 0))).toMatch(/dst register -1/);
  });

  it("rejects writes to the frame pointer but not reads or stores through it", () => {
    expect(fails((a) => a.movImm(FP, 0))).toMatch(/r10 \(the frame pointer\) is read-only/);
    expect(fails((a) => a.aluImm("add", FP, -8))).toMatch(/read-only/);
    expect(fails((a) => a.ldx("u64", FP, R1, 0))).toMatch(/read-only/);
    expect(fails((a) => a.ldImm64(FP, 0))).toMatch(/read-only/);
    ok((a) => (a.movReg(R1, FP), a.stx("u64", FP, -8, R1), a.st("u64", FP, -16, 0), a.ldx("u64", R1, FP, -8)));
  });
});

describe("raw instructions", () => {
  const raw = (code: number, fields: { dst?: Reg; src?: Reg; off?: number; imm?: number } = {}) =>
    fails((a) => a.emit({ code, dst: fields.dst ?? 0, src: fields.src ?? 0, off: fields.off ?? 0, imm: fields.imm ?? 0 }));

  it("rejects reserved ALU fields and unknown operations", () => {
    expect(raw(0x07, { dst: 1, off: 1 })).toMatch(/offset 1 is reserved/);
    expect(raw(0xbc, { dst: 1, off: 32 })).toMatch(/offset 32 is reserved/); // no 32-bit movsx from s32
    expect(raw(0xe7, { dst: 1 })).toMatch(/unknown ALU operation 0xe0/);
    expect(raw(0xd4, { dst: 1, imm: 8 })).toMatch(/byte swap width 8/);
    expect(raw(0xdf, { dst: 1, imm: 16 })).toMatch(/bswap \(ALU64 END\) takes no byte order/);
  });

  it("rejects bad memory modes, atomic ops and sizes", () => {
    expect(raw(0x22)).toMatch(/store-immediate must use BPF_MEM/);
    expect(raw(0x23)).toMatch(/store must use BPF_MEM or BPF_ATOMIC/);
    expect(raw(0x21)).toMatch(/load must use BPF_MEM or BPF_MEMSX/);
    expect(raw(0x99, { dst: 1 })).toMatch(/sign-extending loads are 8, 16 or 32 bits/);
    expect(raw(0xdb, { imm: 0x02 })).toMatch(/unknown atomic operation 0x2/);
    expect(raw(0xd3, { imm: 0x00 })).toMatch(/atomic read-modify-write is 32 or 64 bits wide/);
    expect(raw(0x18, { dst: 1, off: 1 })).toMatch(/ld_imm64 must have off = 0/);
    expect(raw(0x100)).toMatch(/opcode 256 is not a byte/);
  });

  it("accepts load-acquire and store-release in every size (kernel 6.15+)", () => {
    for (const code of [0xd3, 0xcb, 0xc3, 0xdb]) {
      ok((a) => a.emit({ code, dst: R1, src: R2, off: 0, imm: 0x100 }));
      ok((a) => a.emit({ code, dst: R1, src: R2, off: 0, imm: 0x110 }));
    }
  });
});

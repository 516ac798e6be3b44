// Encode/decode round trip for every opcode the builder can emit: decode(assemble(x)) gives back the
// fields, and re-assembling the decoded instructions gives back the same bytes.
import { describe, expect, it } from "vitest";
import type { AluOp, AtomicOp, Insn, JmpOp, Reg, Size } from "../../../../src/codegen/bpf/index.js";
import { Asm, Label, R1, R2, R3, R10, assemble, decode, formatInsn } from "../../../../src/codegen/bpf/index.js";

const ALU_OPS: AluOp[] = ["add", "sub", "mul", "div", "sdiv", "mod", "smod", "or", "and", "xor", "lsh", "rsh", "arsh"];
const JMP_OPS: JmpOp[] = ["jeq", "jne", "jgt", "jge", "jlt", "jle", "jsgt", "jsge", "jslt", "jsle", "jset"];
const SIZES: Size[] = ["u8", "u16", "u32", "u64"];
const ATOMICS: AtomicOp[] = ["add", "or", "and", "xor", "fetch_add", "fetch_or", "fetch_and", "fetch_xor", "xchg", "cmpxchg"];

/** One program using every builder method with every op and size. */
function everything(): Asm {
  const a = new Asm();
  const back = new Label("back");
  const fwd = new Label("fwd");
  a.label(back);
  a.movImm(R1, -123456);
  a.movReg(R2, R1);
  a.mov32Imm(R1, 0xfffffff0);
  a.mov32Reg(R1, R2);
  for (const bits of [8, 16, 32] as const) a.movsx(R3, R1, bits);
  for (const bits of [8, 16] as const) a.movsx32(R3, R1, bits);
  for (const op of ALU_OPS) {
    a.aluImm(op, R1, 7);
    a.aluReg(op, R1, R2);
    a.alu32Imm(op, R1, 7);
    a.alu32Reg(op, R1, R2);
  }
  a.neg(R1);
  a.neg32(R1);
  for (const kind of ["le", "be", "bswap"] as const) for (const bits of [16, 32, 64] as const) a.endian(kind, bits, R1);
  a.ldImm64(R1, 0xfedcba9876543210n);
  a.ldImm64(R1, -2n);
  a.ldMapFd(R1, "@m");
  a.ldMapValue(R2, ".data", 16);
  for (const size of SIZES) {
    a.ldx(size, R1, R10, -8);
    a.stx(size, R10, -8, R1);
    a.st(size, R10, -16, -1);
  }
  for (const size of ["u8", "u16", "u32"] as const) a.ldxs(size, R1, R10, -8);
  for (const op of ATOMICS) for (const size of ["u32", "u64"] as const) a.atomic(op, size, R10, -8, R2);
  for (const op of JMP_OPS) {
    a.jmpImm(op, R1, -1, fwd);
    a.jmpReg(op, R1, R2, back);
    a.jmp32Imm(op, R1, 0xffffffff, fwd);
    a.jmp32Reg(op, R1, R2, back);
  }
  a.ja(back);
  a.gotol(fwd);
  a.call(14);
  a.callLocal(fwd);
  a.label(fwd);
  a.exit();
  return a;
}

describe("encode/decode round trip", () => {
  const a = everything();
  const asm = assemble(a.insns);
  const decoded = decode(asm.bytecode);

  it("decodes one instruction per Insn, at the right slots", () => {
    expect(decoded).toHaveLength(a.insns.length);
    let slot = 0;
    decoded.forEach((d, i) => {
      expect(d.slot).toBe(slot);
      expect(d.width).toBe(a.insns[i]!.code === 0x18 ? 2 : 1);
      slot += d.width;
    });
    expect(slot * 8).toBe(asm.bytecode.length);
  });

  it("gives back every field (imm normalised to signed 32 bits, imm64 to unsigned 64)", () => {
    decoded.forEach((d, i) => {
      const insn = a.insns[i]!;
      expect({ code: d.code, dst: d.dst, src: d.src }).toEqual({ code: insn.code, dst: insn.dst, src: insn.src });
      if (insn.imm64 !== undefined) {
        // ld_imm64: the kernel's insn->imm is the constant's low half.
        expect(d.imm64).toBe(BigInt.asUintN(64, insn.imm64));
        expect(d.imm).toBe(Number(BigInt.asIntN(32, insn.imm64)));
      } else if (insn.target === undefined) expect({ off: d.off, imm: d.imm }).toEqual({ off: insn.off, imm: insn.imm | 0 });
    });
  });

  it("re-assembles the decoded instructions to the same bytes", () => {
    const again: Insn[] = decoded.map((d) => ({ code: d.code, dst: d.dst as Reg, src: d.src as Reg, off: d.off, imm: d.imm, imm64: d.imm64 }));
    expect(assemble(again).bytecode.equals(asm.bytecode)).toBe(true);
  });

  it("covers every distinct opcode the builder emits", () => {
    const codes = new Set(decoded.map((d) => d.code));
    // 13 ALU ops share 11 opcodes per class/source (sdiv/smod live in off) -> 44, + mov 4, + neg 2,
    // + endian 3, + ld_imm64, + ldx 4, + ldxs 3, + stx 4, + st 4, + atomic 2, + jumps 44, + ja, gotol, call, exit.
    expect(codes.size).toBe(44 + 4 + 2 + 3 + 1 + 4 + 3 + 4 + 4 + 2 + 44 + 4);
  });
});

describe("decode", () => {
  it("decodes any opcode byte and formats it without throwing", () => {
    for (let code = 0; code < 256; code++) {
      const buf = Buffer.alloc(16);
      buf[0] = code;
      buf[1] = 0x21;
      const [d] = decode(buf);
      expect(d!.code).toBe(code);
      expect(typeof formatInsn(d!)).toBe("string");
    }
  });

  it("reads registers from the low (dst) and high (src) nibbles and signed off/imm", () => {
    const [d] = decode(Buffer.from("bfa3feff" + "feffffff", "hex"));
    expect(d).toEqual({ slot: 0, code: 0xbf, dst: 3, src: 10, off: -2, imm: -2, width: 1 });
  });

  it("rejects a partial slot and a truncated ld_imm64", () => {
    expect(() => decode(Buffer.alloc(12))).toThrow(/multiple of 8/);
    expect(() => decode(Buffer.from("1801000000000000", "hex"))).toThrow(/ld_imm64 at slot 0/);
  });

  it("accepts any Uint8Array view", () => {
    const bytes = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
    expect(decode(bytes.subarray(8))[0]!.code).toBe(0x95);
  });
});

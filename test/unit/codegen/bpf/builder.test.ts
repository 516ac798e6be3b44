// Builder → exact bytes, like cilium/ebpf's TestDSL. Expected bytes are written from the uapi
// encoding (opcode, src<<4|dst, off le16, imm le32), not from the implementation's tables.
import { describe, expect, it } from "vitest";
import type { AluOp, AtomicOp, JmpOp, Size } from "../../../../src/codegen/bpf/index.js";
import { Asm, FP, HELPERS, Label, R0, R1, R2, R3, R6, R10, assemble } from "../../../../src/codegen/bpf/index.js";

/** One slot from "code regs off imm" hex groups, e.g. "b7 01 0000 16000000". */
const slot = (s: string) => s.replace(/\s+/g, "");

/** Builds one instruction (or a few), with a label `end` bound to a trailing exit that is not compared. */
function bytesOf(build: (a: Asm, end: Label) => void): string {
  const a = new Asm();
  const end = new Label("end");
  build(a, end);
  a.label(end);
  a.exit();
  return assemble(a.insns).bytecode.toString("hex").slice(0, -16);
}

const table: [string, (a: Asm, end: Label) => void, string][] = [
  ["movImm", (a) => a.movImm(R1, 22), "b7 01 0000 16000000"],
  ["movImm negative", (a) => a.movImm(R1, -1), "b7 01 0000 ffffffff"],
  ["movReg", (a) => a.movReg(R6, R1), "bf 16 0000 00000000"],
  ["movReg from fp", (a) => a.movReg(R2, FP), "bf a2 0000 00000000"],
  ["mov32Imm unsigned form", (a) => a.mov32Imm(R1, 0xffffffff), "b4 01 0000 ffffffff"],
  ["mov32Reg", (a) => a.mov32Reg(R1, R2), "bc 21 0000 00000000"],
  ["movsx 8", (a) => a.movsx(R3, R1, 8), "bf 13 0800 00000000"],
  ["movsx 16", (a) => a.movsx(R3, R1, 16), "bf 13 1000 00000000"],
  ["movsx 32", (a) => a.movsx(R3, R1, 32), "bf 13 2000 00000000"],
  ["movsx32 8", (a) => a.movsx32(R3, R1, 8), "bc 13 0800 00000000"],
  ["movsx32 16", (a) => a.movsx32(R3, R1, 16), "bc 13 1000 00000000"],
  ["neg", (a) => a.neg(R1), "87 01 0000 00000000"],
  ["neg32", (a) => a.neg32(R1), "84 01 0000 00000000"],
  ["le16", (a) => a.endian("le", 16, R1), "d4 01 0000 10000000"],
  ["le32", (a) => a.endian("le", 32, R1), "d4 01 0000 20000000"],
  ["le64", (a) => a.endian("le", 64, R1), "d4 01 0000 40000000"],
  ["be16", (a) => a.endian("be", 16, R2), "dc 02 0000 10000000"],
  ["be32", (a) => a.endian("be", 32, R2), "dc 02 0000 20000000"],
  ["be64", (a) => a.endian("be", 64, R2), "dc 02 0000 40000000"],
  ["bswap16", (a) => a.endian("bswap", 16, R3), "d7 03 0000 10000000"],
  ["bswap32", (a) => a.endian("bswap", 32, R3), "d7 03 0000 20000000"],
  ["bswap64", (a) => a.endian("bswap", 64, R3), "d7 03 0000 40000000"],
  ["ldImm64", (a) => a.ldImm64(R1, 0x123456789abcdef0n), slot("18 01 0000 f0debc9a") + slot("00 00 0000 78563412")],
  ["ldImm64 -1", (a) => a.ldImm64(R2, -1n), slot("18 02 0000 ffffffff") + slot("00 00 0000 ffffffff")],
  ["ldImm64 number", (a) => a.ldImm64(R2, 5), slot("18 02 0000 05000000") + slot("00 00 0000 00000000")],
  ["ldMapFd", (a) => a.ldMapFd(R1, "@counts"), slot("18 11 0000 00000000") + slot("00 00 0000 00000000")],
  ["ldMapValue", (a) => a.ldMapValue(R1, ".rodata", 8), slot("18 21 0000 00000000") + slot("00 00 0000 08000000")],
  ["st u64 negative", (a) => a.st("u64", FP, -8, -3), "7a 0a f8ff fdffffff"],
  ["st u32 unsigned form", (a) => a.st("u32", R1, 4, 0xffffffff), "62 01 0400 ffffffff"],
  ["st u16", (a) => a.st("u16", FP, -2, 0xbeef), "6a 0a feff efbe0000"],
  ["st u8", (a) => a.st("u8", FP, -1, 255), "72 0a ffff ff000000"],
  ["call", (a) => a.call(HELPERS.get_current_pid_tgid), "85 00 0000 0e000000"],
  ["call map_lookup_elem", (a) => a.call(HELPERS.map_lookup_elem), "85 00 0000 01000000"],
  ["exit", (a) => a.exit(), "95 00 0000 00000000"],
  ["ja", (a, end) => a.ja(end), "05 00 0000 00000000"],
  ["ja over one", (a, end) => (a.ja(end), a.movImm(R0, 0)), slot("05 00 0100 00000000") + slot("b7 00 0000 00000000")],
  ["gotol", (a, end) => (a.gotol(end), a.movImm(R0, 0)), slot("06 00 0000 01000000") + slot("b7 00 0000 00000000")],
  ["callLocal", (a, end) => a.callLocal(end), "85 10 0000 00000000"],
  ["loadConst small", (a) => a.loadConst(R1, -5), "b7 01 0000 fbffffff"],
  ["loadConst u32", (a) => a.loadConst(R1, 0x80000000), "b4 01 0000 00000080"],
  ["loadConst wide", (a) => a.loadConst(R1, 2n ** 32n), slot("18 01 0000 00000000") + slot("00 00 0000 01000000")],
  ["loadConst bigint u64 max", (a) => a.loadConst(R1, 2n ** 64n - 1n), "b7 01 0000 ffffffff"],
];

describe("Asm builder → bytes", () => {
  it.each(table)("%s", (_name, build, hex) => {
    expect(bytesOf(build)).toBe(slot(hex));
  });
});

// Operation nibbles from linux/bpf.h and bpf_common.h, written independently of the implementation.
const ALU: [AluOp, number, number][] = [
  ["add", 0x0, 0],
  ["sub", 0x1, 0],
  ["mul", 0x2, 0],
  ["div", 0x3, 0],
  ["sdiv", 0x3, 1],
  ["or", 0x4, 0],
  ["and", 0x5, 0],
  ["lsh", 0x6, 0],
  ["rsh", 0x7, 0],
  ["mod", 0x9, 0],
  ["smod", 0x9, 1],
  ["xor", 0xa, 0],
  ["arsh", 0xc, 0],
];
const JMP: [JmpOp, number][] = [
  ["jeq", 0x1],
  ["jgt", 0x2],
  ["jge", 0x3],
  ["jset", 0x4],
  ["jne", 0x5],
  ["jsgt", 0x6],
  ["jsge", 0x7],
  ["jlt", 0xa],
  ["jle", 0xb],
  ["jslt", 0xc],
  ["jsle", 0xd],
];
const SIZE: [Size, number][] = [
  ["u32", 0x00],
  ["u16", 0x08],
  ["u8", 0x10],
  ["u64", 0x18],
];
const ATOMIC: [AtomicOp, string][] = [
  ["add", "00000000"],
  ["or", "40000000"],
  ["and", "50000000"],
  ["xor", "a0000000"],
  ["fetch_add", "01000000"],
  ["fetch_or", "41000000"],
  ["fetch_and", "51000000"],
  ["fetch_xor", "a1000000"],
  ["xchg", "e1000000"],
  ["cmpxchg", "f1000000"],
];
const h2 = (n: number) => n.toString(16).padStart(2, "0");
const offHex = (off: number) => h2(off & 0xff) + h2((off >> 8) & 0xff);

describe("every ALU op", () => {
  it.each(ALU)("%s", (op, nibble, off) => {
    const o = offHex(off);
    expect(bytesOf((a) => a.aluImm(op, R1, 3))).toBe(slot(`${h2((nibble << 4) | 0x07)} 01 ${o} 03000000`));
    expect(bytesOf((a) => a.aluReg(op, R1, R2))).toBe(slot(`${h2((nibble << 4) | 0x0f)} 21 ${o} 00000000`));
    expect(bytesOf((a) => a.alu32Imm(op, R1, 3))).toBe(slot(`${h2((nibble << 4) | 0x04)} 01 ${o} 03000000`));
    expect(bytesOf((a) => a.alu32Reg(op, R1, R2))).toBe(slot(`${h2((nibble << 4) | 0x0c)} 21 ${o} 00000000`));
  });
});

describe("every jump op", () => {
  it.each(JMP)("%s", (op, nibble) => {
    // The label is bound to the trailing exit, one slot after the jump: off = 0.
    expect(bytesOf((a, end) => a.jmpImm(op, R1, -2, end))).toBe(slot(`${h2((nibble << 4) | 0x05)} 01 0000 feffffff`));
    expect(bytesOf((a, end) => a.jmpReg(op, R1, R2, end))).toBe(slot(`${h2((nibble << 4) | 0x0d)} 21 0000 00000000`));
    expect(bytesOf((a, end) => a.jmp32Imm(op, R3, 0xfffffffe, end))).toBe(slot(`${h2((nibble << 4) | 0x06)} 03 0000 feffffff`));
    expect(bytesOf((a, end) => a.jmp32Reg(op, R1, R2, end))).toBe(slot(`${h2((nibble << 4) | 0x0e)} 21 0000 00000000`));
  });
});

describe("every load/store size", () => {
  it.each(SIZE)("%s", (size, bits) => {
    expect(bytesOf((a) => a.ldx(size, R3, R10, -8))).toBe(slot(`${h2(0x61 | bits)} a3 f8ff 00000000`));
    expect(bytesOf((a) => a.stx(size, R10, -8, R1))).toBe(slot(`${h2(0x63 | bits)} 1a f8ff 00000000`));
    expect(bytesOf((a) => a.st(size, R10, -16, 7))).toBe(slot(`${h2(0x62 | bits)} 0a f0ff 07000000`));
    if (size !== "u64") expect(bytesOf((a) => a.ldxs(size, R3, R1, 2))).toBe(slot(`${h2(0x81 | bits)} 13 0200 00000000`));
  });
});

describe("every atomic op", () => {
  it.each(ATOMIC)("%s", (op, imm) => {
    expect(bytesOf((a) => a.atomic(op, "u64", R1, 8, R2))).toBe(slot(`db 21 0800 ${imm}`));
    expect(bytesOf((a) => a.atomic(op, "u32", R1, -4, R2))).toBe(slot(`c3 21 fcff ${imm}`));
  });
});

describe("Asm metadata", () => {
  it("returns the appended Insn and keeps them in order", () => {
    const a = new Asm();
    const i = a.movImm(R1, 1);
    a.exit();
    expect(a.insns[0]).toBe(i);
    expect(a.insns).toHaveLength(2);
  });

  it("attaches the current span to every following instruction and a comment to the next only", () => {
    const a = new Asm();
    a.movImm(R0, 0);
    a.at("S1");
    a.comment("first");
    a.comment("second");
    a.movImm(R1, 1);
    a.movImm(R2, 2);
    a.at("S2");
    a.exit();
    expect(a.insns.map((i) => i.span)).toEqual([undefined, "S1", "S1", "S2"]);
    expect(a.insns.map((i) => i.comment)).toEqual([undefined, "first; second", undefined, undefined]);
  });

  it("binds pending labels to the next instruction and reports labels left at the end", () => {
    const a = new Asm();
    const l1 = new Label("a");
    const l2 = new Label("b");
    a.label(l1);
    a.label(l2);
    a.exit();
    expect(a.insns[0]!.labels).toEqual([l1, l2]);
    const l3 = new Label("c");
    a.label(l3);
    expect(a.unboundLabels).toEqual([l3]);
  });
});

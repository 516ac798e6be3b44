// formatInsn/disassemble against the kernel's own text. KERNEL holds the lines that Linux 6.18's
// verifier printed (print_bpf_insn in kernel/bpf/disasm.c, log_level 2) when these very programs were
// loaded with BPF_PROG_LOAD as root; map-pointer lines are left out (the kernel prints the address).
// The other cases are written from disasm.c's format strings.
import { describe, expect, it } from "vitest";
import type { AluOp, AtomicOp, DecodedInsn, JmpOp, Size } from "../../../../src/codegen/bpf/index.js";
import { Asm, FP, HELPERS, Label, R0, R1, R2, R3, assemble, decode, disassemble, formatInsn } from "../../../../src/codegen/bpf/index.js";

const ALU: AluOp[] = ["add", "sub", "mul", "div", "sdiv", "mod", "smod", "or", "and", "xor", "lsh", "rsh", "arsh"];
const JMP: JmpOp[] = ["jeq", "jne", "jgt", "jge", "jlt", "jle", "jsgt", "jsge", "jslt", "jsle", "jset"];
const ATOMIC: AtomicOp[] = ["add", "or", "and", "xor", "fetch_add", "fetch_or", "fetch_and", "fetch_xor", "xchg"];
const pre = (a: Asm) => (a.movImm(R1, 5), a.movImm(R2, 3));
const post = (a: Asm) => (a.movImm(R0, 0), a.exit());

const PROGRAMS: Record<string, (a: Asm) => void> = {
  alu: (a) => {
    pre(a);
    for (const op of ALU) {
      const shift = op.endsWith("sh");
      a.aluImm(op, R1, shift ? 3 : -7);
      a.aluReg(op, R1, R2);
      a.alu32Imm(op, R1, shift ? 3 : 7);
      a.alu32Reg(op, R1, R2);
    }
    post(a);
  },
  mov: (a) => {
    pre(a);
    a.movImm(R3, -1);
    a.mov32Imm(R3, -1);
    a.mov32Imm(R3, 0xffffffff);
    a.movReg(R3, R1);
    a.mov32Reg(R3, R1);
    a.movsx(R3, R1, 8);
    a.movsx(R3, R1, 16);
    a.movsx(R3, R1, 32);
    a.movsx32(R3, R1, 8);
    a.movsx32(R3, R1, 16);
    a.neg(R3);
    a.neg32(R3);
    post(a);
  },
  endian: (a) => {
    pre(a);
    for (const kind of ["le", "be", "bswap"] as const) for (const bits of [16, 32, 64] as const) a.endian(kind, bits, R1);
    post(a);
  },
  mem: (a) => {
    pre(a);
    for (const size of ["u8", "u16", "u32", "u64"] as Size[]) {
      a.stx(size, FP, -8, R1);
      a.st(size, FP, -16, -3);
      a.ldx(size, R3, FP, -8);
    }
    for (const size of ["u8", "u16", "u32"] as const) a.ldxs(size, R3, FP, -8);
    post(a);
  },
  atomic: (a) => {
    pre(a);
    a.stx("u64", FP, -8, R1);
    for (const size of ["u32", "u64"] as const) for (const op of ATOMIC) a.atomic(op, size, FP, -8, R2);
    a.movImm(R0, 0);
    a.atomic("cmpxchg", "u64", FP, -8, R2);
    a.movImm(R0, 0);
    a.atomic("cmpxchg", "u32", FP, -8, R2);
    post(a);
  },
  acqrel: (a) => {
    pre(a);
    a.stx("u64", FP, -8, R1);
    a.emit({ code: 0xdb, dst: R3, src: FP, off: -8, imm: 0x100 });
    a.emit({ code: 0xc3, dst: R3, src: FP, off: -8, imm: 0x100 });
    a.emit({ code: 0xdb, dst: FP, src: R1, off: -8, imm: 0x110 });
    a.emit({ code: 0xd3, dst: FP, src: R1, off: -8, imm: 0x110 });
    post(a);
  },
  ld64: (a) => {
    a.ldImm64(R1, 0x123456789abcdefn);
    a.ldImm64(R2, -1n);
    a.ldMapFd(R1, "m");
    a.ldMapValue(R2, "m", 8);
    post(a);
  },
  jmp: (a) => {
    // Unknown values, so that the verifier walks (and prints) both sides of every branch.
    a.call(HELPERS.get_prandom_u32);
    a.movReg(6, R0);
    a.call(HELPERS.get_prandom_u32);
    a.movReg(7, R0);
    for (const op of JMP) {
      const l = new Label();
      a.jmpImm(op, 6, -2, l);
      a.jmpReg(op, 6, 7, l);
      a.jmp32Imm(op, 6, 7, l);
      a.jmp32Reg(op, 6, 7, l);
      a.label(l);
    }
    const e = new Label();
    a.ja(e);
    a.label(e);
    const g = new Label();
    a.gotol(g);
    a.label(g);
    post(a);
  },
  call: (a) => {
    a.call(HELPERS.get_current_pid_tgid);
    a.call(HELPERS.ktime_get_ns);
    a.movImm(R1, 0);
    a.movImm(R2, 0);
    a.call(HELPERS.get_prandom_u32);
    const f = new Label("f");
    a.callLocal(f);
    post(a);
    a.label(f);
    a.movImm(R0, 1);
    a.exit();
  },
  maygoto: (a) => {
    const top = new Label();
    a.label(top);
    a.emit({ code: 0xe5, dst: 0, src: 0, off: 1, imm: 0 });
    a.ja(top);
    post(a);
  },
};

const KERNEL: Record<string, string[]> = {
  alu: [
    "0: (b7) r1 = 5",
    "1: (b7) r2 = 3",
    "2: (07) r1 += -7",
    "3: (0f) r1 += r2",
    "4: (04) w1 += 7",
    "5: (0c) w1 += w2",
    "6: (17) r1 -= -7",
    "7: (1f) r1 -= r2",
    "8: (14) w1 -= 7",
    "9: (1c) w1 -= w2",
    "10: (27) r1 *= -7",
    "11: (2f) r1 *= r2",
    "12: (24) w1 *= 7",
    "13: (2c) w1 *= w2",
    "14: (37) r1 /= -7",
    "15: (3f) r1 /= r2",
    "16: (34) w1 /= 7",
    "17: (3c) w1 /= w2",
    "18: (37) r1 s/= -7",
    "19: (3f) r1 s/= r2",
    "20: (34) w1 s/= 7",
    "21: (3c) w1 s/= w2",
    "22: (97) r1 %= -7",
    "23: (9f) r1 %= r2",
    "24: (94) w1 %= 7",
    "25: (9c) w1 %= w2",
    "26: (97) r1 s%= -7",
    "27: (9f) r1 s%= r2",
    "28: (94) w1 s%= 7",
    "29: (9c) w1 s%= w2",
    "30: (47) r1 |= -7",
    "31: (4f) r1 |= r2",
    "32: (44) w1 |= 7",
    "33: (4c) w1 |= w2",
    "34: (57) r1 &= -7",
    "35: (5f) r1 &= r2",
    "36: (54) w1 &= 7",
    "37: (5c) w1 &= w2",
    "38: (a7) r1 ^= -7",
    "39: (af) r1 ^= r2",
    "40: (a4) w1 ^= 7",
    "41: (ac) w1 ^= w2",
    "42: (67) r1 <<= 3",
    "43: (6f) r1 <<= r2",
    "44: (64) w1 <<= 3",
    "45: (6c) w1 <<= w2",
    "46: (77) r1 >>= 3",
    "47: (7f) r1 >>= r2",
    "48: (74) w1 >>= 3",
    "49: (7c) w1 >>= w2",
    "50: (c7) r1 s>>= 3",
    "51: (cf) r1 s>>= r2",
    "52: (c4) w1 s>>= 3",
    "53: (cc) w1 s>>= w2",
    "54: (b7) r0 = 0",
    "55: (95) exit",
  ],
  mov: [
    "0: (b7) r1 = 5",
    "1: (b7) r2 = 3",
    "2: (b7) r3 = -1",
    "3: (b4) w3 = -1",
    "4: (b4) w3 = -1",
    "5: (bf) r3 = r1",
    "6: (bc) w3 = w1",
    "7: (bf) r3 = (s8)r1",
    "8: (bf) r3 = (s16)r1",
    "9: (bf) r3 = (s32)r1",
    "10: (bc) w3 = (s8)w1",
    "11: (bc) w3 = (s16)w1",
    "12: (87) r3 = -r3",
    "13: (84) w3 = -w3",
    "14: (b7) r0 = 0",
    "15: (95) exit",
  ],
  endian: [
    "0: (b7) r1 = 5",
    "1: (b7) r2 = 3",
    "2: (d4) r1 = le16 r1",
    "3: (d4) r1 = le32 r1",
    "4: (d4) r1 = le64 r1",
    "5: (dc) r1 = be16 r1",
    "6: (dc) r1 = be32 r1",
    "7: (dc) r1 = be64 r1",
    "8: (d7) r1 = bswap16 r1",
    "9: (d7) r1 = bswap32 r1",
    "10: (d7) r1 = bswap64 r1",
    "11: (b7) r0 = 0",
    "12: (95) exit",
  ],
  mem: [
    "0: (b7) r1 = 5",
    "1: (b7) r2 = 3",
    "2: (73) *(u8 *)(r10 -8) = r1",
    "3: (72) *(u8 *)(r10 -16) = -3",
    "4: (71) r3 = *(u8 *)(r10 -8)",
    "5: (6b) *(u16 *)(r10 -8) = r1",
    "6: (6a) *(u16 *)(r10 -16) = -3",
    "7: (69) r3 = *(u16 *)(r10 -8)",
    "8: (63) *(u32 *)(r10 -8) = r1",
    "9: (62) *(u32 *)(r10 -16) = -3",
    "10: (61) r3 = *(u32 *)(r10 -8)",
    "11: (7b) *(u64 *)(r10 -8) = r1",
    "12: (7a) *(u64 *)(r10 -16) = -3",
    "13: (79) r3 = *(u64 *)(r10 -8)",
    "14: (91) r3 = *(s8 *)(r10 -8)",
    "15: (89) r3 = *(s16 *)(r10 -8)",
    "16: (81) r3 = *(s32 *)(r10 -8)",
    "17: (b7) r0 = 0",
    "18: (95) exit",
  ],
  atomic: [
    "0: (b7) r1 = 5",
    "1: (b7) r2 = 3",
    "2: (7b) *(u64 *)(r10 -8) = r1",
    "3: (c3) lock *(u32 *)(r10 -8) += r2",
    "4: (c3) lock *(u32 *)(r10 -8) |= r2",
    "5: (c3) lock *(u32 *)(r10 -8) &= r2",
    "6: (c3) lock *(u32 *)(r10 -8) ^= r2",
    "7: (c3) r2 = atomic_fetch_add((u32 *)(r10 -8), r2)",
    "8: (c3) r2 = atomic_fetch_or((u32 *)(r10 -8), r2)",
    "9: (c3) r2 = atomic_fetch_and((u32 *)(r10 -8), r2)",
    "10: (c3) r2 = atomic_fetch_xor((u32 *)(r10 -8), r2)",
    "11: (c3) r2 = atomic_xchg((u32 *)(r10 -8), r2)",
    "12: (db) lock *(u64 *)(r10 -8) += r2",
    "13: (db) lock *(u64 *)(r10 -8) |= r2",
    "14: (db) lock *(u64 *)(r10 -8) &= r2",
    "15: (db) lock *(u64 *)(r10 -8) ^= r2",
    "16: (db) r2 = atomic64_fetch_add((u64 *)(r10 -8), r2)",
    "17: (db) r2 = atomic64_fetch_or((u64 *)(r10 -8), r2)",
    "18: (db) r2 = atomic64_fetch_and((u64 *)(r10 -8), r2)",
    "19: (db) r2 = atomic64_fetch_xor((u64 *)(r10 -8), r2)",
    "20: (db) r2 = atomic64_xchg((u64 *)(r10 -8), r2)",
    "21: (b7) r0 = 0",
    "22: (db) r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r2)",
    "23: (b7) r0 = 0",
    "24: (c3) r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r2)",
    "25: (b7) r0 = 0",
    "26: (95) exit",
  ],
  acqrel: [
    "0: (b7) r1 = 5",
    "1: (b7) r2 = 3",
    "2: (7b) *(u64 *)(r10 -8) = r1",
    "3: (db) r3 = load_acquire((u64 *)(r10 -8))",
    "4: (c3) r3 = load_acquire((u32 *)(r10 -8))",
    "5: (db) store_release((u64 *)(r10 -8), r1)",
    "6: (d3) store_release((u8 *)(r10 -8), r1)",
    "7: (b7) r0 = 0",
    "8: (95) exit",
  ],
  ld64: [
    "0: (18) r1 = 0x123456789abcdef",
    "2: (18) r2 = 0xffffffffffffffff",
    "8: (b7) r0 = 0",
    "9: (95) exit",
  ],
  jmp: [
    "0: (85) call bpf_get_prandom_u32#7",
    "1: (bf) r6 = r0",
    "2: (85) call bpf_get_prandom_u32#7",
    "3: (bf) r7 = r0",
    "4: (15) if r6 == 0xfffffffe goto pc+3",
    "5: (1d) if r6 == r7 goto pc+2",
    "6: (16) if w6 == 0x7 goto pc+1",
    "7: (1e) if w6 == w7 goto pc+0",
    "8: (55) if r6 != 0xfffffffe goto pc+3",
    "9: (5d) if r6 != r7 goto pc+2",
    "10: (56) if w6 != 0x7 goto pc+1",
    "12: (25) if r6 > 0xfffffffe goto pc+3",
    "13: (2d) if r6 > r7 goto pc+2",
    "14: (26) if w6 > 0x7 goto pc+1",
    "15: (2e) if w6 > w7 goto pc+0",
    "16: (35) if r6 >= 0xfffffffe goto pc+3",
    "17: (3d) if r6 >= r7 goto pc+2",
    "18: (36) if w6 >= 0x7 goto pc+1",
    "19: (3e) if w6 >= w7 goto pc+0",
    "20: (a5) if r6 < 0xfffffffe goto pc+3",
    "21: (ad) if r6 < r7 goto pc+2",
    "22: (a6) if w6 < 0x7 goto pc+1",
    "23: (ae) if w6 < w7 goto pc+0",
    "24: (b5) if r6 <= 0xfffffffe goto pc+3",
    "25: (bd) if r6 <= r7 goto pc+2",
    "26: (b6) if w6 <= 0x7 goto pc+1",
    "27: (be) if w6 <= w7 goto pc+0",
    "28: (65) if r6 s> 0xfffffffe goto pc+3",
    "29: (6d) if r6 s> r7 goto pc+2",
    "30: (66) if w6 s> 0x7 goto pc+1",
    "31: (6e) if w6 s> w7 goto pc+0",
    "32: (75) if r6 s>= 0xfffffffe goto pc+3",
    "33: (7d) if r6 s>= r7 goto pc+2",
    "34: (76) if w6 s>= 0x7 goto pc+1",
    "35: (7e) if w6 s>= w7 goto pc+0",
    "36: (c5) if r6 s< 0xfffffffe goto pc+3",
    "37: (cd) if r6 s< r7 goto pc+2",
    "38: (c6) if w6 s< 0x7 goto pc+1",
    "39: (ce) if w6 s< w7 goto pc+0",
    "40: (d5) if r6 s<= 0xfffffffe goto pc+3",
    "41: (dd) if r6 s<= r7 goto pc+2",
    "42: (d6) if w6 s<= 0x7 goto pc+1",
    "43: (de) if w6 s<= w7 goto pc+0",
    "44: (45) if r6 & 0xfffffffe goto pc+3",
    "45: (4d) if r6 & r7 goto pc+2",
    "46: (46) if w6 & 0x7 goto pc+1",
    "47: (4e) if w6 & w7 goto pc+0",
    "48: (05) goto pc+0",
    "49: (06) gotol pc+0",
    "50: (b7) r0 = 0",
    "51: (95) exit",
  ],
  call: [
    "0: (85) call bpf_get_current_pid_tgid#14",
    "1: (85) call bpf_ktime_get_ns#5",
    "2: (b7) r1 = 0",
    "3: (b7) r2 = 0",
    "4: (85) call bpf_get_prandom_u32#7",
    "5: (85) call pc+2",
    "6: (b7) r0 = 0",
    "7: (95) exit",
    "8: (b7) r0 = 1",
    "9: (95) exit",
  ],
  maygoto: [
    "0: (e5) may_goto pc+1",
    "1: (05) goto pc-2",
    "2: (b7) r0 = 0",
    "3: (95) exit",
  ],
};

describe("formatInsn matches the Linux 6.18 verifier log", () => {
  it.each(Object.keys(KERNEL))("%s", (name) => {
    const a = new Asm();
    PROGRAMS[name]!(a);
    const bySlot = new Map(decode(assemble(a.insns).bytecode).map((d) => [d.slot, d]));
    const ours = KERNEL[name]!.map((line) => {
      const slot = Number(line.split(":")[0]);
      return `${slot}: ${formatInsn(bySlot.get(slot)!)}`;
    });
    expect(ours).toEqual(KERNEL[name]);
  });
});

/** The first instruction of some hex bytes, placed at `slot`. */
function raw(hex: string, slot = 0): DecodedInsn {
  return { ...decode(Buffer.from(hex.replace(/\s+/g, ""), "hex"))[0]!, slot };
}

describe("formatInsn, from disasm.c's format strings", () => {
  it.each([
    ["legacy packet load, absolute", "30 00 0000 0c000000", "(30) r0 = *(u8 *)skb[12]"],
    ["legacy packet load, indirect", "40 10 0000 04000000", "(40) r0 = *(u32 *)skb[r1 + 4]"],
    ["addr_space_cast", "bf 21 0100 00000100", "(bf) r1 = addr_space_cast(r2, 1, 0)"],
    ["kfunc call", "85 20 0000 d2040000", "(85) call kernel-function#1234"],
    ["helper the header does not know", "85 00 0000 0f270000", "(85) call unknown#9999"],
    ["bpf-to-bpf call backwards", "85 10 0000 fdffffff", "(85) call pc-3"],
    ["nospec", "c2 00 0000 00000000", "(c2) nospec"],
    ["jump to a negative imm prints its 32 bits in hex", "b5 01 0500 00000080", "(b5) if r1 <= 0x80000000 goto pc+5"],
    ["backward goto", "05 00 f6ff 00000000", "(05) goto pc-10"],
    ["gotol backwards", "06 00 0000 9cffffff", "(06) gotol pc-100"],
    ["ld_imm64 with a map fd and no name prints the raw constant", "18 11 0000 05000000 00 00 0000 00000000", "(18) r1 = 0x5"],
    ["ALU64 mov with K source ignores off", "b7 01 0800 05000000", "(b7) r1 = 5"],
    ["store imm prints a signed decimal", "7a 0a f8ff ffffffff", "(7a) *(u64 *)(r10 -8) = -1"],
    ["non-negative offsets get a plus sign", "79 21 1000 00000000", "(79) r1 = *(u64 *)(r2 +16)"],
    ["STX with an unknown mode", "23 00 0000 00000000", "BUG_23"],
    ["STX atomic with an unknown op", "db 21 0000 02000000", "BUG_db"],
    ["ST with an unknown mode", "22 00 0000 00000000", "BUG_st_22"],
    ["LDX with an unknown mode", "21 00 0000 00000000", "BUG_ldx_21"],
    ["LD that is not ld_imm64/ABS/IND", "00 00 0000 00000000", "BUG_ld_00"],
    ["ALU op with no name (NULL in C, printf says (null))", "e7 01 0000 05000000", "(e7) r1 (null) 5"],
  ])("%s", (_name, hex, text) => {
    expect(formatInsn(raw(hex))).toBe(text);
  });

  it("uses helperName and mapName when given", () => {
    const call = raw("85 00 0000 0e000000");
    expect(formatInsn(call, { helperName: (id) => `helper_${id}` })).toBe("(85) call helper_14#14");
    expect(formatInsn(call, { helperName: () => undefined })).toBe("(85) call bpf_get_current_pid_tgid#14");
    const map = raw("18 11 0000 00000000 00 00 0000 00000000", 7);
    expect(formatInsn(map, { mapName: (slot) => (slot === 7 ? "@x" : undefined) })).toBe("(18) r1 = map[@x]");
    expect(formatInsn(raw("18 01 0000 00000000 00 00 0000 00000000", 7), { mapName: () => "@x" })).toBe("(18) r1 = 0x0");
  });
});

describe("disassemble", () => {
  const span = (line: number) => ({ file: "t.bt", start: { line } });
  const lines = ["", "BEGIN {", "  @counts[pid] = count();", "  exit();", "}"];
  const sourceLine = (s: unknown) => {
    const l = (s as { start: { line: number } } | undefined)?.start.line;
    return l === undefined ? undefined : lines[l]!.trim();
  };

  function program(): Asm {
    const a = new Asm();
    a.at(span(1));
    a.movReg(6, R1);
    a.at(span(2));
    a.call(HELPERS.get_current_pid_tgid);
    a.comment("pid");
    a.aluImm("rsh", R0, 32);
    a.stx("u64", FP, -8, R0);
    a.ldMapFd(R1, "@counts");
    a.at(span(3));
    a.movImm(R0, 0);
    a.at(span(2));
    a.movImm(R0, 0);
    a.at(undefined);
    a.exit();
    return a;
  }

  it("prints %4d: lines, map names, trailing comments and a ; header per change of source line", () => {
    expect(disassemble(assemble(program().insns), { sourceLine })).toBe(
      [
        "; BEGIN {",
        "   0: (bf) r6 = r1",
        "; @counts[pid] = count();",
        "   1: (85) call bpf_get_current_pid_tgid#14",
        "   2: (77) r0 >>= 32  ; pid",
        "   3: (7b) *(u64 *)(r10 -8) = r0",
        "   4: (18) r1 = map[@counts]",
        "; exit();",
        "   6: (b7) r0 = 0",
        "; @counts[pid] = count();",
        "   7: (b7) r0 = 0",
        "   8: (95) exit",
        "",
      ].join("\n"),
    );
  });

  it("prints no headers without sourceLine", () => {
    const text = disassemble(assemble(program().insns));
    expect(text).not.toMatch(/^;/m);
    expect(text.split("\n")[0]).toBe("   0: (bf) r6 = r1");
  });

  it("widens the index column past 9999 slots", () => {
    const a = new Asm();
    for (let i = 0; i < 10_001; i++) a.movImm(R0, 0);
    a.exit();
    expect(disassemble(assemble(a.insns)).split("\n").slice(9999, 10_002)).toEqual([
      "9999: (b7) r0 = 0",
      "10000: (b7) r0 = 0",
      "10001: (95) exit",
    ]);
  });
});

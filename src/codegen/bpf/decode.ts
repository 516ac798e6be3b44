/**
 * Bytecode → instruction model, for round-trip tests and the disassembler. Decoding is total: any
 * bytes decode (unknown opcodes included) so that the disassembler can show what the kernel would.
 */
import type { Insn } from "./insn.js";
import { insnWidth } from "./insn.js";
import { LD_IMM64 } from "./opcodes.js";

/** One decoded instruction: raw fields as the kernel sees them, located by slot. */
export interface DecodedInsn {
  /** Index of the instruction's first 8-byte slot. */
  slot: number;
  /** The opcode byte. */
  code: number;
  /** The dst nibble (0..15; only 0..10 are registers). */
  dst: number;
  /** The src nibble (a register, or a BPF_PSEUDO_* value for ld_imm64 and call). */
  src: number;
  /** Signed 16-bit offset. */
  off: number;
  /** Signed 32-bit immediate (for ld_imm64: the low half, as the kernel's insn->imm). */
  imm: number;
  /** ld_imm64 only: the full 64-bit constant, unsigned. */
  imm64?: bigint;
  /** Slots taken: 2 for ld_imm64. */
  width: 1 | 2;
}

/** Splits bytecode into instructions; throws if it is not whole slots or ends inside an ld_imm64. */
export function decode(bytecode: Uint8Array): DecodedInsn[] {
  if (bytecode.length % 8 !== 0) throw new RangeError(`bytecode length ${bytecode.length} is not a multiple of 8`);
  const buf = Buffer.from(bytecode.buffer, bytecode.byteOffset, bytecode.length);
  const out: DecodedInsn[] = [];
  const slots = buf.length / 8;
  for (let slot = 0; slot < slots; ) {
    const at = slot * 8;
    const code = buf.readUInt8(at);
    const regs = buf.readUInt8(at + 1);
    const insn: DecodedInsn = {
      slot,
      code,
      dst: regs & 0xf,
      src: regs >> 4,
      off: buf.readInt16LE(at + 2),
      imm: buf.readInt32LE(at + 4),
      width: code === LD_IMM64 ? 2 : 1,
    };
    if (code === LD_IMM64) {
      if (slot + 1 >= slots) throw new RangeError(`ld_imm64 at slot ${slot} has no second slot`);
      insn.imm64 = (BigInt(buf.readUInt32LE(at + 12)) << 32n) | BigInt(buf.readUInt32LE(at + 4));
    }
    out.push(insn);
    slot += insn.width;
  }
  return out;
}

/** The model of an unassembled Insn at `slot` (labels unresolved, imm as given), for messages. */
export function decodedFrom(insn: Insn, slot: number): DecodedInsn {
  const d: DecodedInsn = { slot, code: insn.code, dst: insn.dst, src: insn.src, off: insn.off, imm: insn.imm, width: insnWidth(insn) };
  if (insn.code === LD_IMM64) d.imm64 = BigInt.asUintN(64, insn.imm64 ?? BigInt(insn.imm));
  return d;
}

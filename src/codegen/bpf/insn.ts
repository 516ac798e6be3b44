/**
 * The instruction model: one `Insn` per instruction, close to the wire format (so encoding is a
 * plain copy plus range checks), with labels and map references kept symbolic until `assemble()`.
 */
import {
  BPF_ADD,
  BPF_AND,
  BPF_ARSH,
  BPF_B,
  BPF_CMPXCHG,
  BPF_DIV,
  BPF_DW,
  BPF_FETCH,
  BPF_H,
  BPF_JEQ,
  BPF_JGE,
  BPF_JGT,
  BPF_JLE,
  BPF_JLT,
  BPF_JNE,
  BPF_JSET,
  BPF_JSGE,
  BPF_JSGT,
  BPF_JSLE,
  BPF_JSLT,
  BPF_LSH,
  BPF_MOD,
  BPF_MUL,
  BPF_OR,
  BPF_RSH,
  BPF_SUB,
  BPF_W,
  BPF_XCHG,
  BPF_XOR,
  LD_IMM64,
} from "./opcodes.js";
import type { Reg } from "./registers.js";

/** Width of a memory access. */
export type Size = "u8" | "u16" | "u32" | "u64";
/** A two-operand ALU operation (`mov`, `neg` and `endian` have their own builders). */
export type AluOp = "add" | "sub" | "mul" | "div" | "sdiv" | "mod" | "smod" | "or" | "and" | "xor" | "lsh" | "rsh" | "arsh";
/** A conditional jump comparison; the `s` forms are signed. */
export type JmpOp = "jeq" | "jne" | "jgt" | "jge" | "jlt" | "jle" | "jsgt" | "jsge" | "jslt" | "jsle" | "jset";
/** An atomic read-modify-write; `fetch_*`, `xchg` and `cmpxchg` also return the old value. */
export type AtomicOp = "add" | "or" | "and" | "xor" | "fetch_add" | "fetch_or" | "fetch_and" | "fetch_xor" | "xchg" | "cmpxchg";

/**
 * A jump target. Identity matters, not the name: two labels may share a name ("else"), and the name
 * is only used in error messages.
 */
export class Label {
  /** `name` appears in assembler errors; it need not be unique. */
  constructor(readonly name?: string) {}

  /** The name in quotes, or "<anonymous>", for messages. */
  toString(): string {
    return this.name === undefined ? "<anonymous>" : JSON.stringify(this.name);
  }
}

/** One instruction; `ld_imm64` is ONE Insn of width 2 (its constant is `imm64`). */
export interface Insn {
  /** The opcode byte. */
  code: number;
  /** Destination register. */
  dst: Reg;
  /** Source register, or a pseudo value (BPF_PSEUDO_*) for ld_imm64 and call. */
  src: Reg;
  /** Signed 16-bit offset; for ALU it selects variants (1 = signed div/mod, 8/16/32 = movsx). */
  off: number;
  /** 32-bit immediate. Ranges are checked by `assemble()`, which also accepts unsigned 32-bit forms where the operation is 32-bit. */
  imm: number;
  /** The 64-bit constant of `ld_imm64` (signed or unsigned 64-bit). */
  imm64?: bigint;
  /** Jumps and bpf-to-bpf calls: resolved by `assemble()` into `off` (or `imm` for gotol and calls). */
  target?: Label;
  /** Labels bound to this instruction (jumps to them land here). */
  labels?: Label[];
  /** ld_imm64 with src = BPF_PSEUDO_MAP_FD or _VALUE: the map whose fd `patchMapFds()` writes into imm. */
  mapRef?: string;
  /** ld_imm64 of a program option's value, set when the program runs (`ebt --aot`): which option,
   * and which 8 bytes of its value (a string's bytes, 8 by 8). */
  optionRef?: OptionRef;
  /** Opaque source span (the compiler's Span); carried per slot into `Assembled.spans`. */
  span?: unknown;
  /** Free text shown by the disassembler after the instruction. */
  comment?: string;
}

/** How many 8-byte slots an instruction takes: 2 for ld_imm64, 1 otherwise. */
export function insnWidth(insn: Pick<Insn, "code">): 1 | 2 {
  return insn.code === LD_IMM64 ? 2 : 1;
}

/** Opcode bits and `off` of each ALU op; signed div/mod reuse DIV/MOD with off = 1 (kernel 6.6+). */
export const ALU_OPS: Readonly<Record<AluOp, { op: number; off: number }>> = {
  add: { op: BPF_ADD, off: 0 },
  sub: { op: BPF_SUB, off: 0 },
  mul: { op: BPF_MUL, off: 0 },
  div: { op: BPF_DIV, off: 0 },
  sdiv: { op: BPF_DIV, off: 1 },
  mod: { op: BPF_MOD, off: 0 },
  smod: { op: BPF_MOD, off: 1 },
  or: { op: BPF_OR, off: 0 },
  and: { op: BPF_AND, off: 0 },
  xor: { op: BPF_XOR, off: 0 },
  lsh: { op: BPF_LSH, off: 0 },
  rsh: { op: BPF_RSH, off: 0 },
  arsh: { op: BPF_ARSH, off: 0 },
};

/** Opcode bits of each conditional jump. */
export const JMP_OPS: Readonly<Record<JmpOp, number>> = {
  jeq: BPF_JEQ,
  jne: BPF_JNE,
  jgt: BPF_JGT,
  jge: BPF_JGE,
  jlt: BPF_JLT,
  jle: BPF_JLE,
  jsgt: BPF_JSGT,
  jsge: BPF_JSGE,
  jslt: BPF_JSLT,
  jsle: BPF_JSLE,
  jset: BPF_JSET,
};

/** The imm of each atomic op (STX|ATOMIC). */
export const ATOMIC_OPS: Readonly<Record<AtomicOp, number>> = {
  add: BPF_ADD,
  or: BPF_OR,
  and: BPF_AND,
  xor: BPF_XOR,
  fetch_add: BPF_ADD | BPF_FETCH,
  fetch_or: BPF_OR | BPF_FETCH,
  fetch_and: BPF_AND | BPF_FETCH,
  fetch_xor: BPF_XOR | BPF_FETCH,
  xchg: BPF_XCHG,
  cmpxchg: BPF_CMPXCHG,
};

/** Size bits of each access width. */
export const SIZES: Readonly<Record<Size, number>> = { u8: BPF_B, u16: BPF_H, u32: BPF_W, u64: BPF_DW };

/** A program option's value, or 8 bytes of it, as an ld_imm64's constant. */
export interface OptionRef {
  option: string;
  byte: number;
}

/** The output of `assemble()`: bytecode plus per-slot metadata. */
export interface Assembled {
  /** 8 bytes per slot, little-endian, ready for BPF_PROG_LOAD once map fds are patched. */
  bytecode: Buffer;
  /** Slot index of each ld_imm64 that references a map by name. */
  relocations: { slot: number; map: string }[];
  /** Slot index of each ld_imm64 whose constant is a program option's value (aot/options.ts patches it). */
  options?: ({ slot: number } & OptionRef)[];
  /** Per slot: the span of the instruction occupying it (the 2nd slot of ld_imm64 repeats it). */
  spans: unknown[];
  /** Per slot: the instruction's comment (the 2nd slot of ld_imm64 has none). */
  comments: (string | undefined)[];
}

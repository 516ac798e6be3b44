/**
 * `Asm`: the builder the code generator writes programs with. Each method appends one instruction
 * and returns it; nothing is checked here (cilium's builders never panic either): `assemble()`
 * validates ranges and labels and names the offending instruction.
 *
 * Register and immediate operands have separate methods (`aluImm`/`aluReg`, ...) because both are
 * plain numbers at run time: `mov(r, 1)` cannot know whether `1` means r1 or the constant 1, and the
 * code base had already used it both ways.
 */
import {
  BPF_ALU,
  BPF_ALU64,
  BPF_ATOMIC,
  BPF_CALL,
  BPF_END,
  BPF_EXIT,
  BPF_JA,
  BPF_JMP,
  BPF_JMP32,
  BPF_K,
  BPF_LDX,
  BPF_MEM,
  BPF_MEMSX,
  BPF_MOV,
  BPF_NEG,
  BPF_PSEUDO_BTF_ID,
  BPF_PSEUDO_CALL,
  BPF_PSEUDO_FUNC,
  BPF_PSEUDO_KFUNC_CALL,
  BPF_PSEUDO_MAP_FD,
  BPF_PSEUDO_MAP_VALUE,
  BPF_ST,
  BPF_STX,
  BPF_TO_BE,
  BPF_TO_LE,
  BPF_X,
  LD_IMM64,
} from "./opcodes.js";
import type { AluOp, AtomicOp, Insn, JmpOp, OptionRef, Size } from "./insn.js";
import { ALU_OPS, ATOMIC_OPS, JMP_OPS, Label, SIZES } from "./insn.js";
import type { Reg } from "./registers.js";

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const UINT32_MAX = 2 ** 32 - 1;

/** Builder: call sites read like assembly; every method appends to `insns` and returns the new Insn. */
export class Asm {
  /** The instructions emitted so far, in order. */
  readonly insns: Insn[] = [];
  private span: unknown;
  private pendingComment: string | undefined;
  private pendingLabels: Label[] = [];
  /** Labels some emitted jump goes to (isJumpedTo() answers without a scan of every instruction). */
  private readonly jumpedTo = new Set<Label>();

  /**
   * Where r10-relative addresses really are: a program whose objects outgrow the 512-byte stack
   * keeps the big ones in a per-CPU scratch map (codegen/stack.ts); their r10 offsets are virtual,
   * and this maps each memory access at r10+off to its real base register and offset.
   */
  relocateFrame?: (off: number) => { reg: Reg; off: number } | undefined;

  private based(reg: Reg, off: number): { reg: Reg; off: number } {
    return (reg === 10 && this.relocateFrame?.(off)) || { reg, off };
  }

  /** Attaches `span` to every following instruction until changed. */
  at(span: unknown): void {
    this.span = span;
  }

  /** Attaches `text` to the next instruction (several calls are joined with "; "). */
  comment(text: string): void {
    this.pendingComment = this.pendingComment === undefined ? text : `${this.pendingComment}; ${text}`;
  }

  /** Binds `l` to the next instruction emitted; a label left pending at the end stays unbound. */
  label(l: Label): void {
    this.pendingLabels.push(l);
  }

  /** Appends a raw instruction, attaching the current span, pending labels and comment. */
  emit(fields: Omit<Insn, "span" | "labels" | "comment">): Insn {
    // Every instruction gets the same fields in the same order (one object shape for V8), and no
    // new array unless labels were bound: large programs have hundreds of thousands of these.
    const insn: Insn = {
      code: fields.code,
      dst: fields.dst,
      src: fields.src,
      off: fields.off,
      imm: fields.imm,
      imm64: fields.imm64,
      target: fields.target,
      labels: undefined,
      mapRef: fields.mapRef,
      optionRef: fields.optionRef,
      span: this.span,
      comment: this.pendingComment,
    };
    if (this.pendingLabels.length > 0) {
      insn.labels = this.pendingLabels;
      this.pendingLabels = [];
    }
    this.pendingComment = undefined;
    if (insn.target !== undefined) this.jumpedTo.add(insn.target);
    this.insns.push(insn);
    return insn;
  }

  /** Whether an instruction emitted so far jumps to `l`. */
  isJumpedTo(l: Label): boolean {
    return this.jumpedTo.has(l);
  }

  /** Labels bound by `label()` with no instruction after them yet. */
  get unboundLabels(): readonly Label[] {
    return this.pendingLabels;
  }

  // --- moves and arithmetic -------------------------------------------------------------------

  /** dst = imm (64-bit, imm sign-extended from 32 bits). */
  movImm(dst: Reg, imm: number): Insn {
    return this.emit({ code: BPF_ALU64 | BPF_MOV | BPF_K, dst, src: 0, off: 0, imm });
  }
  /** dst = src (64-bit). */
  movReg(dst: Reg, src: Reg): Insn {
    return this.emit({ code: BPF_ALU64 | BPF_MOV | BPF_X, dst, src, off: 0, imm: 0 });
  }
  /** wdst = imm (32-bit; the upper half of dst is zeroed). */
  mov32Imm(dst: Reg, imm: number): Insn {
    return this.emit({ code: BPF_ALU | BPF_MOV | BPF_K, dst, src: 0, off: 0, imm });
  }
  /** wdst = wsrc (32-bit; zero-extends, the usual way to truncate to u32). */
  mov32Reg(dst: Reg, src: Reg): Insn {
    return this.emit({ code: BPF_ALU | BPF_MOV | BPF_X, dst, src, off: 0, imm: 0 });
  }
  /** dst = (s8/s16/s32)src, sign-extending to 64 bits (kernel 6.6+). */
  movsx(dst: Reg, src: Reg, bits: 8 | 16 | 32): Insn {
    return this.emit({ code: BPF_ALU64 | BPF_MOV | BPF_X, dst, src, off: bits, imm: 0 });
  }
  /** wdst = (s8/s16)wsrc, sign-extending to 32 bits and zeroing the upper half (kernel 6.6+). */
  movsx32(dst: Reg, src: Reg, bits: 8 | 16): Insn {
    return this.emit({ code: BPF_ALU | BPF_MOV | BPF_X, dst, src, off: bits, imm: 0 });
  }

  /**
   * dst = value using the shortest form: one `mov` if it fits a sign-extended 32-bit immediate, one
   * `mov32` if it is in 2^31..2^32-1 (mov32 zero-extends), otherwise a two-slot `ld_imm64`.
   */
  loadConst(dst: Reg, value: bigint | number): Insn {
    const v = typeof value === "bigint" ? BigInt.asIntN(64, value) : value;
    const n = Number(v);
    if (Number.isSafeInteger(n) && n >= INT32_MIN && n <= INT32_MAX) return this.movImm(dst, n);
    if (Number.isSafeInteger(n) && n > INT32_MAX && n <= UINT32_MAX) return this.mov32Imm(dst, n);
    return this.ldImm64(dst, BigInt(v));
  }

  /** dst op= imm (64-bit; imm sign-extended from 32 bits). */
  aluImm(op: AluOp, dst: Reg, imm: number): Insn {
    const { op: bits, off } = ALU_OPS[op];
    return this.emit({ code: BPF_ALU64 | bits | BPF_K, dst, src: 0, off, imm });
  }
  /** dst op= src (64-bit). */
  aluReg(op: AluOp, dst: Reg, src: Reg): Insn {
    const { op: bits, off } = ALU_OPS[op];
    return this.emit({ code: BPF_ALU64 | bits | BPF_X, dst, src, off, imm: 0 });
  }
  /** wdst op= imm (32-bit; the upper half of dst is zeroed). */
  alu32Imm(op: AluOp, dst: Reg, imm: number): Insn {
    const { op: bits, off } = ALU_OPS[op];
    return this.emit({ code: BPF_ALU | bits | BPF_K, dst, src: 0, off, imm });
  }
  /** wdst op= wsrc (32-bit; the upper half of dst is zeroed). */
  alu32Reg(op: AluOp, dst: Reg, src: Reg): Insn {
    const { op: bits, off } = ALU_OPS[op];
    return this.emit({ code: BPF_ALU | bits | BPF_X, dst, src, off, imm: 0 });
  }
  /** dst = -dst (64-bit). */
  neg(dst: Reg): Insn {
    return this.emit({ code: BPF_ALU64 | BPF_NEG | BPF_K, dst, src: 0, off: 0, imm: 0 });
  }
  /** wdst = -wdst (32-bit). */
  neg32(dst: Reg): Insn {
    return this.emit({ code: BPF_ALU | BPF_NEG | BPF_K, dst, src: 0, off: 0, imm: 0 });
  }
  /**
   * Byte order: `le`/`be` convert host order to that order (a no-op or a swap; truncates to `bits`),
   * `bswap` always swaps (kernel 6.6+).
   */
  endian(kind: "le" | "be" | "bswap", bits: 16 | 32 | 64, dst: Reg): Insn {
    const code = kind === "bswap" ? BPF_ALU64 | BPF_END | BPF_TO_LE : BPF_ALU | BPF_END | (kind === "be" ? BPF_TO_BE : BPF_TO_LE);
    return this.emit({ code, dst, src: 0, off: 0, imm: bits });
  }

  // --- 64-bit constants and maps ---------------------------------------------------------------

  /** dst = a 64-bit constant (two slots). */
  ldImm64(dst: Reg, value: bigint | number): Insn {
    return this.emit({ code: LD_IMM64, dst, src: 0, off: 0, imm: 0, imm64: BigInt(value) });
  }
  /** dst = 8 bytes of a program option's value, written into the constant when the program runs (`ebt --aot`). */
  ldOption(dst: Reg, ref: OptionRef, placeholder: bigint): Insn {
    return this.emit({ code: LD_IMM64, dst, src: 0, off: 0, imm: 0, imm64: placeholder, optionRef: ref });
  }
  /** dst = pointer to map `mapName` (BPF_PSEUDO_MAP_FD); its fd is written by `patchMapFds()`. */
  ldMapFd(dst: Reg, mapName: string): Insn {
    return this.emit({ code: LD_IMM64, dst, src: BPF_PSEUDO_MAP_FD, off: 0, imm: 0, imm64: 0n, mapRef: mapName });
  }
  /** dst = address of the kernel variable with BTF id `btfId` in vmlinux (BPF_PSEUDO_BTF_ID), e.g. a per-CPU variable for bpf_per_cpu_ptr. */
  ldBtfVar(dst: Reg, btfId: number): Insn {
    return this.emit({ code: LD_IMM64, dst, src: BPF_PSEUDO_BTF_ID, off: 0, imm: 0, imm64: BigInt(btfId) });
  }
  /** dst = address of the bpf-to-bpf function at `target` (BPF_PSEUDO_FUNC), for callback helpers like bpf_loop. */
  ldFunc(dst: Reg, target: Label): Insn {
    return this.emit({ code: LD_IMM64, dst, src: BPF_PSEUDO_FUNC, off: 0, imm: 0, target });
  }
  /** dst = address of byte `offset` in the single value of array map `mapName` (BPF_PSEUDO_MAP_VALUE). */
  ldMapValue(dst: Reg, mapName: string, offset = 0): Insn {
    return this.emit({ code: LD_IMM64, dst, src: BPF_PSEUDO_MAP_VALUE, off: 0, imm: 0, imm64: BigInt(offset) << 32n, mapRef: mapName });
  }

  // --- memory --------------------------------------------------------------------------------

  /** dst = *(size *)(src + off), zero-extended. */
  ldx(size: Size, dst: Reg, src: Reg, off: number): Insn {
    const b = this.based(src, off);
    return this.emit({ code: BPF_LDX | BPF_MEM | SIZES[size], dst, src: b.reg, off: b.off, imm: 0 });
  }
  /** dst = *(s8/s16/s32 *)(src + off), sign-extended to 64 bits (BPF_MEMSX, kernel 6.6+). */
  ldxs(size: "u8" | "u16" | "u32", dst: Reg, src: Reg, off: number): Insn {
    const b = this.based(src, off);
    return this.emit({ code: BPF_LDX | BPF_MEMSX | SIZES[size], dst, src: b.reg, off: b.off, imm: 0 });
  }
  /** *(size *)(dst + off) = src. */
  stx(size: Size, dst: Reg, off: number, src: Reg): Insn {
    const b = this.based(dst, off);
    return this.emit({ code: BPF_STX | BPF_MEM | SIZES[size], dst: b.reg, src, off: b.off, imm: 0 });
  }
  /** *(size *)(dst + off) = imm (for u64 the imm is sign-extended from 32 bits). */
  st(size: Size, dst: Reg, off: number, imm: number): Insn {
    const b = this.based(dst, off);
    return this.emit({ code: BPF_ST | BPF_MEM | SIZES[size], dst: b.reg, src: 0, off: b.off, imm });
  }
  /**
   * Atomic *(size *)(dst + off) op= src. `fetch_*` and `xchg` leave the old value in src; `cmpxchg`
   * compares with r0, stores src if equal, and leaves the old value in r0.
   */
  atomic(op: AtomicOp, size: "u32" | "u64", dst: Reg, off: number, src: Reg): Insn {
    const b = this.based(dst, off);
    return this.emit({ code: BPF_STX | BPF_ATOMIC | SIZES[size], dst: b.reg, src, off: b.off, imm: ATOMIC_OPS[op] });
  }

  // --- control flow --------------------------------------------------------------------------

  /** goto target (16-bit offset). */
  ja(target: Label): Insn {
    return this.emit({ code: BPF_JMP | BPF_JA, dst: 0, src: 0, off: 0, imm: 0, target });
  }
  /** gotol target: unconditional jump with a 32-bit offset, for targets beyond ±32K slots (kernel 6.6+). */
  gotol(target: Label): Insn {
    return this.emit({ code: BPF_JMP32 | BPF_JA, dst: 0, src: 0, off: 0, imm: 0, target });
  }
  /** if (dst op imm) goto target, 64-bit compare with imm sign-extended from 32 bits. */
  jmpImm(op: JmpOp, dst: Reg, imm: number, target: Label): Insn {
    return this.emit({ code: BPF_JMP | JMP_OPS[op] | BPF_K, dst, src: 0, off: 0, imm, target });
  }
  /** if (dst op src) goto target, 64-bit compare. */
  jmpReg(op: JmpOp, dst: Reg, src: Reg, target: Label): Insn {
    return this.emit({ code: BPF_JMP | JMP_OPS[op] | BPF_X, dst, src, off: 0, imm: 0, target });
  }
  /** if (wdst op imm) goto target, comparing the low 32 bits. */
  jmp32Imm(op: JmpOp, dst: Reg, imm: number, target: Label): Insn {
    return this.emit({ code: BPF_JMP32 | JMP_OPS[op] | BPF_K, dst, src: 0, off: 0, imm, target });
  }
  /** if (wdst op wsrc) goto target, comparing the low 32 bits. */
  jmp32Reg(op: JmpOp, dst: Reg, src: Reg, target: Label): Insn {
    return this.emit({ code: BPF_JMP32 | JMP_OPS[op] | BPF_X, dst, src, off: 0, imm: 0, target });
  }
  /** Calls helper number `helper` (see HELPERS); clobbers r1-r5, result in r0. */
  call(helper: number): Insn {
    return this.emit({ code: BPF_JMP | BPF_CALL, dst: 0, src: 0, off: 0, imm: helper });
  }
  /** Calls kernel function `btfId` of vmlinux's BTF (BPF_PSEUDO_KFUNC_CALL); clobbers r1-r5, result in r0. */
  callKfunc(btfId: number): Insn {
    return this.emit({ code: BPF_JMP | BPF_CALL, dst: 0, src: BPF_PSEUDO_KFUNC_CALL, off: 0, imm: btfId });
  }
  /** Calls the bpf-to-bpf function starting at `target` (BPF_PSEUDO_CALL; needs BTF func info to load). */
  callLocal(target: Label): Insn {
    return this.emit({ code: BPF_JMP | BPF_CALL, dst: 0, src: BPF_PSEUDO_CALL, off: 0, imm: 0, target });
  }
  /** Returns r0. */
  exit(): Insn {
    return this.emit({ code: BPF_JMP | BPF_EXIT, dst: 0, src: 0, off: 0, imm: 0 });
  }
}

/**
 * Insn[] → bytecode: lays instructions out in 8-byte slots, resolves labels (off = target - pc - 1,
 * counted in slots, so a ld_imm64 in between counts twice), checks every field's range, and records
 * where map fds must be patched in once the maps exist.
 */
import { decodedFrom } from "./decode.js";
import { formatInsn } from "./disasm.js";
import type { Assembled, Insn, Label } from "./insn.js";
import { ATOMIC_OPS, insnWidth } from "./insn.js";
import {
  BPF_ALU,
  BPF_ALU64,
  BPF_ARSH,
  BPF_ATOMIC,
  BPF_B,
  BPF_CALL,
  BPF_CLASS,
  BPF_DIV,
  BPF_DW,
  BPF_END,
  BPF_EXIT,
  BPF_H,
  BPF_JA,
  BPF_JMP,
  BPF_JMP32,
  BPF_LD,
  BPF_LDX,
  BPF_LOAD_ACQ,
  BPF_LSH,
  BPF_MEM,
  BPF_MEMSX,
  BPF_MOD,
  BPF_MODE,
  BPF_MOV,
  BPF_NEG,
  BPF_OP,
  BPF_PSEUDO_CALL,
  BPF_PSEUDO_FUNC,
  BPF_PSEUDO_MAP_FD,
  BPF_PSEUDO_MAP_VALUE,
  BPF_RSH,
  BPF_SIZE,
  BPF_SRC,
  BPF_ST,
  BPF_STORE_REL,
  BPF_STX,
  BPF_TO_BE,
  BPF_W,
  BPF_X,
  LD_IMM64,
} from "./opcodes.js";

/**
 * A jump longer than eBPF's 16-bit offset: the program is too large for its control flow (not a
 * malformed list), so the compiler reports it to the user as a limit.
 */
export class JumpTooFar extends Error {
  override readonly name = "JumpTooFar";
  constructor(readonly distance: number) {
    super(`a jump spans ${Math.abs(distance)} instructions, beyond eBPF's 16-bit jump offset`);
  }
}

/** A malformed instruction list: unbound or doubly bound label, offset out of range, bad field. */
export class AssembleError extends Error {
  override readonly name = "AssembleError";
  /** `index` is the instruction's position in the input, `slot` its position in the bytecode. */
  constructor(
    message: string,
    readonly index: number,
    readonly slot: number,
    readonly insn: Insn,
  ) {
    super(message);
  }
}

const INT16_MIN = -(2 ** 15);
const INT16_MAX = 2 ** 15 - 1;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const UINT32_MAX = 2 ** 32 - 1;
const VALID_ATOMIC_IMMS = new Set<number>([...Object.values(ATOMIC_OPS), BPF_LOAD_ACQ, BPF_STORE_REL]);

/** Resolves labels, validates and encodes; throws AssembleError naming the instruction at fault. */
export function assemble(insns: readonly Insn[]): Assembled {
  const slots: number[] = [];
  const labelSlot = new Map<Label, number>();
  let total = 0;
  insns.forEach((insn, i) => {
    slots.push(total);
    if (insn.labels) for (const l of insn.labels) {
      if (labelSlot.has(l)) fail(insn, i, total, `label ${l} is bound to more than one instruction`);
      labelSlot.set(l, total);
    }
    total += insnWidth(insn);
  });

  const bytecode = Buffer.alloc(total * 8);
  const relocations: Assembled["relocations"] = [];
  const options: NonNullable<Assembled["options"]> = [];
  const spans: unknown[] = new Array(total);
  const comments: (string | undefined)[] = new Array(total);

  // One reporter for the instruction at hand (`at`), not a closure per instruction.
  let at = 0;
  const problem = (msg: string): never => fail(insns[at]!, at, slots[at]!, msg);
  for (let i = 0; i < insns.length; i++) {
    const insn = insns[i]!;
    const slot = slots[i]!;
    at = i;
    checkFields(insn, problem);
    let { off, imm } = insn;
    if (insn.target !== undefined) ({ off, imm } = resolveTarget(insn, slot, labelSlot, problem));
    encodeSlot(bytecode, slot, insn.code, insn.dst, insn.src, off, imm);
    spans[slot] = insn.span;
    comments[slot] = insn.comment;
    if (insn.code === LD_IMM64) {
      const v = BigInt.asUintN(64, insn.imm64 ?? BigInt(imm));
      bytecode.writeUInt32LE(Number(v & 0xffffffffn), slot * 8 + 4);
      encodeSlot(bytecode, slot + 1, 0, 0, 0, 0, Number(v >> 32n));
      spans[slot + 1] = insn.span;
      comments[slot + 1] = undefined;
      if (insn.mapRef !== undefined) relocations.push({ slot, map: insn.mapRef });
      if (insn.optionRef !== undefined) options.push({ slot, ...insn.optionRef });
    }
  }
  return { bytecode, relocations, ...(options.length > 0 ? { options } : {}), spans, comments };
}

/** Returns a copy of the bytecode with each relocated ld_imm64's imm set to its map's fd. */
export function patchMapFds(a: Assembled, fdOf: (map: string) => number): Buffer {
  const out = Buffer.from(a.bytecode);
  for (const { slot, map } of a.relocations) {
    const fd = fdOf(map);
    if (!Number.isInteger(fd) || fd < 0 || fd > INT32_MAX) throw new RangeError(`bad fd ${fd} for map ${map} (slot ${slot})`);
    out.writeInt32LE(fd, slot * 8 + 4);
  }
  return out;
}

function encodeSlot(buf: Buffer, slot: number, code: number, dst: number, src: number, off: number, imm: number): void {
  const at = slot * 8;
  buf.writeUInt8(code, at);
  buf.writeUInt8(((src & 0xf) << 4) | (dst & 0xf), at + 1);
  buf.writeInt16LE(off, at + 2);
  // `| 0` turns an unsigned 32-bit form (0xffffffff) into the same bits as a signed one (-1).
  buf.writeInt32LE(imm | 0, at + 4);
}

/** Where the label's relative offset goes: `imm` for gotol and bpf-to-bpf calls, `off` for jumps. */
function resolveTarget(
  insn: Insn,
  slot: number,
  labelSlot: ReadonlyMap<Label, number>,
  problem: (msg: string) => never,
): { off: number; imm: number } {
  const cls = BPF_CLASS(insn.code);
  const op = BPF_OP(insn.code);
  const isJump = (cls === BPF_JMP || cls === BPF_JMP32) && op !== BPF_CALL && op !== BPF_EXIT;
  const isLocalCall = insn.code === (BPF_JMP | BPF_CALL) && insn.src === BPF_PSEUDO_CALL;
  const isFuncAddr = insn.code === LD_IMM64 && insn.src === BPF_PSEUDO_FUNC;
  if (!isJump && !isLocalCall && !isFuncAddr) problem("only jumps, bpf-to-bpf calls and function addresses can have a target label");
  const target = insn.target!;
  const to = labelSlot.get(target);
  if (to === undefined) problem(`jump to label ${target}, which is not bound to any instruction`);
  const rel = to! - slot - 1;
  if (isLocalCall || isFuncAddr || insn.code === (BPF_JMP32 | BPF_JA)) return { off: insn.off, imm: rel };
  if (rel < INT16_MIN || rel > INT16_MAX) throw new JumpTooFar(rel);
  return { off: rel, imm: insn.imm };
}

/** Checks what the verifier would reject as malformed, so the message can name our instruction. */
function checkFields(insn: Insn, problem: (msg: string) => never): void {
  const { code, dst, src, off, imm } = insn;
  if (!Number.isInteger(code) || code < 0 || code > 0xff) problem(`opcode ${code} is not a byte`);
  // Two plain checks, not a loop over pairs: this runs for every instruction of every program.
  if (!Number.isInteger(dst) || dst < 0 || dst > 10) problem(`dst register ${dst} is not r0..r10`);
  if (!Number.isInteger(src) || src < 0 || src > 10) problem(`src register ${src} is not r0..r10`);
  if (!Number.isInteger(off) || off < INT16_MIN || off > INT16_MAX) problem(`offset ${off} does not fit 16 signed bits`);
  if (!Number.isInteger(imm) || imm < INT32_MIN || imm > UINT32_MAX) problem(`immediate ${imm} does not fit 32 bits`);
  const cls = BPF_CLASS(code);
  const writesDst = cls === BPF_ALU || cls === BPF_ALU64 || cls === BPF_LDX || code === LD_IMM64;
  if (writesDst && dst === 10) problem("r10 (the frame pointer) is read-only");
  if (insn.mapRef !== undefined && (code !== LD_IMM64 || (src !== BPF_PSEUDO_MAP_FD && src !== BPF_PSEUDO_MAP_VALUE)))
    problem(`map reference ${JSON.stringify(insn.mapRef)} on an instruction that is not a map ld_imm64`);
  switch (cls) {
    case BPF_ALU:
    case BPF_ALU64:
      return checkAlu(insn, cls === BPF_ALU64, problem);
    case BPF_JMP:
    case BPF_JMP32:
      if (BPF_OP(code) === BPF_CALL || BPF_OP(code) === BPF_EXIT || BPF_OP(code) === BPF_JA) return;
      if (BPF_SRC(code) === BPF_X) return;
      if (cls === BPF_JMP) return checkInt32Signed(imm, "a 64-bit compare", problem);
      return;
    case BPF_ST:
      if (BPF_MODE(code) !== BPF_MEM) problem("store-immediate must use BPF_MEM mode");
      return checkStoreImm(BPF_SIZE(code), imm, problem);
    case BPF_STX:
      if (BPF_MODE(code) === BPF_ATOMIC) {
        if (!VALID_ATOMIC_IMMS.has(imm)) problem(`unknown atomic operation 0x${imm.toString(16)}`);
        // load-acquire and store-release come in every size; read-modify-write ops only in two.
        const rmw = imm !== BPF_LOAD_ACQ && imm !== BPF_STORE_REL;
        if (rmw && BPF_SIZE(code) !== BPF_W && BPF_SIZE(code) !== BPF_DW) problem("atomic read-modify-write is 32 or 64 bits wide");
      } else if (BPF_MODE(code) !== BPF_MEM) problem("store must use BPF_MEM or BPF_ATOMIC mode");
      return;
    case BPF_LDX:
      if (BPF_MODE(code) !== BPF_MEM && BPF_MODE(code) !== BPF_MEMSX) problem("load must use BPF_MEM or BPF_MEMSX mode");
      if (BPF_MODE(code) === BPF_MEMSX && BPF_SIZE(code) === BPF_DW) problem("sign-extending loads are 8, 16 or 32 bits wide");
      return;
    case BPF_LD:
      if (code !== LD_IMM64) return;
      if (off !== 0) problem("ld_imm64 must have off = 0");
      if (insn.imm64 !== undefined && (insn.imm64 < -(2n ** 63n) || insn.imm64 >= 2n ** 64n))
        problem(`constant ${insn.imm64} does not fit 64 bits`);
      return;
  }
}

function checkAlu(insn: Insn, is64: boolean, problem: (msg: string) => never): void {
  const { code, off, imm } = insn;
  const op = BPF_OP(code);
  if (op > BPF_END) problem(`unknown ALU operation 0x${op.toString(16)}`);
  if (op === BPF_END) {
    if (imm !== 16 && imm !== 32 && imm !== 64) problem(`byte swap width ${imm} is not 16, 32 or 64`);
    if (is64 && BPF_SRC(code) === BPF_TO_BE) problem("bswap (ALU64 END) takes no byte order");
    return;
  }
  const okOff =
    off === 0 ||
    ((op === BPF_DIV || op === BPF_MOD) && off === 1) ||
    (op === BPF_MOV && BPF_SRC(code) === BPF_X && (off === 8 || off === 16 || (is64 && off === 32)));
  if (!okOff) problem(`offset ${off} is reserved for this ALU operation`);
  if (BPF_SRC(code) === BPF_X || op === BPF_NEG) return;
  if (op === BPF_LSH || op === BPF_RSH || op === BPF_ARSH) {
    const bits = is64 ? 64 : 32;
    if (imm < 0 || imm >= bits) problem(`shift by ${imm} is outside 0..${bits - 1}`);
  }
  if ((op === BPF_DIV || op === BPF_MOD) && imm === 0) problem("division by the constant zero");
  if (is64) checkInt32Signed(imm, "a 64-bit operation", problem);
}

/** 64-bit operations sign-extend imm: 0xffffffff would silently mean -1, so require the signed form. */
function checkInt32Signed(imm: number, where: string, problem: (msg: string) => never): void {
  if (imm > INT32_MAX)
    problem(`immediate ${imm} is sign-extended in ${where} and would mean ${imm | 0}; write ${imm | 0} or load it with ldImm64`);
}

/** A stored immediate is truncated to the access size: accept signed or unsigned forms that fit it. */
function checkStoreImm(size: number, imm: number, problem: (msg: string) => never): void {
  const [lo, hi] =
    size === BPF_B ? [-128, 255] : size === BPF_H ? [-32768, 65535] : size === BPF_W ? [INT32_MIN, UINT32_MAX] : [INT32_MIN, INT32_MAX];
  const what = size === BPF_DW ? "sign-extended 64-bit" : "access";
  if (imm < lo || imm > hi) problem(`immediate ${imm} does not fit the ${what} width (${lo}..${hi})`);
}

function fail(insn: Insn, index: number, slot: number, msg: string): never {
  const text = formatInsn(decodedFrom(insn, slot)).replace(/^\([0-9a-f]{2}\) /, "");
  const target = insn.target ? ` -> label ${insn.target}` : "";
  const comment = insn.comment ? ` (${insn.comment})` : "";
  throw new AssembleError(`instruction ${index} at slot ${slot}, "${text}"${target}${comment}: ${msg}`, index, slot, insn);
}

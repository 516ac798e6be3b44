/** Arithmetic, comparison, logical and unary operators, and integer casts. */
import type { Binary, Cast, Expr, Unary } from "../ast/nodes.js";
import type { Type } from "../semantic/types.js";
import { isSigned } from "../semantic/types.js";
import type { AluOp, JmpOp, Reg } from "./bpf/index.js";
import { FP, HELPERS, Label, R0, R1, R2, R3 } from "./bpf/index.js";
import { stackPointer } from "./frame.js";
import { buildKey, lookup, update } from "./map-ops.js";
import { BPF_NOEXIST } from "../abi/uapi.js";
import { keptByAddress, storageSize } from "../semantic/types.js";
import type { Gen } from "../contracts/gen.js";
import { compareBuffers, compareStrings, compareTuples } from "./strings.js";
import { pointeeSize } from "../semantic/kernel-types.js";
import { DIVIDE_BY_ZERO, runtimeWarning } from "./runtime-warning.js";

const ARITH: Partial<Record<Binary["op"], AluOp>> = {
  "+": "add", "-": "sub", "*": "mul", "&": "and", "|": "or", "^": "xor", "<<": "lsh",
};

const COMPARE: Partial<Record<Binary["op"], [unsigned: JmpOp, signed: JmpOp]>> = {
  "==": ["jeq", "jeq"], "!=": ["jne", "jne"], "<": ["jlt", "jslt"], "<=": ["jle", "jsle"],
  ">": ["jgt", "jsgt"], ">=": ["jge", "jsge"],
};

/** A 32-bit immediate the instruction can carry instead of a register. */
function immediate(e: Expr): number | undefined {
  if (e.kind !== "IntLit") return undefined;
  return e.value >= -(2n ** 31n) && e.value < 2n ** 31n ? Number(e.value) : undefined;
}

/** Whether evaluating `e` needs no more than one register and calls no helper. */
function isLeaf(e: Expr): boolean {
  return e.kind === "IntLit" || e.kind === "BoolLit" || e.kind === "ScratchVar" || e.kind === "Positional";
}

/** The right operand: a 32-bit immediate the instruction carries, or a register. */
type Operand = { imm: number } | { reg: Reg };

/** Evaluates both operands: left in a register, right as an immediate or a register. */
function operands(g: Gen, e: Binary): [Reg, Operand, () => void] {
  const imm = immediate(e.right);
  let left = g.scalar(e.left);
  if (imm !== undefined) return [left, { imm }, () => undefined];
  if (isLeaf(e.right)) {
    const right = g.scalar(e.right);
    return [left, { reg: right }, () => g.regs.release(right)];
  }
  // The right side may need every register and call helpers: park the left value on the stack.
  const spill = g.stack.alloc(8);
  g.asm.stx("u64", FP, spill, left);
  g.regs.release(left);
  const right = g.scalar(e.right);
  left = g.regs.alloc();
  g.asm.ldx("u64", left, FP, spill);
  return [left, { reg: right }, () => g.regs.release(right)];
}

function alu(g: Gen, op: AluOp, dst: Reg, src: Operand): void {
  // A constant shift amount is masked as the CPU masks a register one (checker warns about it).
  if ("imm" in src && (op === "lsh" || op === "rsh" || op === "arsh")) g.asm.aluImm(op, dst, src.imm & 63);
  else if ("imm" in src) g.asm.aluImm(op, dst, src.imm);
  else g.asm.aluReg(op, dst, src.reg);
}

export function emitBinary(g: Gen, e: Binary, result: Type): Reg {
  const { asm } = g;
  const lt = g.typeOf(e.left);
  const rt = g.typeOf(e.right);
  if (e.op === "==" || e.op === "!=") {
    if (lt.kind === "str") return compareStrings(g, e.left, e.right, e.op === "!=");
    if (lt.kind === "tuple" || lt.kind === "array") return compareTuples(g, e.left, e.right, e.op === "!=");
    if (lt.kind === "buf") return compareBuffers(g, e.left, e.right, e.op === "!=");
  }
  if (e.op === "&&" || e.op === "||") return logical(g, e);
  const signed = isSigned(lt) && isSigned(rt);
  const [dst, operand, done] = operands(g, e);
  let src = operand;
  const cmp = COMPARE[e.op];
  if (cmp) {
    const yes = new Label("cmp_true");
    const end = new Label("cmp_end");
    const op = cmp[signed ? 1 : 0];
    if ("imm" in src) asm.jmpImm(op, dst, src.imm, yes);
    else asm.jmpReg(op, dst, src.reg, yes);
    asm.movImm(dst, 0);
    asm.ja(end);
    asm.label(yes);
    asm.movImm(dst, 1);
    asm.label(end);
  } else if (e.op === ">>") {
    // Logical, whatever the sign: bpftrace shifts right without sign extension.
    alu(g, "rsh", dst, src);
  } else if (e.op === "/" || e.op === "%") {
    divide(g, e, e.op === "/" ? "div" : "mod", dst, src);
  } else {
    if (result.kind === "ptr" && (e.op === "+" || e.op === "-")) {
      // Pointer arithmetic steps by the pointee's size: scale the integer side.
      const step = pointeeSize(result);
      if (lt.kind !== "ptr") {
        if (step !== 1) g.asm.aluImm("mul", dst, step);
      } else if (step !== 1 && "imm" in src && Math.abs(src.imm * step) < 2 ** 31) {
        src = { imm: src.imm * step };
      } else if (step !== 1) {
        if ("imm" in src) {
          const r = g.regs.alloc();
          g.asm.loadConst(r, BigInt(src.imm) * BigInt(step));
          g.asm.aluReg(ARITH[e.op]!, dst, r);
          g.regs.release(r);
          done();
          return dst;
        }
        g.asm.aluImm("mul", src.reg, step);
      }
    }
    alu(g, ARITH[e.op]!, dst, src);
  }
  done();
  return dst;
}

/**
 * Unsigned `/` and `%` (BPF has no signed division; bpftrace divides unsigned and warns). A zero
 * divisor gives 1 for both and a warning at run time, as current bpftrace does.
 */
function divide(g: Gen, e: Binary, op: "div" | "mod", dst: Reg, src: Operand): void {
  if ("imm" in src && src.imm !== 0) {
    if (src.imm > 0) g.asm.aluImm(op, dst, src.imm);
    else {
      // A negative immediate would be taken as a 32-bit unsigned divisor: use the 64-bit value.
      const r = g.regs.alloc();
      g.asm.loadConst(r, BigInt(src.imm));
      g.asm.aluReg(op, dst, r);
      g.regs.release(r);
    }
    return;
  }
  const zero = new Label("div_zero");
  const end = new Label("div_end");
  if (!("imm" in src)) {
    g.asm.jmpImm("jeq", src.reg, 0, zero);
    g.asm.aluReg(op, dst, src.reg);
    g.asm.ja(end);
  }
  g.asm.label(zero);
  runtimeWarning(g, e.span, DIVIDE_BY_ZERO);
  g.asm.movImm(dst, 1);
  g.asm.label(end);
}

/** Short-circuit `&&` and `||`, yielding 0 or 1. */
function logical(g: Gen, e: Binary): Reg {
  const { asm } = g;
  const yes = new Label("logic_true");
  const no = new Label("logic_false");
  const end = new Label("logic_end");
  const left = g.scalar(e.left);
  if (e.op === "&&") asm.jmpImm("jeq", left, 0, no);
  else asm.jmpImm("jne", left, 0, yes);
  // Both paths leave the result in the right side's register, whichever the pool hands out.
  g.regs.release(left);
  const r = g.scalar(e.right);
  asm.jmpImm("jeq", r, 0, no);
  asm.label(yes);
  asm.movImm(r, 1);
  asm.ja(end);
  asm.label(no);
  asm.movImm(r, 0);
  asm.label(end);
  return r;
}

export function emitUnary(g: Gen, e: Unary): Reg {
  const { asm } = g;
  if (e.op === "&") return addressOf(g, e.operand);
  const r = g.scalar(e.operand);
  switch (e.op) {
    case "!": {
      const zero = new Label("not_zero");
      const end = new Label("not_end");
      asm.jmpImm("jeq", r, 0, zero);
      asm.movImm(r, 0);
      asm.ja(end);
      asm.label(zero);
      asm.movImm(r, 1);
      asm.label(end);
      break;
    }
    case "~":
      asm.aluImm("xor", r, -1);
      break;
    case "-":
      asm.neg(r);
      break;
    case "+":
      break;
    default:
      throw new Error(`internal: unary ${e.op} reached codegen`);
  }
  // Keep the register canonical for a narrow type: -(uint8)5 is 251, ~(int8)0 is -1.
  const t = g.typeOf(e);
  if ((e.op === "-" || e.op === "~") && t.kind === "int" && t.bits < 64) extend(g, r, t.bits, t.signed);
  return r;
}

/** Truncates or extends a value to the cast's width, keeping registers canonical (64-bit extended). */
export function emitCast(g: Gen, e: Cast, to: Type): Reg {
  const from = g.typeOf(e.operand);
  if ((from.kind === "array" || from.kind === "buf" || (from.kind === "str" && from.charArray)) && to.kind === "int") return arrayToInt(g, e.operand, from, to);
  if (from.kind === "str" && to.kind === "bool") return nonEmpty(g, e.operand, from);
  const r = g.scalar(e.operand);
  if (to.kind === "ptr" && from.kind === "int") {
    // An address is unsigned: a narrower integer is zero-extended, as bpftrace does. A negative
    // literal has bpftrace's literal type, the smallest signed one that holds it:
    // (uint8 *)-1 is 0xff.
    const bits = negativeLiteralBits(e.operand) ?? from.bits;
    if (bits < 64) extend(g, r, bits, false);
    return r;
  }
  if (to.kind === "int" && from.kind === "int" && from.bits < to.bits) {
    // Widening extends the source's bits by the *target's* sign, as bpftrace does:
    // (int16)(uint8)255 is -1 and (uint16)(int8)-1 is 255.
    extend(g, r, from.bits, to.signed);
    return r;
  }
  if (to.kind === "int" && to.bits < 64) {
    if (to.signed) {
      g.asm.aluImm("lsh", r, 64 - to.bits);
      g.asm.aluImm("arsh", r, 64 - to.bits);
    } else if (to.bits === 32) {
      g.asm.mov32Reg(r, r);
    } else {
      g.asm.aluImm("and", r, to.bits === 8 ? 0xff : 0xffff);
    }
  }
  return r;
}

/** `(bool)s`: 1 when the string's first byte is not its terminating NUL. */
function nonEmpty(g: Gen, operand: Expr, from: Type): Reg {
  const mark = g.stack.mark();
  const tmp = g.stack.alloc(storageSize(from));
  g.into(operand, tmp, from);
  const r = g.regs.alloc();
  stackPointer(g.asm, r, tmp);
  g.asm.ldx("u8", r, r, 0);
  g.stack.release(mark);
  const zero = new Label("str_empty");
  g.asm.jmpImm("jeq", r, 0, zero);
  g.asm.movImm(r, 1);
  g.asm.label(zero);
  return r;
}

/** `-N`: the bits of the smallest signed integer that holds it (bpftrace's type for it). */
function negativeLiteralBits(e: Expr): number | undefined {
  if (e.kind !== "Unary" || e.op !== "-" || e.operand.kind !== "IntLit") return undefined;
  const v = e.operand.value;
  return v <= 0x80n ? 8 : v <= 0x8000n ? 16 : v <= 0x8000_0000n ? 32 : 64;
}

/** Re-extends the low `bits` of `r` to 64 bits, with or without sign. */
function extend(g: Gen, r: Reg, bits: number, signed: boolean): void {
  if (signed) {
    g.asm.aluImm("lsh", r, 64 - bits);
    g.asm.aluImm("arsh", r, 64 - bits);
  } else if (bits === 32) {
    g.asm.mov32Reg(r, r);
  } else {
    g.asm.aluImm("and", r, bits === 8 ? 0xff : 0xffff);
  }
}

/**
 * `&$x` is the address of the variable's stack slot (a struct or array variable already holds its
 * value's address); `&@m[k]` the address of the map's value, created zeroed when missing. Either
 * becomes a plain number (see opaque()), so it can be stored, printed and stepped like any pointer.
 */
function addressOf(g: Gen, operand: Expr): Reg {
  const { asm } = g;
  const t = g.typeOf(operand);
  const r = g.regs.alloc();
  if (operand.kind === "ScratchVar") {
    if (keptByAddress(t)) asm.ldx("u64", r, FP, g.varSlot(operand));
    else stackPointer(asm, r, g.varSlot(operand));
  } else if (operand.kind === "MapAccess") {
    const mark = g.stack.mark();
    const key = buildKey(g, operand);
    const found = new Label("addr_found");
    lookup(g, operand.name, key);
    asm.jmpImm("jne", R0, 0, found);
    const zero = g.stack.alloc(storageSize(t));
    g.zero(zero, storageSize(t));
    update(g, operand.name, key, zero, BPF_NOEXIST, operand.span);
    lookup(g, operand.name, key);
    asm.label(found);
    asm.movReg(r, R0);
    g.stack.release(mark);
  } else throw new Error(`internal: & of ${operand.kind}`);
  opaque(g, r);
  return r;
}

/**
 * Turns the pointer in `r` into a number the verifier does not track: spilled, then copied with
 * bpf_probe_read_kernel (the verifier refuses a narrower reload of a spilled pointer). Arithmetic
 * on a tracked stack or map-value pointer, or comparing it, would be refused; as a number it is
 * only ever dereferenced through bpf_probe_read_kernel.
 */
function opaque(g: Gen, r: Reg): void {
  const { asm } = g;
  const mark = g.stack.mark();
  const spill = g.stack.alloc(8);
  const out = g.stack.alloc(8);
  asm.stx("u64", FP, spill, r);
  stackPointer(asm, R1, out);
  asm.movImm(R2, 8);
  stackPointer(asm, R3, spill);
  asm.call(HELPERS.probe_read_kernel);
  asm.ldx("u64", r, FP, out);
  g.stack.release(mark);
}

/** `(uint32)arr`: the array's bytes (a buffer's data) read as one integer of the same size. */
function arrayToInt(g: Gen, operand: Expr, from: Type, to: Type & { kind: "int" }): Reg {
  const mark = g.stack.mark();
  const tmp = g.stack.alloc(storageSize(from));
  g.into(operand, tmp, from);
  const r = g.regs.alloc();
  const width = ({ 8: "u8", 16: "u16", 32: "u32", 64: "u64" } as const)[to.bits];
  g.asm.ldx(width, r, FP, tmp + (from.kind === "buf" ? 8 : 0));
  if (to.signed && to.bits < 64) extend(g, r, to.bits, true);
  g.stack.release(mark);
  return r;
}

/** `(int8[8])x`, `(uint8[])"str"`: the source's bytes, as they lie in memory, stored at r10+off. */
export function castIntoArray(g: Gen, e: Cast, off: number): void {
  const from = g.typeOf(e.operand);
  const size = storageSize(g.typeOf(e));
  if (from.kind === "int" || from.kind === "bool" || from.kind === "ptr") {
    const r = g.scalar(e.operand);
    g.asm.stx("u64", FP, off, r);
    g.regs.release(r);
    if (size > 8) g.zero(off + 8, size - 8);
    return;
  }
  if (from.kind === "buf") {
    const mark = g.stack.mark();
    const tmp = g.stack.alloc(storageSize(from));
    g.into(e.operand, tmp, from);
    for (let i = 0; i < size; i += 8) {
      g.asm.ldx("u64", R1, FP, tmp + 8 + i);
      g.asm.stx("u64", FP, off + i, R1);
    }
    g.stack.release(mark);
    return;
  }
  g.into(e.operand, off, from);
}

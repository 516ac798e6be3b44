/** Arithmetic, comparison, logical and unary operators, and integer casts. */
import type { Binary, Cast, Expr, Unary } from "../ast/nodes.js";
import type { Type } from "../semantic/types.js";
import { isSigned } from "../semantic/types.js";
import type { AluOp, JmpOp, Reg } from "./bpf/index.js";
import { FP, Label } from "./bpf/index.js";
import type { Gen } from "../contracts/gen.js";
import { compareStrings, compareTuples } from "./strings.js";

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
    if (lt.kind === "tuple") return compareTuples(g, e.left, e.right, e.op === "!=");
  }
  if (e.op === "&&" || e.op === "||") return logical(g, e);
  const signed = isSigned(lt) && isSigned(rt);
  const [dst, src, done] = operands(g, e);
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
    divide(g, e.op === "/" ? "div" : "mod", dst, src);
  } else {
    alu(g, ARITH[e.op]!, dst, src);
  }
  done();
  void result;
  return dst;
}

/**
 * Unsigned `/` and `%` (BPF has no signed division; bpftrace divides unsigned and warns). A zero
 * divisor gives 0 for both, as in bpftrace, where BPF alone would leave the dividend for `%`.
 */
function divide(g: Gen, op: "div" | "mod", dst: Reg, src: Operand): void {
  if ("imm" in src) {
    if (src.imm === 0) g.asm.movImm(dst, 0);
    else if (src.imm > 0) g.asm.aluImm(op, dst, src.imm);
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
  g.asm.jmpImm("jeq", src.reg, 0, zero);
  g.asm.aluReg(op, dst, src.reg);
  g.asm.ja(end);
  g.asm.label(zero);
  g.asm.movImm(dst, 0);
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
  const r = g.scalar(e.operand);
  const from = g.typeOf(e.operand);
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

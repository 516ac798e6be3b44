/**
 * Reads of kernel (and user) memory through typed pointers: `p->f`, `s.f`, `a[i]`, `*p`. The
 * address is computed in a register (pointer value + field offsets + scaled index), then the value
 * is copied to the stack with bpf_probe_read_kernel (bpf_probe_read_user for user pointers): the
 * verifier lets a tracing program read arbitrary memory only through these helpers.
 */
import type { Expr } from "../ast/nodes.js";
import { fieldLayout, memorySize } from "../semantic/kernel-types.js";
import type { Type } from "../semantic/types.js";
import { storageSize, typeName } from "../semantic/types.js";
import type { Span } from "../diagnostics/span.js";
import type { Reg } from "./bpf/index.js";
import { FP, HELPERS, R1, R2, R3 } from "./bpf/index.js";
import { stackPointer } from "./frame.js";
import type { Gen } from "./gen.js";

/** A struct or array used as a whole value: reported at its place, like a type error. */
export class NotCopyable extends Error {
  constructor(readonly span: Span, message: string) {
    super(message);
  }
}

const LOADS = { 1: "u8", 2: "u16", 4: "u32", 8: "u64" } as const;

/** Whether `e` reads memory through a kernel type (rather than args, tuples or operators). */
export function isMemoryAccess(g: Gen, e: Expr): boolean {
  if (e.kind === "FieldAccess") {
    const k = g.typeOf(e.object).kind;
    return k === "ptr" || k === "struct";
  }
  if (e.kind === "IndexAccess") return true;
  return e.kind === "Unary" && e.op === "*";
}

interface Place {
  reg: Reg;
  user: boolean;
  /** For a bitfield: where it lies in the bytes at `reg`. */
  bits?: { shift: number; width: number };
  size: number;
}

/** The address of the memory `e` names, in a pool register the caller releases. */
function place(g: Gen, e: Expr): Place {
  const t = g.typeOf(e);
  if (e.kind === "FieldAccess") {
    const objT = g.typeOf(e.object);
    const base = objT.kind === "ptr" ? { reg: g.scalar(e.object), user: objT.user } : place(g, e.object);
    const s = (objT.kind === "ptr" ? objT.to : objT) as Type & { kind: "struct" };
    const f = fieldLayout(s, e.field, base.user)!;
    if (f.offset !== 0) g.asm.aluImm("add", base.reg, f.offset);
    return { reg: base.reg, user: base.user, bits: f.bits, size: f.size };
  }
  if (e.kind === "IndexAccess") {
    const objT = g.typeOf(e.object);
    const base = objT.kind === "ptr" ? { reg: g.scalar(e.object), user: objT.user } : place(g, e.object);
    const elemSize = objT.kind === "array" ? objT.elemSize : memorySize(t);
    // The index may need registers and helper calls of its own: keep the base on the stack meanwhile.
    const spill = g.stack.alloc(8);
    g.asm.stx("u64", FP, spill, base.reg);
    g.regs.release(base.reg);
    const idx = g.scalar(e.index);
    if (elemSize !== 1) g.asm.aluImm("mul", idx, elemSize);
    const reg = g.regs.alloc();
    g.asm.ldx("u64", reg, FP, spill);
    g.asm.aluReg("add", reg, idx);
    g.regs.release(idx);
    return { reg, user: base.user, size: memorySize(t) };
  }
  if (e.kind === "Unary" && e.op === "*") {
    const pt = g.typeOf(e.operand) as Type & { kind: "ptr" };
    return { reg: g.scalar(e.operand), user: pt.user, size: memorySize(t) };
  }
  throw new Error(`internal: ${e.kind} does not name memory`);
}

/** Copies `size` bytes at the address in `src` to the stack at r10+off (`str`: up to a NUL). */
function read(g: Gen, off: number, size: number, src: Reg, user: boolean, str: boolean): void {
  stackPointer(g.asm, R1, off);
  g.asm.movImm(R2, size);
  g.asm.movReg(R3, src);
  g.regs.release(src);
  const helper = str
    ? user ? HELPERS.probe_read_user_str : HELPERS.probe_read_kernel_str
    : user ? HELPERS.probe_read_user : HELPERS.probe_read_kernel;
  g.asm.call(helper);
}

/** A scalar read from memory (an integer, a pointer, a bitfield), in a fresh pool register. */
export function loadScalar(g: Gen, e: Expr): Reg {
  const t = g.typeOf(e);
  const p = place(g, e);
  const tmp = g.stack.alloc(8);
  // Zeroed first: a failed read (a bad pointer) leaves 0, as bpftrace reads it.
  g.asm.st("u64", FP, tmp, 0);
  read(g, tmp, p.size, p.reg, p.user, false);
  const r = g.regs.alloc();
  if (p.bits) {
    g.asm.ldx("u64", r, FP, tmp);
    g.asm.aluImm("lsh", r, 64 - p.bits.shift - p.bits.width);
    g.asm.aluImm("rsh", r, 64 - p.bits.width);
    return r;
  }
  g.asm.ldx(LOADS[p.size as 1 | 2 | 4 | 8] ?? "u64", r, FP, tmp);
  if (t.kind === "int" && t.signed && t.bits < 64) {
    g.asm.aluImm("lsh", r, 64 - t.bits);
    g.asm.aluImm("arsh", r, 64 - t.bits);
  }
  return r;
}

/** A non-scalar read into the stack at r10+off: a char array as a string. */
export function readInto(g: Gen, e: Expr, off: number): void {
  const t = g.typeOf(e);
  if (t.kind !== "str") {
    throw new NotCopyable(e.span, `${typeName(t)} can not be stored or printed whole yet: read one of its fields, or keep a pointer to it`);
  }
  const p = place(g, e);
  // Zero, then read up to the NUL: equal strings must be equal map keys, whatever follows the NUL.
  g.zero(off, storageSize(t));
  read(g, off, t.size, p.reg, p.user, true);
}

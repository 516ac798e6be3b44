/** String and tuple comparison, unrolled byte by byte (the verifier sees every access). */
import type { Expr } from "../ast/nodes.js";
import type { Type } from "../semantic/types.js";
import { storageSize } from "../semantic/types.js";
import type { Label, Reg } from "./bpf/index.js";
import { FP, Label as L, R1, R2 } from "./bpf/index.js";
import type { Gen } from "../contracts/gen.js";

/**
 * Sets `dst` to 1 when the NUL-terminated strings at r10+a and r10+b are equal, else 0.
 * Only the first `n` bytes are compared: a string ends at its NUL or its buffer's end.
 */
export function stringsEqual(g: Gen, dst: Reg, a: number, b: number, n: number): void {
  const { asm } = g;
  const differ: Label = new L("str_ne");
  const done: Label = new L("str_done");
  for (let i = 0; i < n; i++) {
    asm.ldx("u8", R1, FP, a + i);
    asm.ldx("u8", R2, FP, b + i);
    asm.jmpReg("jne", R1, R2, differ);
    if (i < n - 1) asm.jmpImm("jeq", R1, 0, done);
  }
  asm.label(done);
  asm.movImm(dst, 1);
  const end = new L("str_end");
  asm.ja(end);
  asm.label(differ);
  asm.movImm(dst, 0);
  asm.label(end);
}

/** Sets `dst` to 1 when `n` bytes at r10+a and r10+b are identical (tuples compare as bytes). */
export function bytesEqual(g: Gen, dst: Reg, a: number, b: number, n: number): void {
  const { asm } = g;
  const differ = new L("mem_ne");
  const end = new L("mem_end");
  for (let i = 0; i < n; i += 8) {
    asm.ldx("u64", R1, FP, a + i);
    asm.ldx("u64", R2, FP, b + i);
    asm.jmpReg("jne", R1, R2, differ);
  }
  asm.movImm(dst, 1);
  asm.ja(end);
  asm.label(differ);
  asm.movImm(dst, 0);
  asm.label(end);
}

/** `a == b` / `a != b` for strings: both are materialised on the stack and compared. */
export function compareStrings(g: Gen, left: Expr, right: Expr, negate: boolean): Reg {
  const lt = g.typeOf(left) as Type & { kind: "str" };
  const rt = g.typeOf(right) as Type & { kind: "str" };
  const mark = g.stack.mark();
  const a = g.stack.alloc(storageSize(lt));
  const b = g.stack.alloc(storageSize(rt));
  g.into(left, a, lt);
  g.into(right, b, rt);
  const r = g.regs.alloc();
  stringsEqual(g, r, a, b, Math.min(lt.size, rt.size));
  if (negate) g.asm.aluImm("xor", r, 1);
  g.stack.release(mark);
  return r;
}

/** `a == b` / `a != b` for tuples: compared byte for byte (both are zero-padded). */
export function compareTuples(g: Gen, left: Expr, right: Expr, negate: boolean): Reg {
  const t = g.typeOf(left);
  const size = storageSize(t);
  const mark = g.stack.mark();
  const a = g.stack.alloc(size);
  const b = g.stack.alloc(size);
  g.zero(a, size);
  g.zero(b, size);
  g.into(left, a, t);
  g.into(right, b, t);
  const r = g.regs.alloc();
  bytesEqual(g, r, a, b, size);
  if (negate) g.asm.aluImm("xor", r, 1);
  g.stack.release(mark);
  return r;
}

/** `a == b` / `a != b` for buffers: their lengths and bytes, both zero-padded to the larger size. */
export function compareBuffers(g: Gen, left: Expr, right: Expr, negate: boolean): Reg {
  const lt = g.typeOf(left);
  const rt = g.typeOf(right);
  const size = Math.max(storageSize(lt), storageSize(rt));
  const mark = g.stack.mark();
  const a = g.stack.alloc(size);
  const b = g.stack.alloc(size);
  g.zero(a, size);
  g.zero(b, size);
  g.into(left, a, lt);
  g.into(right, b, rt);
  const r = g.regs.alloc();
  bytesEqual(g, r, a, b, size);
  if (negate) g.asm.aluImm("xor", r, 1);
  g.stack.release(mark);
  return r;
}

/**
 * Functions over strings, computed in the probe: strncmp, strcontains, strlen; and strerror,
 * whose text user space supplies. Strings are compared unrolled, byte by byte, within their
 * buffers, so the verifier sees every access and no loop.
 */
import type { Call, Expr } from "../ast/nodes.js";
import { FP, HELPERS, Label, R0, R1, R2, R3 } from "../codegen/bpf/index.js";
import { stackPointer } from "../codegen/frame.js";
import type { Reg } from "../codegen/bpf/index.js";
import type { Gen } from "../contracts/gen.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { boolT, isScalar, s64, storageSize, strType, typeName, u64 } from "../semantic/types.js";
import type { Type } from "../semantic/types.js";
import { kindName } from "../semantic/printf-check.js";
import type { Builtin } from "./builtin.js";
import { defineFunc } from "./builtin.js";

function checkString(c: CheckCtx, fn: string, e: Expr): Type {
  const t = c.check(e);
  if (t.kind !== "str") c.error(e.span, `${fn}() expects a string argument (${typeName(t)} provided)`);
  return t;
}

/** Materialises a string argument on the stack (zero-padded); returns its offset and buffer size. */
function onStack(g: Gen, e: Expr): { off: number; size: number } {
  const t = g.typeOf(e) as { kind: "str"; size: number };
  const off = g.stack.alloc(storageSize(t));
  g.zero(off, storageSize(t));
  g.into(e, off, t);
  return { off, size: t.size };
}

/** Sets `dst` to 0 when the first `n` bytes of two NUL-terminated strings agree, else 1. */
function emitStrncmp(g: Gen, dst: Reg, a: { off: number; size: number }, b: { off: number; size: number }, n: number): void {
  const { asm } = g;
  const differ = new Label("strncmp_ne");
  const end = new Label("strncmp_end");
  const equal = new Label("strncmp_eq");
  const limit = Math.min(n, a.size, b.size);
  for (let i = 0; i < limit; i++) {
    asm.ldx("u8", R1, FP, a.off + i);
    asm.ldx("u8", R2, FP, b.off + i);
    asm.jmpReg("jne", R1, R2, differ);
    asm.jmpImm("jeq", R1, 0, equal);
  }
  // Compared `limit` bytes: equal if that is all `n` asked for, or if both buffers end here.
  if (limit < n && a.size !== b.size) {
    const longer = a.size > b.size ? a : b;
    asm.ldx("u8", R1, FP, longer.off + limit);
    asm.jmpImm("jne", R1, 0, differ);
  }
  asm.label(equal);
  asm.movImm(dst, 0);
  // strncmp(a, b, 0): nothing is compared, so nothing can differ; an unused branch would be
  // code the verifier refuses as unreachable.
  if (limit === 0 && !(limit < n && a.size !== b.size)) return;
  asm.ja(end);
  asm.label(differ);
  asm.movImm(dst, 1);
  asm.label(end);
}

function literalInt(e: Expr | undefined): number | undefined {
  return e?.kind === "IntLit" ? Number(e.value) : undefined;
}

export const strings: Builtin[] = [
  defineFunc({
    name: "strncmp",
    doc: "strncmp(s1, s2, n): 0 when the first n characters of s1 and s2 are equal, else 1",
    arity: [3, 3],
    check(c, call) {
      checkString(c, "strncmp", call.args[0]!);
      checkString(c, "strncmp", call.args[1]!);
      const t = c.check(call.args[2]!);
      const n = literalInt(call.args[2]);
      if (n === undefined) c.error(call.span, `strncmp() expects a integer literal (${kindName(t)} provided)`);
      else if (n < 0) c.error(call.args[2]!.span, "strncmp(): the length must not be negative");
      return s64;
    },
    emit(g, call) {
      const mark = g.stack.mark();
      const a = onStack(g, call.args[0]!);
      const b = onStack(g, call.args[1]!);
      const r = g.regs.alloc();
      emitStrncmp(g, r, a, b, literalInt(call.args[2])!);
      g.stack.release(mark);
      return r;
    },
  }),
  defineFunc({
    name: "strcontains",
    doc: "strcontains(haystack, needle): true when needle occurs in haystack",
    arity: [2, 2],
    check(c, call) {
      const types = call.args.map((a) => c.check(a));
      const bad = types.find((t) => t.kind !== "str");
      if (bad) c.error(call.span, `strcontains() only supports string arguments (${kindName(bad)} provided)`);
      return boolT;
    },
    emit(g, call) {
      const { asm } = g;
      const mark = g.stack.mark();
      const h = onStack(g, call.args[0]!);
      const n = onStack(g, call.args[1]!);
      const r = g.regs.alloc();
      const found = new Label("strcontains_yes");
      const notFound = new Label("strcontains_no");
      const end = new Label("strcontains_end");
      // For each start i: match the needle until its NUL (found) or a differing byte (next i).
      for (let i = 0; i < h.size; i++) {
        const next = new Label("strcontains_next");
        for (let j = 0; j < n.size; j++) {
          asm.ldx("u8", R2, FP, n.off + j);
          asm.jmpImm("jeq", R2, 0, found);
          if (i + j >= h.size) {
            asm.ja(next);
            break;
          }
          asm.ldx("u8", R1, FP, h.off + i + j);
          // The haystack ending before the needle does means no later start can match either.
          asm.jmpImm("jeq", R1, 0, notFound);
          asm.jmpReg("jne", R1, R2, next);
        }
        if (n.size > 0 && i + n.size - 1 < h.size) asm.ja(found); // the needle's buffer ended: all matched
        asm.label(next);
      }
      asm.label(notFound);
      asm.movImm(r, 0);
      asm.ja(end);
      asm.label(found);
      asm.movImm(r, 1);
      asm.label(end);
      g.stack.release(mark);
      return r;
    },
  }),
  defineFunc({
    name: "strlen",
    doc: "strlen(s): the number of characters in s",
    arity: [1, 1],
    check(c, call) {
      checkString(c, "strlen", call.args[0]!);
      return u64;
    },
    emit(g, call) {
      const { asm } = g;
      const mark = g.stack.mark();
      const s = onStack(g, call.args[0]!);
      const r = g.regs.alloc();
      const end = new Label("strlen_end");
      asm.movImm(r, 0);
      for (let i = 0; i < s.size; i++) {
        asm.ldx("u8", R1, FP, s.off + i);
        asm.jmpImm("jeq", R1, 0, end);
        asm.aluImm("add", r, 1);
      }
      asm.label(end);
      g.stack.release(mark);
      return r;
    },
  }),
  defineFunc({
    name: "str_concat",
    doc: 'str_concat(a, b): a new string, a followed by b (its size is both sizes less one terminator)',
    arity: [2, 2],
    check(c, call: Call) {
      const a = checkString(c, "str_concat", call.args[0]!);
      const b = checkString(c, "str_concat", call.args[1]!);
      const size = (a.kind === "str" ? a.size : 1) + (b.kind === "str" ? b.size : 1) - 1;
      return strType(size);
    },
    emit(g, call, out) {
      const { asm } = g;
      const mark = g.stack.mark();
      const a = onStack(g, call.args[0]!);
      const b = onStack(g, call.args[1]!);
      const size = storageSize(g.typeOf(call) as Type);
      g.zero(out!, size);
      // a's bytes up to its NUL, then b's from where that NUL was: two reads of at most each size.
      stackPointer(asm, R1, out!);
      asm.movImm(R2, a.size);
      stackPointer(asm, R3, a.off);
      asm.call(HELPERS.probe_read_kernel_str);
      const some = new Label("concat_some");
      const bounded = new Label("concat_bounded");
      asm.jmpImm("jsgt", R0, 0, some);
      asm.movImm(R0, 1);
      asm.label(some);
      asm.aluImm("sub", R0, 1);
      asm.jmpImm("jle", R0, a.size - 1, bounded);
      asm.movImm(R0, a.size - 1);
      asm.label(bounded);
      stackPointer(asm, R1, out!);
      asm.aluReg("add", R1, R0);
      asm.movImm(R2, b.size);
      stackPointer(asm, R3, b.off);
      asm.call(HELPERS.probe_read_kernel_str);
      g.stack.release(mark);
      return undefined;
    },
  }),
  defineFunc({
    name: "syscall_name",
    doc: "syscall_name(nr): the name of system call nr (syscall_name(0) is 'read' on x86_64), named when printed",
    arity: [1, 1],
    check(c, call: Call) {
      const t = c.check(call.args[0]!);
      if (!isScalar(t)) c.error(call.args[0]!.span, `syscall_name() expects an integer (${typeName(t)} provided)`);
      return { kind: "rendered", as: "syscall" };
    },
    emit(g, call, out) {
      const r = g.scalar(call.args[0]!);
      g.asm.stx("u64", FP, out!, r);
      g.regs.release(r);
      return undefined;
    },
  }),
  defineFunc({
    name: "strerror",
    doc: "strerror(errno): the error's text (e.g. strerror(2) is 'No such file or directory'), for printing",
    arity: [1, 1],
    check(c, call: Call) {
      const t = c.check(call.args[0]!);
      if (!isScalar(t)) c.error(call.args[0]!.span, `strerror() expects an integer (${typeName(t)} provided)`);
      return { kind: "rendered", as: "strerror" };
    },
    emit(g, call, out) {
      const r = g.scalar(call.args[0]!);
      g.asm.stx("u64", FP, out!, r);
      g.regs.release(r);
      return undefined;
    },
  }),
];

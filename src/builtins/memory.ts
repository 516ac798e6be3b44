/** Builtins that read memory: str(), buf(), and kptr()/uptr() which say whose memory a pointer addresses. */
import type { Expr } from "../ast/nodes.js";
import { FP, HELPERS, Label, R0, R1, R2, R3 } from "../codegen/bpf/index.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import type { Type } from "../semantic/types.js";
import { stackPointer } from "../codegen/frame.js";
import { checkHelperResult } from "../codegen/helper-errors.js";
import { positionalAsString } from "../semantic/positional.js";
import { boolT, isIntegral, isScalar, storageSize, strType, typeName } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineFunc } from "./builtin.js";

/** The constant length argument of str(p, n), when it is a literal. */
function literalLength(e: Expr | undefined): number | undefined {
  return e?.kind === "IntLit" ? Number(e.value) : undefined;
}

export const memory: Builtin[] = [
  defineFunc({
    name: "str",
    doc: "str(ptr[, len]): the NUL-terminated string at ptr, at most len bytes (default max_strlen)",
    arity: [1, 2],
    check(c, call) {
      // str($1), str($1 + 2): the parameter's text, as a string literal.
      const param = positionalAsString(call.args[0]!, c.positional);
      if (param) call.args[0] = param;
      const t = c.check(call.args[0]!);
      const lenT = call.args[1] && c.check(call.args[1]);
      if (t.kind === "str") {
        // str($1) of a string parameter, str(s, n) of a string: at most n - 1 of its characters.
        const n = literalLength(call.args[1]);
        return n !== undefined && n < t.size ? strType(Math.max(1, n)) : t;
      }
      if (!isScalar(t)) {
        c.error(call.args[0]!.span, `str() expects a pointer or integer argument (${typeName(t)} provided)`);
        return strType(c.maxStrlen);
      }
      if (lenT && !isIntegral(lenT)) c.error(call.args[1]!.span, `str(): the length must be an integer (${typeName(lenT)} provided)`);
      // The length counts the NUL, as in current bpftrace: str(p, 5) keeps at most 4 characters.
      // A length known only at run time reads into a max_strlen buffer, at most that many bytes.
      const n = literalLength(call.args[1]);
      if (n !== undefined && n + 1 > c.maxStrlen) {
        c.warning(call.span, `length param (${n}) is too long and will be shortened to ${c.maxStrlen} bytes (see BPFTRACE_MAX_STRLEN)`);
      }
      return strType(Math.max(1, Math.min(n ?? c.maxStrlen, c.maxStrlen)));
    },
    emit(g, call, out) {
      const t = g.typeOf(call) as { kind: "str"; size: number };
      const argT = g.typeOf(call.args[0]!);
      if (argT.kind === "str") {
        if (t.size >= argT.size) {
          g.into(call.args[0]!, out!, t);
          return undefined;
        }
        const mark = g.stack.mark();
        const tmp = g.stack.alloc(storageSize(argT));
        g.into(call.args[0]!, tmp, argT);
        g.copy(out!, FP, tmp, storageSize(t));
        // The NUL that ends the shorter string, and zeros after it (equal strings, equal keys).
        for (let i = t.size - 1; i < storageSize(t); i++) g.asm.st("u8", FP, out! + i, 0);
        g.stack.release(mark);
        return undefined;
      }
      const { asm } = g;
      // An integer used as a pointer addresses the probed program's memory in user-space probes.
      const user = argT.kind === "ptr" ? argT.user : g.target.provider.userMemory === true;
      const ptr = g.scalar(call.args[0]!);
      const lenArg = call.args[1];
      const runtimeLen = lenArg !== undefined && literalLength(lenArg) === undefined;
      let len: number | undefined;
      if (runtimeLen) {
        // Park the pointer: the length may need every register and helper calls of its own.
        len = g.stack.alloc(8);
        asm.stx("u64", FP, len, ptr);
        const r = g.scalar(lenArg);
        const ok = new Label("str_len_ok");
        asm.jmpImm("jle", r, t.size, ok);
        asm.movImm(r, t.size);
        asm.label(ok);
        asm.ldx("u64", R3, FP, len);
        asm.stx("u64", FP, len, r);
        asm.movReg(ptr, R3);
        g.regs.release(r);
      }
      // Without a length, one byte more than the string holds is read: a string that fills all of
      // it (no NUL) was cut, and prints with str_trunc_trailer, as in current bpftrace.
      const readSize = lenArg === undefined ? t.size + 1 : t.size;
      const size = storageSize(t);
      const direct = readSize <= size;
      const dst = direct ? out! : g.stack.alloc(Math.ceil(readSize / 8) * 8);
      // Zero first: the helper stops at the NUL, and equal strings must be equal map keys.
      g.zero(dst, direct ? size : Math.ceil(readSize / 8) * 8);
      stackPointer(asm, R1, dst);
      if (len !== undefined) asm.ldx("u64", R2, FP, len);
      else asm.movImm(R2, readSize);
      asm.movReg(R3, ptr);
      g.regs.release(ptr);
      asm.call(user ? HELPERS.probe_read_user_str : HELPERS.probe_read_kernel_str);
      checkHelperResult(g, user ? "probe_read_user_str" : "probe_read_kernel_str", call.span);
      if (!direct) {
        for (let i = 0; i < size; i += 8) {
          asm.ldx("u64", R1, FP, dst + i);
          asm.stx("u64", FP, out! + i, R1);
        }
      }
      return undefined;
    },
  }),
  defineFunc({
    name: "buf",
    doc: "buf(ptr, len): len bytes at ptr, printed as text with \\x escapes (%r), or as hex (%rx, %rh)",
    arity: [1, 2],
    check(c, call) {
      const t = c.check(call.args[0]!);
      const lenT = call.args[1] ? c.check(call.args[1]) : undefined;
      const n = literalLength(call.args[1]);
      if (lenT && n === undefined && !isIntegral(lenT)) c.error(call.args[1]!.span, `buf(): the length must be an integer (${typeName(lenT)} provided)`);
      if (t.kind !== "str" && t.kind !== "array" && !isScalar(t)) {
        c.error(call.args[0]!.span, `buf() expects a pointer, an integer, a string or an array (${typeName(t)} provided)`);
        return { kind: "buf", size: 1 };
      }
      if (t.kind !== "str" && t.kind !== "array" && !call.args[1]) c.error(call.span, "buf() of a pointer needs a length: buf(ptr, len)");
      // An array is its bytes (`int d[4]`: 16, `uint8_t c[4]`: 4), a string literal its characters.
      const whole = t.kind === "array" ? t.length * t.elemSize : t.kind === "str" ? (call.args[0]!.kind === "StrLit" ? t.size - 1 : t.size) : 1;
      // A length known only at run time gets room for the most it can be (max_strlen, or the
      // array); what it is then is clamped to that and recorded with the bytes.
      const size = n ?? (call.args[1] && t.kind !== "str" && t.kind !== "array" ? c.maxStrlen : whole);
      if (size > c.maxStrlen) c.error(call.args[1]?.span ?? call.span, `buf(): length ${size} is larger than max_strlen (${c.maxStrlen})`);
      if (size < 1) c.error(call.args[1]?.span ?? call.span, "buf(): length must be at least 1");
      return { kind: "buf", size: Math.max(1, Math.min(size, c.maxStrlen)) };
    },
    emit(g, call, out) {
      const t = g.typeOf(call) as { kind: "buf"; size: number };
      const argT = g.typeOf(call.args[0]!);
      g.zero(out!, 8 + Math.ceil(t.size / 8) * 8);
      const lenArg = call.args[1];
      // The length at out: the type's size, or a run-time length clamped to it.
      if (lenArg && literalLength(lenArg) === undefined) {
        const n = g.scalar(lenArg);
        const ok = new Label("buf_len_ok");
        g.asm.jmpImm("jle", n, t.size, ok);
        g.asm.movImm(n, t.size);
        g.asm.label(ok);
        g.asm.stx("u64", FP, out!, n);
        g.regs.release(n);
      } else g.asm.st("u64", FP, out!, t.size);
      if (argT.kind === "str" || argT.kind === "array") {
        // Raw bytes, zeros included: a char array is read as it is, not up to its first NUL.
        const bytes: Type = argT.kind === "str" ? { kind: "array", elem: { kind: "int", bits: 8, signed: false }, length: argT.size, elemSize: 1 } : argT;
        const mark = g.stack.mark();
        const tmp = g.stack.alloc(Math.max(storageSize(bytes), t.size));
        g.zero(tmp, Math.ceil(Math.max(storageSize(bytes), t.size) / 8) * 8);
        g.into(call.args[0]!, tmp, bytes);
        g.copy(out! + 8, FP, tmp, t.size);
        g.stack.release(mark);
      } else {
        const user = argT.kind === "ptr" ? argT.user : g.target.provider.userMemory === true;
        const ptr = g.scalar(call.args[0]!);
        stackPointer(g.asm, R1, out! + 8);
        if (lenArg && literalLength(lenArg) === undefined) {
          // Only the bytes asked for: reading past a short buffer could fail where they would not.
          // Clamped again: `out` may be in a scratch map, where the verifier keeps no bounds.
          g.asm.ldx("u64", R2, FP, out!);
          const ok = new Label("buf_read_len_ok");
          g.asm.jmpImm("jle", R2, t.size, ok);
          g.asm.movImm(R2, t.size);
          g.asm.label(ok);
        } else g.asm.movImm(R2, t.size);
        g.asm.movReg(R3, ptr);
        g.regs.release(ptr);
        g.asm.call(user ? HELPERS.probe_read_user : HELPERS.probe_read_kernel);
        checkHelperResult(g, user ? "probe_read_user" : "probe_read_kernel", call.span);
      }
      return undefined;
    },
  }),
  addressSpace("kptr", false),
  addressSpace("uptr", true),
  defineFunc({
    name: "write_user",
    doc: "write_user(dst, src, len): write len bytes of src (a pointer, or a value such as a string) to the user address dst; true on success (needs --unsafe)",
    arity: [3, 3],
    check(c, call) {
      // bpftrace's words (its stdlib's write_user macro), at the call.
      if (!c.unsafe) c.error(call.span, "write_user() is unsafe. To use you need the --unsafe flag");
      const [dst, src, len] = call.args as [Expr, Expr, Expr];
      const dstT = c.check(dst);
      c.check(src);
      const lenT = c.check(len);
      if (!isScalar(dstT)) c.error(dst.span, `write_user() expects a pointer as its destination (${typeName(dstT)} provided)`);
      if (!isIntegral(lenT)) c.error(len.span, `write_user() expects an integer length (${typeName(lenT)} provided)`);
      return boolT;
    },
    emit(g, call) {
      const [dst, src, len] = call.args as [Expr, Expr, Expr];
      const srcT = g.typeOf(src);
      const mark = g.stack.mark();
      // A pointer is the address of the bytes; any other value is written from a copy on the stack,
      // and no more of it than it has.
      const onStack = !isScalar(srcT);
      const size = onStack ? storageSize(srcT) : 0;
      const tmp = onStack ? g.stack.alloc(size) : 0;
      if (onStack) g.into(src, tmp, srcT);
      const srcReg = onStack ? undefined : g.scalar(src);
      const lenReg = g.scalar(len);
      const dstReg = g.scalar(dst);
      g.asm.movReg(R1, dstReg);
      g.regs.release(dstReg);
      if (srcReg !== undefined) {
        g.asm.movReg(R2, srcReg);
        g.regs.release(srcReg);
      } else stackPointer(g.asm, R2, tmp);
      // bpf_probe_write_user takes a 32-bit length the verifier can bound.
      g.asm.mov32Reg(R3, lenReg);
      g.regs.release(lenReg);
      if (onStack) {
        const fits = new Label("write_user_fits");
        g.asm.jmpImm("jle", R3, size, fits);
        g.asm.movImm(R3, size);
        g.asm.label(fits);
      }
      g.asm.call(HELPERS.probe_write_user);
      g.stack.release(mark);
      checkHelperResult(g, "probe_write_user", call.span);
      const r = g.regs.alloc();
      g.asm.movImm(r, 0);
      const failed = new Label("write_user_failed");
      g.asm.jmpImm("jne", R0, 0, failed);
      g.asm.movImm(r, 1);
      g.asm.label(failed);
      return r;
    },
  }),
];

/** kptr(p) / uptr(p): p itself, marked as addressing kernel or user memory (what str() and buf() read). */
function addressSpace(name: string, user: boolean) {
  return defineFunc({
    name,
    doc: `${name}(ptr): ptr, marked as a ${user ? "user" : "kernel"}-space address for str() and buf()`,
    arity: [1, 1],
    check(c: CheckCtx, call): Type {
      const t = c.check(call.args[0]!);
      if (!isScalar(t)) {
        c.error(call.args[0]!.span, `${name}() expects a pointer or an integer (${typeName(t)} provided)`);
        return t;
      }
      return t.kind === "ptr" ? { ...t, user } : { kind: "ptr", to: { kind: "int", bits: 8, signed: true }, user };
    },
    emit: (g, call) => g.scalar(call.args[0]!),
  });
}

/** Builtins that read memory: str(), buf(), and kptr()/uptr() which say whose memory a pointer addresses. */
import type { Expr } from "../ast/nodes.js";
import { FP, HELPERS, R1, R2, R3 } from "../codegen/bpf/index.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import type { Type } from "../semantic/types.js";
import { stackPointer } from "../codegen/frame.js";
import { checkHelperResult } from "../codegen/helper-errors.js";
import { positionalAsString } from "../semantic/positional.js";
import { isScalar, strType, typeName } from "../semantic/types.js";
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
      if (call.args[1]) c.check(call.args[1]);
      if (t.kind === "str") return t; // str($1) of a string parameter
      if (!isScalar(t)) {
        c.error(call.args[0]!.span, `str() expects a pointer or integer argument (${typeName(t)} provided)`);
        return strType(c.maxStrlen);
      }
      const n = literalLength(call.args[1]);
      if (call.args[1] && n === undefined) c.error(call.args[1].span, "str(): the length must be an integer literal");
      return strType(Math.max(1, Math.min(n === undefined ? c.maxStrlen : n + 1, c.maxStrlen)));
    },
    emit(g, call, out) {
      const t = g.typeOf(call) as { kind: "str"; size: number };
      const argT = g.typeOf(call.args[0]!);
      if (argT.kind === "str") {
        g.into(call.args[0]!, out!, t);
        return undefined;
      }
      // An integer used as a pointer addresses the probed program's memory in user-space probes.
      const user = argT.kind === "ptr" ? argT.user : g.target.provider.userMemory === true;
      const ptr = g.scalar(call.args[0]!);
      // Zero first: the helper stops at the NUL, and equal strings must be equal map keys.
      g.zero(out!, (t.size + 7) & ~7);
      stackPointer(g.asm, R1, out!);
      g.asm.movImm(R2, t.size);
      g.asm.movReg(R3, ptr);
      g.regs.release(ptr);
      g.asm.call(user ? HELPERS.probe_read_user_str : HELPERS.probe_read_kernel_str);
      checkHelperResult(g, user ? "probe_read_user_str" : "probe_read_kernel_str", call.span);
      return undefined;
    },
  }),
  defineFunc({
    name: "buf",
    doc: "buf(ptr, len): len bytes at ptr, printed as text with \\x escapes (%r), or as hex (%rx, %rh)",
    arity: [1, 2],
    check(c, call) {
      const t = c.check(call.args[0]!);
      if (call.args[1]) c.check(call.args[1]);
      const n = literalLength(call.args[1]);
      if (call.args[1] && n === undefined) c.error(call.args[1].span, "buf(): the length must be an integer literal");
      if (t.kind !== "str" && !isScalar(t)) {
        c.error(call.args[0]!.span, `buf() expects a pointer, an integer or a string (${typeName(t)} provided)`);
        return { kind: "buf", size: 1 };
      }
      if (t.kind !== "str" && !call.args[1]) c.error(call.span, "buf() of a pointer needs a length: buf(ptr, len)");
      const size = n ?? (t.kind === "str" ? t.size - 1 : 1);
      if (size > c.maxStrlen) c.error(call.args[1]?.span ?? call.span, `buf(): length ${size} is larger than max_strlen (${c.maxStrlen})`);
      if (size < 1) c.error(call.args[1]?.span ?? call.span, "buf(): length must be at least 1");
      return { kind: "buf", size: Math.max(1, Math.min(size, c.maxStrlen)) };
    },
    emit(g, call, out) {
      const t = g.typeOf(call) as { kind: "buf"; size: number };
      const argT = g.typeOf(call.args[0]!);
      g.zero(out!, 8 + ((t.size + 7) & ~7));
      if (argT.kind === "str") {
        const mark = g.stack.mark();
        const tmp = g.stack.alloc(Math.max(argT.size, t.size));
        g.zero(tmp, (Math.max(argT.size, t.size) + 7) & ~7);
        g.into(call.args[0]!, tmp, argT);
        g.copy(out! + 8, FP, tmp, t.size);
        g.stack.release(mark);
      } else {
        const user = argT.kind === "ptr" ? argT.user : g.target.provider.userMemory === true;
        const ptr = g.scalar(call.args[0]!);
        stackPointer(g.asm, R1, out! + 8);
        g.asm.movImm(R2, t.size);
        g.asm.movReg(R3, ptr);
        g.regs.release(ptr);
        g.asm.call(user ? HELPERS.probe_read_user : HELPERS.probe_read_kernel);
        checkHelperResult(g, user ? "probe_read_user" : "probe_read_kernel", call.span);
      }
      g.asm.st("u64", FP, out!, t.size);
      return undefined;
    },
  }),
  addressSpace("kptr", false),
  addressSpace("uptr", true),
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

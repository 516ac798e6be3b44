/** Builtins that read memory: str(). */
import type { Expr } from "../ast/nodes.js";
import { HELPERS, R1, R2, R3 } from "../codegen/bpf/index.js";
import { stackPointer } from "../codegen/frame.js";
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
      return undefined;
    },
  }),
];

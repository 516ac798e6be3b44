/**
 * Builtins over kernel socket objects: socket_cookie(sk). Their helpers take the object itself, a
 * pointer the verifier knows the BTF type of, so they need a BTF-typed program (fentry/fexit, or a
 * rawtracepoint, which then loads as tp_btf: see semantic/btf-typed.ts).
 */
import type { Call } from "../ast/nodes.js";
import { HELPERS, R1 } from "../codegen/bpf/index.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import type { Gen } from "../contracts/gen.js";
import { BPF_PROG_TYPE_TRACING } from "../abi/uapi.js";
import { helperValue } from "../codegen/helper-value.js";
import { noneT, typeName, u64 } from "../semantic/types.js";
import type { Type } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineFunc } from "./builtin.js";

/** bpftrace's error where the probe type's programs cannot call the builtin's helper. */
export function requireBtfTypedProgram(c: CheckCtx, call: Call): boolean {
  if (c.target.provider.progType === BPF_PROG_TYPE_TRACING) return true;
  c.error(call.span, `${call.name} can not be used with "${c.target.provider.name}" probes`);
  return false;
}

/** Whether `t` is a pointer to the kernel struct `name` (`struct sock`). */
export function isPointerTo(t: Type, name: string): boolean {
  return t.kind === "ptr" && t.to.kind === "struct" && t.to.name === name;
}

export const network: Builtin[] = [
  defineFunc({
    name: "socket_cookie",
    doc: "socket_cookie(sk): the kernel's cookie of socket `sk` (a struct sock *), stable for the socket's life; 0 for a NULL sk",
    arity: [1, 1],
    btfTyped: true,
    check(c, call) {
      const t = c.check(call.args[0]!);
      if (!requireBtfTypedProgram(c, call)) return u64;
      if (!isPointerTo(t, "struct sock")) {
        const provided = t.kind === "ptr" && t.to.kind === "struct" ? `'${t.to.name} *'` : typeName(t);
        c.error(call.span, `socket_cookie() only supports 'struct sock *' as the argument (${provided} provided)`);
        return t.kind === "none" ? noneT : u64;
      }
      return u64;
    },
    emit(g: Gen, call: Call) {
      // The pointer must reach the helper as the verifier typed it (read from the context).
      const sk = g.scalar(call.args[0]!);
      g.asm.movReg(R1, sk);
      g.regs.release(sk);
      return helperValue(g, HELPERS.get_socket_cookie);
    },
  }),
];

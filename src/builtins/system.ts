/**
 * Kernel numbers and their names: `__NR_<name>` system call numbers, signal_name(n) and
 * cgroup_path(id) (syscall_name(n) is in strings.ts). The names are looked up in user space when printed.
 */
import type { Call } from "../ast/nodes.js";
import { FP } from "../codegen/bpf/index.js";
import type { Gen } from "../contracts/gen.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { isScalar, s64, typeName } from "../semantic/types.js";
import type { RenderKind, Type } from "../semantic/types.js";
import { syscallNumber } from "../stdlib/syscalls.js";
import type { Builtin } from "./builtin.js";
import { defineFunc, defineVar } from "./builtin.js";

/** A function of one integer whose value prints as text found in user space. */
function rendered(name: string, as: RenderKind, doc: string): Builtin {
  return defineFunc({
    name,
    doc,
    arity: [1, 1],
    check(c: CheckCtx, call: Call): Type {
      const t = c.check(call.args[0]!);
      if (!isScalar(t)) c.error(call.args[0]!.span, `${name}() expects an integer (${typeName(t)} provided)`);
      return { kind: "rendered", as };
    },
    emit(g: Gen, call, out) {
      const r = g.scalar(call.args[0]!);
      g.asm.stx("u64", FP, out!, r);
      g.regs.release(r);
      return undefined;
    },
  });
}

export const system: Builtin[] = [
  defineVar({
    name: "__NR_",
    pattern: /^__NR_\w+$/,
    doc: "__NR_<name>: the number of system call <name> on this architecture (__NR_read is 0 on x86_64)",
    type(c, node) {
      if (syscallNumber(node.name.slice(5)) === undefined) c.error(node.span, `Unknown identifier: '${node.name}'`);
      return s64;
    },
    emit(g, node) {
      const r = g.regs.alloc();
      g.asm.movImm(r, syscallNumber(node.name.slice(5)) ?? 0);
      return r;
    },
  }),
  defineFunc({
    name: "cgroup_path",
    doc: 'cgroup_path(id[, "filter"]): the paths of cgroup id in the mounted hierarchies (unified:/..., then v1 ones; filter picks hierarchies by name, * as wildcard), for printing',
    arity: [1, 2],
    check(c, call) {
      const t = c.check(call.args[0]!);
      if (!isScalar(t)) c.error(call.args[0]!.span, `cgroup_path() expects an integer cgroup id (${typeName(t)} provided)`);
      const filter = call.args[1];
      if (filter) {
        c.check(filter);
        if (filter.kind !== "StrLit") c.error(filter.span, "cgroup_path() expects a string literal as its filter");
      }
      return { kind: "rendered", as: "cgroup_path", fmt: filter?.kind === "StrLit" ? filter.value : undefined };
    },
    emit(g, call, out) {
      const r = g.scalar(call.args[0]!);
      g.asm.stx("u64", FP, out!, r);
      g.regs.release(r);
      return undefined;
    },
  }),
  rendered("signal_name", "signal_name", "signal_name(n): the description of signal n (signal_name(2) is Interrupt), as strsignal(3) gives it, for printing"),
];

/** arg0, arg1, ...: the probe's raw arguments, wherever its probe type keeps them in the context. */
import { CTX_REG } from "../codegen/regs.js";
import { u64 } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineVar } from "./builtin.js";

const argIndex = (name: string): number => Number(name.slice(3));

export const probeArgs: Builtin[] = [
  defineVar({
    name: "argN",
    pattern: /^arg\d+$/,
    doc: "argN: the Nth raw argument of the probe (rawtracepoint, kprobe, uprobe), as a uint64",
    type(c, node) {
      const n = argIndex(node.name);
      if (c.target.provider.argOffset?.(n) === undefined) {
        c.error(node.span, `The ${node.name} builtin can not be used with '${c.target.provider.name}' probes`);
      }
      return u64;
    },
    emit(g, node) {
      const r = g.regs.alloc();
      g.asm.ldx("u64", r, CTX_REG, g.target.provider.argOffset!(argIndex(node.name))!);
      return r;
    },
  }),
];

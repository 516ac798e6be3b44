/** Builtins about time: nsecs. */
import { HELPERS, R0 } from "../codegen/bpf/index.js";
import { u64 } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineVar } from "./builtin.js";

export const time: Builtin[] = [
  defineVar({
    name: "nsecs",
    doc: "nanoseconds since boot, from the monotonic clock (bpf_ktime_get_ns)",
    type: () => u64,
    emit: (g) => {
      g.asm.call(HELPERS.ktime_get_ns);
      const r = g.regs.alloc();
      g.asm.movReg(r, R0);
      return r;
    },
  }),
];

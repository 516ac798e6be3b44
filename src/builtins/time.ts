/** Builtins about time: nsecs. */
import { HELPERS } from "../codegen/bpf/index.js";
import { u64 } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineVar, helperValue } from "./builtin.js";

export const time: Builtin[] = [
  defineVar({
    name: "nsecs",
    doc: "nanoseconds since boot, from the monotonic clock (bpf_ktime_get_ns)",
    type: () => u64,
    emit: (g) => helperValue(g, HELPERS.ktime_get_ns),
  }),
];

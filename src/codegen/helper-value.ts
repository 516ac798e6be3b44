/** A helper call whose result is the value itself (pid, tid, nsecs, cpu, ...). */
import type { Reg } from "./bpf/index.js";
import { R0 } from "./bpf/index.js";
import type { Gen } from "../contracts/gen.js";

/** Calls `helper` and keeps its result — all 64 bits, or the high or low 32 — in a pool register. */
export function helperValue(g: Gen, helper: number, part: "all" | "high" | "low" = "all"): Reg {
  g.asm.call(helper);
  const r = g.regs.alloc();
  if (part === "low") g.asm.mov32Reg(r, R0);
  else g.asm.movReg(r, R0);
  if (part === "high") g.asm.aluImm("rsh", r, 32);
  return r;
}

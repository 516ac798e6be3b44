/** Pointers into the stack frame, for helper arguments. */
import type { Asm, Reg } from "./bpf/index.js";
import { FP } from "./bpf/index.js";

/** reg = r10 + off */
export function stackPointer(asm: Asm, reg: Reg, off: number): void {
  // An object kept in the scratch map (codegen/stack.ts) is addressed from that map's value.
  const b = asm.relocateFrame?.(off) ?? { reg: FP, off };
  asm.movReg(reg, b.reg);
  if (b.off !== 0) asm.aluImm("add", reg, b.off);
}

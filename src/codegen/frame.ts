/** Pointers into the stack frame, for helper arguments. */
import type { Asm, Reg } from "./bpf/index.js";
import { FP } from "./bpf/index.js";

/** reg = r10 + off */
export function stackPointer(asm: Asm, reg: Reg, off: number): void {
  asm.movReg(reg, FP);
  asm.aluImm("add", reg, off);
}

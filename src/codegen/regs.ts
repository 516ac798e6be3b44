/**
 * Registers for intermediate values. r6 holds the context for the whole program; r7-r9 are
 * callee-saved, so values kept there survive helper calls. r0-r5 are scratch inside one emission
 * step only (helper calls clobber them) and never hold a value across sub-expressions.
 */
import type { Reg } from "./bpf/index.js";

export const CTX_REG: Reg = 6;
/** In a program with a scratch area (codegen/stack.ts), r9 holds the area's address throughout. */
export const SCRATCH_REG: Reg = 9;
const POOL: readonly Reg[] = [7, 8, 9];

export class RegisterExhausted extends Error {
  constructor() {
    super("expression too complex: out of registers");
  }
}

export class RegPool {
  private readonly pool: readonly Reg[];
  private free: Reg[];

  constructor(withoutScratchReg = false) {
    this.pool = POOL.filter((r) => !withoutScratchReg || r !== SCRATCH_REG);
    this.free = [...this.pool];
  }

  alloc(): Reg {
    const r = this.free.shift();
    if (r === undefined) throw new RegisterExhausted();
    return r;
  }

  /** Allocates `r` itself, which must be free (the register a value already is in). */
  take(r: Reg): void {
    const i = this.free.indexOf(r);
    if (i < 0) throw new Error(`internal: register r${r} is not free`);
    this.free.splice(i, 1);
  }

  release(r: Reg): void {
    if (this.pool.includes(r) && !this.free.includes(r)) this.free.unshift(r);
  }

  get available(): number {
    return this.free.length;
  }
}

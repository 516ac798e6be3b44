/**
 * Registers for intermediate values. r6 holds the context for the whole program; r7-r9 are
 * callee-saved, so values kept there survive helper calls. r0-r5 are scratch inside one emission
 * step only (helper calls clobber them) and never hold a value across sub-expressions.
 */
import type { Reg } from "./bpf/index.js";

export const CTX_REG: Reg = 6;
const POOL: readonly Reg[] = [7, 8, 9];

export class RegisterExhausted extends Error {
  constructor() {
    super("expression too complex: out of registers");
  }
}

export class RegPool {
  private free: Reg[] = [...POOL];

  alloc(): Reg {
    const r = this.free.shift();
    if (r === undefined) throw new RegisterExhausted();
    return r;
  }

  release(r: Reg): void {
    if (POOL.includes(r) && !this.free.includes(r)) this.free.unshift(r);
  }

  get available(): number {
    return this.free.length;
  }
}

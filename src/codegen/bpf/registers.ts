/**
 * The eleven eBPF registers. Helper-call ABI: r1-r5 carry arguments and are clobbered by a call, r0
 * holds the result, r6-r9 survive calls, r10 is the read-only frame pointer (512-byte stack below it).
 */

/** A register number, r0 to r10. */
export type Reg = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** Return value of helpers and of the program. */
export const R0: Reg = 0;
/** First helper argument; the context pointer on program entry. */
export const R1: Reg = 1;
/** Second helper argument. */
export const R2: Reg = 2;
/** Third helper argument. */
export const R3: Reg = 3;
/** Fourth helper argument. */
export const R4: Reg = 4;
/** Fifth helper argument. */
export const R5: Reg = 5;
/** Callee-saved. */
export const R6: Reg = 6;
/** Callee-saved. */
export const R7: Reg = 7;
/** Callee-saved. */
export const R8: Reg = 8;
/** Callee-saved. */
export const R9: Reg = 9;
/** Frame pointer (read-only); the stack is r10-512 .. r10-1. */
export const R10: Reg = 10;
/** Alias of R10. */
export const FP: Reg = R10;

/** Whether `n` is a register number (an integer 0..10). */
export function isReg(n: unknown): n is Reg {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 10;
}

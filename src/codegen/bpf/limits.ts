/**
 * The kernel's size limit for one program: BPF_PROG_LOAD refuses more than BPF_COMPLEXITY_LIMIT_INSNS
 * (1,000,000) instruction slots from a privileged loader with E2BIG (BPF_MAXINSNS, 4096, binds only
 * unprivileged ones). ebt runs as root, so this is the limit it checks before asking the kernel.
 */
export const MAX_PROGRAM_INSNS = 1_000_000;

/** A program beyond MAX_PROGRAM_INSNS: `slots` is its size, or undefined when emission stopped early. */
export class ProgramTooLarge extends Error {
  override readonly name = "ProgramTooLarge";
  constructor(readonly slots?: number) {
    super(slots === undefined
      ? `more than ${count(MAX_PROGRAM_INSNS)} instructions (the kernel's limit for one program)`
      : `${count(slots)} instructions (the kernel's limit for one program is ${count(MAX_PROGRAM_INSNS)})`);
  }
}

/** The kernel's MAX_USED_MAPS: the verifier refuses a program that references more distinct maps. */
export const MAX_USED_MAPS = 64;

/** A program referencing more than MAX_USED_MAPS maps. */
export class TooManyMaps extends Error {
  override readonly name = "TooManyMaps";
  constructor(readonly used: number) {
    super(`it uses ${used} maps, counting ebt's own (the kernel's limit for one program is ${MAX_USED_MAPS})`);
  }
}

/** 1000000 → "1,000,000", as the kernel's limits are usually written. */
function count(n: number): string {
  return n.toLocaleString("en-US");
}

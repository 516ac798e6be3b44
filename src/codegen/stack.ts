/**
 * Stack-slot allocation in the 512-byte BPF frame. Slots are 8-byte aligned and addressed as
 * negative offsets from r10. Scopes release what they allocated; the high-water mark is kept so an
 * overflow can be reported at the statement that caused it.
 */
export const STACK_LIMIT = 512;

export class StackOverflow extends Error {
  constructor(readonly needed: number) {
    super(`BPF stack limit of ${STACK_LIMIT} bytes exceeded (${needed} bytes needed)`);
  }
}

export class StackAlloc {
  private used = 0;
  maxUsed = 0;

  /** Allocates `size` bytes (rounded up to 8) and returns the offset from r10 (negative). */
  alloc(size: number): number {
    this.used += (Math.max(size, 1) + 7) & ~7;
    if (this.used > STACK_LIMIT) throw new StackOverflow(this.used);
    this.maxUsed = Math.max(this.maxUsed, this.used);
    return -this.used;
  }

  mark(): number {
    return this.used;
  }

  release(mark: number): void {
    this.used = mark;
  }
}

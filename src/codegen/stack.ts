/**
 * Stack-slot allocation in the 512-byte BPF frame. Slots are 8-byte aligned and addressed as
 * negative offsets from r10. Scopes release what they allocated; the high-water mark is kept so an
 * overflow can be reported at the statement that caused it.
 *
 * A program whose objects do not fit (strings of a large max_strlen, tuples holding them) is
 * emitted again with a scratch area: objects larger than `onStackLimit` then live in a per-CPU
 * array map's value, as current bpftrace keeps them in pre-allocated memory. They get virtual r10
 * offsets (from SCRATCH_VBASE up), which the assembler turns into offsets from the register that
 * holds the map value (Asm.relocateFrame), so the rest of the code generator addresses them as
 * stack slots.
 */
export const STACK_LIMIT = 512;

/** Where virtual offsets of the scratch area start: far below any real stack offset. */
const SCRATCH_VBASE = -(1 << 20);
/**
 * An instruction's offset is a signed 16-bit number: from the start of the area it reaches 32 KiB;
 * with the base register pointing 32 KiB into the area (a biased area), 64 KiB.
 */
const REACH = 32 * 1024 - 8;
export const SCRATCH_BIAS = 32 * 1024;

export class StackOverflow extends Error {
  constructor(readonly needed: number) {
    super(`BPF stack limit of ${STACK_LIMIT} bytes exceeded (${needed} bytes needed)`);
  }
}

export class ScratchOverflow extends Error {
  constructor(readonly needed: number, readonly limit: number) {
    super(`the objects of this probe need ${needed} bytes of scratch memory, more than the ${limit} ebt can address`);
  }
}

/** The scratch area of a program: shared by its frames (the probe's and its loop callbacks'). */
export class ScratchArea {
  /** Bytes the frames emitted so far need (the size of the map value). */
  size = 0;

  /** `biased`: the base register points SCRATCH_BIAS bytes into the area (for areas over 32 KiB). */
  constructor(
    readonly onStackLimit: number,
    readonly biased = false,
  ) {}

  get limit(): number {
    return this.biased ? SCRATCH_BIAS + REACH : REACH;
  }

  /** The base register's offset for position `at` of the area. */
  offset(at: number): number {
    return this.biased ? at - SCRATCH_BIAS : at;
  }
}

export class StackAlloc {
  private used = 0;
  maxUsed = 0;
  private scratchUsed = 0;
  private readonly scratchBase: number;

  /**
   * `scratch`: objects larger than its limit go there instead of the stack, from `base` on: a loop
   * callback's come after what its caller's frame holds while the loop runs (they share one value).
   * `callers`: the stack its callers' frames use (a loop callback's), because the verifier limits
   * the frames of a call chain together to 512 bytes, not each one.
   */
  constructor(
    readonly scratch?: ScratchArea,
    base = 0,
    private readonly callers = 0,
  ) {
    this.scratchBase = base;
  }

  /** The stack of this frame and its callers, as the verifier counts it for a function called from here. */
  get chainDepth(): number {
    return this.callers + frameDepth(this.maxUsed);
  }

  /** Where the next scratch object would go: the start of a callback called from here. */
  get scratchCursor(): number {
    return this.scratchBase + this.scratchUsed;
  }

  /** Allocates `size` bytes (rounded up to 8) and returns the offset from r10 (negative, or virtual). */
  alloc(size: number): number {
    // Arithmetic, not `& ~7`: a C type of 2 GiB would wrap to a negative size and pass the limit.
    const bytes = Math.ceil(Math.max(size, 1) / 8) * 8;
    if (this.scratch && size > this.scratch.onStackLimit) {
      const at = this.scratchBase + this.scratchUsed;
      this.scratchUsed += bytes;
      if (this.scratchBase + this.scratchUsed > this.scratch.limit) throw new ScratchOverflow(this.scratchBase + this.scratchUsed, this.scratch.limit);
      this.scratch.size = Math.max(this.scratch.size, this.scratchBase + this.scratchUsed);
      return SCRATCH_VBASE + at;
    }
    this.used += bytes;
    const chain = this.callers + frameDepth(this.used);
    if (chain > STACK_LIMIT) throw new StackOverflow(chain);
    this.maxUsed = Math.max(this.maxUsed, this.used);
    return -this.used;
  }

  mark(): number {
    // Both cursors in one number: the stack's is at most 512 (10 bits).
    return this.used + this.scratchUsed * 1024;
  }

  release(mark: number): void {
    this.used = mark % 1024;
    this.scratchUsed = Math.floor(mark / 1024);
  }
}

/** A frame's stack as the verifier adds it up along a call chain: rounded up to 16 bytes (with the JIT). */
function frameDepth(used: number): number {
  return Math.ceil(used / 16) * 16;
}

/** The scratch-area position of a virtual r10 offset, or undefined for a real stack offset. */
export function scratchOffset(off: number): number | undefined {
  return off >= SCRATCH_VBASE && off < SCRATCH_VBASE + (1 << 16) ? off - SCRATCH_VBASE : undefined;
}

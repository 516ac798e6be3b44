/**
 * The code generator's view of one probe program while it is being emitted. Builtins and the
 * statement/expression emitters all work through this interface.
 */
import type { Expr } from "../ast/nodes.js";
import type { ArgField, ProbeTarget } from "./provider.js";
import type { KernelInfo } from "./kernel-info.js";
import type { MapInfo } from "./map-info.js";
import type { Type } from "../semantic/types.js";
import type { Asm, Label, Reg } from "../codegen/bpf/index.js";
import type { RecordType } from "../plan/records.js";
import type { RegPool } from "../codegen/regs.js";
import type { StackAlloc } from "../codegen/stack.js";

export interface Gen {
  readonly asm: Asm;
  readonly stack: StackAlloc;
  readonly regs: RegPool;
  readonly target: ProbeTarget;
  readonly args?: ArgField[];
  readonly maps: ReadonlyMap<string, MapInfo>;
  /** The label of the program's epilogue (`return 0`). */
  readonly exitLabel: Label;
  /** Which failing helper calls are reported at run time: 2 for -k, 1 for map updates only (codegen/helper-errors.ts). */
  readonly helperChecks: number;
  /** The program calls len(): stacks record how many frames they have (len(ustack)), which costs
   * a few more stack walks per stack taken, so only programs that may ask pay it. */
  readonly countStackFrames: boolean;
  /** The kernel the program is compiled for (possible CPUs, ...). */
  readonly kernel: KernelInfo;
  typeOf(e: Expr): Type;
  /** Evaluates a scalar expression into a fresh pool register, which the caller must release. */
  scalar(e: Expr): Reg;
  /** Evaluates any expression into stack memory at r10+off, initialising all storageSize(as) bytes. */
  into(e: Expr, off: number, as?: Type): void;
  /** The stack slot (r10+off) of the scratch variable `e` names. */
  varSlot(e: Expr): number;
  /** Zeroes `size` bytes of stack at r10+off. */
  zero(off: number, size: number): void;
  /** Copies `size` bytes from memory at src+srcOff (stack, map value or ctx) to the stack at r10+dst. */
  copy(dst: number, src: Reg, srcOff: number, size: number): void;
  /** Registers a layout of output record `type` (its `fields`, `size` bytes) and returns its id. */
  record<F extends object>(type: RecordType<F>, fields: F, size: number): number;
  /** Sends the record built on the stack at r10+off through the ring buffer. */
  output(off: number, size: number): void;
  /** Name under which map `name` is relocated (its fd patched in at load time). */
  mapRef(name: string): string;
}

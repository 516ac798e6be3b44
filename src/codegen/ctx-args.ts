/**
 * Fields of `args` read from the probe's context: fixed-size fields are copied as they are; a
 * tracepoint's `__data_loc` string lies inside the record, where its u32 says (offset | len << 16).
 */
import type { ArgField } from "../contracts/provider.js";
import type { Type } from "../semantic/types.js";
import { storageSize } from "../semantic/types.js";
import { FP, HELPERS, R1, R2, R3 } from "./bpf/index.js";
import { stackPointer } from "./frame.js";
import type { Gen } from "../contracts/gen.js";
import { CTX_REG } from "./regs.js";

/** Stores field `f` of the context as a value of type `t` at r10+off (all storageSize(t) bytes). */
export function argInto(g: Gen, f: ArgField, off: number, t: Type): void {
  g.zero(off, storageSize(t));
  if (t.kind === "buf" && !f.dataLoc) {
    // A fixed array: buf's layout, its length then its bytes.
    g.asm.st("u64", FP, off, Math.min(f.ctxSize, t.size));
    g.copy(off + 8, CTX_REG, f.ctxOffset, Math.min(f.ctxSize, t.size));
    return;
  }
  if (!f.dataLoc || t.kind !== "str") {
    g.copy(off, CTX_REG, f.ctxOffset, Math.min(f.ctxSize, storageSize(t)));
    return;
  }
  const r = g.regs.alloc();
  g.asm.ldx("u32", r, CTX_REG, f.ctxOffset);
  g.asm.aluImm("and", r, 0xffff);
  g.asm.movReg(R3, CTX_REG);
  g.asm.aluReg("add", R3, r);
  g.regs.release(r);
  stackPointer(g.asm, R1, off);
  g.asm.movImm(R2, t.size);
  g.asm.call(HELPERS.probe_read_kernel_str);
}

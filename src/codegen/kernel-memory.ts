/**
 * Reads of kernel (and user) memory through typed pointers: `p->f`, `s.f`, `a[i]`, `*p`. The
 * address is computed in a register (pointer value + field offsets + scaled index), then the value
 * is copied to the stack with bpf_probe_read_kernel (bpf_probe_read_user for user pointers): the
 * verifier lets a tracing program read arbitrary memory only through these helpers.
 */
import { forEachNode } from "../ast/walk.js";
import type { Expr } from "../ast/nodes.js";
import { fieldLayout, memorySize } from "../semantic/kernel-types.js";
import type { Type } from "../semantic/types.js";
import { keptByAddress, storageSize, typeName } from "../semantic/types.js";
import type { Span } from "../diagnostics/span.js";
import type { Reg } from "./bpf/index.js";
import { FP, HELPERS, Label, R0, R1, R2, R3 } from "./bpf/index.js";
import { ARRAY_OUT_OF_BOUNDS, runtimeWarning } from "./runtime-warning.js";
import { buildKey, lookup } from "./map-ops.js";
import { checkHelperResult } from "./helper-errors.js";
import { stackPointer } from "./frame.js";
import type { Gen } from "../contracts/gen.js";

/** A struct or array used as a whole value: reported at its place, like a type error. */
export class NotCopyable extends Error {
  constructor(readonly span: Span, message: string) {
    super(message);
  }
}

/** The largest struct copied whole: it must fit on the stack beside a record header. */
const MAX_WHOLE = 504;

const LOADS = { 1: "u8", 2: "u16", 4: "u32", 8: "u64" } as const;

/** Whether `e` reads memory through a kernel type (rather than args, tuples or operators). */
export function isMemoryAccess(g: Gen, e: Expr): boolean {
  if (e.kind === "FieldAccess") {
    const k = g.typeOf(e.object).kind;
    return k === "ptr" || k === "struct";
  }
  if (e.kind === "IndexAccess") return true;
  return e.kind === "Unary" && e.op === "*";
}

interface Place {
  reg: Reg;
  user: boolean;
  /** For a bitfield: where it lies in the bytes at `reg`. */
  bits?: { shift: number; width: number };
  size: number;
}

/** Whether `e` is a struct or array scratch variable, whose slot holds the value's address. */
export function holdsAddress(g: Gen, e: Expr): boolean {
  return e.kind === "ScratchVar" && keptByAddress(g.typeOf(e));
}

/** The address of the memory `e` names, in a pool register the caller releases. */
function place(g: Gen, e: Expr): Place {
  const t = g.typeOf(e);
  if (holdsAddress(g, e)) {
    const reg = g.regs.alloc();
    g.asm.ldx("u64", reg, FP, g.varSlot(e));
    return { reg, user: (t as { user?: boolean }).user ?? false, size: memorySize(t) };
  }
  if (!isMemoryAccess(g, e) && (t.kind === "struct" || t.kind === "array" || t.kind === "str")) {
    // A whole value held elsewhere (a map value, a tuple element): copied to the stack, where its
    // fields are read like any other memory.
    const off = g.stack.alloc(storageSize(t));
    g.into(e, off, t);
    const reg = g.regs.alloc();
    stackPointer(g.asm, reg, off);
    return { reg, user: false, size: memorySize(t) };
  }
  if (e.kind === "FieldAccess") {
    const objT = g.typeOf(e.object);
    const base = objT.kind === "ptr" ? { reg: g.scalar(e.object), user: objT.user } : place(g, e.object);
    const s = (objT.kind === "ptr" ? objT.to : objT) as Type & { kind: "struct" };
    const f = fieldLayout(s, e.field, base.user)!;
    if (f.offset !== 0) g.asm.aluImm("add", base.reg, f.offset);
    return { reg: base.reg, user: base.user, bits: f.bits, size: f.size };
  }
  if (e.kind === "IndexAccess") {
    const objT = g.typeOf(e.object);
    const base = objT.kind === "ptr" ? { reg: g.scalar(e.object), user: objT.user } : place(g, e.object);
    const elemSize = objT.kind === "array" ? objT.elemSize : memorySize(t);
    // The index may need registers and helper calls of its own: keep the base on the stack meanwhile.
    const spill = g.stack.alloc(8);
    g.asm.stx("u64", FP, spill, base.reg);
    g.regs.release(base.reg);
    const idx = g.scalar(e.index);
    if (objT.kind === "array" && objT.length > 0 && e.index.kind !== "IntLit") {
      // As bpftrace: an index out of bounds is reported, and the read goes ahead.
      const ok = new Label("index_ok");
      g.asm.jmpImm("jle", idx, objT.length - 1, ok);
      runtimeWarning(g, e.span, ARRAY_OUT_OF_BOUNDS);
      g.asm.label(ok);
    }
    const count = objT.kind === "array" ? objT.length : objT.kind === "str" ? objT.size : 0;
    if (objT.kind !== "ptr" && count > 0 && e.index.kind !== "IntLit") {
      // The bytes are ours (stack or map value), whose pointer arithmetic the verifier checks: an
      // index it cannot bound is refused. Past the end, the read takes the first element instead.
      const inside = new Label("index_inside");
      g.asm.jmpImm("jlt", idx, count, inside);
      g.asm.movImm(idx, 0);
      g.asm.label(inside);
    }
    if (elemSize !== 1) g.asm.aluImm("mul", idx, elemSize);
    const reg = g.regs.alloc();
    g.asm.ldx("u64", reg, FP, spill);
    g.asm.aluReg("add", reg, idx);
    g.regs.release(idx);
    return { reg, user: base.user, size: memorySize(t) };
  }
  if (e.kind === "Unary" && e.op === "*") {
    const pt = g.typeOf(e.operand) as Type & { kind: "ptr" };
    return { reg: g.scalar(e.operand), user: pt.user, size: memorySize(t) };
  }
  throw new Error(`internal: ${e.kind} does not name memory`);
}

/** Copies `size` bytes at the address in `src` to the stack at r10+off (`str`: up to a NUL);
 * under -k a failure is reported at `span`. */
function read(g: Gen, off: number, size: number, src: Reg, user: boolean, str: boolean, span: Span): void {
  // Nothing to read (a char[0] or int[0] member): the verifier refuses a read of 0 bytes into the stack.
  if (size === 0) {
    g.regs.release(src);
    return;
  }
  stackPointer(g.asm, R1, off);
  g.asm.movImm(R2, size);
  g.asm.movReg(R3, src);
  g.regs.release(src);
  const helper = str
    ? user ? HELPERS.probe_read_user_str : HELPERS.probe_read_kernel_str
    : user ? HELPERS.probe_read_user : HELPERS.probe_read_kernel;
  g.asm.call(helper);
  checkHelperResult(g, HELPER_NAMES[helper]!, span);
}

const HELPER_NAMES: Record<number, string> = {
  [HELPERS.probe_read_kernel]: "probe_read_kernel",
  [HELPERS.probe_read_user]: "probe_read_user",
  [HELPERS.probe_read_kernel_str]: "probe_read_kernel_str",
  [HELPERS.probe_read_user_str]: "probe_read_user_str",
};

/**
 * `$t = <struct or array>`: the variable keeps the value's address (stored at r10+off), so its
 * fields are read from there later; a value that has no address of its own can not be kept.
 */
export function storeAddress(g: Gen, e: Expr, off: number): void {
  if (e.kind === "MapAccess") {
    // The map's own copy (null when the key is missing: the reads then leave zeros). The test
    // tells the verifier which it is (a map value, or the number 0): it refuses arithmetic (an
    // element's offset) on a value that may still be either.
    const mark = g.stack.mark();
    lookup(g, e.name, buildKey(g, e));
    g.stack.release(mark);
    const known = new Label("map_value_known");
    g.asm.jmpImm("jne", R0, 0, known);
    g.asm.label(known);
    g.asm.stx("u64", FP, off, R0);
    return;
  }
  if (!holdsAddress(g, e) && !isMemoryAccess(g, e)) {
    throw new NotCopyable(e.span, `${typeName(g.typeOf(e))} can be kept in a variable only when read from memory (a pointer's target, a field or a map value)`);
  }
  const p = place(g, e);
  g.asm.stx("u64", FP, off, p.reg);
  g.regs.release(p.reg);
}

/**
 * After a stack overflow: the first struct or array the probe copies whole (a print() or printf()
 * argument, a map key or value, a tuple element) that can never fit, to report at its place.
 */
export function tooLargeWhole(root: unknown, types: ReadonlyMap<Expr, Type>): NotCopyable | undefined {
  const big = (x: Expr | undefined): NotCopyable | undefined => {
    const t = x && types.get(x);
    if (!x || !t || (t.kind !== "struct" && t.kind !== "array") || storageSize(t) <= MAX_WHOLE) return undefined;
    return new NotCopyable(x.span, `${typeName(t)} is ${memorySize(t)} bytes, too large to copy whole onto the 512-byte BPF stack: print or store its fields`);
  };
  let hit: NotCopyable | undefined;
  forEachNode(root, (node) => {
    const whole: (Expr | undefined)[] =
      node.kind === "Call" ? (node.args as Expr[]) :
      node.kind === "MapAccess" ? (node.keys as Expr[]) :
      node.kind === "TupleExpr" ? (node.elems as Expr[]) :
      node.kind === "RecordExpr" ? (node.fields as { value: Expr }[]).map((f) => f.value) :
      node.kind === "AssignStmt" && (node.target as Expr).kind === "MapAccess" ? [node.value as Expr] : [];
    for (const x of whole) if ((hit = big(x))) return true;
    return false;
  });
  return hit;
}

/** A scalar read from memory (an integer, a pointer, a bitfield), in a fresh pool register. */
export function loadScalar(g: Gen, e: Expr): Reg {
  const t = g.typeOf(e);
  const p = place(g, e);
  const tmp = g.stack.alloc(8);
  // Zeroed first: a failed read (a bad pointer) leaves 0, as bpftrace reads it.
  g.asm.st("u64", FP, tmp, 0);
  read(g, tmp, p.size, p.reg, p.user, false, e.span);
  const r = g.regs.alloc();
  if (p.bits) {
    g.asm.ldx("u64", r, FP, tmp);
    g.asm.aluImm("lsh", r, 64 - p.bits.shift - p.bits.width);
    g.asm.aluImm("rsh", r, 64 - p.bits.width);
    return r;
  }
  g.asm.ldx(LOADS[p.size as 1 | 2 | 4 | 8] ?? "u64", r, FP, tmp);
  if (t.kind === "int" && t.signed && t.bits < 64) {
    g.asm.aluImm("lsh", r, 64 - t.bits);
    g.asm.aluImm("arsh", r, 64 - t.bits);
  }
  return r;
}

/**
 * A non-scalar read into the stack at r10+off: a char array as a string, a struct or array as its
 * bytes (zeroed first, so padding and a failed read leave zeros, and equal values are equal keys).
 */
export function readInto(g: Gen, e: Expr, off: number, as?: Type): void {
  // A char array read as bytes, NULs and all (ntop of an in6_addr's u6_addr8), when asked for an array.
  const t = as?.kind === "array" && g.typeOf(e).kind === "str" ? as : g.typeOf(e);
  const p = place(g, e);
  if (t.kind === "struct" || t.kind === "array") {
    g.zero(off, storageSize(t));
    if (memorySize(t) > 0) read(g, off, memorySize(t), p.reg, p.user, false, e.span);
    else g.regs.release(p.reg);
    return;
  }
  if (t.kind !== "str") {
    // A value of our own layout behind `&$x` / `&@m` (a tuple, a buffer...): its storage bytes.
    g.zero(off, storageSize(t));
    read(g, off, storageSize(t), p.reg, p.user, false, e.span);
    return;
  }
  // Zero, then read up to the NUL: equal strings must be equal map keys, whatever follows the NUL.
  // A C char array is read whole, as bpftrace reads it: all its bytes may be characters.
  g.zero(off, storageSize(t));
  read(g, off, t.size, p.reg, p.user, t.charArray !== true, e.span);
}

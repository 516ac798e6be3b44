/**
 * Aggregations kept in per-CPU maps and combined in user space when printed (DESIGN.md §5).
 * Only this CPU writes its copy of a value, so updates need no atomics.
 */
import type { Call, Expr, MapAccess } from "../ast/nodes.js";
import { FP, Label, R0, R1, R2 } from "../codegen/bpf/index.js";
import type { Reg } from "../codegen/bpf/index.js";
import type { Gen } from "../contracts/gen.js";
import { BPF_ANY } from "../abi/uapi.js";
import { buildKey, createZeroed, lookup, update } from "../codegen/map-ops.js";
import { joinSpans } from "../diagnostics/span.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { aggValueSize, histogramSlots, isIntegral, MAX_HISTOGRAM_SLOTS, typeName } from "../semantic/types.js";
import type { AggKind, LinearBuckets, Type } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineAgg } from "./builtin.js";

interface EntryUpdate {
  /** Writes the first value of a new entry into the stack slot at r10+slot. */
  init(g: Gen, slot: number): void;
  /** Updates the existing value that r1 points to; may jump to `done` to leave it as it is. */
  change(g: Gen, done: Label): void;
}

/**
 * Looks up the entry for `target` (the key is built first, then the call's value is evaluated,
 * so the two never hold registers at the same time), updates it in place when present, else
 * creates it with its first value.
 */
function updateEntry(g: Gen, target: MapAccess, call: Call, agg: AggKind, how: (v: Reg | undefined) => EntryUpdate): void {
  const { asm } = g;
  const mark = g.stack.mark();
  const key = buildKey(g, target);
  const arg = call.args[0];
  const v = arg ? g.scalar(arg) : undefined;
  const { init, change } = how(v);
  lookup(g, target.name, key);
  const missing = new Label("agg_new");
  const done = new Label("agg_done");
  asm.jmpImm("jeq", R0, 0, missing);
  asm.movReg(R1, R0);
  change(g, done);
  asm.ja(done);
  asm.label(missing);
  const slot = g.stack.alloc(aggValueSize(agg));
  init(g, slot);
  update(g, target.name, key, slot, BPF_ANY, joinSpans(target.span, call.span));
  asm.label(done);
  if (v !== undefined) g.regs.release(v);
  g.stack.release(mark);
}

/**
 * hist()/lhist(): the entry's value is an array of bucket counts followed by the sum of the values
 * counted (this CPU's copy; the sum is what `--export prometheus` gives as the histogram's _sum). A
 * new key's entry is created all zero first, then found again, and the value's bucket is counted.
 */
function updateHistogram(g: Gen, target: MapAccess, call: Call, bucketOf: (g: Gen, v: Reg) => Reg): void {
  const { asm } = g;
  const slots = histogramSlots(g.maps.get(target.name)!.value as Type & { kind: "agg" });
  const mark = g.stack.mark();
  const key = buildKey(g, target);
  const bucket = g.stack.alloc(8);
  const value = g.stack.alloc(8);
  const v = g.scalar(call.args[0]!);
  asm.stx("u64", FP, value, v);
  const b = bucketOf(g, v);
  asm.stx("u64", FP, bucket, b);
  g.regs.release(b);
  g.regs.release(v);
  const found = new Label("hist_found");
  const done = new Label("hist_done");
  lookup(g, target.name, key);
  asm.jmpImm("jne", R0, 0, found);
  createZeroed(g, target.name, key, joinSpans(target.span, call.span));
  lookup(g, target.name, key);
  asm.jmpImm("jeq", R0, 0, done); // the map is full
  asm.label(found);
  asm.ldx("u64", R1, FP, value);
  asm.ldx("u64", R2, R0, slots * 8);
  asm.aluReg("add", R2, R1);
  asm.stx("u64", R0, slots * 8, R2);
  asm.ldx("u64", R1, FP, bucket);
  asm.jmpImm("jge", R1, slots, done); // never taken; bounds the offset for the verifier
  asm.aluImm("lsh", R1, 3);
  asm.aluReg("add", R0, R1);
  asm.ldx("u64", R1, R0, 0);
  asm.aluImm("add", R1, 1);
  asm.stx("u64", R0, 0, R1);
  asm.label(done);
  g.stack.release(mark);
}

/** *(u64 *)(r1 + off) += amount (a register, or 1) */
function addAt(g: Gen, off: number, amount?: Reg): void {
  g.asm.ldx("u64", R0, R1, off);
  if (amount === undefined) g.asm.aluImm("add", R0, 1);
  else g.asm.aluReg("add", R0, amount);
  g.asm.stx("u64", R1, off, R0);
}

/** A u64 counter: count() and sum() add `v` (or 1). */
const counter = (v: Reg | undefined): EntryUpdate => ({
  init: (g, slot) => (v === undefined ? g.asm.st("u64", FP, slot, 1) : g.asm.stx("u64", FP, slot, v)),
  change: (g) => addAt(g, 0, v),
});

/** min()/max(): {value, set}; replaced when this CPU has none yet or `v` is beyond it. */
const extreme =
  (agg: "min" | "max") =>
  (v: Reg | undefined): EntryUpdate => ({
    init: (g, slot) => {
      g.asm.stx("u64", FP, slot, v!);
      g.asm.st("u64", FP, slot + 8, 1);
    },
    change: (g, done) => {
      const { asm } = g;
      const replace = new Label("agg_replace");
      asm.ldx("u64", R0, R1, 8);
      asm.jmpImm("jeq", R0, 0, replace);
      asm.ldx("u64", R0, R1, 0);
      // Keep the current value unless v is beyond it (signed, as bpftrace compares).
      asm.jmpReg(agg === "min" ? "jsle" : "jsge", R0, v!, done);
      asm.label(replace);
      asm.stx("u64", R1, 0, v!);
      asm.st("u64", R1, 8, 1);
    },
  });

/** avg()/stats(): {count, sum} */
const average = (v: Reg | undefined): EntryUpdate => ({
  init: (g, slot) => {
    g.asm.st("u64", FP, slot, 1);
    g.asm.stx("u64", FP, slot + 8, v!);
  },
  change: (g) => {
    addAt(g, 0);
    addAt(g, 8, v);
  },
});

/**
 * log2 bucket of hist(n, k), bpftrace's numbering: 0 for negatives; then with k = 0, 1 for 0 and
 * floor(log2(n)) + 2 above. With k > 0 each power of two splits into 2^k buckets: n < 2^k gets
 * bucket n + 1; otherwise, with l = floor(log2(n)) - k, bucket ((l + 1) << k) + ((n >> l) & mask) + 1.
 * floor(log2(n)) is found by halving the search range: six steps for a 64-bit value.
 */
function log2Bucket(g: Gen, v: Reg, k: number): Reg {
  const { asm } = g;
  const b = g.regs.alloc();
  const done = new Label("hist_done");
  const mask = (1 << k) - 1;
  asm.movImm(b, 0);
  asm.jmpImm("jslt", v, 0, done);
  if (k === 0) {
    asm.movImm(b, 1);
    asm.jmpImm("jeq", v, 0, done);
  } else {
    const large = new Label("hist_large");
    asm.jmpImm("jgt", v, mask, large);
    asm.movReg(b, v);
    asm.aluImm("add", b, 1);
    asm.ja(done);
    asm.label(large);
  }
  asm.movReg(R1, v);
  asm.movImm(b, k === 0 ? 2 : 0);
  // Without branches: with a branch per step the verifier walks all 64 paths, each with a
  // different constant in `b` (787 instructions processed for one hist() against 83 for
  // bpftrace's). Each step: s = shift if (R1 >> shift) != 0 else 0; R1 >>= s; b += s. R1 < 2^63
  // here, so -(R1 >> shift) has its top bit set exactly when R1 >> shift is not 0.
  for (const shift of [32, 16, 8, 4, 2, 1]) {
    asm.movReg(R0, R1);
    asm.aluImm("rsh", R0, shift);
    asm.neg(R0);
    asm.aluImm("rsh", R0, 63);
    if (shift > 1) asm.aluImm("lsh", R0, Math.log2(shift));
    asm.aluReg("rsh", R1, R0);
    asm.aluReg("add", b, R0);
  }
  if (k > 0) {
    asm.aluImm("sub", b, k); // l
    asm.movReg(R0, v);
    asm.aluReg("rsh", R0, b);
    asm.aluImm("and", R0, mask); // the k bits after the leading 1
    asm.aluImm("add", b, 1);
    asm.aluImm("lsh", b, k);
    asm.aluReg("add", b, R0);
    asm.aluImm("add", b, 1);
  }
  asm.label(done);
  return b;
}

/** lhist() bucket: 0 below min, 1 + (v - min) / step inside, n + 1 at or above max. */
function linearBucket(g: Gen, v: Reg, l: LinearBuckets): Reg {
  const { asm } = g;
  const b = g.regs.alloc();
  const done = new Label("lhist_done");
  // Bounds beyond an instruction's signed 32-bit immediate go through a register (a fuzzer find).
  const wide = [l.min, l.max, l.step].some((x) => !fitsImm32(x));
  const t = wide ? g.regs.alloc() : undefined;
  const jmp = (op: "jslt" | "jsge", x: number) => {
    if (t === undefined) return asm.jmpImm(op, v, x, done);
    asm.ldImm64(t, BigInt(x));
    return asm.jmpReg(op, v, t, done);
  };
  const alu = (op: "sub" | "div", x: number) => {
    if (t === undefined) return asm.aluImm(op, b, x);
    asm.ldImm64(t, BigInt(x));
    return asm.aluReg(op, b, t);
  };
  // bpftrace: floor((max - min) / step) buckets; values in a last partial step count as >= max.
  const n = Math.floor((l.max - l.min) / l.step);
  asm.movImm(b, 0);
  jmp("jslt", l.min);
  asm.movImm(b, n + 1);
  jmp("jsge", l.max);
  asm.movReg(b, v);
  alu("sub", l.min);
  alu("div", l.step);
  asm.aluImm("add", b, 1);
  asm.label(done);
  if (t !== undefined) g.regs.release(t);
  return b;
}

const fitsImm32 = (x: number) => x >= -0x80000000 && x <= 0x7fffffff;

function checkIntArg(c: CheckCtx, call: Call): void {
  const t = c.check(call.args[0]!);
  if (!isIntegral(t)) c.error(call.args[0]!.span, `${call.name}() expects an integer argument (${typeName(t)} provided)`);
}

/** The value of an integer literal, negative ones (`-10`, a unary minus) included. */
function literal(e: Expr): number | undefined {
  if (e.kind === "IntLit") return Number(e.value);
  if (e.kind === "Unary" && e.op === "-" && e.operand.kind === "IntLit") return -Number(e.operand.value);
  return undefined;
}

/** lhist's min, max and step: integer literals, min >= 0, step > 0, max > min (bpftrace's rules). */
function checkLinear(c: CheckCtx, call: Call): { lhist?: LinearBuckets } {
  checkIntArg(c, call);
  const [min, max, step] = call.args.slice(1).map((a) => {
    c.check(a);
    const v = literal(a);
    if (v === undefined) c.error(a.span, "lhist() expects integer literals for min, max and step");
    return v ?? 0;
  }) as [number, number, number];
  const unsafe = [min, max, step].findIndex((x) => !Number.isSafeInteger(x));
  if (unsafe >= 0) {
    // Beyond 2^53 the bounds would not even be exact in the compiler; no histogram needs them.
    c.error(call.args[unsafe + 1]!.span, `lhist() ${["min", "max", "step"][unsafe]} must be at most ${Number.MAX_SAFE_INTEGER}`);
  } else if (min < 0) c.error(call.span, `lhist() min must be non-negative (provided min ${min})`);
  else if (step <= 0) c.error(call.args[3]!.span, "lhist() step must be >= 1");
  else if (max <= min) c.error(call.args[2]!.span, "lhist() max must be greater than min");
  else if (Math.floor((max - min) / step) + 3 > MAX_HISTOGRAM_SLOTS) {
    // Each key's buckets are one per-CPU map value, which the kernel caps at 32 KiB.
    // Buckets below min and at or above max, and the sum, share the value with the steps.
    c.error(call.span, `lhist() supports at most ${MAX_HISTOGRAM_SLOTS - 3} buckets ((max - min) / step), not ${Math.floor((max - min) / step)}`);
  }
  return { lhist: { min, max, step: Math.max(step, 1) } };
}

export const aggregation: Builtin[] = [
  defineAgg({
    name: "count",
    doc: "@m[k] = count(): how many times this line ran, per key",
    arity: [0, 0],
    agg: "count",
    check: () => undefined,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "count", counter),
  }),
  defineAgg({
    name: "sum",
    doc: "@m[k] = sum(n): the total of n, per key",
    arity: [1, 1],
    agg: "sum",
    check: checkIntArg,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "sum", counter),
  }),
  defineAgg({
    name: "min",
    doc: "@m[k] = min(n): the smallest n seen, per key",
    arity: [1, 1],
    agg: "min",
    check: checkIntArg,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "min", extreme("min")),
  }),
  defineAgg({
    name: "max",
    doc: "@m[k] = max(n): the largest n seen, per key",
    arity: [1, 1],
    agg: "max",
    check: checkIntArg,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "max", extreme("max")),
  }),
  defineAgg({
    name: "avg",
    doc: "@m[k] = avg(n): the integer average of n, per key",
    arity: [1, 1],
    agg: "avg",
    check: checkIntArg,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "avg", average),
  }),
  defineAgg({
    name: "stats",
    doc: "@m[k] = stats(n): count, average and total of n, per key",
    arity: [1, 1],
    agg: "stats",
    check: checkIntArg,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "stats", average),
  }),
  defineAgg({
    name: "hist",
    doc: "@m[k] = hist(n[, k]): a power-of-two histogram of n (2^k buckets per power, k = 0..5), per key",
    arity: [1, 2],
    agg: "hist",
    check(c, call) {
      checkIntArg(c, call);
      const bits = call.args[1];
      if (!bits) return { bits: 0 };
      c.check(bits);
      if (bits.kind !== "IntLit") {
        c.error(bits.span, "hist() expects an integer literal for its number of bits");
        return { bits: 0 };
      }
      if (bits.value > 5n) c.error(call.span, `hist: bits ${bits.value} must be 0..5`);
      return { bits: Number(bits.value) > 5 ? 0 : Number(bits.value) };
    },
    emitUpdate: (g, target, call) => {
      const { bits } = g.maps.get(target.name)!.value as { bits?: number };
      updateHistogram(g, target, call, (g2, v) => log2Bucket(g2, v, bits ?? 0));
    },
  }),
  defineAgg({
    name: "lhist",
    doc: "@m[k] = lhist(n, min, max, step): a linear histogram of n, per key",
    arity: [4, 4],
    agg: "lhist",
    check: checkLinear,
    emitUpdate: (g, target, call) => {
      const { lhist } = g.maps.get(target.name)!.value as { lhist: LinearBuckets };
      updateHistogram(g, target, call, (g2, v) => linearBucket(g2, v, lhist));
    },
  }),
];

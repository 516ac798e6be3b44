/**
 * tseries(v, interval, n[, "avg"|"sum"|"min"|"max"]): a time series of the last n intervals.
 *
 * Like hist(), each key of the map has one per-CPU value: an array of n slots of
 * {value, meta, epoch + 1}, slot = epoch % n where epoch = now / interval. A slot left by an older
 * epoch is reset before it is reused. meta is the write time for the default "last value wins"
 * (so user space can tell which CPU wrote last), the count for avg, a "set" flag for min/max.
 * The epoch is stored plus one so that 0 means "never written" (bpftrace keeps one map entry per
 * written slot; the arrays here exist whole, so the mark tells the written ones apart).
 */
import type { Call, MapAccess } from "../ast/nodes.js";
import { FP, HELPERS, Label, R0, R1, R2 } from "../codegen/bpf/index.js";
import type { Gen } from "../contracts/gen.js";
import { buildKey, createZeroed, lookup } from "../codegen/map-ops.js";
import { joinSpans } from "../diagnostics/span.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { isIntegral, MAX_HISTOGRAM_SLOTS, TSERIES_SLOT_BYTES, typeName } from "../semantic/types.js";
import type { TimeSeriesLayout, Type } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineAgg } from "./builtin.js";

const FUNCTIONS = ["avg", "max", "min", "sum"] as const;

/** The per-CPU value limit (32 KiB) bounds how many intervals one key's array may hold. */
export const MAX_TSERIES_INTERVALS = Math.floor((MAX_HISTOGRAM_SLOTS * 8) / TSERIES_SLOT_BYTES);

/**
 * bpftrace's test hook: with BPFTRACE_DUMMY_TS_MAP=@m (or EBT_DUMMY_TS_MAP), the time a
 * tseries() reads is the value of the scalar map @m instead of the clock, so a script can
 * drive time itself and its output is the same on every run.
 */
function dummyClockMap(): string | undefined {
  return process.env.EBT_DUMMY_TS_MAP ?? process.env.BPFTRACE_DUMMY_TS_MAP;
}

function check(c: CheckCtx, call: Call): { tseries?: TimeSeriesLayout; signed?: boolean } | void {
  const [value, interval, count, fn] = call.args as [Call["args"][0], Call["args"][0], Call["args"][0], Call["args"][0] | undefined];
  const t: Type = c.check(value!);
  if (!isIntegral(t)) c.error(value!.span, `tseries() expects an integer value (${typeName(t)} provided)`);
  c.check(interval!);
  c.check(count!);
  if (interval!.kind !== "IntLit") return c.error(call.span, "tseries: invalid interval_ns value (must be non-negative literal)");
  if (count!.kind !== "IntLit") return c.error(call.span, "tseries: invalid num_intervals value (must be non-negative literal)");
  if (interval.value <= 0n) return c.error(call.span, `tseries() interval_ns must be >= 1 (${interval.value} provided)`);
  if (count.value <= 0n) return c.error(call.span, `tseries() num_intervals must be >= 1 (${count.value} provided)`);
  if (count.value > BigInt(MAX_TSERIES_INTERVALS)) {
    // bpftrace allows up to 1000000 (one map entry per interval); ebt keeps a key's intervals in one value.
    return c.error(call.span, `tseries() num_intervals must be <= ${MAX_TSERIES_INTERVALS} in ebt (${count.value} provided)`);
  }
  let layoutFn: TimeSeriesLayout["fn"] = "last";
  if (fn) {
    c.check(fn);
    if (fn.kind !== "StrLit") c.error(fn.span, "tseries() expects a string literal as its aggregation function");
    else if (!(FUNCTIONS as readonly string[]).includes(fn.value)) {
      c.error(call.span, `tseries() expects one of the following aggregation functions: ${FUNCTIONS.join(", ")} ("${fn.value}" provided)`);
    } else layoutFn = fn.value as TimeSeriesLayout["fn"];
  }
  const signed = t.kind === "int" ? t.signed : true;
  return { tseries: { intervalNs: interval.value, intervals: Number(count.value), fn: layoutFn }, signed };
}

/** r0 = the current time in nanoseconds: CLOCK_TAI (wall-clock time), or the dummy clock map. */
function emitNow(g: Gen): void {
  const dummy = dummyClockMap();
  if (dummy === undefined || !g.maps.has(dummy) || g.maps.get(dummy)!.keys.length > 0) {
    g.asm.call(HELPERS.ktime_get_tai_ns);
    return;
  }
  const mark = g.stack.mark();
  const key = buildKey(g, { kind: "MapAccess", name: dummy, keys: [], span: g.maps.get(dummy)!.span } as MapAccess);
  lookup(g, dummy, key);
  const done = new Label("ts_dummy_done");
  g.asm.jmpImm("jeq", R0, 0, done);
  g.asm.ldx("u64", R0, R0, 0);
  g.asm.label(done);
  g.stack.release(mark);
}

function emitUpdate(g: Gen, target: MapAccess, call: Call): void {
  const { asm } = g;
  const info = g.maps.get(target.name)!;
  const value = info.value as Type & { kind: "agg" };
  const layout = value.tseries!;
  const mark = g.stack.mark();
  const key = buildKey(g, target);
  const now = g.stack.alloc(8);
  const epoch = g.stack.alloc(8);
  emitNow(g);
  asm.stx("u64", FP, now, R0);
  asm.loadConst(R1, layout.intervalNs);
  asm.aluReg("div", R0, R1);
  asm.stx("u64", FP, epoch, R0);
  const v = g.scalar(call.args[0]!);

  const found = new Label("ts_found");
  const done = new Label("ts_done");
  lookup(g, target.name, key);
  asm.jmpImm("jne", R0, 0, found);
  createZeroed(g, target.name, key, joinSpans(target.span, call.span));
  lookup(g, target.name, key);
  asm.jmpImm("jeq", R0, 0, done); // the map is full
  asm.label(found);
  // r0 = &slots[epoch % n]; the bound check is never taken, it bounds the offset for the verifier.
  asm.ldx("u64", R1, FP, epoch);
  asm.aluImm("mod", R1, layout.intervals);
  asm.aluImm("mul", R1, TSERIES_SLOT_BYTES);
  asm.jmpImm("jgt", R1, (layout.intervals - 1) * TSERIES_SLOT_BYTES, done);
  asm.aluReg("add", R0, R1);
  asm.ldx("u64", R1, FP, epoch);
  asm.aluImm("add", R1, 1);
  if (layout.fn !== "last") {
    // A slot last written in an older epoch starts over.
    const same = new Label("ts_same_epoch");
    asm.ldx("u64", R2, R0, 16);
    asm.jmpReg("jeq", R2, R1, same);
    asm.st("u64", R0, 0, 0);
    asm.st("u64", R0, 8, 0);
    asm.label(same);
  }
  asm.stx("u64", R0, 16, R1);
  switch (layout.fn) {
    case "last":
      asm.stx("u64", R0, 0, v);
      asm.ldx("u64", R1, FP, now);
      asm.stx("u64", R0, 8, R1);
      break;
    case "avg":
    case "sum":
      if (layout.fn === "avg") {
        asm.ldx("u64", R1, R0, 8);
        asm.aluImm("add", R1, 1);
        asm.stx("u64", R0, 8, R1);
      }
      asm.ldx("u64", R1, R0, 0);
      asm.aluReg("add", R1, v);
      asm.stx("u64", R0, 0, R1);
      break;
    case "min":
    case "max": {
      const replace = new Label("ts_replace");
      asm.ldx("u64", R1, R0, 8);
      asm.jmpImm("jeq", R1, 0, replace);
      asm.ldx("u64", R1, R0, 0);
      const keep = value.signed ? (layout.fn === "min" ? "jsle" : "jsge") : layout.fn === "min" ? "jle" : "jge";
      asm.jmpReg(keep, R1, v, done);
      asm.label(replace);
      asm.stx("u64", R0, 0, v);
      asm.st("u64", R0, 8, 1);
      break;
    }
  }
  asm.label(done);
  g.regs.release(v);
  g.stack.release(mark);
}

export const tseries: Builtin[] = [
  defineAgg({
    name: "tseries",
    doc: '@m[k] = tseries(v, interval, n[, "avg"|"sum"|"min"|"max"]): v over the last n intervals (the last value of each, or their avg/sum/min/max), per key',
    arity: [3, 4],
    agg: "tseries",
    check,
    emitUpdate,
  }),
];

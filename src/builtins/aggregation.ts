/** Aggregations kept in per-CPU maps and combined in user space when printed (DESIGN.md §5). */
import type { Call, MapAccess } from "../ast/nodes.js";
import { FP, Label, R0, R1 } from "../codegen/bpf/index.js";
import type { Reg } from "../codegen/bpf/index.js";
import type { Gen } from "../codegen/gen.js";
import { buildKey, lookup, update } from "../codegen/map-ops.js";
import { isIntegral, typeName } from "../semantic/types.js";
import type { CheckCtx } from "../semantic/check-ctx.js";
import type { Builtin } from "./builtin.js";
import { defineAgg } from "./builtin.js";

/**
 * Adds `amount` (a register, or 1) to this CPU's value of the entry, creating it when missing.
 * Per-CPU values need no atomics: only this CPU writes its copy.
 */
function addToEntry(g: Gen, target: MapAccess, amount: (() => Reg) | undefined): void {
  const { asm } = g;
  const mark = g.stack.mark();
  const value: Reg | undefined = amount ? amount() : undefined;
  const key = buildKey(g, target);
  lookup(g, target.name, key);
  const missing = new Label("agg_new");
  const done = new Label("agg_done");
  asm.jmpImm("jeq", R0, 0, missing);
  asm.ldx("u64", 1, 0, 0);
  if (value === undefined) asm.aluImm("add", R1, 1);
  else asm.aluReg("add", R1, value);
  asm.stx("u64", 0, 0, 1);
  asm.ja(done);
  asm.label(missing);
  const slot = g.stack.alloc(8);
  if (value === undefined) asm.st("u64", FP, slot, 1);
  else asm.stx("u64", FP, slot, value);
  update(g, target.name, key, slot);
  asm.label(done);
  if (value !== undefined) g.regs.release(value);
  g.stack.release(mark);
}

function checkIntArg(c: CheckCtx, call: Call): void {
  const t = c.check(call.args[0]!);
  if (!isIntegral(t)) c.error(call.args[0]!.span, `${call.name}() expects an integer argument (${typeName(t)} provided)`);
}

export const aggregation: Builtin[] = [
  defineAgg({
    name: "count",
    doc: "@m[k] = count(): how many times this line ran, per key",
    arity: [0, 0],
    agg: "count",
    check: () => undefined,
    emitUpdate: (g, target) => addToEntry(g, target, undefined),
  }),
  defineAgg({
    name: "sum",
    doc: "@m[k] = sum(n): the total of n, per key",
    arity: [1, 1],
    agg: "sum",
    check: checkIntArg,
    emitUpdate: (g, target, call) => addToEntry(g, target, () => g.scalar(call.args[0]!)),
  }),
];

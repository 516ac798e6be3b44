/**
 * Reading an aggregation's value inside a probe (`if (@x > 5)`, `$n = @bytes[pid]`): each CPU keeps
 * its own copy (DESIGN.md §5), so the program visits every possible CPU's copy with
 * bpf_map_lookup_percpu_elem and combines them as user space does when printing. Current bpftrace
 * allows this for count, sum, min, max and avg (docs/stdlib.md, "Map Value Functions").
 */
import type { MapAccess } from "../ast/nodes.js";
import type { AggKind } from "../semantic/types.js";
import { FP, HELPERS, Label, R0, R1, R2, R3 } from "./bpf/index.js";
import type { Reg } from "./bpf/index.js";
import { stackPointer } from "./frame.js";
import type { Gen } from "../contracts/gen.js";
import { buildKey } from "./map-ops.js";

/**
 * Emits the combined value of `m`'s entry into a fresh pool register (0 when the key is absent).
 * Loop state lives on the stack, not in registers, because every iteration calls a helper.
 */
export function readAgg(g: Gen, m: MapAccess, agg: AggKind): Reg {
  const mark = g.stack.mark();
  const r = readAggAt(g, m.name, buildKey(g, m), agg);
  g.stack.release(mark);
  return r;
}

/** The combined value of the entry of `map` whose whole key is on the stack at r10+key. */
export function readAggAt(g: Gen, map: string, key: number, agg: AggKind): Reg {
  const { asm } = g;
  const mark = g.stack.mark();
  const cpu = g.stack.alloc(8);
  const acc = g.stack.alloc(8); // count/sum: the total; min/max: the pick; avg: the sum
  const aux = g.stack.alloc(8); // min/max: 1 once a CPU had a value; avg: the count
  for (const slot of [cpu, acc, aux]) asm.st("u64", FP, slot, 0);
  const top = new Label("aggread_cpu");
  const next = new Label("aggread_next");
  asm.label(top);
  asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(asm, R2, key);
  asm.ldx("u64", R3, FP, cpu);
  asm.call(HELPERS.map_lookup_percpu_elem);
  asm.jmpImm("jeq", R0, 0, next);
  if (agg === "count" || agg === "sum") {
    asm.ldx("u64", R1, R0, 0);
    asm.ldx("u64", R2, FP, acc);
    asm.aluReg("add", R2, R1);
    asm.stx("u64", FP, acc, R2);
  } else if (agg === "avg") {
    for (const [from, to] of [[0, aux], [8, acc]] as const) {
      asm.ldx("u64", R1, R0, from);
      asm.ldx("u64", R2, FP, to);
      asm.aluReg("add", R2, R1);
      asm.stx("u64", FP, to, R2);
    }
  } else {
    // {value, set}: a CPU that never saw a value must not win; the first that did always does.
    const take = new Label("aggread_take");
    asm.ldx("u64", R1, R0, 8);
    asm.jmpImm("jeq", R1, 0, next);
    asm.ldx("u64", R1, R0, 0);
    asm.ldx("u64", R2, FP, aux);
    asm.jmpImm("jeq", R2, 0, take);
    asm.ldx("u64", R2, FP, acc);
    asm.jmpReg(agg === "min" ? "jsge" : "jsle", R1, R2, next);
    asm.label(take);
    asm.stx("u64", FP, acc, R1);
    asm.st("u64", FP, aux, 1);
  }
  asm.label(next);
  asm.ldx("u64", R1, FP, cpu);
  asm.aluImm("add", R1, 1);
  asm.stx("u64", FP, cpu, R1);
  asm.jmpImm("jlt", R1, g.kernel.possibleCpus(), top);
  const r = g.regs.alloc();
  asm.ldx("u64", r, FP, acc);
  if (agg === "avg") {
    // Integer average as printed; no values yet reads as 0 (and avoids dividing by zero).
    const done = new Label("aggread_avg");
    asm.ldx("u64", R1, FP, aux);
    asm.jmpImm("jeq", R1, 0, done);
    asm.aluReg("sdiv", r, R1);
    asm.label(done);
  }
  g.stack.release(mark);
  return r;
}

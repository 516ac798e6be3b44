/**
 * The one contract every builtin variable and function implements (ply's `struct func`): how it
 * type-checks and how it emits code. Adding a builtin is one `defineVar`/`defineFunc` entry in the
 * family file it belongs to; no pass switches on builtin names.
 */
import type { Call, Expr, Identifier } from "../ast/nodes.js";
import type { Reg } from "../codegen/bpf/index.js";
import { R0 } from "../codegen/bpf/index.js";
import type { Gen } from "../codegen/gen.js";
import type { CheckCtx } from "../semantic/check-ctx.js";
import type { AggKind, LinearBuckets, Type } from "../semantic/types.js";
import type { MapAccess } from "../ast/nodes.js";

/** A builtin variable such as `pid` or `comm` (also callable as `pid()`). */
export interface BuiltinVar {
  kind: "var";
  name: string;
  /** For a family of names such as arg0, arg1, ...: which names this entry answers to. */
  pattern?: RegExp;
  doc: string;
  type(c: CheckCtx, node: Identifier | Call): Type;
  /** When the call form takes arguments (`nsecs(boot)`): checks them. Without it, `x()` takes none. */
  checkCallArgs?(c: CheckCtx, call: Call): void;
  /** Scalars return the pool register holding the value; others write it to the stack at `out`. */
  emit(g: Gen, node: Identifier | Call, out?: number): Reg | undefined;
}

/** A builtin function such as `printf` or `str`. */
export interface BuiltinFunc {
  kind: "func";
  name: string;
  doc: string;
  /** Minimum and maximum number of arguments. */
  arity: [number, number];
  /** The first argument is a format or command, not a string value (exempt from max_strlen). */
  formatArg?: boolean;
  /** May be written without parentheses, as bpftrace's builtin of that name (`kstack`). */
  bare?: boolean;
  check(c: CheckCtx, call: Call): Type;
  emit(g: Gen, call: Call, out?: number): Reg | undefined;
}

/** An aggregation: valid only as the whole right side of a map assignment, `@m[k] = count()`. */
export interface BuiltinAgg {
  kind: "agg";
  name: string;
  doc: string;
  arity: [number, number];
  agg: AggKind;
  /** Checks the arguments; may refine the map value type (lhist's bucket layout). */
  check(c: CheckCtx, call: Call): { lhist?: LinearBuckets; bits?: number } | void;
  /** Update the map entry for `target` with this call's value. */
  emitUpdate(g: Gen, target: MapAccess, call: Call): void;
}

export type Builtin = BuiltinVar | BuiltinFunc | BuiltinAgg;

export const defineVar = (b: Omit<BuiltinVar, "kind">): BuiltinVar => ({ kind: "var", ...b });
export const defineFunc = (b: Omit<BuiltinFunc, "kind">): BuiltinFunc => ({ kind: "func", ...b });
export const defineAgg = (b: Omit<BuiltinAgg, "kind">): BuiltinAgg => ({ kind: "agg", ...b });

/** Arguments after the first `n` must be checked by the caller; this checks them all in order. */
export function checkArgs(c: CheckCtx, args: readonly Expr[]): Type[] {
  return args.map((a) => c.check(a));
}

/** Calls `helper` and keeps its result — all 64 bits, or the high or low 32 — in a pool register. */
export function helperValue(g: Gen, helper: number, part: "all" | "high" | "low" = "all"): Reg {
  g.asm.call(helper);
  const r = g.regs.alloc();
  if (part === "low") g.asm.mov32Reg(r, R0);
  else g.asm.movReg(r, R0);
  if (part === "high") g.asm.aluImm("rsh", r, 32);
  return r;
}

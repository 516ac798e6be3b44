/**
 * Helpers for writing builtins: the define* constructors every family file uses, and argument
 * checking shared by several families. The contract itself is contracts/builtin.ts.
 */
import type { Expr } from "../ast/nodes.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import type { Type } from "../semantic/types.js";
import type { BuiltinAgg, BuiltinFunc, BuiltinVar } from "../contracts/builtin.js";

export type { Builtin, BuiltinAgg, BuiltinFunc, BuiltinVar } from "../contracts/builtin.js";

export const defineVar = (b: Omit<BuiltinVar, "kind">): BuiltinVar => ({ kind: "var", ...b });
export const defineFunc = (b: Omit<BuiltinFunc, "kind">): BuiltinFunc => ({ kind: "func", ...b });
export const defineAgg = (b: Omit<BuiltinAgg, "kind">): BuiltinAgg => ({ kind: "agg", ...b });

/** Arguments after the first `n` must be checked by the caller; this checks them all in order. */
export function checkArgs(c: CheckCtx, args: readonly Expr[]): Type[] {
  return args.map((a) => c.check(a));
}

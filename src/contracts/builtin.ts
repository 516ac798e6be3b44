/**
 * The one contract every builtin variable and function implements (ply's `struct func`): how it
 * type-checks and how it emits code. Adding a builtin is one `defineVar`/`defineFunc` entry in the
 * family file it belongs to (builtins/); no pass switches on builtin names.
 */
import type { Call, Identifier, MapAccess } from "../ast/nodes.js";
import type { Reg } from "../codegen/bpf/index.js";
import type { AggKind, LinearBuckets, TimeSeriesLayout, Type } from "../semantic/types.js";
import type { CheckCtx } from "./check-ctx.js";
import type { Gen } from "./gen.js";

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
  /** Its helper takes a kernel object whose BTF type the verifier must know (bpf_skb_output's
   * sk_buff): a probe calling it loads as a BTF-typed program where its probe type has one
   * (Provider.btfTypedForm). */
  btfTyped?: boolean;
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
  check(c: CheckCtx, call: Call): { lhist?: LinearBuckets; bits?: number; tseries?: TimeSeriesLayout; signed?: boolean } | void;
  /** Update the map entry for `target` with this call's value. */
  emitUpdate(g: Gen, target: MapAccess, call: Call): void;
}

export type Builtin = BuiltinVar | BuiltinFunc | BuiltinAgg;

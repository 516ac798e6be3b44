/** What builtins see while type-checking a call: enough to check arguments and report errors. */
import type { Expr, MapAccess } from "../ast/nodes.js";
import type { Span } from "../diagnostics/span.js";
import type { ProbeTarget } from "./provider.js";
import type { StackMode, Type } from "../semantic/types.js";
import type { KernelInfo } from "./kernel-info.js";

export interface CheckCtx {
  /** Type-check a sub-expression and return its type (records it for codegen). */
  check(e: Expr): Type;
  /** As check(), where the probe's whole `args` is a value (print(args)); elsewhere it is an error. */
  checkAllowingArgs(e: Expr): Type;
  error(span: Span, message: string): void;
  warning(span: Span, message: string): void;
  /** The probe being checked (bodies are checked once per expanded attach point). */
  target: ProbeTarget;
  /** How a stack prints when kstack/ustack names no mode (config stack_mode). */
  stackMode: StackMode;
  /** Default string size (bpftrace's max_strlen). */
  maxStrlen: number;
  /** The value type of map `name`, if any assignment gave it one. */
  mapValueType(name: string): Type | undefined;
  /** The key types of map `name` (empty for a scalar map), if any assignment gave it a type. */
  mapKeyTypes(name: string): Type[] | undefined;
  /** Checks a map used as an object (its keys, that it exists), not read as a value. */
  checkMapRef(m: MapAccess): void;
  /** --unsafe was given: functions with side effects (system, signal) are allowed. */
  unsafe: boolean;
  /** config unstable_typeinfo: whether typeinfo() is an error, a warning or allowed. */
  unstableTypeinfo: "error" | "warn" | "enable";
  /** Positional parameters `$1..$N` as given on the command line. */
  positional: readonly string[];
  /** The kernel the program is checked for (kaddr() resolves symbols in it). */
  kernel: KernelInfo;
  /** Whether `args` pointers are user pointers at this target. */
  userArgs: boolean;
}

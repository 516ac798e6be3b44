/** The registry of builtins: every family's entries, found by name. */
import { actions } from "./actions.js";
import { aggregation } from "./aggregation.js";
import type { Builtin } from "./builtin.js";
import { mapOps } from "./map-ops.js";
import { memory } from "./memory.js";
import { print } from "./print.js";
import { probeArgs } from "./probe-args.js";
import { bytes } from "./bytes.js";
import { strings } from "./strings.js";
import { process } from "./process.js";
import { symbols } from "./symbols.js";
import { time } from "./time.js";
import { tseries } from "./tseries.js";
import { system } from "./system.js";
import { debugf } from "./debugf.js";
import { typeinfo } from "./typeinfo.js";
import { network } from "./network.js";
import { programOptions } from "./program-options.js";

export const BUILTINS: readonly Builtin[] = [...process, ...time, ...print, ...memory, ...aggregation, ...tseries, ...mapOps, ...probeArgs, ...symbols, ...strings, ...bytes, ...system, ...actions, ...debugf, ...typeinfo, ...programOptions, ...network];

const byName = new Map<string, Builtin>(BUILTINS.map((b) => [b.name, b]));

const byPattern = BUILTINS.filter((b): b is Builtin & { pattern: RegExp } => b.kind === "var" && b.pattern !== undefined);

/** The spelling current bpftrace's standard library uses for every builtin: `__builtin_comm` is
 * `comm`, and stays the builtin even where a user macro named `comm` takes over the short name. */
export const BUILTIN_PREFIX = "__builtin_";

export function findBuiltin(name: string): Builtin | undefined {
  if (name.startsWith(BUILTIN_PREFIX)) name = name.slice(BUILTIN_PREFIX.length);
  return byName.get(name) ?? byPattern.find((b) => b.pattern.test(name));
}

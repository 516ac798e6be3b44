/**
 * Warnings a program reports while it runs, as current bpftrace does for a division by zero or an
 * array index out of bounds: a warnf record with no arguments, printed with the source location,
 * e.g. `stdin:1:20-26: WARNING: Divide or modulo by 0 detected. ...`.
 */
import type { Span } from "../diagnostics/span.js";
import { FP } from "./bpf/index.js";
import type { Gen } from "../contracts/gen.js";
import { RECORD_HEADER } from "../plan/records.js";

export const DIVIDE_BY_ZERO = "Divide or modulo by 0 detected. This can lead to unexpected results. 1 is being used as the result.";
export const ARRAY_OUT_OF_BOUNDS = "Array access out of bounds. This can lead to unexpected results.";
/** -k: a map read of a key the map does not hold (bpftrace's words, its helper and return code). */
export const MISSING_KEY = "Can't lookup map element because it does not exist.\nAdditional Info - helper: map_lookup_elem, retcode: 0";

/** Sends the warning `message` (no `%` conversions) for the expression at `span`. */
export function runtimeWarning(g: Gen, span: Span, message: string): void {
  const id = g.record({ kind: "warnf", format: message.replace(/%/g, "%%"), args: [], span }, RECORD_HEADER);
  const mark = g.stack.mark();
  const base = g.stack.alloc(RECORD_HEADER);
  g.asm.st("u64", FP, base, id);
  g.output(base, RECORD_HEADER);
  g.stack.release(mark);
}

/** The type an aggregation map's value has when a probe reads it (`if (@x > 5)`). */
import type { MapAccess } from "../ast/nodes.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import type { AggKind, Type } from "./types.js";
import { s64, u64 } from "./types.js";

/** Aggregations whose combined value is one integer a probe may read (current bpftrace's set). */
export const READABLE_AGGS: readonly AggKind[] = ["count", "sum", "min", "max", "avg"];

/** count() reads as uint64, sum/min/max/avg as int64; stats and histograms cannot be read. */
export function aggReadType(c: Pick<CheckCtx, "error">, e: MapAccess, agg: AggKind): Type {
  if (!READABLE_AGGS.includes(agg)) {
    c.error(e.span, `The value of ${agg}() map ${e.name} can only be printed, not read in a probe`);
    return u64;
  }
  return agg === "count" ? u64 : s64;
}

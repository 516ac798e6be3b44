/**
 * Warnings a program reports while it runs, as current bpftrace does for a division by zero or an
 * array index out of bounds: a warnf record with no arguments, printed with the source location,
 * e.g. `stdin:1:20-26: WARNING: Divide or modulo by 0 detected. ...`.
 */
import type { SourceMap, Span } from "../diagnostics/span.js";
import { FP } from "./bpf/index.js";
import type { Gen } from "../contracts/gen.js";
import { defineRecord, RECORD_HEADER } from "../plan/records.js";
import type { FormattedFields, RecordType } from "../plan/records.js";

/**
 * errorf()/warnf() and these warnings: a printf-formatted message printed with its call's source
 * line (`source`, filled in once sources are at hand). `helper`: a -k check of that helper
 * (codegen/helper-errors.ts), whose args are its errno text and its return code.
 */
export interface LocatedMessage extends FormattedFields {
  span: Span;
  source?: SourceMap;
  helper?: string;
}

function locatedMessage(kind: "errorf" | "warnf"): RecordType<LocatedMessage> {
  const severity = kind === "errorf" ? "error" : "warning";
  return defineRecord<LocatedMessage>({
    kind,
    receive(r, buf, rt) {
      const args = r.args.map((a) => rt.value(buf, a));
      const message = rt.printf(r.format, args);
      const [msg, retcode] = args;
      if (r.helper !== undefined && msg?.kind === "str" && retcode?.kind === "int") {
        rt.diagnostic({ severity, message, span: r.span, source: r.source, helper: { name: r.helper, msg: msg.value, retcode: Number(retcode.value) } });
      } else rt.diagnostic({ severity, message, span: r.span, source: r.source });
    },
    link(r, sources) {
      r.source ??= sources.get(r.span.file);
    },
  });
}

export const ERRORF_RECORD = locatedMessage("errorf");
export const WARNF_RECORD = locatedMessage("warnf");

export const DIVIDE_BY_ZERO = "Divide or modulo by 0 detected. This can lead to unexpected results. 1 is being used as the result.";
export const ARRAY_OUT_OF_BOUNDS = "Array access out of bounds. This can lead to unexpected results.";
/** -k: a map read of a key the map does not hold (bpftrace's words, its helper and return code). */
export const MISSING_KEY = "Can't lookup map element because it does not exist.\nAdditional Info - helper: map_lookup_elem, retcode: 0";

/** Sends the warning `message` (no `%` conversions) for the expression at `span`. */
export function runtimeWarning(g: Gen, span: Span, message: string): void {
  const id = g.record(WARNF_RECORD, { format: message.replace(/%/g, "%%"), args: [], span }, RECORD_HEADER);
  const mark = g.stack.mark();
  const base = g.stack.alloc(RECORD_HEADER);
  g.asm.st("u64", FP, base, id);
  g.output(base, RECORD_HEADER);
  g.stack.release(mark);
}

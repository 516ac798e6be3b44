/**
 * -k: a helper call that fails reports itself at run time, as bpftrace does:
 *   stdin:1:14-20: WARNING: Failed to probe_read_kernel_str: Bad address (-14)
 * with the source line and caret of the expression that made the call. Level 1 checks helpers
 * whose failure changes what the program does (map deletes); level 2 (current bpftrace's -k, and
 * bpftrace 0.17's -kk) also the memory reads, whose failure leaves zeros. The check is a warnf
 * record sent when r0 < 0, right after the call.
 */
import type { Span } from "../diagnostics/span.js";
import type { RenderKind, Type } from "../semantic/types.js";
import { FP, Label, R0 } from "./bpf/index.js";
import type { Gen } from "../contracts/gen.js";
import { RECORD_HEADER } from "../plan/records.js";
import { WARNF_RECORD } from "./runtime-warning.js";

const ERRNO_TEXT: Type = { kind: "rendered", as: "strerror" as RenderKind };
const RET: Type = { kind: "int", bits: 64, signed: true };

/** Which check level checks a helper: 2 for the reads, 1 for the rest. */
export function checkLevel(helper: string): 1 | 2 {
  return helper.startsWith("probe_read") ? 2 : 1;
}

/** After `call helper` (its result in r0): warns at `span` when the result is an error. */
export function checkHelperResult(g: Gen, helper: string, span: Span): void {
  if (g.helperChecks < checkLevel(helper)) return;
  const ok = new Label("helper_ok");
  g.asm.jmpImm("jsge", R0, 0, ok);
  const size = RECORD_HEADER + 16;
  const id = g.record(
    WARNF_RECORD,
    {
      format: `Failed to ${helper}: %s (%d)`,
      args: [{ type: ERRNO_TEXT, offset: RECORD_HEADER }, { type: RET, offset: RECORD_HEADER + 8 }],
      span,
      helper,
    },
    size,
  );
  const mark = g.stack.mark();
  const base = g.stack.alloc(size);
  g.asm.st("u64", FP, base, id);
  g.asm.stx("u64", FP, base + RECORD_HEADER + 8, R0);
  g.asm.neg(R0);
  g.asm.stx("u64", FP, base + RECORD_HEADER, R0);
  g.output(base, size);
  g.stack.release(mark);
  g.asm.label(ok);
}

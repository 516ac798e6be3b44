/** A verifier rejection names the probe and the source line of the failing instruction. */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { failingInsn, verifierReport } from "../../src/runtime/verifier-error.js";
import { FakeKernel } from "../helpers/fake-kernel.js";

const LOG = `func#0 @0
0: R1=ctx() R10=fp0
0: (bf) r6 = r1                       ; R1=ctx() R6_w=ctx()
1: (85) call bpf_get_current_pid_tgid#14      ; R0_w=scalar()
2: (79) r1 = *(u64 *)(r10 -8)
invalid read from stack off -8+0 size 8
processed 3 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
`;

describe("verifier errors", () => {
  it("finds the last instruction the verifier printed", () => {
    expect(failingInsn(LOG)).toBe(2);
    expect(failingInsn("nothing useful")).toBeUndefined();
  });

  it("maps the instruction back to its probe and source span", () => {
    const src = "BEGIN {\n  printf(\"%d\\n\", pid);\n}\n";
    const r = compile(src, "x.ebt", new FakeKernel());
    const image = r.plan!.programs[0]!;
    const report = verifierReport(image, LOG);
    expect(report.message).toContain("the kernel's verifier rejected the program for BEGIN at instruction 2");
    expect(report.span?.start.line).toBeGreaterThanOrEqual(1);
    expect(report.tail).toContain("invalid read from stack off -8+0 size 8");
  });
});

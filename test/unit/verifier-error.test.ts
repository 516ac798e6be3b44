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

describe("helpers the kernel withholds", () => {
  it("are named in bpftrace's words at the call, not reported as an ebt bug", () => {
    const image = compile("BEGIN {\n  printf(\"%d\\n\", pid);\n}\n", "x.ebt", new FakeKernel()).plan!.programs[0]!;
    const log = "0: (bf) r6 = r1\n1: (85) call bpf_get_current_pid_tgid#14\nprogram of this type cannot use helper bpf_get_current_pid_tgid#14\nprocessed 2 insns\n";
    const report = verifierReport(image, log);
    expect(report.message).toBe("helper bpf_get_current_pid_tgid not allowed in probe");
    expect(report.tail).toBe("");
    expect(report.hints).toBeUndefined();
  });
});

describe("the verifier's own limits", () => {
  const src = "BEGIN {\n  $i = 0;\n  while ($i < 4294967296) { $i++; }\n}\n";
  const image = () => compile(src, "x.ebt", new FakeKernel()).plan!.programs[0]!;

  it("a sequence of jumps too complex is the kernel's limit, not an ebt bug, with a hint", () => {
    const log = `${LOG.split("\n").slice(0, 4).join("\n")}\nThe sequence of 8193 jumps is too complex.\nverification time 6312 usec\n`;
    const report = verifierReport(image(), log);
    expect(report.message).toBe("the program for BEGIN is too complex for the kernel's verifier: it follows a sequence of 8193 jumps, more than the verifier's limit");
    expect(report.hints).toEqual(["bound the loop by a smaller constant, or write it as `for ($i : 0..N)`, which the verifier checks once rather than once per iteration"]);
    expect(report.tail).toBe("");
    expect(report.span).toBeDefined();
  });

  it("a program too large to verify is reported the same way", () => {
    const report = verifierReport(image(), "BPF program is too large. Processed 1000001 insn\nprocessed 1000001 insns (limit 1000000)\n");
    expect(report.message).toBe("the program for BEGIN is too complex for the kernel's verifier: the verifier gave up after checking 1000001 instructions (its limit is 1,000,000)");
    // No instruction in the log: the probe itself is the place.
    expect(report.message).not.toContain("ebt bug");
  });
});

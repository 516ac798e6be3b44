// Label resolution: off = target - pc - 1, counted in 8-byte slots.
import { describe, expect, it } from "vitest";
import { Asm, AssembleError, Label, MAX_PROGRAM_INSNS, ProgramTooLarge, R0, R1, assemble, decode } from "../../../../src/codegen/bpf/index.js";

const offs = (a: Asm) => decode(assemble(a.insns).bytecode).map((d) => d.off);

describe("labels", () => {
  it("resolves a forward jump", () => {
    const a = new Asm();
    const out = new Label("out");
    a.jmpImm("jeq", R1, 0, out); // slot 0
    a.movImm(R0, 1); // slot 1
    a.movImm(R0, 2); // slot 2
    a.label(out);
    a.exit(); // slot 3
    expect(offs(a)[0]).toBe(2);
  });

  it("resolves a backward jump, including to itself", () => {
    const a = new Asm();
    const top = new Label("top");
    const self = new Label("self");
    a.label(top);
    a.movImm(R0, 0); // slot 0
    a.aluImm("add", R0, 1); // slot 1
    a.ja(top); // slot 2: 0 - 2 - 1
    a.label(self);
    a.ja(self); // slot 3: 3 - 3 - 1
    a.exit();
    expect(offs(a).slice(2, 4)).toEqual([-3, -1]);
  });

  it("counts ld_imm64 as two slots in both directions", () => {
    const a = new Asm();
    const fwd = new Label("fwd");
    const back = new Label("back");
    a.label(back);
    a.jmpImm("jne", R1, 0, fwd); // slot 0
    a.ldImm64(R0, 1n); // slots 1-2
    a.ldMapFd(R1, "@m"); // slots 3-4
    a.label(fwd);
    a.ja(back); // slot 5
    a.exit(); // slot 6
    const d = decode(assemble(a.insns).bytecode);
    expect(d.map((i) => i.slot)).toEqual([0, 1, 3, 5, 6]);
    expect(d[0]!.off).toBe(4);
    expect(d[3]!.off).toBe(-6);
  });

  it("lets several labels (even with the same name) mark one instruction", () => {
    const a = new Asm();
    const x = new Label("same");
    const y = new Label("same");
    a.ja(x);
    a.ja(y);
    a.label(x);
    a.label(y);
    a.exit();
    expect(offs(a)).toEqual([1, 0, 0]);
  });

  it("puts the offset of gotol and bpf-to-bpf calls in imm", () => {
    const a = new Asm();
    const f = new Label("f");
    a.gotol(f); // slot 0
    a.callLocal(f); // slot 1
    a.exit(); // slot 2
    a.label(f);
    a.exit(); // slot 3
    const d = decode(assemble(a.insns).bytecode);
    expect([d[0]!.off, d[0]!.imm, d[1]!.imm]).toEqual([0, 2, 1]);
  });

  it("does not modify the input instructions", () => {
    const a = new Asm();
    const l = new Label();
    a.ja(l);
    a.label(l);
    a.exit();
    assemble(a.insns);
    expect(a.insns[0]!.off).toBe(0);
  });
});

describe("label errors", () => {
  it("reports a jump to an unbound label, naming the instruction and the label", () => {
    const a = new Asm();
    a.movImm(R0, 0);
    a.comment("predicate");
    a.jmpImm("jeq", R1, 0, new Label("else"));
    a.exit();
    let err: unknown;
    try {
      assemble(a.insns);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AssembleError);
    const e = err as AssembleError;
    expect(e.message).toBe(
      'instruction 1 at slot 1, "if r1 == 0x0 goto pc+0" -> label "else" (predicate): jump to label "else", which is not bound to any instruction',
    );
    expect([e.index, e.slot, e.insn]).toEqual([1, 1, a.insns[1]]);
  });

  it("reports a label bound after the last instruction as unbound", () => {
    const a = new Asm();
    const end = new Label("end");
    a.ja(end);
    a.label(end);
    expect(a.unboundLabels).toEqual([end]);
    expect(() => assemble(a.insns)).toThrow(/label "end", which is not bound/);
  });

  it("reports a label bound to two instructions", () => {
    const a = new Asm();
    const l = new Label("twice");
    a.label(l);
    a.exit();
    a.label(l);
    a.exit();
    expect(() => assemble(a.insns)).toThrow(/instruction 1 at slot 1.*label "twice" is bound to more than one instruction/);
  });

  it("reports a 16-bit offset overflow (the compiler names it as a size limit); gotol reaches", () => {
    const far = (jump: (a: Asm, l: Label) => void) => {
      const a = new Asm();
      const l = new Label("far");
      jump(a, l);
      for (let i = 0; i < 40_000; i++) a.movImm(R0, 0);
      a.label(l);
      a.exit();
      return a;
    };
    expect(() => assemble(far((a, l) => a.ja(l)).insns)).toThrow(/a jump spans 40000 instructions, beyond eBPF's 16-bit jump offset/);
    expect(decode(assemble(far((a, l) => a.gotol(l)).insns).bytecode)[0]!.imm).toBe(40_000);
    const edge = far((a, l) => a.jmpImm("jeq", R1, 0, l));
    edge.insns.splice(1, 40_000 - 32_767);
    expect(decode(assemble(edge.insns).bytecode)[0]!.off).toBe(32_767);
  });

  it("rejects a target on an instruction that cannot jump", () => {
    const a = new Asm();
    const l = new Label("l");
    a.label(l);
    a.emit({ code: 0xb7, dst: R0, src: 0, off: 0, imm: 0, target: l });
    a.exit();
    expect(() => assemble(a.insns)).toThrow(/only jumps, bpf-to-bpf calls and function addresses can have a target label/);
  });
});

describe("the kernel's limit on a program's size", () => {
  it("counts slots: 500,001 ld_imm64 are 1,000,002 instructions, beyond the 1,000,000 BPF_PROG_LOAD takes", () => {
    const a = new Asm();
    for (let i = 0; i < 500_001; i++) a.ldImm64(R0, 1n);
    expect(() => assemble(a.insns)).toThrow(new ProgramTooLarge(1_000_002));
    expect(new ProgramTooLarge(1_000_002).message).toBe("1,000,002 instructions (the kernel's limit for one program is 1,000,000)");
    a.insns.length = 499_999;
    a.movImm(R0, 0);
    a.exit();
    expect(assemble(a.insns).bytecode.length).toBe(MAX_PROGRAM_INSNS * 8);
  });

  it("the builder stops at the limit instead of emitting millions more", () => {
    const a = new Asm();
    for (let i = 0; i < MAX_PROGRAM_INSNS; i++) a.movImm(R0, 0);
    expect(() => a.exit()).toThrow("more than 1,000,000 instructions (the kernel's limit for one program)");
    expect(a.insns.length).toBe(MAX_PROGRAM_INSNS);
  });
});

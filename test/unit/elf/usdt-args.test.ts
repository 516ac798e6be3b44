/** USDT argument specs (x86-64 AT&T operands) as assemblers write them into .note.stapsdt. */
import { describe, expect, it } from "vitest";
import { parseUsdtArgs, UsdtArgError } from "../../../src/elf/usdt-args.js";
import { extend } from "../../../src/codegen/usdt-args.js";

const one = (spec: string) => {
  const [a] = parseUsdtArgs(spec);
  return { size: a!.size, signed: a!.signed, ...a!.operand };
};

describe("USDT argument specs", () => {
  it("registers of every width, signed or not, as pt_regs names", () => {
    expect(one("-4@%edi")).toEqual({ size: 4, signed: true, kind: "reg", reg: "di" });
    expect(one("8@%rax")).toEqual({ size: 8, signed: false, kind: "reg", reg: "ax" });
    expect(one("1@%dl")).toEqual({ size: 1, signed: false, kind: "reg", reg: "dx" });
    expect(one("-2@%r9w")).toEqual({ size: 2, signed: true, kind: "reg", reg: "r9" });
    expect(one("-4@%r12d")).toEqual({ size: 4, signed: true, kind: "reg", reg: "r12" });
  });

  it("constants, negative and hexadecimal", () => {
    expect(one("4@$5")).toEqual({ size: 4, signed: false, kind: "const", value: 5n });
    expect(one("-4@$-7")).toEqual({ size: 4, signed: true, kind: "const", value: -7n });
    expect(one("8@$0x10")).toEqual({ size: 8, signed: false, kind: "const", value: 16n });
  });

  it("memory: displacement(base), (base,index,scale), symbol(%rip)", () => {
    expect(one("-4@-4(%rbp)")).toEqual({ size: 4, signed: true, kind: "mem", disp: -4, base: "bp", index: undefined, scale: 1 });
    expect(one("8@16(%rsp)")).toEqual({ size: 8, signed: false, kind: "mem", disp: 16, base: "sp", index: undefined, scale: 1 });
    expect(one("8@(%rax)")).toEqual({ size: 8, signed: false, kind: "mem", disp: 0, base: "ax", index: undefined, scale: 1 });
    expect(one("8@(%rax,%rdx,8)")).toEqual({ size: 8, signed: false, kind: "mem", disp: 0, base: "ax", index: "dx", scale: 8 });
    expect(one("-2@0x8(,%rcx,2)")).toEqual({ size: 2, signed: true, kind: "mem", disp: 8, base: undefined, index: "cx", scale: 2 });
    expect(one("-8@counter(%rip)")).toEqual({ size: 8, signed: true, kind: "mem", disp: 0, symbol: "counter", base: "ip", scale: 1 });
    expect(one("4@table+12(%rip)")).toEqual({ size: 4, signed: false, kind: "mem", disp: 12, symbol: "table", base: "ip", scale: 1 });
  });

  it("splits on spaces, but not inside parentheses; an empty spec has no arguments", () => {
    expect(parseUsdtArgs("-4@%edi 8@-8(%rbp)  4@$1").map((a) => a.text)).toEqual(["-4@%edi", "8@-8(%rbp)", "4@$1"]);
    expect(parseUsdtArgs("8@(%rax, %rdx, 8)")).toHaveLength(1);
    expect(parseUsdtArgs("")).toEqual([]);
  });

  it("old notes without a size: the register's width", () => {
    expect(one("%eax")).toEqual({ size: 4, signed: false, kind: "reg", reg: "ax" });
  });

  it("refuses what it cannot compute, naming the spec", () => {
    for (const bad of ["8@%xmm0", "3@%eax", "8@16(%rip)", "8@(%rax,%rdx,3)", "8@%rip", "8@sym(%rax)", "8@$sym", "8@1x"]) {
      expect(() => parseUsdtArgs(bad), bad).toThrow(UsdtArgError);
    }
    expect(() => parseUsdtArgs("8@%xmm0")).toThrow("unsupported USDT argument spec '8@%xmm0'");
  });

  it("constants are cut to their width and extended as the probe passes them", () => {
    expect(extend(-7n, 4, true)).toBe(-7n);
    expect(extend(-7n, 4, false)).toBe(0xfffffff9n);
    expect(extend(0x1ffn, 1, false)).toBe(0xffn);
    expect(extend(0xffffn, 2, true)).toBe(-1n);
  });
});

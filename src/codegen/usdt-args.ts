/**
 * One USDT argument, loaded as its note's spec says: a constant, a register of pt_regs, or memory of
 * the traced process (read with bpf_probe_read_user) at base + index*scale + disp, then cut to the
 * spec's width and sign- or zero-extended to 64 bits. The spec is known when the program is built,
 * so each probe site gets straight-line code (bpftrace's libbpf path interprets specs at run time).
 */
import type { UsdtArg } from "../elf/usdt-args.js";
import { FP, HELPERS, R1, R2, R3 } from "./bpf/index.js";
import type { Reg } from "./bpf/index.js";
import { stackPointer } from "./frame.js";
import type { Gen } from "../contracts/gen.js";
import { PT_REGS_OFFSETS } from "../abi/pt-regs.js";
import { CTX_REG } from "./regs.js";

const LOADS = { 1: "u8", 2: "u16", 4: "u32", 8: "u64" } as const;

/**
 * The argument's value in a fresh pool register. A memory operand's `disp` must already include
 * the address of its symbol relative to the probe's ip (see the usdt provider).
 */
export function emitUsdtArg(g: Gen, arg: UsdtArg): Reg {
  const op = arg.operand;
  const r = g.regs.alloc();
  if (op.kind === "const") {
    g.asm.ldImm64(r, extend(op.value, arg.size, arg.signed));
    return r;
  }
  if (op.kind === "reg") {
    g.asm.ldx("u64", r, CTX_REG, PT_REGS_OFFSETS[op.reg]!);
  } else {
    // The address in r3 (scratch until the helper call), the value read into a zeroed slot:
    // an unreadable address gives 0, as bpftrace's reads do.
    if (op.base !== undefined) g.asm.ldx("u64", R3, CTX_REG, PT_REGS_OFFSETS[op.base]!);
    else g.asm.movImm(R3, 0);
    if (op.disp !== 0) addConstant(g, R3, op.disp);
    if (op.index !== undefined) {
      g.asm.ldx("u64", R2, CTX_REG, PT_REGS_OFFSETS[op.index]!);
      if (op.scale !== 1) g.asm.aluImm("lsh", R2, Math.log2(op.scale));
      g.asm.aluReg("add", R3, R2);
    }
    const mark = g.stack.mark();
    const slot = g.stack.alloc(8);
    g.asm.st("u64", FP, slot, 0);
    stackPointer(g.asm, R1, slot);
    g.asm.movImm(R2, arg.size);
    g.asm.call(HELPERS.probe_read_user);
    g.asm.ldx(LOADS[arg.size], r, FP, slot);
    g.stack.release(mark);
  }
  // Memory reads of an unsigned value are zero-extended by the load already.
  if (arg.size < 8 && (arg.signed || op.kind === "reg")) {
    const bits = 64 - arg.size * 8;
    g.asm.aluImm("lsh", r, bits);
    g.asm.aluImm(arg.signed ? "arsh" : "rsh", r, bits);
  }
  return r;
}

/** reg += value, for any 64-bit value (an ALU immediate holds only 32 bits). */
function addConstant(g: Gen, reg: Reg, value: number): void {
  if (value >= -(2 ** 31) && value < 2 ** 31) {
    g.asm.aluImm("add", reg, value);
  } else {
    g.asm.ldImm64(R1, BigInt(value));
    g.asm.aluReg("add", reg, R1);
  }
}

/** A constant as the probe would pass it: cut to `size` bytes, sign- or zero-extended. */
export function extend(value: bigint, size: number, signed: boolean): bigint {
  const bits = size * 8;
  return signed ? BigInt.asIntN(bits, value) : BigInt.asUintN(bits, value);
}

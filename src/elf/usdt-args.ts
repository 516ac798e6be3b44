/**
 * The argument specs of a USDT note on x86-64, as the assembler wrote them for <sys/sdt.h>:
 * one per argument, separated by spaces, each `SIZE@OPERAND` where SIZE is the width in bytes,
 * negative when the value is signed (`-4@%edi`), and OPERAND is AT&T syntax: a register (`%rax`),
 * a constant (`$5`), or memory (`-4(%rbp)`, `(%rax,%rdx,8)`, `counter+8(%rip)`).
 */
import { asmRegister } from "../abi/pt-regs.js";

export type UsdtOperand =
  /** A constant, already the value the probe passes. */
  | { kind: "const"; value: bigint }
  /** A register: bpftrace's pt_regs name (di, ax, r8, ...). */
  | { kind: "reg"; reg: string }
  /**
   * Memory at disp + base + index*scale. `symbol` (rip-relative, `counter(%rip)`) is a global of the
   * probed file whose address is added to disp; base is then "ip".
   */
  | { kind: "mem"; disp: number; symbol?: string; base?: string; index?: string; scale: number };

export interface UsdtArg {
  /** Width of the value in bytes: 1, 2, 4 or 8. */
  size: 1 | 2 | 4 | 8;
  signed: boolean;
  operand: UsdtOperand;
  /** The spec as written, for messages. */
  text: string;
}

export class UsdtArgError extends Error {}

/** Parses a note's argument string; throws UsdtArgError naming the spec it cannot read. */
export function parseUsdtArgs(spec: string): UsdtArg[] {
  return spec.trim() === "" ? [] : splitSpecs(spec).map(parseUsdtArg);
}

/** Specs are separated by spaces, but `(%rax, %rdx, 8)` may contain some. */
function splitSpecs(spec: string): string[] {
  const out: string[] = [];
  let cur = "", depth = 0;
  for (const c of spec.trim()) {
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (/\s/.test(c) && depth === 0) {
      if (cur) out.push(cur);
      cur = "";
    } else if (!/\s/.test(c)) cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

export function parseUsdtArg(text: string): UsdtArg {
  const bad = () => new UsdtArgError(`unsupported USDT argument spec '${text}'`);
  const m = /^(?:(-?)(1|2|4|8)@)?(.+)$/.exec(text);
  if (!m) throw bad();
  const operandText = m[3]!;
  const operand = parseOperand(operandText);
  if (!operand) throw bad();
  if (m[2] === undefined) {
    // Old notes give no size: the register's own width, else a 64-bit value.
    const width = operand.kind === "reg" ? asmRegister(operandText)!.size : 8;
    return { size: width as UsdtArg["size"], signed: false, operand, text };
  }
  return { size: Number(m[2]) as UsdtArg["size"], signed: m[1] === "-", operand, text };
}

function parseOperand(op: string): UsdtOperand | undefined {
  if (op.startsWith("$")) {
    const v = parseNumber(op.slice(1));
    return v === undefined ? undefined : { kind: "const", value: v };
  }
  if (op.startsWith("%")) {
    const r = asmRegister(op);
    return r && r.reg !== "ip" ? { kind: "reg", reg: r.reg } : undefined;
  }
  const mem = /^([^(]*)\(([^)]*)\)$/.exec(op);
  if (!mem) {
    // A bare displacement or symbol is an absolute address.
    const d = parseDisplacement(op);
    return d ? { kind: "mem", disp: d.disp, symbol: d.symbol, base: d.symbol ? "ip" : undefined, scale: 1 } : undefined;
  }
  const d = parseDisplacement(mem[1]!);
  if (!d) return undefined;
  const parts = mem[2]!.split(",").map((p) => p.trim());
  if (parts.length > 3) return undefined;
  const reg = (p: string | undefined) => (p === undefined || p === "" ? undefined : asmRegister(p));
  const base = reg(parts[0]), index = reg(parts[1]);
  if ((parts[0] && !base) || (parts[1] && !index) || (!base && !index)) return undefined;
  const scale = parts[2] === undefined || parts[2] === "" ? 1 : Number(parts[2]);
  if (![1, 2, 4, 8].includes(scale)) return undefined;
  if (base?.size !== undefined && base.size !== 8) return undefined;
  if (base?.reg === "ip") {
    // A rip-relative operand means "the address of symbol": the rip of the nop is no use for a
    // bare number, so only a symbol can be resolved.
    if (!d.symbol || index) return undefined;
    return { kind: "mem", disp: d.disp, symbol: d.symbol, base: "ip", scale: 1 };
  }
  if (d.symbol) return undefined;
  return { kind: "mem", disp: d.disp, base: base?.reg, index: index?.reg, scale };
}

/** `-16`, `0x10`, `counter`, `counter+8`, `counter-0x8`, or nothing (0). */
function parseDisplacement(s: string): { disp: number; symbol?: string } | undefined {
  if (s === "") return { disp: 0 };
  const n = parseNumber(s);
  if (n !== undefined) return { disp: Number(n) };
  const m = /^([A-Za-z_.$][\w.$@]*)(?:([+-])(0x[0-9a-fA-F]+|\d+))?$/.exec(s);
  if (!m) return undefined;
  const off = m[3] === undefined ? 0 : Number(m[3]);
  return { symbol: m[1]!, disp: m[2] === "-" ? -off : off };
}

function parseNumber(s: string): bigint | undefined {
  const m = /^(-?)(0x[0-9a-fA-F]+|\d+)$/.exec(s);
  if (!m) return undefined;
  const v = BigInt(m[2]!);
  return m[1] ? -v : v;
}

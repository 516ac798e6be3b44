/**
 * The disassembler prints the kernel's own syntax, as `print_bpf_insn()` in kernel/bpf/disasm.c
 * writes it into the verifier log and `bpftool prog dump xlated` shows it, so our output can be diffed
 * against both. Written from disasm.c's format strings; the one deliberate difference is that a map
 * reference prints as `map[<name>]` where bpftool prints `map[id:N]` (there is no id before loading).
 */
import type { Assembled } from "./insn.js";
import type { DecodedInsn } from "./decode.js";
import { decode } from "./decode.js";
import { helperName as uapiHelperName } from "./helpers.js";
import {
  BPF_ABS,
  BPF_ADD,
  BPF_ADDR_SPACE_CAST,
  BPF_ALU,
  BPF_ALU64,
  BPF_AND,
  BPF_ATOMIC,
  BPF_CALL,
  BPF_CLASS,
  BPF_CMPXCHG,
  BPF_DIV,
  BPF_DW,
  BPF_END,
  BPF_EXIT,
  BPF_FETCH,
  BPF_IMM,
  BPF_IND,
  BPF_JA,
  BPF_JCOND,
  BPF_JMP,
  BPF_JMP32,
  BPF_LD,
  BPF_LDX,
  BPF_LOAD_ACQ,
  BPF_MAY_GOTO,
  BPF_MEM,
  BPF_MEMSX,
  BPF_MOD,
  BPF_MODE,
  BPF_MOV,
  BPF_NEG,
  BPF_NOSPEC,
  BPF_OP,
  BPF_OR,
  BPF_PSEUDO_CALL,
  BPF_PSEUDO_FUNC,
  BPF_PSEUDO_KFUNC_CALL,
  BPF_PSEUDO_MAP_FD,
  BPF_PSEUDO_MAP_VALUE,
  BPF_SIZE,
  BPF_SRC,
  BPF_ST,
  BPF_STORE_REL,
  BPF_STX,
  BPF_TO_BE,
  BPF_X,
  BPF_XCHG,
  BPF_XOR,
} from "./opcodes.js";

/** Options of `formatInsn`. */
export interface FormatOptions {
  /** The name printed before `#id` in a helper call; default (and on undefined) the kernel's `bpf_<name>`, or `unknown`. */
  helperName?: (id: number) => string | undefined;
  /** The map an ld_imm64 at `slot` references, printed as `map[<name>]`; undefined prints the raw constant like the kernel. */
  mapName?: (slot: number) => string | undefined;
}

/** Options of `disassemble`. */
export interface DisassembleOptions extends FormatOptions {
  /**
   * Source text for a span. A `; <text>` line is printed before each run of instructions whose text
   * differs from the previous instruction's (so include the line number in the text if two equal
   * lines in a row must be told apart). Undefined prints no header.
   */
  sourceLine?: (span: unknown) => string | undefined;
}

// The kernel's string tables, indexed by the operation bits >> 4 (or size bits >> 3). Holes are
// NULL in C, which printf renders as "(null)"; only malformed instructions reach them.
const ALU_STRING = ["+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian"];
const JMP_STRING = ["jmp", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<="];
const LDST_STRING = ["u32", "u16", "u8", "u64"];
const LDSX_STRING = ["s32", "s16", "s8"];
const MOVSX_STRING: Record<number, string> = { 8: "(s8)", 16: "(s16)", 32: "(s32)" };
const ATOMIC_ALU_STRING: Record<number, string> = { [BPF_ADD]: "add", [BPF_AND]: "and", [BPF_OR]: "or", [BPF_XOR]: "xor" };

const str = (table: readonly string[], i: number): string => table[i] ?? "(null)";
/** printf's `%+d`. */
const signed = (n: number): string => (n >= 0 ? `+${n}` : `${n}`);
/** printf's `0x%x` of an int: the two's-complement bits. */
const hex32 = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** One instruction in kernel syntax, `(<opcode hex>) <text>`, without the `N: ` slot prefix. */
export function formatInsn(insn: DecodedInsn, opts: FormatOptions = {}): string {
  const { code, dst, src, off, imm } = insn;
  const hex = code.toString(16).padStart(2, "0");
  const p = `(${hex})`;
  const cls = BPF_CLASS(code);
  const size = str(LDST_STRING, BPF_SIZE(code) >> 3);
  const mem = `(r${dst} ${signed(off)})`;

  if (cls === BPF_ALU || cls === BPF_ALU64) {
    const w = cls === BPF_ALU ? "w" : "r";
    const op = BPF_OP(code);
    if (op === BPF_END) {
      if (cls === BPF_ALU64) return `${p} r${dst} = bswap${imm} r${dst}`;
      return `${p} r${dst} = ${BPF_SRC(code) === BPF_TO_BE ? "be" : "le"}${imm} r${dst}`;
    }
    if (op === BPF_NEG) return `${p} ${w}${dst} = -${w}${dst}`;
    if (code === (BPF_ALU64 | BPF_MOV | BPF_X) && off === BPF_ADDR_SPACE_CAST)
      return `${p} r${dst} = addr_space_cast(r${src}, ${(imm >>> 0) >>> 16}, ${imm & 0xffff})`;
    const signedDivMod = (op === BPF_DIV || op === BPF_MOD) && off === 1;
    const opText = signedDivMod ? (op === BPF_DIV ? "s/=" : "s%=") : str(ALU_STRING, op >> 4);
    if (BPF_SRC(code) === BPF_X) {
      const movsx = op === BPF_MOV ? (MOVSX_STRING[off] ?? "") : "";
      return `${p} ${w}${dst} ${opText} ${movsx}${w}${src}`;
    }
    return `${p} ${w}${dst} ${opText} ${imm}`;
  }

  if (cls === BPF_STX) {
    const mode = BPF_MODE(code);
    if (mode === BPF_MEM) return `${p} *(${size} *)${mem} = r${src}`;
    if (mode === BPF_ATOMIC) {
      const dw = BPF_SIZE(code) === BPF_DW ? "64" : "";
      if (imm === BPF_ADD || imm === BPF_AND || imm === BPF_OR || imm === BPF_XOR)
        return `${p} lock *(${size} *)${mem} ${str(ALU_STRING, BPF_OP(imm) >> 4)} r${src}`;
      if (imm === (BPF_ADD | BPF_FETCH) || imm === (BPF_AND | BPF_FETCH) || imm === (BPF_OR | BPF_FETCH) || imm === (BPF_XOR | BPF_FETCH))
        return `${p} r${src} = atomic${dw}_fetch_${ATOMIC_ALU_STRING[BPF_OP(imm)]}((${size} *)${mem}, r${src})`;
      if (imm === BPF_CMPXCHG) return `${p} r0 = atomic${dw}_cmpxchg((${size} *)${mem}, r0, r${src})`;
      if (imm === BPF_XCHG) return `${p} r${src} = atomic${dw}_xchg((${size} *)${mem}, r${src})`;
      if (imm === BPF_LOAD_ACQ) return `${p} r${dst} = load_acquire((${size} *)(r${src} ${signed(off)}))`;
      if (imm === BPF_STORE_REL) return `${p} store_release((${size} *)${mem}, r${src})`;
    }
    return `BUG_${hex}`;
  }

  if (cls === BPF_ST) {
    if (BPF_MODE(code) === BPF_MEM) return `${p} *(${size} *)${mem} = ${imm}`;
    if (BPF_MODE(code) === BPF_NOSPEC) return `${p} nospec`;
    return `BUG_st_${hex}`;
  }

  if (cls === BPF_LDX) {
    const mode = BPF_MODE(code);
    if (mode !== BPF_MEM && mode !== BPF_MEMSX) return `BUG_ldx_${hex}`;
    const type = mode === BPF_MEM ? size : str(LDSX_STRING, BPF_SIZE(code) >> 3);
    return `${p} r${dst} = *(${type} *)(r${src} ${signed(off)})`;
  }

  if (cls === BPF_LD) {
    const mode = BPF_MODE(code);
    if (mode === BPF_ABS) return `${p} r0 = *(${size} *)skb[${imm}]`;
    if (mode === BPF_IND) return `${p} r0 = *(${size} *)skb[r${src} + ${imm}]`;
    if (mode === BPF_IMM && BPF_SIZE(code) === BPF_DW) return `${p} r${dst} = ${ldImm64Text(insn, opts)}`;
    return `BUG_ld_${hex}`;
  }

  // BPF_JMP and BPF_JMP32: the remaining classes.
  const op = BPF_OP(code);
  if (op === BPF_CALL) {
    if (src === BPF_PSEUDO_CALL) return `${p} call pc${signed(imm)}`;
    return `${p} call ${callName(insn, opts)}#${imm}`;
  }
  if (code === (BPF_JMP | BPF_JA)) return `${p} goto pc${signed(off)}`;
  if (code === (BPF_JMP | BPF_JCOND) && src === BPF_MAY_GOTO) return `${p} may_goto pc${signed(off)}`;
  if (code === (BPF_JMP32 | BPF_JA)) return `${p} gotol pc${signed(imm)}`;
  if (code === (BPF_JMP | BPF_EXIT)) return `${p} exit`;
  const w = cls === BPF_JMP32 ? "w" : "r";
  const operand = BPF_SRC(code) === BPF_X ? `${w}${src}` : hex32(imm);
  return `${p} if ${w}${dst} ${str(JMP_STRING, op >> 4)} ${operand} goto pc${signed(off)}`;
}

function callName(insn: DecodedInsn, opts: FormatOptions): string {
  if (insn.src === 0) {
    const custom = opts.helperName?.(insn.imm);
    if (custom !== undefined) return custom;
    const name = uapiHelperName(insn.imm);
    if (name !== undefined) return `bpf_${name}`;
  }
  return insn.src === BPF_PSEUDO_KFUNC_CALL ? "kernel-function" : "unknown";
}

function ldImm64Text(insn: DecodedInsn, opts: FormatOptions): string {
  const full = insn.imm64 ?? BigInt.asUintN(32, BigInt(insn.imm));
  const map = insn.src === BPF_PSEUDO_MAP_FD || insn.src === BPF_PSEUDO_MAP_VALUE ? opts.mapName?.(insn.slot) : undefined;
  if (map !== undefined) return insn.src === BPF_PSEUDO_MAP_FD ? `map[${map}]` : `map[${map}][0]+${full >> 32n}`;
  if (insn.src === BPF_PSEUDO_FUNC) return `func pc${signed(insn.imm)}`;
  return `0x${full.toString(16)}`;
}

/**
 * The whole program, one `%4d: (xx) text` line per instruction (bpftool's layout), a trailing
 * `  ; comment` where the instruction has one, and `; <source>` headers (see `sourceLine`).
 * Every line ends with a newline.
 */
export function disassemble(a: Assembled, opts: DisassembleOptions = {}): string {
  const maps = new Map(a.relocations.map((r) => [r.slot, r.map]));
  const mapName = opts.mapName ?? ((slot: number) => maps.get(slot));
  const format: FormatOptions = { mapName, helperName: opts.helperName };
  let out = "";
  let previous: string | undefined;
  for (const insn of decode(a.bytecode)) {
    const line = opts.sourceLine?.(a.spans[insn.slot]);
    if (line !== undefined && line !== previous) out += `; ${line}\n`;
    previous = line;
    const comment = a.comments[insn.slot];
    out += `${String(insn.slot).padStart(4)}: ${formatInsn(insn, format)}${comment === undefined ? "" : `  ; ${comment}`}\n`;
  }
  return out;
}

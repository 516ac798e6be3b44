/**
 * The eBPF assembler: a pure instruction model, builder, encoder, decoder and disassembler, with no
 * knowledge of the AST, of maps beyond their names, or of the kernel (cilium/ebpf's asm/ package).
 */
export * from "./registers.js";
export * from "./opcodes.js";
export type { AluOp, Assembled, AtomicOp, Insn, JmpOp, OptionRef, Size } from "./insn.js";
export { Label, insnWidth } from "./insn.js";
export { Asm } from "./builder.js";
export { AssembleError, assemble, patchMapFds } from "./assemble.js";
export type { DecodedInsn } from "./decode.js";
export { decode } from "./decode.js";
export type { DisassembleOptions, FormatOptions } from "./disasm.js";
export { disassemble, formatInsn } from "./disasm.js";
export type { HelperName } from "./helpers.js";
export { BPF_FUNC_MAX_ID, HELPERS, helperName } from "./helpers.js";

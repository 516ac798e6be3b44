/**
 * The eBPF instruction encoding, with the uapi names (linux/bpf.h, linux/bpf_common.h) so that grep
 * finds them. Values are written out rather than read from the header: they are ABI and never change.
 *
 * One instruction slot is 8 bytes, little-endian:
 *
 *     byte  0        1          2..3        4..7
 *         +--------+----+----+-----------+-------------+
 *         | opcode |src |dst |  off s16  |   imm s32   |
 *         +--------+----+----+-----------+-------------+
 *                   7..4 3..0
 *
 * The opcode byte has two layouts, chosen by its 3 class bits:
 *
 *     ALU, ALU64, JMP, JMP32           LD, LDX, ST, STX
 *     +--------+---+-------+           +------+------+-------+
 *     |  op 4  |s 1| class |           |mode 3|size 2| class |
 *     +--------+---+-------+           +------+------+-------+
 *      7      4  3  2     0             7    5 4    3 2     0
 *
 * `s` is the source bit: K (use imm) or X (use the src register). `ld_imm64` (LD|IMM|DW) takes two
 * slots; the second has opcode 0 and carries the upper 32 bits of the constant in its imm.
 */

// Classes (bits 2..0).
/** Class: non-generic loads; in eBPF only `ld_imm64` (and legacy skb ABS/IND). */
export const BPF_LD = 0x00;
/** Class: load from memory into a register. */
export const BPF_LDX = 0x01;
/** Class: store an immediate to memory. */
export const BPF_ST = 0x02;
/** Class: store a register to memory, and atomics. */
export const BPF_STX = 0x03;
/** Class: 32-bit arithmetic (the upper half of dst is zeroed). */
export const BPF_ALU = 0x04;
/** Class: 64-bit jumps, calls and exit. */
export const BPF_JMP = 0x05;
/** Class: jumps that compare the low 32 bits. */
export const BPF_JMP32 = 0x06;
/** Class: 64-bit arithmetic. */
export const BPF_ALU64 = 0x07;

// Sizes (bits 4..3, load/store classes).
/** Size: 32-bit word. */
export const BPF_W = 0x00;
/** Size: 16-bit half word. */
export const BPF_H = 0x08;
/** Size: byte. */
export const BPF_B = 0x10;
/** Size: 64-bit double word. */
export const BPF_DW = 0x18;

// Modes (bits 7..5, load/store classes).
/** Mode: immediate (only `ld_imm64`). */
export const BPF_IMM = 0x00;
/** Mode: legacy packet load at an absolute offset. */
export const BPF_ABS = 0x20;
/** Mode: legacy packet load at a register-relative offset. */
export const BPF_IND = 0x40;
/** Mode: plain memory access `*(size *)(reg + off)`. */
export const BPF_MEM = 0x60;
/** Mode: sign-extending load (kernel 6.6+). */
export const BPF_MEMSX = 0x80;
/** Mode: atomic read-modify-write; the operation is in imm. */
export const BPF_ATOMIC = 0xc0;
/** Mode: speculation barrier, kernel-internal (no uapi name); only decoded. */
export const BPF_NOSPEC = 0xc0;

// Source (bit 3, ALU/JMP classes).
/** Source: the immediate. */
export const BPF_K = 0x00;
/** Source: the src register. */
export const BPF_X = 0x08;
/** Endianness conversion target: little-endian (same bit as BPF_K). */
export const BPF_TO_LE = 0x00;
/** Endianness conversion target: big-endian (same bit as BPF_X). */
export const BPF_TO_BE = 0x08;

// ALU operations (bits 7..4).
/** ALU op: dst += src. */
export const BPF_ADD = 0x00;
/** ALU op: dst -= src. */
export const BPF_SUB = 0x10;
/** ALU op: dst *= src. */
export const BPF_MUL = 0x20;
/** ALU op: dst /= src (unsigned; signed when off = 1). */
export const BPF_DIV = 0x30;
/** ALU op: dst |= src. */
export const BPF_OR = 0x40;
/** ALU op: dst &= src. */
export const BPF_AND = 0x50;
/** ALU op: dst <<= src. */
export const BPF_LSH = 0x60;
/** ALU op: dst >>= src (logical). */
export const BPF_RSH = 0x70;
/** ALU op: dst = -dst. */
export const BPF_NEG = 0x80;
/** ALU op: dst %= src (unsigned; signed when off = 1). */
export const BPF_MOD = 0x90;
/** ALU op: dst ^= src. */
export const BPF_XOR = 0xa0;
/** ALU op: dst = src (sign-extending when off = 8, 16 or 32). */
export const BPF_MOV = 0xb0;
/** ALU op: dst >>= src (arithmetic). */
export const BPF_ARSH = 0xc0;
/** ALU op: byte swap; imm is the width (16, 32, 64). */
export const BPF_END = 0xd0;

// Jump operations (bits 7..4).
/** Jump op: unconditional (`goto`; `gotol` in JMP32 with a 32-bit offset in imm). */
export const BPF_JA = 0x00;
/** Jump op: ==. */
export const BPF_JEQ = 0x10;
/** Jump op: > unsigned. */
export const BPF_JGT = 0x20;
/** Jump op: >= unsigned. */
export const BPF_JGE = 0x30;
/** Jump op: if (dst & src). */
export const BPF_JSET = 0x40;
/** Jump op: !=. */
export const BPF_JNE = 0x50;
/** Jump op: > signed. */
export const BPF_JSGT = 0x60;
/** Jump op: >= signed. */
export const BPF_JSGE = 0x70;
/** Jump op: function call (helper, bpf-to-bpf or kfunc, by src). */
export const BPF_CALL = 0x80;
/** Jump op: return r0. */
export const BPF_EXIT = 0x90;
/** Jump op: < unsigned. */
export const BPF_JLT = 0xa0;
/** Jump op: <= unsigned. */
export const BPF_JLE = 0xb0;
/** Jump op: < signed. */
export const BPF_JSLT = 0xc0;
/** Jump op: <= signed. */
export const BPF_JSLE = 0xd0;
/** Jump op: conditional pseudo jump (`may_goto` when src = BPF_MAY_GOTO). */
export const BPF_JCOND = 0xe0;

// Atomic operations (imm of STX|ATOMIC).
/** Atomic flag: also return the old value in src. */
export const BPF_FETCH = 0x01;
/** Atomic op: exchange (always fetches). */
export const BPF_XCHG = 0xe0 | BPF_FETCH;
/** Atomic op: compare r0 with memory and exchange (always fetches into r0). */
export const BPF_CMPXCHG = 0xf0 | BPF_FETCH;
/** Atomic op: load-acquire (kernel 6.15+); only decoded. */
export const BPF_LOAD_ACQ = 0x100;
/** Atomic op: store-release (kernel 6.15+); only decoded. */
export const BPF_STORE_REL = 0x110;

// Pseudo values in the src field.
/** ld_imm64 src: imm is a map fd; the kernel turns it into the map's address. */
export const BPF_PSEUDO_MAP_FD = 1;
/** ld_imm64 src: imm is a map fd, the second imm an offset into its (single) value. */
export const BPF_PSEUDO_MAP_VALUE = 2;
/** ld_imm64 src: imm is a BTF id of a kernel variable. */
export const BPF_PSEUDO_BTF_ID = 3;
/** ld_imm64 src: imm is the pc-relative address of a bpf-to-bpf function. */
export const BPF_PSEUDO_FUNC = 4;
/** ld_imm64 src: imm is an index into fd_array (instead of an fd). */
export const BPF_PSEUDO_MAP_IDX = 5;
/** ld_imm64 src: like BPF_PSEUDO_MAP_VALUE with an fd_array index. */
export const BPF_PSEUDO_MAP_IDX_VALUE = 6;
/** call src: imm is the pc-relative offset of a bpf-to-bpf function. */
export const BPF_PSEUDO_CALL = 1;
/** call src: imm is the BTF id of a kernel function (kfunc). */
export const BPF_PSEUDO_KFUNC_CALL = 2;
/** JCOND src: the `may_goto` loop-bounding instruction. */
export const BPF_MAY_GOTO = 0;
/** ALU64|MOV|X off: `addr_space_cast` (arena pointers); only decoded. */
export const BPF_ADDR_SPACE_CAST = 1;

/** The class bits of an opcode byte. */
export function BPF_CLASS(code: number): number {
  return code & 0x07;
}
/** The size bits of a load/store opcode. */
export function BPF_SIZE(code: number): number {
  return code & 0x18;
}
/** The mode bits of a load/store opcode. */
export function BPF_MODE(code: number): number {
  return code & 0xe0;
}
/** The operation bits of an ALU/JMP opcode (also of an atomic imm). */
export function BPF_OP(code: number): number {
  return code & 0xf0;
}
/** The source bit of an ALU/JMP opcode. */
export function BPF_SRC(code: number): number {
  return code & 0x08;
}

/** The opcode byte of `ld_imm64`, the only two-slot instruction. */
export const LD_IMM64 = BPF_LD | BPF_IMM | BPF_DW;

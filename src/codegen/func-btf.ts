/**
 * The little BTF a program with subprograms must carry: the verifier refuses bpf-to-bpf functions
 * and callbacks (bpf_loop, bpf_for_each_map_elem) without `func_info` ("missing btf func_info"),
 * and func_info names BTF FUNC types. So we describe each function as a FUNC of a FUNC_PROTO
 * returning `long`, with `void *` (or `long`) parameters: enough for the kernel's checks, which for
 * static functions and callbacks look at the kinds, not the C types.
 *
 * Layout (linux/btf.h): a 24-byte header, the type section, the string section.
 */

import type { Insn, Label } from "./bpf/index.js";
import { insnWidth } from "./bpf/index.js";
import type { FuncBtf } from "../plan/plan.js";

const BTF_MAGIC = 0xeb9f;
const BTF_KIND_INT = 1;
const BTF_KIND_PTR = 2;
const BTF_KIND_FUNC = 12;
const BTF_KIND_FUNC_PROTO = 13;
const BTF_INT_SIGNED = 1 << 0;
const BTF_FUNC_STATIC = 0;

/** The shape of a function's parameters: the program's entry, or one of the two callback kinds. */
export type FuncShape = "main" | "loop-callback" | "each-callback";

export interface FuncDecl {
  name: string;
  shape: FuncShape;
  /** Instruction slot where the function starts. */
  insnOff: number;
}

// Fixed type ids: 1 long, 2 void *, then one FUNC_PROTO per shape, then the FUNCs.
const LONG = 1;
const VOID_PTR = 2;
const PARAMS: Record<FuncShape, [string, number][]> = {
  main: [["ctx", VOID_PTR]],
  "loop-callback": [["index", LONG], ["ctx", VOID_PTR]],
  "each-callback": [["map", VOID_PTR], ["key", VOID_PTR], ["value", VOID_PTR], ["ctx", VOID_PTR]],
};
const SHAPES: FuncShape[] = ["main", "loop-callback", "each-callback"];

export function funcBtf(funcs: FuncDecl[]): FuncBtf {
  const strings = new StringTable();
  const words: number[] = [];
  const info = (kind: number, vlen: number) => ((kind << 24) | (vlen & 0xffff)) >>> 0;
  // [1] long: INT, 8 bytes, signed, 64 bits
  words.push(strings.add("long"), info(BTF_KIND_INT, 0), 8, ((BTF_INT_SIGNED << 24) | 64) >>> 0);
  // [2] void *
  words.push(0, info(BTF_KIND_PTR, 0), 0);
  const protoId = new Map<FuncShape, number>();
  SHAPES.forEach((shape, i) => {
    protoId.set(shape, 3 + i);
    const params = PARAMS[shape];
    words.push(0, info(BTF_KIND_FUNC_PROTO, params.length), LONG);
    for (const [name, type] of params) words.push(strings.add(name), type);
  });
  const firstFunc = 3 + SHAPES.length;
  const sorted = [...funcs].sort((a, b) => a.insnOff - b.insnOff);
  sorted.forEach((f) => {
    // Static, main included: a global function would be verified on its own against its BTF
    // parameter types, which are not the real ones.
    words.push(strings.add(f.name), info(BTF_KIND_FUNC, BTF_FUNC_STATIC), protoId.get(f.shape)!);
  });

  const types = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => types.writeUInt32LE(w >>> 0, i * 4));
  const str = strings.bytes();
  const header = Buffer.alloc(24);
  header.writeUInt16LE(BTF_MAGIC, 0);
  header.writeUInt8(1, 2); // version
  header.writeUInt8(0, 3); // flags
  header.writeUInt32LE(24, 4); // hdr_len
  header.writeUInt32LE(0, 8); // type_off
  header.writeUInt32LE(types.length, 12); // type_len
  header.writeUInt32LE(types.length, 16); // str_off
  header.writeUInt32LE(str.length, 20); // str_len

  const funcInfo = Buffer.alloc(sorted.length * 8);
  sorted.forEach((f, i) => {
    funcInfo.writeUInt32LE(f.insnOff, i * 8);
    funcInfo.writeUInt32LE(firstFunc + i, i * 8 + 4);
  });
  return { btf: Buffer.concat([header, types, str]), funcInfo, funcInfoRecSize: 8 };
}

/** The program's functions: the main body at slot 0, then each callback at its label's slot. */
export function functionsOf(insns: readonly Insn[], callbacks: readonly { label: Label; shape: FuncShape }[]): FuncDecl[] {
  const slotOf = new Map<Label, number>();
  let slot = 0;
  for (const insn of insns) {
    for (const l of insn.labels ?? []) slotOf.set(l, slot);
    slot += insnWidth(insn);
  }
  return [
    { name: "main", shape: "main", insnOff: 0 },
    ...callbacks.map((c, i) => ({ name: `for_body_${i + 1}`, shape: c.shape, insnOff: slotOf.get(c.label)! })),
  ];
}

class StringTable {
  private readonly parts: Buffer[] = [Buffer.from([0])];
  private size = 1;
  private readonly offsets = new Map<string, number>();

  add(s: string): number {
    const known = this.offsets.get(s);
    if (known !== undefined) return known;
    const off = this.size;
    const b = Buffer.from(s + "\0", "latin1");
    this.parts.push(b);
    this.size += b.length;
    this.offsets.set(s, off);
    return off;
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Map access sequences shared by statements, expressions and aggregations. */
import type { MapAccess } from "../ast/nodes.js";
import { storageSize, tupleOffsets } from "../semantic/types.js";
import { FP, HELPERS, R1, R2, R3, R4 } from "./bpf/index.js";
import { stackPointer } from "./frame.js";
import type { Gen } from "./gen.js";

/** bpf_map_update_elem flags. */
export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;

/** Size of a map's key: its keys laid out like a tuple; scalar maps use one zero u64. */
export function keySize(keys: readonly { kind: string }[], sizes: number[]): number {
  return keys.length === 0 ? 8 : sizes.reduce((a, b) => a + b, 0);
}

/** Builds the key of `m` on the stack and returns its offset from r10. */
export function buildKey(g: Gen, m: MapAccess): number {
  const info = g.maps.get(m.name)!;
  if (info.keys.length === 0) {
    const off = g.stack.alloc(8);
    g.asm.st("u64", FP, off, 0);
    return off;
  }
  const tuple = { elems: info.keys };
  const off = g.stack.alloc(storageSize({ kind: "tuple", elems: info.keys }));
  const offs = tupleOffsets(tuple);
  m.keys.forEach((k, i) => g.into(k, off + offs[i]!, info.keys[i]!));
  return off;
}

/** r0 = bpf_map_lookup_elem(map, r10+keyOff): a pointer to the value or NULL. */
export function lookup(g: Gen, map: string, keyOff: number): void {
  g.asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(g.asm, R2, keyOff);
  g.asm.call(HELPERS.map_lookup_elem);
}

/** bpf_map_update_elem(map, r10+keyOff, r10+valueOff, flags) */
export function update(g: Gen, map: string, keyOff: number, valueOff: number, flags = BPF_ANY): void {
  g.asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(g.asm, R2, keyOff);
  stackPointer(g.asm, R3, valueOff);
  g.asm.movImm(R4, flags);
  g.asm.call(HELPERS.map_update_elem);
}

/** bpf_map_delete_elem(map, r10+keyOff) */
export function remove(g: Gen, map: string, keyOff: number): void {
  g.asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(g.asm, R2, keyOff);
  g.asm.call(HELPERS.map_delete_elem);
}

/** Map access sequences shared by statements, expressions and aggregations. */
import type { MapAccess } from "../ast/nodes.js";
import type { MapInfo } from "../contracts/map-info.js";
import { storageSize, tupleOffsets } from "../semantic/types.js";
import type { Span } from "../diagnostics/span.js";
import { BPF_ANY, BPF_NOEXIST } from "../abi/uapi.js";
import { GENERATIONS_MAP, keyLayout, MAP_FULL_MAP, MAP_FULL_SLOTS, ZEROES_MAP } from "../plan/plan.js";
import { MAP_FULL_SITE } from "../plan/records.js";
import { FP, HELPERS, Label, R0, R1, R2, R3, R4 } from "./bpf/index.js";
import { stackPointer } from "./frame.js";
import type { Gen } from "../contracts/gen.js";

/** Builds the key of `m` on the stack and returns its offset from r10. */
export function buildKey(g: Gen, m: MapAccess): number {
  const info = g.maps.get(m.name)!;
  const layout = keyLayout(info);
  const off = g.stack.alloc(layout.total);
  if (info.keys.length === 0) g.asm.st("u64", FP, off, 0);
  else {
    const offs = tupleOffsets({ elems: info.keys });
    // One tuple-typed key of a map with several keys (`@m[$t]`, `$t = (a, b)`): its bytes are the keys'.
    if (m.keys.length === 1 && info.keys.length > 1) g.into(m.keys[0]!, off, { kind: "tuple", elems: info.keys });
    else m.keys.forEach((k, i) => g.into(k, off + offs[i]!, info.keys[i]!));
  }
  if (layout.genOffset !== undefined) {
    g.asm.ldMapValue(R1, g.mapRef(GENERATIONS_MAP), info.genSlot! * 8);
    g.asm.ldx("u64", R1, R1, 0);
    g.asm.stx("u64", FP, off + layout.genOffset, R1);
  }
  return off;
}

/** r0 = bpf_map_lookup_elem(map, r10+keyOff): a pointer to the value or NULL. */
export function lookup(g: Gen, map: string, keyOff: number): void {
  g.asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(g.asm, R2, keyOff);
  g.asm.call(HELPERS.map_lookup_elem);
}

const E2BIG = 7;

/**
 * bpf_map_update_elem(map, r10+keyOff, r10+valueOff, flags). With `site`, an update the full map
 * refuses (-E2BIG) is counted for that place in the source, so user space can warn about it.
 */
export function update(g: Gen, map: string, keyOff: number, valueOff: number, flags = BPF_ANY, site?: Span): void {
  g.asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(g.asm, R2, keyOff);
  stackPointer(g.asm, R3, valueOff);
  g.asm.movImm(R4, flags);
  g.asm.call(HELPERS.map_update_elem);
  if (site) countIfFull(g, map, site);
}

/**
 * Creates the entry r10+keyOff of `map` with the all-zero value of the zeroes map (BPF_NOEXIST:
 * an entry another CPU created meanwhile stays as it is). A histogram's value is too large for
 * the stack, and a map value may be the helper's value argument.
 */
export function createZeroed(g: Gen, map: string, keyOff: number, site: Span): void {
  g.asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(g.asm, R2, keyOff);
  g.asm.ldMapValue(R3, g.mapRef(ZEROES_MAP), 0);
  g.asm.movImm(R4, BPF_NOEXIST);
  g.asm.call(HELPERS.map_update_elem);
  countIfFull(g, map, site);
}

function countIfFull(g: Gen, map: string, site: Span): void {
  const id = g.record(MAP_FULL_SITE, { map, span: site }, 0);
  const ok = new Label("map_not_full");
  g.asm.jmpImm("jne", R0, -E2BIG, ok);
  g.asm.ldMapValue(R1, g.mapRef(MAP_FULL_MAP), (id % MAP_FULL_SLOTS) * 8);
  g.asm.movImm(R2, 1);
  g.asm.atomic("add", "u64", R1, 0, R2);
  g.asm.label(ok);
}

/** bpf_map_delete_elem(map, r10+keyOff) */
export function remove(g: Gen, map: string, keyOff: number): void {
  g.asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(g.asm, R2, keyOff);
  g.asm.call(HELPERS.map_delete_elem);
}

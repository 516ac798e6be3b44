/**
 * The context of BTF-attached programs (fentry/fexit, tp_btf): the traced function's arguments
 * as an array of u64 slots, typed from its BTF prototype. A struct passed by value takes as many
 * slots as its size needs (the kernel's btf_ctx_access counts them so), and fexit's return value
 * is the slot after the last argument.
 */
import type { Btf } from "../btf/btf.js";
import { BTF_KIND, kernelBtf } from "../btf/btf.js";
import { cTypeName } from "../btf/c-decl.js";
import type { ArgField } from "../contracts/provider.js";
import { btfToType, byteSize } from "./kernel-types.js";
import type { Type } from "./types.js";

/** x86-64 passes six integer arguments in registers; bpftrace offers fentry only for those functions. */
export const MAX_REGISTER_ARGS = 6;

export interface BtfFunction {
  /** BTF id of the FUNC, what fentry/fexit programs attach to. */
  id: number;
  name: string;
  params: { name: string; type: number }[];
  /** BTF id of the return type; 0 for void. */
  ret: number;
}

/** The FUNC `name` of the kernel's BTF, with its prototype; undefined when there is none. */
export function kernelFunction(name: string, btf: Btf | null = kernelBtf()): BtfFunction | undefined {
  if (!btf) return undefined;
  const id = btf.find(name, BTF_KIND.FUNC)[0];
  return id === undefined ? undefined : functionAt(btf, id);
}

/** The FUNC with BTF id `id` (its name and prototype); undefined when `id` is no function. */
export function functionAt(btf: Btf, id: number): BtfFunction | undefined {
  const t = btf.type(id);
  if (t.kind !== BTF_KIND.FUNC) return undefined;
  const name = t.name;
  const proto = btf.resolve(btf.type(id).sizeOrType);
  if (btf.type(proto).kind !== BTF_KIND.FUNC_PROTO) return undefined;
  return { id, name, params: btf.members(proto).map((p) => ({ name: p.name, type: p.type })), ret: btf.type(proto).sizeOrType };
}

/** Whether BTF type `id` is a pointer whose pointee carries the `__user` type tag. */
function isUserPointer(btf: Btf, id: number): boolean {
  let t = btf.type(btf.resolve(id));
  if (t.kind !== BTF_KIND.PTR) return false;
  for (let next = t.sizeOrType, guard = 0; next !== 0 && guard < 8; guard++) {
    t = btf.type(next);
    if (t.kind === BTF_KIND.TYPE_TAG && t.name === "user") return true;
    if (t.kind !== BTF_KIND.CONST && t.kind !== BTF_KIND.VOLATILE && t.kind !== BTF_KIND.TYPEDEF && t.kind !== BTF_KIND.TYPE_TAG) return false;
    next = t.sizeOrType;
  }
  return false;
}

/** The language type of an argument or return value, `__user` pointers marked as user memory. */
export function slotType(btf: Btf, id: number): Type {
  return btfToType(btf, id, isUserPointer(btf, id));
}

/** u64 slots a value of BTF type `id` takes in the context. */
function slotsOf(btf: Btf, id: number): number {
  return Math.max(1, Math.ceil(byteSize(btf, id) / 8));
}

/** Bytes to load for a value in its slot: an integer's own width (the upper bytes of a register
 * holding a narrower value are not defined), 8 for pointers, the whole size for structs. */
function loadSize(btf: Btf, id: number): number {
  const r = btf.resolve(id);
  const kind = r === 0 ? BTF_KIND.INT : btf.type(r).kind;
  const size = byteSize(btf, id);
  if (kind === BTF_KIND.INT || kind === BTF_KIND.ENUM || kind === BTF_KIND.ENUM64) return size <= 8 ? size : 8;
  return kind === BTF_KIND.PTR ? 8 : size;
}

/**
 * `args` of a function-like context: each parameter at its slot. `skip` leading parameters are
 * not part of the context (tp_btf's `void *__data`).
 */
export function slotArgs(btf: Btf, params: readonly { name: string; type: number }[], skip = 0): { args: ArgField[]; slots: number } {
  const args: ArgField[] = [];
  let slot = 0;
  for (const p of params.slice(skip)) {
    args.push({ name: p.name, type: slotType(btf, p.type), ctxOffset: 8 * slot, ctxSize: loadSize(btf, p.type) });
    slot += slotsOf(btf, p.type);
  }
  return { args, slots: slot };
}

/** bpftrace -lv's lines for a function: `type name` per parameter, and `type retval` when asked and not void. */
export function paramDecls(btf: Btf, fn: BtfFunction, withRetval: boolean): string[] {
  const lines = fn.params.map((p) => `${cTypeName(btf, p.type)} ${p.name}`);
  if (withRetval && fn.ret !== 0) lines.push(`${cTypeName(btf, fn.ret)} retval`);
  return lines;
}

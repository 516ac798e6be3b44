/**
 * Type checking of kernel memory access: `p->field`, `s.field`, `a[i]`, `*p`, sizeof() and
 * offsetof() on kernel types (BTF). The checker calls these for pointers, structs and arrays; the
 * messages are bpftrace's.
 */
import type { Expr, FieldAccess, IndexAccess, OffsetofExpr, SizeofExpr, TypeName } from "../ast/nodes.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { fieldLayout, findNamedType, offsetofPath, sizeofTypeName, btfToType, memorySize } from "./kernel-types.js";
import type { Type } from "./types.js";
import { isIntegral, s64, storageSize, typeName, u64 } from "./types.js";
import { kernelBtf } from "../btf/btf.js";

/** The type of `obj->field` / `obj.field` on a kernel pointer or struct; undefined for other objects. */
export function kernelFieldType(c: CheckCtx, e: FieldAccess, obj: Type): Type | undefined {
  let s: Type;
  if (obj.kind === "ptr") {
    // Current bpftrace dereferences a pointer under '.' too ('->' is its legacy alias); 0.17 refused.
    s = obj.to;
  } else if (obj.kind === "struct") {
    if (e.arrow) {
      c.error(e.span, `Can not dereference struct/union of type '${obj.name}'. It is not a pointer.`);
      return s64;
    }
    s = obj;
  } else return undefined;
  if (s.kind !== "struct") {
    c.error(e.span, `Can not access field '${e.field}' on type '${typeName(obj)}'`);
    return s64;
  }
  if (s.btf === 0) return s64; // a struct the cast already reported as unknown
  const user = obj.kind === "ptr" ? obj.user : false;
  const f = fieldLayout(s, e.field, user);
  if (!f) {
    c.error(e.span, `Struct/union of type '${s.name}' does not contain a field named '${e.field}'`);
    return s64;
  }
  return f.type;
}

/** `a[i]` on a kernel array or pointer. */
export function kernelIndexType(c: CheckCtx, e: IndexAccess, obj: Type): Type {
  const idx = c.check(e.index);
  if (!isIntegral(idx)) c.error(e.index.span, `The array index must be an integer, not ${typeName(idx)}`);
  if (obj.kind === "array") {
    // A flexible array member (`int y[0]`) has no length to check against.
    if (e.index.kind === "IntLit" && obj.length > 0 && e.index.value >= BigInt(obj.length)) {
      c.error(e.span, `the index ${e.index.value} is out of bounds for array of size ${obj.length}`);
    }
    return obj.elem;
  }
  if (obj.kind === "ptr") return obj.to;
  // A string's characters, as current bpftrace indexes them (int8).
  if (obj.kind === "str") {
    if (e.index.kind === "IntLit" && e.index.value >= BigInt(obj.size)) c.error(e.span, `the index ${e.index.value} is out of bounds for array of size ${obj.size}`);
    return { kind: "int", bits: 8, signed: true };
  }
  c.error(e.span, `The array index operator [] can only be used on arrays, pointers, and tuples, found ${typeName(obj)}.`);
  return s64;
}

/** `*p`: the value a pointer points to. */
export function derefType(c: CheckCtx, e: Expr, t: Type): Type {
  if (t.kind === "ptr" && t.to.kind === "none") {
    c.error(e.span, "Can not dereference a void pointer: cast it to a pointer of the type it points to");
    return s64;
  }
  if (t.kind === "ptr") return t.to;
  c.error(e.span, `The * operator can only be used on pointers, not on '${typeName(t)}'`);
  return s64;
}

/** sizeof(type) or sizeof(expr), a constant: its value is `sizeofValue`. */
export function sizeofType(c: CheckCtx, e: SizeofExpr): Type {
  if (e.arg.kind === "TypeName") {
    if (sizeofTypeName(e.arg.name, e.arg.pointerDepth, e.arg.arraySize) === undefined) c.error(e.arg.span, unknownType(e.arg));
  } else c.check(e.arg);
  return u64;
}

export function sizeofValue(e: SizeofExpr, typeOf: (x: Expr) => Type): number {
  if (e.arg.kind === "TypeName") return sizeofTypeName(e.arg.name, e.arg.pointerDepth, e.arg.arraySize) ?? 0;
  const t = typeOf(e.arg);
  if (t.kind === "tuple") return cLayout(t).size;
  if (t.kind === "int" && t.literalBits) return t.literalBits / 8;
  return t.kind === "int" || t.kind === "bool" || t.kind === "str" || t.kind === "struct" || t.kind === "array" ? memorySize(t) : storageSize(t);
}

/**
 * Size and alignment of a value laid out as C lays out a struct, which is how current bpftrace
 * sizes a tuple: sizeof((int32)1, (int16)1, (int8)1) is 8. (ebt stores tuple elements in 8-byte
 * slots; this is the size bpftrace reports.)
 */
export function cLayout(t: Type): { size: number; align: number } {
  switch (t.kind) {
    case "int": {
      const bytes = (t.literalBits ?? t.bits) / 8;
      return { size: bytes, align: bytes };
    }
    case "bool":
      return { size: 1, align: 1 };
    case "str":
      return { size: t.size, align: 1 };
    case "array": {
      const elem = cLayout(t.elem);
      return { size: t.elemSize * t.length, align: elem.align };
    }
    case "struct":
      return { size: t.size, align: structAlign(t) };
    case "tuple": {
      let size = 0;
      let align = 1;
      for (const e of t.elems) {
        const l = cLayout(e);
        size = Math.ceil(size / l.align) * l.align + l.size;
        align = Math.max(align, l.align);
      }
      return { size: Math.ceil(size / align) * align, align };
    }
    default:
      return { size: storageSize(t), align: 8 };
  }
}

/** A struct's alignment: its most aligned member's, from BTF (8 when BTF cannot say). */
function structAlign(t: Type & { kind: "struct" }): number {
  const btf = kernelBtf();
  if (!btf || t.btf === 0) return 8;
  let align = 1;
  for (const m of btf.members(btf.resolve(t.btf))) {
    align = Math.max(align, cLayout(btfToType(btf, m.type)).align);
  }
  return Math.min(align, 8);
}

/** offsetof(struct x, a.b) or offsetof(expr, a.b), a constant: its value is `offsetofValue`. */
export function offsetofType(c: CheckCtx, e: OffsetofExpr): Type {
  const s = offsetofStruct(e, (x) => c.check(x));
  if (!s) {
    c.error(e.type.span, e.type.kind === "TypeName" ? unknownType(e.type) : `offsetof() expects a struct, not ${typeName(c.check(e.type))}`);
    return u64;
  }
  const off = offsetofPath(s, e.fields);
  if (typeof off === "string") c.error(e.span, off);
  return u64;
}

export function offsetofValue(e: OffsetofExpr, typeOf: (x: Expr) => Type): number {
  const s = offsetofStruct(e, typeOf);
  const off = s && offsetofPath(s, e.fields);
  return typeof off === "number" ? off : 0;
}

function offsetofStruct(e: OffsetofExpr, typeOf: (x: Expr) => Type): (Type & { kind: "struct" }) | undefined {
  let t: Type | undefined;
  if (e.type.kind === "TypeName") {
    const id = e.type.pointerDepth === 0 ? findNamedType(e.type.name) : undefined;
    t = id === undefined ? undefined : btfToType(kernelBtf()!, id);
  } else t = typeOf(e.type);
  return t?.kind === "struct" ? t : undefined;
}

function unknownType(t: TypeName): string {
  return kernelBtf() ? `Unknown struct/union: '${t.name}'` : `Unknown type '${t.name}': this kernel has no BTF (/sys/kernel/btf/vmlinux)`;
}

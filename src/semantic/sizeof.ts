/**
 * sizeof(type) and sizeof(expr): a compile-time constant. The checker and the code generator
 * both ask here, so they agree on the number.
 */
import type { Expr, SizeofExpr, TypeName } from "../ast/nodes.js";
import type { Type } from "./types.js";
import { storageSize } from "./types.js";

/** The integer type a name such as `uint8` or `int64` denotes, or undefined. */
export function namedIntType(name: string): Type | undefined {
  const m = /^(u?)int(8|16|32|64)$/.exec(name);
  if (!m) return undefined;
  return { kind: "int", bits: Number(m[2]) as 8 | 16 | 32 | 64, signed: m[1] !== "u" };
}

/** The type sizeof's argument names directly (`sizeof(int32)`, `sizeof(string[16])`), if it names one. */
export function sizeofNamedType(arg: SizeofExpr["arg"]): Type | undefined {
  if (arg.kind === "TypeName") {
    if (arg.pointerDepth > 0) return { kind: "int", bits: 64, signed: false };
    if (arg.name === "string") return { kind: "str", size: arg.arraySize ?? 64 };
    if (arg.name === "bool") return { kind: "bool" };
    const t = namedIntType(arg.name);
    if (t && arg.arraySize !== undefined) return { kind: "str", size: (valueBytes(t) ?? 8) * arg.arraySize };
    return t;
  }
  if (arg.kind === "Identifier") return namedIntType(arg.name);
  return undefined;
}

/** Bytes a value of `t` occupies as bpftrace counts them (integers by their width). */
export function valueBytes(t: Type): number | undefined {
  switch (t.kind) {
    case "int":
      return t.bits / 8;
    case "bool":
      return 1;
    case "ptr":
      return 8;
    case "str":
      return t.size;
    case "buf":
      return t.size;
    default:
      return storageSize(t) || undefined;
  }
}

export function isTypeName(arg: SizeofExpr["arg"]): arg is TypeName {
  return arg.kind === "TypeName";
}

export type SizeofArg = Expr | TypeName;

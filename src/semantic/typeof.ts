/**
 * `typeof(x)` (current bpftrace): a type written as the type of an expression (`let $y:
 * typeof($x)`) or of another type (`typeof(struct foo)`, handed to a macro). The checker resolves
 * it before the type is used, by writing the type out as the plain TypeName it denotes, so casts,
 * `let`, sizeof and offsetof need nothing new.
 */
import type { Expr, TypeName } from "../ast/nodes.js";
import { kernelBtf } from "../btf/btf.js";
import type { Type } from "./types.js";

/** A type written out: a base name with pointers and an array size (what TypeName holds). */
interface Written {
  name: string;
  pointerDepth: number;
  arraySize?: number;
}

/** What resolving needs from the checker. */
export interface TypeofCtx {
  check(e: Expr): Type;
  error(span: TypeName["span"], message: string): void;
  /** Whether a bare name is a value (a builtin such as `pid`) rather than a type name. */
  isValueName(name: string): boolean;
}

/**
 * Replaces a `typeof` in `t` (and in the types it names) by the type written out. Leaves the
 * node as a plain TypeName; after an error its name is the unknown "typeof".
 */
export function resolveTypeof(c: TypeofCtx, t: TypeName): void {
  if (!t.of) return;
  const base = baseOf(c, t.of);
  delete t.of;
  if (!base) {
    c.error(t.span, "typeof() of this expression is not supported");
    return;
  }
  if (base.arraySize !== undefined && (t.pointerDepth > 0 || t.arraySize !== undefined)) {
    c.error(t.span, `Cannot make a pointer or array of the array type ${base.name}${"*".repeat(base.pointerDepth)}[${base.arraySize}]`);
    return;
  }
  t.name = base.name;
  t.pointerDepth += base.pointerDepth;
  if (base.arraySize !== undefined) t.arraySize = base.arraySize;
}

function baseOf(c: TypeofCtx, of: Expr | TypeName): Written | undefined {
  if (of.kind === "TypeName") {
    resolveTypeof(c, of);
    return of.name === "typeof" ? undefined : { name: of.name, pointerDepth: of.pointerDepth, arraySize: of.arraySize };
  }
  if (of.kind === "TypeArg") return baseOf(c, of.type);
  // `typeof(size_t)`: a bare name that is no value is a type's name.
  if (of.kind === "Identifier" && !c.isValueName(of.name)) return { name: of.name, pointerDepth: 0 };
  return writeType(c.check(of));
}

/** The TypeName that denotes `t`, or undefined for a type no TypeName can name. */
export function writeType(t: Type): Written | undefined {
  switch (t.kind) {
    case "int": {
      const enumName = t.enumId !== undefined ? kernelBtf()?.type(t.enumId).name : undefined;
      return { name: enumName ? `enum ${enumName}` : `${t.signed ? "" : "u"}int${t.bits}`, pointerDepth: 0 };
    }
    case "bool":
      return { name: "bool", pointerDepth: 0 };
    case "str":
      return { name: "string", pointerDepth: 0, arraySize: t.size };
    case "struct":
      return { name: t.name, pointerDepth: 0 };
    case "ptr": {
      if (t.to.kind === "none") return { name: "void", pointerDepth: 1 };
      const to = writeType(t.to);
      return to && to.arraySize === undefined ? { ...to, pointerDepth: to.pointerDepth + 1 } : undefined;
    }
    case "array": {
      const elem = writeType(t.elem);
      return elem && elem.arraySize === undefined ? { ...elem, arraySize: t.length } : undefined;
    }
    default:
      return undefined;
  }
}

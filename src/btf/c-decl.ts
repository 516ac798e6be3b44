/**
 * C declarations of BTF types, as bpftrace -lv prints arguments: `struct task_struct * prev`,
 * `const char * name`, `unsigned int prev_state`.
 */
import { BTF_KIND } from "./btf.js";
import type { Btf } from "./btf.js";

/** The C spelling of type `id` (0 is void). */
export function cTypeName(btf: Btf, id: number, depth = 0): string {
  if (id === 0) return "void";
  if (depth > 16) return "?";
  const t = btf.type(id);
  switch (t.kind) {
    case BTF_KIND.PTR: {
      const to = btf.resolve(t.sizeOrType);
      if (to !== 0 && btf.type(to).kind === BTF_KIND.FUNC_PROTO) return "void *"; // function pointers, shortened
      return `${cTypeName(btf, t.sizeOrType, depth + 1)} *`;
    }
    case BTF_KIND.CONST: return `const ${cTypeName(btf, t.sizeOrType, depth + 1)}`;
    case BTF_KIND.VOLATILE: return `volatile ${cTypeName(btf, t.sizeOrType, depth + 1)}`;
    case BTF_KIND.RESTRICT: case BTF_KIND.TYPE_TAG: return cTypeName(btf, t.sizeOrType, depth + 1);
    case BTF_KIND.STRUCT: return `struct ${t.name}`;
    case BTF_KIND.UNION: return `union ${t.name}`;
    case BTF_KIND.ENUM: case BTF_KIND.ENUM64: return `enum ${t.name}`;
    case BTF_KIND.FWD: return `${t.kindFlag ? "union" : "struct"} ${t.name}`;
    case BTF_KIND.ARRAY: {
      const a = btf.array(id);
      return `${cTypeName(btf, a.elem, depth + 1)}[${a.length}]`;
    }
    default: return t.name || "?";
  }
}

/** The named parameters of the function `func` (a BTF FUNC), as `type name` declarations. */
export function funcParams(btf: Btf, func: string): string[] | undefined {
  const id = btf.find(func, BTF_KIND.FUNC)[0];
  if (id === undefined) return undefined;
  return btf.members(btf.type(id).sizeOrType).map((p) => `${cTypeName(btf, p.type)} ${p.name}`);
}

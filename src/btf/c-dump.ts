/**
 * Struct, union and enum definitions from BTF written as C, in the layout libbpf's btf_dump writes
 * them (tab indentation, anonymous members inline, bitfields as `: N`): what `bpftrace -lv
 * 'struct task_struct'` prints. Padding and alignment attributes, which btf_dump adds where the
 * layout needs them, are left out: the definition is for reading, not for compiling.
 */
import { BTF_KIND } from "./btf.js";
import type { Btf } from "./btf.js";

const MAX_DEPTH = 32;

/** The definition of type `id` (a struct, union or enum), ending in `};`. */
export function typeDefinition(btf: Btf, id: number): string {
  return `${body(btf, id, 0)};`;
}

/** `struct name {` ... `}` (no semicolon), the members indented one tab deeper than `level`. */
function body(btf: Btf, id: number, level: number): string {
  const t = btf.type(id);
  const pad = "\t".repeat(level + 1);
  const head = t.name ? `${keyword(t.kind)} ${t.name} ` : `${keyword(t.kind)} `;
  if (t.kind === BTF_KIND.ENUM || t.kind === BTF_KIND.ENUM64) {
    const values = btf.enumValues(id).map((v) => `${pad}${v.name} = ${v.value},\n`);
    return `${head}{\n${values.join("")}${"\t".repeat(level)}}`;
  }
  let out = `${head}{\n`;
  for (const m of btf.members(id)) {
    const decl = declaration(btf, m.type, m.name, level + 1, 0);
    out += `${pad}${decl}${m.bitSize ? `: ${m.bitSize}` : ""};\n`;
  }
  return `${out}${"\t".repeat(level)}}`;
}

function keyword(kind: number): string {
  return kind === BTF_KIND.UNION ? "union" : kind === BTF_KIND.STRUCT ? "struct" : "enum";
}

/** A C declaration of `name` (may be empty: a parameter, an anonymous member) with type `id`. */
function declaration(btf: Btf, id: number, name: string, level: number, depth: number): string {
  const join = (base: string, inner: string) => (inner ? `${base} ${inner}` : base);
  if (depth > MAX_DEPTH) return join("void", name);
  if (id === 0) return join("void", name);
  const t = btf.type(id);
  switch (t.kind) {
    case BTF_KIND.PTR: {
      const target = t.sizeOrType === 0 ? undefined : btf.type(t.sizeOrType);
      const wrap = target && (target.kind === BTF_KIND.ARRAY || target.kind === BTF_KIND.FUNC_PROTO);
      return declaration(btf, t.sizeOrType, wrap ? `(*${name})` : `*${name}`, level, depth + 1);
    }
    case BTF_KIND.CONST:
    case BTF_KIND.VOLATILE: {
      const q = t.kind === BTF_KIND.CONST ? "const" : "volatile";
      return `${q} ${declaration(btf, t.sizeOrType, name, level, depth + 1)}`;
    }
    case BTF_KIND.RESTRICT:
    case BTF_KIND.TYPE_TAG:
    case BTF_KIND.DECL_TAG:
      return declaration(btf, t.sizeOrType, name, level, depth + 1);
    case BTF_KIND.ARRAY: {
      const a = btf.array(id);
      return declaration(btf, a.elem, `${name}[${a.length}]`, level, depth + 1);
    }
    case BTF_KIND.FUNC_PROTO: {
      const params = btf.members(id).map((p) => (p.type === 0 ? "..." : declaration(btf, p.type, "", level, depth + 1)));
      return declaration(btf, t.sizeOrType, `${name}(${params.length ? params.join(", ") : "void"})`, level, depth + 1);
    }
    case BTF_KIND.STRUCT:
    case BTF_KIND.UNION:
    case BTF_KIND.ENUM:
    case BTF_KIND.ENUM64:
      // An anonymous type is defined where it is used.
      return join(t.name ? `${keyword(t.kind)} ${t.name}` : body(btf, id, level), name);
    case BTF_KIND.FWD:
      return join(`${t.kindFlag ? "union" : "struct"} ${t.name}`, name);
    default:
      return join(t.name || "void", name);
  }
}

/** Named struct, union and enum types whose C name (`struct task_struct`) `matches`, by name. */
export function namedTypes(btf: Btf, matches: (cName: string) => boolean): { id: number; cName: string }[] {
  const found = new Map<string, number>();
  for (const kind of [BTF_KIND.STRUCT, BTF_KIND.UNION, BTF_KIND.ENUM, BTF_KIND.ENUM64]) {
    for (const [id, name] of btf.ofKind(kind)) {
      if (!name) continue;
      const cName = `${keyword(kind)} ${name}`;
      // The first definition of a name wins (vmlinux has a few names twice).
      if (!found.has(cName) && matches(cName)) found.set(cName, id);
    }
  }
  return [...found].map(([cName, id]) => ({ id, cName })).sort((a, b) => (a.cName < b.cName ? -1 : a.cName > b.cName ? 1 : 0));
}

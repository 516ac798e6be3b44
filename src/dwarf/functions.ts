/**
 * What uprobes need from a binary's debug info: a function's parameters and return type as BTF
 * ids of the program's types (for `args`, typed `retval`), their C spelling for `-lv`, and the
 * program's own struct/union/enum/typedef names for casts (`(struct Foo *)arg0`).
 */
import { ElfError, openElfCached } from "../elf/elf.js";
import { importDwarfTypes } from "./btf-import.js";
import { DW_AT, DW_TAG } from "./constants.js";
import type { Die, DwarfInfo } from "./info.js";
import { dwarfInfo, dwarfInfos } from "./info.js";

export interface DwarfParam {
  /** Empty for an unnamed parameter. */
  name: string;
  /** BTF id in the program's types (kernelBtf()). */
  type: number;
}

export interface DwarfFunction {
  name: string;
  params: DwarfParam[];
  /** BTF id of the return type; 0 for void. */
  ret: number;
}

/** The subprogram DIE of `func` in `binary`, when the binary has debug info describing it. */
function functionDie(binary: string, func: string): { info: DwarfInfo; die: Die } | undefined {
  // Definitions first, wherever they are (a split unit's definition beats a skeleton's nothing).
  let fallback: { info: DwarfInfo; die: Die } | undefined;
  // The symbol's address leads to the one unit that defines it (.debug_aranges): no full index.
  let addr: number | undefined;
  try {
    addr = openElfCached(binary).findFunction(func)?.addr;
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
  }
  for (const info of dwarfInfos(binary)) {
    const die = info.functions(func, addr)[0];
    if (die && die.attrs.has(DW_AT.low_pc)) return { info, die };
    fallback ??= die && { info, die };
  }
  // Only a declaration by that name (or none): the definition at the symbol's address, under
  // whatever name it has (aliases).
  if (addr !== undefined) {
    for (const info of dwarfInfos(binary)) {
      const die = info.functionAt(addr);
      if (die) return { info, die };
    }
  }
  return fallback;
}

function paramDies(info: DwarfInfo, fn: Die): Die[] {
  return info.children(fn).filter((d) => d.tag === DW_TAG.formal_parameter);
}

/** Whether `binary` has debug info (itself, or a debug file we can find). */
export function hasDwarf(binary: string): boolean {
  return dwarfInfo(binary) !== undefined;
}

/** `func`'s parameters and return type, their types imported into the program's BTF. */
export function dwarfFunction(binary: string, func: string): DwarfFunction | undefined {
  const found = functionDie(binary, func);
  if (!found) return undefined;
  const { info, die } = found;
  return importDwarfTypes(info, (typeId) => ({
    name: func,
    params: paramDies(info, die).map((p) => ({ name: info.str(p, DW_AT.name) ?? "", type: typeId(info.ref(p, DW_AT.type)) })),
    ret: typeId(info.ref(die, DW_AT.type)),
  }));
}

/** bpftrace's `-lv` lines for `func`: `int argc`, `struct Foo* foo1`, `const char* str`. */
export function dwarfParamDecls(binary: string, func: string): string[] | undefined {
  const found = functionDie(binary, func);
  if (!found) return undefined;
  const { info, die } = found;
  return paramDies(info, die).map((p) => {
    const type = typeName(info, info.ref(p, DW_AT.type));
    const name = info.str(p, DW_AT.name);
    return name === undefined ? type : `${type} ${name}`;
  });
}

/** A type's name as bpftrace spells it in listings (pointers without a space: `char**`). */
function typeName(info: DwarfInfo, die: Die | undefined, depth = 0): string {
  if (!die || depth > 32) return "void";
  const inner = () => info.ref(die, DW_AT.type);
  switch (die.tag) {
    case DW_TAG.base_type:
    case DW_TAG.typedef:
      return info.str(die, DW_AT.name) ?? "";
    case DW_TAG.pointer_type: {
      const to = inner();
      return to ? `${typeName(info, to, depth + 1)}*` : "void*";
    }
    case DW_TAG.structure_type:
    case DW_TAG.class_type:
    case DW_TAG.union_type:
    case DW_TAG.enumeration_type: {
      const prefix = die.tag === DW_TAG.union_type ? "union " : die.tag === DW_TAG.enumeration_type ? "enum " : "struct ";
      return prefix + (info.str(die, DW_AT.name) ?? "<anonymous>");
    }
    case DW_TAG.const_type: {
      const to = inner();
      return to?.tag === DW_TAG.pointer_type ? `${typeName(info, to, depth + 1)} const` : `const ${typeName(info, to, depth + 1)}`;
    }
    default:
      return "<unknown type>";
  }
}

/** Binaries whose types casts in the program being compiled may name (its uprobes' targets). */
let typeSources: string[] = [];

/** Forget the previous compilation's uprobe targets (a new program is being compiled). */
export function resetDwarfTypeSources(): void {
  typeSources = [];
}

/** A uprobe target of this compilation: its struct names become available to casts. */
export function addDwarfTypeSource(binary: string): void {
  if (!typeSources.includes(binary)) typeSources.push(binary);
}

const TAGS: Record<string, readonly number[]> = {
  struct: [DW_TAG.structure_type, DW_TAG.class_type],
  union: [DW_TAG.union_type],
  enum: [DW_TAG.enumeration_type],
  typedef: [DW_TAG.typedef],
};

/**
 * The BTF id of a type the traced programs define (`kind` struct/union/enum/typedef), imported into
 * the program's types; undefined when no uprobe target's debug info has it.
 */
export function dwarfNamedType(kind: "struct" | "union" | "enum" | "typedef", name: string): number | undefined {
  for (const binary of typeSources) {
    for (const info of dwarfInfos(binary)) {
      const die = info.types(name, TAGS[kind]!)[0];
      if (die) return importDwarfTypes(info, (typeId) => typeId(die));
    }
  }
  return undefined;
}

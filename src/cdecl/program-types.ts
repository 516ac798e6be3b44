/**
 * The C a program carries (`#include`, `#define`, struct/union/enum definitions): preprocessed,
 * parsed and turned into types and constants the language uses. bpftrace hands this C to clang;
 * ebt reads it itself (DESIGN.md §3). Kernel types come from BTF, as in bpftrace: the C may use
 * them, unless it redefines one, in which case it must define everything it uses (bpftrace's rule).
 */
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Btf, BTF_KIND, setProgramBtf, vmlinuxBtf } from "../btf/btf.js";
import { BtfWriter } from "./btf-writer.js";
import { cTypeName } from "../btf/c-decl.js";
import { resetDwarfTypeSources } from "../dwarf/functions.js";
import { ConstExprError, evalConstExpr } from "./const-expr.js";
import type { EnumDef, KernelTypes } from "./declarations.js";
import { DeclParser } from "./declarations.js";
import type { CError, ScriptChunk } from "./preprocessor.js";
import { ExpansionTooLarge, Preprocessor, VIRTUAL_DIR } from "./preprocessor.js";
import type { CLoc, CToken } from "./tokens.js";

/** A name the program's C gives a value: an enumerator or a `#define`. */
export type CConstant =
  | { kind: "int"; value: bigint; /** the BTF id of its enum type, for an enumerator */ enumId?: number }
  | { kind: "str"; value: string };

export interface ProgramTypes {
  errors: CError[];
  /** The value of a name the C defines, or undefined. */
  constant(name: string): CConstant | undefined | { error: string };
}

/** Where `#include <...>` looks: kernel headers when installed (as bpftrace), then the system's. */
export function includeDirs(): string[] {
  const machine = os.machine();
  const dirs: string[] = [VIRTUAL_DIR];
  const release = os.release();
  const kdir = `/lib/modules/${release}`;
  const src = process.env.BPFTRACE_KERNEL_SOURCE ?? (existsSync(`${kdir}/source`) ? `${kdir}/source` : existsSync(`${kdir}/build`) ? `${kdir}/build` : undefined);
  const obj = process.env.BPFTRACE_KERNEL_BUILD ?? src ?? undefined;
  if (src && obj) {
    const arch = machine === "x86_64" || /^i.86$/.test(machine) ? "x86" : machine === "aarch64" ? "arm64" : machine;
    dirs.push(`${src}/arch/${arch}/include`, `${obj}/arch/${arch}/include/generated`, `${src}/include`, `${obj}/include`,
      `${src}/arch/${arch}/include/uapi`, `${obj}/arch/${arch}/include/generated/uapi`, `${src}/include/uapi`, `${obj}/include/generated/uapi`);
  }
  dirs.push("/usr/local/include", `/usr/include/${machine}-linux-gnu`, "/usr/include");
  return dirs;
}

/** What clang predefines on x86-64 Linux that headers test, and what bpftrace adds. */
function predefined(hasBtf: boolean): Record<string, string> {
  const d: Record<string, string> = {
    __STDC__: "1", __STDC_VERSION__: "201710L", __STDC_HOSTED__: "1", __GNUC__: "4", __GNUC_MINOR__: "2", __GNUC_PATCHLEVEL__: "1",
    __clang__: "1", __linux__: "1", __linux: "1", linux: "1", __unix__: "1", __unix: "1", __ELF__: "1", __CHAR_BIT__: "8",
    __SIZEOF_INT__: "4", __SIZEOF_LONG__: "8", __SIZEOF_LONG_LONG__: "8", __SIZEOF_SHORT__: "2", __SIZEOF_POINTER__: "8",
    __SIZEOF_FLOAT__: "4", __SIZEOF_DOUBLE__: "8", __SIZEOF_LONG_DOUBLE__: "16", __SIZEOF_SIZE_T__: "8", __SIZEOF_WCHAR_T__: "4",
    __SIZEOF_INT128__: "16", __LP64__: "1", _LP64: "1", __ORDER_LITTLE_ENDIAN__: "1234", __ORDER_BIG_ENDIAN__: "4321",
    __ORDER_PDP_ENDIAN__: "3412", __BYTE_ORDER__: "__ORDER_LITTLE_ENDIAN__", __SIZE_TYPE__: "long unsigned int",
    __PTRDIFF_TYPE__: "long int", __WCHAR_TYPE__: "int", __INTMAX_TYPE__: "long int", __UINTMAX_TYPE__: "long unsigned int",
    __INT_MAX__: "2147483647", __LONG_MAX__: "9223372036854775807L", __SCHAR_MAX__: "127", __SHRT_MAX__: "32767",
    __LONG_LONG_MAX__: "9223372036854775807LL", __WCHAR_MAX__: "2147483647", __BPF_TRACING__: "1", __KERNEL__: "1",
  };
  if (os.machine() === "x86_64") Object.assign(d, { __x86_64__: "1", __x86_64: "1", __amd64__: "1", __amd64: "1" });
  if (os.machine() === "aarch64") Object.assign(d, { __aarch64__: "1" });
  // bpftrace's flags when the kernel has BTF: scripts test BPFTRACE_HAVE_BTF to skip kernel headers.
  if (hasBtf) Object.assign(d, { BPFTRACE_HAVE_BTF: "1", _LINUX_TYPES_H: "1" });
  return d;
}

/** The kernel's types, for names the C uses without defining them. */
function kernelTypes(btf: Btf, conflict: () => boolean): KernelTypes {
  const alignOf = (id: number, depth = 0): number => {
    id = btf.resolve(id);
    if (id === 0 || depth > 20) return 1;
    const t = btf.type(id);
    switch (t.kind) {
      case BTF_KIND.INT: case BTF_KIND.ENUM: case BTF_KIND.ENUM64: case BTF_KIND.FLOAT:
        return Math.min(t.sizeOrType, 16) || 1;
      case BTF_KIND.PTR:
        return 8;
      case BTF_KIND.ARRAY:
        return alignOf(btf.array(id).elem, depth + 1);
      case BTF_KIND.STRUCT: case BTF_KIND.UNION:
        return Math.max(1, ...btf.members(id).map((m) => alignOf(m.type, depth + 1)));
      default:
        return 8;
    }
  };
  const sizeOf = (id: number): number => {
    id = btf.resolve(id);
    if (id === 0) return 1;
    const t = btf.type(id);
    if (t.kind === BTF_KIND.PTR) return 8;
    if (t.kind === BTF_KIND.ARRAY) {
      const a = btf.array(id);
      return a.length * sizeOf(a.elem);
    }
    return t.sizeOrType;
  };
  return {
    tag(kind, name) {
      if (conflict()) return undefined;
      const kinds = kind === "struct" ? [BTF_KIND.STRUCT] : kind === "union" ? [BTF_KIND.UNION] : [BTF_KIND.ENUM, BTF_KIND.ENUM64];
      for (const k of kinds) {
        const ids = btf.find(name, k);
        const best = ids.find((id) => btf.type(id).sizeOrType > 0) ?? ids[0];
        if (best !== undefined) return best;
      }
      return undefined;
    },
    typedef(name) {
      return btf.find(name, BTF_KIND.TYPEDEF)[0];
    },
    sizeAlign(id) {
      return { size: sizeOf(id), align: alignOf(id) };
    },
    integral(id) {
      const r = btf.resolve(id);
      const kind = r === 0 ? undefined : btf.type(r).kind;
      return kind === BTF_KIND.INT || kind === BTF_KIND.ENUM || kind === BTF_KIND.ENUM64;
    },
    name(id) {
      return cTypeName(btf, id);
    },
  };
}

/**
 * Reads the program's C and makes its types current (setProgramBtf). `chunks` are the program's
 * C pieces in source order; `scriptDir` is where `#include "x.h"` looks first.
 */
export function declareProgramTypes(chunks: readonly ScriptChunk[], scriptDir: string): ProgramTypes {
  const kernel = vmlinuxBtf();
  setProgramBtf(undefined);
  resetDwarfTypeSources();
  const pp = new Preprocessor({ systemDirs: includeDirs(), scriptDir, predefined: predefined(kernel !== null) });
  const ok = pp.run(chunks);
  const errors: CError[] = [...pp.errors];
  let conflict = false;
  const parser = new DeclParser(ok ? pp.out : [], kernel ? kernelTypes(kernel, () => conflict) : undefined);
  // bpftrace's rule: once the C redefines a kernel type, BTF supplies none of the types it uses.
  if (kernel) conflict = redefinesKernelType(pp.out, kernel);
  parser.run();
  errors.push(...parser.errors.map((e) => ({ loc: e.loc, message: e.message })));

  const writer = new BtfWriter(kernel ?? Btf.empty(), parser);
  const enumIds = new Map<EnumDef, number>();
  for (const def of parser.scope.tags.values()) {
    if ("union" in def) {
      if (def.members) writer.record(def);
    } else if (def.defined) enumIds.set(def, writer.enumType(def));
  }
  // Anonymous enums are not in the tag table.
  for (const def of parser.defined) if (!("union" in def) && !enumIds.has(def)) enumIds.set(def, writer.enumType(def));
  for (const e of parser.scope.enumerators.values()) if (!enumIds.has(e.en)) enumIds.set(e.en, writer.enumType(e.en));
  setProgramBtf(writer.finish());

  const constant = (name: string): CConstant | undefined | { error: string } => {
    const m = pp.macros.get(name);
    if (m && !m.params && !m.body.some((t) => t.text === name)) {
      let toks: CToken[];
      try {
        toks = pp.expand([{ kind: "id", text: name, loc: { file: "", line: 0, col: 0 }, spaceBefore: false }]);
      } catch (e) {
        if (e instanceof ExpansionTooLarge) return { error: `Can not use macro '${name}' as a value: ${e.message}` };
        throw e;
      }
      if (toks.length === 0) return undefined;
      const strs = toks.filter((t) => t.kind === "str");
      if (strs.length === toks.length) return { kind: "str", value: strs.map((t) => unquote(t.text)).join("") };
      try {
        const value = evalConstExpr(toks, {
          ident: (n) => parser.scope.enumerators.get(n)?.value ?? kernelEnumerator(n)?.value,
          typeAt: (ts, at) => parser.typeAt(ts, at),
        });
        return { kind: "int", value };
      } catch (e) {
        if (e instanceof ConstExprError) return { error: `Can not use macro '${name}' as a value: ${e.message}` };
        throw e;
      }
    }
    const en = parser.scope.enumerators.get(name);
    if (en) return { kind: "int", value: en.value, enumId: enumIds.get(en.en) };
    return undefined;
  };
  return { errors, constant };
}

/** Whether the C defines a struct/union/enum (with a body) that the kernel's BTF also has. */
function redefinesKernelType(toks: readonly CToken[], btf: Btf): boolean {
  for (let i = 0; i + 2 < toks.length; i++) {
    const kw = toks[i]!;
    if (!kw.loc.script || (kw.text !== "struct" && kw.text !== "union" && kw.text !== "enum")) continue;
    const name = toks[i + 1]!;
    if (name.kind !== "id" || toks[i + 2]!.text !== "{") continue;
    const kinds = kw.text === "struct" ? [BTF_KIND.STRUCT] : kw.text === "union" ? [BTF_KIND.UNION] : [BTF_KIND.ENUM, BTF_KIND.ENUM64];
    if (kinds.some((k) => btf.find(name.text, k).length > 0)) return true;
  }
  return false;
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: "\n", t: "\t", "\\": "\\", '"': '"' })[c] ?? c);
}

let kernelEnums: Map<string, { value: bigint; id: number }> | undefined;

/** An enumerator of the kernel's BTF (`TCP_FIN_WAIT1`), with its enum type's id. */
export function kernelEnumerator(name: string): { value: bigint; id: number } | undefined {
  if (!kernelEnums) {
    kernelEnums = new Map();
    const btf = vmlinuxBtf();
    if (btf) {
      for (const kind of [BTF_KIND.ENUM, BTF_KIND.ENUM64]) {
        for (const [id] of btf.ofKind(kind)) {
          for (const v of btf.enumValues(id)) if (!kernelEnums.has(v.name)) kernelEnums.set(v.name, { value: v.value, id });
        }
      }
    }
  }
  return kernelEnums.get(name);
}

/** The place of a C error, for messages: its file and position. */
export function describeLoc(loc: CLoc): string {
  return `${path.basename(loc.file)}:${loc.line}:${loc.col}`;
}

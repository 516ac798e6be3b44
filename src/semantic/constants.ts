/**
 * Names that stand for constants, resolved before type checking: a `#define` of the program's C
 * (or of a header it includes), an enumerator it declares, or an enumerator of the kernel's BTF
 * (`TCP_FIN_WAIT1`). Each becomes the literal it names; an enumerator keeps its enum type, so it
 * prints as its name. Builtins keep their names (a constant cannot hide `pid`).
 */
import type { Expr, Program, SizeofExpr } from "../ast/nodes.js";
import { forEachNode } from "../ast/walk.js";
import type { AnyNode } from "../ast/walk.js";
import { namedCType } from "./kernel-types.js";
import type { Registry } from "../contracts/registry.js";
import type { ProgramTypes } from "../cdecl/program-types.js";
import { kernelEnumerator } from "../cdecl/program-types.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";

export function resolveConstants(registry: Registry, program: Program, types: ProgramTypes | undefined, diags: Diagnostics): void {
  const visit = (n: AnyNode): void => {
    if (n.kind === "Identifier") {
      resolve(registry, n as unknown as Expr & { kind: "Identifier" }, types, diags);
      return;
    }
    // sizeof(size_t): a bare name that is a C type, not a value.
    if (n.kind === "SizeofExpr") {
      const s = n as unknown as SizeofExpr;
      if (s.arg.kind === "Identifier" && !registry.builtin(s.arg.name) && types?.constant(s.arg.name) === undefined &&
          !kernelEnumerator(s.arg.name) && namedCType(s.arg.name, 0, undefined, false)) {
        s.arg = { kind: "TypeName", name: s.arg.name, pointerDepth: 0, span: s.arg.span };
      }
    }
  };
  for (const item of program.items) if (item.kind === "Probe") forEachNode([item.predicate, item.body], visit);
}

function resolve(registry: Registry, e: Expr & { kind: "Identifier" }, types: ProgramTypes | undefined, diags: Diagnostics): void {
  if (e.name === "args" || registry.builtin(e.name)) return;
  const c = types?.constant(e.name);
  const node = e as unknown as Record<string, unknown>;
  if (c && "error" in c) {
    diags.error(e.span, c.error);
    return;
  }
  if (c?.kind === "str") {
    Object.assign(node, { kind: "StrLit", value: c.value });
    return;
  }
  const k = c ? undefined : kernelEnumerator(e.name);
  const value = c ? c.value : k?.value;
  if (value === undefined) return;
  const enumId = c ? c.enumId : k?.id;
  // The node changes kind in place: parents hold it by reference.
  Object.assign(node, { kind: "IntLit", value, raw: e.name, ...(enumId !== undefined ? { enumId } : {}) });
  delete node.name;
}

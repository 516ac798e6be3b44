/**
 * Macros (`macro name(a, $b, @c) { ... }`), expanded before type checking as current bpftrace
 * does: a call becomes a block expression holding a copy of the body, where an expression
 * parameter `a` is replaced by the argument expression (evaluated at each use), `$b` by the
 * caller's scratch variable and `@c` by the caller's map, both of which the body may change. The
 * body's own scratch variables are renamed so they never meet the caller's (hygiene). A macro
 * without parameters may also be used as a bare identifier (`one` for `one()`).
 */
import type { Call, Expr, MacroDef, Program } from "../ast/nodes.js";
import { rebuild } from "../ast/walk.js";
import type { AnyNode } from "../ast/walk.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";

const MAX_DEPTH = 100;

export function expandMacros(program: Program, diags: Diagnostics): void {
  const macros = new Map<string, MacroDef>();
  for (const item of program.items) {
    if (item.kind !== "MacroDef") continue;
    if (macros.has(item.name)) diags.error(item.span, `Redefinition of macro: ${item.name}`);
    macros.set(item.name, item);
  }
  if (macros.size === 0) return;
  let counter = 0;

  const expand = (root: unknown, depth: number): unknown =>
    rebuild(root, (n, copy) => {
      if (n.kind !== "Call" && n.kind !== "Identifier") return copy();
      const m = macros.get(n.name as string);
      if (!m || (n.kind === "Identifier" && m.params.length > 0)) return copy();
      const call = n as unknown as Call | (Expr & { kind: "Identifier" });
      if (depth >= MAX_DEPTH) {
        diags.error(call.span, `Macro recursion limit reached: ${m.name}`);
        return n;
      }
      const body = instantiate(m, call.kind === "Call" ? call.args : [], call, ++counter, diags);
      return body ? expand(body, depth + 1) : n;
    });

  program.items = program.items
    .filter((i) => i.kind !== "MacroDef")
    .map((i) => (i.kind === "Probe" ? ({ ...i, predicate: expand(i.predicate, 0), body: expand(i.body, 0) } as typeof i) : i));
}

/** A copy of the macro's body for one call, with parameters bound; undefined after an error. */
function instantiate(m: MacroDef, args: Expr[], call: Expr, id: number, diags: Diagnostics): Expr | undefined {
  if (args.length !== m.params.length) {
    diags.error(call.span, `Call to ${m.name}() has arguments that do not match any definition.`);
    return undefined;
  }
  const exprs = new Map<string, Expr>();
  const vars = new Map<string, string>();
  const maps = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const p = m.params[i]!;
    const a = args[i]!;
    if (p.startsWith("$")) {
      if (a.kind !== "ScratchVar") {
        const got = a.kind === "MapAccess" ? "a map" : "an expression";
        diags.error(a.span, `Mismatched arg. ${m.name}() expects a variable for arg ${p} but got ${got}.`);
        return undefined;
      }
      vars.set(p, a.name);
    } else if (p.startsWith("@")) {
      if (a.kind !== "MapAccess" || a.keys.length > 0) {
        const got = a.kind === "ScratchVar" ? "a variable" : "an expression";
        diags.error(a.span, `Mismatched arg. ${m.name}() expects a map for arg ${p} but got ${got}.`);
        return undefined;
      }
      maps.set(p, a.name);
    } else {
      exprs.set(p, a);
    }
  }
  const bind = (n: AnyNode, copy: () => Record<string, unknown>): unknown => {
    if (n.kind === "Identifier" && exprs.has(n.name as string)) return structuredClone(exprs.get(n.name as string)!);
    const out = copy();
    if ((n.kind === "ScratchVar" || n.kind === "LetStmt") && typeof n.name === "string") {
      out.name = vars.get(n.name) ?? `${n.name}__${m.name}_${id}`;
    }
    if ((n.kind === "ForMapStmt" || n.kind === "ForRangeStmt") && typeof n.variable === "string") {
      out.variable = vars.get(n.variable) ?? `${n.variable}__${m.name}_${id}`;
    }
    if (n.kind === "MapAccess" && typeof n.name === "string") {
      if (maps.has(n.name)) out.name = maps.get(n.name);
      else diags.error(n.span as never, `Unhygienic access to map: ${n.name}. Maps must be passed into the macro as arguments.`);
    }
    return out;
  };
  // The call's span for the block, so that errors about the whole expansion point at the call.
  return { ...(rebuild(m.body, bind) as Expr), span: call.span };
}

/**
 * Macros (`macro name(a, $b, @c) { ... }`), expanded before type checking as current bpftrace
 * does: a call becomes a block expression holding a copy of the body, where an expression
 * parameter `a` is replaced by the argument expression (evaluated at each use), `$b` by the
 * caller's scratch variable and `@c` by the caller's map, both of which the body may change. The
 * body's own scratch variables are renamed so they never meet the caller's (hygiene). A macro
 * without parameters may also be used as a bare identifier (`one` for `one()`).
 *
 * Macros are told apart by name and number of parameters. A call takes the user's macro of that
 * shape, else the standard library's (src/stdlib/macros.ts), else the builtin of that name: a
 * user's `macro cpu(x)` leaves `cpu()` to the builtin.
 */
import type { Mentions } from "../ast/mentions.js";
import type { Block, Call, Expr, MacroDef, Program } from "../ast/nodes.js";
import { rebuild, rewrite } from "../ast/walk.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type { Registry } from "../contracts/registry.js";
import { parse } from "../parser/index.js";
import { STDLIB_FILE, STDLIB_SOURCE } from "../stdlib/macros.js";

const MAX_DEPTH = 100;

type MacroTable = Map<string, MacroDef[]>;

let stdlib: MacroTable | undefined;
/** The names the standard library defines, without parsing it. */
const STDLIB_NAMES = new Set([...STDLIB_SOURCE.matchAll(/^macro (\w+)\(/gm)].map((m) => m[1]!));

function stdlibMacros(): MacroTable {
  if (!stdlib) {
    stdlib = new Map();
    const parsed = parse(STDLIB_SOURCE, STDLIB_FILE);
    if (!parsed.program) throw new Error(`internal: ${STDLIB_FILE} does not parse`);
    for (const item of parsed.program.items) if (item.kind === "MacroDef") stdlib.set(item.name, [...(stdlib.get(item.name) ?? []), item]);
  }
  return stdlib;
}

/** Whether expandMacros has anything to do: a macro defined, a standard one named, or a block assigned. */
export function needsMacroExpansion(program: Program, m: Mentions): boolean {
  if (m.blockValues || program.items.some((i) => i.kind === "MacroDef")) return true;
  for (const n of m.calls) if (STDLIB_NAMES.has(n)) return true;
  for (const n of m.names) if (STDLIB_NAMES.has(n)) return true;
  return false;
}

export function expandMacros(program: Program, diags: Diagnostics, registry: Pick<Registry, "builtin">): void {
  const findBuiltin = (name: string) => registry.builtin(name);
  const user: MacroTable = new Map();
  for (const item of program.items) {
    if (item.kind !== "MacroDef") continue;
    const defs = user.get(item.name) ?? [];
    if (defs.some((d) => d.params.length === item.params.length)) diags.error(item.span, `Redefinition of macro: ${item.name}`);
    user.set(item.name, [...defs, item]);
  }
  // The standard library is parsed only for a program that names one of its macros.
  const lib = { get: (name: string) => (STDLIB_NAMES.has(name) ? stdlibMacros().get(name) : undefined), has: (name: string) => STDLIB_NAMES.has(name) };
  let counter = 0;

  /** The macro a call of `name` with `arity` arguments expands, and whether it is the stdlib's. */
  const resolve = (name: string, arity: number): { m: MacroDef; lib: boolean } | undefined => {
    const mine = user.get(name)?.find((d) => d.params.length === arity);
    if (mine) return { m: mine, lib: false };
    const theirs = lib.get(name)?.find((d) => d.params.length === arity);
    return theirs ? { m: theirs, lib: true } : undefined;
  };

  // Unchanged subtrees are kept, not copied (rewrite): most programs call no macro.
  const expand = (root: unknown, depth: number): unknown =>
    rewrite(root, (n, descend) => {
      if (n.kind !== "Call" && n.kind !== "Identifier") return descend(n);
      const call = n as Call | (Expr & { kind: "Identifier" });
      const args = call.kind === "Call" ? call.args : [];
      const found = resolve(call.name, args.length);
      if (found) {
        if (depth >= MAX_DEPTH) {
          diags.error(call.span, `Macro recursion limit reached: ${found.m.name}`);
          return n;
        }
        const body = instantiate(found.m, args, call, ++counter, diags, found.lib);
        return body ? expand(body, depth + 1) : n;
      }
      if (call.kind === "Call" && user.has(call.name) && !lib.has(call.name) && !findBuiltin(call.name)) {
        diags.error(call.span, `Call to ${call.name}() has arguments that do not match any definition.`);
        return n;
      }
      return descend(n);
    });

  program.items = program.items
    .filter((i) => i.kind !== "MacroDef")
    .map((i) => (i.kind === "Probe" ? ({ ...i, predicate: expand(i.predicate, 0), body: hoistAggregations(expand(i.body, 0), findBuiltin) } as typeof i) : i));
}

/**
 * `@m = { stmts; count() }` (written so, or a macro's expansion): an aggregation must be the whole
 * right side of its map assignment, so the block's statements run first, then `@m = count()`.
 */
function hoistAggregations(root: unknown, findBuiltin: Registry["builtin"]): unknown {
  return rewrite(root, (n, descend) => {
    const v = n.value as Partial<Block> | undefined;
    const agg = v?.kind === "Block" && v.value?.kind === "Call" && findBuiltin(v.value.name)?.kind === "agg";
    if (n.kind !== "AssignStmt" || (n.target as Expr | undefined)?.kind !== "MapAccess" || !agg) return descend(n);
    // Statements live only in arrays (a block's), so the assignment becomes a block statement there.
    return hoistAggregations({ ...v, value: undefined, stmts: [...v.stmts!, { ...n, value: v.value }] }, findBuiltin);
  });
}

/** A copy of the macro's body for one call, with parameters bound; undefined after an error. */
function instantiate(m: MacroDef, args: Expr[], call: Expr, id: number, diags: Diagnostics, fromStdlib: boolean): Expr | undefined {
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
  // The standard library's text is not the user's: its nodes take the place of the call, except
  // its errorf()/warnf() calls, which report their own place in it as bpftrace's do.
  // The user's own macro text keeps its place, and remembers the call it was expanded from.
  const place = (v: unknown, owner: Record<string, unknown>) => {
    const ownPlace = fromStdlib && owner.kind === "Call" && (owner.name === "errorf" || owner.name === "warnf");
    return ownPlace ? v : fromStdlib ? (call.span as Span) : v && typeof v === "object" ? { ...(v as Span), expandedFrom: (v as Span).expandedFrom ?? (call.span as Span) } : v;
  };
  const copy = (root: unknown): unknown =>
    rebuild(
      root,
      (node, copyNode) => {
        const n = node as Record<string, unknown> & { kind?: string; name?: string };
        if (n.kind === "Identifier" && exprs.has(n.name!)) return structuredClone(exprs.get(n.name!)!);
        const out = copyNode();
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
        // A parameter used as a type (`sizeof(a[2])`, `(a*)x`): the type of its argument, which is
        // a `typeof(...)` or any expression, with the suffixes written here on top.
        if (n.kind === "TypeName" && exprs.has(n.name!)) {
          const a = exprs.get(n.name!)!;
          out.name = "typeof";
          out.of = structuredClone(a.kind === "TypeArg" ? a.type : a);
        }
        // `sizeof(t)`, `offsetof(t, f)` where `t` was given a type: that type.
        for (const k of ["arg", "type"] as const) {
          const v = out[k] as Expr | undefined;
          if ((n.kind === "SizeofExpr" || n.kind === "OffsetofExpr") && v?.kind === "TypeArg") out[k] = v.type;
        }
        // `offsetof(type, member)` where `member` is a parameter: the field its argument names.
        if (n.kind === "OffsetofExpr" && Array.isArray(n.fields)) {
          out.fields = (n.fields as string[]).map((f) => {
            const a = exprs.get(f);
            return a?.kind === "Identifier" ? a.name : f;
          });
        }
        return out;
      },
      place,
    );
  // The call's span for the block, so that errors about the whole expansion point at the call.
  const body = { ...(copy(m.body) as Expr & { stmts: unknown[]; value?: Expr }), span: call.span };
  // A body that is only a value is that value: `macro name() { "text" }` stays a literal (a
  // printf format, say) instead of a block holding one.
  if (body.stmts.length === 0 && body.value) return body.value;
  return body;
}

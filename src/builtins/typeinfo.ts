/**
 * typeinfo(expr) (current bpftrace, unstable): the static type of an expression as a record of
 * constants, `(btf_id=0, base_type="integer", full_type="uint64")`. The expression is not
 * evaluated. Off unless `config = { unstable_typeinfo = enable }` (or `warn`), as in bpftrace.
 */
import type { Call, TypeName } from "../ast/nodes.js";
import type { Span } from "../diagnostics/span.js";
import { namedCType } from "../semantic/kernel-types.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { castTarget } from "../semantic/operator-types.js";
import { s64, strType, tupleOffsets } from "../semantic/types.js";
import type { Type } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineFunc } from "./builtin.js";
import { storeConstString } from "./probe-args.js";

/** Current bpftrace's name for a type (its typestr): `uint64`, `string[9]`, `int8 *`, `(int64,bool)`. */
export function bpftraceTypeName(t: Type): string {
  switch (t.kind) {
    case "int":
      return `${t.signed ? "int" : "uint"}${t.bits}`;
    case "bool":
      return "bool";
    case "str":
      return `string[${t.size}]`;
    case "buf":
      return `buffer[${t.size}]`;
    case "ptr":
      return `${t.to.kind === "none" ? "void" : bpftraceTypeName(t.to)} *`;
    case "array":
      return `${bpftraceTypeName(t.elem)}[${t.length}]`;
    case "tuple":
      if (t.names) return `record { ${t.elems.map((e, i) => `.${t.names![i]} = ${bpftraceTypeName(e)}`).join(", ")} }`;
      return `(${t.elems.map(bpftraceTypeName).join(",")})`;
    case "struct":
      return t.name;
    case "agg":
      return `${t.agg}_t`;
    case "sym":
      return t.user ? "usym_t" : "ksym_t";
    case "stack":
      return t.user ? "ustack_t" : "kstack_t";
    case "rendered":
      return BASE_OF_RENDERED[t.as];
    case "args":
      return "args";
    case "none":
      return "none";
  }
}

const BASE_OF_RENDERED: Record<(Type & { kind: "rendered" })["as"], string> = {
  timestamp: "timestamp", inet: "inet", strerror: "strerror_t", username: "username_t", syscall: "string", signal_name: "string",
  cgroup_path: "cgroup_path_t", macaddr: "mac_address",
};

/** bpftrace's name for the kind of a type (its `Type` enumeration). */
function baseTypeName(t: Type): string {
  switch (t.kind) {
    case "int":
      return "integer";
    case "bool":
      return "boolean";
    case "str":
      return "string";
    case "buf":
      return "buffer";
    case "ptr":
      return "pointer";
    case "struct":
      return "c_type";
    case "tuple":
      return t.names ? "record" : "tuple";
    default:
      return bpftraceTypeName(t);
  }
}

const FIELDS = ["btf_id", "base_type", "full_type"];

/**
 * The type typeinfo() describes: of the expression, of a type named by itself (`typeinfo(uint8)`),
 * or of `typeof(...)` (a type or an expression, as current bpftrace takes it).
 */
function describedType(c: CheckCtx, call: Call): Type {
  const arg = call.args[0]!;
  if (arg.kind === "Identifier") {
    const named = castTarget(arg.name, 0, false);
    if (named) return named;
  }
  if (arg.kind === "TypeArg") return typeArgType(c, arg.type, arg.span);
  return c.check(arg);
}

/** `typeof(T)` / `typeof(expr)`, with the pointers and array size written after it. */
function typeArgType(c: CheckCtx, t: TypeName, span: Span): Type {
  let base: Type | undefined;
  const of = t.of;
  if (of && of.kind !== "TypeName") base = c.check(of);
  else {
    const n = of ?? t;
    base = castTarget(n.name, n.pointerDepth) ?? (n.name === "string" && n.arraySize ? strType(n.arraySize) : undefined) ?? namedCType(n.name, n.pointerDepth, n.arraySize, false);
    if (!base) {
      c.error(span, /^(struct|union) /.test(n.name) ? `Unknown struct/union: '${n.name}'` : `Unknown type: '${n.name}'`);
      return s64;
    }
  }
  if (!of) return base;
  for (let i = 0; i < t.pointerDepth; i++) base = { kind: "ptr", to: base, user: false };
  return base;
}

const described = new WeakMap<Call, Type>();

export const typeinfo: Builtin[] = [
  defineFunc({
    name: "typeinfo",
    doc: "typeinfo(expr): the static type of expr as (btf_id, base_type, full_type), not evaluated (needs config unstable_typeinfo = enable)",
    arity: [1, 1],
    check(c, call) {
      const word = "typeinfo feature is not enabled by default. To enable this unstable feature, set the config flag to enable. unstable_typeinfo=enable";
      if (c.unstableTypeinfo === "error") c.error(call.span, word);
      else if (c.unstableTypeinfo === "warn") {
        c.warning(call.span, "Script is using an unstable feature: typeinfo. To prevent this warning you must explicitly enable it in the config e.g. unstable_typeinfo=enable");
      }
      const t = describedType(c, call);
      described.set(call, t);
      return { kind: "tuple", elems: [s64, strType(baseTypeName(t).length + 1), strType(bpftraceTypeName(t).length + 1)], names: FIELDS };
    },
    emit(g, call, out) {
      const t = described.get(call)!;
      const rec = g.typeOf(call) as Type & { kind: "tuple" };
      const [id, base, full] = tupleOffsets(rec);
      g.asm.st("u64", 10, out! + id!, 0);
      storeConstString(g, out! + base!, baseTypeName(t), (rec.elems[1] as { size: number }).size);
      storeConstString(g, out! + full!, bpftraceTypeName(t), (rec.elems[2] as { size: number }).size);
      return undefined;
    },
  }),
];

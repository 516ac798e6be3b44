/**
 * Types of operator and cast expressions, with bpftrace's errors and warnings about them.
 *
 * Integers follow C's promotion as bpftrace 0.17 does: results are 64 bits, unsigned when either
 * side is unsigned. A non-negative integer literal takes the other side's sign (it never causes a
 * mixed-sign warning or makes a result unsigned). BPF has no signed division, so bpftrace divides
 * and takes remainders unsigned and warns when an operand is signed; `>>` is a logical shift.
 */
import type { Binary, Cast, Expr, Unary } from "../ast/nodes.js";
import type { Span } from "../diagnostics/span.js";
import { derefType } from "./check-kernel.js";
import { btfToType, findNamedType, kernelPointerType, namedCType } from "./kernel-types.js";
import { kernelBtf } from "../btf/btf.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import type { Type } from "./types.js";
import { boolT, intType, isIntegral, isScalar, keptByAddress, s64, sameType, typeName, u64, voidT } from "./types.js";

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);
const ARITHMETIC = new Set(["+", "-", "*", "/", "%"]);

/** A literal `0`, `42`: sign-flexible, as bpftrace treats literals that fit either way. */
export function isFlexibleLiteral(e: Expr): boolean {
  return e.kind === "IntLit" && e.value >= 0n;
}

/** Whether `e` of type `t` counts as signed for bpftrace's sign checks. */
function signedOperand(e: Expr, t: Type): boolean {
  return t.kind === "int" && t.signed && !isFlexibleLiteral(e);
}

/**
 * Warnings bpftrace gives for integer `op` between `l` and `r`, at `at` (the operator): division of
 * signed values, and arithmetic or comparison of integers of different signs. Shared by binary
 * expressions and compound assignments (`$x /= 2`).
 */
export function integerOpWarnings(c: CheckCtx, op: string, left: Expr, lt: Type, right: Expr, rt: Type, at: Span): void {
  const ls = signedOperand(left, lt);
  const rs = signedOperand(right, rt);
  const mixed = lt.kind === "int" && rt.kind === "int" && !isFlexibleLiteral(left) && !isFlexibleLiteral(right) && lt.signed !== rt.signed;
  if (mixed && (COMPARISONS.has(op) || ARITHMETIC.has(op))) {
    const what = COMPARISONS.has(op) ? "comparison" : "arithmetic";
    c.warning(at, `${what} of integers of different signs: '${typeName(lt)}' and '${typeName(rt)}' can lead to undefined behavior`);
  }
  if ((op === "/" || op === "%") && (ls || rs)) {
    c.warning(at, `signed operands for '${op}' can lead to undefined behavior (cast to unsigned to silence warning)`);
  }
  // bpftrace leaves this undefined (LLVM poison); ebt shifts as eBPF does with a register amount.
  const amount = literalValue(right);
  if ((op === "<<" || op === ">>") && amount !== undefined && (amount < 0n || amount > 63n)) {
    c.warning(right.span, `shift by ${amount} is outside 0..63: eBPF shifts by ${BigInt.asUintN(64, amount) & 63n} (the amount modulo 64)`);
  }
}

/** An integer literal's value, `-5` included. */
function literalValue(e: Expr): bigint | undefined {
  if (e.kind === "IntLit") return e.value;
  if (e.kind === "Unary" && e.op === "-" && e.operand.kind === "IntLit") return -e.operand.value;
  return undefined;
}

/** The 64-bit type of integer arithmetic between `l` and `r`. */
export function promote(lt: Type, rt: Type): Type {
  const unsigned = (t: Type) => t.kind === "ptr" || (t.kind === "int" && !t.signed);
  return intType(64, !(unsigned(lt) || unsigned(rt)));
}

export function binaryType(c: CheckCtx, e: Binary, l: Type, r: Type): Type {
  const opSpan = e.opSpan ?? e.span;
  if (e.op === "&&" || e.op === "||") {
    for (const [x, t] of [[e.left, l], [e.right, r]] as const) {
      if (!isScalar(t)) c.error(x.span, `The ${e.op} operator can not be used on expressions of type '${typeName(t)}'`);
    }
    return boolT;
  }
  const compound = (t: Type) => t.kind === "str" || t.kind === "tuple" || t.kind === "array" || t.kind === "buf";
  if (compound(l) || compound(r)) {
    if (l.kind !== r.kind || (l.kind !== "str" && l.kind !== "buf" && !sameType(l, r))) {
      c.error(e.span, `Type mismatch for '${e.op}': comparing '${typeName(l)}' with '${typeName(r)}'`);
    } else if (e.op !== "==" && e.op !== "!=") {
      c.error(opSpan, `The ${e.op} operator can not be used on expressions of types ${typeName(l)}, ${typeName(r)}`);
    }
    return boolT;
  }
  if (!isScalar(l) || !isScalar(r)) {
    c.error(opSpan, `The ${e.op} operator can not be used on expressions of types ${typeName(l)}, ${typeName(r)}`);
    return s64;
  }
  if ((e.op === "+" || e.op === "-") && (l.kind === "ptr") !== (r.kind === "ptr")) return pointerArithmetic(c, e, l, r);
  integerOpWarnings(c, e.op, e.left, l, e.right, r, opSpan);
  if (COMPARISONS.has(e.op)) return boolT;
  return promote(l, r);
}

/**
 * `p + n`, `n + p`, `p - n`: a pointer of p's type, n scaled by the size of what p points to (as
 * in C; codegen does the scaling). A pointer can only be subtracted from, as bpftrace allows.
 */
function pointerArithmetic(c: CheckCtx, e: Binary, l: Type, r: Type): Type {
  const [p, n] = l.kind === "ptr" ? [l, r] : [r, l];
  if (!isIntegral(n) || (e.op === "-" && r.kind === "ptr")) {
    c.error(e.opSpan ?? e.span, `The ${e.op} operator can not be used on expressions of types ${typeName(l)}, ${typeName(r)}`);
  }
  return p;
}

/** The span of a unary operator: its first character (`!`, `-`, `~`). */
function unaryOpSpan(e: Unary): Span {
  const s = e.span.start;
  return { ...e.span, end: { ...s, offset: s.offset + 1, col: s.col + 1 } };
}

export function unaryType(c: CheckCtx, e: Unary, t: Type): Type {
  if (e.op === "*") return derefType(c, e, t);
  if (e.op === "&") return addressOfType(c, e, t);
  if (!(t.kind === "int" || t.kind === "bool" || (e.op === "!" && t.kind === "ptr"))) {
    c.error(unaryOpSpan(e), `The ${e.op} operator can not be used on expressions of type '${typeName(t)}'`);
    return e.op === "!" ? boolT : s64;
  }
  if (e.op === "!") return boolT;
  // `-` and `~` keep their operand's integer type, as in bpftrace: -(uint8)5 is 251.
  if (t.kind === "bool") return e.op === "-" ? s64 : u64;
  return t.kind === "int" ? intType(t.bits, t.signed) : t;
}

/** `&$x` / `&@m[k]`: the address of a scratch variable's slot or of a map's value. */
function addressOfType(c: CheckCtx, e: Unary, t: Type): Type {
  const k = e.operand.kind;
  if ((k !== "ScratchVar" && k !== "MapAccess") || t.kind === "agg" || t.kind === "args" || t.kind === "none") {
    c.error(e.span, "The & operator can only take the address of a scratch variable or a map value");
    return s64;
  }
  return { kind: "ptr", to: t, user: keptByAddress(t) && (t as { user?: boolean }).user === true };
}

/** C's names for the integer types, as scripts written for bpftrace use them in casts. */
const C_INTEGERS: Record<string, Type> = {
  char: intType(8, true), short: intType(16, true), int: intType(32, true), long: intType(64, true),
  int8_t: intType(8, true), int16_t: intType(16, true), int32_t: intType(32, true), int64_t: intType(64, true),
  uint8_t: intType(8, false), uint16_t: intType(16, false), uint32_t: intType(32, false), uint64_t: intType(64, false),
  u8: intType(8, false), u16: intType(16, false), u32: intType(32, false), u64: intType(64, false),
  s8: intType(8, true), s16: intType(16, true), s32: intType(32, true), s64: intType(64, true),
  size_t: intType(64, false), ssize_t: intType(64, true), uintptr_t: intType(64, false),
};

/** The integer or bool type a name denotes (`uint8`, `int32_t`, `char`...), or undefined. */
export function scalarTypeNamed(name: string): Type | undefined {
  if (name === "bool") return boolT;
  const m = /^(u?)int(8|16|32|64)$/.exec(name);
  if (m) return intType(Number(m[2]) as 8 | 16 | 32 | 64, m[1] !== "u");
  return C_INTEGERS[name];
}

/**
 * The type a cast or `let` names when it is an integer, bool, or a pointer to one of those or to
 * void (`(int32 *)x`, `(uint8 **)p`, `(void *)p`); undefined for anything else. `user`: the
 * pointers address user memory (a uprobe's arguments).
 */
export function castTarget(name: string, pointerDepth: number, user = false): Type | undefined {
  let t: Type | undefined = name === "void" && pointerDepth > 0 ? voidT : scalarTypeNamed(name);
  if (!t) return undefined;
  for (let i = 0; i < pointerDepth; i++) t = { kind: "ptr", to: t, user };
  return t;
}

/** `(uint64_t)x`, `(char *)p`: C's names for integers and pointers (not struct values). */
function scalarCType(name: string, pointerDepth: number, arraySize: number | undefined, user: boolean): Type | undefined {
  if (arraySize !== undefined) return undefined;
  const t = namedCType(name, pointerDepth, undefined, user);
  return t && (t.kind === "int" || t.kind === "ptr") ? t : undefined;
}

/** `(enum x)`: an integer of the enum's size that prints as its enumerator's name. */
function enumCastTarget(name: string, pointerDepth: number): Type | undefined {
  if (pointerDepth > 0 || !/^enum /.test(name)) return undefined;
  const id = findNamedType(name);
  return id === undefined ? undefined : btfToType(kernelBtf()!, id);
}

/** `(uint8)` as written: from the opening parenthesis up to the operand. */
function castHeadSpan(e: Cast): Span {
  return { ...e.span, end: e.operand.span.start };
}

export function castType(c: CheckCtx, e: Cast, from: Type): Type {
  if (e.type.arraySize !== undefined && e.type.name !== "string") return arrayCastType(c, e, from);
  // `(struct task_struct *)p`: the pointer keeps the address space the value came from.
  const user = from.kind === "ptr" ? from.user : c.target.provider.userMemory === true;
  const target = castTarget(e.type.name, e.type.pointerDepth, user) ?? enumCastTarget(e.type.name, e.type.pointerDepth) ??
    kernelPointerType(e.type.name, e.type.pointerDepth, user) ?? scalarCType(e.type.name, e.type.pointerDepth, e.type.arraySize, user);
  if (!target) {
    const known = /^(struct|union|enum) /.test(e.type.name) || e.type.pointerDepth > 0 || e.type.name === "string";
    if (/^(struct|union) /.test(e.type.name) && e.type.pointerDepth > 0) {
      c.error(e.type.span, `Unknown struct/union: '${e.type.name}'`);
      // An unknown struct still reads as one, so its field accesses add no second error.
      return { kind: "ptr", to: { kind: "struct", name: e.type.name, btf: 0, size: 0 }, user: false };
    }
    if (known) c.error(e.type.span, `Cannot cast to ${e.type.name}${" *".repeat(e.type.pointerDepth)}: not supported yet`);
    else c.error(castHeadSpan(e), `Unknown struct/union: '${e.type.name}'`);
    return s64;
  }
  if ((from.kind === "array" || from.kind === "buf" || (from.kind === "str" && from.charArray)) && target.kind === "int") {
    // An integer array (or pton's bytes, or a byte array such as uint8_t[4], which reads as a
    // string) read as one integer of the same size, in memory order.
    if (valueBytes(from) !== target.bits / 8) c.error(e.span, `Cannot cast from "${typeName(from)}" to "${typeName(target)}"`);
    return target;
  }
  // (bool)"text": whether the string is non-empty (current bpftrace).
  if (from.kind === "str" && target.kind === "bool") return target;
  if (!(from.kind === "int" || from.kind === "bool" || from.kind === "ptr")) {
    c.error(castHeadSpan(e), `Casts are not supported for type: "${typeName(from)}"`);
  }
  return target;
}

/** The bytes of a value as memory holds it (what an array cast reinterprets); undefined when it has none. */
export function valueBytes(t: Type): number | undefined {
  switch (t.kind) {
    case "int":
      return t.bits / 8;
    case "bool":
      return 1;
    case "ptr":
      return 8;
    case "str":
    case "buf":
      return t.size;
    case "array":
      return t.elemSize * t.length;
    default:
      return undefined;
  }
}

/**
 * `(int8[8])x`, `(uint8[])"hello"`, `(bool[2])y`: the bytes of an integer, string or integer array
 * seen as an array of integers (or bools); `[]` takes the length from the source's size.
 */
function arrayCastType(c: CheckCtx, e: Cast, from: Type): Type {
  const elem = castTarget(e.type.name, e.type.pointerDepth) ?? scalarCType(e.type.name, e.type.pointerDepth, undefined, false);
  if (!elem || elem.kind === "ptr") {
    c.error(e.type.span, `Cannot cast to ${e.type.name}${"*".repeat(e.type.pointerDepth)}[${e.type.arraySize || ""}]: only integer and bool arrays can be cast to`);
    return s64;
  }
  const elemSize = valueBytes(elem)!;
  const src = from.kind === "ptr" ? undefined : valueBytes(from);
  const length = e.type.arraySize || Math.floor((src ?? 0) / elemSize);
  const target: Type = { kind: "array", elem, length, elemSize };
  if (src === undefined) {
    c.error(e.span, `Cannot cast from "${typeName(from)}" to "${typeName(target)}"`);
  } else if (!e.type.arraySize && src % elemSize !== 0) {
    c.error(e.span, "Cannot determine array size: the element size is incompatible with the cast integer size");
  } else if (from.kind === "int" ? length * elemSize > 8 || (length * elemSize < src && e.operand.kind !== "IntLit") : length * elemSize !== src) {
    // An integer fills an array of its size or larger (up to 8 bytes; a literal fits any).
    c.error(e.span, `Cannot cast from "${typeName(from)}" to "${typeName(target)}"`);
  }
  return target;
}

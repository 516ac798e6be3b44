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
import { boolT, intType, isScalar, s64, sameType, typeName, u64 } from "./types.js";

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
  if (l.kind === "str" || r.kind === "str" || l.kind === "tuple" || r.kind === "tuple") {
    if (l.kind !== r.kind || (l.kind !== "str" && !sameType(l, r))) {
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
  integerOpWarnings(c, e.op, e.left, l, e.right, r, opSpan);
  if (COMPARISONS.has(e.op)) return boolT;
  return promote(l, r);
}

/** The span of a unary operator: its first character (`!`, `-`, `~`). */
function unaryOpSpan(e: Unary): Span {
  const s = e.span.start;
  return { ...e.span, end: { ...s, offset: s.offset + 1, col: s.col + 1 } };
}

export function unaryType(c: CheckCtx, e: Unary, t: Type): Type {
  if (e.op === "*" && t.kind === "ptr") return derefType(c, e, t);
  if (e.op === "*" || e.op === "&") {
    c.error(e.span, `The ${e.op} operator is not supported yet`);
    return s64;
  }
  if (!(t.kind === "int" || t.kind === "bool" || (e.op === "!" && t.kind === "ptr"))) {
    c.error(unaryOpSpan(e), `The ${e.op} operator can not be used on expressions of type '${typeName(t)}'`);
    return e.op === "!" ? boolT : s64;
  }
  if (e.op === "!") return boolT;
  // `-` and `~` keep their operand's integer type, as in bpftrace: -(uint8)5 is 251.
  if (t.kind === "bool") return e.op === "-" ? s64 : u64;
  return t.kind === "int" ? intType(t.bits, t.signed) : t;
}

/** The integer type a cast names (`uint8`, `int64`...), or undefined. */
export function castTarget(name: string, pointerDepth: number): Type | undefined {
  if (pointerDepth > 0) return undefined;
  if (name === "bool") return boolT;
  const m = /^(u?)int(8|16|32|64)$/.exec(name);
  if (!m) return undefined;
  return intType(Number(m[2]) as 8 | 16 | 32 | 64, m[1] !== "u");
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
  // `(struct task_struct *)p`: the pointer keeps the address space the value came from.
  const user = from.kind === "ptr" ? from.user : c.target.provider.userMemory === true;
  const target = castTarget(e.type.name, e.type.pointerDepth) ?? enumCastTarget(e.type.name, e.type.pointerDepth) ??
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
  if (!(from.kind === "int" || from.kind === "bool" || from.kind === "ptr")) {
    c.error(castHeadSpan(e), `Casts are not supported for type: "${typeName(from)}"`);
  }
  return target;
}

/**
 * Integer constant expressions of C over tokens: `#if` conditions, enumerator values, array
 * lengths, bitfield widths and the values of `#define`d constants. Values are 64-bit integers.
 */
import type { CToken } from "./tokens.js";

export class ConstExprError extends Error {
  constructor(message: string, readonly token?: CToken) {
    super(message);
  }
}

export interface ConstEnv {
  /** The value of a name (an enumerator); undefined when it is not a constant. */
  ident(name: string, tok: CToken): bigint | undefined;
  /** A type name starts here (for casts and sizeof): how many tokens it takes and its size. */
  typeAt?(toks: readonly CToken[], i: number): { end: number; size: number; signed: boolean; bits: number; incomplete?: string } | undefined;
}

/** The value of a C integer literal (`0x10UL`, `010`, `'a'`), or undefined when it is not one. */
export function intLiteral(text: string): bigint | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[1]!;
  if (/^0[0-7]+$/.test(digits)) return BigInt("0o" + digits.slice(1));
  return BigInt(digits);
}

const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, "0": 0, a: 7, b: 8, f: 12, v: 11, "\\": 92, "'": 39, '"': 34, "?": 63 };

/** The value of a C character constant (`'a'`, `'\\x41'`); throws ConstExprError for an escape beyond a byte. */
export function charLiteral(text: string, tok?: CToken): bigint | undefined {
  const m = /^[LuU]?'(.*)'$/.exec(text);
  if (!m) return undefined;
  const body = m[1]!;
  if (body[0] !== "\\") return BigInt(body.charCodeAt(0) || 0);
  // BigInt, not parseInt: a long run of hex digits is Infinity as a float.
  const numeric = /^\\x([0-9a-fA-F]+)$/.exec(body) ?? /^\\([0-7]{1,3})$/.exec(body);
  if (numeric) {
    const hex = body[1] === "x";
    const v = BigInt((hex ? "0x" : "0o") + numeric[1]!);
    // A wide character (L'\x1234') holds 32 bits, a plain one a byte.
    if (v > (text[0] === "'" ? 0xffn : 0xffffffffn)) throw new ConstExprError(`${hex ? "hex" : "octal"} escape sequence out of range`, tok);
    return v;
  }
  return BigInt(ESCAPES[body[1]!] ?? body.charCodeAt(1));
}

const BINARY: [string[], number][] = [
  [["||"], 1], [["&&"], 2], [["|"], 3], [["^"], 4], [["&"], 5], [["==", "!="], 6], [["<", ">", "<=", ">="], 7],
  [["<<", ">>"], 8], [["+", "-"], 9], [["*", "/", "%"], 10],
];
const PRECEDENCE = new Map<string, number>(BINARY.flatMap(([ops, p]) => ops.map((o) => [o, p] as [string, number])));

const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/** Evaluates `toks` as one constant expression; throws ConstExprError. */
export function evalConstExpr(toks: readonly CToken[], env: ConstEnv): bigint {
  const p = new Evaluator(toks, env);
  const v = p.ternary();
  if (p.i < toks.length) throw new ConstExprError(`expected end of expression, found '${toks[p.i]!.text}'`, toks[p.i]);
  return v;
}

class Evaluator {
  i = 0;
  constructor(private readonly toks: readonly CToken[], private readonly env: ConstEnv) {}

  private peek(): string | undefined {
    return this.toks[this.i]?.text;
  }

  private expect(text: string): void {
    if (this.peek() !== text) throw new ConstExprError(`expected '${text}'`, this.toks[this.i] ?? this.toks[this.toks.length - 1]);
    this.i++;
  }

  ternary(): bigint {
    const c = this.binary(1);
    if (this.peek() !== "?") return c;
    this.i++;
    const a = this.ternary();
    this.expect(":");
    const b = this.ternary();
    return c !== 0n ? a : b;
  }

  private binary(min: number): bigint {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const prec = op === undefined ? undefined : PRECEDENCE.get(op);
      if (prec === undefined || prec < min) return left;
      this.i++;
      // && and || short-circuit: `defined X && X > 1` must not fail on the right when X is undefined.
      const right = this.binary(prec + 1);
      left = apply(op!, left, right, this.toks[this.i - 1]);
    }
  }

  private unary(): bigint {
    const t = this.toks[this.i];
    if (!t) throw new ConstExprError("expected an expression", this.toks[this.toks.length - 1]);
    switch (t.text) {
      case "-": this.i++; return s64(-this.unary());
      case "+": this.i++; return this.unary();
      case "~": this.i++; return s64(~this.unary());
      case "!": this.i++; return this.unary() === 0n ? 1n : 0n;
      case "(": {
        const ty = this.env.typeAt?.(this.toks, this.i + 1);
        if (ty && this.toks[ty.end]?.text === ")") {
          if (ty.incomplete) throw new ConstExprError(`used type '${ty.incomplete}' where arithmetic or pointer type is required`, this.toks[this.i + 1]);
          // A cast: (unsigned int)-1 keeps the low bits, as C converts.
          this.i = ty.end + 1;
          const v = this.unary();
          return ty.signed ? BigInt.asIntN(ty.bits, v) : BigInt.asUintN(ty.bits, v);
        }
        this.i++;
        const v = this.ternary();
        this.expect(")");
        return v;
      }
    }
    if (t.kind === "id" && t.text === "sizeof") {
      this.i++;
      const paren = this.peek() === "(";
      if (paren) {
        const ty = this.env.typeAt?.(this.toks, this.i + 1);
        if (ty && this.toks[ty.end]?.text === ")") {
          if (ty.incomplete) throw new ConstExprError(`invalid application of 'sizeof' to an incomplete type '${ty.incomplete}'`, this.toks[this.i + 1]);
          this.i = ty.end + 1;
          return BigInt(ty.size);
        }
      }
      throw new ConstExprError("sizeof of an expression is not supported here", t);
    }
    this.i++;
    if (t.kind === "num") {
      const v = intLiteral(t.text);
      if (v === undefined) throw new ConstExprError(`invalid integer constant '${t.text}'`, t);
      if (v > 0xffffffffffffffffn) throw new ConstExprError("integer literal is too large to be represented in any integer type", t);
      return v;
    }
    if (t.kind === "char") return charLiteral(t.text, t) ?? 0n;
    if (t.kind === "id") {
      const v = this.env.ident(t.text, t);
      if (v === undefined) throw new ConstExprError(`use of undeclared identifier '${t.text}'`, t);
      return v;
    }
    throw new ConstExprError(`expected an expression, found '${t.text}'`, t);
  }
}

function apply(op: string, a: bigint, b: bigint, at?: CToken): bigint {
  switch (op) {
    case "||": return a !== 0n || b !== 0n ? 1n : 0n;
    case "&&": return a !== 0n && b !== 0n ? 1n : 0n;
    case "|": return a | b;
    case "^": return a ^ b;
    case "&": return a & b;
    case "==": return a === b ? 1n : 0n;
    case "!=": return a !== b ? 1n : 0n;
    case "<": return a < b ? 1n : 0n;
    case ">": return a > b ? 1n : 0n;
    case "<=": return a <= b ? 1n : 0n;
    case ">=": return a >= b ? 1n : 0n;
    case "<<": return s64(a << (b & 63n));
    case ">>": return a >> (b & 63n);
    case "+": return s64(a + b);
    case "-": return s64(a - b);
    case "*": return s64(a * b);
    case "/":
    case "%":
      if (b === 0n) throw new ConstExprError("division by zero in a constant expression", at);
      return s64(op === "/" ? a / b : a % b);
  }
  throw new ConstExprError(`unknown operator '${op}'`, at);
}

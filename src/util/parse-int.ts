/**
 * Integers given as text on the command line (named options, -p PID), read the way bpftrace reads
 * them (its util/int_parser): `_` separators, `0x`/`0b`/leading-zero octal bases, a one-digit
 * scientific form (`1e6`), C suffixes (`u`, `ul`, `ll`...) and durations (`5ms` in nanoseconds).
 * Failures carry bpftrace's words: `invalid integer`, `invalid trailing bytes`, an overflow.
 */

export type ParsedInt = { value: bigint } | { error: string; overflow: boolean; detail: string };

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const I64_MAX = 0x7fff_ffff_ffff_ffffn;
const U32_MAX = 0xffff_ffffn;

/** Suffix → [largest value it allows, multiplier]. */
const SUFFIXES: Record<string, [bigint, bigint]> = {
  "": [U64_MAX, 1n], u: [U32_MAX, 1n], ul: [U64_MAX, 1n], ull: [U64_MAX, 1n], l: [I64_MAX, 1n], ll: [I64_MAX, 1n],
  ns: [U64_MAX, 1n], us: [U64_MAX, 1_000n], ms: [U64_MAX, 1_000_000n], s: [U64_MAX, 1_000_000_000n],
  m: [U64_MAX, 60_000_000_000n], h: [U64_MAX, 3_600_000_000_000n], d: [U64_MAX, 86_400_000_000_000n],
};

const DIGITS: Record<number, RegExp> = { 2: /^[01]+/, 8: /^[0-7]+/, 10: /^[0-9]+/, 16: /^[0-9a-fA-F]+/ };
const PREFIX: Record<number, string> = { 2: "0b", 8: "0o", 10: "", 16: "0x" };

function formatError(detail: string, num: string): ParsedInt {
  return { error: `${detail}: ${num}`, overflow: false, detail };
}

function overflow(num: string, max: bigint): ParsedInt {
  return { error: `overflow error, maximum value is ${max}: ${num}`, overflow: true, detail: "value is out of range" };
}

/** An unsigned 64-bit integer. */
export function parseUint(num: string, base = 0): ParsedInt {
  const n = num.replace(/_/g, "");
  if (base === 0 && n.length >= 2) {
    if (/^0[xX]/.test(n)) return parseUint(n.slice(2), 16);
    if (/^0[bB]/.test(n)) return parseUint(n.slice(2), 2);
    if (/^0[0-7]/.test(n)) return parseUint(n.slice(1), 8);
  }
  const radix = base === 0 ? 10 : base;
  const digits = DIGITS[radix]!.exec(n)?.[0];
  if (!digits) return formatError("invalid integer", num);
  let value = BigInt(PREFIX[radix] + digits);
  if (value > U64_MAX) return overflow(num, U64_MAX);
  let rest = n.slice(digits.length);
  const exp = /^[eE]([1-9][0-9]*)/.exec(rest);
  if (exp) {
    if (value <= 0n || value >= 10n) return formatError("coefficient part of scientific literal must be 1-9", num);
    const e = Number(exp[1]);
    // 10^20 is past 64 bits already: no need to compute larger powers.
    value = e > 20 ? U64_MAX + 1n : value * 10n ** BigInt(e);
    if (value > U64_MAX) return overflow(num, U64_MAX);
    rest = rest.slice(exp[0].length);
  }
  const spec = SUFFIXES[rest];
  if (!spec) return formatError("invalid trailing bytes", num);
  const [max, mult] = spec;
  if (value > max / mult) return overflow(num, max);
  return { value: value * mult };
}

/** A signed 64-bit integer: an optional `-`, then what parseUint reads. */
export function parseInt64(num: string): ParsedInt {
  if (num === "") return { value: 0n };
  if (num.startsWith("-")) {
    const r = parseUint(num.slice(1));
    if ("error" in r) return r;
    if (r.value > I64_MAX + 1n) return overflow(num, I64_MAX);
    return { value: -r.value };
  }
  const r = parseUint(num);
  if ("error" in r) return r;
  if (r.value > I64_MAX) return overflow(num, I64_MAX);
  return r;
}

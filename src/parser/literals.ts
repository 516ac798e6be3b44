/**
 * Integer and string literals, decoded the way bpftrace decodes them (its lexer.l and
 * util/int_parser.cpp), with bpftrace's error words.
 *
 * Integers: decimal with `_` separators (`1_000`), hex `0x1f` (separators allowed, as current
 * bpftrace), octal `0777`, scientific `2e3` (an integer: the coefficient is one digit 1-9), and a
 * suffix: C's `u l ul ll ull` (which bound the value) or a duration `ns us ms s m h d` (which
 * multiplies it to nanoseconds: `5ms` is 5000000). Binary `0b101` is not bpftrace syntax (its lexer
 * reads `0` then `b101`), so it is not ours either.
 *
 * Strings: `\n \t \r \" \\`, octal `\NNN` (at most 255) and hex `\xNN`/`\XNN`; any other escape is an
 * error, as in bpftrace (`\a`, `\e`, `\'` included). A decoded string is a byte string (one JS
 * character per byte, util/byte-strings.ts): `\xC0` is the one byte 0xC0, and text written in the
 * source (`"é"`) is its UTF-8 bytes, as bpftrace stores both.
 */

import { toByteString } from "../util/byte-strings.js";

/** A literal that could not be decoded: [start, end) offsets and bpftrace's message. */
export class LiteralError extends Error {
  constructor(readonly start: number, readonly end: number, message: string) {
    super(message);
  }
}

const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** Suffix → [largest value allowed before scaling, multiplier]. */
const SUFFIXES: Record<string, [bigint, bigint]> = {
  "": [U64_MAX, 1n],
  u: [0xffff_ffffn, 1n],
  ul: [U64_MAX, 1n],
  ull: [U64_MAX, 1n],
  l: [0x7fff_ffff_ffff_ffffn, 1n],
  ll: [0x7fff_ffff_ffff_ffffn, 1n],
  ns: [U64_MAX, 1n],
  us: [U64_MAX, 1_000n],
  ms: [U64_MAX, 1_000_000n],
  s: [U64_MAX, 1_000_000_000n],
  m: [U64_MAX, 60_000_000_000n],
  h: [U64_MAX, 3_600_000_000_000n],
  d: [U64_MAX, 86_400_000_000_000n],
};

/** bpftrace's lexer patterns (lexer.l): a decimal with `_` separators that ends in a digit, a C or
 * duration suffix, an exponent; hex digits may also be separated (current bpftrace). */
const DECIMAL = "[0-9](?:[0-9_]*[0-9])?";
const SUFFIX = "(?:ns|us|ms|[uU]?[lL]?[lL]|[uU]|[smhd])";
const INTEGER_RE = new RegExp(`^(?:0[xX][0-9a-fA-F](?:[0-9a-fA-F_]*[0-9a-fA-F])?|${DECIMAL}${SUFFIX}?(?:[eE]${DECIMAL}${SUFFIX}?)?)`);

/**
 * Reads the integer literal starting at `start` (a digit): the longest text bpftrace's lexer takes
 * as one, so whatever follows (`1ulll`, `5e-9`, `1_`) becomes the next token and the syntax error is
 * where bpftrace puts it. Returns its end offset and value.
 */
export function readInteger(text: string, start: number): [end: number, value: bigint] {
  // Most literals are a few plain digits: read those without a regular expression or a slice.
  let j = start;
  while (j < text.length && j - start < 15 && isDigitCode(text.charCodeAt(j))) j++;
  if (!(j - start > 1 && text.charCodeAt(start) === 48) && !(j < text.length && isLiteralTail(text.charCodeAt(j)))) {
    return [j, BigInt(Number(text.slice(start, j)))];
  }
  const raw = INTEGER_RE.exec(text.slice(start, start + 200))![0];
  const end = start + raw.length;
  const fail = (message: string): never => {
    throw new LiteralError(start, end, message);
  };
  const invalid = (): never => fail(`invalid trailing bytes: ${raw}`);

  if (/^0[xX]/.test(raw)) return [end, checked(BigInt("0x" + raw.slice(2).replace(/_/g, "")), "", raw, fail)];

  // As bpftrace's int_parser: digits, then an exponent, then the suffix (`1ue3` is invalid).
  const m = /^([0-9_]+)(?:[eE]([0-9_]+))?([A-Za-z]*)$/.exec(raw);
  if (!m) return invalid();
  const [, coefficient, exponent, suffixText] = m as unknown as [string, string, string | undefined, string];
  const digits = coefficient.replace(/_/g, "");
  const suffix = normaliseSuffix(suffixText);
  if (!(suffix in SUFFIXES)) return invalid();
  let value: bigint;
  if (exponent !== undefined) {
    if (!/^[1-9]$/.test(digits)) fail(`coefficient part of scientific literal must be 1-9: ${raw}`);
    const e = Number(exponent.replace(/_/g, ""));
    // 10^20 already exceeds 64 bits; stop before computing a huge power.
    value = e > 20 ? U64_MAX + 1n : BigInt(digits) * 10n ** BigInt(e);
  } else if (digits.length > 1 && digits.startsWith("0")) {
    if (!/^[0-7]+$/.test(digits)) return invalid();
    value = BigInt("0o" + digits.slice(1));
  } else {
    value = BigInt(digits);
  }
  return [end, checked(value, suffix, raw, fail)];
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
/** A character that may continue an integer literal past its digits: more digits, `_`, `x`, a suffix or exponent letter. */
const isLiteralTail = (c: number): boolean => isDigitCode(c) || c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** C suffixes are case-insensitive (`10UL`); durations are lower case only. */
function normaliseSuffix(s: string): string {
  return /^[uUlL]+$/.test(s) ? s.toLowerCase() : s;
}

function checked(value: bigint, suffix: string, raw: string, fail: (m: string) => never): bigint {
  const [max, mult] = SUFFIXES[suffix]!;
  if (value > max / mult) fail(`overflow error, maximum value is ${max}: ${raw}`);
  return value * mult;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };

/**
 * Reads the string literal whose opening quote is at `start`. Returns the offset after the closing
 * quote and the decoded text. A string ends at its line: a newline before the closing quote is an
 * "unterminated string" (spanning the string up to the end of that line).
 */
export function readString(text: string, start: number): [end: number, value: string] {
  let j = start + 1;
  let out = "";
  const n = text.length;
  for (;;) {
    if (j >= n || text[j] === "\n") {
      const e = text[j - 1] === "\r" ? j - 1 : j;
      throw new LiteralError(start, e, "unterminated string");
    }
    const c = text[j]!;
    if (c === '"') return [j + 1, out];
    if (c !== "\\") {
      // Source text: its UTF-8 bytes (a character outside the BMP is two UTF-16 units).
      const ch = c.charCodeAt(0) < 0x80 ? c : String.fromCodePoint(text.codePointAt(j)!);
      out += toByteString(ch);
      j += ch.length;
      continue;
    }
    const d = text[j + 1] ?? "";
    const simple = SIMPLE_ESCAPES[d];
    if (simple !== undefined) {
      out += simple;
      j += 2;
    } else if (d === "x" || d === "X") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(j + 2, j + 4));
      if (!m) throw new LiteralError(start, j + 2, `invalid escape character '\\${d}'`);
      out += String.fromCharCode(parseInt(m[0], 16));
      j += 2 + m[0].length;
    } else if (d >= "0" && d <= "7") {
      const m = /^[0-7]{1,3}/.exec(text.slice(j + 1, j + 4))!;
      const v = parseInt(m[0], 8);
      if (v > 255) throw new LiteralError(start, j + 1 + m[0].length, `octal escape sequence out of range '\\${m[0]}'`);
      out += String.fromCharCode(v);
      j += 1 + m[0].length;
    } else if (d === "" || d === "\n") {
      throw new LiteralError(start, j + 1, "unterminated string");
    } else {
      const ch = String.fromCodePoint(text.codePointAt(j + 1)!);
      throw new LiteralError(start, j + 1 + ch.length, `invalid escape character '\\${ch}'`);
    }
  }
}

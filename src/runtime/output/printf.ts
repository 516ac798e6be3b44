/**
 * printf formatting as bpftrace does it: bpftrace hands each argument to C's printf as a 64-bit
 * value, so the conversion's length modifier decides the width that is printed (`%d` prints the
 * low 32 bits as an int, `%ld`/`%lld` all 64, `%hd` 16, `%hhd` 8; bpftrace 0.17 prints
 * `printf("%x", -1)` as `ffffffff`). The format is parsed once, at compile time
 * (util/format-string.ts), and reused for every record.
 */
import type { FormatSpec, ParsedFormat } from "../../util/format-string.js";
import { formatValue } from "./text.js";
import { formatGfpFlags } from "./gfp-flags.js";
import type { Value } from "../../plan/value.js";

export function formatPrintf(f: ParsedFormat, args: Value[]): string {
  let out = "";
  let n = 0;
  for (const seg of f.segments) out += typeof seg === "string" ? seg : formatOne(seg, args[n++] ?? { kind: "none" });
  return out;
}

function bitsOf(length: FormatSpec["length"]): number {
  return length === "hh" ? 8 : length === "h" ? 16 : length === "l" || length === "ll" ? 64 : 32;
}

function asBigInt(v: Value): bigint {
  if (v.kind === "int") return v.value;
  if (v.kind === "bool") return v.value ? 1n : 0n;
  return 0n;
}

function pad(body: string, spec: FormatSpec, numeric: boolean): string {
  const width = spec.width ?? 0;
  if (body.length >= width) return body;
  if (spec.flags.includes("-")) return body.padEnd(width);
  if (numeric && spec.flags.includes("0") && spec.precision === undefined) {
    const sign = /^[-+ ]/.test(body) ? body[0]! : "";
    const prefix = /^[-+ ]?0[xX]/.test(body) ? body.slice(sign.length, sign.length + 2) : "";
    const digits = body.slice(sign.length + prefix.length);
    return sign + prefix + digits.padStart(width - sign.length - prefix.length, "0");
  }
  return body.padStart(width);
}

function withPrecision(digits: string, precision: number | undefined): string {
  if (precision === undefined) return digits;
  if (precision === 0 && digits === "0") return "";
  return digits.padStart(precision, "0");
}

function formatOne(spec: FormatSpec, v: Value): string {
  const conv = spec.conversion;
  if (conv === "s" || conv.startsWith("r")) {
    let s: string;
    if (conv === "s") s = v.kind === "str" ? v.value : formatValue(v);
    else {
      const bytes = v.kind === "buf" ? v.bytes : Buffer.from(v.kind === "str" ? v.value : formatValue(v), "latin1");
      s = conv === "r" ? formatValue({ kind: "buf", bytes }) : hexBytes(bytes, conv === "rx");
    }
    if (spec.precision !== undefined) s = s.slice(0, spec.precision);
    return pad(s, spec, false);
  }
  // GFP allocation flags by name (`%gr`, current bpftrace's).
  if (conv === "gr") return pad(formatGfpFlags(BigInt.asUintN(64, asBigInt(v))), spec, false);
  if (conv === "c") return pad(String.fromCharCode(Number(BigInt.asUintN(8, asBigInt(v)))), spec, false);
  const bits = conv === "p" ? 64 : bitsOf(spec.length);
  const raw = asBigInt(v);
  let body: string;
  switch (conv) {
    case "d":
    case "i": {
      const n = BigInt.asIntN(bits, raw);
      const digits = withPrecision((n < 0n ? -n : n).toString(), spec.precision);
      const sign = n < 0n ? "-" : spec.flags.includes("+") ? "+" : spec.flags.includes(" ") ? " " : "";
      body = sign + digits;
      break;
    }
    case "u":
      body = withPrecision(BigInt.asUintN(bits, raw).toString(), spec.precision);
      break;
    case "x":
    case "X":
    case "p": {
      const n = BigInt.asUintN(bits, raw);
      let digits = withPrecision(n.toString(16), spec.precision);
      if (conv === "X") digits = digits.toUpperCase();
      const alt = conv === "p" || (spec.flags.includes("#") && n !== 0n);
      body = (alt ? (conv === "X" ? "0X" : "0x") : "") + digits;
      break;
    }
    case "o": {
      const n = BigInt.asUintN(bits, raw);
      const digits = withPrecision(n.toString(8), spec.precision);
      body = spec.flags.includes("#") && !digits.startsWith("0") ? `0${digits}` : digits;
      break;
    }
    default:
      body = raw.toString();
  }
  return pad(body, spec, true);
}

/** `%rx`: every byte as `\xNN`; `%rh`: bytes as hex pairs separated by spaces (bpftrace's forms). */
function hexBytes(bytes: Uint8Array, escaped: boolean): string {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0"));
  return escaped ? hex.map((h) => `\\x${h}`).join("") : hex.join(" ");
}

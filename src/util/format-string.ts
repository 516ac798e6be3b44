/**
 * printf-style format strings as bpftrace reads them: the directives and the literal text between
 * them. A leaf module: the checker validates formats with it at compile time, and the runtime
 * (runtime/output/printf.ts) formats records with the same parse.
 */

export interface FormatSpec {
  /** The whole directive as written, e.g. `%-10s`. */
  text: string;
  conversion: string;
  flags: string;
  width?: number;
  precision?: number;
  length: "" | "h" | "hh" | "l" | "ll";
}

export interface ParsedFormat {
  segments: (string | FormatSpec)[];
}

/**
 * A directive as bpftrace recognises it. Anything else after a `%` is literal text, as in
 * bpftrace 0.17 (`printf("%y")` prints `%y`); 0.17 also leaves `%i`, `%+d`, `% d` and `%#x`
 * literal, but current bpftrace accepts them, and so do we (with C's meaning).
 */
const DIRECTIVE = /%([-+ #0]*)(\d+)?(?:\.(\d+))?(hh|h|ll|l|z|j|t)?(rx|rh|r|gr|[diuxXoscp])/y;
/** Recognised by current bpftrace's parser but not printable: a compile error, not text. */
const UNSUPPORTED = /%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|L|z|j|t)?([eEfFgGaAn])/y;

/** The largest field width or precision: C allows up to INT_MAX, which no output needs. */
const MAX_FIELD = 1_000_000;

export function parseFormat(fmt: string): ParsedFormat | { error: string; offset: number } {
  const segments: (string | FormatSpec)[] = [];
  let text = "";
  for (let i = 0; i < fmt.length; ) {
    const c = fmt[i]!;
    if (c !== "%") {
      text += c;
      i++;
      continue;
    }
    if (fmt[i + 1] === "%") {
      text += "%";
      i += 2;
      continue;
    }
    DIRECTIVE.lastIndex = i;
    let m = DIRECTIVE.exec(fmt);
    // bpftrace takes a length modifier on integer conversions only: `%ls` is text.
    if (m && m[4] !== undefined && !/^[diuxXo]$/.test(m[5]!)) m = null;
    if (!m) {
      UNSUPPORTED.lastIndex = i;
      const u = UNSUPPORTED.exec(fmt);
      if (u) return { error: `unsupported format specifier: ${u[1]}`, offset: i };
      text += c;
      i++;
      continue;
    }
    // A width or precision must leave a string JavaScript can build (and a terminal can show).
    for (const [what, n] of [["field width", m[2]], ["precision", m[3]]] as const) {
      if (n !== undefined && Number(n) > MAX_FIELD) return { error: `${what} ${n} is too large (at most ${MAX_FIELD})`, offset: i };
    }
    if (text) segments.push(text);
    text = "";
    const length = (m[4] === "z" || m[4] === "j" || m[4] === "t" ? "l" : m[4] ?? "") as FormatSpec["length"];
    segments.push({
      text: m[0],
      flags: m[1] ?? "",
      width: m[2] === undefined ? undefined : Number(m[2]),
      precision: m[3] === undefined ? undefined : Number(m[3]),
      length,
      conversion: m[5]!,
    });
    i += m[0].length;
  }
  if (text) segments.push(text);
  return { segments };
}

export function specifiers(f: ParsedFormat): FormatSpec[] {
  return f.segments.filter((s): s is FormatSpec => typeof s !== "string");
}

/** bpftrace's message when the argument count does not match the format, or undefined. */
export function printfArgError(f: ParsedFormat, argCount: number): string | undefined {
  const expected = specifiers(f).length;
  if (argCount < expected) return `printf: Not enough arguments for format string (${argCount} supplied, ${expected} expected)`;
  if (argCount > expected) return `printf: Too many arguments for format string (${argCount} supplied, ${expected} expected)`;
  return undefined;
}

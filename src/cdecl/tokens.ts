/**
 * C tokens for the preprocessor and the declaration parser. Each token knows where it came from
 * (a file and a 1-based line and column), so errors in a script's C or in a header can be placed.
 */
export type CTokenKind = "id" | "num" | "str" | "char" | "punct";

export interface CLoc {
  /** The file the token was read from (the script's name for its own C). */
  file: string;
  line: number;
  col: number;
  /** Set for the script's own C: where bpftrace's virtual `definitions.h` has it (its error text). */
  script?: boolean;
  defLine?: number;
  defCol?: number;
}

export interface CToken {
  kind: CTokenKind;
  text: string;
  loc: CLoc;
  /** Whitespace came before it (a function-like macro is `NAME(` with no space). */
  spaceBefore: boolean;
  /** Macro names this token came out of (expanding one again inside itself is not done, as in C). */
  hide?: ReadonlySet<string>;
}

const PUNCTS = [
  "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=", "+=", "-=",
  "&=", "^=", "|=", "##",
];

/** One logical source line (backslash-newlines joined) split into tokens; comments are gone already. */
export function tokenizeLine(text: string, file: string, line: number, colOf: (i: number) => number): CToken[] {
  const out: CToken[] = [];
  let i = 0;
  let space = false;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\f" || c === "\v" || c === "\r") {
      i++;
      space = true;
      continue;
    }
    const start = i;
    let kind: CTokenKind;
    const prefixed = (c === "L" || c === "u" || c === "U") && (text[i + 1] === '"' || text[i + 1] === "'");
    if (/[A-Za-z_$]/.test(c) && !prefixed) {
      while (i < text.length && /[A-Za-z0-9_$]/.test(text[i]!)) i++;
      kind = "id";
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      // A pp-number: digits, letters, dots and exponent signs.
      i++;
      while (i < text.length && (/[A-Za-z0-9_.]/.test(text[i]!) || ((text[i] === "+" || text[i] === "-") && /[eEpP]/.test(text[i - 1]!)))) i++;
      kind = "num";
    } else if (c === '"' || c === "'" || prefixed) {
      if (c !== '"' && c !== "'") i++;
      const q = text[i]!;
      i++;
      while (i < text.length && text[i] !== q) i += text[i] === "\\" ? 2 : 1;
      i++;
      kind = q === '"' ? "str" : "char";
    } else {
      const p = PUNCTS.find((s) => text.startsWith(s, i));
      i += p ? p.length : 1;
      kind = "punct";
    }
    out.push({ kind, text: text.slice(start, i), loc: { file, line, col: colOf(start) }, spaceBefore: space });
    space = false;
  }
  return out;
}

/** A logical line of a C file: its text with comments replaced by a space, and where it starts. */
export interface LogicalLine {
  text: string;
  line: number;
  /** Column in the original file of each character of `text` (1-based). */
  cols: number[];
}

/**
 * Splits C source into logical lines: backslash-newline joins lines, comments become one space
 * (a block comment may span lines; the line it ends on continues the logical line it began on).
 */
export function logicalLines(src: string, firstLine = 1, firstCol = 1): LogicalLine[] {
  const out: LogicalLine[] = [];
  let line = firstLine;
  let col = firstCol;
  let cur: LogicalLine = { text: "", line, cols: [] };
  const push = (ch: string, at: number): void => {
    cur.text += ch;
    cur.cols.push(at);
  };
  for (let i = 0; i < src.length; ) {
    const c = src[i]!;
    if (c === "\\" && (src[i + 1] === "\n" || (src[i + 1] === "\r" && src[i + 2] === "\n"))) {
      i += src[i + 1] === "\n" ? 2 : 3;
      line++;
      col = 1;
      continue;
    }
    if (c === "\n") {
      out.push(cur);
      i++;
      line++;
      col = 1;
      cur = { text: "", line, cols: [] };
      continue;
    }
    if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") {
        // A line comment ends at a newline, unless it is escaped.
        if (src[i] === "\\" && src[i + 1] === "\n") {
          i += 2;
          line++;
          continue;
        }
        i++;
      }
      continue;
    }
    if (c === "/" && src[i + 1] === "*") {
      push(" ", col);
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (let j = i; j < stop; j++) {
        if (src[j] === "\n") {
          line++;
          col = 1;
        } else col++;
      }
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      // Copy a literal whole, so `//` or `/*` inside it are not comments.
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== "\n") j += src[j] === "\\" ? 2 : 1;
      for (; i <= j && i < src.length; i++) push(src[i]!, col++);
      continue;
    }
    push(c, col++);
    i++;
  }
  out.push(cur);
  return out;
}

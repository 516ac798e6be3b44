/**
 * Whether text typed at the prompt is finished: an open block, bracket, string or comment means the
 * user goes on typing on the next line (the REPL shows its continuation prompt).
 */
export interface Openness {
  /** Unclosed `{ ( [` (`< >` probe bodies are left to the parser); 0 after a mismatched closer. */
  depth: number;
  inString: boolean;
  inComment: boolean;
}

const CLOSER: Record<string, string> = { "}": "{", ")": "(", "]": "[" };

export function scanOpen(text: string): Openness {
  const open: string[] = [];
  let inString = false;
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inComment) {
      if (c === "*" && text[i + 1] === "/") {
        inComment = false;
        i++;
      }
    } else if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "/" && text[i + 1] === "*") {
      inComment = true;
      i++;
    } else if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      if (nl < 0) break;
      i = nl;
    } else if (c === "{" || c === "(" || c === "[") open.push(c);
    else if (CLOSER[c]) {
      // A closer that does not match is a mistake to report now, not a reason to wait for more.
      if (open.pop() !== CLOSER[c]) return { depth: 0, inString: false, inComment: false };
    }
  }
  return { depth: open.length, inString, inComment };
}

export function isUnfinished(text: string): boolean {
  const o = scanOpen(text);
  return o.depth > 0 || o.inString || o.inComment;
}

/**
 * A string continued on the next line holds that newline: the language has no raw newlines in
 * string literals, so the line break becomes `\n`.
 */
export function joinContinuedStrings(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString && c === "\\") {
      out += c + (text[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    out += inString && c === "\n" ? "\\n" : c;
  }
  return out;
}

/**
 * A multi-line statement as one history line (history is stored a line per entry): strings keep
 * their line breaks as `\n`, line comments become block comments, and the lines join with a space.
 */
export function historyLine(text: string): string {
  const lines: string[] = [];
  let inString = false;
  let inComment = false;
  for (const line of joinContinuedStrings(text).split("\n")) {
    let out = line;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (inComment) {
        if (c === "*" && line[i + 1] === "/") (inComment = false), i++;
      } else if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "/" && line[i + 1] === "*") (inComment = true), i++;
      else if (c === "/" && line[i + 1] === "/") {
        const note = line.slice(i + 2);
        out = line.slice(0, i) + (note.includes("*/") ? "" : `/*${note}*/`);
        break;
      }
    }
    if (out.trim()) lines.push(out.trim());
  }
  return lines.join(" ");
}

/**
 * The colon-separated parts of an attach point's text, where a part may be double-quoted to hold
 * colons or quotes: `./app:test:"\"probe1\""` → `./app`, `test`, `"probe1"`. Inside quotes `\"`
 * is a quote and `\\` a backslash; the quotes themselves are removed.
 */
export function splitAttachParts(text: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\")) {
      cur += text[++i];
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ":" && !quoted) {
      parts.push(cur);
      cur = "";
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

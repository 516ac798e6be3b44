/**
 * Output text is a "byte string": one JS character per byte (0..255), as the kernel's strings are
 * decoded (latin1), so a string is printed byte for byte as bpftrace prints it, valid UTF-8 or not.
 * Text from the program's source (printf formats, join separators) is UTF-8 encoded into that form
 * before it is combined with kernel data; outputs write byte strings with the latin1 encoding.
 */

/** Source text (any Unicode) as the byte string of its UTF-8 encoding. */
export function toByteString(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, "utf8").toString("latin1");
}

/** A byte string read back as UTF-8, for places that show Unicode text (a terminal UI, stderr). */
export function fromByteString(bytes: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(bytes) ? bytes : Buffer.from(bytes, "latin1").toString("utf8");
}

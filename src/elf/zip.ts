/**
 * Files stored uncompressed inside a zip archive (`app.zip!/lib/libfoo.so`, as Android packages
 * carry their libraries): the kernel maps and probes them at their offset in the archive, so a
 * uprobe on one is a uprobe on the archive file at that offset. Only the central directory is
 * read; a compressed member cannot be probed and is reported as absent.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

export interface ZipMember {
  /** Where the member's bytes start in the archive. */
  offset: number;
  size: number;
}

const EOCD_SIG = 0x06054b50, CDIR_SIG = 0x02014b50, LOCAL_SIG = 0x04034b50;
const STORED = 0;

/** `archive!/member` → its two parts, when the archive part names an existing file. */
export function splitArchivePath(path: string): { archive: string; member: string } | undefined {
  const bang = path.indexOf("!/");
  if (bang <= 0) return undefined;
  return { archive: path.slice(0, bang), member: path.slice(bang + 2) };
}

/** The stored (uncompressed) member `name` of the zip file `archive`, or undefined. */
export function findStoredMember(archive: string, name: string): ZipMember | undefined {
  let fd: number;
  try {
    fd = openSync(archive, "r");
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const read = (off: number, len: number): Buffer => {
      const b = Buffer.alloc(Math.max(0, Math.min(len, size - off)));
      if (b.length > 0) readSync(fd, b, 0, b.length, off);
      return b;
    };
    // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = read(size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD_SIG) { eocd = i; break; }
    if (eocd < 0) return undefined;
    const entries = tail.readUInt16LE(eocd + 10);
    const dir = read(tail.readUInt32LE(eocd + 16), tail.readUInt32LE(eocd + 12));
    for (let o = 0, i = 0; i < entries && o + 46 <= dir.length; i++) {
      if (dir.readUInt32LE(o) !== CDIR_SIG) return undefined;
      const method = dir.readUInt16LE(o + 10);
      const compressed = dir.readUInt32LE(o + 20);
      const nameLen = dir.readUInt16LE(o + 28), extraLen = dir.readUInt16LE(o + 30), commentLen = dir.readUInt16LE(o + 32);
      const local = dir.readUInt32LE(o + 42);
      const entryName = dir.toString("utf8", o + 46, o + 46 + nameLen);
      o += 46 + nameLen + extraLen + commentLen;
      if (entryName !== name) continue;
      if (method !== STORED) return undefined;
      const lh = read(local, 30);
      if (lh.length < 30 || lh.readUInt32LE(0) !== LOCAL_SIG) return undefined;
      return { offset: local + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28), size: compressed };
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

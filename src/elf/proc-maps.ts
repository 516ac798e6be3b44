/** /proc/PID/maps: which file is mapped where in a process, for library lookup and symbolizing. */
import { readFileSync } from "node:fs";

export interface Mapping {
  start: number;
  end: number;
  perms: string;
  /** File offset of `start`. */
  offset: number;
  inode: number;
  /** The mapped file's path, or a pseudo name like `[stack]`, or "" for anonymous memory. */
  path: string;
}

export function parseMaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]+)-([0-9a-f]+)\s+(\S+)\s+([0-9a-f]+)\s+\S+\s+(\d+)\s*(.*)$/.exec(line);
    if (!m) continue;
    out.push({
      start: parseInt(m[1]!, 16), end: parseInt(m[2]!, 16), perms: m[3]!, offset: parseInt(m[4]!, 16),
      inode: Number(m[5]), path: m[6]!.replace(/ \(deleted\)$/, ""),
    });
  }
  return out;
}

/** The mappings of a live process; undefined when it is gone or unreadable. */
export function readMaps(pid: number): Mapping[] | undefined {
  try {
    return parseMaps(readFileSync(`/proc/${pid}/maps`, "utf8"));
  } catch {
    return undefined;
  }
}

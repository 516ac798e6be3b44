/**
 * System call names by number, for syscall_name(). The kernel keeps no such table where user
 * space can read it, so it comes from the uapi header the system's libc is built with
 * (`#define __NR_read 0` in asm/unistd_64.h on x86_64), read on first use.
 */
import { readFileSync } from "node:fs";

const HEADERS: Record<string, string[]> = {
  x64: ["/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "/usr/include/asm/unistd_64.h"],
  arm64: ["/usr/include/aarch64-linux-gnu/asm/unistd.h", "/usr/include/asm-generic/unistd.h"],
};

let names: Map<number, string> | undefined;

/** `#define __NR_<name> <number>` lines of a header. */
export function parseSyscallHeader(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of text.matchAll(/^#define\s+__NR(?:3264)?_(\w+)\s+(\d+)\s*$/gm)) {
    if (!out.has(Number(m[2]))) out.set(Number(m[2]), m[1]!);
  }
  return out;
}

/** The name of system call `nr` on this machine's architecture, or its number when unknown. */
export function syscallName(nr: number): string {
  if (!names) {
    names = new Map();
    for (const file of HEADERS[process.arch] ?? []) {
      try {
        names = parseSyscallHeader(readFileSync(file, "utf8"));
        if (names.size > 0) break;
      } catch {
        // not installed here: try the next place
      }
    }
  }
  return names.get(nr) ?? String(nr);
}

/**
 * Which file `uprobe:TARGET:...` means, as bpftrace decides: a path when TARGET has a slash;
 * otherwise a library by name (`libc` or `c` → the libc.so.6 the dynamic loader would pick, from
 * the process's own mappings with -p, else ld.so.cache, else the standard library folders),
 * otherwise an executable found in $PATH.
 */
import { accessSync, constants, existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { readMaps } from "./proc-maps.js";
import { splitArchivePath } from "./zip.js";

/** The ELF flags ld.so.cache gives x86-64 libc6 libraries (FLAG_ELF_LIBC6 | FLAG_X8664_LIB64). */
const X86_64_LIB = 0x0303;
const LIB_DIRS = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib"];

export function resolveBinary(target: string, pid?: number): string | undefined {
  if (target.includes("/")) {
    // With -p the path is the process's view of its file system (containers).
    if (pid !== undefined && path.isAbsolute(target) && existsSync(`/proc/${pid}/root${target}`)) return `/proc/${pid}/root${target}`;
    if (existsSync(target)) return target;
    // A file inside a zip archive: app.zip!/lib/libfoo.so.
    const inArchive = splitArchivePath(target);
    return inArchive && existsSync(inArchive.archive) ? target : undefined;
  }
  // A full soname (libc.so.6) is looked up as the dynamic loader would, by that exact name.
  if (/\.so(\.|$)/.test(target)) {
    if (pid !== undefined) {
      const m = (readMaps(pid) ?? []).find((m) => path.basename(m.path) === target);
      if (m) return `/proc/${pid}/root${m.path}`;
    }
    return fromLdCache(target, true) ?? fromLibDirs(target, true);
  }
  const stem = target.startsWith("lib") ? target : `lib${target}`;
  if (pid !== undefined) {
    for (const m of readMaps(pid) ?? []) {
      const base = path.basename(m.path);
      if (base === target || base.startsWith(`${stem}.so`) || base.startsWith(`${stem}-`)) return `/proc/${pid}/root${m.path}`;
    }
  }
  return fromLdCache(stem) ?? fromLibDirs(stem) ?? whichExecutable(target);
}

/** Entries of /etc/ld.so.cache (the "glibc-ld.so.cache1.1" format), name → path, x86-64 only. */
export function parseLdCache(buf: Buffer): { name: string; path: string }[] {
  const magic = "glibc-ld.so.cache1.1";
  let base = buf.indexOf(magic, 0, "latin1");
  if (base < 0) return [];
  const n = buf.readUInt32LE(base + 20);
  const out: { name: string; path: string }[] = [];
  const entries = base + 48;
  for (let i = 0; i < n; i++) {
    const e = entries + i * 24;
    if (e + 24 > buf.length) break;
    const flags = buf.readInt32LE(e);
    if ((flags & 0xffff) !== X86_64_LIB) continue;
    out.push({ name: cstr(buf, base + buf.readUInt32LE(e + 4)), path: cstr(buf, base + buf.readUInt32LE(e + 8)) });
  }
  return out;
}

let ldCache: { name: string; path: string }[] | undefined;

function fromLdCache(stem: string, exact = false): string | undefined {
  try {
    ldCache ??= parseLdCache(readFileSync("/etc/ld.so.cache"));
  } catch {
    ldCache = [];
  }
  return ldCache.find((e) => (exact ? e.name === stem : e.name.startsWith(`${stem}.so`)))?.path;
}

function fromLibDirs(stem: string, exact = false): string | undefined {
  for (const dir of LIB_DIRS) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    const hit = names.filter((n) => (exact ? n === stem : n.startsWith(`${stem}.so`))).sort()[0];
    if (hit) return path.join(dir, hit);
  }
  return undefined;
}

function whichExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

function cstr(b: Buffer, o: number): string {
  const end = b.indexOf(0, o);
  return b.toString("utf8", o, end < 0 ? b.length : end);
}

/**
 * Which files a uprobe or usdt attach point's BINARY part names: a path, a library or program by
 * name, a glob over paths, or `*` (every file a process maps).
 */
import { readdirSync, statSync, accessSync, constants, existsSync } from "node:fs";
import { splitArchivePath } from "./zip.js";
import { ET_DYN, ET_EXEC, openElfCached } from "./elf.js";
import { readMaps } from "./proc-maps.js";
import { resolveBinary } from "./resolve-binary.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import { expandPathGlob } from "../util/path-glob.js";

/**
 * The files BINARY names, or an error message in bpftrace's words. With a pid (-p), `*` (or
 * nothing) is every file the process maps, seen through its root; without one, `*` is every file
 * any process maps. A -c command (`commandExe`) has not been exec'd yet when probes resolve, so
 * there `*` is the command's executable, and libraries by name are found as the loader would.
 */
export function probeFiles(kind: "uprobe" | "usdt", binary: string, pid?: number, commandExe?: string): string[] | string {
  // A glob over paths (`./bin/app*`) names files on disk, with -c as without it.
  if (commandExe !== undefined && (binary === "" || binary === "*")) return [commandExe];
  if (commandExe !== undefined) pid = undefined;
  if (binary === "" || (hasWildcard(binary) && pid !== undefined)) {
    if (pid === undefined) return `${kind} probe must specify at least path or pid to probe. To target all paths/pids set the path to '*'.`;
    const files = mappedFiles([pid], true);
    if (binary === "" || binary === "*") return files;
    const re = globToRegExp(binary.startsWith("/") ? `*${binary}` : binary);
    return files.filter((f) => re.test(f));
  }
  if (binary === "*") return mappedFiles(allPids());
  if (hasWildcard(binary)) return expandPathGlob(binary).filter(isProbeableElf);
  const path = resolveBinary(binary, pid);
  if (!path || !isProbeableElf(path)) return `${kind} target file '${binary}' does not exist or is not executable`;
  return [path];
}

/** Executables we may run and shared objects: what bpftrace accepts as a uprobe or usdt target. */
export function isProbeableElf(path: string): boolean {
  try {
    // A member of a zip archive is checked as the archive file on disk.
    const onDisk = existsSync(path) ? path : splitArchivePath(path)?.archive ?? path;
    if (!statSync(onDisk).isFile()) return false;
    const elf = openElfCached(path);
    if (elf.type === ET_DYN) return true;
    if (elf.type !== ET_EXEC) return false;
    if (onDisk === path) accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The distinct files the processes map executable, in the order first seen. `throughRoot`: named
 * through /proc/PID/root, as the process sees them (it may live in another mount namespace).
 */
function mappedFiles(pids: readonly number[], throughRoot = false): string[] {
  const files = new Set<string>();
  for (const pid of pids) {
    for (const m of readMaps(pid) ?? []) {
      if (m.perms.includes("x") && m.path.startsWith("/")) files.add(throughRoot ? `/proc/${pid}/root${m.path}` : m.path);
    }
  }
  return [...files].filter(isProbeableElf);
}

function allPids(): number[] {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
}


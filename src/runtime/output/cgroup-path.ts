/**
 * cgroup_path(id[, filter]): the paths of cgroup `id` in the mounted cgroup hierarchies, as
 * bpftrace prints them: `unified:/system.slice/x.service` for cgroup v2 first, then each v1
 * hierarchy by name (`cpu:/...`), joined by commas. A cgroup's id is its directory's inode number.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** The mounted hierarchies: [name, mount point], v2 ("unified") first, v1 sorted by name. */
function hierarchies(): [string, string][] {
  const v1: [string, string][] = [];
  const v2: [string, string][] = [];
  let mounts = "";
  try {
    mounts = readFileSync("/proc/mounts", "utf8");
  } catch {
    return [];
  }
  for (const line of mounts.split("\n")) {
    const [type, dir] = line.split(" ");
    if (!dir || (type !== "cgroup" && type !== "cgroup2")) continue;
    if (type === "cgroup2") v2.push(["unified", dir]);
    else v1.push([path.basename(dir), dir]);
  }
  v1.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
  return [...v2, ...v1];
}

const cache = new Map<string, string>();

function inode(p: string): bigint | undefined {
  try {
    return statSync(p, { bigint: true }).ino;
  } catch {
    return undefined;
  }
}

/** The path of the cgroup directory with inode `id` below `root` ("/" for the root), or "". */
function pathIn(root: string, id: bigint): string {
  const key = `${root}\0${id}`;
  const cached = cache.get(key);
  if (cached !== undefined && inode(path.join(root, cached)) === id) return cached;
  if (inode(root) === id) return "/";
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const full = path.join(dir, e.name);
      if (inode(full) === id) {
        const found = full.slice(root.length);
        cache.set(key, found);
        return found;
      }
      stack.push(full);
    }
  }
  return "";
}

/** `*` in the filter matches any run of characters (bpftrace's wildcards). */
function matches(filter: string, name: string): boolean {
  const re = new RegExp(`^${filter.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(name);
}

export function cgroupPath(id: bigint, filter = "*"): string {
  return hierarchies()
    .filter(([name]) => matches(filter, name))
    .map(([name, root]) => [name, pathIn(root, id)] as const)
    .filter(([, p]) => p !== "")
    .map(([name, p]) => `${name}:${p}`)
    .join(",");
}

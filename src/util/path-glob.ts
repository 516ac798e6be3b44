/**
 * Wildcards in file paths (`usdt:./bin/*:*`, `usdt:/usr/lib/libfoo*.so:*`), as the shell's glob()
 * expands them: each component with a wildcard matches the names in its folder (dot files only
 * when the pattern starts with a dot); relative paths stay relative.
 */
import { readdirSync } from "node:fs";
import { globToRegExp, hasWildcard } from "./glob.js";

export function expandPathGlob(pattern: string): string[] {
  const absolute = pattern.startsWith("/");
  let found = [absolute ? "/" : ""];
  for (const part of pattern.split("/").filter((p) => p !== "")) {
    const next: string[] = [];
    for (const dir of found) {
      if (!hasWildcard(part)) {
        next.push(join(dir, part));
        continue;
      }
      const re = globToRegExp(part);
      let names: string[];
      try {
        names = readdirSync(dir === "" ? "." : dir);
      } catch {
        continue;
      }
      for (const n of names.sort()) {
        if (n.startsWith(".") && !part.startsWith(".")) continue;
        if (re.test(n)) next.push(join(dir, n));
      }
    }
    found = next;
  }
  return found;
}

/** Joined as written (no normalising), so `./bin*` expands to `./bin`, as glob() does. */
function join(dir: string, name: string): string {
  return dir === "" ? name : dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

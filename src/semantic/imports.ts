/**
 * `import "file.bt";` (current bpftrace): the probes, macros and map declarations of another
 * script join this one. Paths are relative to the importing script's directory (the working
 * directory for -e and stdin); each file is imported once, and imported scripts may import too.
 * A directory imports every .bt file in it. C headers and .bpf.c files need a C compiler, which ebt
 * does not have, so they are refused with a clear error.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Program } from "../ast/nodes.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import { SourceMap } from "../diagnostics/span.js";
import { parse } from "../parser/index.js";

export function resolveImports(program: Program, file: string, sources: Map<string, SourceMap>, diags: Diagnostics): void {
  const seen = new Set<string>();
  const visit = (p: Program, from: string, isRoot: boolean) => {
    const base = isRoot && !existsSync(from) ? process.cwd() : path.dirname(path.resolve(from));
    const items = [];
    for (const item of p.items) {
      if (!isRoot && item.kind === "ConfigBlock") {
        diags.error(item.span, "An imported script cannot contain a config block");
        continue;
      }
      if (item.kind !== "Import") {
        items.push(item);
        continue;
      }
      const target = path.resolve(base, item.path);
      if (!existsSync(target)) {
        diags.error(item.span, `Could not import "${item.path}": no such file or directory`);
        continue;
      }
      const files = statSync(target).isDirectory()
        ? readdirSync(target).filter((f) => f.endsWith(".bt")).sort().map((f) => path.join(target, f))
        : [target];
      for (const f of files) {
        if (seen.has(f)) continue;
        seen.add(f);
        if (!f.endsWith(".bt")) {
          diags.error(item.span, `Could not import "${item.path}": only bpftrace scripts (.bt) can be imported; C files need a C compiler`);
          continue;
        }
        const text = readFileSync(f, "utf8");
        const shown = path.relative(process.cwd(), f) || f;
        sources.set(shown, new SourceMap(shown, text));
        const parsed = parse(text, shown);
        for (const d of parsed.diagnostics) diags.items.push(d);
        if (!parsed.program) continue;
        visit(parsed.program, f, false);
        items.push(...parsed.program.items);
      }
    }
    p.items = items;
  };
  visit(program, file, true);
}

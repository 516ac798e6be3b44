/**
 * Keeps the rooms of src/ in one direction (README, "Layout"): reads every import of src/ with the
 * TypeScript parser and fails on a cycle among the compiler and runtime folders, on a pass that
 * reaches the builtin or provider registries itself instead of getting them from compile.ts, and on
 * a value in contracts/, whose interfaces everything may import because they load nothing.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/run-ebt.js";

const SRC = path.join(ROOT, "src");

interface Import {
  /** Path of the imported module relative to src/, e.g. `codegen/bpf/index.ts`. */
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) ? [path.relative(SRC, p)] : [];
  });
}

/** A relative specifier as written (`../x.js`) → the source file it names (`dir/x.ts`). */
function resolve(from: string, spec: string, files: ReadonlySet<string>): string | undefined {
  const base = path.join(path.dirname(from), spec).replace(/\.js$/, "");
  return [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((f) => files.has(f));
}

function importsOf(file: string, files: ReadonlySet<string>): Import[] {
  const text = readFileSync(path.join(SRC, file), "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Import[] = [];
  const add = (spec: ts.Expression | undefined, typeOnly: boolean) => {
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith(".")) return;
    const to = resolve(file, spec.text, files);
    if (to) out.push({ to, typeOnly });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n)) {
      const c = n.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const typeOnly = c !== undefined && (c.isTypeOnly || (!c.name && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(n.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(n)) {
      const named = n.exportClause && ts.isNamedExports(n.exportClause) ? n.exportClause.elements : undefined;
      add(n.moduleSpecifier, n.isTypeOnly || (named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(n.arguments[0], false);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const files = sourceFiles(SRC);
const fileSet = new Set(files);
const graph = new Map(files.map((f) => [f, importsOf(f, fileSet)]));

const room = (f: string) => (f.includes("/") ? f.slice(0, f.indexOf("/")) : f);
const LAYERED = new Set(["semantic", "codegen", "builtins", "providers", "runtime"]);

/** Strongly connected components of more than one file (Tarjan), following `follow` edges. */
function cycles(follow: (from: string, imp: Import) => boolean): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const imp of graph.get(v)!) {
      if (!follow(v, imp)) continue;
      const w = imp.to;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const f of files) if (!index.has(f)) connect(f);
  return found;
}

describe("layers of src/", () => {
  it("reads the imports it checks", () => {
    // Guards the parser above: a known value import and a known type-only import are seen as such.
    expect(graph.get("compile.ts")).toContainEqual({ to: "semantic/check.ts", typeOnly: false });
    expect(graph.get("semantic/check.ts")).toContainEqual({ to: "contracts/registry.ts", typeOnly: true });
  });

  it("has no import cycle through semantic/, codegen/, builtins/, providers/ or runtime/", () => {
    // contracts/ is types only (next test), so imports of it load nothing and cannot close a circle.
    const found = cycles((_, imp) => room(imp.to) !== "contracts").filter((scc) => scc.some((f) => LAYERED.has(room(f))));
    expect(found).toEqual([]);
  });

  it("contracts/ holds types only and imports none of the rooms that implement them", () => {
    for (const f of files.filter((x) => room(x) === "contracts")) {
      const text = readFileSync(path.join(SRC, f), "utf8");
      expect(text, `${f} declares a value`).not.toMatch(/^export (const|let|function|class|enum|default)\b/m);
      for (const imp of graph.get(f)!) {
        expect(imp.typeOnly, `${f} imports a value from ${imp.to}`).toBe(true);
        // The vocabulary the contracts are written in: leaves that import no contract back.
        const leaf = ["ast", "diagnostics", "contracts"].includes(room(imp.to)) || imp.to.startsWith("codegen/bpf/") ||
          ["semantic/types.ts", "codegen/regs.ts", "codegen/stack.ts", "plan/records.ts"].includes(imp.to);
        expect(leaf, `${f} imports ${imp.to}`).toBe(true);
      }
    }
  });

  it("semantic/ and codegen/ get builtins and providers from the registry compile.ts passes in", () => {
    for (const f of files.filter((x) => ["semantic", "codegen"].includes(room(x)))) {
      for (const imp of graph.get(f)!) {
        expect(["builtins", "providers", "runtime", "repl", "cli", "tui"], `${f} imports ${imp.to}`).not.toContain(room(imp.to));
        expect(imp.to, `${f} imports the compiler entry`).not.toBe("compile.ts");
      }
    }
  });

  it("runtime/ loads a plan without importing the compiler, and lower rooms never import the front ends", () => {
    for (const f of files.filter((x) => !["cli", "repl", "tui"].includes(room(x)))) {
      for (const imp of graph.get(f)!) {
        expect(["cli", "repl", "tui"], `${f} imports ${imp.to}`).not.toContain(room(imp.to));
        if (["runtime", "elf", "btf", "plan"].includes(room(f))) expect(imp.to, `${f} imports the compiler entry`).not.toBe("compile.ts");
      }
    }
  });

  it("front ends stack: cli/ may use the REPL and the TUI, the REPL the TUI (loaded lazily), the TUI neither", () => {
    for (const f of files.filter((x) => room(x) === "tui")) for (const imp of graph.get(f)!) expect(["cli", "repl"], `${f} imports ${imp.to}`).not.toContain(room(imp.to));
    for (const f of files.filter((x) => room(x) === "repl")) for (const imp of graph.get(f)!) expect(room(imp.to), `${f} imports ${imp.to}`).not.toBe("cli");
  });
});

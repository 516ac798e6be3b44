// Packs what every run loads (dist/cli/main.js and the chunks it imports statically) into one
// classic script, dist/core/core.js, that dist/cli/main.js compiles with V8's code cache
// (dist/core/core.cache, written by `npm run prepare` from a training run). Why: Node 20 has no
// code cache for ES modules, and compiling the ~1 MB core (0.7 MB of it Chevrotain with lodash)
// was the largest part of a one-liner's start. The lazily loaded chunks (TUI, REPL, exporter) stay
// ES modules; the core chunk files they import become stubs that re-export the core's instances.
import { transform } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const BANNER = /^import \{ createRequire as __ebtCreateRequire \} from "node:module"; const require = __ebtCreateRequire\(import\.meta\.url\);\n/m;

/**
 * The core as pure ASCII, which the launcher reads as latin1: V8 then keeps it as a one-byte string,
 * and reading it costs ~0.5 ms instead of the ~5 ms UTF-8 decoding of 1.2 MB took. esbuild escapes
 * every non-ASCII character of strings, identifiers and regular expressions; what is left is in
 * comments (checked: the core without its comments is ASCII), where a `?` does no harm.
 */
async function asciiOnly(code) {
  if (!/[^\x00-\x7f]/.test(code)) return code;
  const bare = await transform(code, { minifyWhitespace: true, loader: "js", logLevel: "warning" });
  if (/[^\x00-\x7f]/.test(bare.code)) throw new Error("bundle-core: the core has non-ASCII characters outside comments");
  return code.replace(/[^\x00-\x7f]/g, "?");
}

/**
 * dist: the output folder; metafile: esbuild's, for the ESM build with `cli/main` as entry.
 * Rewrites dist/cli/main.js into the loader and writes dist/core/core.js.
 */
export async function packCore(dist, metafile, loaderSource) {
  const root = path.resolve(dist, "..");
  // Output paths in the metafile are relative to the working dir (the package root).
  const rel = (f) => path.relative(dist, path.resolve(root, f)).split(path.sep).join("/");
  const outputs = new Map(Object.entries(metafile.outputs).filter(([f]) => f.endsWith(".js")).map(([f, o]) => [rel(f), o]));
  // Evaluation order of the static import graph from main, as ES modules evaluate: dependencies first.
  const order = [];
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const i of outputs.get(f).imports) if (i.kind === "import-statement" && !i.external) visit(rel(i.path));
    order.push(f);
  };
  visit("cli/main.js");
  const parts = [];
  for (const f of order) {
    let code = readFileSync(path.join(dist, f), "utf8").replace(/^#!.*\n/, "");
    if (!BANNER.test(code)) throw new Error(`bundle-core: ${f} lacks the require banner`);
    code = code.replace(BANNER, "").replace(/^\/\/# sourceMappingURL=.*$/m, "");
    const dynamic = outputs.get(f).imports.filter((i) => i.kind === "dynamic-import").length;
    const out = await transform(code, { format: "cjs", loader: "js", target: "node20", define: { "import.meta.url": "__ebtUrl" }, logLevel: "warning" });
    // A classic script has no import(): the loader passes one in (ES module chunks and node: modules).
    let found = 0;
    const body = out.code.replace(/\bimport\((?=["'`])/g, () => (found++, "__ebtImport("));
    if (found !== dynamic) throw new Error(`bundle-core: ${f} has ${dynamic} dynamic imports, found ${found} import( calls`);
    parts.push(`__ebtChunk(${JSON.stringify(f)}, function (exports, module, require, __ebtUrl, __ebtImport) {\n${body}\n});`);
  }
  const core = await asciiOnly(`(function (__ebtChunk) {\n${parts.join("\n")}\n})`);
  mkdirSync(path.join(dist, "core"), { recursive: true });
  writeFileSync(path.join(dist, "core/core.js"), core);
  // Which sources each packed chunk holds (the start-up phase counts read it), and no source maps
  // that describe files which are now stubs.
  const sources = Object.fromEntries(order.map((f) => [f, Object.keys(outputs.get(f).inputs)]));
  writeFileSync(path.join(dist, "core/sources.json"), JSON.stringify(sources));
  for (const f of order) rmSync(path.join(dist, f + ".map"), { force: true });
  // The chunk files become stubs for the ES module chunks that import them (TUI, REPL, ...).
  for (const f of order) {
    if (f === "cli/main.js") continue;
    const names = outputs.get(f).exports;
    const lines = [`const m = globalThis[Symbol.for("ebt.core")].get(${JSON.stringify(f)});`];
    const plain = names.filter((n) => n !== "default");
    if (plain.length) lines.push(`export const { ${plain.join(", ")} } = m;`);
    if (names.includes("default")) lines.push("export default m.default;");
    writeFileSync(path.join(dist, f), lines.join("\n") + "\n");
  }
  writeFileSync(path.join(dist, "cli/main.js"), loaderSource);
  return order;
}

// Packs what every run loads (dist/cli/main.js and the chunks it imports statically) into one
// classic script, dist/core/core.js, that dist/cli/main.js compiles with V8's code cache
// (dist/core/core.cache, written by `npm run prepare` from a training run). Why: Node 20 has no
// code cache for ES modules, and compiling the ~1 MB core (0.7 MB of it Chevrotain with lodash)
// was the largest part of a one-liner's start. What only some runs load (the TUI with Ink and
// React, the REPL, the exporter) is packed the same way into scripts of its own, loaded when
// imported, each with its code cache where a training run wrote one.
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
 * An ES module chunk as the body of an async function, for a lazily loaded group (see packCore):
 * its import statements become lookups through `__ebtRequire` (chunks by path, node: and package
 * modules by require), its export statement getters on `exports`, `import()` and
 * `import.meta.url` the loader's. Async because Yoga, which Ink loads, awaits its WebAssembly at
 * the top level. esbuild writes these statements in a few fixed forms; any other fails the build.
 */
function asyncBody(f, code, dynamicImports) {
  const spec = (s) => JSON.stringify(s);
  const names = (list) => list.split(",").map((n) => n.trim()).filter(Boolean);
  let exportsLine = "";
  code = code
    .replace(/^import \{([^}]*)\} from "([^"]+)";$/gm, (_, list, s) => `const { ${names(list).map((n) => n.replace(/^(\S+) as (\S+)$/, "$1: $2")).join(", ")} } = __ebtRequire(${spec(s)});`)
    .replace(/^import \* as ([\w$]+) from "([^"]+)";$/gm, (_, n, s) => `const ${n} = __ebtRequire(${spec(s)});`)
    .replace(/^import ([\w$]+) from "([^"]+)";$/gm, (_, n, s) => `const ${n} = __ebtRequire(${spec(s)}, true);`)
    .replace(/^import "([^"]+)";$/gm, (_, s) => `__ebtRequire(${spec(s)});`)
    .replace(/^export \{([^}]*)\};$/gm, (_, list) => {
      const getters = names(list).map((n) => {
        const [local, exported = local] = n.split(/\s+as\s+/);
        return `${spec(exported)}: { enumerable: true, get: () => ${local} }`;
      });
      // Defined before the body runs, as an ES module's bindings exist before it evaluates.
      exportsLine = `Object.defineProperties(exports, { ${getters.join(", ")} });\n`;
      return "";
    })
    .replace(/^export default ([^\n]*);$/gm, (_, e) => `exports.default = ${e};`);
  const left = code.match(/^(import|export)\b.*$/m);
  if (left) throw new Error(`bundle-core: ${f}: an import or export esbuild wrote in a form not handled: ${left[0]}`);
  let found = 0;
  code = code.replace(/\bimport\.meta\.url\b/g, "__ebtUrl").replace(/\bimport\((?=["'`])/g, () => (found++, "__ebtImport("));
  if (found !== dynamicImports) throw new Error(`bundle-core: ${f} has ${dynamicImports} dynamic imports, found ${found} import( calls`);
  return `"use strict";\n${exportsLine}${code}`;
}

/**
 * dist: the output folder; metafile: esbuild's, for the ESM build with `cli/main` as entry.
 * Rewrites dist/cli/main.js into the loader and writes dist/core/core.js. Each chunk that is
 * imported dynamically (the TUI, the REPL, the exporter, ...) becomes, with the chunks it needs that
 * the core does not hold, a script of its own, dist/core/NAME.js, loaded by the loader when
 * imported, with its own code cache (dist/core/NAME.cache) when a training run wrote one: Ink and
 * React compiled from source were most of the TUI's start.
 */
export async function packCore(dist, metafile, loaderSource) {
  const root = path.resolve(dist, "..");
  // Output paths in the metafile are relative to the working dir (the package root).
  const rel = (f) => path.relative(dist, path.resolve(root, f)).split(path.sep).join("/");
  const outputs = new Map(Object.entries(metafile.outputs).filter(([f]) => f.endsWith(".js")).map(([f, o]) => [rel(f), o]));
  // Evaluation order of the static import graph from an entry, as ES modules evaluate: dependencies
  // first; chunks in `skip` are already loaded.
  const closure = (entry, skip = new Set()) => {
    const order = [];
    const seen = new Set(skip);
    const visit = (f) => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const i of outputs.get(f).imports) if (i.kind === "import-statement" && !i.external) visit(rel(i.path));
      order.push(f);
    };
    visit(entry);
    return order;
  };
  const read = (f) => {
    const code = readFileSync(path.join(dist, f), "utf8").replace(/^#!.*\n/, "");
    if (!BANNER.test(code)) throw new Error(`bundle-core: ${f} lacks the require banner`);
    return code.replace(BANNER, "").replace(/^\/\/# sourceMappingURL=.*$/m, "");
  };
  const dynamicImports = (f) => outputs.get(f).imports.filter((i) => i.kind === "dynamic-import").length;
  const order = closure("cli/main.js");
  const parts = [];
  for (const f of order) {
    const out = await transform(read(f), { format: "cjs", loader: "js", target: "node20", define: { "import.meta.url": "__ebtUrl" }, logLevel: "warning" });
    // A classic script has no import(): the loader passes one in (ES module chunks and node: modules).
    let found = 0;
    const body = out.code.replace(/\bimport\((?=["'`])/g, () => (found++, "__ebtImport("));
    if (found !== dynamicImports(f)) throw new Error(`bundle-core: ${f} has ${dynamicImports(f)} dynamic imports, found ${found} import( calls`);
    parts.push(`__ebtChunk(${JSON.stringify(f)}, function (exports, module, require, __ebtUrl, __ebtImport) {\n${body}\n});`);
  }
  const core = await asciiOnly(`(function (__ebtChunk) {\n${parts.join("\n")}\n})`);
  mkdirSync(path.join(dist, "core"), { recursive: true });
  writeFileSync(path.join(dist, "core/core.js"), core);
  // The lazily loaded groups, each named after its entry chunk (chunks/tui-HASH.js: core/tui-HASH.js).
  const inCore = new Set(order);
  const packed = new Set(order);
  const entries = [...outputs.keys()].filter((f) => f !== "cli/main.js" && outputs.get(f).entryPoint);
  for (const entry of entries) {
    const group = closure(entry, inCore);
    const bodies = group.map((f) => `__ebtChunk(${JSON.stringify(f)}, async function (exports, __ebtRequire, __ebtUrl, __ebtImport, require) {\n${asyncBody(f, read(f), dynamicImports(f))}\n});`);
    writeFileSync(path.join(dist, "core", path.basename(entry)), await asciiOnly(`(function (__ebtChunk) {\n${bodies.join("\n")}\n})`));
    for (const f of group) packed.add(f);
  }
  // Which sources each packed chunk holds (the start-up phase counts read it). The ES module chunk
  // files and their source maps are not used any more.
  const sources = Object.fromEntries([...packed].map((f) => [f, Object.keys(outputs.get(f).inputs)]));
  writeFileSync(path.join(dist, "core/sources.json"), JSON.stringify(sources));
  for (const f of packed) {
    rmSync(path.join(dist, f + ".map"), { force: true });
    if (f !== "cli/main.js") rmSync(path.join(dist, f), { force: true });
  }
  rmSync(path.join(dist, "chunks"), { recursive: true, force: true }); // empty now
  writeFileSync(path.join(dist, "cli/main.js"), loaderSource);
  return order;
}

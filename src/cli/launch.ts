#!/usr/bin/env node
/**
 * What `ebt` runs (dist/cli/main.js): loads the CLI's core, dist/core/core.js (the bundle's
 * start-up chunks packed into one script by scripts/bundle-core.mjs), compiled with the V8 code
 * cache that `npm run prepare` wrote next to it. Node 20 caches no compiled code for ES modules,
 * and compiling the ~1 MB core was most of a one-liner's start. What the core imports dynamically
 * (the TUI with Ink and React, the REPL, ...) is packed the same way into scripts of its own
 * (dist/core/NAME.js, with NAME.cache), loaded here when imported. A missing or rejected cache
 * (another Node version) only costs that compile time again.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

type Load = (s: string) => Promise<unknown>;
type ChunkBody = (exports: object, module: { exports: object }, require: (s: string) => unknown, url: string, load: Load) => void;
/** A chunk of a lazily loaded group: an ES module turned into an async function (bundle-core.mjs). */
type AsyncChunkBody = (exports: object, require: (s: string, asDefault?: boolean) => unknown, url: string, load: Load, nodeRequire: NodeJS.Require) => Promise<void>;
type CodeCache = "none" | "rejected" | "accepted";

const dist = new URL("../", import.meta.url);

/** A packed script (latin1: bundle-core.mjs makes it ASCII, and V8 keeps a one-byte string) and its code cache. */
function compile(name: string): { script: Script; cacheFile: string; codeCache: CodeCache } {
  const file = fileURLToPath(new URL(`core/${name}.js`, dist));
  const cacheFile = fileURLToPath(new URL(`core/${name}.cache`, dist));
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // not written (yet): compile from source
  }
  const script = new Script(readFileSync(file, "latin1"), { filename: file, cachedData });
  return { script, cacheFile, codeCache: cachedData === undefined ? "none" : script.cachedDataRejected ? "rejected" : "accepted" };
}

const core = compile("core");

/**
 * The chunks' exports by their path under dist/, and how the start went (written out with
 * EBT_STARTUP_STATS for the start-up phase counts): the scripts loaded, the chunks they defined.
 */
const chunks = new Map<string, unknown>();
const stats = { file: "dist/core/core.js", chunks: [] as string[], codeCache: core.codeCache, lazy: [] as { file: string; codeCache: CodeCache }[] };
(globalThis as Record<symbol, unknown>)[Symbol.for("ebt.core")] = Object.assign(chunks, { stats });
if (process.env.EBT_STARTUP_STATS) {
  // Node's built-in modules this run loaded, however (import or require): those in the list at exit
  // and not at this point (what Node and --import hooks loaded before us are not ours).
  const loaded = () => (process as unknown as { moduleLoadList: string[] }).moduleLoadList.filter((m) => m.startsWith("NativeModule "));
  const before = new Set(loaded());
  process.on("exit", () => Object.assign(stats, { builtins: loaded().flatMap((m) => (before.has(m) ? [] : ["node:" + m.slice(13)])) }));
}

/**
 * EBT_WRITE_CODE_CACHE (the prepare step's training runs): at exit, save the code of every function
 * compiled so far, so the next start compiles none of them. `core` writes the core's cache, `lazy`
 * those of the lazily loaded scripts this run loaded, anything else both.
 */
const writeCache = process.env.EBT_WRITE_CODE_CACHE;
function saveCacheAtExit(c: { script: Script; cacheFile: string }, kind: "core" | "lazy"): void {
  if (writeCache && (writeCache === kind || (writeCache !== "core" && writeCache !== "lazy"))) {
    process.on("exit", () => writeFileSync(c.cacheFile, c.script.createCachedData()));
  }
}
saveCacheAtExit(core, "core");

/** The exports of a chunk already defined, by its path under dist/. */
function chunk(key: string, from: string): unknown {
  if (!chunks.has(key)) throw new Error(`ebt: chunk ${key} is not loaded before ${from}`);
  return chunks.get(key);
}

/** `import(s)` from the chunk `name`: a packed group when there is one for it, else Node's import. */
function importer(name: string, url: string): Load {
  return (s) => {
    if (!s.startsWith(".")) return import(s);
    const key = posix.join(posix.dirname(name), s);
    const group = posix.basename(key, ".js");
    if (existsSync(fileURLToPath(new URL(`core/${group}.js`, dist)))) return loadGroup(group).then(() => chunk(key, name));
    return import(new URL(s, url).href);
  };
}

/** Runs dist/core/NAME.js, once: its chunks, in order, each awaited (Yoga awaits its WebAssembly). */
const groups = new Map<string, Promise<void>>();
function loadGroup(group: string): Promise<void> {
  let done = groups.get(group);
  if (!done) {
    const c = compile(group);
    stats.lazy.push({ file: `dist/core/${group}.js`, codeCache: c.codeCache });
    saveCacheAtExit(c, "lazy");
    const defined: [string, AsyncChunkBody][] = [];
    (c.script.runInThisContext() as (define: (name: string, body: AsyncChunkBody) => void) => void)((name, body) => defined.push([name, body]));
    done = (async () => {
      for (const [name, body] of defined) {
        // A chunk two groups share is defined by the first loaded.
        if (chunks.has(name)) continue;
        const url = new URL(name, dist).href;
        const nodeRequire = createRequire(url);
        const require = (s: string, asDefault = false): unknown => {
          if (!s.startsWith(".")) return nodeRequire(s);
          const m = chunk(posix.join(posix.dirname(name), s), name) as { default?: unknown };
          return asDefault ? m.default : m;
        };
        const exports = {};
        chunks.set(name, exports);
        await body(exports, require, url, importer(name, url), nodeRequire);
        stats.chunks.push(name);
      }
    })();
    groups.set(group, done);
  }
  return done;
}

(core.script.runInThisContext() as (define: (name: string, body: ChunkBody) => void) => void)((name, body) => {
  const url = new URL(name, dist).href;
  const nodeRequire = createRequire(url);
  const require = (s: string): unknown => (s.startsWith(".") ? chunk(posix.join(posix.dirname(name), s), name) : nodeRequire(s));
  const module = { exports: {} };
  body(module.exports, module, require, url, importer(name, url));
  chunks.set(name, module.exports);
  stats.chunks.push(name);
});

#!/usr/bin/env node
/**
 * What `ebt` runs (dist/cli/main.js): loads the CLI's core, dist/core/core.js (the bundle's
 * start-up chunks packed into one script by scripts/bundle-core.mjs), compiled with the V8 code
 * cache that `npm run prepare` wrote next to it. Node 20 caches no compiled code for ES modules,
 * and compiling the ~1 MB core was most of a one-liner's start. A missing or rejected cache (another
 * Node version) only costs that compile time again.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

type ChunkBody = (exports: object, module: { exports: object }, require: (s: string) => unknown, url: string, load: (s: string) => Promise<unknown>) => void;

const dist = new URL("../", import.meta.url);
const coreFile = fileURLToPath(new URL("core/core.js", dist));
const cacheFile = fileURLToPath(new URL("core/core.cache", dist));
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // not written (yet): compile from source
}
// The core is ASCII (scripts/bundle-core.mjs sees to it): read as latin1, it is a one-byte string
// made without UTF-8 decoding, ~5 ms less.
const script = new Script(readFileSync(coreFile, "latin1"), { filename: coreFile, cachedData });

/**
 * The chunks' exports by their path under dist/, which the ES module stubs of the chunks read, and
 * how the start went (written out with EBT_STARTUP_STATS for the start-up phase counts).
 */
const chunks = new Map<string, unknown>();
const stats = { file: "dist/core/core.js", chunks: [] as string[], codeCache: cachedData === undefined ? "none" : script.cachedDataRejected ? "rejected" : "accepted" };
(globalThis as Record<symbol, unknown>)[Symbol.for("ebt.core")] = Object.assign(chunks, { stats });
if (process.env.EBT_STARTUP_STATS) {
  // Node's built-in modules this run loaded, however (import or require): those in the list at exit
  // and not at this point (what Node and --import hooks loaded before us are not ours).
  const loaded = () => (process as unknown as { moduleLoadList: string[] }).moduleLoadList.filter((m) => m.startsWith("NativeModule "));
  const before = new Set(loaded());
  process.on("exit", () => Object.assign(stats, { builtins: loaded().flatMap((m) => (before.has(m) ? [] : ["node:" + m.slice(13)])) }));
}

// EBT_WRITE_CODE_CACHE=1 (the prepare step's training run): at exit, save the code of every function
// compiled so far, so the next start compiles none of them.
if (process.env.EBT_WRITE_CODE_CACHE) process.on("exit", () => writeFileSync(cacheFile, script.createCachedData()));

(script.runInThisContext() as (define: (name: string, body: ChunkBody) => void) => void)((name, body) => {
  const url = new URL(name, dist).href;
  const nodeRequire = createRequire(url);
  const require = (s: string): unknown => {
    if (!s.startsWith(".")) return nodeRequire(s);
    const key = posix.join(posix.dirname(name), s);
    if (!chunks.has(key)) throw new Error(`ebt: core chunk ${key} is not loaded before ${name}`);
    return chunks.get(key);
  };
  const load = (s: string): Promise<unknown> => import(s.startsWith(".") ? new URL(s, url).href : s);
  const module = { exports: {} };
  body(module.exports, module, require, url, load);
  chunks.set(name, module.exports);
  stats.chunks.push(name);
});

#!/usr/bin/env node
// Builds what users run. esbuild bundles the CLI, compiler and runtime into ES module chunks
// (dist/chunks/), split so that what only some runs need (the Ink TUI with React, the REPL, probe
// listing, the exporter) loads only then. Why a bundle: Node's ES module loader spends ~60 ms
// resolving and linking the ~140 modules of src/ one by one, and Ink alone pulls in ~1,500.
// Then scripts/bundle-core.mjs packs the chunks every run needs into one script,
// dist/core/core.js, which the launcher dist/cli/main.js (src/cli/launch.ts) compiles with the V8
// code cache written here by a training run (dist/core/core.cache): Node 20 keeps no compiled code
// for ES modules, and compiling the core was most of a one-liner's start. `npm run prepare` (run by
// `npm install`) type-checks with tsc, then calls this; `npm test` tests this same dist/cli/main.js.
import { build } from "esbuild";
import { packCore } from "./bundle-core.mjs";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// EBT_DIST: build elsewhere (to try a change while a test run uses dist/).
const dist = process.env.EBT_DIST ? path.resolve(process.env.EBT_DIST) : path.join(root, "dist");

/**
 * src/parser/chevrotain.ts finds Chevrotain's single-file build at run time (a top-level await that
 * spares the unbundled source tree ~100 modules). In the bundle Chevrotain is simply part of the
 * file, imported statically.
 */
const chevrotainStatic = {
  name: "chevrotain-static",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]parser[\\/]chevrotain\.ts$/ }, () => ({
      contents: 'import * as chevrotain from "chevrotain";\nexport { chevrotain };\n',
      loader: "ts",
      resolveDir: path.join(root, "src/parser"),
    }));
  },
};

/**
 * The parser's lookahead decisions (src/parser/lookahead.ts) and the grammar's recorded form
 * (src/parser/gast-table.ts), taken from this same grammar by building the parser once here, and
 * put in the bundle as data: the parser skips the recording and analysis at every start.
 */
async function recordLookahead() {
  const dir = mkdtempSync(path.join(tmpdir(), "ebt-bundle-"));
  try {
    const recorder = path.join(dir, "record.mjs");
    await build({
      absWorkingDir: root,
      stdin: {
        contents: 'import { EbtParser } from "./src/parser/grammar.ts";\nimport { saveGast } from "./src/parser/gast-table.ts";\n' +
          "const record = {};\nconst p = new EbtParser({ record });\n" +
          "process.stdout.write(JSON.stringify({ lookahead: record, gast: saveGast(p.getGAstProductions()) }));\n",
        resolveDir: root,
        loader: "ts",
      },
      outfile: recorder,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "warning",
      plugins: [chevrotainStatic],
    });
    return execFileSync(process.execPath, [recorder], { encoding: "utf8", maxBuffer: 64 << 20 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const tables = JSON.parse(await recordLookahead());
const lookaheadData = {
  name: "lookahead-table",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]parser[\\/]lookahead-table\.ts$/ }, () => ({
      contents: `export const LOOKAHEAD_TABLE = ${JSON.stringify(tables.lookahead)};\nexport const GAST_TABLE = ${JSON.stringify(tables.gast)};\n`,
      loader: "js",
    }));
  },
};

/**
 * Two lodash functions that Chevrotain calls hundreds of times while the parser is built, and at
 * every rule and alternative while parsing, as plain JavaScript: lodash's `has` resolves a property
 * path (castPath, isKey, hasPath) where Chevrotain only ever asks about one own property by a
 * constant name, and its `forEach` dispatches through generic iteration helpers. Same results
 * for what Chevrotain passes (arrays and plain objects; an iteratee returning false stops).
 */
const LODASH_PLAIN = {
  has: "const own = Object.prototype.hasOwnProperty;\nexport default function has(object, key) {\n  return object != null && own.call(object, key);\n}\n",
  forEach: "export default function forEach(collection, iteratee) {\n" +
    "  if (Array.isArray(collection)) {\n    for (let i = 0; i < collection.length; i++) if (iteratee(collection[i], i, collection) === false) break;\n" +
    "  } else if (collection != null) {\n    for (const k of Object.keys(collection)) if (iteratee(collection[k], k, collection) === false) break;\n  }\n  return collection;\n}\n",
};
const lodashPlain = {
  name: "lodash-plain",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]lodash-es[\\/](has|forEach)\.js$/ }, (args) => ({
      contents: LODASH_PLAIN[path.basename(args.path, ".js")],
      loader: "js",
    }));
  },
};

/**
 * Ink's terminal-size imports node:child_process at the top (to ask `tput` for a size when the
 * terminal does not say), which loads child_process, dgram and more with the TUI (~3 ms) though
 * Ink only draws on a terminal that says its size. Here it is required on first use instead.
 */
const TERMINAL_SIZE_IMPORT = "import {execFileSync} from 'node:child_process';";
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]terminal-size[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      // Another version of terminal-size: used as it is (the start-up phase test notices).
      if (!text.includes(TERMINAL_SIZE_IMPORT)) return undefined;
      return {
        contents: text.replace(TERMINAL_SIZE_IMPORT, "import {createRequire} from 'node:module';\n" +
          "const execFileSync = (...a) => createRequire(import.meta.url)('node:child_process').execFileSync(...a);"),
        loader: "js",
      };
    });
  },
};

rmSync(dist, { recursive: true, force: true });
const { metafile } = await build({
  metafile: true,
  absWorkingDir: root,
  entryPoints: { "cli/main": "src/cli/main.ts" },
  outdir: dist,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // React's production build: the development one is 1 MB more and checks every render.
  define: { "process.env.NODE_ENV": '"production"' },
  // Ink imports it only when DEV=true asks for React DevTools; it is not a dependency.
  external: ["react-devtools-core"],
  // Some of Ink's dependencies are CommonJS and call require() for Node built-ins; an ES module has
  // no require, so each file gets one.
  banner: { js: 'import { createRequire as __ebtCreateRequire } from "node:module"; const require = __ebtCreateRequire(import.meta.url);' },
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  plugins: [chevrotainStatic, lookaheadData, lodashPlain, lazyChildProcess],
});
// What runs first: the launcher, which loads the core packed into one script with its code cache.
// It is CommonJS (dist/cli/package.json says so): an ES module entry costs Node its ES module
// loader's start, a few ms that a one-liner does not need.
const launcher = await build({
  absWorkingDir: root,
  entryPoints: ["src/cli/launch.ts"],
  write: false,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  define: { "import.meta.url": "__ebtLaunchUrl" },
  banner: { js: 'const __ebtLaunchUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
});
await packCore(dist, metafile, launcher.outputFiles[0].text);
// EBT_METAFILE=path: esbuild's metafile of the ES module build (what each chunk holds, by source).
if (process.env.EBT_METAFILE) writeFileSync(process.env.EBT_METAFILE, JSON.stringify(metafile));
writeFileSync(path.join(dist, "cli/package.json"), '{ "type": "commonjs" }\n');
// The training runs whose compiled code becomes the caches. First the core's: a program using the
// common parts of the language, its output into a pipe, run for real when we may (root), else only
// compiled (-d needs no kernel).
const TRAINING = `BEGIN { @c[comm, pid] = count(); @h = hist(5); @s = sum(2); $x = 1 + 2 * 3;
  if ($x > 2 && pid != 0) { printf("%s %d %s\\n", comm, $x, strftime("%H", nsecs)); } else { print(@s); } @t = (1, "a"); exit(); }
END { clear(@c); }`;
const train = (args, program) =>
  execFileSync(process.execPath, [path.join(dist, "cli/main.js"), ...args, "-e", program], {
    env: { ...process.env, EBT_WRITE_CODE_CACHE: "core" },
    stdio: ["ignore", "pipe", "pipe"],
  });
try {
  // Run for real, a tracepoint attached too (its format file read, the attach path taken).
  train([], `${TRAINING}\ntracepoint:syscalls:sys_enter_getppid { printf("%d %s\\n", args.__syscall_nr, comm); }`);
} catch {
  try {
    train(["-d"], TRAINING);
  } catch (e) {
    // Without a cache ebt still runs (the launcher compiles the core from source), only slower.
    process.stderr.write(`bundle: no V8 code cache written (the training run failed): ${e.stderr ?? e.message}\n`);
  }
}
await trainTui();

/**
 * The TUI's cache (Ink, React, Yoga and our views, dist/core/tui-*.cache): a run on a
 * pseudo-terminal (node-pty, a dev dependency) that draws the status line and some lines, then ends
 * by exit(). It needs root (probes are attached) and node-pty; without them there is no TUI cache
 * and the TUI compiles from source, slower, otherwise the same.
 */
async function trainTui() {
  if (process.getuid?.() !== 0) return;
  let spawnPty;
  try {
    ({ spawn: spawnPty } = await import("node-pty"));
  } catch {
    return;
  }
  const program = 'interval:ms:40 { @n = count(); @h = hist(5); printf("tick\\n"); if ((uint64)@n > 12) { exit(); } }';
  const term = spawnPty(process.execPath, [path.join(dist, "cli/main.js"), "-e", program], {
    name: "xterm-256color", cols: 100, rows: 30, cwd: root, env: { ...process.env, EBT_WRITE_CODE_CACHE: "lazy" },
  });
  let out = "";
  term.onData((d) => (out += d));
  const killer = setTimeout(() => term.kill("SIGKILL"), 30_000);
  const code = await new Promise((r) => term.onExit(({ exitCode }) => r(exitCode)));
  clearTimeout(killer);
  if (code !== 0) process.stderr.write(`bundle: no TUI code cache written (the training run failed): ${out.slice(-400)}\n`);
}
// Runnable by path (`./dist/cli/main.js`, as bpftrace's test runner calls it), not only through npm's bin link.
chmodSync(path.join(dist, "cli/main.js"), 0o755);

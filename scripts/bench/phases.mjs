// Start-up phases, counted rather than timed (so CI can assert them on a busy machine): which files
// a run of dist/cli/main.js loads. Used by `npm run bench` and test/live/startup-phases.live.test.ts.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const hook = path.join(root, "scripts/bench/module-log-hook.mjs");

/**
 * Runs `ebt args...` (dist/cli/main.js; stdout and stderr piped unless `pty`) to its end and returns
 * what it loaded: `ebtFiles`, the package's own files (dist/…), `packageModules`, modules from
 * node_modules, and whether the Ink/React chunk or the REPL chunk was among them.
 */
export async function startupPhases(args, { input, pty = false } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "ebt-phases-"));
  const log = path.join(dir, "modules");
  const stats = path.join(dir, "stats.json");
  const argv = ["--import", pathToFileURL(hook).href, path.join(root, "dist/cli/main.js"), ...args];
  const env = { ...process.env, EBT_MODULE_LOG: log, EBT_STARTUP_STATS: stats };
  let stdout = "", stderr = "";
  let status;
  if (pty) {
    // On a pseudo-terminal (node-pty): stdout and stderr are the one terminal, read as stdout.
    const { spawn: spawnPty } = await import("node-pty");
    const term = spawnPty(process.execPath, argv, { name: "xterm-256color", cols: 100, rows: 30, cwd: root, env });
    term.onData((d) => (stdout += d));
    status = await new Promise((r) => term.onExit(({ exitCode }) => r(exitCode)));
  } else {
    const child = spawn(process.execPath, argv, { env, stdio: ["pipe", "pipe", "pipe"] });
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.end(input ?? "");
    status = await new Promise((r) => child.on("exit", (code) => r(code)));
  }
  let urls = [];
  try {
    urls = readFileSync(log, "utf8").split("\n").filter(Boolean);
  } catch {}
  let parser, launch;
  try {
    ({ parser, launch } = JSON.parse(readFileSync(stats, "utf8")));
  } catch {}
  rmSync(dir, { recursive: true, force: true });
  const files = [...new Set(urls.filter((u) => u.startsWith("file:")).map((u) => path.relative(root, fileURLToPath(u))))];
  // The launcher, the core script it compiled (dist/core/core.js) and the lazily loaded scripts
  // (dist/core/tui-HASH.js, ...), then any ES modules Node loaded.
  const ebtFiles = [...new Set([...(launch ? ["dist/cli/main.js", launch.file, ...(launch.lazy ?? []).map((l) => l.file)] : []), ...files.filter((f) => f.startsWith("dist/"))])];
  // What each bundled file holds, from its source map (the sources esbuild put in it), and for the
  // core, the sources of the chunks packed in it.
  const sources = new Set(files.filter((f) => f.includes("node_modules/")));
  for (const f of ebtFiles) {
    try {
      for (const s of JSON.parse(readFileSync(path.join(root, f + ".map"), "utf8")).sources) sources.add(path.relative(root, path.resolve(path.dirname(path.join(root, f)), s)));
    } catch {}
  }
  if (launch) {
    const packed = JSON.parse(readFileSync(path.join(root, "dist/core/sources.json"), "utf8"));
    for (const chunk of launch.chunks) for (const s of packed[chunk] ?? []) sources.add(s);
  }
  const bundled = [...sources];
  return {
    status, stdout, stderr, ebtFiles,
    /** Source files of ours (src/…) and modules of dependencies in what was loaded. */
    /** Bytes of JavaScript in those files: what V8 parses before the first event. */
    codeBytes: ebtFiles.reduce((n, f) => {
      try {
        return n + readFileSync(path.join(root, f)).length;
      } catch {
        return n;
      }
    }, 0),
    /** Node's own modules loaded by import (node:zlib, node:http, ...), which cost start-up too. */
    builtins: [...new Set([...urls.filter((u) => u.startsWith("node:")), ...(launch?.builtins ?? []).filter((b) => !b.startsWith("node:internal/"))])].sort(),
    /** The launcher's V8 code cache for the core: "accepted", "rejected" (another Node) or "none". */
    codeCache: launch?.codeCache,
    /** The same for each lazily loaded script, by its file. */
    lazyCodeCache: Object.fromEntries((launch?.lazy ?? []).map((l) => [l.file, l.codeCache])),
    /** Whether Node's fetch (undici, ~50-100 ms to load) was loaded. */
    undici: (launch?.builtins ?? []).some((b) => b.includes("undici")),
    ebtSources: bundled.filter((f) => f.startsWith("src/")).length,
    packageModules: bundled.filter((f) => f.includes("node_modules/")).length,
    ink: bundled.some((f) => /node_modules\/(ink|react|react-reconciler)\//.test(f)),
    repl: bundled.some((f) => f.startsWith("src/repl/")),
    chevrotain: bundled.some((f) => f.includes("node_modules/chevrotain/")),
    /** The parser: built or not, and its lookahead decisions from the shipped table or computed. */
    parser,
  };
}

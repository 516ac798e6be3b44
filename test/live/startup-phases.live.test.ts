/**
 * Start-up regressions, counted instead of timed (so they hold on a busy machine): which files a
 * run of the built CLI (dist/cli/main.js, what users run) loads. A one-liner loads the launcher and
 * the core script only, compiled from the V8 code cache that the install wrote, never Ink/React or
 * the REPL; on a terminal, a run that ends in BEGIN never loads Ink.
 * The same counts are printed by `npm run bench` (scripts/bench/phases.mjs).
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { startupPhases } from "../../scripts/bench/phases.mjs";

interface Phases {
  status: number;
  stdout: string;
  stderr: string;
  ebtFiles: string[];
  codeBytes: number;
  builtins: string[];
  ebtSources: number;
  packageModules: number;
  ink: boolean;
  repl: boolean;
  codeCache?: string;
  lazyCodeCache: Record<string, string>;
  undici: boolean;
  parser?: { built: boolean; grammarRecorded: boolean; lookaheadFromTable: number; lookaheadComputed: number };
}
const phases = startupPhases as (args: string[], opts?: { input?: string; pty?: boolean }) => Promise<Phases>;

/**
 * The unbundled build loaded ~140 files of ours before its first event; now two: the launcher and
 * the core script (the bundle's start-up chunks packed into one, compiled from the code cache).
 */
const CORE_FILES = ["dist/cli/main.js", "dist/core/core.js"];
/** The core's JavaScript (~1.1 MB, 0.7 MB of it Chevrotain with lodash): a start-up must not grow it much. */
const MAX_CORE_BYTES = 1_300_000;
/**
 * Node modules a one-liner has no use for, each a few ms to load: decompression, HTTP, the REPL,
 * and streams (output into a pipe with room is written directly, not through Node's stdout stream).
 */
const UNNEEDED_BUILTINS = ["node:zlib", "node:http", "node:https", "node:repl", "node:readline", "node:worker_threads", "node:net", "node:stream", "node:tty"];

describe("start-up phases", () => {
  it("BEGIN { exit(); } piped: a few bundle files, no Ink/React, no REPL", async () => {
    const p = await phases(["-e", 'BEGIN { printf("hi\\n"); exit(); }']);
    expect(p.status).toBe(0);
    expect(p.stdout).toBe("hi\n\n\n"); // bpftrace ends a run with two newlines before the (no) maps
    expect(p.ebtFiles).toEqual(CORE_FILES);
    // V8 compiles none of it: the code cache written by the install is taken.
    expect(p.codeCache).toBe("accepted");
    expect(p.ebtSources).toBeGreaterThan(50); // the compiler and runtime are in those files
    expect(p.codeBytes).toBeLessThanOrEqual(MAX_CORE_BYTES);
    expect(p.builtins.filter((b) => UNNEEDED_BUILTINS.includes(b))).toEqual([]);
    expect(p.ink).toBe(false);
    expect(p.repl).toBe(false);
    // The parser is built once, from the grammar and lookahead tables shipped in the bundle: no
    // recording of the grammar, no analysis.
    expect(p.parser?.built).toBe(true);
    expect(p.parser?.grammarRecorded).toBe(false);
    expect(p.parser?.lookaheadComputed).toBe(0);
    expect(p.parser?.lookaheadFromTable).toBeGreaterThan(20);
  });

  it("a tracepoint one-liner compiled with -d loads the same core and nothing else", async () => {
    const p = await phases(["-d", "-e", 'tracepoint:syscalls:sys_enter_openat { printf("%s\\n", str(args.filename)); }']);
    expect(p.status).toBe(0);
    expect(p.ebtFiles).toEqual(CORE_FILES);
    expect(p.codeCache).toBe("accepted");
    expect(p.codeBytes).toBeLessThanOrEqual(MAX_CORE_BYTES);
    expect(p.builtins.filter((b) => UNNEEDED_BUILTINS.includes(b))).toEqual([]);
    expect(p.ink).toBe(false);
    expect(p.repl).toBe(false);
  });

  it("on a terminal, a run that ends in BEGIN prints plain text and never loads Ink", async () => {
    const p = await phases(["-e", 'BEGIN { printf("hi\\n"); exit(); }'], { pty: true });
    expect(p.status).toBe(0);
    expect(p.stdout.replace(/\r/g, "")).toContain("hi\n");
    expect(p.ink).toBe(false);
    expect(p.ebtFiles).toEqual(CORE_FILES); // the TUI's output queue is part of the core
  });

  it("on a terminal, a run that outlives BEGIN loads the TUI's own script with its code cache, and no fetch", async () => {
    const p = await phases(["-e", 'interval:ms:100 { printf("tick\\n"); exit(); }'], { pty: true });
    expect(p.status).toBe(0);
    expect(p.stdout).toContain("tick");
    expect(p.ink).toBe(true);
    // Ink, React and Yoga come packed in one script, compiled from the cache the install wrote
    // (its training run on a pseudo-terminal), not as ~1,500 ES modules compiled from source.
    const tui = p.ebtFiles.filter((f) => !CORE_FILES.includes(f));
    expect(tui).toHaveLength(1);
    expect(tui[0]).toMatch(/^dist\/core\/tui-\w+\.js$/);
    expect(p.lazyCodeCache[tui[0]!]).toBe("accepted");
    // Yoga's WebAssembly is decoded from its base64, not fetched through undici; Ink's
    // terminal-size loads node:child_process only if it runs `tput`.
    expect(p.undici).toBe(false);
    expect(p.builtins).not.toContain("node:child_process");
  });

  it("-i loads the REPL chunk, still without Ink when stdin is not a terminal", async () => {
    const p = await phases(["-i"], { input: ".exit\n" });
    expect(p.status).toBe(0);
    expect(p.repl).toBe(true);
    expect(p.ink).toBe(false);
  });
});

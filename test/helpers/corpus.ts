/**
 * The language corpus (test/corpus/<group>/<name>.bt): small programs with the exact text a user
 * sees. Each program may start with directive comments:
 *   // expected: bpftrace 0.17          where the expected text comes from (required);
 *   // expected: bpftrace 0.17 (edited: its Addrspace warning is wrong)   corrected by hand; or
 *   // expected: docs <where>           for what only current bpftrace runs
 *   // args: -q --unsafe                extra ebt arguments, before the script (split on spaces)
 *   // script-args: 1 hello             arguments after the script ($1, $2, ...)
 *   // env: BPFTRACE_STRLEN=8 X=y       environment variables for the run
 *   // trigger: <sh command>            run once probes are attached; then Ctrl-C
 *   // exit: N                          the expected exit code (default 0, or 1 with an ERROR)
 *   // via: stdin | -e                  pass the program as `-` on stdin, or as `-e 'text'`, not as a file
 *                                       (its errors then name `stdin`)
 *   // kernel-offsets: any              kernel stack frames compare by function name only: `func+N`
 *                                       offsets belong to the kernel's build, not to ebt
 * Expected files beside it: <name>.out (stdout, required) and <name>.err (stderr; without it,
 * stderr holds nothing). The `Attached N probes` line is left out of the comparison, except under
 * -q, where its absence is checked.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface CorpusCase {
  group: string;
  name: string;
  /** The program's path relative to its group directory (what errors print). */
  file: string;
  dir: string;
  expectedFrom: string;
  args: string[];
  scriptArgs: string[];
  env: Record<string, string>;
  trigger?: string;
  via?: "stdin" | "-e";
  /** The program text (for `via`). */
  source: string;
  stdout: string;
  stderr?: string;
  exitCode: number;
  /** `// kernel-offsets: any`: compare kernel frames without their offsets. */
  anyKernelOffset: boolean;
}

/** `func+123` → `func+N` (and perf mode's address → `ADDR`) in indented stack lines: the
 * offsets and addresses are the running kernel's. */
export function withoutFrameOffsets(text: string): string {
  return text.replace(/^(\s+)(?:[0-9a-f]{8,16} )?([A-Za-z_][\w.]*)\+\d+$/gm, (_m, indent: string, fn: string) => {
    const perf = /^\s*[0-9a-f]{8,16} /.test(_m);
    return `${indent}${perf ? "ADDR " : ""}${fn}+N`;
  });
}

function directive(source: string, key: string): string | undefined {
  const m = new RegExp(`^//\\s*${key}:[ \\t]*(.*)$`, "m").exec(source);
  return m ? m[1]!.trim() : undefined;
}

const words = (s: string | undefined) => (s ? s.split(/\s+/).filter(Boolean) : []);

export function loadCase(dir: string, file: string): CorpusCase {
  const source = readFileSync(path.join(dir, file), "utf8");
  const base = path.join(dir, file.replace(/\.bt$/, ""));
  const expectedFrom = directive(source, "expected");
  if (!expectedFrom) throw new Error(`${base}.bt: missing '// expected:' directive`);
  if (!existsSync(`${base}.out`)) throw new Error(`${base}.bt: missing ${path.basename(base)}.out`);
  const stderr = existsSync(`${base}.err`) ? readFileSync(`${base}.err`, "utf8") : undefined;
  const exit = directive(source, "exit");
  return {
    group: path.basename(dir),
    name: file.replace(/\.bt$/, ""),
    file,
    dir,
    expectedFrom,
    args: words(directive(source, "args")),
    scriptArgs: words(directive(source, "script-args")),
    env: Object.fromEntries(words(directive(source, "env")).map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)])),
    trigger: directive(source, "trigger"),
    via: directive(source, "via") as CorpusCase["via"],
    source,
    stdout: readFileSync(`${base}.out`, "utf8"),
    stderr,
    exitCode: exit !== undefined ? Number(exit) : stderr?.includes("ERROR") ? 1 : 0,
    anyKernelOffset: directive(source, "kernel-offsets") === "any",
  };
}

/** Every case under `root`, grouped by directory. */
export function loadCorpus(root: string): Map<string, CorpusCase[]> {
  const groups = new Map<string, CorpusCase[]>();
  for (const group of readdirSync(root).sort()) {
    const dir = path.join(root, group);
    if (!statSync(dir).isDirectory()) continue;
    const cases = readdirSync(dir).filter((f) => f.endsWith(".bt")).sort().map((f) => loadCase(dir, f));
    if (cases.length > 0) groups.set(group, cases);
  }
  return groups;
}

/** Removes the attach status line (ebt prints it on stderr, as current bpftrace does), except
 * under -q, where its absence is what the case checks. */
export function withoutAttachLine(stderr: string, args: readonly string[] = []): string {
  if (args.includes("-q")) return stderr;
  return stderr.replace(/^Attached \d+ probes?\n/m, "");
}

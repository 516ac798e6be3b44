/**
 * Mutations of the corpus (test/corpus/<group>/<name>.bt) for the fuzzer: real programs with a few
 * edits each, such as a deleted or repeated stretch, a token dropped in, a number made extreme,
 * two lines swapped. Most no longer parse or type-check; some still compile into a different
 * program.
 */
import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface Seed {
  /** The program's path (errors name it; its #includes are found beside it). */
  file: string;
  source: string;
}

export function corpusSeeds(root: string): Seed[] {
  const seeds: Seed[] = [];
  for (const group of readdirSync(root).sort()) {
    const dir = path.join(root, group);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith(".bt")) seeds.push({ file: path.join(dir, f), source: readFileSync(path.join(dir, f), "utf8") });
    }
  }
  return seeds;
}

const TOKENS = [
  "{", "}", "(", ")", "[", "]", ";", ",", ":", "?", "/", "*", "+", "-", "<<", ">>", "<", ">", "=", "==", "&&", "!",
  "@x", "$y", "@", "0", "-1", "0xffffffffffffffff", "18446744073709551616", '"s"', '"', "'", "args", "args.fd",
  "kstack", "comm", "pid", "exit()", "exit", "print(@)", "count()", "hist(1)", "if", "else", "while", "for", "unroll(100)",
  "BEGIN", "END", "tracepoint:syscalls:sys_enter_read", "kprobe:", "uprobe:/bin/sh:", "interval:ms:1", "é", "\u0000",
  "\n", "//", "/*", "*/", "#include <linux/sched.h>", "#define X 1", "struct", "(struct task_struct *)", "->", ".",
  "$1", "$#", "str(", "printf(\"%d\\n\",", "return", "config = { x = 1 }", "let $z", "macro", "\\",
];

type Edit = (s: string, at: number, len: number, pick: number) => string;

const EDITS: Edit[] = [
  (s, at, len) => s.slice(0, at) + s.slice(at + len), // delete a stretch
  (s, at, len) => s.slice(0, at + len) + s.slice(at, at + len) + s.slice(at + len), // repeat it
  (s, at, _len, pick) => s.slice(0, at) + TOKENS[pick % TOKENS.length] + s.slice(at), // drop a token in
  (s, at, len, pick) => s.slice(0, at) + TOKENS[pick % TOKENS.length] + s.slice(at + len), // replace a stretch
  (s, at, _len, pick) => {
    // a number made extreme
    const m = /\d+/g;
    m.lastIndex = at;
    const hit = m.exec(s);
    if (!hit) return s;
    const big = ["0", "4294967296", "18446744073709551615", "99999999999999999999", "65536", "513"][pick % 6]!;
    return s.slice(0, hit.index) + big + s.slice(hit.index + hit[0].length);
  },
  (s, at, _len, pick) => {
    // two lines swapped
    const lines = s.split("\n");
    const i = at % lines.length;
    const j = pick % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join("\n");
  },
];

/** A corpus program with one to four edits. */
export function mutated(seeds: readonly Seed[]): fc.Arbitrary<Seed> {
  const edit = fc.tuple(fc.nat(EDITS.length - 1), fc.nat(), fc.nat(40), fc.nat());
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([seed, edits]) => {
    let s = seed.source;
    for (const [kind, at, len, pick] of edits) s = EDITS[kind]!(s, s.length === 0 ? 0 : at % s.length, len, pick);
    return { file: seed.file, source: s };
  });
}

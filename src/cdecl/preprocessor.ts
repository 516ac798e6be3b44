/**
 * A small C preprocessor for what scripts need from C: `#include` of headers (searched where
 * bpftrace's clang searches), `#define`/`#undef` of object-like and function-like macros,
 * `#if/#ifdef/#ifndef/#elif/#else/#endif` with constant expressions and `defined`, include guards
 * and `#pragma once`. Its output is the expanded tokens of the declarations (for declarations.ts)
 * and the macro table (script identifiers that name a `#define` become its value).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ConstExprError, evalConstExpr } from "./const-expr.js";
import { VIRTUAL_HEADERS } from "./virtual-headers.js";
import type { CLoc, CToken } from "./tokens.js";
import { logicalLines, tokenizeLine } from "./tokens.js";

export interface Macro {
  name: string;
  /** Parameter names of a function-like macro; undefined for an object-like one. */
  params?: string[];
  variadic?: boolean;
  body: CToken[];
}

export interface CError {
  loc: CLoc;
  message: string;
  /** clang's "fatal error" (a missing include), which stops everything. */
  fatal?: boolean;
  /** Characters the problem spans (for the marks under it). */
  width?: number;
}

/** A piece of the script's own C, with where it starts in the script. */
export interface ScriptChunk {
  text: string;
  file: string;
  line: number;
  col: number;
  /** The line this chunk starts on in bpftrace's virtual `definitions.h` (for its error text). */
  defLine: number;
}

export interface PreprocessOptions {
  /** Directories for `#include <...>` (and after the including file's own, for "..."). */
  systemDirs: string[];
  /** Where `#include "..."` in the script itself looks first. */
  scriptDir: string;
  predefined: Record<string, string>;
}

const MAX_INCLUDE_DEPTH = 200;
/** Tokens one expansion may produce: far beyond real headers, reached only by macros that double at each step. */
const MAX_EXPANSION = 200_000;

/** A macro expansion that grew past MAX_EXPANSION: an error at the macro named. */
export class ExpansionTooLarge extends Error {
  constructor(message: string, readonly loc: CLoc) {
    super(message);
  }
}
const VIRTUAL_DIR = "<builtin>";

/** One `#if` being read: whether its current group is kept, whether an earlier group was. */
interface Cond {
  active: boolean;
  taken: boolean;
  parentActive: boolean;
}

/** Stops preprocessing after a fatal error, as clang does. */
class Fatal extends Error {}

export class Preprocessor {
  readonly macros = new Map<string, Macro>();
  readonly errors: CError[] = [];
  /** The declaration tokens, in order. */
  readonly out: CToken[] = [];
  private readonly once = new Set<string>();
  private readonly scriptConds: Cond[] = [];
  private depth = 0;

  constructor(private readonly opts: PreprocessOptions) {
    for (const [name, value] of Object.entries(opts.predefined)) this.define(`${name} ${value}`, { file: "<built-in>", line: 1, col: 1 });
  }

  /** Runs the script's chunks; false after a fatal error. */
  run(chunks: readonly ScriptChunk[]): boolean {
    try {
      for (const c of chunks) this.file(c.text, c.file, { script: c, dir: this.opts.scriptDir, dirIndex: -1 });
      const open = this.scriptConds.length > 0 ? chunks[chunks.length - 1] : undefined;
      if (open) this.errors.push({ loc: { file: open.file, line: open.line, col: open.col, script: true, defLine: open.defLine, defCol: 1 }, message: "unterminated conditional directive" });
      return true;
    } catch (e) {
      if (e instanceof ExpansionTooLarge) {
        this.errors.push({ loc: e.loc, message: e.message, fatal: true });
        return false;
      }
      if (e instanceof Fatal) return false;
      throw e;
    }
  }

  private define(text: string, loc: CLoc): void {
    const toks = tokenizeLine(text, loc.file, loc.line, (i) => loc.col + i);
    this.defineTokens(toks, loc);
  }

  private defineTokens(toks: CToken[], loc: CLoc): void {
    const name = toks[0];
    if (!name || name.kind !== "id") {
      this.errors.push({ loc, message: "macro name must be an identifier" });
      return;
    }
    if (toks[1]?.text === "(" && !toks[1].spaceBefore) {
      const params: string[] = [];
      let variadic = false;
      let i = 2;
      for (; i < toks.length && toks[i]!.text !== ")"; i++) {
        const t = toks[i]!;
        if (t.text === ",") continue;
        if (t.text === "...") {
          variadic = true;
          params.push("__VA_ARGS__");
        } else params.push(t.text);
      }
      this.macros.set(name.text, { name: name.text, params, variadic, body: toks.slice(i + 1) });
    } else {
      this.macros.set(name.text, { name: name.text, body: toks.slice(1) });
    }
  }

  /** Preprocesses one file's text; `script` is set for the script's own C. */
  private file(text: string, file: string, where: { script?: ScriptChunk; dir: string; dirIndex: number }): void {
    const { script } = where;
    const lines = logicalLines(text, script?.line ?? 1, script?.col ?? 1);
    // The script's pieces are one file to the preprocessor (an #if may span several of them).
    const conds = script ? this.scriptConds : ([] as Cond[]);
    const active = (): boolean => conds.length === 0 || conds[conds.length - 1]!.active;
    let pending: CToken[] = [];
    const flush = (): void => {
      // One at a time: spreading 100,000s of tokens into push() overflows the call stack.
      if (pending.length > 0) for (const t of this.expand(pending)) this.out.push(t);
      pending = [];
    };
    for (let n = 0; n < lines.length; n++) {
      const l = lines[n]!;
      const toks = tokenizeLine(l.text, file, l.line, (i) => l.cols[i] ?? 1);
      if (script) {
        const defLine = script.defLine + (l.line - script.line);
        for (const t of toks) t.loc = { ...t.loc, script: true, defLine, defCol: t.loc.line === script.line ? t.loc.col - script.col + 1 : t.loc.col };
      }
      if (toks[0]?.text !== "#") {
        if (active()) for (const t of toks) pending.push(t);
        continue;
      }
      flush();
      const dir = toks[1]?.text ?? "";
      const rest = toks.slice(2);
      const loc = toks[0]!.loc;
      switch (dir) {
        case "ifdef":
        case "ifndef": {
          const has = this.macros.has(rest[0]?.text ?? "");
          const on = active() && (dir === "ifdef" ? has : !has);
          conds.push({ active: on, taken: on, parentActive: active() });
          continue;
        }
        case "if": {
          const on = active() && this.condition(rest, loc);
          conds.push({ active: on, taken: on, parentActive: active() });
          continue;
        }
        case "elif": {
          const c = conds[conds.length - 1];
          if (!c) {
            this.error(loc, "#elif without #if");
            continue;
          }
          c.active = c.parentActive && !c.taken && this.condition(rest, loc);
          c.taken ||= c.active;
          continue;
        }
        case "else": {
          const c = conds[conds.length - 1];
          if (!c) {
            this.error(loc, "#else without #if");
            continue;
          }
          c.active = c.parentActive && !c.taken;
          c.taken = true;
          continue;
        }
        case "endif":
          if (!conds.pop()) this.error(loc, "#endif without #if");
          continue;
      }
      if (!active()) continue;
      switch (dir) {
        case "define":
          this.defineTokens(rest, loc);
          break;
        case "undef":
          this.macros.delete(rest[0]?.text ?? "");
          break;
        case "include":
        case "include_next":
          this.include(rest, loc, where, dir === "include_next");
          break;
        case "pragma":
          if (rest[0]?.text === "once") this.once.add(file);
          break;
        case "error":
          this.error(loc, l.text.replace(/^\s*#\s*error\s*/, ""));
          break;
        case "":
        case "line":
        case "warning":
        case "ident":
          break;
        default:
          if (script) this.error(toks[1]!.loc, `invalid preprocessing directive`);
      }
    }
    flush();
    if (conds.length > 0 && !script) this.error(lines[lines.length - 1] ? { file, line: lines[lines.length - 1]!.line, col: 1 } : { file, line: 1, col: 1 }, "unterminated conditional directive");
  }

  private error(loc: CLoc, message: string, fatal = false, width?: number): void {
    this.errors.push({ loc, message, fatal, width });
    if (fatal) throw new Fatal();
  }

  private include(rest: CToken[], loc: CLoc, from: { script?: ScriptChunk; dir: string; dirIndex: number }, next: boolean): void {
    let toks = rest;
    if (toks[0] && toks[0].kind !== "str" && toks[0].text !== "<") toks = this.expand(toks);
    let name: string;
    let quoted: boolean;
    if (toks[0]?.kind === "str") {
      name = toks[0].text.slice(1, -1);
      quoted = true;
    } else if (toks[0]?.text === "<") {
      const close = toks.findIndex((t) => t.text === ">");
      // The tokens between < and > were split on punctuation: glue them back as they were written.
      name = toks.slice(1, close < 0 ? toks.length : close).map((t) => (t.spaceBefore ? " " : "") + t.text).join("").trim();
      quoted = false;
    } else {
      this.error(loc, "expected \"FILENAME\" or <FILENAME>");
      return;
    }
    const found = this.findHeader(name, quoted, from, next);
    const at = toks[0]!.loc;
    if (!found) {
      // clang stops at a missing header (a fatal error); bpftrace prints its message. A header's
      // own includes may name compiler headers we do not have: those are skipped.
      const last = toks[toks.length - 1]!;
      const width = last.loc.line === at.line ? last.loc.col + last.text.length - at.col : 1;
      if (from.script) this.error(at, `'${name}' file not found`, true, width);
      return;
    }
    if (this.once.has(found.file)) return;
    if (this.depth >= MAX_INCLUDE_DEPTH) {
      this.error(at, "#include nested too deeply", true);
      return;
    }
    this.depth++;
    try {
      this.file(found.text, found.file, { dir: path.dirname(found.file), dirIndex: found.dirIndex });
    } finally {
      this.depth--;
    }
  }

  private findHeader(name: string, quoted: boolean, from: { dir: string; dirIndex: number }, next: boolean): { file: string; text: string; dirIndex: number } | undefined {
    if (path.isAbsolute(name)) return readHeader(name, -1);
    const dirs = this.opts.systemDirs;
    const start = next ? from.dirIndex + 1 : 0;
    if (quoted && !next) {
      const own = readHeader(path.join(from.dir, name), -1);
      if (own) return own;
    }
    for (let i = Math.max(0, start); i < dirs.length; i++) {
      const dir = dirs[i]!;
      if (dir === VIRTUAL_DIR) {
        const text = VIRTUAL_HEADERS[name];
        if (text !== undefined) return { file: `${VIRTUAL_DIR}/${name}`, text, dirIndex: i };
        continue;
      }
      const hit = readHeader(path.join(dir, name), i);
      if (hit) return hit;
    }
    return undefined;
  }

  /** An `#if`/`#elif` condition: `defined`, `__has_include` and friends, then macros, then the value. */
  private condition(toks: CToken[], loc: CLoc): boolean {
    const pre: CToken[] = [];
    const one = (v: boolean, at: CToken): CToken => ({ ...at, kind: "num", text: v ? "1" : "0" });
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (t.text === "defined") {
        const paren = toks[i + 1]?.text === "(";
        const name = toks[i + (paren ? 2 : 1)];
        pre.push(one(name !== undefined && this.macros.has(name.text), t));
        i += paren ? 3 : 1;
      } else if (/^__has_(include|include_next|attribute|builtin|feature|extension|c_attribute|cpp_attribute|declspec_attribute|warning)$/.test(t.text) && toks[i + 1]?.text === "(") {
        let d = 0;
        let j = i + 1;
        for (; j < toks.length; j++) {
          if (toks[j]!.text === "(") d++;
          else if (toks[j]!.text === ")" && --d === 0) break;
        }
        let v = false;
        if (t.text.startsWith("__has_include")) {
          const inner = toks.slice(i + 2, j);
          const str = inner[0]?.kind === "str";
          const name = str ? inner[0]!.text.slice(1, -1) : inner.slice(1, -1).map((x) => x.text).join("");
          v = this.findHeader(name, str, { dir: path.dirname(t.loc.file), dirIndex: -1 }, false) !== undefined;
        }
        pre.push(one(v, t));
        i = j;
      } else pre.push(t);
    }
    const expanded = this.expand(pre);
    try {
      // Names left after expansion are 0, as in C; `true`/`false` too (C, not C++).
      return evalConstExpr(expanded, { ident: () => 0n }) !== 0n;
    } catch (e) {
      if (!(e instanceof ConstExprError)) throw e;
      // A header's condition we cannot read is taken as false; the script's own is an error.
      if (loc.script) this.errors.push({ loc: e.token?.loc ?? loc, message: e.message });
      return false;
    }
  }

  /**
   * Macro-expands a token list (rescanning; a macro is not expanded inside its own expansion).
   * Linear in the tokens read and produced: a header's declarations may be 100,000s of tokens. An
   * expansion that keeps growing (`#define A B B`, `#define B C C`, ...) is refused past a bound.
   */
  expand(input: readonly CToken[]): CToken[] {
    const out: CToken[] = [];
    // The tokens still to read, the next one last: an expansion is pushed on top of what follows it.
    const todo: CToken[] = [];
    for (let k = input.length - 1; k >= 0; k--) todo.push(input[k]!);
    let produced = 0;
    const pushFront = (toks: readonly CToken[], at: CToken): void => {
      produced += toks.length;
      if (produced > MAX_EXPANSION) throw new ExpansionTooLarge(`macro expansion is too large (more than ${MAX_EXPANSION} tokens)`, at.loc);
      for (let k = toks.length - 1; k >= 0; k--) todo.push(toks[k]!);
    };
    while (todo.length > 0) {
      const t = todo.pop()!;
      const m = t.kind === "id" ? this.macros.get(t.text) : undefined;
      if (!m || t.hide?.has(m.name)) {
        out.push(t);
        continue;
      }
      const hide = new Set(t.hide ?? []);
      hide.add(m.name);
      if (!m.params) {
        pushFront(m.body.map((b, i) => ({ ...b, loc: t.loc, hide, spaceBefore: i === 0 ? t.spaceBefore : b.spaceBefore })), t);
        continue;
      }
      if (todo[todo.length - 1]?.text !== "(") {
        out.push(t);
        continue;
      }
      const args = collectArgs(todo);
      if (!args) {
        out.push(t);
        continue;
      }
      pushFront(this.substitute(m, args, t, hide), t);
    }
    return out;
  }

  private substitute(m: Macro, rawArgs: CToken[][], call: CToken, hide: Set<string>): CToken[] {
    const params = m.params!;
    // A variadic macro's extra arguments, commas included, are __VA_ARGS__.
    let args = rawArgs;
    if (m.variadic && rawArgs.length >= params.length) {
      const fixed = rawArgs.slice(0, params.length - 1);
      const va = rawArgs.slice(params.length - 1);
      const comma = (at: CToken): CToken => ({ ...at, kind: "punct", text: ",", spaceBefore: false });
      args = [...fixed, va.flatMap((a, i) => (i === 0 ? a : [comma(a[0] ?? call), ...a]))];
    }
    if (params.length === 1 && args.length === 0) args = [[]];
    const argOf = (name: string): CToken[] | undefined => {
      const i = params.indexOf(name);
      return i < 0 ? undefined : (args[i] ?? []);
    };
    const res: CToken[] = [];
    const expandedArgs = new Map<CToken[], CToken[]>();
    const body = m.body;
    for (let i = 0; i < body.length; i++) {
      // Each use of an argument copies its expansion: `F(F(F(x)))` with `#define F(x) x x x` grows too.
      if (res.length > MAX_EXPANSION) throw new ExpansionTooLarge(`macro expansion is too large (more than ${MAX_EXPANSION} tokens)`, call.loc);
      const b = body[i]!;
      if (b.text === "#" && body[i + 1] && argOf(body[i + 1]!.text)) {
        const a = argOf(body[i + 1]!.text)!;
        const s = a.map((x, k) => (k > 0 && x.spaceBefore ? " " : "") + x.text).join("");
        res.push({ ...b, kind: "str", text: JSON.stringify(s), loc: call.loc });
        i++;
        continue;
      }
      if (b.text === "##" && res.length > 0 && body[i + 1]) {
        const nextTok = body[i + 1]!;
        const right = argOf(nextTok.text) ?? [nextTok];
        const left = res.pop()!;
        const glued = tokenizeLine(left.text + (right[0]?.text ?? ""), call.loc.file, call.loc.line, () => call.loc.col);
        for (const g of glued) res.push({ ...g, loc: call.loc });
        for (const x of right.slice(1)) res.push({ ...x, loc: call.loc });
        i++;
        continue;
      }
      const a = argOf(b.text);
      if (a) {
        const pasted = body[i + 1]?.text === "##";
        let toks = a;
        if (!pasted) {
          // Expanded once however often the body uses it (`x x x`): each expansion may be large.
          toks = expandedArgs.get(a) ?? this.expand(a);
          expandedArgs.set(a, toks);
        }
        // One at a time: an argument may expand to more tokens than push() takes as arguments.
        toks.forEach((x, k) => res.push({ ...x, loc: call.loc, spaceBefore: k === 0 ? b.spaceBefore : x.spaceBefore }));
      } else res.push({ ...b, loc: call.loc });
    }
    // Tokens of one argument share their hide set: one merged set each, not one per token.
    const merged = new Map<ReadonlySet<string> | undefined, Set<string>>();
    const withHide = (h: ReadonlySet<string> | undefined): Set<string> => {
      let m = merged.get(h);
      if (!m) merged.set(h, (m = new Set([...(h ?? []), ...hide])));
      return m;
    };
    return res.map((x) => ({ ...x, hide: withHide(x.hide) }));
  }
}

/** Takes `( a, b )` off the front of `todo` (its last token first): the arguments' tokens; undefined when unbalanced. */
function collectArgs(todo: CToken[]): CToken[][] | undefined {
  let depth = 0;
  const args: CToken[][] = [];
  let cur: CToken[] = [];
  for (let i = todo.length - 1; i >= 0; i--) {
    const t = todo[i]!;
    if (t.text === "(") {
      if (depth++ === 0) continue;
    } else if (t.text === ")") {
      if (--depth === 0) {
        if (cur.length > 0 || args.length > 0) args.push(cur);
        todo.length = i;
        return args;
      }
    } else if (t.text === "," && depth === 1) {
      args.push(cur);
      cur = [];
      continue;
    }
    cur.push(t);
  }
  return undefined;
}

/** Every header file this process has read: a program compiled ahead of time depends on them (aot/facts.ts). */
export const headersRead = new Set<string>();

function readHeader(file: string, dirIndex: number): { file: string; text: string; dirIndex: number } | undefined {
  try {
    if (!existsSync(file) || !statSync(file).isFile()) return undefined;
    const text = readFileSync(file, "latin1");
    headersRead.add(file);
    return { file, text, dirIndex };
  } catch {
    return undefined;
  }
}

export { VIRTUAL_DIR };

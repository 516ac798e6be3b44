/**
 * `ebt --fmt`: a parsed program printed back in current bpftrace's canonical layout.
 *
 * The rules are bpftrace's (its `--fmt` output is the reference): two-space indentation; attach
 * points one per line and `{` on the line after them; lines kept under 90 columns by breaking
 * argument lists where the lines come out most even (later lines lined up under the first); operands
 * that are not simple (a literal, variable, map, call, field...) in parentheses, except comparisons
 * chained by `&&`/`||`; `$x = $x + 1` printed as `$x += 1`; `->` printed as `.`; integers as written.
 * Comments and blank lines are kept where statements and top-level items can hold them; a comment
 * at the end of a block joins the block's last line.
 *
 * Widths are unsigned in bpftrace: a budget that runs below zero wraps around to "unlimited", and
 * `less` keeps that so lines break at the same places.
 */
import type * as A from "../ast/nodes.js";
import { Layout } from "./layout.js";
import { Trivia } from "./trivia.js";

const INDENT = 2;
export const FORMAT_WIDTH = 90;

const less = (a: number, b: number): number => (a >= b ? a - b : Number.MAX_SAFE_INTEGER);

/** Expressions that never need parentheses around them. */
function isSimple(e: A.Expr): boolean {
  switch (e.kind) {
    case "IntLit":
    case "StrLit":
    case "BoolLit":
    case "Positional":
    case "Identifier":
    case "SizeofExpr":
    case "OffsetofExpr":
    case "ScratchVar":
    case "IndexAccess":
    case "FieldAccess":
    case "MapAccess":
    case "Call":
      return true;
    default:
      return false;
  }
}

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);
const isComparison = (e: A.Expr): boolean => e.kind === "Binary" && COMPARISONS.has(e.op);
const isLiteral = (e: A.Expr): boolean =>
  e.kind === "IntLit" || e.kind === "StrLit" || e.kind === "BoolLit" || (e.kind === "TupleExpr" && e.elems.every(isLiteral)) ||
  (e.kind === "RecordExpr" && e.fields.every((f) => isLiteral(f.value)));

/** Operators that have a compound assignment form. */
const COMPOUND = new Set(["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"]);

/**
 * The inside of a string literal for `s`: printable ASCII as is (with `\\` and `\"`), `\n` `\t`
 * `\r`, every other byte as `\xNN`. A string of byte-sized characters (`\xff` escapes) is those
 * bytes; one with wider characters is its UTF-8.
 */
export function quoteString(s: string): string {
  let out = "";
  const bytes = /^[\x00-\xff]*$/.test(s) ? Array.from(s, (c) => c.charCodeAt(0)) : [...Buffer.from(s, "utf8")];
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f) out += b === 0x5c ? "\\\\" : b === 0x22 ? '\\"' : String.fromCharCode(b);
    else if (b === 10) out += "\\n";
    else if (b === 9) out += "\\t";
    else if (b === 13) out += "\\r";
    else out += "\\x" + b.toString(16).padStart(2, "0");
  }
  return out;
}

function typeText(t: A.TypeName): string {
  let s = t.name + "*".repeat(t.pointerDepth);
  if (t.arraySize !== undefined) s += `[${t.arraySize === 0 ? "" : t.arraySize}]`;
  return s;
}

/** Structural equality, ignoring where the nodes are. */
function sameExpr(a: A.Expr, b: A.Expr): boolean {
  const strip = (x: unknown): unknown => JSON.stringify(x, (k, v: unknown) => (k === "span" || k.endsWith("Span") ? undefined : typeof v === "bigint" ? v.toString() : v));
  return strip(a) === strip(b);
}

export class Formatter {
  constructor(private readonly source: string) {}

  program(p: A.Program, tv: Trivia): Layout {
    const out = new Layout();
    if (this.source.startsWith("#!")) {
      const e = this.source.indexOf("\n");
      out.text(e < 0 ? this.source : this.source.slice(0, e)).br();
    }
    type Entry = { start: number; layout: () => Layout };
    const entries: Entry[] = [];
    for (const c of p.cDefinitions ?? []) entries.push({ start: c.span.start.offset, layout: () => new Layout().text(cText(c.text)) });
    for (const item of p.items) entries.push({ start: item.span.start.offset, layout: () => this.topLevel(item, tv, FORMAT_WIDTH) });
    entries.sort((a, b) => a.start - b.start);
    for (const e of entries) {
      const before = tv.takeUpTo(e.start);
      const item = e.layout();
      out.trivia(before, 0).append(new Layout().append(item).br());
    }
    return out.trivia(tv, 0);
  }

  private topLevel(item: A.TopLevel, tv: Trivia, w: number): Layout {
    switch (item.kind) {
      case "Probe":
        return this.probe(item, tv, w);
      case "ConfigBlock":
        return this.config(item, tv, w);
      case "MacroDef": {
        const blockTv = tv.takeUpTo(item.body.span.start.offset);
        const body = this.block(item.body, tv, w - INDENT);
        return new Layout().text(`macro ${item.name}(${item.params.join(", ")})`).trivia(blockTv, 1).text("{").append(body, INDENT).text("}");
      }
      case "Import":
        return new Layout().text(`import "${item.path}";`);
      case "MapDecl": {
        const n = item.args[0]?.kind === "IntLit" ? item.args[0].value.toString() : "";
        return new Layout().text(`let ${item.name} = ${item.mapType}(${n});`);
      }
    }
  }

  private probe(p: A.Probe, tv: Trivia, w: number): Layout {
    const out = new Layout();
    p.attachPoints.forEach((ap, i) => out.text(ap.raw + (i < p.attachPoints.length - 1 ? "," : "")).br());
    if (p.predicate) {
      const predTv = tv.takeUpTo(p.predicate.span.start.offset);
      const pred = this.expr(p.predicate, tv, w, true);
      out.trivia(predTv).text("/").append(pred).text("/").br();
    }
    const blockTv = tv.takeUpTo(p.body.span.start.offset);
    const body = this.block(p.body, tv, w - INDENT);
    return out.trivia(blockTv).text("{").append(body, INDENT).text("}");
  }

  private config(c: A.ConfigBlock, _tv: Trivia, _w: number): Layout {
    if (c.entries.length === 0) return new Layout().text("config = {}");
    const body = new Layout();
    for (const e of c.entries) {
      if (body.lineCount > 0) body.br();
      body.text(`${e.key} = ${configValue(e.value)};`);
    }
    return new Layout().text("config = {").append(body, INDENT).text("}");
  }

  /** A block's statements (and value), without its braces. */
  private block(b: A.Block, tv: Trivia, w: number): Layout {
    const out = new Layout();
    b.stmts.forEach((s, i) => {
      const stmt = this.stmt(s, tv, w);
      if (stmt.width > 0 && i > 0) out.br();
      out.append(stmt);
    });
    const rest = tv.takeUpTo(b.span.end.offset);
    if (b.value) {
      const valueTv = rest.takeUpTo(b.value.span.start.offset);
      const value = this.expr(b.value, rest, w, true);
      out.trivia(valueTv, out.lineCount > 0 ? 1 : 0).append(value);
    }
    return out.trivia(rest);
  }

  /** A statement with the comments and blank lines before it. */
  private stmt(s: A.Stmt, tv: Trivia, w: number): Layout {
    const before = tv.takeUpTo(s.span.start.offset);
    return new Layout().trivia(before, 0).append(this.stmtBody(s, tv, w));
  }

  private stmtBody(s: A.Stmt, tv: Trivia, w: number): Layout {
    switch (s.kind) {
      case "ExprStmt":
        if (s.discard) return new Layout().text("_ = ").append(this.expr(s.expr, tv, w, true)).text(";");
        return this.expr(s.expr, tv, w, true).text(";");
      case "Block":
        return this.expr(s, tv, w, true);
      case "AssignStmt":
        return this.assign(s, tv, w);
      case "LetStmt": {
        const decl = new Layout().text(`let ${s.name}`);
        if (s.type) decl.text(" : ").append(this.typeLayout(s.type, tv, w));
        if (!s.value) return decl.text(";");
        const value = this.expr(s.value, tv, less(w, decl.width + 3), true);
        return decl.text(" = ").append(value, 0, s.value.kind !== "Block" && !isIfExpr(s.value)).text(";");
      }
      case "IfStmt": {
        // As an expression of its own: what comes before its end is its to place.
        const local = tv.takeUpTo(s.span.end.offset);
        return this.ifChain(s, local, w, true);
      }
      case "WhileStmt": {
        const cond = this.expr(s.cond, tv, less(w, 8));
        const body = this.block(s.body, tv, less(w, 2));
        return new Layout().text("while ").append(cond).text(" {").append(body, INDENT).text("}");
      }
      case "UnrollStmt": {
        const body = this.block(s.body, tv, less(w, 2));
        return new Layout().text("unroll (").append(this.expr(s.count, tv, less(w, 11))).text(") {").append(body, INDENT).text("}");
      }
      case "ForMapStmt":
      case "ForRangeStmt": {
        const head = new Layout().text(`for ${s.variable} : `);
        if (s.kind === "ForMapStmt") head.append(this.expr(s.map, tv, w));
        else head.append(this.rangeEnd(s.from, tv, w)).text("..").append(this.rangeEnd(s.to, tv, w));
        const body = this.block(s.body, tv, less(w, INDENT));
        return head.text(" {").append(body, INDENT).text("}");
      }
      case "JumpStmt":
        if (s.jump !== "return") return new Layout().text(`${s.jump};`);
        // bpftrace gives a returned value a budget of one column.
        if (!s.value) return new Layout().text("return;");
        return new Layout().text("return ").append(this.expr(s.value, tv, 1)).text(";");
    }
  }

  private rangeEnd(e: A.Expr, tv: Trivia, w: number): Layout {
    if (isLiteral(e)) return this.expr(e, tv, w, true);
    return new Layout().text("(").append(this.expr(e, tv, less(w, 4), true)).text(")");
  }

  private assign(s: A.AssignStmt, tv: Trivia, w: number): Layout {
    const target = s.target.kind === "ScratchVar" ? new Layout().text(s.target.name) : this.node(s.target, tv, w);
    let op: string = s.op;
    let rhs = s.value;
    if (op === "=" && rhs.kind === "Binary" && COMPOUND.has(rhs.op) && sameExpr(rhs.left, s.target)) {
      op = rhs.op + "=";
      rhs = rhs.right;
    }
    const value = this.expr(rhs, tv, less(w, target.width + 2 + op.length), true);
    return target.text(` ${op} `).append(value, 0, rhs.kind !== "Block" && !isIfExpr(rhs)).text(";");
  }

  /**
   * `if` chains, as statements (always on several lines) or as values (on one line when they fit).
   */
  private ifChain(first: A.IfStmt | A.Ternary, tv: Trivia, w: number, statement: boolean): Layout {
    const comments = tv.takeUpTo(first.span.start.offset);
    const firstThen = first.then!;
    const pairs: [Layout, Layout][] = [];
    let finalElse: Layout | undefined;
    let total = 0;
    let it: A.IfStmt | A.Ternary | undefined = first;
    while (it) {
      const condTv = tv.takeUpTo(firstThen.span.start.offset);
      const cond = this.expr(it.cond, condTv, less(w, 5)).trivia(condTv);
      const then = this.rawBlock(it.then!, tv, less(w, INDENT));
      total += cond.width + 5 + then.width + 3;
      pairs.push([cond, then]);
      const els: A.Expr | A.IfStmt | undefined = it.else;
      if (els && (els.kind === "IfStmt" || (els.kind === "Ternary" && isIfExpr(els)))) {
        it = els as A.IfStmt | A.Ternary;
        continue;
      }
      if (els) finalElse = this.rawBlock(els, tv, less(w, INDENT));
      it = undefined;
    }
    const out = new Layout().trivia(comments, 0);
    const multiLine = statement || total > w || pairs.length > 1 || pairs.some(([c, t]) => c.lineCount > 1 || t.lineCount > 1) || (finalElse?.lineCount ?? 0) > 1;
    pairs.forEach(([cond, then], i) => {
      out.text(i > 0 ? " else if " : "if ").append(cond);
      if (multiLine) out.text(" {").append(then, INDENT).text("}");
      else out.text(" { ").append(then).text(" }");
    });
    if (finalElse) {
      if (multiLine) out.text(" else {").append(finalElse, INDENT).text("}");
      else out.text(" else { ").append(finalElse).text(" }");
    }
    return out;
  }

  private rawBlock(e: A.Expr | A.Block, tv: Trivia, w: number): Layout {
    return e.kind === "Block" ? this.block(e, tv, w) : this.expr(e, tv, w, true);
  }

  /** An expression, in parentheses unless `bare` allows none or it never needs them. */
  expr(e: A.Expr, tv: Trivia, w: number, bare = false): Layout {
    const local = tv.takeUpTo(e.span.end.offset);
    const bareOk = (bare && e.kind !== "TupleExpr") || isSimple(e);
    const localW = bareOk ? w : less(w, 2);
    const out = new Layout();
    if (!bareOk) out.text("(");
    if (e.kind === "Block") {
      const block = this.block(e, local, less(w, 2));
      if (block.lineCount > 1 || block.width > localW) out.text("{").append(block, INDENT).text("}");
      else out.text("{ ").append(block).text(" }");
    } else out.append(this.node(e, local, localW));
    if (!bareOk) out.text(")");
    return out;
  }

  /** An expression's own text (the caller decides about parentheses). */
  private node(e: A.Expr, tv: Trivia, w: number): Layout {
    switch (e.kind) {
      case "IntLit":
        return new Layout().text(e.raw);
      case "StrLit":
        return new Layout().text(`"${quoteString(e.value)}"`);
      case "BoolLit":
        return new Layout().text(String(e.value));
      case "Positional":
        return new Layout().text(e.count ? "$#" : `$${e.index}`);
      case "Identifier":
        return new Layout().text(e.name);
      case "ScratchVar":
        return new Layout().text(e.name);
      case "MapAccess":
        return this.mapAccess(e, tv, w);
      case "Binary": {
        const logical = e.op === "&&" || e.op === "||";
        const operands: A.Expr[] = [];
        const flatten = (x: A.Expr): void => {
          if (logical && x.kind === "Binary" && x.op === e.op) {
            flatten(x.left);
            flatten(x.right);
          } else operands.push(x);
        };
        flatten(e.left);
        flatten(e.right);
        return this.list(operands, ` ${e.op} `, tv, w, false);
      }
      case "Unary": {
        const operand = this.expr(e.operand, tv, less(w, e.op.length));
        return new Layout().text(e.op).append(operand);
      }
      case "Update": {
        const target = this.expr(e.target, tv, less(w, 2));
        return e.prefix ? new Layout().text(e.op).append(target) : target.text(e.op);
      }
      case "Ternary":
        return isIfExpr(e) ? this.ifChain(e, tv, w, false) : this.ternary(e, tv, w);
      case "Call": {
        const args = this.list(e.args, ", ", tv, less(w, e.name.length + 2), true);
        // Arguments too wide even when broken: each on lines of their own, indented.
        if (args.width > w) return new Layout().text(`${e.name}(`).append(args, INDENT).text(")");
        return new Layout().text(`${e.name}(`).append(args).text(")");
      }
      case "FieldAccess": {
        const object = this.expr(e.object, tv, less(w, e.field.length + 1), isSimple(e.object));
        return object.text(`.${e.field}`);
      }
      case "IndexAccess": {
        const object = this.expr(e.object, tv, less(w, 1));
        const index = this.expr(e.index, tv, less(w, INDENT));
        const out = new Layout().append(object).text("[");
        return (object.width + index.width + 2 > w ? out.append(index, INDENT) : out.append(index)).text("]");
      }
      case "Cast": {
        const type = new Layout().text("(").append(this.typeLayout(e.type, tv, w)).text(")");
        return type.append(this.expr(e.operand, tv, less(w, type.width), isSimple(e.operand)));
      }
      case "TupleExpr":
        return this.tupleElems(e, tv, w);
      case "RecordExpr": {
        const fields = e.fields.map((f) => ({ ...f, kind: "field" as const }));
        const elems =
          fields.length === 1
            ? this.namedArg(fields[0]!, tv, less(w, 2))
            : this.joinList(fields.map((f, i) => (fw: number) => this.namedArg(f, tv, i < fields.length - 1 ? less(fw, 1) : fw)), ", ", less(w, INDENT));
        if (elems.lineCount > 1) return new Layout().text("(").append(elems, INDENT).text(")");
        return new Layout().text("(").append(elems).text(")");
      }
      case "SizeofExpr":
        return new Layout().text("sizeof(").append(this.typeArg(e.arg, tv, less(w, 8))).text(")");
      case "OffsetofExpr":
        return new Layout().text("offsetof(").append(this.typeArg(e.type, tv, w)).text(`, ${e.fields.join(".")})`);
      case "TypeArg":
        return this.typeLayout(e.type, tv, w);
      case "Block":
        return this.expr(e, tv, w, true);
    }
  }

  /** A type as written; `typeof(x)` with its argument laid out as an expression or a type. */
  private typeLayout(t: A.TypeName, tv: Trivia, w: number): Layout {
    if (!t.of) return new Layout().text(typeText(t));
    const suffix = typeText({ ...t, name: "" });
    return new Layout().text("typeof(").append(this.typeArg(t.of, tv, less(w, 8))).text(`)${suffix}`);
  }

  private ternary(e: A.Ternary, tv: Trivia, w: number): Layout {
    // `a ?: b` is `a ? a : b` to bpftrace.
    const cond = this.expr(e.cond, tv, w);
    const then = this.expr(e.then ?? e.cond, tv, less(w, 2));
    const els = this.expr(e.else, tv, less(w, 2));
    if (cond.width + then.width + els.width + 8 > w) {
      return new Layout().append(cond).br().text("? ").append(then).br().text(": ").append(els);
    }
    return new Layout().append(cond).text(" ? ").append(then).text(" : ").append(els);
  }

  private tupleElems(t: A.TupleExpr, tv: Trivia, w: number): Layout {
    if (t.elems.length === 1) return this.expr(t.elems[0]!, tv, less(w, 3), true).text(",");
    return this.list(t.elems, ", ", tv, less(w, INDENT), true);
  }

  private mapAccess(m: A.MapAccess, tv: Trivia, w: number): Layout {
    if (m.keys.length === 0) return new Layout().text(m.name);
    const only = m.keys.length === 1 ? m.keys[0]! : undefined;
    let key: Layout;
    if (!only) key = this.list(m.keys, ", ", tv, less(less(w, INDENT), INDENT), true);
    else if (only.kind === "TupleExpr" && only.elems.length >= 2) key = this.tupleElems(only, tv, less(w, INDENT));
    else key = this.expr(only, tv, less(w, INDENT), true);
    const out = new Layout().text(`${m.name}[`);
    return (m.name.length + key.width + 2 > w ? out.append(key, INDENT) : out.append(key)).text("]");
  }

  private namedArg(f: { name: string; value: A.Expr }, tv: Trivia, w: number): Layout {
    return new Layout().text(`${f.name}=`).append(this.expr(f.value, tv, less(w, f.name.length + 1)));
  }

  private typeArg(arg: A.TypeName | A.Expr, tv: Trivia, w: number): Layout {
    if (arg.kind === "TypeName") return this.typeLayout(arg, tv, w);
    const e = this.expr(arg, tv, w, true);
    // `typeof(x[0])` would read as an array type: an index on a bare name keeps its parentheses.
    let base: A.Expr = arg;
    while (base.kind === "IndexAccess") base = base.object;
    return arg.kind === "IndexAccess" && base.kind === "Identifier" ? new Layout().text("(").append(e).text(")") : e;
  }

  /** Expressions joined by `sep`: on one line if they fit, else broken where the lines come out even. */
  private list(items: A.Expr[], sep: string, tv: Trivia, w: number, bare: boolean): Layout {
    return this.joinList(items.map((it, i) => (iw: number) => this.expr(it, tv, i < items.length - 1 ? less(iw, 1) : iw, bare || isComparison(it))), sep, w);
  }

  private joinList(parts: ((w: number) => Layout)[], sep: string, w: number): Layout {
    const laid = parts.map((p, i) => {
      const l = p(w);
      return i < parts.length - 1 ? l.text(sep) : l;
    });
    const widths = laid.map((l) => l.width);
    const total = widths.reduce((a, b) => a + b, 0);
    const out = new Layout();
    if (total < w) {
      for (const l of laid) out.append(l);
      return out;
    }
    // bpftrace picks, among the ways to break the list into lines that all fit, the first (breaks
    // as early as possible) whose widest and narrowest lines differ least relative to the widest;
    // in its integer arithmetic that is the first one that fits at all, except that a line of width
    // 0 counts as uneven.
    const n = laid.length;
    let best = 0;
    let bestRatio = Infinity;
    for (let mask = 0; mask < 2 ** (n - 1); mask++) {
      const lines: number[] = [];
      let cur = widths[0]!;
      for (let i = 1; i < n; i++) {
        if (mask & (1 << (i - 1))) {
          lines.push(cur);
          cur = widths[i]!;
        } else cur += widths[i]!;
      }
      lines.push(cur);
      const max = Math.max(...lines);
      const min = Math.min(...lines);
      if (max > w) continue;
      const ratio = max > 0 ? Math.floor((max - min) / max) : 0;
      if (ratio < bestRatio) {
        bestRatio = ratio;
        best = mask;
      }
    }
    laid.forEach((l, i) => {
      if (i > 0 && best & (1 << (i - 1))) out.br();
      out.append(l);
    });
    return out;
  }
}

/** `if c { a } else { b }` used as a value: a Ternary whose branches are blocks. */
function isIfExpr(e: A.Expr): e is A.Ternary {
  return e.kind === "Ternary" && (e.then?.kind === "Block" || e.else.kind === "Block");
}

function configValue(v: A.Expr): string {
  switch (v.kind) {
    case "IntLit":
      return v.value.toString();
    case "BoolLit":
      return String(v.value);
    case "StrLit":
      // A name is printed bare (`missing_probes = warn`), as bpftrace does; other text stays quoted
      // (bpftrace prints any text without escapes bare, which does not parse back: `= ~~;`).
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v.value) ? v.value : `"${quoteString(v.value)}"`;
    case "Identifier":
      return v.name;
    default:
      return "";
  }
}

/** A C definition as bpftrace keeps it: trailing space trimmed, a definition ending in `;`. */
function cText(text: string): string {
  const t = text.replace(/[ \t\r\n\f\v]+$/, "");
  if (t.startsWith("#")) return t;
  return t.endsWith(";") ? t : t + ";";
}

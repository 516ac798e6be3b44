/**
 * A parser for C declarations (not code): struct, union and enum definitions, typedefs, and the
 * declarations around them in headers (functions, variables), which are read and dropped. The
 * script's own C must be right (errors are reported); a header's declarations this parser does
 * not understand are skipped to the next `;`, since only its types and constants matter.
 */
import { ConstExprError, evalConstExpr } from "./const-expr.js";
import type { CToken, CLoc } from "./tokens.js";

export type CType =
  | { k: "void" }
  | { k: "int"; name: string; size: number; signed: boolean; char?: boolean; bool?: boolean }
  | { k: "float"; name: string; size: number }
  | { k: "ptr"; to: CType }
  | { k: "array"; of: CType; len: number }
  | { k: "record"; rec: RecordDef }
  | { k: "enum"; en: EnumDef }
  | { k: "typedef"; name: string; to: CType }
  /** A type of the kernel's BTF, by id. */
  | { k: "btf"; id: number }
  | { k: "func" };

export interface Member {
  name: string;
  type: CType;
  /** Bitfield width. */
  bits?: number;
  loc: CLoc;
}

export interface RecordDef {
  union: boolean;
  name: string;
  /** Undefined for a declaration without a body (`struct x;`, `struct x *p`). */
  members?: Member[];
  packed: boolean;
  align?: number;
  loc: CLoc;
}

export interface EnumDef {
  name: string;
  values: { name: string; value: bigint }[];
  defined: boolean;
  loc: CLoc;
}

/** What the parser asks of the kernel's types for names the C itself does not define. */
export interface KernelTypes {
  /** A struct/union/enum of the kernel by tag (`struct task_struct`). */
  tag(kind: "struct" | "union" | "enum", name: string): number | undefined;
  /** A kernel typedef (`u32`, `size_t`). */
  typedef(name: string): number | undefined;
  /** Layout of a kernel type. */
  sizeAlign(id: number): { size: number; align: number };
  /** Whether a kernel type is an integer or enum (what a bit-field may be). */
  integral(id: number): boolean;
  /** A kernel type as C writes it (for messages). */
  name(id: number): string;
}

export class CParseError extends Error {
  constructor(message: string, readonly loc: CLoc) {
    super(message);
  }
}

export interface CScope {
  tags: Map<string, RecordDef | EnumDef>;
  typedefs: Map<string, CType>;
  enumerators: Map<string, { value: bigint; en: EnumDef }>;
}

const INT_WORDS = new Set(["void", "char", "short", "int", "long", "signed", "unsigned", "__signed__", "__signed", "_Bool", "float", "double", "__int128", "_Complex", "__int128_t", "__uint128_t"]);
const SKIP_WORDS = new Set([
  "const", "volatile", "restrict", "__restrict", "__restrict__", "__const", "__const__", "__volatile__", "__volatile",
  "extern", "static", "inline", "__inline", "__inline__", "_Noreturn", "__extension__", "register", "auto",
  "_Thread_local", "__thread", "__auto_type", "_Atomic",
]);
const ATTR_WORDS = new Set(["__attribute__", "__attribute", "__asm__", "__asm", "asm", "__declspec", "_Alignas", "__alignof__"]);

const roundUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** clang's largest `aligned(N)`. */
const MAX_ALIGNMENT = 4294967296n;
/**
 * The largest record the program's BTF can describe: a member's offset is a 32-bit count of bits
 * (24 bits when the record has bit-fields). clang has no such limit; the kernel's types do.
 */
const MAX_RECORD_BYTES = 2 ** 29 - 1;
const MAX_BITFIELD_RECORD_BYTES = 2 ** 21 - 1;
/** The widest bit-field the code generator reads (one 64-bit load, shifted). */
const MAX_BITFIELD_BITS = 64;

export class DeclParser {
  private i = 0;
  readonly errors: { loc: CLoc; message: string }[] = [];
  readonly scope: CScope = { tags: new Map(), typedefs: new Map(), enumerators: new Map() };
  /** Records and enums the script itself defines (in order), for the program's types. */
  readonly defined: (RecordDef | EnumDef)[] = [];
  private layouts = new Map<RecordDef, { size: number; align: number; offsets: number[] }>();
  /** Records being laid out (a record that contains itself is found here). */
  private readonly laying = new Set<RecordDef>();

  constructor(private toks: CToken[], private readonly kernel: KernelTypes | undefined) {}

  /** Parses all tokens. */
  run(): void {
    while (this.i < this.toks.length) {
      const start = this.i;
      const script = this.toks[start]!.loc.script === true;
      try {
        this.declaration();
      } catch (e) {
        if (!(e instanceof CParseError) && !(e instanceof ConstExprError)) throw e;
        if (script) {
          const loc = e instanceof CParseError ? e.loc : (e.token?.loc ?? this.toks[start]!.loc);
          this.errors.push({ loc, message: e.message });
        }
        this.recover(start);
      }
    }
  }

  /** Skips past the `;` that ends the failed declaration (from its start, over its braces). */
  private recover(start: number): void {
    let d = 0;
    for (this.i = start; this.i < this.toks.length; this.i++) {
      const t = this.toks[this.i]!.text;
      if (t === "{" || t === "(" || t === "[") d++;
      else if (t === "}" || t === ")" || t === "]") d = Math.max(0, d - 1);
      else if (t === ";" && d === 0) {
        this.i++;
        return;
      }
    }
  }

  private peek(o = 0): CToken | undefined {
    return this.toks[this.i + o];
  }

  private at(text: string): boolean {
    return this.toks[this.i]?.text === text;
  }

  private fail(message: string, tok = this.peek() ?? this.toks[this.toks.length - 1]): never {
    throw new CParseError(message, tok?.loc ?? { file: "", line: 1, col: 1 });
  }

  private expect(text: string): CToken {
    const t = this.peek();
    if (t?.text !== text) this.fail(`expected '${text}'`, t ?? this.toks[this.i - 1]);
    this.i++;
    return t;
  }

  /** Skips `( ... )` starting at the current `(`. */
  private skipParens(open = "(", close = ")"): void {
    let d = 0;
    for (; this.i < this.toks.length; this.i++) {
      const t = this.toks[this.i]!.text;
      if (t === open) d++;
      else if (t === close && --d === 0) {
        this.i++;
        return;
      }
    }
  }

  /** `__attribute__((packed, aligned(8)))` and friends; what they say about layout. */
  private attributes(): { packed: boolean; align?: number } {
    const out: { packed: boolean; align?: number } = { packed: false };
    while (this.peek() && ATTR_WORDS.has(this.peek()!.text)) {
      const word = this.toks[this.i++]!.text;
      if (!this.at("(")) continue;
      const start = this.i;
      this.skipParens();
      if (word !== "__attribute__" && word !== "__attribute") continue;
      const body = this.toks.slice(start, this.i);
      for (let k = 0; k < body.length; k++) {
        const w = body[k]!.text.replace(/^__(.*)__$/, "$1");
        if (w === "packed") out.packed = true;
        if (w === "aligned") {
          const n = body[k + 1]?.text === "(" ? this.alignment(body, k + 1) : 16;
          out.align = Math.max(out.align ?? 1, n);
        }
      }
    }
    return out;
  }

  /** The N of `aligned(N)`, whose `(` is at body[open]: a constant expression, checked as clang does. */
  private alignment(body: CToken[], open: number): number {
    let d = 0;
    let close = open;
    for (; close < body.length; close++) {
      if (body[close]!.text === "(") d++;
      else if (body[close]!.text === ")" && --d === 0) break;
    }
    const toks = body.slice(open + 1, close);
    if (toks.length === 0) return 16;
    const n = evalConstExpr(toks, { ident: (name) => this.scope.enumerators.get(name)?.value, typeAt: (ts, at) => this.typeAt(ts, at) });
    if (n <= 0n || (n & (n - 1n)) !== 0n) throw new CParseError("requested alignment is not a power of 2", toks[0]!.loc);
    if (n > MAX_ALIGNMENT) throw new CParseError(`requested alignment must be ${MAX_ALIGNMENT} bytes or smaller`, toks[0]!.loc);
    return Number(n);
  }

  private declaration(): void {
    if (this.at(";")) {
      this.i++;
      return;
    }
    if (this.peek()?.text === "_Static_assert" || this.peek()?.text === "static_assert") {
      this.i++;
      this.skipParens();
      if (this.at(";")) this.i++;
      return;
    }
    let typedef = false;
    const base = this.specifiers(() => (typedef = true));
    if (this.at(";")) {
      this.i++;
      return;
    }
    for (;;) {
      const d = this.declarator(base, false);
      this.attributes();
      if (d.name && typedef) this.scope.typedefs.set(d.name, { k: "typedef", name: d.name, to: d.type });
      if (this.at("=")) this.skipInitializer();
      if (this.at("{")) {
        // A function definition (static inline functions in headers): its body is not ours.
        this.skipParens("{", "}");
        return;
      }
      if (this.at(",")) {
        this.i++;
        continue;
      }
      break;
    }
    this.expect(";");
  }

  private skipInitializer(): void {
    let d = 0;
    for (; this.i < this.toks.length; this.i++) {
      const t = this.toks[this.i]!.text;
      if (t === "(" || t === "{" || t === "[") d++;
      else if (t === ")" || t === "}" || t === "]") d--;
      else if (d === 0 && (t === "," || t === ";")) return;
    }
  }

  /** Whether a type could start at the current token. */
  private startsType(o = 0): boolean {
    const t = this.peek(o);
    if (!t || t.kind !== "id") return false;
    return INT_WORDS.has(t.text) || SKIP_WORDS.has(t.text) || ["struct", "union", "enum", "typedef"].includes(t.text) ||
      this.scope.typedefs.has(t.text) || t.text === "__builtin_va_list" || t.text === "typeof" || t.text === "__typeof__";
  }

  /** Declaration specifiers: the base type of what follows. */
  private specifiers(onTypedef?: () => void): CType {
    const words: string[] = [];
    let t: CType | undefined;
    let first = this.peek();
    for (;;) {
      const tok = this.peek();
      if (!tok) break;
      const w = tok.text;
      if (w === "typedef" && onTypedef) {
        onTypedef();
        this.i++;
      } else if (SKIP_WORDS.has(w)) this.i++;
      else if (ATTR_WORDS.has(w)) this.attributes();
      else if (INT_WORDS.has(w)) {
        words.push(w);
        this.i++;
      } else if ((w === "struct" || w === "union") && !t) {
        t = this.record(w === "union");
      } else if (w === "enum" && !t) {
        t = this.enumSpec();
      } else if ((w === "typeof" || w === "__typeof__" || w === "__typeof") && !t) {
        this.i++;
        this.skipParens();
        t = { k: "int", name: "long", size: 8, signed: true };
      } else if (tok.kind === "id" && !t && words.length === 0) {
        if (w === "__builtin_va_list") {
          this.i++;
          t = { k: "array", of: { k: "int", name: "char", size: 1, signed: true, char: true }, len: 24 };
          continue;
        }
        const td = this.scope.typedefs.get(w);
        if (td) {
          this.i++;
          t = td;
          continue;
        }
        // A name the C does not define: the kernel's typedef (u32, size_t), as bpftrace takes it from BTF.
        const next = this.peek(1)?.text;
        const kid = this.kernel?.typedef(w);
        if (kid !== undefined) {
          this.i++;
          t = { k: "btf", id: kid };
          continue;
        }
        if (next !== undefined && (this.peek(1)!.kind === "id" || next === "*")) this.fail(`unknown type name '${w}'`, tok);
        break;
      } else break;
      first ??= tok;
    }
    if (t) return t;
    if (words.length === 0) this.fail(`expected a type`, first);
    return intFromWords(words);
  }

  private record(union: boolean): CType {
    const kw = this.peek()!;
    this.i++;
    const pre = this.attributes();
    let name = "";
    if (this.peek()?.kind === "id" && !ATTR_WORDS.has(this.peek()!.text)) name = this.toks[this.i++]!.text;
    const key = `${union ? "union" : "struct"} ${name}`;
    if (!this.at("{")) {
      if (!name) this.fail(`declaration of anonymous ${union ? "union" : "struct"} must be a definition`, kw);
      const known = this.scope.tags.get(key) as RecordDef | undefined;
      if (known) return { k: "record", rec: known };
      const kid = this.kernel?.tag(union ? "union" : "struct", name);
      if (kid !== undefined) return { k: "btf", id: kid };
      const fwd: RecordDef = { union, name, packed: false, loc: kw.loc };
      this.scope.tags.set(key, fwd);
      return { k: "record", rec: fwd };
    }
    let rec = name ? (this.scope.tags.get(key) as RecordDef | undefined) : undefined;
    if (rec?.members) {
      if (kw.loc.script) this.fail(`redefinition of '${name}'`, kw);
      // A header defining a type again (included twice without a guard): keep the first.
    }
    const fresh = !rec || rec.members !== undefined;
    if (!rec || rec.members) rec = { union, name, packed: false, loc: kw.loc };
    if (name && fresh) this.scope.tags.set(key, rec);
    this.i++;
    const members: Member[] = [];
    while (!this.at("}")) {
      if (this.i >= this.toks.length) this.fail("expected '}'", this.toks[this.toks.length - 1]);
      if (this.at(";")) {
        this.i++;
        continue;
      }
      const mbase = this.specifiers();
      if (this.at(";") || this.at("}")) {
        // An anonymous struct/union member: its fields belong to the enclosing record.
        if (mbase.k === "record" && !mbase.rec.name) members.push({ name: "", type: mbase, loc: this.peek()!.loc });
        if (this.at(";")) this.i++;
        continue;
      }
      for (;;) {
        // A record cut short (say by an unclosed comment) ends here, not at a missing token.
        const loc = (this.peek() ?? this.fail("expected '}'")).loc;
        const d = this.at(":") ? { name: "", type: mbase } : this.declarator(mbase, false);
        // clang's checks of a member's type, before anything lays it out: a record that contains
        // itself has no size (and laying it out would never end).
        if (kw.loc.script) this.checkMemberType(d.name, d.type, rec, loc);
        let bits: number | undefined;
        if (this.at(":")) {
          this.i++;
          const width = this.constExpr([",", ";", "}"]);
          // clang's checks: a width the layout (and the loads of the field) could not honour.
          const named = d.name ? `bit-field '${d.name}'` : "anonymous bit-field";
          if (!this.isIntegral(d.type)) throw new CParseError(`${named} has non-integral type '${this.typeName(d.type)}'`, loc);
          if (width < 0n) throw new CParseError(`${named} has negative width (${width})`, loc);
          if (width === 0n && d.name) throw new CParseError(`named bit-field '${d.name}' has zero width`, loc);
          const typeBits = BigInt(this.sizeAlign(d.type).size * 8);
          if (width > typeBits) {
            const what = d.name ? `width of bit-field '${d.name}'` : "width of anonymous bit-field";
            throw new CParseError(`${what} (${width} bits) exceeds the width of its type (${typeBits} bits)`, loc);
          }
          if (width > BigInt(MAX_BITFIELD_BITS)) throw new CParseError(`${named} is ${width} bits wide: ebt reads bit-fields of at most ${MAX_BITFIELD_BITS} bits`, loc);
          bits = Number(width);
        }
        this.attributes();
        if (d.name && kw.loc.script && members.some((m) => m.name === d.name)) throw new CParseError(`duplicate member '${d.name}'`, loc);
        members.push({ name: d.name, type: d.type, loc, ...(bits !== undefined ? { bits } : {}) });
        if (this.at(",")) {
          this.i++;
          continue;
        }
        break;
      }
      // clang accepts a missing `;` before the `}` (with a warning), so bpftrace scripts omit it.
      if (!this.at("}")) this.expect(";");
    }
    this.i++;
    const post = this.attributes();
    rec.members = members;
    rec.packed = pre.packed || post.packed;
    const align = Math.max(pre.align ?? 0, post.align ?? 0);
    if (align > 0) rec.align = align;
    if (kw.loc.script) {
      const { size, offsets } = this.layout(rec);
      // A field is read with one 8-byte load from its first byte: a packed bit-field may start
      // late in a byte and reach a ninth.
      members.forEach((m, k) => {
        if (m.bits !== undefined && (offsets[k]! % 8) + m.bits > 64) {
          throw new CParseError(`bit-field '${m.name}' spans 9 bytes (${m.bits} bits from bit ${offsets[k]! % 8} of a byte): ebt reads bit-fields within 8 bytes`, m.loc);
        }
      });
      const limit = members.some((m) => m.bits !== undefined) ? MAX_BITFIELD_RECORD_BYTES : MAX_RECORD_BYTES;
      const what = `${union ? "union" : "struct"} ${name ? `'${name}'` : "(anonymous)"}`;
      if (size > limit) {
        const kind = `${union ? "unions" : "structs"}${limit === MAX_RECORD_BYTES ? "" : " with bit-fields"}`;
        throw new CParseError(`${what} is too large (${size} bytes): BTF, the kernel's type format, holds ${kind} of up to ${limit} bytes`, kw.loc);
      }
      this.defined.push(rec);
    }
    return { k: "record", rec };
  }

  /**
   * A member's type must have a size: not void, not a function, not a record without a definition
   * (the record being defined is one until its `}`). clang's words.
   */
  private checkMemberType(name: string, type: CType, self: RecordDef, loc: CLoc): void {
    let t = resolveType(type);
    if (t.k === "func") throw new CParseError(`field '${name}' declared as a function`, loc);
    const array = t.k === "array";
    while (t.k === "array") t = resolveType(t.of);
    if (t.k === "void") throw new CParseError(array ? "array has incomplete element type 'void'" : "field has incomplete type 'void'", loc);
    if (t.k === "func") throw new CParseError(`'${name}' declared as an array of functions`, loc);
    if (t.k === "record" && (t.rec.members === undefined || t.rec === self)) {
      const tag = `${t.rec.union ? "union" : "struct"} ${t.rec.name}`;
      throw new CParseError(array ? `array has incomplete element type '${tag}'` : `field has incomplete type '${tag}'`, loc);
    }
  }

  /** Whether a bit-field may have this type: an integer or an enum. */
  private isIntegral(type: CType): boolean {
    const t = resolveType(type);
    if (t.k === "btf") return this.kernel?.integral(t.id) ?? true;
    return t.k === "int" || t.k === "enum";
  }

  /** A type as C writes it, for messages. */
  private typeName(t: CType): string {
    switch (t.k) {
      case "void": return "void";
      case "func": return "function";
      case "int": case "float": case "typedef": return t.name;
      case "ptr": return `${this.typeName(t.to)} *`;
      case "array": return `${this.typeName(t.of)}[${t.len}]`;
      case "record": return `${t.rec.union ? "union" : "struct"} ${t.rec.name}`;
      case "enum": return `enum ${t.en.name}`;
      case "btf": return this.kernel?.name(t.id) ?? "kernel type";
    }
  }

  private enumSpec(): CType {
    const kw = this.peek()!;
    this.i++;
    this.attributes();
    let name = "";
    if (this.peek()?.kind === "id") name = this.toks[this.i++]!.text;
    if (this.at(":")) {
      this.i++;
      this.specifiers();
    }
    const key = `enum ${name}`;
    if (!this.at("{")) {
      const known = this.scope.tags.get(key) as EnumDef | undefined;
      if (known) return { k: "enum", en: known };
      const kid = this.kernel?.tag("enum", name);
      if (kid !== undefined) return { k: "btf", id: kid };
      const fwd: EnumDef = { name, values: [], defined: false, loc: kw.loc };
      this.scope.tags.set(key, fwd);
      return { k: "enum", en: fwd };
    }
    this.i++;
    const en: EnumDef = { name, values: [], defined: true, loc: kw.loc };
    let next = 0n;
    while (!this.at("}")) {
      const id = this.peek();
      if (!id || id.kind !== "id") this.fail("expected identifier", id ?? this.toks[this.toks.length - 1]);
      this.i++;
      this.attributes();
      if (this.at("=")) {
        this.i++;
        next = this.constExpr([",", "}"]);
      }
      if (this.scope.enumerators.has(id.text) && id.loc.script) this.fail(`redefinition of enumerator '${id.text}'`, id);
      en.values.push({ name: id.text, value: next });
      this.scope.enumerators.set(id.text, { value: next, en });
      next += 1n;
      if (this.at(",")) this.i++;
      else if (!this.at("}")) this.fail("expected '}'");
    }
    this.i++;
    this.attributes();
    if (name) this.scope.tags.set(key, en);
    if (kw.loc.script) this.defined.push(en);
    return { k: "enum", en };
  }

  /** A constant expression up to one of `stops` at depth 0. */
  private constExpr(stops: string[]): bigint {
    const start = this.i;
    let d = 0;
    for (; this.i < this.toks.length; this.i++) {
      const t = this.toks[this.i]!.text;
      if (t === "(" || t === "[") d++;
      else if (t === ")" || t === "]") {
        if (d === 0) break;
        d--;
      } else if (d === 0 && stops.includes(t)) break;
    }
    const toks = this.toks.slice(start, this.i);
    if (toks.length === 0) this.fail("expected expression");
    return evalConstExpr(toks, {
      ident: (name) => this.scope.enumerators.get(name)?.value,
      typeAt: (ts, at) => this.typeAt(ts, at),
    });
  }

  /** For casts and sizeof inside constant expressions: a type name at `toks[at]`. */
  typeAt(toks: readonly CToken[], at: number): { end: number; size: number; signed: boolean; bits: number; incomplete?: string } | undefined {
    const saved = { toks: this.toks, i: this.i };
    try {
      this.toks = toks as CToken[];
      this.i = at;
      if (!this.startsType()) return undefined;
      const base = this.specifiers();
      const d = this.declarator(base, true);
      const { size } = this.sizeAlign(d.type);
      const r = resolveType(d.type);
      const signed = r.k === "int" ? r.signed : false;
      // A record not defined yet (or being defined: `char c[sizeof(struct A)]` inside A) has no size.
      const incomplete = r.k === "record" && (r.rec.members === undefined || this.laying.has(r.rec)) ? this.typeName(r) : undefined;
      return { end: this.i, size, signed, bits: Math.min(64, Math.max(8, size * 8)), ...(incomplete ? { incomplete } : {}) };
    } catch {
      return undefined;
    } finally {
      this.toks = saved.toks;
      this.i = saved.i;
    }
  }

  /** A declarator (`*name[4]`, `(*fn)(int)`), possibly abstract: the name and the full type. */
  private declarator(base: CType, abstract: boolean): { name: string; type: CType } {
    const { name, wrap } = this.declaratorParts(abstract);
    return { name, type: wrap(base) };
  }

  private declaratorParts(abstract: boolean): { name: string; wrap: (t: CType) => CType } {
    let ptrs = 0;
    for (;;) {
      if (this.at("*")) {
        ptrs++;
        this.i++;
      } else if (this.peek() && SKIP_WORDS.has(this.peek()!.text)) this.i++;
      else if (this.peek() && ATTR_WORDS.has(this.peek()!.text)) this.attributes();
      else break;
    }
    let name = "";
    let inner: ((t: CType) => CType) | undefined;
    if (this.at("(") && (this.peek(1)?.text === "*" || this.peek(1)?.text === "(" || this.peek(1)?.text === "^" ||
        (this.peek(1)?.kind === "id" && !this.startsType(1) && !ATTR_WORDS.has(this.peek(1)!.text)) || ATTR_WORDS.has(this.peek(1)?.text ?? ""))) {
      this.i++;
      const d = this.declaratorParts(abstract);
      name = d.name;
      inner = d.wrap;
      this.expect(")");
    } else if (this.peek()?.kind === "id" && !ATTR_WORDS.has(this.peek()!.text)) {
      name = this.toks[this.i++]!.text;
    } else if (!abstract && !this.at(":")) {
      this.fail(`expected identifier or '('`);
    }
    const suffixes: ({ array: number; loc?: CLoc } | { func: true })[] = [];
    for (;;) {
      if (this.at("[")) {
        this.i++;
        if (this.at("]")) {
          suffixes.push({ array: 0 });
        } else {
          while (this.peek() && (this.peek()!.text === "static" || SKIP_WORDS.has(this.peek()!.text))) this.i++;
          const loc = this.peek()?.loc ?? { file: "", line: 1, col: 1 };
          const len = this.constExpr(["]"]);
          // clang's checks, and a cap where an object could no longer be addressed by a BPF
          // instruction's 32-bit offset (a fuzzer find: the size reached the assembler).
          if (len < 0n) throw new CParseError(`'${name ?? "type name"}' declared as an array with a negative size`, loc);
          if (len > 0x7fffffffn) throw new CParseError(`array is too large (${len} elements)`, loc);
          suffixes.push({ array: Number(len), loc });
        }
        this.expect("]");
      } else if (this.at("(")) {
        this.skipParens();
        suffixes.push({ func: true });
      } else break;
    }
    const wrap = (t: CType): CType => {
      for (let k = 0; k < ptrs; k++) t = { k: "ptr", to: t };
      for (let k = suffixes.length - 1; k >= 0; k--) {
        const s = suffixes[k]!;
        t = "array" in s ? { k: "array", of: t, len: s.array } : { k: "func" };
        if ("array" in s && s.loc !== undefined && this.bytesOf(t) > 0x7fffffff) throw new CParseError(`array is too large (${s.array} elements)`, s.loc);
      }
      return inner ? inner(t) : t;
    };
    return { name, wrap };
  }

  /** Size in bytes, or 0 while the type is still incomplete (a forward-declared record). */
  private bytesOf(t: CType): number {
    try {
      return this.sizeAlign(t).size;
    } catch {
      return 0;
    }
  }

  /** Size and alignment of a type, as GCC/clang lay it out on x86-64. */
  sizeAlign(t: CType): { size: number; align: number } {
    switch (t.k) {
      case "void":
      case "func":
        return { size: 1, align: 1 };
      case "int":
      case "float":
        return { size: t.size, align: Math.min(t.size, 16) };
      case "ptr":
        return { size: 8, align: 8 };
      case "array": {
        const e = this.sizeAlign(t.of);
        return { size: e.size * t.len, align: e.align };
      }
      case "typedef":
        return this.sizeAlign(t.to);
      case "btf":
        return this.kernel?.sizeAlign(t.id) ?? { size: 8, align: 8 };
      case "enum": {
        const wide = t.en.values.some((v) => v.value > 0xffffffffn || v.value < -0x80000000n);
        return wide ? { size: 8, align: 8 } : { size: 4, align: 4 };
      }
      case "record": {
        const l = this.layout(t.rec);
        return { size: l.size, align: l.align };
      }
    }
  }

  /** Bit offsets of a record's members, its size and alignment. */
  layout(rec: RecordDef): { size: number; align: number; offsets: number[] } {
    const cached = this.layouts.get(rec);
    if (cached) return cached;
    // A record without its definition yet has no size (not cached: its definition may follow). One
    // that contains itself (a header's; the script's own is an error) would never end: no size either.
    if (rec.members === undefined || this.laying.has(rec)) return { size: 0, align: 1, offsets: [] };
    this.laying.add(rec);
    try {
      return this.layoutOf(rec);
    } finally {
      this.laying.delete(rec);
    }
  }

  private layoutOf(rec: RecordDef): { size: number; align: number; offsets: number[] } {
    const offsets: number[] = [];
    let bit = 0;
    let maxAlign = 1;
    let size = 0;
    for (const m of rec.members ?? []) {
      const { size: s, align: a0 } = this.sizeAlign(m.type);
      const a = rec.packed ? 1 : a0;
      if (rec.union) {
        offsets.push(0);
        size = Math.max(size, m.bits !== undefined ? Math.ceil(m.bits / 8) : s);
        maxAlign = Math.max(maxAlign, a);
        continue;
      }
      if (m.bits !== undefined) {
        const unit = s * 8;
        if (m.bits === 0) {
          bit = roundUp(bit, a0 * 8);
          offsets.push(bit);
          continue;
        }
        // A bitfield that would straddle its type's storage unit starts the next one (SysV ABI).
        if (!rec.packed && Math.floor(bit / unit) !== Math.floor((bit + m.bits - 1) / unit)) bit = roundUp(bit, a0 * 8);
        offsets.push(bit);
        bit += m.bits;
        maxAlign = Math.max(maxAlign, a);
        continue;
      }
      bit = roundUp(bit, a * 8);
      offsets.push(bit);
      bit += s * 8;
      maxAlign = Math.max(maxAlign, a);
    }
    const align = rec.align !== undefined ? Math.max(rec.align, rec.packed ? 1 : maxAlign) : maxAlign;
    const bytes = rec.union ? size : Math.ceil(bit / 8);
    const l = { size: roundUp(bytes, align), align, offsets };
    this.layouts.set(rec, l);
    return l;
  }
}

/** Follows typedefs. */
export function resolveType(t: CType): CType {
  while (t.k === "typedef") t = t.to;
  return t;
}

/** `unsigned long int` and friends → the integer (or float, or void) type. */
function intFromWords(words: string[]): CType {
  const has = (w: string): boolean => words.includes(w);
  const longs = words.filter((w) => w === "long").length;
  if (has("void")) return { k: "void" };
  if (has("float")) return { k: "float", name: "float", size: 4 };
  if (has("double")) return longs > 0 ? { k: "float", name: "long double", size: 16 } : { k: "float", name: "double", size: 8 };
  const unsigned = has("unsigned");
  const signed = !unsigned;
  if (has("_Bool")) return { k: "int", name: "_Bool", size: 1, signed: false, bool: true };
  if (has("__int128") || has("__int128_t") || has("__uint128_t")) return { k: "int", name: unsigned || has("__uint128_t") ? "unsigned __int128" : "__int128", size: 16, signed: !unsigned && !has("__uint128_t") };
  if (has("char")) return { k: "int", name: unsigned ? "unsigned char" : has("signed") ? "signed char" : "char", size: 1, signed, char: true };
  if (has("short")) return { k: "int", name: unsigned ? "short unsigned int" : "short int", size: 2, signed };
  if (longs >= 2) return { k: "int", name: unsigned ? "long long unsigned int" : "long long int", size: 8, signed };
  if (longs === 1) return { k: "int", name: unsigned ? "long unsigned int" : "long int", size: 8, signed };
  return { k: "int", name: unsigned ? "unsigned int" : "int", size: 4, signed };
}

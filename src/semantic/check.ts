/**
 * Type checking: gives every expression a type, checks scratch variables and maps, and asks
 * builtins to check their calls. Probe bodies are checked once per expanded attach point, because
 * `args` differs between targets. Map types are global and come from assignments anywhere in the
 * program, so a first silent pass collects them before the real one reports errors.
 */
import type {
  AssignStmt,
  Block,
  Call,
  Expr,
  FieldAccess,
  MapAccess,
  Probe,
  Program,
  Stmt,
} from "../ast/nodes.js";
import { findBuiltin } from "../builtins/index.js";
import { Diagnostics } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type { ArgField, ProbeTarget } from "../providers/provider.js";
import { aggReadType } from "./agg-read-type.js";
import { resolveAttachPoint } from "./attach-points.js";
import { kernelFieldType, kernelIndexType, offsetofType, sizeofType } from "./check-kernel.js";
import { checkDecls, mapSettings } from "./map-settings.js";
import { GENERATION_SLOTS, pairPrintAndClear, printClears } from "./print-clear.js";
import type { MapSettings } from "./map-settings.js";
import type { CheckCtx } from "./check-ctx.js";
import type { KernelInfo } from "./kernel-info.js";
import type { Type } from "./types.js";
import { elementType, recordType, spreadTupleKey, tupleIndexToField } from "./tuples.js";
import { binaryType, castType, integerOpWarnings, isFlexibleLiteral, unaryType } from "./operator-types.js";
import { boolT, isIntegral, isScalar, s64, sameType, strType, typeName, u64 } from "./types.js";

export interface MapInfo {
  name: string;
  /** Key types; empty for a scalar map (`@x`). */
  keys: Type[];
  value: Type;
  span: Span;
  /**
   * Printed and cleared in one step (`print(@m); clear(@m);`, semantic/print-clear.ts): its key
   * ends with a generation number from slot `genSlot` of the generations map, so user space can
   * switch probes to fresh entries before it takes the old ones (see runtime/engine.ts takeMap).
   */
  genSlot?: number;
}

export interface CheckedProbe {
  ast: Probe;
  target: ProbeTarget;
  types: Map<Expr, Type>;
  scratch: Map<string, Type>;
  args?: ArgField[];
}

export interface CheckResult {
  probes: CheckedProbe[];
  maps: Map<string, MapInfo>;
  /** Map sizes and declared kinds (config blocks, `let @m = hash(N);`). */
  settings: MapSettings;
}

export interface CheckOptions {
  maxStrlen: number;
  /** Entries of a map no declaration sizes (config max_map_keys; see config.ts). */
  maxMapKeys?: number;
  /** Positional parameters `$1..$N` as given on the command line. */
  positional: string[];
  /** -p PID: user-space probes resolve their libraries in this process. */
  pid?: number;
  /** Maps that already exist (a REPL session's): their types are fixed, later programs must agree. */
  existingMaps?: ReadonlyMap<string, MapInfo>;
}

export function check(program: Program, kernel: KernelInfo, diags: Diagnostics, opts: CheckOptions): CheckResult {
  const targets: { ast: Probe; target: ProbeTarget }[] = [];
  const settings = mapSettings(program, diags, opts.maxMapKeys);
  for (const item of program.items) {
    if (item.kind === "ConfigBlock" || item.kind === "MapDecl") continue; // read by mapSettings
    if (item.kind !== "Probe") {
      diags.error(item.span, `${describeTopLevel(item.kind)} is not supported yet`);
      continue;
    }
    for (const ap of item.attachPoints) {
      for (const target of resolveAttachPoint(ap, kernel, diags, { pid: opts.pid })) targets.push({ ast: item, target });
    }
  }
  if (diags.hasErrors) return { probes: [], maps: new Map(), settings };

  // Pass 1 (silent): learn map types from every assignment, wherever it is.
  const maps = new Map<string, MapInfo>();
  for (const [name, m] of opts.existingMaps ?? []) maps.set(name, { ...m, keys: [...m.keys] });
  for (const t of targets) new ProbeChecker(t.ast, t.target, kernel, new Diagnostics(), opts, maps).run();
  // Pass 2: the real check, with every map's type known up front.
  const probes = targets.map((t) => new ProbeChecker(t.ast, t.target, kernel, diags, opts, maps).run());
  checkDecls(settings, maps, diags);
  assignGenerations(probes, maps, opts.existingMaps);
  return { probes, maps, settings };
}

/**
 * Maps printed and cleared in one step get a generation slot. A map that already exists (an
 * earlier REPL input created it) keeps the key layout it was created with.
 */
function assignGenerations(probes: CheckedProbe[], maps: Map<string, MapInfo>, existing?: ReadonlyMap<string, MapInfo>): void {
  let next = 0;
  for (const m of existing?.values() ?? []) if (m.genSlot !== undefined) next = Math.max(next, m.genSlot + 1);
  for (const p of probes) {
    for (const e of p.types.keys()) {
      if (e.kind !== "Call" || !printClears(e)) continue;
      const info = maps.get((e.args[0] as MapAccess).name);
      if (!info || info.genSlot !== undefined || existing?.has(info.name) || next >= GENERATION_SLOTS) continue;
      info.genSlot = next++;
    }
  }
}

function describeTopLevel(kind: string): string {
  return { MacroDef: "macro", ConfigBlock: "config block", Import: "import", MapDecl: "map declaration" }[kind] ?? kind;
}

class ProbeChecker implements CheckCtx {
  private readonly types = new Map<Expr, Type>();
  /** Format strings (printf's first argument...): they are not values, so max_strlen does not bound them. */
  private readonly formats = new Set<Expr>();
  private readonly scratch = new Map<string, Type>();
  private readonly args: ArgField[] | undefined;
  /** How many `while`/`for` bodies enclose the statement being checked (break/continue need one). */
  private loopDepth = 0;
  readonly maxStrlen: number;
  readonly userArgs: boolean;
  readonly positional: readonly string[];

  constructor(
    private readonly ast: Probe,
    readonly target: ProbeTarget,
    kernel: KernelInfo,
    private readonly diags: Diagnostics,
    private readonly opts: CheckOptions,
    private readonly maps: Map<string, MapInfo>,
  ) {
    this.args = target.provider.args?.(target, kernel);
    this.maxStrlen = opts.maxStrlen;
    this.positional = opts.positional;
    this.userArgs = target.provider.argsAreUserPointers?.(target) ?? false;
  }

  run(): CheckedProbe {
    if (this.ast.predicate) {
      const t = this.check(this.ast.predicate);
      if (!isScalar(t)) this.error(this.ast.predicate.span, `Invalid type for predicate: ${typeName(t)}`);
    }
    this.block(this.ast.body);
    return { ast: this.ast, target: this.target, types: this.types, scratch: this.scratch, args: this.args };
  }

  error(span: Span, message: string): void {
    this.diags.error(span, message);
  }

  mapValueType(name: string): Type | undefined {
    return this.maps.get(name)?.value;
  }

  mapKeyTypes(name: string): Type[] | undefined {
    return this.maps.get(name)?.keys;
  }

  warning(span: Span, message: string): void {
    this.diags.warning(span, message);
  }

  // ------------------------------------------------------------------ statements

  private block(b: Block): void {
    pairPrintAndClear(b.stmts);
    for (const s of b.stmts) this.stmt(s);
  }

  private stmt(s: Stmt): void {
    switch (s.kind) {
      case "ExprStmt":
        this.check(s.expr);
        return;
      case "AssignStmt":
        this.assign(s);
        return;
      case "LetStmt": {
        if (s.type) this.error(s.type.span, "typed variable declarations are not supported yet");
        if (s.value) this.defineScratch(s.name, this.check(s.value), s.span);
        return;
      }
      case "IfStmt":
        this.condition(s.cond);
        this.block(s.then);
        if (s.else) this.stmt(s.else);
        return;
      case "WhileStmt":
        this.condition(s.cond);
        this.loopDepth++;
        this.block(s.body);
        this.loopDepth--;
        return;
      case "UnrollStmt": {
        const t = this.check(s.count);
        // bpftrace underlines `unroll(N)`: from the keyword through the closing parenthesis.
        const end = s.count.span.end;
        const head = { ...s.span, end: { ...end, offset: end.offset + 1, col: end.col + 1 } };
        if (s.count.kind !== "IntLit" || !isIntegral(t)) this.error(s.count.span, "unroll count must be an integer literal");
        else if (s.count.value > 100n) this.error(head, "unroll maximum value is 100");
        else if (s.count.value < 1n) this.error(head, "unroll minimum value is 1");
        this.block(s.body);
        return;
      }
      case "Block":
        this.block(s);
        return;
      case "JumpStmt":
        // `unroll` is not a loop for this purpose: bpftrace rejects break/continue inside it too.
        if (s.jump !== "return" && this.loopDepth === 0) this.error(s.span, `${s.jump} used outside of a loop`);
        if (s.value) this.check(s.value);
        return;
      case "ForMapStmt":
      case "ForRangeStmt":
        this.error(s.span, "for loops are not supported yet");
        return;
    }
  }

  private condition(e: Expr): void {
    const t = this.check(e);
    if (!isScalar(t)) this.error(e.span, `Invalid condition of type ${typeName(t)}`);
  }

  private assign(s: AssignStmt): void {
    const { target, value } = s;
    if (target.kind === "MapAccess") spreadTupleKey(target);
    if (target.kind === "MapAccess" && value.kind === "Call") {
      const b = findBuiltin(value.name);
      if (b?.kind === "agg") {
        if (s.op !== "=") this.error(s.span, `${value.name}() can only be assigned with '='`);
        if (!this.checkArity(value, b.arity)) {
          value.args.forEach((x) => this.check(x));
          return;
        }
        const refined = b.check(this, value) ?? {};
        const keys = target.keys.map((k) => this.keyType(k));
        this.defineMap(target, keys, { kind: "agg", agg: b.agg, signed: true, ...refined }, target.span, value.span);
        return;
      }
    }
    let vt = this.check(value);
    if (s.op !== "=") {
      // `x op= v` is `x = x op v`: maps start at 0 when the first use is a compound assignment.
      if (target.kind === "MapAccess" && !this.maps.has(target.name)) {
        const start = isFlexibleLiteral(value) ? u64 : isIntegral(vt) ? vt : s64;
        this.defineMap(target, target.keys.map((k) => this.keyType(k)), start, target.span);
      }
      const current = this.check(target);
      if (!isIntegral(current)) {
        const what = target.kind === "MapAccess" ? "map" : "variable";
        const at = target.kind === "MapAccess" ? target.span : s.span;
        const valueT = isFlexibleLiteral(value) ? u64 : vt;
        this.error(at, `Type mismatch for ${target.name}: trying to assign value of type '${typeName(valueT)}' when ${what} already contains a value of type '${typeName(current)}'`);
        return;
      }
      if (!isIntegral(vt)) {
        this.error(s.span, `The ${s.op} operator can not be used on expressions of types ${typeName(current)}, ${typeName(vt)}`);
        return;
      }
      integerOpWarnings(this, s.op.slice(0, -1), target, current, value, vt, s.opSpan ?? s.span);
      vt = current;
    }
    if (vt.kind === "none") {
      this.error(value.span, "Value does not have a type that can be assigned");
      return;
    }
    if (target.kind === "ScratchVar") {
      // bpftrace 0.17 reports a scratch variable's type mismatch at the `=`.
      this.defineScratch(target.name, vt, s.op === "=" ? s.opSpan ?? target.span : target.span);
      if (s.op === "=") this.check(target);
    } else {
      const old = this.maps.get(target.name)?.value;
      if (old?.kind === "tuple" && vt.kind === "tuple" && !sameType(old, vt)) {
        this.error(s.opSpan ?? target.span, `Tuple type mismatch: ${typeName(old)} != ${typeName(vt)}.`);
        return;
      }
      this.defineMap(target, target.keys.map((k) => this.keyType(k)), vt, target.span);
      const info = this.maps.get(target.name);
      if (info) this.types.set(target, info.value);
    }
  }

  private defineScratch(name: string, t: Type, span: Span): void {
    const old = this.scratch.get(name);
    if (!old) this.scratch.set(name, t);
    else if (old.kind === "tuple" && t.kind === "tuple" && !sameType(old, t)) {
      this.error(span, `Tuple type mismatch: ${typeName(old)} != ${typeName(t)}.`);
    } else if (!sameType(old, t)) {
      this.error(span, `Type mismatch for ${name}: trying to assign value of type '${typeName(t)}' when variable already contains a value of type '${typeName(old)}'`);
    } else this.scratch.set(name, widen(old, t));
  }

  private defineMap(m: MapAccess, keys: Type[], value: Type, span: Span, callSpan?: Span): void {
    const old = this.maps.get(m.name);
    if (!old) {
      this.maps.set(m.name, { name: m.name, keys, value, span: m.span });
      return;
    }
    if (old.value.kind === "agg" && value.kind === "agg" && old.value.agg === value.agg && !sameType(old.value, value)) {
      const what = value.agg === "lhist" ? "Different lhist bounds in a single map unsupported" : "Different bits in a single hist unsupported";
      this.error(callSpan ?? span, what);
      return;
    }
    if (!sameType(old.value, value)) {
      this.error(span, `Type mismatch for ${m.name}: trying to assign value of type '${typeName(value)}' when map already contains a value of type '${typeName(old.value)}'`);
      return;
    }
    old.value = widen(old.value, value);
    this.unifyKeys(m, old, keys);
  }

  private unifyKeys(m: MapAccess, info: MapInfo, keys: Type[]): void {
    const same = keys.length === info.keys.length && keys.every((k, i) => sameType(k, info.keys[i]!));
    if (!same) {
      const show = (ks: Type[]) => (ks.length === 0 ? "[]" : `[${ks.map(typeName).join(", ")}]`);
      this.error(m.span, `Argument mismatch for ${m.name}: trying to access with arguments: ${show(keys)} when map expects arguments: ${show(info.keys)}`);
      return;
    }
    info.keys = info.keys.map((k, i) => widen(k, keys[i]!));
  }

  // ------------------------------------------------------------------ expressions

  check(e: Expr): Type {
    const t = this.infer(e);
    this.types.set(e, t);
    return t;
  }

  private infer(e: Expr): Type {
    switch (e.kind) {
      case "IntLit":
        return e.value > 0x7fffffffffffffffn ? u64 : s64;
      case "StrLit": {
        const size = Buffer.byteLength(e.value) + 1;
        if (size > this.maxStrlen && !this.formats.has(e)) this.error(e.span, `String is too long (over ${this.maxStrlen} bytes): ${e.value}`);
        return strType(size);
      }
      case "BoolLit":
        return boolT;
      case "Identifier":
        return this.identifier(e);
      case "Positional":
        return this.positionalType(e);
      case "ScratchVar": {
        const t = this.scratch.get(e.name);
        if (!t) {
          this.error(e.span, `Undefined or undeclared variable: ${e.name}`);
          return s64;
        }
        return t;
      }
      case "MapAccess":
        return this.mapRead(e);
      case "Binary":
        return binaryType(this, e, this.check(e.left), this.check(e.right));
      case "Unary":
        return unaryType(this, e, this.check(e.operand));
      case "Update": {
        // Maps are implicitly declared, starting at 0; scratch variables must be assigned first.
        if (e.target.kind === "MapAccess") spreadTupleKey(e.target);
        if (e.target.kind === "MapAccess" && !this.maps.has(e.target.name)) {
          this.defineMap(e.target, e.target.keys.map((k) => this.keyType(k)), s64, e.target.span);
        }
        const t = this.check(e.target);
        if (!isIntegral(t)) {
          this.error(e.span, `The ${e.op} operator can not be used on expressions of type '${typeName(t)}'`);
          return s64;
        }
        if (e.target.kind === "MapAccess" && this.maps.get(e.target.name)?.value.kind === "agg") {
          this.error(e.span, `The ${e.op} operator can not be used on a map of ${typeName(this.maps.get(e.target.name)!.value)} values`);
        }
        if (e.target.kind === "ScratchVar") this.defineScratch(e.target.name, t, e.span);
        return t;
      }
      case "Ternary": {
        this.condition(e.cond);
        const a = e.then ? this.check(e.then) : this.types.get(e.cond)!;
        const b = this.check(e.else);
        if (!sameType(a, b)) {
          this.error(e.span, `Ternary operator must return the same type: have '${kindName(a)}' and '${kindName(b)}'`);
          return a;
        }
        return widen(a, b);
      }
      case "Call":
        return this.call(e);
      case "FieldAccess":
        return this.field(e);
      case "Cast":
        return castType(this, e, this.check(e.operand));
      case "TupleExpr":
        return { kind: "tuple", elems: e.elems.map((x) => this.check(x)) };
      case "RecordExpr":
        return recordType(this, e);
      case "IndexAccess": {
        const obj = this.check(e.object);
        if (tupleIndexToField(this, e, obj)) return (e as Expr).kind === "FieldAccess" ? this.field(e as unknown as FieldAccess) : s64;
        return kernelIndexType(this, e, obj);
      }
      case "SizeofExpr":
        return sizeofType(this, e);
      case "OffsetofExpr":
        return offsetofType(this, e);
      case "Block":
        this.error(e.span, `${e.kind} expressions are not supported yet`);
        return s64;
    }
  }

  private identifier(e: Expr & { kind: "Identifier" }): Type {
    if (e.name === "args") {
      if (!this.args) this.error(e.span, `The args builtin can not be used with '${this.target.provider.name}' probes`);
      return { kind: "args" };
    }
    const b = findBuiltin(e.name);
    if (b?.kind === "var") return b.type(this, e);
    // A function whose arguments are all optional may be written bare: `kstack` is `kstack()`.
    if (b?.kind === "func" && b.arity[0] === 0) return b.check(this, { ...e, kind: "Call", nameSpan: e.span, args: [] });
    this.error(e.span, `Unknown identifier: '${e.name}'`);
    return s64;
  }

  private positionalType(e: Expr & { kind: "Positional" }): Type {
    if (e.count) return s64;
    const v = this.opts.positional[e.index - 1];
    if (v !== undefined && !/^-?(0x[0-9a-f]+|\d+)$/i.test(v)) return strType(Buffer.byteLength(v) + 1);
    return s64;
  }

  /** Checks a map named as an object (delete, clear, print) rather than read as a value. */
  checkMapRef(e: MapAccess): void {
    spreadTupleKey(e);
    const keys = e.keys.map((k) => this.keyType(k));
    const info = this.maps.get(e.name);
    if (!info) this.error(e.span, `Undefined map: ${e.name}`);
    else if (e.keys.length > 0) this.unifyKeys(e, info, keys);
  }

  /** A map key's type. (bpftrace 0.17 calls a literal key `unsigned int64`; current bpftrace, like
   * ebt, gives a literal a signed type.) */
  private keyType(k: Expr): Type {
    return this.check(k);
  }

  private mapRead(e: MapAccess): Type {
    spreadTupleKey(e);
    const keys = e.keys.map((k) => this.keyType(k));
    const info = this.maps.get(e.name);
    if (!info) {
      this.error(e.span, `Undefined map: ${e.name}`);
      return s64;
    }
    this.unifyKeys(e, info, keys);
    if (info.value.kind === "agg") return aggReadType(this, e, info.value.agg);
    return info.value;
  }

  private call(e: Call): Type {
    if (FORMAT_FUNCS.has(e.name) && e.args[0]) this.formats.add(e.args[0]);
    const b = findBuiltin(e.name);
    if (!b) {
      this.error(e.nameSpan, `Unknown function: ${e.name}`);
      e.args.forEach((a) => this.check(a));
      return s64;
    }
    if (b.kind === "var") {
      if (e.args.length > 0) this.error(e.span, `${e.name}() takes no arguments`);
      return b.type(this, e);
    }
    if (b.kind === "agg") {
      this.error(e.span, `${e.name}() should be directly assigned to a map`);
      return s64;
    }
    if (!this.checkArity(e, b.arity)) {
      e.args.forEach((a) => this.check(a));
      return s64;
    }
    return b.check(this, e);
  }

  private checkArity(e: Call, [min, max]: [number, number]): boolean {
    const n = e.args.length;
    if (n >= min && n <= max) return true;
    this.error(e.span, `${e.name}() ${arityWords(n, min, max)} (${n} provided)`);
    return false;
  }

  private field(e: Expr & { kind: "FieldAccess" }): Type {
    const obj = this.check(e.object);
    if (obj.kind === "args") {
      const f = this.args?.find((a) => a.name === e.field);
      if (!f) {
        if (this.args) this.error(e.span, `Can't find a field ${e.field} in args of ${this.target.name}`);
        return s64;
      }
      return f.type;
    }
    if (obj.kind === "tuple") return elementType(this, e, obj);
    const kernel = kernelFieldType(this, e, obj);
    if (kernel) return kernel;
    this.error(e.span, `Can not access field '${e.field}' on expression of type '${typeName(obj)}'`);
    return s64;
  }
}

/** Strings of different sizes unify to the larger buffer. */
function widen(a: Type, b: Type): Type {
  if (a.kind === "str" && b.kind === "str") return a.size >= b.size ? a : b;
  if (a.kind === "tuple" && b.kind === "tuple") {
    const other = (i: number) => b.elems[a.names && b.names ? b.names.indexOf(a.names[i]!) : i]!;
    return { kind: "tuple", elems: a.elems.map((x, i) => widen(x, other(i))), ...(a.names ? { names: a.names } : {}) };
  }
  return a;
}

/** bpftrace's words for a wrong argument count (its check_nargs and check_varargs). */
function arityWords(n: number, min: number, max: number): string {
  const count = (k: number) => (k === 1 ? "one argument" : `${k} arguments`);
  if (min === max) return min === 0 ? "requires no arguments" : `requires ${count(min)}`;
  if (n < min) return `requires at least ${count(min)}`;
  return max === 0 ? "requires no arguments" : `takes up to ${count(max)}`;
}

/** Builtins whose first argument is a format or command, not a string value. */
const FORMAT_FUNCS = new Set(["printf", "errorf", "warnf", "system", "cat", "time", "strftime"]);

/** bpftrace's word for a type's kind, in the ternary's message. */
function kindName(t: Type): string {
  return { int: "integer", str: "string", bool: "bool", tuple: "tuple", ptr: "pointer" }[t.kind as string] ?? t.kind;
}

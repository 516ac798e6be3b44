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
  Identifier,
  MapAccess,
  Node,
  Probe,
  Program,
  SizeofExpr,
  Stmt,
  TypeName,
} from "../ast/nodes.js";
import { Diagnostics } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type { ArgField, MissingProbes, ProbeTarget, TargetProcess } from "../contracts/provider.js";
import { aggReadType, READABLE_AGGS } from "./agg-read-type.js";
import { checkIteratorAlone, resolveAttachPoint, withBtfTypedProgram } from "./attach-points.js";
import { reportProbeWithoutAttachPoints } from "./missing-probes.js";
import { expandAttachPointPositionals } from "./positional.js";
import { kernelFieldType, kernelIndexType, offsetofType, sizeofType } from "./check-kernel.js";
import { namedCType } from "./kernel-types.js";
import { checkDecls, mapSettings } from "./map-settings.js";
import { GENERATION_SLOTS, pairPrintAndClear, printClears } from "./print-clear.js";
import type { MapSettings } from "./map-settings.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import type { KernelInfo } from "../contracts/kernel-info.js";
import type { MapInfo } from "../contracts/map-info.js";
import type { Builtin } from "../contracts/builtin.js";
import type { Registry } from "../contracts/registry.js";
import type { IntBits, StackMode, Type } from "./types.js";
import type { Unstable } from "./config.js";
import { ScratchScopes } from "./scopes.js";
import { fromByteString } from "../util/byte-strings.js";
import { resolveTypeof } from "./typeof.js";
import { kernelPointerType } from "./kernel-types.js";
import { elementType, recordType, spreadTupleKey, tupleIndexToField } from "./tuples.js";
import { binaryType, castTarget, castType, integerOpWarnings, isFlexibleLiteral, unaryType } from "./operator-types.js";
import { boolT, currentTypeName, enumType, literalWidth, noneT, isIntegral, isScalar, s64, sameType, storageSize, strType, typeName, u64 } from "./types.js";

export interface CheckedProbe {
  ast: Probe;
  target: ProbeTarget;
  types: Map<Expr, Type>;
  /** Scratch variables by unique key (see scopes.ts): `$x`, or `$x#2` for a second `$x` in another block. */
  scratch: Map<string, Type>;
  /** The key of the variable each ScratchVar/LetStmt/for node names. */
  varKeys: Map<Node, string>;
  /** Who owns each variable's stack slot, and what each `for` body needs from outside. */
  scopes: ScratchScopes;
  args?: ArgField[];
  /** The builtin each builtin variable and call resolved to; code generation emits that one. */
  builtins: Map<Expr, Builtin>;
}

export interface CheckResult {
  probes: CheckedProbe[];
  maps: Map<string, MapInfo>;
  /** Map sizes and declared kinds (config blocks, `let @m = hash(N);`). */
  settings: MapSettings;
}

export interface CheckOptions {
  /** The builtins and probe types this compilation knows (compile.ts builds it). */
  registry: Registry;
  maxStrlen: number;
  /** config stack_mode: the mode of a kstack/ustack that names none. */
  stackMode?: StackMode;
  /** Entries of a map no declaration sizes (config max_map_keys; see config.ts). */
  maxMapKeys?: number;
  /** Positional parameters `$1..$N` as given on the command line. */
  positional: string[];
  /** -p PID or the -c child: see TargetProcess. */
  target?: TargetProcess;
  /** --unsafe: allow system(), signal() and the other functions with side effects. */
  unsafe?: boolean;
  /** The `missing_probes` config: attach points that match nothing (providers/no-matches.ts). */
  missingProbes?: MissingProbes;
  /** Maps that already exist (a REPL session's): their types are fixed, later programs must agree. */
  existingMaps?: ReadonlyMap<string, MapInfo>;
  /** config unstable_typeinfo (bpftrace's default: error). */
  unstableTypeinfo?: Unstable;
  /** The program names no map (ast/mentions.ts): the silent run that learns map types is skipped. */
  noMaps?: boolean;
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
    const errorsBefore = errorCount(diags);
    let found = 0;
    for (const written of item.attachPoints) {
      const expanded = expandAttachPointPositionals(written.raw, opts.positional);
      if ("error" in expanded) {
        diags.error(written.span, expanded.error);
        continue;
      }
      const ap = { ...written, raw: expanded.raw };
      for (const target of resolveAttachPoint(opts.registry, ap, kernel, diags, { pid: opts.target?.pid, target: opts.target, unsafe: opts.unsafe, missingProbes: opts.missingProbes })) {
        targets.push({ ast: item, target: withBtfTypedProgram(opts.registry, item, target) });
        found++;
      }
    }
    if (found === 0 && errorCount(diags) === errorsBefore) reportProbeWithoutAttachPoints(item, opts.missingProbes ?? "error", diags);
  }
  checkIteratorAlone(targets.map((t) => t.target), diags);
  if (diags.hasErrors) return { probes: [], maps: new Map(), settings };

  // Pass 1 (silent): learn map types from every assignment, wherever it is.
  const maps = new Map<string, MapInfo>();
  for (const [name, m] of opts.existingMaps ?? []) maps.set(name, { ...m, keys: [...m.keys] });
  // The silent runs record no type per node: only the last run's are used, and a large program has
  // hundreds of thousands of nodes.
  if (!opts.noMaps) for (const t of targets) new ProbeChecker(t.ast, t.target, kernel, new Diagnostics(), opts, maps, undefined, false).run();
  // Pass 2: the real check, with every map's type known up front, and every scratch variable's
  // final type too (a silent run settles them): `$a = ("hi", 1); print($a); $a = ("longer", 2);`
  // stores and reads both tuples in the larger layout, the first print included.
  // A probe with errors is checked without the settled types, so errors read in source order.
  const probes = targets.map((t) => {
    const quiet = new Diagnostics();
    const settled = new ProbeChecker(t.ast, t.target, kernel, quiet, opts, maps, undefined, false).run();
    return new ProbeChecker(t.ast, t.target, kernel, diags, opts, maps, quiet.hasErrors ? undefined : settled.scratch).run();
  });
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

/** An integer literal's type by its width, shared (types are never changed in place): large programs have many literals. */
const LITERAL_TYPES: Record<IntBits, Type> = {
  8: { kind: "int", bits: 64, signed: true, literalBits: 8 },
  16: { kind: "int", bits: 64, signed: true, literalBits: 16 },
  32: { kind: "int", bits: 64, signed: true, literalBits: 32 },
  64: { kind: "int", bits: 64, signed: true, literalBits: 64 },
};

function errorCount(diags: Diagnostics): number {
  return diags.items.filter((d) => d.severity === "error").length;
}

function describeTopLevel(kind: string): string {
  return { MacroDef: "macro", ConfigBlock: "config block", Import: "import", MapDecl: "map declaration" }[kind] ?? kind;
}

class ProbeChecker implements CheckCtx {
  private readonly types = new Map<Expr, Type>();
  /** Format strings (printf's first argument...): they are not values, so max_strlen does not bound them. */
  private readonly formats = new Set<Expr>();
  /** `args` nodes where the whole record is a value (see checkAllowingArgs). */
  private readonly wholeArgs = new Set<Expr>();
  private readonly scratch: Map<string, Type>;
  private readonly scopes: ScratchScopes;
  private readonly builtins = new Map<Expr, Builtin>();
  /** The probe's `args` fields, read (tracefs format, BTF) only when the program names `args`:
   * `tracepoint:syscalls:sys_enter_*` would otherwise read 361 formats and their BTF types. */
  private argsCache?: { fields: ArgField[] | undefined };
  /** How many `while`/`for` bodies enclose the statement being checked (break/continue need one). */
  private loopDepth = 0;
  readonly maxStrlen: number;
  readonly stackMode: StackMode;
  readonly userArgs: boolean;
  readonly unsafe: boolean;
  readonly unstableTypeinfo: Unstable;
  readonly positional: readonly string[];
  /** Scratch variables assigned only non-negative literals so far (their sign adapts). */
  private readonly flexibleScratch = new Set<string>();

  constructor(
    private readonly ast: Probe,
    readonly target: ProbeTarget,
    readonly kernel: KernelInfo,
    private readonly diags: Diagnostics,
    private readonly opts: CheckOptions,
    private readonly maps: Map<string, MapInfo>,
    /** Scratch variables' types from an earlier run over the same probe (strings and tuples in
     * them widened by every assignment). */
    seed?: ReadonlyMap<string, Type>,
    /** Whether to record each expression's type and each variable's key (for code generation). */
    private readonly record = true,
  ) {
    this.scratch = new Map(seed);
    this.scopes = new ScratchScopes(record);
    this.maxStrlen = opts.maxStrlen;
    this.stackMode = opts.stackMode ?? "bpftrace";
    this.unsafe = opts.unsafe ?? false;
    this.unstableTypeinfo = opts.unstableTypeinfo ?? "error";
    this.positional = opts.positional;
    this.userArgs = target.provider.argsAreUserPointers?.(target) ?? false;
  }

  private get args(): ArgField[] | undefined {
    this.argsCache ??= { fields: this.target.provider.args?.(this.target, this.kernel) };
    return this.argsCache.fields;
  }

  run(): CheckedProbe {
    if (this.ast.predicate) {
      const t = this.check(this.ast.predicate);
      if (!isScalar(t)) this.error(this.ast.predicate.span, `Invalid type for predicate: ${typeName(t)}`);
    }
    this.block(this.ast.body);
    for (const [key, v] of this.scopes.vars) {
      if (!v.assigned && v.decl) this.warning(v.decl.declSpan ?? v.decl.span, `Variable ${key.replace(/#\d+$/, "")} was never assigned to.`);
      if (!this.scratch.has(key)) this.scratch.set(key, s64);
    }
    return {
      ast: this.ast,
      target: this.target,
      types: this.types,
      scratch: this.scratch,
      varKeys: this.scopes.keyOf,
      scopes: this.scopes,
      // Only what the program used: code generation reads args only where the checker did.
      args: this.argsCache?.fields,
      builtins: this.builtins,
    };
  }

  error(span: Span, message: string): void {
    this.diags.error(span, message);
  }

  /** The builtin a variable or call names, recorded for code generation. */
  private builtin(e: Identifier | Call): Builtin | undefined {
    const b = this.opts.registry.builtin(e.name);
    if (b) this.builtins.set(e, b);
    return b;
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
    this.scopes.enter();
    pairPrintAndClear(b.stmts);
    this.stmtList(b.stmts);
    this.scopes.leave();
  }

  /** Statements in order; the first one after a statement that always leaves is reported, as
   * current bpftrace does (it is still checked, though it never runs). */
  private stmtList(list: Stmt[]): void {
    list.forEach((s, i) => {
      this.stmt(s);
      const next = list[i + 1];
      if (next && alwaysLeaves(s) && !list.slice(0, i).some(alwaysLeaves)) this.warning(next.span, "Unreachable statement.");
    });
  }

  private stmt(s: Stmt): void {
    switch (s.kind) {
      case "ExprStmt":
        this.check(s.expr);
        return;
      case "AssignStmt":
        this.assign(s);
        return;
      case "LetStmt":
        this.let(s);
        return;
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
        this.check(s);
        return;
      case "JumpStmt":
        // `unroll` is not a loop for this purpose: bpftrace rejects break/continue inside it too.
        if (s.jump !== "return" && this.loopDepth === 0) this.error(s.span, `${s.jump} used outside of a loop`);
        if (s.value) {
          // The probe's return value: an integer (a void call such as printf() has none).
          const t = this.check(s.value);
          if (!isScalar(t)) this.error(s.value.span, `return value must be an integer (${typeName(t)} provided)`);
        }
        return;
      case "ForMapStmt":
      case "ForRangeStmt":
        this.forLoop(s);
        return;
    }
  }

  private condition(e: Expr): Type {
    const t = this.check(e);
    if (!isScalar(t)) this.error(e.span, `Invalid condition of type ${typeName(t)}`);
    return t;
  }

  private assign(s: AssignStmt): void {
    const { target, value } = s;
    if (target.kind === "MapAccess") spreadTupleKey(target);
    if (target.kind === "MapAccess" && value.kind === "Call") {
      const b = this.builtin(value);
      if (b?.kind === "agg") {
        if (s.op !== "=") this.error(s.span, `${value.name}() can only be assigned with '='`);
        if (!this.checkArity(value, b.arity)) {
          value.args.forEach((x) => this.check(x));
          return;
        }
        const refined = b.check(this, value) ?? {};
        const keys = this.keyTypes(target);
        this.defineMap(target, keys, { kind: "agg", agg: b.agg, signed: true, ...refined }, target.span, value.span);
        return;
      }
    }
    let vt = this.check(value);
    if (s.op !== "=") {
      // `x op= v` is `x = x op v`: maps start at 0 when the first use is a compound assignment.
      if (target.kind === "MapAccess" && !this.maps.has(target.name)) {
        const start = isFlexibleLiteral(value) ? u64 : isIntegral(vt) ? vt : s64;
        this.defineMap(target, this.keyTypes(target), start, target.span);
      }
      const current = this.check(target);
      const pointerStep = current.kind === "ptr" && (s.op === "+=" || s.op === "-=");
      if (!isIntegral(current) && !pointerStep) {
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
      const v = this.scopes.find(target.name) ?? this.scopes.declare(target.name, "assign", target);
      this.scopes.use(v, target);
      v.assigned = true;
      // bpftrace 0.17 reports a scratch variable's type mismatch at the `=`.
      this.defineScratch(v.key, vt, s.op === "=" ? s.opSpan ?? target.span : target.span, target.name, s.op === "=" && isFlexibleLiteral(value));
      if (s.op === "=") this.check(target);
    } else {
      // The kernel refuses a map whose values have no bytes (BPF_MAP_CREATE: EINVAL).
      if (storageSize(vt) === 0) {
        this.error(value.span, `A map value must hold data: ${typeName(vt)} has none`);
        return;
      }
      const old = this.maps.get(target.name)?.value;
      if (old?.kind === "tuple" && vt.kind === "tuple" && !sameType(old, vt)) {
        this.error(s.opSpan ?? target.span, `Tuple type mismatch: ${typeName(old)} != ${typeName(vt)}.`);
        return;
      }
      this.defineMap(target, this.keyTypes(target), kernelCopy(vt), target.span);
      const info = this.maps.get(target.name);
      if (info) {
        adoptSign(info, vt, isFlexibleLiteral(value), !old);
        if (this.record) this.types.set(target, info.value);
      }
    }
  }

  /**
   * `for ($i : a..b)` and `for ($kv : @map)`: the body runs as a callback (bpf_loop or
   * bpf_for_each_map_elem) with its own frame; the loop variable is declared in the loop's scope.
   */
  private forLoop(s: Stmt & { kind: "ForMapStmt" | "ForRangeStmt" }): void {
    let vt: Type = s64;
    if (s.kind === "ForRangeStmt") {
      const [from, to] = [this.check(s.from), this.check(s.to)];
      if (!isIntegral(from)) this.error(s.from.span, "Loop range requires an integer for the start value");
      if (!isIntegral(to)) this.error(s.to.span, "Loop range requires an integer for the end value");
    } else {
      const info = this.maps.get(s.map.name);
      if (s.map.keys.length > 0) this.error(s.map.span, `${s.map.name}[...] is not a map: use ${s.map.name} to iterate over all its entries`);
      if (!info) this.error(s.map.span, `Undefined map: ${s.map.name}`);
      else if (info.keys.length === 0) {
        this.error(s.map.span, `${s.map.name} has no explicit keys (scalar map), and cannot be used for iteration`);
      } else if (info.value.kind === "agg" && !READABLE_AGGS.includes(info.value.agg)) {
        // As current bpftrace: only aggregations that read as one integer can be iterated.
        this.error(s.map.span, `Loop expression does not support type: ${typeName(info.value)}`);
      } else {
        const key: Type = info.keys.length === 1 ? info.keys[0]! : { kind: "tuple", elems: info.keys };
        // An aggregation's value is its per-CPU copies combined, read as an integer (count: uint64).
        const value = info.value.kind === "agg" ? (info.value.agg === "count" ? u64 : s64) : info.value;
        vt = { kind: "tuple", elems: [key, value] };
      }
    }
    const prior = this.scopes.find(s.variable);
    if (prior) this.error(s.variableSpan ?? s.span, `Loop declaration shadows existing variable: ${s.variable}`);
    this.scopes.enterLoop(s);
    const v = this.scopes.declare(s.variable, "loop", s);
    this.scratch.set(v.key, vt);
    this.loopDepth++;
    this.block(s.body);
    this.loopDepth--;
    this.scopes.leaveLoop();
  }

  /** `let $x[: type] [= e]`: a new variable in the innermost block; shadowing is an error. */
  private let(s: Stmt & { kind: "LetStmt" }): void {
    const vt = s.value ? this.check(s.value) : undefined;
    if (this.scopes.find(s.name)) {
      this.error(s.declSpan ?? s.span, `Variable ${s.name} was already declared. Variable shadowing is not allowed.`);
      return;
    }
    const v = this.scopes.declare(s.name, "let", s);
    v.decl = s;
    let declared: Type | undefined;
    if (s.type) {
      this.resolveType(s.type);
      declared = letType(s.type, this.target.provider.userMemory === true);
      if (!declared) {
        this.error(s.type.span, `Invalid variable declaration type: ${s.type.name}${"*".repeat(s.type.pointerDepth)}`);
        return;
      }
      this.scratch.set(v.key, declared);
    }
    if (!s.value || !vt) return;
    v.assigned = true;
    if (vt.kind === "none") {
      this.error(s.value.span, "Value does not have a type that can be assigned");
      return;
    }
    if (!declared) {
      this.defineScratch(v.key, vt, s.span, s.name, isFlexibleLiteral(s.value));
      return;
    }
    // A declared type holds any value of its family: integers are truncated, strings cut to size.
    const fits = (isIntegral(declared) && isIntegral(vt)) || (declared.kind === "str" && vt.kind === "str") || sameType(declared, vt);
    if (!fits) {
      this.error(s.span, `Type mismatch for ${s.name}: trying to assign value of type '${typeName(vt)}' when variable already has a type '${typeName(declared)}'`);
    }
  }

  private defineScratch(key: string, t: Type, span: Span, name = key, flexible = false): void {
    const old = this.scratch.get(key);
    if (old?.kind === "int" && t.kind === "int" && !this.declaredType(key) && old.enumId === undefined && t.enumId === undefined) {
      // Every integer assigned to a variable gives it bpftrace's promoted type: `$x = (uint32)0;
      // $x = (uint32)5 + (uint16)1;` makes $x a uint64.
      const oldFlexible = this.flexibleScratch.has(key);
      const promoted = promoteInt(old, oldFlexible, t, flexible);
      // Literals only: the widest literal's width (what sizeof reports).
      const literalBits = old.literalBits && t.literalBits ? (Math.max(old.literalBits, t.literalBits) as IntBits) : undefined;
      this.scratch.set(key, literalBits && promoted.kind === "int" ? { ...promoted, literalBits } : promoted);
      if (!(oldFlexible && flexible)) this.flexibleScratch.delete(key);
      return;
    }
    // `$a = 1; $a = (uint64)2;`: $a is a uint64, as current bpftrace's non-negative literals adapt.
    if (t.kind === "int" && flexible) {
      if (!old) this.flexibleScratch.add(key);
    } else if (t.kind === "int" && old?.kind === "int" && this.flexibleScratch.delete(key) && old.signed !== t.signed) {
      this.scratch.set(key, { ...old, signed: t.signed });
      return;
    } else this.flexibleScratch.delete(key);
    if (!old) this.scratch.set(key, t);
    else if (this.declaredType(key) && ((isIntegral(old) && isIntegral(t)) || (old.kind === "str" && t.kind === "str"))) return;
    else if (old.kind === "tuple" && t.kind === "tuple" && !sameType(old, t)) {
      this.error(span, `Tuple type mismatch: ${typeName(old)} != ${typeName(t)}.`);
    } else if (!sameType(old, t)) {
      this.error(span, `Type mismatch for ${name}: trying to assign value of type '${typeName(t)}' when variable already contains a value of type '${typeName(old)}'`);
    } else this.scratch.set(key, widen(old, t));
  }

  private defineMap(m: MapAccess, keys: Type[], value: Type, span: Span, callSpan?: Span): void {
    const old = this.maps.get(m.name);
    if (!old) {
      this.maps.set(m.name, { name: m.name, keys, value, span: m.span });
      return;
    }
    if (old.value.kind === "agg" && value.kind === "agg" && old.value.agg === value.agg && !sameType(old.value, value)) {
      const what =
        value.agg === "lhist" ? "Different lhist bounds in a single map unsupported" : value.agg === "tseries" ? "Different tseries bounds in a single map unsupported" : "Different bits in a single hist unsupported";
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
      // Current bpftrace's words: a scalar map's key is an int64, several keys are a tuple.
      const show = (ks: Type[]) => (ks.length === 0 ? "int64" : ks.length === 1 ? currentTypeName(ks[0]!) : currentTypeName({ kind: "tuple", elems: ks }));
      this.error(m.span, `Argument mismatch for ${m.name}: trying to access with arguments: '${show(keys)}' when map expects arguments: '${show(info.keys)}'`);
      return;
    }
    info.keys = info.keys.map((k, i) => widen(k, keys[i]!));
  }

  // ------------------------------------------------------------------ expressions

  checkAllowingArgs(e: Expr): Type {
    if (e.kind === "Identifier" && e.name === "args") this.wholeArgs.add(e);
    return this.check(e);
  }

  check(e: Expr): Type {
    const t = this.infer(e);
    if (this.record) this.types.set(e, t);
    return t;
  }

  private infer(e: Expr): Type {
    switch (e.kind) {
      case "IntLit":
        if (e.enumId !== undefined) return enumType(64, true, e.enumId);
        return e.value > 0x7fffffffffffffffn ? u64 : LITERAL_TYPES[literalWidth(e.value)];
      case "StrLit": {
        // The value is its bytes, one character each (parser/literals.ts).
        const size = e.value.length + 1;
        if (size > this.maxStrlen && !this.formats.has(e)) this.error(e.span, `String is too long (over ${this.maxStrlen} bytes): ${fromByteString(e.value)}`);
        return strType(size);
      }
      case "BoolLit":
        return boolT;
      case "Identifier":
        return this.identifier(e);
      case "Positional":
        return this.positionalType(e);
      case "ScratchVar":
        return this.readScratch(e);
      case "MapAccess":
        return this.mapRead(e);
      case "Binary":
        return binaryType(this, e, this.check(e.left), this.check(e.right));
      case "Unary": {
        const t = unaryType(this, e, this.check(e.operand));
        // `-5`: a literal too (current bpftrace's NegativeInteger).
        if (e.op === "-" && e.operand.kind === "IntLit" && e.operand.enumId === undefined && t.kind === "int" && t.signed) return { ...t, literalBits: literalWidth(-e.operand.value) };
        return t;
      }
      case "Update": {
        // Maps are implicitly declared, starting at 0; scratch variables must be assigned first.
        if (e.target.kind === "MapAccess") spreadTupleKey(e.target);
        if (e.target.kind === "MapAccess" && !this.maps.has(e.target.name)) {
          this.defineMap(e.target, this.keyTypes(e.target), s64, e.target.span);
        }
        const t = this.check(e.target);
        if (!isIntegral(t) && t.kind !== "ptr") {
          this.error(e.span, `The ${e.op} operator can not be used on expressions of type '${typeName(t)}'`);
          return s64;
        }
        if (e.target.kind === "MapAccess" && this.maps.get(e.target.name)?.value.kind === "agg") {
          this.error(e.span, `The ${e.op} operator can not be used on a map of ${typeName(this.maps.get(e.target.name)!.value)} values`);
        }
        if (e.target.kind === "ScratchVar") {
          const v = this.scopes.find(e.target.name);
          if (v) this.defineScratch(v.key, t, e.span, e.target.name);
        }
        return t;
      }
      case "Ternary": {
        const condType = this.condition(e.cond);
        const a = e.then ? this.check(e.then) : condType;
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
        this.resolveType(e.type);
        return castType(this, e, this.check(e.operand));
      case "TupleExpr":
        return { kind: "tuple", elems: e.elems.map((x) => this.valued(x, "a tuple element")) };
      case "RecordExpr":
        return recordType(this, e);
      case "IndexAccess": {
        const obj = this.check(e.object);
        if (tupleIndexToField(this, e, obj)) return (e as Expr).kind === "FieldAccess" ? this.field(e as unknown as FieldAccess) : s64;
        return kernelIndexType(this, e, obj);
      }
      case "SizeofExpr":
        if (e.arg.kind === "TypeName") this.resolveType(e.arg);
        return sizeofType(this, e);
      case "OffsetofExpr":
        if (e.type.kind === "TypeName") this.resolveType(e.type);
        return offsetofType(this, e);
      case "TypeArg":
        this.error(e.span, "typeof() can only be passed to a macro, or used where a type is expected");
        return noneT;
      case "Block": {
        // `{ stmts; value }`: a scope of its own; its value is its last expression's.
        this.scopes.enter();
        pairPrintAndClear(e.stmts);
        this.stmtList(e.stmts);
        const t = e.value ? this.check(e.value) : noneT;
        this.scopes.leave();
        return t;
      }
    }
  }

  /** Writes out a `typeof(...)` in a type (see typeof.ts). */
  private resolveType(t: TypeName): void {
    if (t.of) resolveTypeof({ check: (x) => this.check(x), error: (sp, m) => this.error(sp, m), isValueName: (n) => n === "args" || this.opts.registry.builtin(n) !== undefined }, t);
  }

  private readScratch(e: Expr & { kind: "ScratchVar" }): Type {
    const v = this.scopes.find(e.name);
    if (!v) {
      this.error(e.span, `Undefined or undeclared variable: ${e.name}`);
      return s64;
    }
    this.scopes.use(v, e);
    if (!v.assigned) this.warning(e.span, `Variable used before it was assigned: ${e.name}`);
    let t = this.scratch.get(v.key);
    // `let $x;` read before any assignment: an integer 0, as bpftrace initialises it.
    if (!t) this.scratch.set(v.key, (t = s64));
    return t;
  }

  /** Whether the variable has a type from `let $x: type`, which assignments convert to. */
  private declaredType(key: string): boolean {
    return this.scopes.vars.get(key)?.decl?.type !== undefined;
  }

  private identifier(e: Expr & { kind: "Identifier" }): Type {
    if (e.name === "args") {
      if (!this.args) {
        const why = this.target.provider.argsUnavailable?.(this.target);
        this.error(e.span, why ?? `The args builtin can not be used with '${this.target.provider.name}' probes`);
      }
      // Used as a value (stored in a map, a map key, a tuple): a record of its fields, in order,
      // as bpftrace makes it. args.field and print(args) read the context field by field instead.
      else if (!this.wholeArgs.has(e)) return { kind: "tuple", elems: this.args.map((a) => a.type), names: this.args.map((a) => a.name) };
      return { kind: "args" };
    }
    const b = this.builtin(e);
    if (b?.kind === "var") return b.type(this, e);
    // kstack and ustack are also bpftrace builtins: `kstack` is `kstack()`. Other functions need parentheses.
    if (b?.kind === "func" && b.bare) return b.check(this, { ...e, kind: "Call", nameSpan: e.span, args: [] });
    if (b?.kind === "func" || b?.kind === "agg") {
      this.error(e.span, `${e.name} is a function: call it as ${e.name}(${b.arity[0] === 0 ? "" : "..."})`);
      return s64;
    }
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
    const keys = this.keyTypes(e);
    const info = this.maps.get(e.name);
    if (!info) this.error(e.span, `Undefined map: ${e.name}`);
    else if (e.keys.length > 0) this.unifyKeys(e, info, keys);
  }

  /**
   * The key types of a map access. `@m[a, b]` and `@m[$t]` with `$t = (a, b)` name the same entry
   * (a tuple's bytes are laid out as the keys' are), so a single tuple-typed key counts as its
   * elements: a map may be used both ways, as biosnoop does.
   */
  private keyTypes(m: MapAccess): Type[] {
    const keys = m.keys.map((k) => this.keyType(k));
    const only = keys[0];
    return keys.length === 1 && only?.kind === "tuple" && !only.names ? only.elems : keys;
  }

  /** `e`'s type; a call that gives no value (`exit()`, `print()`) used where one is needed is an
   * error here, or it would reach the kernel as code after a value that never comes. */
  private valued(e: Expr, where: string): Type {
    const t = this.check(e);
    if (t.kind === "none" && e.kind === "Call") this.error(e.span, `${e.name}() gives no value to use as ${where}`);
    return t;
  }

  /** A map key's type. (bpftrace 0.17 calls a literal key `unsigned int64`; current bpftrace, like
   * ebt, gives a literal a signed type.) */
  private keyType(k: Expr): Type {
    const t = this.valued(k, "a map key");
    // As for values: the kernel refuses a map whose keys have no bytes.
    // Any type without bytes: an empty tuple, a char[0] or a struct with no members.
    if (t.kind !== "none" && t.kind !== "args" && storageSize(t) === 0) this.error(k.span, `A map key must hold data: ${typeName(t)} has none`);
    return t;
  }

  private mapRead(e: MapAccess): Type {
    spreadTupleKey(e);
    const keys = this.keyTypes(e);
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
    const b = this.builtin(e);
    if (b?.kind === "func" && b.formatArg && e.args[0]) this.formats.add(e.args[0]);
    if (!b) {
      this.error(e.nameSpan, `Unknown function: ${e.name}`);
      e.args.forEach((a) => this.check(a));
      return s64;
    }
    if (b.kind === "var") {
      // A few builtins take a mode in their call form: nsecs(boot), pid(init).
      if (e.args.length > 0 && !b.checkCallArgs) this.error(e.span, `${e.name}() takes no arguments`);
      else if (e.args.length > 0) b.checkCallArgs!(this, e);
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
    const obj = this.checkAllowingArgs(e.object);
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

/** Whether control never goes past `s`: a jump, exit(), or an if/else whose branches all leave. */
function alwaysLeaves(s: Stmt): boolean {
  switch (s.kind) {
    case "JumpStmt":
      return true;
    case "ExprStmt":
      return s.expr.kind === "Call" && s.expr.name === "exit" && s.expr.args.length <= 1;
    case "Block":
      return s.stmts.some(alwaysLeaves);
    case "IfStmt":
      return s.then.stmts.some(alwaysLeaves) && s.else !== undefined && alwaysLeaves(s.else);
    default:
      return false;
  }
}

/** The type a `let` declares: integers, bool and `string[N]` (`string` alone: the default size).
 * Pointers point into user memory in probes of user-space code (uprobes), as casts there do. */
function letType(t: TypeName, user: boolean): Type | undefined {
  if (t.name === "string" && t.pointerDepth === 0) return strType(t.arraySize ?? 64);
  if (t.arraySize !== undefined) return namedCType(t.name, t.pointerDepth, t.arraySize, user);
  return castTarget(t.name, t.pointerDepth, user) ?? namedCType(t.name, t.pointerDepth, undefined, user);
}

/** A struct or array copied into a map lives in kernel memory, wherever it was read from: its
 * fields and elements are read from there (pointers inside it still point where they did). */
function kernelCopy(t: Type): Type {
  if (t.kind === "struct" && t.user) return { ...t, user: false };
  if (t.kind === "array" && (t.user || t.elem.kind === "struct" || t.elem.kind === "array")) return { ...t, user: false, elem: kernelCopy(t.elem) };
  return t;
}

/** bpftrace's promotion of two integer types (get_promoted_int): the larger of the same sign; of
 * different signs, the signed one if it is larger, else a signed type twice the larger (at most 64 bits). */
function promoteInt(a: Type & { kind: "int" }, aFlexible: boolean, b: Type & { kind: "int" }, bFlexible: boolean): Type {
  const bits = Math.max(a.bits, b.bits) as IntBits;
  if (a.signed === b.signed) return { kind: "int", bits, signed: a.signed };
  if (aFlexible || bFlexible) return { kind: "int", bits, signed: (!aFlexible && a.signed) || (!bFlexible && b.signed) };
  if (a.signed && a.bits > b.bits) return { kind: "int", bits: a.bits, signed: true };
  if (b.signed && b.bits > a.bits) return { kind: "int", bits: b.bits, signed: true };
  return { kind: "int", bits: Math.min(64, 2 * bits) as IntBits, signed: true };
}

/** Maps whose integer values so far were all non-negative literals (`@start[0] = 0`). */
const signFlexibleMaps = new WeakSet<MapInfo>();

/**
 * As current bpftrace: a non-negative literal fits a signed or an unsigned map, so a map first
 * assigned `0` and then `nsecs` holds unsigned values (no mixed-sign warning on `nsecs - @start`).
 */
function adoptSign(info: MapInfo, value: Type, flexible: boolean, created: boolean): void {
  if (value.kind !== "int" || info.value.kind !== "int") return;
  if (flexible) {
    if (created) signFlexibleMaps.add(info);
    return;
  }
  if (signFlexibleMaps.has(info) && info.value.signed !== value.signed) info.value = { ...info.value, signed: value.signed };
  signFlexibleMaps.delete(info);
}

/** Strings of different sizes unify to the larger buffer. */
function widen(a: Type, b: Type): Type {
  // Literals only: the widest literal's width; any other integer: no literal width.
  if (a.kind === "int" && b.kind === "int" && (a.literalBits || b.literalBits)) {
    const { literalBits, ...rest } = a;
    const bits = literalBits && b.literalBits ? (Math.max(literalBits, b.literalBits) as typeof literalBits) : undefined;
    return bits ? { ...rest, literalBits: bits } : rest;
  }
  if ((a.kind === "str" && b.kind === "str") || (a.kind === "buf" && b.kind === "buf")) return a.size >= b.size ? a : b;
  if (a.kind === "tuple" && b.kind === "tuple") {
    const other = (i: number) => b.elems[a.names && b.names ? b.names.indexOf(a.names[i]!) : i]!;
    return { kind: "tuple", elems: a.elems.map((x, i) => widenElement(x, other(i))), ...(a.names ? { names: a.names } : {}) };
  }
  return a;
}

/**
 * A tuple's or record's element takes every value assigned to it as a variable does: integers of
 * different signs are promoted, a literal adapting to the other's sign (`$a = (a=1, ..);
 * $a = (a=(uint64)2, ..)` makes .a a uint64, as in current bpftrace).
 */
function widenElement(a: Type, b: Type): Type {
  if (a.kind === "int" && b.kind === "int" && a.signed !== b.signed && a.enumId === undefined && b.enumId === undefined) {
    return promoteInt(a, a.literalBits !== undefined, b, b.literalBits !== undefined);
  }
  return widen(a, b);
}

/** bpftrace's words for a wrong argument count (its check_nargs and check_varargs). */
function arityWords(n: number, min: number, max: number): string {
  const count = (k: number) => (k === 1 ? "one argument" : `${k} arguments`);
  if (min === max) return min === 0 ? "requires no arguments" : `requires ${count(min)}`;
  if (n < min) return `requires at least ${count(min)}`;
  return max === 0 ? "requires no arguments" : `takes up to ${count(max)}`;
}

/** bpftrace's word for a type's kind, in the ternary's message. */
function kindName(t: Type): string {
  return { int: "integer", str: "string", bool: "bool", tuple: "tuple", ptr: "pointer" }[t.kind as string] ?? t.kind;
}

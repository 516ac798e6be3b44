/**
 * What the REPL does, without the terminal: compile each input against the session's maps, load and
 * attach it as a numbered probe group, evaluate bare map expressions, detach groups, and at the end
 * run every END block and print the maps. Errors come back as rendered text; the session goes on.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Expr, MapAccess, Program } from "../ast/nodes.js";
import { findNode, forEachNode } from "../ast/walk.js";
import { probeCount } from "../plan/plan.js";
import { compile } from "../compile.js";
import type { Plan } from "../plan/plan.js";
import { RecordTable } from "../plan/records.js";
import { formatDisassembly } from "../plan/disassembly.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { renderDiagnostic } from "../diagnostics/render.js";
import { SourceMap } from "../diagnostics/span.js";
import type { Span } from "../diagnostics/span.js";
import { findBuiltin } from "../builtins/index.js";
import { parse } from "../parser/index.js";
import { closeFd, enableStats, progInfo } from "../runtime/bpf.js";
import { Engine, VerifierRejected } from "../runtime/engine.js";
import type { ProbeGroup } from "../runtime/engine.js";
import { KernelError } from "../runtime/errors.js";
import type { Output } from "../runtime/output/output.js";
import type { MapDump } from "../runtime/output/text.js";
import { formatMap } from "../runtime/output/text.js";
import type { Value } from "../plan/value.js";
import type { KernelInfo } from "../contracts/kernel-info.js";
import type { MapInfo } from "../contracts/map-info.js";
import { typeName } from "../semantic/types.js";
import { Definitions, withoutDefinitions } from "./definitions.js";

export interface AttachedGroup {
  id: number;
  source: string;
  plan: Plan;
  sources: Map<string, SourceMap>;
  group: ProbeGroup;
}

export interface GroupStats {
  id: number;
  source: string;
  probes: number;
  /** Undefined when the kernel keeps no statistics (BPF_ENABLE_STATS refused). */
  hits?: bigint;
  avgNs?: bigint;
}

/** The result of one input: text for the user (errors included) and whether it was an error. */
export interface Reply {
  text: string;
  error?: boolean;
}

export class ReplSession {
  readonly engine: Engine;
  private readonly records = new RecordTable();
  private readonly mapInfos = new Map<string, MapInfo>();
  private readonly groups: AttachedGroup[] = [];
  private nextId = 1;
  private inputs = 0;
  private statsFd?: number;
  private exitRequested = false;
  /** Config, C declarations and macros typed so far: later inputs may use them. */
  private readonly definitions = new Definitions();
  /** Statements run at the prompt (`@limit = 100`), with the maps they name: `.save` keeps those
   * that the saved probes' maps depend on. */
  private readonly statements: { text: string; maps: Set<string> }[] = [];

  constructor(
    private readonly kernel: KernelInfo,
    private readonly out: Output,
    /** exit() ran in a probe: the REPL ends the session as .exit does. */
    private readonly onExit: () => void,
  ) {
    this.engine = new Engine(this.records.layouts, out, () => {
      if (this.exitRequested) return;
      this.exitRequested = true;
      queueMicrotask(() => this.onExit());
    });
    try {
      this.statsFd = enableStats();
    } catch {
      this.statsFd = undefined; // .attached then shows no run counts
    }
  }

  get attached(): readonly AttachedGroup[] {
    return this.groups;
  }

  get maps(): ReadonlyMap<string, MapInfo> {
    return this.mapInfos;
  }

  /** Compiles, loads and attaches a program typed at the prompt (or loaded from a file). */
  submit(source: string, file = `stdin`): Reply {
    this.inputs++;
    let result;
    const firstRecord = this.records.layouts.length;
    const parsed = parse(source, file).program;
    try {
      result = compile(this.definitions.appendTo(source, parsed), file, this.kernel, { session: { maps: this.mapInfos, records: this.records } });
    } catch (e) {
      if (e instanceof KernelError) return { text: `ERROR: ${e.message}\n`, error: true };
      throw e;
    }
    // What the appended definitions would say again (they were reported when typed) is left out.
    const diagText = result.diagnostics.items
      .filter((d) => d.span.file !== file || d.span.start.offset < source.length)
      .map((d) => renderDiagnostic(d, result.sources))
      .join("");
    if (!result.plan) return { text: diagText, error: true };
    const { plan } = result;
    const conflict = this.mapConflict(plan, source, file);
    if (conflict) return { text: diagText + renderDiagnostic(conflict, result.sources), error: true };

    let group: ProbeGroup;
    try {
      this.engine.addMaps(plan.maps);
      for (const m of plan.maps) if (m.info && !this.mapInfos.has(m.name)) this.mapInfos.set(m.name, m.info);
      this.engine.startReader();
      group = this.engine.load(plan);
    } catch (e) {
      return { text: diagText + this.kernelFailure(e, result.sources), error: true };
    }
    // As the one-shot CLI does (runtime/session.ts): BEGIN runs before the group's other probes
    // attach, so what it stores is there for their first event; its output waits in the ring
    // buffer, ahead of theirs, until the group is attached and announced. A failed attach drops it.
    try {
      this.engine.runOnce(group, "begin", false);
      this.engine.attach(group);
    } catch (e) {
      this.engine.unload(group);
      this.engine.discardFrom(firstRecord);
      return { text: diagText + this.kernelFailure(e, result.sources), error: true };
    }
    if (parsed) this.definitions.record(parsed, source);
    const attachable = plan.programs.filter((p) => !p.runOnce).length;
    const hasEnd = plan.programs.some((p) => p.runOnce === "end");
    const iterator = plan.programs.some((p) => p.target.provider.iterator);
    // A group of BEGIN blocks only runs and is done; anything attached or with an END stays.
    const kept = !iterator && (attachable > 0 || hasEnd);
    const entry: AttachedGroup = { id: kept ? this.nextId++ : 0, source: source.trim(), plan, sources: result.sources, group };
    if (kept) this.groups.push(entry);
    // Warnings come before "Attached N probes", as bpftrace prints them.
    if (diagText) this.out.warning?.(diagText);
    // Definitions alone (a macro, a struct, config) attach nothing and say nothing.
    if (plan.programs.length > 0) this.out.attached(probeCount(plan));
    this.engine.flushOnce();
    if (iterator) {
      // An iterator (iter:task) is one pass, now; then its END runs and it is gone.
      this.engine.iterate(group);
      this.engine.detach(group);
      this.engine.runOnce(group, "end");
      this.engine.unload(group);
      return { text: "" };
    }
    if (attachable === 0 && !hasEnd) {
      this.engine.unload(group);
      return { text: "" };
    }
    return { text: `[${entry.id}] attached\n` };
  }

  /**
   * A bare expression at the prompt. Map reads are answered from user space; anything that needs a
   * probe's context is refused with a message that says so; other expressions run once in BEGIN.
   * Undefined when the input is not one expression.
   */
  evaluate(input: string): Reply | undefined {
    const wrapped = `BEGIN{\n${input}\n}`;
    const sm = new SourceMap("stdin", input);
    const sources = new Map([["stdin", sm]]);
    const parsed = parse(wrapped, "stdin");
    const expr = singleExpression(parsed.program);
    if (!expr) return undefined;
    const fix = (span: Span): Span => unwrapSpan(span);
    const contextual = findContextual(expr);
    if (contextual) {
      const message = contextual.name.startsWith("$")
        ? `${contextual.name}: the REPL has no positional parameters (they come from the command line of \`ebt script.ebt args...\`)`
        : `${contextual.name} needs a probe context: use it inside a probe, e.g. tracepoint:syscalls:sys_enter_write { print(${contextual.name}); }`;
      const d: Diagnostic = { severity: "error", span: fix(contextual.span), message };
      return { text: renderDiagnostic(d, sources), error: true };
    }
    if (expr.kind === "MapAccess" && expr.keys.every(isLiteral)) {
      if (!this.mapInfos.has(expr.name)) {
        return { text: renderDiagnostic({ severity: "error", span: fix(expr.span), message: `Undefined map: ${expr.name}` }, sources), error: true };
      }
      const dump = this.engine.readMap(expr.name);
      if (expr.keys.length === 0) return { text: formatReplMap(dump) };
      const want = expr.keys.map(literalValue);
      const entries = dump.entries.filter((e) => e.key.length === want.length && e.key.every((k, i) => sameValue(k, want[i]!)));
      if (entries.length === 0) return { text: `${expr.name}[${input.slice(input.indexOf("[") + 1, input.lastIndexOf("]"))}]: (no entry)\n` };
      return { text: formatMap({ ...dump, entries }) };
    }
    // Anything else computable without a probe: print it from a BEGIN block, run once.
    return this.submitQuiet(`BEGIN { print(${input}); }`, input);
  }

  /**
   * Statements typed at the prompt (`@x = 5`, `clear(@m)`) run once, as the body of a BEGIN block;
   * errors point into what was typed.
   */
  runStatements(input: string): Reply {
    const wrapped = `BEGIN{\n${input}\n}`;
    const result = compile(this.definitions.appendTo(wrapped, undefined), "stdin", this.kernel, { session: { maps: this.mapInfos, records: this.records } });
    const sources = new Map([["stdin", new SourceMap("stdin", input)]]);
    const diagText = result.diagnostics.items
      .filter((d) => d.span.start.offset < wrapped.length)
      .map((d) => renderDiagnostic({ ...d, span: unwrapSpan(d.span) }, sources))
      .join("");
    if (!result.plan) return { text: diagText, error: true };
    const conflict = this.mapConflict(result.plan, wrapped, "stdin");
    if (conflict) return { text: diagText + renderDiagnostic({ ...conflict, span: unwrapSpan(conflict.span) }, sources), error: true };
    try {
      this.engine.addMaps(result.plan.maps);
      for (const m of result.plan.maps) if (m.info && !this.mapInfos.has(m.name)) this.mapInfos.set(m.name, m.info);
      this.engine.startReader();
      const group = this.engine.load(result.plan);
      this.engine.runOnce(group, "begin");
      this.engine.unload(group);
    } catch (e) {
      return { text: diagText + this.kernelFailure(e, sources), error: true };
    }
    this.statements.push({ text: input.trim(), maps: mapNames(parse(wrapped, "stdin").program) });
    return { text: diagText };
  }

  /** Per group: probes, hits and average run time from the kernel's BPF statistics. */
  stats(): GroupStats[] {
    return this.groups.map((g) => {
      const s: GroupStats = { id: g.id, source: g.source, probes: g.plan.programs.length };
      if (this.statsFd === undefined) return s;
      let runs = 0n;
      let ns = 0n;
      for (const p of g.group.programs) {
        const info = progInfo(p.fd);
        runs += info.runCnt;
        ns += info.runTimeNs;
      }
      return { ...s, hits: runs, avgNs: runs === 0n ? 0n : ns / runs };
    });
  }

  /** Detaches one group (running its END blocks) or all of them. */
  detach(which: number | "all"): Reply {
    const targets = which === "all" ? [...this.groups] : this.groups.filter((g) => g.id === which);
    if (targets.length === 0) return { text: which === "all" ? "nothing is attached\n" : `ERROR: no probe group ${which} (see .attached)\n`, error: which !== "all" };
    for (const g of targets) {
      this.engine.detach(g.group);
      this.engine.drain();
      this.engine.runOnce(g.group, "end");
      this.engine.unload(g.group);
      this.groups.splice(this.groups.indexOf(g), 1);
    }
    return { text: targets.map((g) => `[${g.id}] detached\n`).join("") };
  }

  disasm(id: number): Reply {
    const g = this.groups.find((x) => x.id === id);
    if (!g) return { text: `ERROR: no probe group ${id} (see .attached)\n`, error: true };
    return { text: formatDisassembly(g.plan, g.sources) };
  }

  /**
   * The attached probes as a script `ebt file` runs, with what they depend on: the config, C
   * declarations and macros typed so far, and the statements that set maps the probes use (each
   * as a BEGIN block, in the order they were typed).
   */
  save(path: string): Reply {
    // The maps the probes (and the macros they may call) name.
    const needed = mapNames(parse(this.groups.map((g) => g.source).join("\n") + "\n" + this.definitions.text(), "stdin").program);
    const kept: string[] = [];
    for (const st of [...this.statements].reverse()) {
      if (![...st.maps].some((m) => needed.has(m))) continue;
      kept.unshift(`BEGIN { ${st.text} }\n`);
      for (const m of st.maps) needed.add(m);
    }
    const probes = this.groups.map((g) => {
      const program = parse(g.source, "stdin").program;
      return (program ? withoutDefinitions(g.source, program) : g.source) + "\n";
    });
    const text = this.definitions.text() + kept.join("") + probes.join("");
    try {
      writeFileSync(path, text);
    } catch (e) {
      return { text: `ERROR: failed to write ${path}: ${(e as Error).message}\n`, error: true };
    }
    return { text: `saved ${this.groups.length} probe group${this.groups.length === 1 ? "" : "s"} to ${path}\n` };
  }

  load(path: string): Reply {
    let source: string;
    try {
      source = readFileSync(path, "utf8");
    } catch (e) {
      return { text: `ERROR: failed to read ${path}: ${(e as Error).message}\n`, error: true };
    }
    // A #! line is a comment to the language only on line 1 of a script; drop it here too.
    return this.submit(source.replace(/^#!.*/, ""), path);
  }

  readMap(name: string): MapDump | undefined {
    return this.mapInfos.has(name) ? this.engine.readMap(name) : undefined;
  }

  /** Detaches everything, runs END blocks, prints every map, closes every fd. */
  finish(): void {
    for (const g of this.groups) this.engine.detach(g.group);
    this.engine.drain();
    for (const g of this.groups) this.engine.runOnce(g.group, "end");
    this.engine.drain();
    const lost = this.engine.lostEvents();
    if (lost > 0) this.out.lostEvents(lost);
    this.out.exitMaps(this.engine.languageMaps().map((m) => this.engine.readMap(m.name)));
    for (const g of this.groups.splice(0)) this.engine.unload(g.group);
    this.engine.close();
    if (this.statsFd !== undefined) closeFd(this.statsFd);
    this.statsFd = undefined;
  }

  private submitQuiet(source: string, shown: string): Reply {
    // Errors in the generated BEGIN block are reported against what the user typed.
    const result = compile(this.definitions.appendTo(source, undefined), "stdin", this.kernel, { session: { maps: this.mapInfos, records: this.records } });
    if (!result.plan) {
      const sm = new Map([["stdin", new SourceMap("stdin", shown)]]);
      const shift = "BEGIN { print(".length;
      return {
        text: result.diagnostics.items
          .map((d) => renderDiagnostic({ ...d, span: shiftSpan(d.span, -shift, shown.length) }, sm))
          .join(""),
        error: true,
      };
    }
    try {
      this.engine.addMaps(result.plan.maps);
      this.engine.startReader();
      const group = this.engine.load(result.plan);
      this.engine.runOnce(group, "begin");
      this.engine.unload(group);
    } catch (e) {
      return { text: this.kernelFailure(e, result.sources), error: true };
    }
    return { text: "" };
  }

  /** A map this input uses with a different layout from the session's map of that name. */
  private mapConflict(plan: Plan, source: string, file: string): Diagnostic | undefined {
    for (const m of plan.maps) {
      const old = this.engine.mapPlan(m.name);
      const before = this.mapInfos.get(m.name);
      if (!old || !before || !m.info) continue;
      if (old.spec.keySize === m.spec.keySize && old.spec.valueSize === m.spec.valueSize && old.spec.type === m.spec.type) {
        // Same storage, maybe a longer string type: the map prints by the widest type it holds.
        // (The session's MapInfo is the object the engine's map plan prints with.)
        before.value = m.info.value;
        before.keys = m.info.keys;
        continue;
      }
      const span = firstMapAccess(parse(source, file).program, m.name)?.span ?? before.span;
      return {
        severity: "error",
        span,
        message: `Type mismatch for ${m.name}: this session's map holds ${typeName(before.value)}, this program makes it ${typeName(m.info.value)}`,
      };
    }
    return undefined;
  }

  private kernelFailure(e: unknown, sources: Map<string, SourceMap>): string {
    if (e instanceof VerifierRejected) {
      const { report } = e;
      const head = report.span
        ? renderDiagnostic({ severity: "error", span: report.span, message: report.message, hints: report.hints }, sources)
        : `ERROR: ${report.message}\n` + (report.hints ?? []).map((h) => `HINT: ${h}\n`).join("");
      return head + (report.tail ? report.tail + "\n" : "");
    }
    if (e instanceof KernelError) return `ERROR: ${e.message}\n`;
    throw e;
  }
}

/**
 * A map as the prompt shows it: as print() does, except that an empty map, which bpftrace prints as
 * a bare blank line, says so.
 */
export function formatReplMap(dump: MapDump, top = 0): string {
  return dump.entries.length === 0 ? `${dump.name}: (empty)\n` : formatMap(dump, top);
}

/** The names of the maps a program mentions. */
function mapNames(program: Program | undefined): Set<string> {
  const names = new Set<string>();
  forEachNode(program, (n) => {
    if (n.kind === "MapAccess") names.add((n as MapAccess).name);
  });
  return names;
}

/** The one expression statement of `BEGIN{\n<input>\n}`, if that is what the input is. */
function singleExpression(program: Program | undefined): Expr | undefined {
  const probe = program?.items[0];
  if (!probe || probe.kind !== "Probe" || program!.items.length !== 1) return undefined;
  const stmts = probe.body.stmts;
  if (stmts.length !== 1 || stmts[0]!.kind !== "ExprStmt") return undefined;
  return stmts[0]!.expr;
}

/** Spans in `BEGIN{\n<input>\n}` → spans in the input. */
function unwrapSpan(s: Span): Span {
  const pos = (p: Span["start"]) => ({ offset: p.offset - 7, line: p.line - 1, col: p.col });
  return { file: s.file, start: pos(s.start), end: pos(s.end) };
}

function shiftSpan(s: Span, by: number, max: number): Span {
  const pos = (p: Span["start"]) => {
    const offset = Math.max(0, Math.min(max, p.offset + by));
    return { offset, line: 1, col: offset + 1 };
  };
  return { file: s.file, start: pos(s.start), end: pos(s.end) };
}

/** The first builtin in `e` that only means something inside a probe (pid, comm, args, ...). */
function findContextual(e: Expr): { name: string; span: Span } | undefined {
  const n = findNode<Expr>(e, (n) => n.kind === "Identifier" || n.kind === "Positional" || (n.kind === "Call" && findBuiltin(n.name as string)?.kind === "var"));
  if (n?.kind === "Positional") return { name: `$${n.index}`, span: n.span };
  return n && (n.kind === "Identifier" || n.kind === "Call") ? { name: n.name, span: n.span } : undefined;
}

function firstMapAccess(program: Program | undefined, name: string): MapAccess | undefined {
  return findNode<MapAccess>(program, (n) => n.kind === "MapAccess" && n.name === name);
}

function isLiteral(e: Expr): boolean {
  return e.kind === "IntLit" || e.kind === "StrLit" || (e.kind === "Unary" && e.op === "-" && e.operand.kind === "IntLit");
}

function literalValue(e: Expr): Value {
  if (e.kind === "IntLit") return { kind: "int", value: e.value, signed: true };
  if (e.kind === "StrLit") return { kind: "str", value: e.value };
  if (e.kind === "Unary" && e.operand.kind === "IntLit") return { kind: "int", value: -e.operand.value, signed: true };
  return { kind: "none" };
}

function sameValue(a: Value, b: Value): boolean {
  if (a.kind === "int" && b.kind === "int") return a.value === b.value;
  if (a.kind === "bool" && b.kind === "int") return BigInt(a.value) === b.value;
  if (a.kind === "str" && b.kind === "str") return a.value === b.value;
  return false;
}

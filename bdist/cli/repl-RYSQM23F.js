import {
  BUILTINS,
  Engine,
  RecordTable,
  SourceMap,
  UNTERMINATED_ANGLE,
  VerifierRejected,
  compile,
  findBuiltin,
  formatDisassembly,
  loadWithLiveFrames,
  parse,
  probeCount,
  renderDiagnostic
} from "./chunk-4PCJZBKA.js";
import {
  listProbes
} from "./chunk-XEICGBFP.js";
import {
  PROVIDERS,
  findProvider,
  globToRegExp,
  hasWildcard,
  openElfCached,
  resolveBinary,
  typeName
} from "./chunk-3IQTUW3X.js";
import {
  fromByteString
} from "./chunk-72TZQFLZ.js";
import {
  KernelError,
  closeFd,
  enableStats,
  progInfo
} from "./chunk-PJVS25R2.js";
import {
  formatExitMaps,
  formatMap,
  formatValue
} from "./chunk-C27BCDMD.js";
import "./chunk-7DQDWJI5.js";

// dist/repl/repl.js
import os from "node:os";
import path2 from "node:path";
import repl from "node:repl";

// dist/repl/commands.js
var COMMANDS = [
  { name: "help", args: "[topic]", help: "this list; .help providers, .help builtins, or .help NAME for one of them" },
  { name: "probes", args: "[glob]", help: "list the probes this kernel has, as ebt -l does, plus BEGIN/END" },
  { name: "attached", args: "", help: "the attached probe groups: id, hits and average run time, source" },
  { name: "detach", args: "N|all", help: "detach probe group N (running its END blocks), or all of them" },
  { name: "maps", args: "", help: "the session's maps: name, key and value types, entries" },
  { name: "print", args: "@map [top]", help: "print a map (only the top N entries)" },
  { name: "clear", args: "@map", help: "remove every entry of a map" },
  { name: "zero", args: "@map", help: "set every value of a map to zero" },
  { name: "watch", args: "@map [seconds]", help: "show a map live, refreshed every second (or N), until a key is pressed" },
  { name: "top", args: "", help: "a live view of every map and of each probe group's event rate, until a key is pressed" },
  { name: "disasm", args: "N", help: "the eBPF of probe group N" },
  { name: "save", args: "file.ebt", help: "write the attached probes as a script that `ebt file.ebt` runs" },
  { name: "load", args: "file.ebt", help: "compile and attach a script" },
  { name: "exit", args: "", help: "detach everything, run END blocks, print the maps and leave (also Ctrl-D)" }
];
function helpText(topic) {
  const t = topic?.trim();
  if (!t) {
    const w = Math.max(...COMMANDS.map((c) => c.name.length + c.args.length + 2));
    return "Type a probe to attach it, e.g.  tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }\nType a map (@name, @name[key]) to print it. Tab completes; Ctrl-C clears the line.\n\n" + COMMANDS.map((c) => `.${`${c.name} ${c.args}`.trim().padEnd(w)}  ${c.help}
`).join("");
  }
  if (t === "providers" || t === "probes")
    return PROVIDERS.map((p2) => `${[p2.name, ...p2.aliases].join(", ").padEnd(28)} ${p2.doc}
`).join("");
  if (t === "builtins" || t === "functions") {
    return BUILTINS.map((b2) => `${(b2.kind === "var" ? b2.name : `${b2.name}()`).padEnd(16)} ${b2.doc}
`).join("");
  }
  const name = t.replace(/^\./, "").replace(/\(\)$/, "");
  const cmd = COMMANDS.find((c) => c.name === name);
  if (cmd)
    return `.${cmd.name} ${cmd.args}
    ${cmd.help}
`;
  const p = findProvider(name);
  if (p)
    return `${[p.name, ...p.aliases].join(", ")}
    ${p.doc}
`;
  const b = findBuiltin(name);
  if (b)
    return `${b.kind === "var" ? b.name : `${b.name}()`}
    ${b.doc}
`;
  return `ERROR: no help for '${t}' (try .help, .help providers, .help builtins)
`;
}
function probesText(kernel, glob) {
  const g = glob?.trim();
  const special = ["BEGIN", "END"].filter((n) => !g || globToRegExp(g.includes(":") ? g : `*${g}*`).test(n));
  const listed = g === "BEGIN" || g === "END" ? [] : listProbes(kernel, g && !g.includes(":") && !hasWildcard(g) ? `*${g}*` : g, false);
  const names = [...special, ...listed.map((p) => p.name)];
  return names.map((n) => n + "\n").join("") || `no probe matches ${g}
`;
}
function attachedText(session) {
  const stats = session.stats();
  if (stats.length === 0)
    return "nothing is attached\n";
  const rows = stats.map((s) => [
    `[${s.id}]`,
    s.hits === void 0 ? "-" : s.hits.toString(),
    s.avgNs === void 0 ? "-" : `${s.avgNs}ns`,
    s.source.replace(/\s*\n\s*/g, " ")
  ]);
  const head = ["id", "hits", "avg", "source"];
  const w = [0, 1, 2].map((i) => Math.max(head[i].length, ...rows.map((r) => r[i].length)));
  const line = (r) => `${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padStart(w[2])}  ${r[3]}
`;
  return line(head) + rows.map(line).join("");
}
function mapsText(session) {
  if (session.maps.size === 0)
    return "no maps yet\n";
  return [...session.maps.values()].sort((a, b) => a.name < b.name ? -1 : 1).map((m) => {
    const dump = session.readMap(m.name);
    const keys = m.keys.length ? `[${m.keys.map(typeName).join(", ")}]` : "";
    const value = m.value.kind === "agg" ? `${m.value.agg}()` : typeName(m.value);
    const n = dump.entries.length;
    return `${m.name}${keys}: ${value}, ${n} entr${n === 1 ? "y" : "ies"}
`;
  }).join("");
}
function parseMapArg(arg) {
  const m = /^\s*(@[A-Za-z0-9_]*)\s*(\d+(?:\.\d+)?)?\s*$/.exec(arg);
  if (!m)
    return void 0;
  return { name: m[1], n: m[2] === void 0 ? void 0 : Number(m[2]) };
}
function printText(session, arg) {
  const a = parseMapArg(arg);
  if (!a)
    return "ERROR: usage: .print @map [top]\n";
  const dump = session.readMap(a.name);
  if (!dump)
    return `ERROR: Undefined map: ${a.name}
`;
  return formatMap(dump, a.n ?? 0);
}

// dist/repl/complete-uprobe.js
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
var UPROBE_NAMES = /* @__PURE__ */ new Set(["uprobe", "u", "uretprobe", "ur"]);
function uprobeWord(line) {
  const m = /(?:^|[\s,{}])((\w+):[^\s,{}]*)$/.exec(line);
  return m && UPROBE_NAMES.has(m[2]) ? m[1] : void 0;
}
function completeUprobe(word) {
  const colon = word.indexOf(":");
  const provider = word.slice(0, colon);
  const rest = word.slice(colon + 1);
  const split = rest.lastIndexOf(":");
  return split < 0 ? completePath(provider, rest) : completeFunction(provider, rest.slice(0, split), rest.slice(split + 1));
}
function completePath(provider, typed) {
  const slash = typed.lastIndexOf("/");
  const dirTyped = typed.slice(0, slash + 1);
  const base = typed.slice(slash + 1);
  const dir = dirTyped === "" ? "." : dirTyped;
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out = [];
  for (const name of names) {
    if (!name.startsWith(base) || name.startsWith(".") && !base.startsWith("."))
      continue;
    let isDir;
    try {
      isDir = statSync(path.join(dir, name)).isDirectory();
    } catch {
      continue;
    }
    out.push(`${provider}:${dirTyped}${name}${isDir ? "/" : ":"}`);
  }
  return out.sort();
}
function completeFunction(provider, binary, prefix) {
  const file = resolveBinary(binary, void 0);
  if (!file)
    return [];
  let names;
  try {
    names = openElfCached(file).functions().map((f) => f.name);
  } catch {
    return [];
  }
  return [...new Set(names)].filter((n) => n.startsWith(prefix)).sort().map((n) => `${provider}:${binary}:${n}`);
}

// dist/repl/complete.js
var TRACEPOINT_NAMES = /* @__PURE__ */ new Set(["tracepoint", "t", "tp"]);
var RAW_TRACEPOINT_NAMES = /* @__PURE__ */ new Set(["rawtracepoint", "rt", "raw_tp", "raw_tracepoint"]);
function complete(line, src) {
  if (/^\s*\.\w*$/.test(line)) {
    const word2 = line.trim();
    return [src.commands.map((c) => "." + c).filter((c) => c.startsWith(word2)), word2];
  }
  const uprobe = uprobeWord(line);
  if (uprobe !== void 0)
    return [completeUprobe(uprobe), uprobe];
  const word = /[A-Za-z0-9_:@*.$-]*$/.exec(line)[0];
  if (word.startsWith("@"))
    return [[...src.maps()].filter((m) => m.startsWith(word)).sort(), word];
  const parts = word.split(":");
  if (parts.length === 2 && TRACEPOINT_NAMES.has(parts[0])) {
    const cats = new Set(src.kernel.listTracepoints().map((t) => t.category));
    return [[...cats].filter((c) => c.startsWith(parts[1])).sort().map((c) => `${parts[0]}:${c}:`), word];
  }
  if (parts.length === 3 && TRACEPOINT_NAMES.has(parts[0])) {
    const events = src.kernel.listTracepoints().filter((t) => t.category === parts[1] && t.event.startsWith(parts[2]));
    return [events.map((t) => `${parts[0]}:${t.category}:${t.event}`).sort(), word];
  }
  if (parts.length === 2 && RAW_TRACEPOINT_NAMES.has(parts[0])) {
    const events = new Set(src.kernel.listTracepoints().map((t) => t.event).filter((e) => e.startsWith(parts[1])));
    return [[...events].sort().map((e) => `${parts[0]}:${e}`), word];
  }
  if (parts.length > 1)
    return [[], word];
  const words = /* @__PURE__ */ new Set();
  for (const p of PROVIDERS)
    for (const n of [p.name, ...p.aliases])
      if (n.length > 2)
        words.add(p.runOnce ? n : `${n}:`);
  for (const b of BUILTINS)
    words.add(b.kind === "var" ? b.name : `${b.name}(`);
  return [[...words].filter((w) => w.startsWith(word)).sort(), word];
}

// dist/repl/prompt-writer.js
import readline from "node:readline";
var PARTIAL_LINE_MS = 200;
var MAX_PENDING_BYTES = 1 << 20;
var PromptWriter = class {
  out;
  terminal;
  pending = "";
  scheduled = false;
  partialTimer;
  skipped = 0;
  /** While an input is being evaluated no prompt is shown, so output goes straight out. */
  busy = true;
  /** Set while a live view (.watch, .top) owns the screen: events wait until it ends. */
  held = false;
  rl;
  constructor(out, terminal) {
    this.out = out;
    this.terminal = terminal;
  }
  write(text) {
    if (text === "")
      return;
    this.pending += text;
    if (this.pending.length > MAX_PENDING_BYTES)
      this.shed();
    if (this.busy && !this.held)
      return this.flush(true);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush(false);
      });
    }
  }
  /** Writes what is pending; `all` includes a last line that has no newline yet. */
  flush(all) {
    if (this.held)
      return;
    const cut = all ? this.pending.length : this.pending.lastIndexOf("\n") + 1;
    let text = this.pending.slice(0, cut);
    if (this.skipped > 0) {
      text = `[ebt: ${this.skipped} lines skipped to keep up]
` + text;
      this.skipped = 0;
    }
    this.pending = this.pending.slice(cut);
    if (this.pending && !this.partialTimer) {
      this.partialTimer = setTimeout(() => {
        this.partialTimer = void 0;
        if (this.pending)
          this.write("\n");
      }, PARTIAL_LINE_MS);
    }
    if (!text)
      return;
    if (this.busy || !this.rl || !this.terminal) {
      this.out.write(text);
      return;
    }
    readline.cursorTo(this.out, 0);
    readline.clearScreenDown(this.out);
    this.out.write(text);
    this.redrawPrompt();
  }
  /** Drops the oldest half of what waits, at a line boundary, and says how many lines went. */
  shed() {
    const cut = this.pending.indexOf("\n", this.pending.length - MAX_PENDING_BYTES / 2) + 1;
    if (cut <= 0)
      return;
    let lines = 0;
    for (let i = this.pending.indexOf("\n"); i >= 0 && i < cut; i = this.pending.indexOf("\n", i + 1))
      lines++;
    this.skipped += lines;
    this.pending = this.pending.slice(cut);
  }
  redrawPrompt() {
    const rl = this.rl;
    if (!rl)
      return;
    if (rl.displayPrompt)
      rl.displayPrompt(true);
    else
      rl.prompt(true);
  }
  close() {
    clearTimeout(this.partialTimer);
    this.partialTimer = void 0;
  }
};

// dist/repl/repl-session.js
import { readFileSync, writeFileSync } from "node:fs";
var ReplSession = class {
  kernel;
  out;
  onExit;
  engine;
  records = new RecordTable();
  mapInfos = /* @__PURE__ */ new Map();
  groups = [];
  nextId = 1;
  inputs = 0;
  statsFd;
  exitRequested = false;
  constructor(kernel, out, onExit) {
    this.kernel = kernel;
    this.out = out;
    this.onExit = onExit;
    this.engine = new Engine(this.records.layouts, out, () => {
      if (this.exitRequested)
        return;
      this.exitRequested = true;
      queueMicrotask(() => this.onExit());
    });
    try {
      this.statsFd = enableStats();
    } catch {
      this.statsFd = void 0;
    }
  }
  get attached() {
    return this.groups;
  }
  get maps() {
    return this.mapInfos;
  }
  /** Compiles, loads and attaches a program typed at the prompt (or loaded from a file). */
  submit(source, file = `stdin`) {
    this.inputs++;
    let result;
    const firstRecord = this.records.layouts.length;
    try {
      result = compile(source, file, this.kernel, { session: { maps: this.mapInfos, records: this.records } });
    } catch (e) {
      if (e instanceof KernelError)
        return { text: `ERROR: ${e.message}
`, error: true };
      throw e;
    }
    const diagText = result.diagnostics.items.map((d) => renderDiagnostic(d, result.sources)).join("");
    if (!result.plan)
      return { text: diagText, error: true };
    const { plan } = result;
    const conflict = this.mapConflict(plan, source, file);
    if (conflict)
      return { text: diagText + renderDiagnostic(conflict, result.sources), error: true };
    let group;
    try {
      this.engine.addMaps(plan.maps);
      for (const m of plan.maps)
        if (m.info && !this.mapInfos.has(m.name))
          this.mapInfos.set(m.name, m.info);
      this.engine.startReader();
      group = this.engine.load(plan);
    } catch (e) {
      return { text: diagText + this.kernelFailure(e, result.sources), error: true };
    }
    try {
      this.engine.runOnce(group, "begin", false);
      this.engine.attach(group);
    } catch (e) {
      this.engine.unload(group);
      this.engine.discardFrom(firstRecord);
      return { text: diagText + this.kernelFailure(e, result.sources), error: true };
    }
    const attachable = plan.programs.filter((p) => !p.runOnce).length;
    const hasEnd = plan.programs.some((p) => p.runOnce === "end");
    const iterator = plan.programs.some((p) => p.target.provider.iterator);
    const kept = !iterator && (attachable > 0 || hasEnd);
    const entry = { id: kept ? this.nextId++ : 0, source: source.trim(), plan, sources: result.sources, group };
    if (kept)
      this.groups.push(entry);
    this.out.attached(probeCount(plan));
    this.engine.flushOnce();
    if (iterator) {
      this.engine.iterate(group);
      this.engine.detach(group);
      this.engine.runOnce(group, "end");
      this.engine.unload(group);
      return { text: diagText };
    }
    if (attachable === 0 && !hasEnd) {
      this.engine.unload(group);
      return { text: diagText };
    }
    return { text: diagText + `[${entry.id}] attached
` };
  }
  /**
   * A bare expression at the prompt. Map reads are answered from user space; anything that needs a
   * probe's context is refused with a message that says so; other expressions run once in BEGIN.
   * Undefined when the input is not one expression.
   */
  evaluate(input) {
    const wrapped = `BEGIN{
${input}
}`;
    const sm = new SourceMap("stdin", input);
    const sources = /* @__PURE__ */ new Map([["stdin", sm]]);
    const parsed = parse(wrapped, "stdin");
    const expr = singleExpression(parsed.program);
    if (!expr)
      return void 0;
    const fix = (span) => unwrapSpan(span);
    const contextual = findContextual(expr);
    if (contextual) {
      const message = contextual.name.startsWith("$") ? `${contextual.name}: the REPL has no positional parameters (they come from the command line of \`ebt script.ebt args...\`)` : `${contextual.name} needs a probe context: use it inside a probe, e.g. tracepoint:syscalls:sys_enter_write { print(${contextual.name}); }`;
      const d = { severity: "error", span: fix(contextual.span), message };
      return { text: renderDiagnostic(d, sources), error: true };
    }
    if (expr.kind === "MapAccess" && expr.keys.every(isLiteral)) {
      if (!this.mapInfos.has(expr.name)) {
        return { text: renderDiagnostic({ severity: "error", span: fix(expr.span), message: `Undefined map: ${expr.name}` }, sources), error: true };
      }
      const dump = this.engine.readMap(expr.name);
      if (expr.keys.length === 0)
        return { text: formatMap(dump) };
      const want = expr.keys.map(literalValue);
      const entries = dump.entries.filter((e) => e.key.length === want.length && e.key.every((k, i) => sameValue(k, want[i])));
      if (entries.length === 0)
        return { text: `${expr.name}[${input.slice(input.indexOf("[") + 1, input.lastIndexOf("]"))}]: (no entry)
` };
      return { text: formatMap({ ...dump, entries }) };
    }
    return this.submitQuiet(`BEGIN { print(${input}); }`, input);
  }
  /**
   * Statements typed at the prompt (`@x = 5`, `clear(@m)`) run once, as the body of a BEGIN block;
   * errors point into what was typed.
   */
  runStatements(input) {
    const wrapped = `BEGIN{
${input}
}`;
    const result = compile(wrapped, "stdin", this.kernel, { session: { maps: this.mapInfos, records: this.records } });
    const sources = /* @__PURE__ */ new Map([["stdin", new SourceMap("stdin", input)]]);
    const diagText = result.diagnostics.items.map((d) => renderDiagnostic({ ...d, span: unwrapSpan(d.span) }, sources)).join("");
    if (!result.plan)
      return { text: diagText, error: true };
    const conflict = this.mapConflict(result.plan, wrapped, "stdin");
    if (conflict)
      return { text: diagText + renderDiagnostic({ ...conflict, span: unwrapSpan(conflict.span) }, sources), error: true };
    try {
      this.engine.addMaps(result.plan.maps);
      for (const m of result.plan.maps)
        if (m.info && !this.mapInfos.has(m.name))
          this.mapInfos.set(m.name, m.info);
      this.engine.startReader();
      const group = this.engine.load(result.plan);
      this.engine.runOnce(group, "begin");
      this.engine.unload(group);
    } catch (e) {
      return { text: diagText + this.kernelFailure(e, sources), error: true };
    }
    return { text: diagText };
  }
  /** Per group: probes, hits and average run time from the kernel's BPF statistics. */
  stats() {
    return this.groups.map((g) => {
      const s = { id: g.id, source: g.source, probes: g.plan.programs.length };
      if (this.statsFd === void 0)
        return s;
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
  detach(which) {
    const targets = which === "all" ? [...this.groups] : this.groups.filter((g) => g.id === which);
    if (targets.length === 0)
      return { text: which === "all" ? "nothing is attached\n" : `ERROR: no probe group ${which} (see .attached)
`, error: which !== "all" };
    for (const g of targets) {
      this.engine.detach(g.group);
      this.engine.drain();
      this.engine.runOnce(g.group, "end");
      this.engine.unload(g.group);
      this.groups.splice(this.groups.indexOf(g), 1);
    }
    return { text: targets.map((g) => `[${g.id}] detached
`).join("") };
  }
  disasm(id) {
    const g = this.groups.find((x) => x.id === id);
    if (!g)
      return { text: `ERROR: no probe group ${id} (see .attached)
`, error: true };
    return { text: formatDisassembly(g.plan, g.sources) };
  }
  /** The attached probes as a script `ebt file` runs. */
  save(path3) {
    const text = this.groups.map((g) => g.source + "\n").join("");
    try {
      writeFileSync(path3, text);
    } catch (e) {
      return { text: `ERROR: failed to write ${path3}: ${e.message}
`, error: true };
    }
    return { text: `saved ${this.groups.length} probe group${this.groups.length === 1 ? "" : "s"} to ${path3}
` };
  }
  load(path3) {
    let source;
    try {
      source = readFileSync(path3, "utf8");
    } catch (e) {
      return { text: `ERROR: failed to read ${path3}: ${e.message}
`, error: true };
    }
    return this.submit(source.replace(/^#!.*/, ""), path3);
  }
  readMap(name) {
    return this.mapInfos.has(name) ? this.engine.readMap(name) : void 0;
  }
  /** Detaches everything, runs END blocks, prints every map, closes every fd. */
  finish() {
    for (const g of this.groups)
      this.engine.detach(g.group);
    this.engine.drain();
    for (const g of this.groups)
      this.engine.runOnce(g.group, "end");
    this.engine.drain();
    const lost = this.engine.lostEvents();
    if (lost > 0)
      this.out.lostEvents(lost);
    this.out.exitMaps(this.engine.languageMaps().map((m) => this.engine.readMap(m.name)));
    for (const g of this.groups.splice(0))
      this.engine.unload(g.group);
    this.engine.close();
    if (this.statsFd !== void 0)
      closeFd(this.statsFd);
    this.statsFd = void 0;
  }
  submitQuiet(source, shown) {
    const result = compile(source, "stdin", this.kernel, { session: { maps: this.mapInfos, records: this.records } });
    if (!result.plan) {
      const sm = /* @__PURE__ */ new Map([["stdin", new SourceMap("stdin", shown)]]);
      const shift = "BEGIN { print(".length;
      return {
        text: result.diagnostics.items.map((d) => renderDiagnostic({ ...d, span: shiftSpan(d.span, -shift, shown.length) }, sm)).join(""),
        error: true
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
  mapConflict(plan, source, file) {
    for (const m of plan.maps) {
      const old = this.engine.mapPlan(m.name);
      const before = this.mapInfos.get(m.name);
      if (!old || !before || !m.info)
        continue;
      if (old.spec.keySize === m.spec.keySize && old.spec.valueSize === m.spec.valueSize && old.spec.type === m.spec.type) {
        before.value = m.info.value;
        before.keys = m.info.keys;
        continue;
      }
      const span = firstMapAccess(parse(source, file).program, m.name)?.span ?? before.span;
      return {
        severity: "error",
        span,
        message: `Type mismatch for ${m.name}: this session's map holds ${typeName(before.value)}, this program makes it ${typeName(m.info.value)}`
      };
    }
    return void 0;
  }
  kernelFailure(e, sources) {
    if (e instanceof VerifierRejected) {
      const { report } = e;
      const head = report.span ? renderDiagnostic({ severity: "error", span: report.span, message: report.message, hints: report.hints }, sources) : `ERROR: ${report.message}
` + (report.hints ?? []).map((h) => `HINT: ${h}
`).join("");
      return head + (report.tail ? report.tail + "\n" : "");
    }
    if (e instanceof KernelError)
      return `ERROR: ${e.message}
`;
    throw e;
  }
};
function singleExpression(program) {
  const probe = program?.items[0];
  if (!probe || probe.kind !== "Probe" || program.items.length !== 1)
    return void 0;
  const stmts = probe.body.stmts;
  if (stmts.length !== 1 || stmts[0].kind !== "ExprStmt")
    return void 0;
  return stmts[0].expr;
}
function unwrapSpan(s) {
  const pos = (p) => ({ offset: p.offset - 7, line: p.line - 1, col: p.col });
  return { file: s.file, start: pos(s.start), end: pos(s.end) };
}
function shiftSpan(s, by, max) {
  const pos = (p) => {
    const offset = Math.max(0, Math.min(max, p.offset + by));
    return { offset, line: 1, col: offset + 1 };
  };
  return { file: s.file, start: pos(s.start), end: pos(s.end) };
}
function findContextual(e) {
  let found;
  walk(e, (n) => {
    if (found)
      return;
    if (n.kind === "Identifier")
      found = { name: n.name, span: n.span };
    else if (n.kind === "Call" && findBuiltin(n.name)?.kind === "var")
      found = { name: n.name, span: n.span };
    else if (n.kind === "Positional")
      found = { name: `$${n.index}`, span: n.span };
  });
  return found;
}
function firstMapAccess(program, name) {
  let found;
  if (program)
    walk(program, (n) => {
      if (!found && n.kind === "MapAccess" && n.name === name)
        found = n;
    });
  return found;
}
function walk(root, visit) {
  if (Array.isArray(root))
    return root.forEach((x) => walk(x, visit));
  if (!root || typeof root !== "object")
    return;
  const node = root;
  if (typeof node.kind === "string")
    visit(node);
  for (const [k, v] of Object.entries(node))
    if (k !== "span" && v && typeof v === "object")
      walk(v, visit);
}
function isLiteral(e) {
  return e.kind === "IntLit" || e.kind === "StrLit" || e.kind === "Unary" && e.op === "-" && e.operand.kind === "IntLit";
}
function literalValue(e) {
  if (e.kind === "IntLit")
    return { kind: "int", value: e.value, signed: true };
  if (e.kind === "StrLit")
    return { kind: "str", value: e.value };
  if (e.kind === "Unary" && e.operand.kind === "IntLit")
    return { kind: "int", value: -e.operand.value, signed: true };
  return { kind: "none" };
}
function sameValue(a, b) {
  if (a.kind === "int" && b.kind === "int")
    return a.value === b.value;
  if (a.kind === "bool" && b.kind === "int")
    return BigInt(a.value) === b.value;
  if (a.kind === "str" && b.kind === "str")
    return a.value === b.value;
  return false;
}

// dist/repl/scan.js
var CLOSER = { "}": "{", ")": "(", "]": "[" };
function scanOpen(text) {
  const open = [];
  let inString = false;
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inComment) {
      if (c === "*" && text[i + 1] === "/") {
        inComment = false;
        i++;
      }
    } else if (inString) {
      if (c === "\\")
        i++;
      else if (c === '"')
        inString = false;
    } else if (c === '"')
      inString = true;
    else if (c === "/" && text[i + 1] === "*") {
      inComment = true;
      i++;
    } else if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      if (nl < 0)
        break;
      i = nl;
    } else if (c === "{" || c === "(" || c === "[")
      open.push(c);
    else if (CLOSER[c]) {
      if (open.pop() !== CLOSER[c])
        return { depth: 0, inString: false, inComment: false };
    }
  }
  return { depth: open.length, inString, inComment };
}
function isUnfinished(text) {
  const o = scanOpen(text);
  return o.depth > 0 || o.inString || o.inComment;
}
function joinContinuedStrings(text) {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString && c === "\\") {
      out += c + (text[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"')
      inString = !inString;
    out += inString && c === "\n" ? "\\n" : c;
  }
  return out;
}

// dist/repl/repl.js
var ReplOutput = class {
  w;
  constructor(w) {
    this.w = w;
  }
  attached(n) {
    this.w.write(`Attached ${n} probe${n === 1 ? "" : "s"}
`);
  }
  /** Data arrives as byte strings (util/byte-strings.ts); the terminal shows it as UTF-8. */
  printf(text) {
    this.w.write(fromByteString(text));
  }
  value(v) {
    this.w.write(fromByteString(formatValue(v) + "\n"));
  }
  map(m, top, div) {
    this.w.write(fromByteString(formatMap(m, top, div)));
  }
  exitMaps(maps) {
    this.w.write(fromByteString(formatExitMaps(maps)));
  }
  lostEvents(n) {
    this.w.write(`Lost ${n} events
`);
  }
  warning(text) {
    this.w.write(text);
  }
};
function looksLikeAttachPoints(text) {
  return text.split(",").every((ap) => {
    const m = /^\s*([A-Za-z_]+)(:\S*)?\s*$/.exec(ap);
    return m !== null && findProvider(m[1]) !== void 0;
  });
}
function runRepl(opts) {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const terminal = Boolean(output.isTTY && input.isTTY);
  const writer = new PromptWriter(output, terminal);
  let server;
  let finished = false;
  let resolveDone;
  const done = new Promise((r) => resolveDone = r);
  const session = new ReplSession(opts.kernel, new ReplOutput(writer), () => server?.close());
  let liveView;
  const show = (r) => writer.write(typeof r === "string" ? r : r.text);
  const evaluate = (cmd, _ctx, _file, cb) => {
    const text = cmd.replace(/\n$/, "");
    if (text.trim() === "")
      return cb(null);
    if (isUnfinished(text))
      return cb(new repl.Recoverable(new Error("unfinished input")));
    writer.busy = true;
    try {
      const reply = evalInput(joinContinuedStrings(text));
      if (reply === "more") {
        writer.busy = false;
        return cb(new repl.Recoverable(new Error("unfinished probe")));
      }
      show(reply);
    } catch (e) {
      show(`ERROR: internal error (this is an ebt bug): ${e.stack ?? e}
`);
    }
    writer.flush(true);
    writer.busy = false;
    cb(null);
  };
  const evalInput = (text) => {
    const parsed = parse(text, "stdin");
    if (parsed.program)
      return session.submit(text);
    const d = parsed.diagnostics[0];
    const waiting = d !== void 0 && (d.message === UNTERMINATED_ANGLE || d.span.start.offset >= text.trimEnd().length);
    if (waiting && looksLikeAttachPoints(text))
      return "more";
    const expr = session.evaluate(text);
    if (expr)
      return expr;
    if (parse(`BEGIN{
${text}
}`, "stdin").program)
      return session.runStatements(text);
    if (waiting)
      return "more";
    return session.submit(text);
  };
  const finish = () => {
    if (finished)
      return;
    finished = true;
    liveView?.stop();
    writer.busy = true;
    writer.held = false;
    try {
      session.finish();
    } finally {
      writer.flush(true);
      writer.close();
      resolveDone(0);
    }
  };
  if (terminal)
    output.write("ebt: type a probe to attach it, a @map to print it, .help for commands, Ctrl-D to leave\n");
  server = repl.start({
    prompt: "ebt> ",
    input,
    output,
    terminal,
    eval: evaluate,
    ignoreUndefined: true,
    completer: (line) => complete(line, { commands: COMMANDS.map((c) => c.name), maps: () => session.maps.keys(), kernel: opts.kernel }),
    preview: false
  });
  writer.rl = server;
  writer.busy = false;
  for (const builtin of ["break", "clear", "editor", "help", "load", "save", "exit"])
    delete server.commands[builtin];
  const command = (name, action) => {
    server.defineCommand(name, {
      help: COMMANDS.find((c) => c.name === name)?.help ?? "",
      action(arg) {
        writer.busy = true;
        let r;
        try {
          r = action(arg);
        } catch (e) {
          r = `ERROR: internal error (this is an ebt bug): ${e.stack ?? e}
`;
        }
        const after = () => {
          writer.busy = false;
          if (!finished)
            server.displayPrompt();
        };
        if (r instanceof Promise)
          return void r.then(after, (e) => (show(`ERROR: ${e.message}
`), after()));
        if (r)
          show(r);
        writer.flush(true);
        after();
      }
    });
  };
  const mapCommand = (name, act) => command(name, (arg) => {
    const a = parseMapArg(arg);
    if (!a)
      return `ERROR: usage: .${name} @map
`;
    if (!session.maps.has(a.name))
      return `ERROR: Undefined map: ${a.name}
`;
    return act(a.name);
  });
  command("help", (arg) => helpText(arg));
  command("probes", (arg) => probesText(opts.kernel, arg));
  command("attached", () => attachedText(session));
  command("detach", (arg) => {
    const a = arg.trim();
    if (a === "all")
      return session.detach("all").text;
    if (!/^\d+$/.test(a))
      return "ERROR: usage: .detach N|all\n";
    return session.detach(Number(a)).text;
  });
  command("maps", () => mapsText(session));
  command("print", (arg) => printText(session, arg));
  mapCommand("clear", (m) => (session.engine.clearMap(m), ""));
  mapCommand("zero", (m) => (session.engine.zeroMap(m), ""));
  command("disasm", (arg) => /^\s*\d+\s*$/.test(arg) ? session.disasm(Number(arg)).text : "ERROR: usage: .disasm N\n");
  command("save", (arg) => arg.trim() ? session.save(arg.trim()).text : "ERROR: usage: .save file.ebt\n");
  command("load", (arg) => arg.trim() ? session.load(arg.trim()).text : "ERROR: usage: .load file.ebt\n");
  command("exit", () => void server.close());
  const live = (kind) => (arg) => {
    let map;
    let seconds = 1;
    if (kind === "watch") {
      const a = parseMapArg(arg);
      if (!a)
        return "ERROR: usage: .watch @map [seconds]\n";
      if (!session.maps.has(a.name))
        return `ERROR: Undefined map: ${a.name}
`;
      map = a.name;
      seconds = a.n && a.n > 0 ? a.n : 1;
    }
    return runLiveView(kind, map, seconds);
  };
  command("watch", live("watch"));
  command("top", live("top"));
  const runLiveView = async (kind, map, seconds) => {
    const { startLiveView } = await loadWithLiveFrames(() => import("./live-view-3DCNB63X.js"));
    writer.held = true;
    const stdin = input;
    const keypressListeners = stdin.listeners("keypress");
    for (const l of keypressListeners)
      stdin.removeListener("keypress", l);
    await new Promise((resolve) => {
      const view = startLiveView({ kind, map, seconds, session, stdout: output });
      const stop = () => {
        stdin.removeListener("keypress", onKey);
        stdin.removeListener("data", onData);
        view.stop();
        liveView = void 0;
        resolve();
      };
      liveView = { stop };
      const onKey = () => stop();
      const onData = () => {
        if (!terminal)
          stop();
      };
      stdin.on("keypress", onKey);
      stdin.on("data", onData);
    });
    for (const l of keypressListeners)
      stdin.on("keypress", l);
    writer.held = false;
  };
  const history = process.env.EBT_HISTORY ?? opts.historyFile ?? path2.join(os.homedir(), ".ebt_history");
  if (history && terminal)
    server.setupHistory(history, () => {
    });
  server.on("exit", finish);
  server.removeAllListeners("SIGINT");
  server.on("SIGINT", () => {
    server.clearLine();
    server.clearBufferedCommand();
    server.displayPrompt();
  });
  const onTerm = () => server.close();
  process.on("SIGTERM", onTerm);
  return done.finally(() => process.off("SIGTERM", onTerm));
}
export {
  runRepl
};

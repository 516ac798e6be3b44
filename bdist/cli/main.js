#!/usr/bin/env node
import {
  Engine,
  VerifierRejected,
  compile,
  formatDisassembly,
  loadWithLiveFrames,
  probeCount,
  renderDiagnostic,
  scriptArguments
} from "./chunk-4PCJZBKA.js";
import {
  BTF_KIND,
  funcParams,
  kernelBtf,
  listTracepoints,
  tracepointFormat
} from "./chunk-3IQTUW3X.js";
import {
  toByteString
} from "./chunk-72TZQFLZ.js";
import {
  KernelError
} from "./chunk-PJVS25R2.js";
import {
  formatExitMaps,
  formatMap,
  formatValue,
  histBucketRange,
  sorted
} from "./chunk-C27BCDMD.js";
import "./chunk-7DQDWJI5.js";

// dist/cli/main.js
import { readFileSync as readFileSync3 } from "node:fs";
import { createRequire } from "node:module";

// dist/runtime/kernel/kernel-functions.js
import { readFileSync } from "node:fs";
function parseFilterFunctions(text) {
  const out = [];
  for (const line of text.split("\n")) {
    const m = /^(\S+)(?:\s+\[(\S+)\])?/.exec(line);
    if (!m || m[1].startsWith("__ftrace_invalid_address"))
      continue;
    out.push(m[2] ? { name: m[1], module: m[2] } : { name: m[1] });
  }
  return out;
}
function parseKallsymsFunctions(text) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const line of text.split("\n")) {
    const m = /^[0-9a-f]+ ([tT]) (\S+)(?:\s+\[(\S+)\])?/.exec(line);
    if (!m)
      continue;
    const name = m[2];
    const module = m[3];
    if (name.startsWith("__pfx_") || name.includes(".cold") || module?.startsWith("__builtin__") || module === "bpf")
      continue;
    const key = `${module ?? ""}:${name}`;
    if (seen.has(key))
      continue;
    seen.add(key);
    out.push(module ? { name, module } : { name });
  }
  return out;
}
var TRACEFS_FILTER_FUNCTIONS = "/sys/kernel/tracing/available_filter_functions";
function listKernelFunctions() {
  try {
    const list = parseFilterFunctions(readFileSync(TRACEFS_FILTER_FUNCTIONS, "utf8"));
    if (list.length > 0)
      return list;
  } catch {
  }
  return parseKallsymsFunctions(readFileSync("/proc/kallsyms", "utf8"));
}

// dist/runtime/kernel-info.js
var LiveKernelInfo = class {
  formats = /* @__PURE__ */ new Map();
  tracepoints;
  functions;
  rawTps;
  tracepointFormat(category, event) {
    const key = `${category}:${event}`;
    if (!this.formats.has(key)) {
      let format;
      try {
        format = tracepointFormat(category, event);
      } catch (e) {
        if (!(e instanceof KernelError && e.code === "ENOENT"))
          throw e;
        format = void 0;
      }
      this.formats.set(key, format);
    }
    return this.formats.get(key);
  }
  listTracepoints() {
    this.tracepoints ??= listTracepoints();
    return this.tracepoints;
  }
  kernelFunctions() {
    this.functions ??= listKernelFunctions();
    return this.functions;
  }
  rawTracepoints() {
    if (!this.rawTps) {
      this.rawTps = [];
      const btf = kernelBtf();
      if (btf) {
        for (const [, name] of btf.ofKind(BTF_KIND.TYPEDEF))
          if (name.startsWith("btf_trace_"))
            this.rawTps.push(name.slice(10));
      }
    }
    return this.rawTps;
  }
  rawTracepointParams(event) {
    const btf = kernelBtf();
    return (btf && funcParams(btf, `__probestub_${event}`)?.slice(1)) ?? [];
  }
};

// dist/runtime/output/json.js
import { closeSync as closeSync2, openSync as openSync2 } from "node:fs";

// dist/runtime/output/output.js
import { closeSync, openSync, writeSync } from "node:fs";
var TextOutput = class {
  opts;
  dataFd;
  ownsFd;
  /** Data held back while a batch runs (see batch()). */
  pending;
  constructor(opts = {}) {
    this.opts = opts;
    this.ownsFd = opts.outputFile !== void 0;
    this.dataFd = opts.outputFile !== void 0 ? openSync(opts.outputFile, "w") : 1;
  }
  data(text) {
    if (text === "")
      return;
    if (this.pending) {
      this.pending.push(text);
      return;
    }
    if (!this.ownsFd && this.opts.stdout)
      this.opts.stdout.write(Buffer.from(text, "latin1"));
    else
      writeAll(this.dataFd, text, "latin1");
  }
  batch(fn) {
    if (this.pending)
      return fn();
    this.pending = [];
    try {
      fn();
    } finally {
      const text = this.pending.join("");
      this.pending = void 0;
      this.data(text);
    }
  }
  status(text) {
    if (this.opts.stderr)
      this.opts.stderr.write(text);
    else
      writeAll(2, text);
  }
  /** Current bpftrace's status line, on stderr (0.17 printed `Attaching N probes...` on stdout). */
  attached(n) {
    if (!this.opts.quiet)
      this.status(`Attached ${n} probe${n === 1 ? "" : "s"}
`);
  }
  printf(text) {
    this.data(text);
  }
  value(v) {
    this.data(formatValue(v) + "\n");
  }
  map(m, top, div) {
    this.data(formatMap(m, top, div));
  }
  exitMaps(maps) {
    this.data(formatExitMaps(maps));
  }
  lostEvents(n) {
    this.status(`Lost ${n} events
`);
  }
  warning(text) {
    this.status(text);
  }
  close() {
    if (this.ownsFd && this.dataFd >= 0) {
      closeSync(this.dataFd);
      this.dataFd = -1;
    }
  }
};
function writeAll(fd, text, encoding = "utf8") {
  const buf = Buffer.from(text, encoding);
  for (let off = 0; off < buf.length; ) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if (e.code !== "EAGAIN")
        throw e;
    }
  }
}

// dist/runtime/output/json.js
function jsonString(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"')
      out += '\\"';
    else if (ch === "\\")
      out += "\\\\";
    else if (ch === "\n")
      out += "\\n";
    else if (ch === "\r")
      out += "\\r";
    else if (ch === "	")
      out += "\\t";
    else if (c <= 31)
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    else
      out += ch;
  }
  return out + '"';
}
function jsonValue(v) {
  switch (v.kind) {
    case "int":
      return v.value.toString();
    case "bool":
      return v.value ? "true" : "false";
    case "str":
      return jsonString(v.value);
    case "tuple":
      if (v.names)
        return `{${v.elems.map((e, i) => `${jsonString(v.names[i])}: ${jsonValue(e)}`).join(", ")}}`;
      return `[${v.elems.map(jsonValue).join(",")}]`;
    case "buf":
    case "stack":
      return jsonString(formatValue(v));
    case "none":
      return "null";
  }
}
function bucketRange(h, i) {
  if (h.kind === "hist")
    return histBucketRange(i, h.bits ?? 0);
  const n = Math.floor((h.max - h.min) / h.step);
  if (i === 0)
    return { max: BigInt(h.min - 1) };
  if (i === n + 1)
    return { min: BigInt(h.max) };
  const lo = h.min + (i - 1) * h.step;
  return { min: BigInt(lo), max: BigInt(lo + h.step - 1) };
}
function jsonHistogram(h) {
  const used = [...h.buckets.entries()].filter(([, c]) => c > 0n).map(([i]) => i);
  if (used.length === 0)
    return "[]";
  const rows = [];
  for (let i = Math.min(...used); i <= Math.max(...used); i++) {
    const { min, max } = bucketRange(h, i);
    const fields = [min === void 0 ? "" : `"min": ${min}`, max === void 0 ? "" : `"max": ${max}`, `"count": ${h.buckets.get(i) ?? 0n}`];
    rows.push(`{${fields.filter(Boolean).join(", ")}}`);
  }
  return `[${rows.join(", ")}]`;
}
function jsonAgg(a, div) {
  const scaled = (n) => (div > 1 ? n / BigInt(div) : n).toString();
  switch (a.kind) {
    case "value":
      return a.value.kind === "int" ? scaled(a.value.value) : jsonValue(a.value);
    case "count":
    case "sum":
    case "min":
    case "max":
      return scaled(a.value);
    case "avg":
      return scaled(a.count === 0n ? 0n : a.sum / a.count);
    case "stats":
      return `{"count": ${a.count}, "average": ${a.count === 0n ? 0n : a.sum / a.count}, "total": ${a.sum}}`;
    case "hist":
    case "lhist":
      return jsonHistogram(a);
  }
}
function mapType(m) {
  const kind = m.entries[0]?.value.kind;
  return kind === "hist" || kind === "lhist" ? "hist" : kind === "avg" || kind === "stats" ? "stats" : "map";
}
function jsonMap(m, top = 0, div = 0) {
  let entries = sorted(m);
  if (top > 0)
    entries = entries.slice(-top);
  let data;
  if (!m.keyed)
    data = entries[0] ? jsonAgg(entries[0].value, div) : "null";
  else {
    const pairs = entries.map((e) => `${jsonString(e.key.map((k) => formatValue(k, 4)).join(","))}: ${jsonAgg(e.value, div)}`);
    data = `{${pairs.join(", ")}}`;
  }
  return `{"type": "${mapType(m)}", "data": {${jsonString(m.name)}: ${data}}}
`;
}
var JsonOutput = class {
  opts;
  fd;
  ownsFd;
  constructor(opts = {}) {
    this.opts = opts;
    this.ownsFd = opts.outputFile !== void 0;
    this.fd = opts.outputFile !== void 0 ? openSync2(opts.outputFile, "w") : 1;
  }
  /** Every JSON line is data: a byte string, written byte for byte. */
  write(text) {
    writeAll(this.fd, text, "latin1");
  }
  line(type, data) {
    this.write(`{"type": "${type}", "data": ${data}}
`);
  }
  /** Current bpftrace's shape: the count both beside and inside `data` (0.17 had only `data`). */
  attached(n) {
    if (!this.opts.quiet)
      this.write(`{"type": "attached_probes", "count": ${n}, "data": {"probes": ${n}}}
`);
  }
  printf(text, type = "printf") {
    this.line(type, jsonString(text));
  }
  /**
   * bpftrace's `errorf`/`warnf`/`helper_error` objects, with the place of the call. A map-full
   * warning reports each place once per check; `count` (ebt's) says how many updates it dropped.
   */
  diagnostic(d) {
    const fields = [`"type": "${d.type}"`, `"msg": ${jsonString(d.msg)}`];
    if (d.helper !== void 0)
      fields.push(`"helper": ${jsonString(d.helper)}`, `"retcode": ${d.retcode}`);
    fields.push(`"filename": ${jsonString(toByteString(d.span.file))}`, `"line": ${d.span.start.line}`, `"col": ${d.span.start.col}`);
    if (d.count !== void 0 && d.count > 1n)
      fields.push(`"count": ${d.count}`);
    this.write(`{${fields.join(", ")}}
`);
  }
  value(v) {
    this.line("value", jsonValue(v));
  }
  map(m, top, div) {
    this.write(jsonMap(m, top, div));
  }
  exitMaps(maps) {
    const byName = [...maps].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const m of byName)
      if (m.entries.length > 0)
        this.write(jsonMap(m));
  }
  /** Warnings stay human text on stderr, so stdout remains one JSON object per line. */
  warning(text) {
    writeAll(2, text);
  }
  lostEvents(n) {
    this.write(`{"type": "lost_events", "count": ${n}, "data": {"events": ${n}}}
`);
  }
  close() {
    if (this.ownsFd && this.fd >= 0) {
      closeSync2(this.fd);
      this.fd = -1;
    }
  }
};

// dist/runtime/session.js
var Session = class {
  plan;
  out;
  engine;
  group;
  exitCode;
  stopped = false;
  resolveDone;
  /** Resolves with the process exit code once the session has stopped and cleaned up. */
  done = new Promise((r) => this.resolveDone = r);
  constructor(plan, out) {
    this.plan = plan;
    this.out = out;
    this.engine = new Engine(plan.records, out, (code) => {
      if (this.exitCode !== void 0)
        return;
      this.exitCode = code;
      queueMicrotask(() => this.stop());
    });
  }
  /** The maps and programs, for views that show them while the session runs (the TUI). */
  get live() {
    return this.engine;
  }
  /** The loaded programs' fds (for run statistics). */
  get programFds() {
    return this.group?.programs.map((p) => p.fd) ?? [];
  }
  /** Creates maps, loads and attaches everything and runs BEGIN. Throws (after cleaning up) on failure. */
  start() {
    try {
      this.engine.addMaps(this.plan.maps);
      this.group = this.engine.load(this.plan);
      this.engine.startReader();
      this.engine.runOnce(this.group, "begin", false);
      this.engine.attach(this.group);
      this.out.attached(probeCount(this.plan));
      this.engine.drain();
      if (this.engine.iterate(this.group) || this.exitCode !== void 0)
        this.stop();
    } catch (e) {
      this.closeAll();
      throw e;
    }
  }
  /** Detaches, runs END, prints the maps and closes everything. Safe to call more than once. */
  stop() {
    if (this.stopped)
      return;
    this.stopped = true;
    if (this.group)
      this.engine.detach(this.group);
    this.engine.drain();
    if (this.group)
      this.engine.runOnce(this.group, "end");
    this.engine.drain();
    this.engine.reportFullMaps();
    const lost = this.engine.lostEvents();
    if (lost > 0)
      this.out.lostEvents(lost);
    this.out.exitMaps(this.plan.maps.filter((m) => m.info).map((m) => this.engine.readMap(m.name)));
    this.out.close?.();
    this.closeAll();
    this.resolveDone(this.exitCode ?? 0);
  }
  closeAll() {
    if (this.group)
      this.engine.unload(this.group);
    this.engine.close();
  }
};

// dist/cli/args.js
var UsageError = class extends Error {
};
var NEEDS_VALUE = /* @__PURE__ */ new Set(["-e", "-o", "--emit", "-f", "-p", "--pid", "-c", "--cmd"]);
function parseArgs(argv) {
  const args = { positional: [], quiet: false, help: false, version: false, format: "text", interactive: false, noTui: false, verbose: false, unsafe: false, helperChecks: 0 };
  const words = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      words.push(a);
      continue;
    }
    let value;
    if (NEEDS_VALUE.has(a) || /^--(emit|pid|cmd)=/.test(a)) {
      value = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (value === void 0)
        throw new UsageError(`option '${a}' requires an argument`);
    }
    switch (a.split("=")[0]) {
      case "-e":
        args.program = { source: value, file: "stdin" };
        break;
      case "-d":
        args.emit = "asm";
        break;
      case "--emit":
        if (value !== "asm")
          throw new UsageError(`--emit: unknown format '${value}' (supported: asm)`);
        args.emit = "asm";
        break;
      case "-f":
        if (value !== "text" && value !== "json")
          throw new UsageError(`-f: unknown output format '${value}' (text or json)`);
        args.format = value;
        break;
      case "-o":
        args.outputFile = value;
        break;
      case "-p":
      case "--pid":
        args.pid = value;
        break;
      case "-c":
      case "--cmd":
        args.command = value === "" ? void 0 : value;
        break;
      case "-l":
      case "-lv":
      case "-vl":
        args.list = { verbose: a !== "-l" };
        break;
      case "-v":
        args.verbose = true;
        break;
      case "-q":
        args.quiet = true;
        break;
      case "-i":
        args.interactive = true;
        break;
      case "--no-tui":
        args.noTui = true;
        break;
      case "--unsafe":
        args.unsafe = true;
        break;
      case "-k":
        args.helperChecks = Math.max(args.helperChecks, 1);
        break;
      case "-kk":
        args.helperChecks = 2;
        break;
      case "-h":
      case "--help":
        args.help = true;
        break;
      case "-V":
      case "--version":
        args.version = true;
        break;
      default:
        throw new UsageError(`unrecognized option '${a}'`);
    }
  }
  const rest = [...words, ...argv.slice(i)];
  if (args.list) {
    if (rest.length > 0)
      args.list.glob = rest.shift();
    args.list.verbose ||= args.verbose;
  }
  if (!args.program && rest.length > 0)
    args.program = { path: rest.shift() };
  args.positional = scriptArguments(rest);
  return args;
}
var USAGE = `USAGE:
    ebt [options] filename
    ebt [options] - <stdin input>
    ebt [options] -e 'program'
    ebt [-i]

OPTIONS:
    -c, --cmd CMD  run CMD and enable USDT probes on resulting process
    -d, --emit asm print the eBPF disassembly of the program instead of running it
    -e 'program'   execute this program
    -f FORMAT      output format ('text', 'json')
    -h, --help     show this help message
    -i             interactive session (the default with no program on a terminal)
    -k             emit a warning when a bpf helper returns an error (except read functions)
    -kk            check all bpf helper functions
    -l [glob]      list the probes this kernel offers (e.g. 'tracepoint:syscalls:*'); -lv adds arguments
    --no-tui       plain text output even when stdout is a terminal
    -o file        redirect ebt output to file
    -p, --pid PID  filter actions and enable USDT probes on PID
    -q             keep messages quiet
    --unsafe       allow unsafe builtin functions
    -v             with -l: list each probe's arguments too
    -V, --version  ebt version

EXAMPLES:
ebt -e 'tracepoint:syscalls:sys_enter_write < print(pid) >'
    print the pid of every process that writes
ebt -e 'tracepoint:syscalls:sys_enter_openat { printf("%s %s\\n", comm, str(args.filename)); }'
    trace the files opened, with the process name
ebt -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'
    count syscalls by process name
`;

// dist/runtime/target-process.js
import { spawn } from "node:child_process";
import { accessSync, constants, readFileSync as readFileSync2, statSync } from "node:fs";
import path from "node:path";
var TargetError = class extends Error {
};
var PID_MAX_LIMIT = 4194304;
function openPid(text) {
  if (!/^\d+$/.test(text))
    throw new TargetError(`pid '${text}' is not a valid decimal number`);
  const pid = Number(text);
  if (pid < 1 || pid > PID_MAX_LIMIT)
    throw new TargetError(`pid '${text}' out of valid pid range [1,${PID_MAX_LIMIT}]`);
  if (!isAlive(pid))
    throw new TargetError("Failed to attach to pid: Unable to open pidfd (No such process)");
  return { pid, origin: "pid", exe: `/proc/${pid}/exe` };
}
function isAlive(pid) {
  try {
    const stat = readFileSync2(`/proc/${pid}/stat`, "latin1");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}
function watchPidExit(pid, onExit, everyMs = 100) {
  const timer = setInterval(() => {
    if (isAlive(pid))
      return;
    clearInterval(timer);
    onExit();
  }, everyMs);
  return () => clearInterval(timer);
}
var HOLD = 'read -r _ <&3 || exit 1; exec 3<&-; exec "$@"';
var ChildCommand = class _ChildCommand {
  proc;
  target;
  exited = false;
  exitCallbacks = [];
  constructor(proc, target) {
    this.proc = proc;
    this.target = target;
    proc.on("exit", () => {
      this.exited = true;
      for (const cb of this.exitCallbacks.splice(0))
        cb();
    });
  }
  /**
   * Splits CMD at each space as bpftrace does (no quoting: `-c 'a  b'` passes an empty argument),
   * finds the program in $PATH and starts it held.
   */
  static start(cmd) {
    const argv = cmd.split(" ");
    const exe = findExecutable(argv[0]);
    if (!exe)
      throw new TargetError(`Failed to fork child: path '${argv[0]}' does not exist or is not executable`);
    const setpriv = findExecutable("setpriv");
    const prefix = setpriv ? [setpriv, "--pdeathsig", "TERM", "--"] : [];
    const proc = spawn("/bin/sh", ["-c", HOLD, "ebt-child", ...prefix, exe, ...argv.slice(1)], {
      stdio: ["inherit", "inherit", "inherit", "pipe"]
    });
    if (proc.pid === void 0)
      throw new TargetError(`Failed to fork child: could not start /bin/sh`);
    return new _ChildCommand(proc, { pid: proc.pid, origin: "command", exe });
  }
  get pid() {
    return this.target.pid;
  }
  get alive() {
    return !this.exited && this.proc.exitCode === null && this.proc.signalCode === null;
  }
  /** Lets the command run: called once every probe is attached. */
  release() {
    const gate = this.proc.stdio[3];
    gate?.end("go\n");
  }
  /** Calls `cb` when the child exits (at once if it already has). */
  onExit(cb) {
    if (!this.alive)
      cb();
    else
      this.exitCallbacks.push(cb);
  }
  /** Ends the child as bpftrace does when tracing stops first: SIGTERM (SIGKILL if still held). */
  terminate(held = false) {
    if (!this.alive)
      return;
    try {
      process.kill(this.pid, held ? "SIGKILL" : "SIGTERM");
    } catch {
    }
  }
};
function findExecutable(name) {
  if (name === "")
    return void 0;
  const candidates = name.includes("/") ? [name] : (process.env.PATH ?? "").split(":").filter(Boolean).map((d) => path.join(d, name));
  for (const p of candidates) {
    try {
      if (!statSync(p).isFile())
        continue;
      accessSync(p, constants.X_OK);
      return p;
    } catch {
    }
  }
  return void 0;
}

// dist/cli/main.js
function fail(message) {
  process.stderr.write(`ERROR: ${message}
`);
  process.exit(1);
}
function readProgram(p) {
  if ("source" in p)
    return p;
  try {
    if (p.path === "-")
      return { source: readFileSync3(0, "utf8"), file: "stdin" };
    return { source: readFileSync3(p.path, "utf8"), file: p.path };
  } catch (e) {
    fail(`failed to read ${p.path === "-" ? "stdin" : p.path}: ${e.message}`);
  }
}
async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ebt: ${e.message}
${USAGE}`);
      return 1;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.version) {
    const pkg = createRequire(import.meta.url)("../../package.json");
    process.stdout.write(`ebt v${pkg.version}
`);
    return 0;
  }
  if (args.pid !== void 0 && args.command !== void 0) {
    process.stderr.write(`ERROR: USAGE: Cannot use both -c and -p.
${USAGE}`);
    return 1;
  }
  if (args.list) {
    const { listProbes, formatProbeList } = await import("./probe-listing-SIHYA5VU.js");
    try {
      const pid = args.pid !== void 0 ? openPid(args.pid).pid : void 0;
      process.stdout.write(formatProbeList(listProbes(new LiveKernelInfo(), args.list.glob, args.list.verbose, pid)));
    } catch (e) {
      if (e instanceof KernelError || e instanceof TargetError)
        fail(e.message);
      throw e;
    }
    return 0;
  }
  if (!args.program) {
    if (!args.interactive && !(process.stdin.isTTY && process.stdout.isTTY)) {
      process.stderr.write(USAGE);
      return 1;
    }
    const { runRepl } = await import("./repl-RYSQM23F.js");
    process.exit(await runRepl({ kernel: new LiveKernelInfo() }));
  }
  let target;
  let child;
  let released = false;
  try {
    if (args.pid !== void 0)
      target = openPid(args.pid);
    if (args.command !== void 0) {
      child = ChildCommand.start(args.command);
      target = child.target;
      process.on("exit", () => child.terminate(!released));
    }
  } catch (e) {
    if (e instanceof TargetError)
      fail(e.message);
    throw e;
  }
  const { source, file } = readProgram(args.program);
  let result;
  try {
    result = compile(source, file, new LiveKernelInfo(), { positional: args.positional, env: process.env, unsafe: args.unsafe, target, helperChecks: args.helperChecks });
  } catch (e) {
    if (e instanceof KernelError)
      fail(e.message);
    throw e;
  }
  for (const d of result.diagnostics.items)
    process.stderr.write(renderDiagnostic(d, result.sources));
  if (!result.plan)
    return 1;
  if (args.emit === "asm") {
    process.stdout.write(formatDisassembly(result.plan, result.sources));
    return 0;
  }
  const outOpts = { quiet: args.quiet, outputFile: args.outputFile };
  const tui = !args.noTui && !child && args.format === "text" && args.outputFile === void 0 && process.stdout.isTTY ? await import("./tui-output-Z25WAHJE.js") : void 0;
  const tuiOut = tui ? new tui.TuiOutput(args.quiet) : void 0;
  const out = tuiOut ?? (args.format === "json" ? new JsonOutput(outOpts) : new TextOutput(outOpts));
  const session = new Session(result.plan, out);
  let interrupted = false;
  const onSignal = () => {
    if (interrupted)
      process.exit(1);
    interrupted = true;
    session.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    session.start();
  } catch (e) {
    if (e instanceof VerifierRejected) {
      const { report } = e;
      if (report.span)
        process.stderr.write(renderDiagnostic({ severity: "error", span: report.span, message: report.message, hints: report.hints }, result.sources));
      else
        process.stderr.write(`ERROR: ${report.message}
` + (report.hints ?? []).map((h) => `HINT: ${h}
`).join(""));
      if (report.tail)
        process.stderr.write(report.tail + "\n");
      return 1;
    }
    if (e instanceof KernelError)
      fail(e.message);
    throw e;
  }
  if (child) {
    child.release();
    released = true;
    child.onExit(() => session.stop());
  } else if (target) {
    const stopWatching = watchPidExit(target.pid, () => session.stop());
    void session.done.then(stopWatching);
  }
  const code = tuiOut ? await (await loadWithLiveFrames(() => import("./tui-3AWLU3JT.js"))).runTui(session, tuiOut) : await session.done;
  return code;
}
main().then((code) => {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}, (e) => {
  process.stderr.write(`ERROR: internal error (this is an ebt bug): ${e.stack ?? e}
`);
  process.exitCode = 2;
});

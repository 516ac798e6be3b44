#!/usr/bin/env node
/**
 * `ebt`: compile a bpftrace-language program and run it in the kernel, or print its disassembly.
 * User mistakes end as located diagnostics and exit code 1; kernel refusals as one ERROR line;
 * nothing ends as a stack trace unless it is a bug of ours.
 */
import { setDebugInfoDirs } from "../dwarf/sections.js";
import { accessSync, constants, existsSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { compile } from "../compile.js";
import type { CompileOptions, CompileResult, PassName } from "../compile.js";
import { renderDiagnostic } from "../diagnostics/render.js";
import { parserStats } from "../parser/index.js";
import { KernelError } from "../runtime/errors.js";
import { LiveKernelInfo } from "../runtime/kernel-info.js";
import { strerror } from "../runtime/output/render.js";
import { packageRoot } from "../runtime/native.js";
import { JsonOutput } from "../runtime/output/json.js";
import { TextOutput, writeStatus } from "../runtime/output/output.js";
import { DataSink, OutputFileError } from "../runtime/output/sink.js";
import type { SinkFailure } from "../runtime/output/sink.js";
import { native } from "../runtime/native.js";
import { loadOnly, NothingAttached, Session, VerifierRejected } from "../runtime/session.js";
import { AttachError } from "../runtime/attach/attach-error.js";
import { aotUsage, OptionError, parseArgs, USAGE, UsageError } from "./args.js";
import type { CliArgs } from "./args.js";
import { createExporter, DEFAULT_LISTEN, metricsUrl, parseListenAddress } from "../export/prometheus-exporter.js";
import type { PrometheusExporter } from "../export/prometheus-exporter.js";
import { DEFAULT_PREFIX, mapMetrics, MetricNameError, unexportedMaps, validPrefix } from "../export/map-metrics.js";
import { infoReport } from "./info.js";
import { formatSource } from "../format/index.js";
import { SourceMap } from "../diagnostics/span.js";
import { runList } from "./list.js";
import { runTestMode } from "../runtime/test-mode.js";
import { formatDisassembly } from "../plan/disassembly.js";
import { loadWithLiveFrames } from "../tui/live-frames.js";
import { TuiKeys, TuiOutput } from "../tui/tui-output.js";
import { ChildCommand, openPid, TargetError, watchPidExit } from "../runtime/target-process.js";
import { ListingError } from "../util/listing-error.js";
import { Diagnostics } from "../diagnostics/diagnostic.js";
import { kernelBtfRead } from "../btf/btf.js";
import { headersRead } from "../cdecl/preprocessor.js";
import type { Plan } from "../plan/plan.js";
import { isTerminal } from "../util/terminal.js";
import type { TargetProcess } from "../contracts/provider.js";

function fail(message: string): never {
  writeStatus(`ERROR: ${message}\n`);
  process.exit(1);
}

/**
 * Writing the output failed. A closed pipe means its reader is done (`| head -1`): leave at once and
 * quietly, by SIGPIPE as bpftrace and every Unix filter do. Any other failure is one ERROR line.
 * Either way the kernel frees everything our fds held.
 */
function outputFailed(f: SinkFailure): never {
  if (f.kind === "error") fail(f.message);
  // Node ignores SIGPIPE; a listener added and removed restores the default action.
  process.on("SIGPIPE", () => undefined);
  process.removeAllListeners("SIGPIPE");
  process.kill(process.pid, "SIGPIPE");
  process.exit(141); // not reached
}

/** Everything ebt writes to stdout goes through this (never blocking; see DataSink). */
const stdout = DataSink.stdout();
stdout.onFailure = outputFailed;
// stderr is written synchronously by writeStatus, never through process.stderr: Node's stream would
// make the pipe non-blocking, and a pipe ebt's stderr shares with another process (a shell's
// `2>&1`, grep's stdout in `sh -c 'ebt -l | grep x' 2>&1`) would fail that process with EAGAIN.

/** Signals that stop a run as Ctrl-C does: END runs, maps print, exit 0. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * `ebt examples/runqlat.ebt` runs the shipped tool from any directory: a relative `examples/...`
 * path that does not exist here is looked up in the package's own examples/ folder.
 */
function shippedTool(file: string): string | undefined {
  if (!file.startsWith("examples/") || existsSync(file)) return undefined;
  const shipped = join(packageRoot(), file);
  return existsSync(shipped) ? shipped : undefined;
}

function readProgram(p: { source: string; file: string } | { path: string }): { source: string; file: string } {
  if ("source" in p) return p;
  try {
    if (p.path === "-") return { source: readFileSync(0, "utf8"), file: "stdin" };
    return { source: readFileSync(shippedTool(p.path) ?? p.path, "utf8"), file: p.path };
  } catch (e) {
    // bpftrace's words: `failed to open file 'x.bt': No such file or directory`.
    const errno = (e as NodeJS.ErrnoException).errno;
    const why = errno === undefined ? (e as Error).message : strerror(-errno);
    fail(p.path === "-" ? `failed to read stdin: ${why}` : `failed to open file '${p.path}': ${why}`);
  }
}

/** The verifier (or the kernel before it) refused a program: at its place, with the verifier's last lines. */
function reportVerifierRejection(e: VerifierRejected, sources: Parameters<typeof renderDiagnostic>[1]): number {
  const { report } = e;
  if (report.span) writeStatus(renderDiagnostic({ severity: "error", span: report.span, message: report.message, hints: report.hints }, sources));
  else writeStatus(`ERROR: ${report.message}\n` + (report.hints ?? []).map((h) => `HINT: ${h}\n`).join(""));
  if (report.tail) writeStatus(report.tail + "\n");
  return 1;
}

async function main(): Promise<number> {
  // Each probe holds file descriptors: as bpftrace does, allow as many as the hard limit permits.
  try {
    native().raiseOpenFileLimit();
  } catch {
    // the addon is missing: the first kernel call says so
  }
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      writeStatus(`ebt: ${e.message}\n${USAGE}`);
      return 1;
    }
    if (e instanceof OptionError) fail(e.message);
    throw e;
  }
  if (args.traceableFunctions !== undefined) {
    try {
      accessSync(args.traceableFunctions, constants.R_OK);
    } catch (e) {
      fail(`cannot read the traceable functions file '${args.traceableFunctions}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  setDebugInfoDirs(args.debugInfoDirs);
  const version = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
  if (args.help) {
    stdout.write(args.runAot !== undefined ? aotUsage(args.runAot) : USAGE, "utf8");
    return 0;
  }
  if (args.version) {
    stdout.write(`ebt v${version}\n`, "utf8");
    return 0;
  }
  if (args.info) {
    stdout.write(infoReport(`ebt v${version}`), "utf8");
    return 0;
  }
  if (args.fmt) return formatProgram(args);
  if (args.pid !== undefined && args.command !== undefined) {
    writeStatus(`ERROR: USAGE: Cannot use both -c and -p.\n${USAGE}`);
    return 1;
  }
  if (args.list) {
    try {
      // -l -p PID: user-space probes of the files that process maps (usdt:*).
      const pid = args.pid !== undefined ? openPid(args.pid).pid : undefined;
      const program = args.program && "source" in args.program ? args.program : undefined;
      const r = await runList(new LiveKernelInfo(args.traceableFunctions), { search: args.list.glob, program, verbose: args.list.verbose, pid, positional: args.positional, readFile: (path) => readProgram({ path }) });
      writeStatus(r.stderr);
      stdout.write(r.stdout, "utf8");
      return r.code;
    } catch (e) {
      if (e instanceof KernelError || e instanceof TargetError || e instanceof ListingError) fail(e.message);
      throw e;
    }
  }
  if (args.runAot !== undefined) return runAheadOfTime(args, version);
  if (!args.program) {
    // As bpftrace: no program and no terminal prints the usage. On a terminal, the REPL.
    if (!args.interactive && !(process.stdin.isTTY && process.stdout.isTTY)) {
      writeStatus(USAGE);
      return 1;
    }
    const { runRepl } = await import("../repl/repl.js"); // loaded only when used: start-up time
    // Leave even if a stdin handle lingers: everything of ours is closed by now.
    process.exit(await runRepl({ kernel: new LiveKernelInfo(args.traceableFunctions) }));
  }
  if (args.aot !== undefined && (args.pid !== undefined || args.command !== undefined)) {
    fail(`--aot cannot be used with ${args.pid !== undefined ? "-p" : "-c"}: the process belongs to this run, not to the program compiled ahead of time`);
  }
  if (args.aot !== undefined && args.named.length > 0) {
    fail(`program options are given to the program compiled ahead of time when it runs: ${args.aot} -- --${args.named[0]}`);
  }
  // As in bpftrace, the process comes first: `cpid` is a constant of the compiled program.
  let target: TargetProcess | undefined;
  let child: ChildCommand | undefined;
  let released = false;
  try {
    if (args.pid !== undefined) target = openPid(args.pid);
    if (args.command !== undefined) {
      child = ChildCommand.start(args.command);
      target = child.target;
      // However ebt leaves, the child does not outlive the run (a held one never runs at all).
      process.on("exit", () => child!.terminate(!released));
    }
  } catch (e) {
    if (e instanceof TargetError) fail(e.message);
    throw e;
  }
  // Checked now, opened (and truncated) only once the run starts: see DataSink.file.
  let sink: DataSink | undefined;
  try {
    sink = args.outputFile !== undefined ? DataSink.file(args.outputFile) : stdout;
  } catch (e) {
    if (e instanceof OutputFileError) fail(e.message);
    throw e;
  }
  sink.onFailure = outputFailed;
  const { source, file } = readProgram(args.program);
  let result;
  // --aot: every answer the compiler gets about this machine is kept, and checked where it runs.
  const aot = args.aot !== undefined ? await import("../aot/index.js") : undefined;
  const recording = aot?.recordingKernel(new LiveKernelInfo(args.traceableFunctions));
  try {
    result = compile(source, file, recording?.kernel ?? new LiveKernelInfo(args.traceableFunctions), { positional: args.positional, named: args.named, env: process.env, unsafe: args.unsafe, target, helperChecks: args.helperChecks, dump: dumper(args.dump), includes: args.includes, aot: aot !== undefined });
  } catch (e) {
    if (e instanceof KernelError) fail(e.message);
    throw e;
  }
  for (const d of result.diagnostics.items) {
    if (d.severity === "warning" && args.noWarnings) continue;
    writeStatus(renderDiagnostic(d, result.sources));
  }
  if (result.optionsFailure) writeStatus(result.optionsFailure);
  if (!result.plan) return 1;
  if (args.probeFilter !== undefined) {
    let filter: RegExp;
    try {
      filter = new RegExp(args.probeFilter);
    } catch (e) {
      fail(`Invalid --probe-filter regex '${args.probeFilter}': ${(e as Error).message}`);
    }
    // BEGIN and END always run.
    result.plan.programs = result.plan.programs.filter((p) => p.runOnce || filter.test(p.target.name));
  }
  if (result.plan.programs.length === 0) {
    // Every probe was dropped (missing_probes = warn/ignore): bpftrace's words, on stdout.
    if (!args.quiet) stdout.write("No probes to attach\n", "utf8");
    return 1;
  }
  if (aot && recording) {
    const facts = [...recording.facts(), ...aot.fileFacts(result.plan, kernelBtfRead(), headersRead)];
    const error = aot.writeAot(args.aot!, result.plan, result.sources, facts, version, join(packageRoot(), "dist", "cli", "main.js"));
    if (error) fail(error);
    return 0;
  }
  return runCompiled(args, { ...result, plan: result.plan }, { target, child, sink, markReleased: () => (released = true) });
}

/** How a compiled (or ahead-of-time compiled) program runs: what main() found besides the plan. */
interface RunContext {
  target?: TargetProcess;
  child?: ChildCommand;
  sink: DataSink;
  markReleased(): void;
}

/**
 * An executable `ebt --aot` made: its plan, checked against this machine, with the options of its
 * command line written in, runs as a program just compiled would.
 */
async function runAheadOfTime(args: CliArgs, version: string): Promise<number> {
  const { loadAot, setOptions } = await import("../aot/index.js");
  let sink: DataSink;
  try {
    sink = args.outputFile !== undefined ? DataSink.file(args.outputFile) : stdout;
  } catch (e) {
    if (e instanceof OutputFileError) fail(e.message);
    throw e;
  }
  sink.onFailure = outputFailed;
  const loaded = loadAot(args.runAot!, version, new LiveKernelInfo());
  if ("error" in loaded) fail(loaded.error);
  const failure = setOptions(loaded.plan, args.named);
  if (failure !== undefined) {
    writeStatus(failure);
    return 1;
  }
  return runCompiled(args, { plan: loaded.plan, sources: loaded.sources, diagnostics: new Diagnostics() }, { sink, markReleased: () => undefined });
}

async function runCompiled(args: CliArgs, result: CompileResult & { plan: Plan }, ctx: RunContext): Promise<number> {
  const { target, child, sink } = ctx;
  if (args.emit === "asm") {
    stdout.write(formatDisassembly(result.plan, result.sources), "utf8");
    return 0;
  }

  if (args.dryRun) {
    // Every program through the verifier, nothing attached, nothing run: a check, also of probes
    // this kernel could not attach (kprobes here).
    try {
      loadOnly(result.plan, { verbose: args.verbose });
    } catch (e) {
      if (e instanceof VerifierRejected) return reportVerifierRejection(e, result.sources);
      if (e instanceof KernelError) fail(e.message);
      throw e;
    }
    return 0;
  }
  const outOpts = { quiet: args.quiet, sink, buffering: args.buffering };
  if (args.mode && args.export) fail(`USAGE: --export cannot be used with --${args.mode}`);
  if (args.mode) {
    const out = args.format === "json" ? new JsonOutput(outOpts) : new TextOutput(outOpts);
    try {
      const code = runTestMode(result.plan, out, args.mode);
      await sink.flush();
      sink.close();
      return code;
    } catch (e) {
      if (e instanceof VerifierRejected) return reportVerifierRejection(e, result.sources);
      if (e instanceof KernelError) fail(e.message);
      throw e;
    }
  }
  // On a terminal, the Ink TUI (Ink loaded only when the run outlives BEGIN; the output queue is
  // small and part of the core); piped or --no-tui, exactly the plain text. A -c command writes to
  // the same terminal: the TUI's redrawn status line would tear its output.
  const tui = !args.noTui && !child && !args.export && args.format === "text" && args.outputFile === undefined && isTerminal(1);
  const tuiOut = tui ? new TuiOutput(args.quiet) : undefined;
  if (tuiOut) tuiOut.direct = true; // until the TUI is drawn
  // The keys are read from now on (raw mode: nothing typed is echoed into the output); q, Esc and
  // Ctrl-C stop the run as SIGINT does, and a second Ctrl-C ends ebt at once.
  let quits = 0;
  const keys = tui
    ? TuiKeys.start(process.stdin, () => {
        if (quits++ === 0) return onSignal();
        keys?.stop();
        process.kill(process.pid, "SIGINT");
      })
    : undefined;
  const out = tuiOut ?? (args.format === "json" ? new JsonOutput(outOpts) : new TextOutput(outOpts));
  // bpftrace's test runner waits for this line on stdout before it triggers events.
  const onAttached = process.env.__BPFTRACE_NOTIFY_PROBES_ATTACHED !== undefined ? () => writeSync(1, "__BPFTRACE_NOTIFY_PROBES_ATTACHED\n") : undefined;
  const session = new Session(result.plan, out, { onAttached, noWarnings: args.noWarnings, untilTargetExits: child !== undefined, keepRunning: args.export !== undefined, verbose: args.verbose });
  // --export: listening comes first, so a taken port fails the run before anything is attached.
  const exporter = args.export ? await startExporter(args, result, session) : undefined;
  const onSignal = () => {
    // The default action comes back for the next one: a second Ctrl-C ends ebt at once, even
    // while the first one's teardown runs synchronously. The kernel frees everything our fds hold.
    for (const sig of STOP_SIGNALS) process.removeListener(sig, onSignal);
    session.stop();
  };
  for (const sig of STOP_SIGNALS) process.on(sig, onSignal);
  // SIGUSR1 runs the self:signal:SIGUSR1 probes (and, handled, no longer starts Node's inspector).
  process.on("SIGUSR1", () => session.signal());
  try {
    session.start();
  } catch (e) {
    if (e instanceof VerifierRejected) return reportVerifierRejection(e, result.sources);
    if (e instanceof AttachError) {
      fail(`${e.message}\nERROR: Unable to attach probe: ${e.target}. If this is expected, set the 'missing_probes' config variable to 'warn'.`);
    }
    if (e instanceof KernelError || e instanceof NothingAttached) fail(e.message);
    throw e;
  }
  if (exporter) {
    if (!args.quiet) writeStatus(`Serving metrics on ${exporter.url}\n`);
    exporter.started = true;
    void session.done.finally(() => exporter.exporter.close());
  }
  // Every probe is attached: the command may run now. When it or the -p process is gone, so is
  // the run, as if exit() had been called (END runs, maps print).
  if (child) {
    child.release();
    ctx.markReleased();
    child.onExit(() => session.stop());
  } else if (target) {
    const stopWatching = watchPidExit(target.pid, () => session.stop());
    void session.done.then(stopWatching);
  }
  let code: number;
  if (tuiOut && tuiOut.exitText === undefined) code = await (await loadWithLiveFrames(() => import("../tui/tui.js"))).runTui(session, tuiOut, keys);
  else {
    // Piped, or a run that already ended (exit() in BEGIN): Ink and React are never loaded.
    keys?.stop();
    tuiOut?.finishPlain();
    code = await session.done;
  }
  // The handlers stay (unless a signal came): a Ctrl-C while the process winds down after exit()
  // must not kill it. What a slow reader has not taken yet is waited for while it reads.
  const unwritten = await sink.flush();
  if (unwritten > 0) writeStatus(`WARNING: ${unwritten} bytes of output were not written: ${sink === stdout ? "stdout" : "the output file"} is not being read
`);
  sink.close();
  return code;
}

// EBT_STARTUP_STATS=file: how the run started (the parser's build; from the launcher, its core,
// code cache and the built-in modules loaded), written at exit for the start-up phase
// counts that CI asserts (scripts/bench/phases.mjs); costs nothing otherwise.
if (process.env.EBT_STARTUP_STATS) {
  const file = process.env.EBT_STARTUP_STATS;
  process.on("exit", () => {
    const launch = (globalThis as Record<symbol, { stats?: unknown } | undefined>)[Symbol.for("ebt.core")]?.stats;
    writeFileSync(file, JSON.stringify({ parser: parserStats(), launch }));
  });
}

main().then(
  async (code) => {
    await stdout.flush();
    // Leave now, with stdout flushed, rather than by the event loop running dry: Node's
    // teardown restores the default SIGINT action before the process is gone, so a Ctrl-C that
    // arrives just as exit() ends the run would otherwise kill it with a signal status.
    process.exit(code);
  },
  (e: unknown) => {
    // Matched by name so the CLI need not load the runtime module to report this.
    if ((e as Error).name === "AddonMissingError") {
      writeStatus(`ERROR: ${(e as Error).message}\n`);
      process.exit(1);
    }
    writeStatus(`ERROR: internal error (this is an ebt bug): ${(e as Error).stack ?? e}\n`);
    process.exit(2);
  },
);

/**
 * --export prometheus: names the metrics after the program's maps and starts serving them; scrapes
 * are answered once `started` is set (the maps exist and the probes are attached).
 */
async function startExporter(args: CliArgs, result: CompileResult, session: Session) {
  const listen = args.export!.listen === undefined ? DEFAULT_LISTEN : parseListenAddress(args.export!.listen);
  if (!listen) fail(`--export prometheus=${args.export!.listen}: expected ADDR:PORT (e.g. 127.0.0.1:9435, [::1]:9435 or :9435)`);
  const prefix = args.metricPrefix ?? DEFAULT_PREFIX;
  if (!validPrefix(prefix)) fail(`--metric-prefix '${prefix}': a metric name may only hold letters, digits, '_' and ':', and not start with a digit`);
  const infos = result.plan!.maps.flatMap((m) => (m.info ? [m.info] : []));
  let metrics;
  try {
    metrics = mapMetrics(result.program!, infos, prefix);
  } catch (e) {
    if (e instanceof MetricNameError) fail(e.message);
    throw e;
  }
  if (!args.noWarnings) for (const w of unexportedMaps(infos)) writeStatus(`WARNING: ${w}\n`);
  const state = { started: false, url: "", exporter: undefined as unknown as PrometheusExporter };
  const engine = session.live;
  state.exporter = await createExporter({ running: () => state.started && session.running, readMap: (name, keys) => engine.readMap(name, keys) }, metrics);
  try {
    state.url = metricsUrl(await state.exporter.listen(listen));
  } catch (e) {
    fail(`--export: cannot listen on ${listen.host}:${listen.port}: ${(e as Error).message}`);
  }
  return state;
}

/**
 * --fmt: the program printed in current bpftrace's layout, on stdout or, with -o, into that file
 * (written beside it and renamed over it, so the file is never left half written). Only parsing is
 * needed, no kernel.
 */
function formatProgram(args: CliArgs): number {
  if (!args.program) {
    writeStatus(USAGE);
    return 1;
  }
  const { source, file } = readProgram(args.program);
  const r = formatSource(source, file);
  if ("diagnostics" in r) {
    const sources = new Map([[file, new SourceMap(file, source)]]);
    for (const d of r.diagnostics) writeStatus(renderDiagnostic(d, sources));
    return 1;
  }
  if (args.outputFile === undefined) {
    stdout.write(r.text, "utf8");
    return 0;
  }
  const temp = `${args.outputFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, r.text);
    renameSync(temp, args.outputFile);
  } catch (e) {
    rmSync(temp, { force: true });
    fail(`failed to write file '${args.outputFile}': ${strerror(-((e as NodeJS.ErrnoException).errno ?? 0))}`);
  }
  return 0;
}

/** --dump: each chosen pass's output on stderr, headed by its name. */
function dumper(passes: readonly PassName[]): CompileOptions["dump"] {
  if (passes.length === 0) return undefined;
  return (pass, text) => {
    if (passes.includes(pass)) process.stderr.write(`=== ${pass}\n${text()}`);
  };
}

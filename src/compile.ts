/**
 * The library entry: source text → programs, maps and output records ready to load, plus
 * diagnostics. Used by the CLI, the REPL and the tests.
 */
import { mentionsName, mentionsOf } from "./ast/mentions.js";
import { mergeMultiAttach } from "./plan/multi-attach.js";
import { assemble } from "./codegen/bpf/index.js";
import { JumpTooFar } from "./codegen/bpf/assemble.js";
import { ProgramTooLarge, TooManyMaps } from "./codegen/bpf/limits.js";
import { perfOutputMapPlan, planMaps } from "./codegen/map-plan.js";
import { ProbeCodegen } from "./codegen/probe-codegen.js";
import { funcBtf, functionsOf } from "./codegen/func-btf.js";
import { stackMapPlans } from "./codegen/stack-maps.js";
import { NotCopyable, tooLargeWhole } from "./codegen/kernel-memory.js";
import { RecordTable } from "./plan/records.js";
import { ScratchArea, ScratchOverflow, StackOverflow } from "./codegen/stack.js";
import type { ScratchSpace } from "./codegen/probe-codegen.js";
import { scratchMapPlan } from "./codegen/map-plan.js";
import { RegisterExhausted } from "./codegen/regs.js";
import { Diagnostics } from "./diagnostics/diagnostic.js";
import { SourceMap } from "./diagnostics/span.js";
import { parse } from "./parser/index.js";
import { formatDisassembly } from "./plan/disassembly.js";
import { BUILTINS, findBuiltin } from "./builtins/index.js";
import { PROVIDERS, findProvider } from "./providers/index.js";
import type { Registry } from "./contracts/registry.js";
import type { TargetProcess } from "./contracts/provider.js";
import { check } from "./semantic/check.js";
import { resolveImports } from "./semantic/imports.js";
import { expandMacros, needsMacroExpansion } from "./semantic/macros.js";
import { STDLIB_FILE, STDLIB_SOURCE } from "./stdlib/macros.js";
import { programCTypes } from "./semantic/c-definitions.js";
import { resolveConstants } from "./semantic/constants.js";
import { applyProgramOptions, declareProgramOptions } from "./semantic/program-options.js";
import type { ProgramOption } from "./semantic/program-options.js";
import { checkPortable } from "./aot/portability.js";
import { substitutePositionals } from "./semantic/positional.js";
import { DEFAULT_CONFIG, resolveConfig } from "./semantic/config.js";
import type { MapInfo } from "./contracts/map-info.js";
import type { KernelInfo } from "./contracts/kernel-info.js";
import { rewriteConfigBuiltin } from "./semantic/config-builtin.js";
import type { MapPlan, Plan, ProgramImage } from "./plan/plan.js";
import type { Program } from "./ast/nodes.js";

// The plan types are part of the library's interface.
export type { Plan, ProgramImage } from "./plan/plan.js";
export { probeCount } from "./plan/plan.js";

/**
 * The builtins and probe types ebt knows. This is the one place the compiler learns them: the
 * checker and code generator get them from here, through the Registry contract.
 */
export const REGISTRY: Registry = { builtin: findBuiltin, provider: findProvider, builtins: BUILTINS, providers: PROVIDERS };

export interface CompileOptions {
  maxStrlen?: number;
  positional?: string[];
  /** Program options given after `--` (`--name=value` without the dashes): see program-options.ts. */
  named?: string[];
  /** Environment variables that set config (BPFTRACE_MAX_STRLEN, EBT_MAX_STRLEN, ...). */
  env?: Record<string, string | undefined>;
  /** -p PID or the -c child: user-space probes attach to it, `cpid` is the child's pid. */
  target?: TargetProcess;
  /** --unsafe: allow system(), signal() and the other functions with side effects. */
  unsafe?: boolean;
  /** Run-time reports of failing helper calls: 2 for -k (reads and map lookups too, as current bpftrace), 1 for map updates only. */
  helperChecks?: number;
  /** A running session's maps (their types bind this program) and record table (ids stay unique
   * across compilations that share one ring buffer): the REPL compiles each input this way. */
  session?: { maps: ReadonlyMap<string, MapInfo>; records: RecordTable };
  /** --include FILE: headers included before the program's own C, as `#include <FILE>` (bpftrace's option). */
  includes?: string[];
  /** `ebt --aot`: compiled to run later, maybe elsewhere: what belongs to this machine or moment is an
   * error (aot/portability.ts) and getopt() calls read values set when the program runs. */
  aot?: boolean;
  /** Called after each pass with its name and (lazily) its output as text: `--dump PASS`. */
  dump?: (pass: PassName, text: () => string) => void;
}

export interface CompileResult {
  plan?: Plan;
  /** The command line's program options do not fit the program (or asked for --help): what to print. */
  optionsFailure?: string;
  diagnostics: Diagnostics;
  sources: Map<string, SourceMap>;
  /** The checked program, with the plan: what --export names metrics after. */
  program?: Program;
}

/**
 * The compiler's passes, in the order they run. `--dump PASS` (CompileOptions.dump) shows what a
 * pass produced: the syntax tree after parse/imports/macros/constants/config, the script's C
 * definitions after ctypes, the probes and map types after check, the disassembly after codegen, the maps and record layouts of the finished plan.
 */
export const PASSES = ["parse", "imports", "macros", "ctypes", "constants", "config", "check", "codegen", "plan"] as const;
export type PassName = (typeof PASSES)[number];

export function compile(source: string, file: string, kernel: KernelInfo, opts: CompileOptions = {}): CompileResult {
  const sources = new Map([[file, new SourceMap(file, source)]]);
  const diagnostics = new Diagnostics();
  const done = { diagnostics, sources };
  const dump = (pass: PassName, text: () => string) => opts.dump?.(pass, text);

  const parsed = parse(source, file);
  for (const d of parsed.diagnostics) diagnostics.items.push(d);
  if (!parsed.program || diagnostics.hasErrors) return done;
  const program = parsed.program;
  dump("parse", () => dumpTree(program));
  resolveImports(program, file, sources, diagnostics);
  if (diagnostics.hasErrors) return done;
  dump("imports", () => dumpTree(program));
  // One walk tells which of the passes below have something to do (see ast/mentions.ts).
  let mentions = mentionsOf(program);
  if (needsMacroExpansion(program, mentions)) {
    expandMacros(program, diagnostics, REGISTRY);
    mentions = mentionsOf(program);
  }
  // The standard library's text, for messages that point into it (assert's errorf).
  sources.set(STDLIB_FILE, new SourceMap(STDLIB_FILE, STDLIB_SOURCE));
  if (diagnostics.hasErrors) return done;
  dump("macros", () => dumpTree(program));
  // The REPL has no command line: there, a positional parameter is an error of its own.
  let options: ProgramOption[] | undefined;
  if (opts.aot) {
    checkPortable(program, diagnostics);
    options = declareProgramOptions(program, diagnostics)?.options;
  } else {
    if (opts.positional && mentions.kinds.has("Positional")) substitutePositionals(program, opts.positional, diagnostics);
    const optionsFailure = applyProgramOptions(program, opts.named ?? [], diagnostics, mentions.calls.has("getopt"));
    if (optionsFailure) return { ...done, optionsFailure: optionsFailure.text };
  }
  if (diagnostics.hasErrors) return done;
  if (opts.includes && opts.includes.length > 0) {
    const at = { offset: 0, line: 1, col: 1 };
    const span = { file: "<command line>", start: at, end: at };
    program.cDefinitions = [...opts.includes.map((h) => ({ text: `#include <${h}>`, span })), ...(program.cDefinitions ?? [])];
  }
  const ctypes = programCTypes(program, file, sources, diagnostics);
  if (diagnostics.hasErrors) return done;
  dump("ctypes", () => dumpTree(program.cDefinitions ?? []));
  if (mentions.kinds.has("Identifier") || mentions.kinds.has("SizeofExpr")) resolveConstants(REGISTRY, program, ctypes, diagnostics);
  if (diagnostics.hasErrors) return done;
  dump("constants", () => dumpTree(program));

  const positional = opts.positional ?? [];
  const base = { ...DEFAULT_CONFIG, ...(opts.maxStrlen !== undefined ? { maxStrlen: opts.maxStrlen } : {}) };
  const config = resolveConfig(program, opts.env ?? {}, diagnostics, base);
  if (mentionsName(mentions, "config") || mentionsName(mentions, "__builtin_config")) rewriteConfigBuiltin(program, config);
  if (diagnostics.hasErrors) return done;
  dump("config", () => dumpTree({ config, program }));
  const checked = check(program, kernel, diagnostics, { registry: REGISTRY, maxStrlen: config.maxStrlen, stackMode: config.stackMode, maxMapKeys: config.maxMapKeys, positional, existingMaps: opts.session?.maps, target: opts.target, unsafe: opts.unsafe, missingProbes: config.missingProbes, unstableTypeinfo: config.unstableTypeinfo, noMaps: !mentions.kinds.has("MapAccess") && !mentions.kinds.has("MapDecl") });
  if (diagnostics.hasErrors) return done;
  dump("check", () => dumpTree({ probes: checked.probes.map((p) => p.target.name), maps: [...checked.maps.values()] }));

  const records = opts.session?.records ?? new RecordTable();
  records.beginCompilation();
  // A REPL session's programs come and go one by one; exit() there ends the session only.
  const exitGuard = !opts.session && mentions.calls.has("exit");
  // len(ustack) reads a frame count that stacks record only when the program may ask for it.
  const countStackFrames = mentions.calls.has("len");
  const programs: ProgramImage[] = [];
  const scratchMaps: MapPlan[] = [];
  for (const probe of checked.probes) {
    try {
      const generate = (scratch?: ScratchSpace) => {
        const gen = new ProbeCodegen(probe, checked.maps, records, positional, opts.helperChecks ?? 0, kernel, exitGuard, scratch, countStackFrames);
        return { gen, insns: gen.emit().insns };
      };
      let made: ReturnType<typeof generate>;
      const recordsBefore = records.layouts.length;
      try {
        made = generate();
      } catch (e) {
        if (!(e instanceof StackOverflow)) throw e;
        // Too big for the stack: again, with its big objects in a scratch map (an area per CPU);
        // an area beyond what plain offsets reach is addressed from its middle.
        const name = `scratch_${scratchMaps.length}`;
        const again = (biased: boolean) => {
          records.truncate(recordsBefore);
          const area = new ScratchArea(config.onStackLimit, biased);
          return { made: generate({ area, map: name }), area };
        };
        let retry: ReturnType<typeof again>;
        try {
          retry = again(false);
        } catch (e2) {
          if (!(e2 instanceof ScratchOverflow)) throw e2;
          retry = again(true);
        }
        made = retry.made;
        scratchMaps.push(scratchMapPlan(name, retry.area.size, kernel.possibleCpus()));
      }
      const { gen, insns } = made;
      programs.push({
        target: probe.target,
        progType: probe.target.provider.progType,
        runOnce: probe.target.provider.runOnce,
        code: assemble(insns),
        funcs: gen.callbacks.length > 0 ? funcBtf(functionsOf(insns, gen.callbacks)) : undefined,
        attach: probe.target.provider.loadTarget?.(probe.target),
      });
    } catch (e) {
      const big = e instanceof StackOverflow ? tooLargeWhole(probe.ast, probe.types) : undefined;
      if (big) diagnostics.error(big.span, big.message);
      else if (e instanceof StackOverflow || e instanceof RegisterExhausted || e instanceof ScratchOverflow) diagnostics.error(probe.ast.span, e.message);
      else if (e instanceof NotCopyable) diagnostics.error(e.span, e.message);
      else if (e instanceof ProgramTooLarge) diagnostics.error(probe.target.span ?? probe.ast.span, `the program for ${probe.target.label ?? probe.target.name} is too large: ${e.message}`, ["use smaller unroll counts or loops, or split the work across probes"]);
      else if (e instanceof TooManyMaps) diagnostics.error(probe.target.span ?? probe.ast.span, `the program for ${probe.target.label ?? probe.target.name} cannot be loaded: ${e.message}`, ["use fewer maps in one probe (one map with a key can replace several), or split the work across probes"]);
      else if (e instanceof JumpTooFar) diagnostics.error(probe.ast.span, `this probe's program is too large: ${e.message}`, ["use smaller unroll counts or loops, or split the work across probes"]);
      else throw e;
    }
  }
  if (diagnostics.hasErrors) return done;
  // Records that print their call's source line (errorf, warnf, a full map's warning) take it now.
  for (const r of records.layouts) r.recordType.link?.(r, sources);
  const perfOutput = mentions.calls.has("skboutput") || mentions.calls.has("__builtin_skboutput") ? [perfOutputMapPlan(kernel.possibleCpus())] : [];
  const maps = [...planMaps(checked.maps, checked.settings), ...stackMapPlans(checked.probes), ...scratchMaps, ...perfOutput];
  const runConfig = { missingProbes: config.missingProbes, printMapsOnExit: config.printMapsOnExit, showDebugInfo: config.showDebugInfo, maxCatBytes: config.maxCatBytes, logSize: config.logSize };
  const plan: Plan = { programs: mergeMultiAttach(programs, kernel), maps, records: records.layouts, config: runConfig, strTruncTrailer: config.strTruncTrailer, ...(options ? { options } : {}) };
  dump("codegen", () => formatDisassembly(plan, sources));
  dump("plan", () => dumpTree({ maps, records: records.layouts }));
  return { plan, diagnostics, sources, program };
}

/** A pass's output as indented JSON, without source positions (bigints as numbers' text). */
function dumpTree(value: unknown): string {
  const json = JSON.stringify(
    value,
    (k, v) => (k === "span" || k.endsWith("Span") || k === "source" || k === "recordType" ? undefined : typeof v === "bigint" ? v.toString() : v instanceof Map ? Object.fromEntries(v) : v),
    2,
  );
  return `${json}\n`;
}

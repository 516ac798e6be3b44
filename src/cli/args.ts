/**
 * Command-line parsing in bpftrace's style. Like bpftrace's getopt, options may come after the
 * words too (`ebt -l 'usdt:*' -p PID`); `--` ends the options.
 */
import { PASSES } from "../compile.js";
import type { PassName } from "../compile.js";
import { RUN_AOT_FLAG } from "../aot/flag.js";

export interface CliArgs {
  program?: { source: string; file: string } | { path: string };
  positional: string[];
  /** Program options after `--` (`--aa=1` as `aa=1`), for getopt(). */
  named: string[];
  emit?: "asm";
  quiet: boolean;
  help: boolean;
  version: boolean;
  outputFile?: string;
  format: "text" | "json";
  /** -i: the REPL, even without a terminal. */
  interactive: boolean;
  /** --no-tui: plain text even on a terminal. */
  noTui: boolean;
  /** --debuginfo DIR[:DIR] (repeatable): where separate debug files are looked for first. */
  debugInfoDirs: string[];
  /** --unsafe: allow system(), signal() and other functions with side effects. */
  unsafe: boolean;
  /** -k: report helper errors at run time (2: memory reads and map lookups too, as current bpftrace). */
  helperChecks: 0 | 1 | 2;
  /** -l [glob]: list probes instead of running; -v (or -lv) adds their arguments. */
  list?: { glob?: string; verbose: boolean };
  verbose: boolean;
  /** -p PID (as written: checked when the run starts). */
  pid?: string;
  /** -c 'CMD': the command to start and trace. */
  command?: string;
  /** --test / --bench (bpftrace's --mode test / bench): run test: or bench: probes instead. */
  mode?: "test" | "bench";
  /** --probe-filter REGEX: only probes whose name matches (BEGIN/END always run). */
  probeFilter?: string;
  /** --fmt: print the program formatted instead of running it. */
  fmt: boolean;
  /** --dry-run: compile and load every program through the verifier, attach nothing, exit. */
  dryRun: boolean;
  /** --info: this kernel's BPF features. */
  info: boolean;
  /** --traceable-functions FILE: the kprobe-able functions, one a line, instead of the kernel's list (as bpftrace's option). */
  traceableFunctions?: string;
  /** --include FILE (repeatable): headers included before the program, as bpftrace's option. */
  includes: string[];
  /** --no-warnings: no WARNING lines, at compile time or while running. */
  noWarnings: boolean;
  /** -B: when output reaches stdout (bpftrace's 'line', 'full', 'none'). */
  buffering?: "line" | "full" | "none";
  /** --dump PASS (repeatable, or `all`): print what these compiler passes produced, to stderr. */
  dump: PassName[];
  /** --export prometheus[=ADDR:PORT]: serve the maps as metrics while the run lasts. */
  export?: { format: "prometheus"; listen?: string };
  /** --metric-prefix: what metric names start with (default `ebt_`). */
  metricPrefix?: string;
  /** --aot FILE: compile the program into the executable FILE, which runs it later without compiling. */
  aot?: string;
  /** An executable --aot made runs itself through ebt (aot/file.ts): its path. */
  runAot?: string;
}

/** A bad option bpftrace reports as one ERROR line, without the usage text. */
export class OptionError extends Error {}

export class UsageError extends Error {}

const NEEDS_VALUE = new Set(["-e", "-o", "--output", "--emit", "-f", "-p", "--pid", "-c", "--cmd", "--mode", "--probe-filter", "-B", "--dump", "--export", "--metric-prefix", "--debuginfo", "--traceable-functions", "--include", "--aot"]);

export function parseArgs(argv: string[]): CliArgs {
  if (argv[0] === RUN_AOT_FLAG) return parseRunAotArgs(argv[1]!, argv.slice(2));
  const args: CliArgs = { positional: [], named: [], fmt: false, dryRun: false, info: false, noWarnings: false, quiet: false, help: false, version: false, format: "text", interactive: false, noTui: false, verbose: false, unsafe: false, helperChecks: 0, dump: [], debugInfoDirs: [], includes: [] };
  const words: string[] = [];
  argv = unbundleShortOptions(argv);
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      words.push(a);
      continue;
    }
    let value: string | undefined;
    if (NEEDS_VALUE.has(a) || /^--(emit|pid|cmd|mode|probe-filter|output|dump|export|metric-prefix|debuginfo|traceable-functions|include|aot)=/.test(a)) {
      value = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option '${a}' requires an argument`);
    }
    switch (a.split("=")[0]) {
      case "-e":
        args.program = { source: value!, file: "stdin" };
        break;
      case "-d":
        args.emit = "asm";
        break;
      case "--emit":
        if (value !== "asm") throw new UsageError(`--emit: unknown format '${value}' (supported: asm)`);
        args.emit = "asm";
        break;
      case "--dump":
        if (value === "all") args.dump.push(...PASSES);
        else if ((PASSES as readonly string[]).includes(value!)) args.dump.push(value as PassName);
        else throw new UsageError(`--dump: unknown pass '${value}' (${PASSES.join(", ")} or all)`);
        break;
      case "-f":
        if (value !== "text" && value !== "json") throw new OptionError(`Invalid output format "${value}"\nValid formats: 'text', 'json'`);
        args.format = value;
        break;
      case "-o":
      case "--output":
        args.outputFile = value;
        break;
      case "-p":
      case "--pid":
        args.pid = value;
        break;
      case "-c":
      case "--cmd":
        // bpftrace ignores an empty command.
        args.command = value === "" ? undefined : value;
        break;
      case "-l":
      case "--list":
      case "-lv":
      case "-vl":
        args.list = { verbose: a === "-lv" || a === "-vl" };
        break;
      case "-v":
      case "--verbose":
        args.verbose = true;
        break;
      case "--test":
      case "--bench":
      case "--fmt":
        if (args.mode || args.fmt) throw new OptionError(`USAGE: ${a} conflicts with existing --mode`);
        if (a === "--fmt") args.fmt = true;
        else args.mode = a === "--test" ? "test" : "bench";
        break;
      case "--mode":
        if (value === "format") args.fmt = true;
        else if (value === "test" || value === "bench") args.mode = value;
        else throw new OptionError("USAGE: --mode can only be 'bench', 'test' or 'format'.");
        break;
      case "--dry-run":
        args.dryRun = true;
        break;
      // bpftrace's way to have a USDT probe attached by file count up its semaphore in every
      // process that maps the file: the kernel does that for every uprobe with a ref_ctr_offset
      // attached without a pid, which is how ebt attaches them, so there is nothing more to do.
      case "--usdt-file-activation":
        break;
      case "--traceable-functions":
        args.traceableFunctions = value;
        break;
      case "--include":
        args.includes.push(value!);
        break;
      case "--info":
        args.info = true;
        break;
      case "--no-warnings":
        if (args.helperChecks > 0) throw new OptionError("USAGE: -k, --warnings conflicts with --no-warnings");
        args.noWarnings = true;
        break;
      case "-B":
        if (value !== "line" && value !== "full" && value !== "none") throw new OptionError("USAGE: -B must be either 'line', 'full', or 'none'.");
        args.buffering = value;
        break;
      case "--probe-filter":
        args.probeFilter = value;
        break;
      case "--export": {
        // `prometheus` or `prometheus=ADDR:PORT` (the address is checked when the run starts).
        const [format, ...listen] = value!.split("=");
        if (format !== "prometheus") throw new OptionError(`USAGE: --export supports 'prometheus' or 'prometheus=ADDR:PORT', not '${value}'`);
        args.export = { format, listen: listen.length > 0 ? listen.join("=") : undefined };
        break;
      }
      case "--metric-prefix":
        args.metricPrefix = value;
        break;
      case "--aot":
        args.aot = value;
        break;
      case "-q":
      case "--quiet":
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
      case "--debuginfo":
        args.debugInfoDirs.push(...value!.split(":").filter((d) => d !== ""));
        break;
      case "-k":
      case "--warnings":
        if (args.noWarnings) throw new OptionError("USAGE: -k, --warnings conflicts with --no-warnings");
        // Current bpftrace's -k checks everything: memory reads and map lookups as well.
        args.helperChecks = 2;
        break;
      case "-kk":
        throw new OptionError("USAGE: -kk has been deprecated. Use a single -k for runtime warnings for errors in map lookups and probe reads.");
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
  // After `--`, words that start with `--` are the program's named options (bpftrace's rule: only there).
  const rest = [...words.map((text) => ({ text, afterDash: false })), ...argv.slice(i).map((text) => ({ text, afterDash: true }))];
  if (args.list) {
    // The first word after the options is the glob, not a program file.
    if (rest.length > 0) args.list.glob = rest.shift()!.text;
    args.list.verbose ||= args.verbose;
  }
  if (!args.program && rest.length > 0) args.program = { path: rest.shift()!.text };
  for (const { text, afterDash } of rest) {
    if (afterDash && text.startsWith("--")) {
      if (text !== "--") args.named.push(text.slice(2));
    } else args.positional.push(text);
  }
  return args;
}

/**
 * The command line of an executable `--aot` made (bpftrace's AOT programs take these): output
 * options, then after `--` the program's options. It takes no program and no positional parameters.
 */
function parseRunAotArgs(file: string, argv: string[]): CliArgs {
  const args = parseArgs([]);
  args.runAot = file;
  argv = unbundleShortOptions(argv);
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") throw new OptionError("AOT does not support positional parameters");
    const needsValue = a === "-f" || a === "-o" || a === "--output";
    const value = needsValue ? argv[++i] : undefined;
    if (needsValue && value === undefined) throw new UsageError(`option '${a}' requires an argument`);
    switch (a) {
      case "-f":
        if (value !== "text" && value !== "json") throw new OptionError(`Invalid output format "${value}"\nValid formats: 'text', 'json'`);
        args.format = value;
        break;
      case "-o":
      case "--output":
        args.outputFile = value;
        break;
      case "-q":
      case "--quiet":
        args.quiet = true;
        break;
      case "-v":
        args.verbose = true;
        break;
      case "--no-warnings":
        args.noWarnings = true;
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
  for (const word of argv.slice(i)) {
    if (!word.startsWith("--")) throw new OptionError("AOT does not support positional parameters");
    if (word !== "--") args.named.push(word.slice(2));
  }
  return args;
}

/** Usage of an executable `--aot` made; `self` is its path. */
export function aotUsage(self: string): string {
  return `USAGE: ${self} [options] [-- --OPTION[=VALUE] ...]

OPTIONS:
    -f FORMAT      output format ('text', 'json')
    -o file        redirect the program's output to file
    -q, --quiet    keep messages quiet
    -v             verbose messages
    --no-warnings  disable all warning messages
    -h, --help     show this help message
    -V, --version  ebt version
`;
}

/** Short flags that take no value, and short options whose value is the next word. */
const SHORT_FLAGS = "vqdk", SHORT_WITH_VALUE = "epcofB";

/**
 * getopt's bundled short options, as bpftrace takes them: `-ve 'prog'` is `-v -e 'prog'`, `-qd` is
 * `-q -d`. Only clusters of known flags (a value-taking one last) are split; anything else stays
 * as written and is reported as unknown. `-lv`, `-vl` and `-kk` are options of their own.
 */
function unbundleShortOptions(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const m = /^-([a-zA-Z]{2,})$/.exec(a);
    const letters = m?.[1];
    const splittable = letters !== undefined && !["lv", "vl", "kk"].includes(letters) &&
      [...letters].every((ch, k) => SHORT_FLAGS.includes(ch) || (k === letters.length - 1 && SHORT_WITH_VALUE.includes(ch)));
    if (splittable) out.push(...[...letters].map((ch) => `-${ch}`));
    else out.push(a);
  }
  return out;
}

export const USAGE = `USAGE:
    ebt [options] filename
    ebt [options] - <stdin input>
    ebt [options] -e 'program'
    ebt [-i]

OPTIONS:
    -c, --cmd CMD  run CMD and enable USDT probes on resulting process
    --debuginfo DIR[:DIR]
                   look for separate debug files (by build id, .gnu_debuglink) in DIR first
    -d, --emit asm print the eBPF disassembly of the program instead of running it
    --dump PASS    print what a compiler pass produced to stderr (${PASSES.join(", ")}, all)
    -e 'program'   execute this program
    -f FORMAT      output format ('text', 'json')
    -h, --help     show this help message
    --include FILE add an #include file before preprocessing the program
    -i             interactive session (the default with no program on a terminal)
    -k, --warnings emit a warning when probe read helpers return an error
    -l [glob]      list the probes this kernel offers (e.g. 'tracepoint:syscalls:*'); -lv adds arguments
    --no-tui       plain text output even when stdout is a terminal
    -o file        redirect ebt output to file
    -p, --pid PID  filter actions and enable USDT probes on PID
    -q, --quiet    keep messages quiet
    --usdt-file-activation
                   activate usdt semaphores based on file path (what probes attached by file do)
    -B MODE        output buffering mode ('line', 'full', 'none')
    --no-warnings  disable all warning messages
    --info         print information about kernel BPF support
    --dry-run      compile and load every program through the verifier, attach nothing, exit
    --fmt          format the input script and print it
    --test         run all test: probes (same as --mode test)
    --bench        run all bench: probes (same as --mode bench)
    --probe-filter REGEX
                   only run probes whose name matches REGEX
    --export prometheus[=ADDR:PORT]
                   serve every map on http://ADDR:PORT/metrics for Prometheus while the run
                   lasts (default 127.0.0.1:9435); exit() or SIGTERM ends it
    --metric-prefix PREFIX
                   with --export: metric names start with PREFIX (default ebt_)
    --aot FILE     compile the program into the executable FILE, which runs it later without
                   compiling (its options: FILE --help)
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
ebt examples/runqlat.ebt
    run one of the tools shipped in ebt's examples/ folder, from any directory (execsnoop,
    opensnoop, biolatency, runqlat, offcputime, tcplife, ...: the README lists them all)
`;

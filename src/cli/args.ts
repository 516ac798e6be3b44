/**
 * Command-line parsing in bpftrace's style. Like bpftrace's getopt, options may come after the
 * words too (`ebt -l 'usdt:*' -p PID`); `--` ends the options.
 */
import { PASSES } from "../compile.js";
import type { PassName } from "../compile.js";
import { scriptArguments } from "../semantic/positional.js";

export interface CliArgs {
  program?: { source: string; file: string } | { path: string };
  positional: string[];
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
  /** --unsafe: allow system(), signal() and other functions with side effects. */
  unsafe: boolean;
  /** -k / -kk: report helper errors at run time (accepted; see README). */
  helperChecks: 0 | 1 | 2;
  /** -l [glob]: list probes instead of running; -v (or -lv) adds their arguments. */
  list?: { glob?: string; verbose: boolean };
  verbose: boolean;
  /** -p PID (as written: checked when the run starts). */
  pid?: string;
  /** -c 'CMD': the command to start and trace. */
  command?: string;
  /** --dump PASS (repeatable, or `all`): print what these compiler passes produced, to stderr. */
  dump: PassName[];
}

export class UsageError extends Error {}

const NEEDS_VALUE = new Set(["-e", "-o", "--emit", "-f", "-p", "--pid", "-c", "--cmd", "--dump"]);

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { positional: [], quiet: false, help: false, version: false, format: "text", interactive: false, noTui: false, verbose: false, unsafe: false, helperChecks: 0, dump: [] };
  const words: string[] = [];
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
    if (NEEDS_VALUE.has(a) || /^--(emit|pid|cmd|dump)=/.test(a)) {
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
        if (value !== "text" && value !== "json") throw new UsageError(`-f: unknown output format '${value}' (text or json)`);
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
        // bpftrace ignores an empty command.
        args.command = value === "" ? undefined : value;
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
        args.helperChecks = Math.max(args.helperChecks, 1) as 1 | 2;
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
    // The first word after the options is the glob, not a program file.
    if (rest.length > 0) args.list.glob = rest.shift();
    args.list.verbose ||= args.verbose;
  }
  if (!args.program && rest.length > 0) args.program = { path: rest.shift()! };
  args.positional = scriptArguments(rest);
  return args;
}

export const USAGE = `USAGE:
    ebt [options] filename
    ebt [options] - <stdin input>
    ebt [options] -e 'program'
    ebt [-i]

OPTIONS:
    -c, --cmd CMD  run CMD and enable USDT probes on resulting process
    -d, --emit asm print the eBPF disassembly of the program instead of running it
    --dump PASS    print what a compiler pass produced to stderr (${PASSES.join(", ")}, all)
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
ebt examples/runqlat.ebt
    run one of the tools shipped in ebt's examples/ folder, from any directory (execsnoop,
    opensnoop, biolatency, runqlat, offcputime, tcplife, ...: the README lists them all)
`;

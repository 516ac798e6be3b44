/**
 * When the kernel's verifier rejects a program (a bug of ours by definition, DESIGN.md §7), say
 * which probe and which source line the failing instruction came from, and show the log's tail.
 */
import type { Span } from "../diagnostics/span.js";
import type { ProgramImage } from "../plan/plan.js";

/** The index of the last instruction the verifier printed before giving up. */
export function failingInsn(log: string): number | undefined {
  const lines = log.trimEnd().split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(\d+): \([0-9a-f]{2}\)/.exec(lines[i]!);
    if (m) return Number(m[1]);
  }
  return undefined;
}

export interface VerifierReport {
  message: string;
  span?: Span;
  tail: string;
  /** HINT lines under the message. */
  hints?: string[];
}

/**
 * The verifier's own limits: a program it could not prove safe within its budget. Not an ebt bug:
 * the program asks for more than the kernel checks (usually a loop bounded too loosely).
 */
const VERIFIER_LIMITS: { re: RegExp; what: (m: RegExpExecArray) => string }[] = [
  { re: /The sequence of (\d+) jumps is too complex/, what: (m) => `it follows a sequence of ${m[1]} jumps, more than the verifier's limit` },
  { re: /BPF program is too large\. Processed (\d+) insn/, what: (m) => `the verifier gave up after checking ${m[1]} instructions (its limit is 1,000,000)` },
  { re: /combined stack size of (\d+) calls is (\d+)\. Too large/, what: (m) => `its functions use ${m[2]} bytes of stack together (the limit is 512)` },
  { re: /back-edge from insn|infinite loop detected/, what: () => "the verifier could not prove that a loop ends" },
];

const LIMIT_HINTS = [
  "bound the loop by a smaller constant, or write it as `for ($i : 0..N)`, which the verifier checks once rather than once per iteration",
];

export function verifierReport(image: ProgramImage, log: string, tailLines = 8): VerifierReport {
  const insn = failingInsn(log);
  const span = insn === undefined ? undefined : (image.code.spans[insn] as Span | undefined);
  const lines = log.trimEnd().split("\n");
  const tail = lines.slice(-tailLines).join("\n");
  // A helper this kind of program may not call, or one this kernel withholds (lockdown withholds
  // bpf_probe_write_user): bpftrace's words, at the call. Not an ebt bug either.
  const refused = /\bcall (\w+)#\d+\n(?:[^\n]*\n)?[^\n]*(?:program of this type cannot use helper|helper call is not allowed in probe)/.exec(log);
  if (refused) {
    const hints = refused[1] === "bpf_probe_write_user" ? ["a kernel in lockdown (integrity or confidentiality) withholds bpf_probe_write_user from every program"] : undefined;
    return { message: `helper ${refused[1]} not allowed in probe`, span: span ?? image.target.span, tail: "", hints };
  }
  for (const { re, what } of VERIFIER_LIMITS) {
    const m = re.exec(log);
    if (!m) continue;
    return {
      message: `the program for ${image.target.label ?? image.target.name} is too complex for the kernel's verifier: ${what(m)}`,
      span: span ?? image.target.span,
      tail: "",
      hints: LIMIT_HINTS,
    };
  }
  return {
    message: `the kernel's verifier rejected the program for ${image.target.label ?? image.target.name}${insn === undefined ? "" : ` at instruction ${insn}`} (this is an ebt bug; please report it)`,
    span,
    tail,
  };
}

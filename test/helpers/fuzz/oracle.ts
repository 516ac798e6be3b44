/**
 * What the fuzzer demands of every program: it ends in diagnostics, or in programs the kernel's
 * verifier accepts (loaded with their maps, attached nowhere, then closed). An exception that
 * escapes, a verifier rejection blamed on ebt, or a kernel error that should have been a
 * diagnostic is a failure. Kernel limits reported as such are counted, not failed.
 */
import { compile } from "../../../src/compile.js";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import { KernelError } from "../../../src/runtime/errors.js";
import { progInfo } from "../../../src/runtime/bpf.js";
import { Engine, LoadRefused, VerifierRejected } from "../../../src/runtime/engine.js";
import type { Output } from "../../../src/runtime/output/output.js";
import type { KernelInfo } from "../../../src/contracts/kernel-info.js";

export type Outcome = "diagnostic" | "loaded" | "kernel-limit" | "refused" | "kernel-verifier-bug";

export interface Tally {
  diagnostic: number;
  loaded: number;
  "kernel-limit": number;
  refused: number;
  /** The kernel reported a bug of its own ("verifier bug: ..."): counted and printed, not failed. */
  "kernel-verifier-bug": number;
}

export const newTally = (): Tally => ({ diagnostic: 0, loaded: 0, "kernel-limit": 0, refused: 0, "kernel-verifier-bug": 0 });

/** An output that is never written to: nothing is attached, nothing runs. */
const NO_OUTPUT: Output = {
  attached: () => undefined,
  printf: () => undefined,
  value: () => undefined,
  map: () => undefined,
  exitMaps: () => undefined,
  lostEvents: () => undefined,
};

/** The ids of every program the fuzzer loaded: none may outlive its case (checked at the end). */
export const loadedPrograms = new Set<number>();

/** Kernel errors that are the machine's limits, not mistakes ebt should have caught. */
const LIMIT_CODES = new Set(["ENOMEM", "E2BIG", "EMFILE", "ENFILE", "ENOSPC"]);

/**
 * A compile that spends more CPU than this is a hang for the fuzzer's purposes. CPU time, not wall
 * time: on a machine shared with other work a compile may wait for a core far longer than it runs,
 * and that is no verdict on ebt. Typical cases take milliseconds; the largest (a wildcard of 360
 * tracepoints) well under a second.
 */
const SLOW_CPU_MS = 30_000;

/** This process's CPU time (user + system) in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export function checkProgram(source: string, file: string, kernel: KernelInfo): Outcome {
  const t0 = cpuMs();
  const result = compile(source, file, kernel, { unsafe: true, positional: ["1", "two"] });
  const spent = cpuMs() - t0;
  if (spent > SLOW_CPU_MS) throw new Error(`compiling took ${Math.round(spent)} ms of CPU`);
  // Rendering is part of what the user sees: it must not throw either.
  for (const d of result.diagnostics.items) renderDiagnostic(d, result.sources);
  if (!result.plan) {
    if (!result.diagnostics.hasErrors) throw new Error("no plan and no error");
    return "diagnostic";
  }
  const engine = new Engine(result.plan.records, NO_OUTPUT, () => undefined);
  try {
    engine.addMaps(result.plan.maps);
    const group = engine.load(result.plan);
    for (const p of group.programs) loadedPrograms.add(progInfo(p.fd).id);
    engine.unload(group);
    return "loaded";
  } catch (e) {
    if (e instanceof LoadRefused) return "refused";
    if (e instanceof VerifierRejected) {
      if (/too complex for the kernel's verifier/.test(e.report.message)) return "kernel-limit";
      // write_user(): this kernel withholds bpf_probe_write_user from every program (lockdown, or no
      // CAP_SYS_ADMIN in this container), reported at the call. Any other helper refused is ebt's
      // mistake: the checker knows which helpers each probe type may call.
      if (/^helper bpf_probe_write_user not allowed in probe$/.test(e.report.message)) return "kernel-limit";
      // Seen once in 10,000s of cases (two bpf_loop callbacks, "No program to jit ... subprog < 0"),
      // and not reproducible with the same program: printed for whoever looks into it.
      if (/^verifier bug:/m.test(e.report.tail)) {
        process.stderr.write(`kernel verifier bug on:\n${source}\n${e.report.tail}\n`);
        return "kernel-verifier-bug";
      }
      throw new Error(`${e.report.message}\n${e.report.tail}`);
    }
    if (e instanceof KernelError && LIMIT_CODES.has(e.code)) return "kernel-limit";
    throw e;
  } finally {
    engine.close();
  }
}

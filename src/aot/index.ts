/**
 * `ebt --aot FILE` and the executables it writes: the compile side writes the plan with the facts
 * it depends on (aot/file.ts); the run side reads it back, checks the facts on this machine and
 * hands the plan to the runtime as if it had just been compiled.
 */
import type { KernelInfo } from "../contracts/kernel-info.js";
import { SourceMap } from "../diagnostics/span.js";
import type { Plan } from "../plan/plan.js";
import { changedFact } from "./facts.js";
import type { Fact } from "./facts.js";
import { AOT_FORMAT, readAotFile, writeAotFile } from "./file.js";
import { deserializePlan, NotSerializable, serializePlan } from "./serialize.js";

export { recordingKernel, fileFacts } from "./facts.js";
export { setOptions } from "./options.js";

/** Writes `plan` as the executable `path`; returns the error to print when it cannot. */
export function writeAot(path: string, plan: Plan, sources: ReadonlyMap<string, SourceMap>, facts: Fact[], version: string, runtime: string): string | undefined {
  // A process given with -p or -c is this machine's, now: ebt refuses those before compiling.
  let text: string;
  try {
    text = serializePlan(plan);
  } catch (e) {
    if (e instanceof NotSerializable) return `this program cannot be compiled ahead of time: ${e.message}`;
    throw e;
  }
  try {
    writeAotFile(path, { format: AOT_FORMAT, ebt: version, plan: text, sources: [...sources].map(([f, s]) => [f, s.text]), facts }, runtime);
  } catch (e) {
    return `failed to write file '${path}': ${(e as Error).message}`;
  }
  return undefined;
}

/** The plan of the executable `path`, checked against this machine, or the error to print. */
export function loadAot(path: string, version: string, kernel: KernelInfo): { plan: Plan; sources: Map<string, SourceMap> } | { error: string } {
  const payload = readAotFile(path, version);
  if ("error" in payload) return payload;
  const changed = changedFact(payload.facts, kernel);
  if (changed) return { error: `${path} was compiled ahead of time for another system: ${changed} changed since. Compile it again with ebt --aot.` };
  let plan: Plan;
  try {
    plan = deserializePlan(payload.plan);
  } catch (e) {
    return { error: `Corrupted ahead-of-time compiled program: ${path}: ${(e as Error).message}` };
  }
  return { plan, sources: new Map(payload.sources.map(([f, t]) => [f, new SourceMap(f, t)])) };
}

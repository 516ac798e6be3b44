/**
 * The fuzzer (fast-check): programs generated from the grammar and mutations of the corpus. Each
 * ends in a diagnostic or in programs the verifier accepts; no exception escapes, nothing hangs,
 * nothing stays in the kernel. `npm test` runs it for EBT_FUZZ_SECONDS (default 12) per property;
 * `npm run fuzz` for ten minutes. A failure prints the seed and path that reproduce it:
 *   EBT_FUZZ_SEED=<seed> EBT_FUZZ_PATH=<path> npx vitest run --project live test/live/fuzz.live.test.ts
 */
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LiveKernelInfo } from "../../src/runtime/kernel-info.js";
import { listIds } from "../../src/runtime/bpf.js";
import { program } from "../helpers/fuzz/grammar.js";
import { corpusSeeds, mutated } from "../helpers/fuzz/mutate.js";
import { checkProgram, loadedPrograms, newTally } from "../helpers/fuzz/oracle.js";
import type { Tally } from "../helpers/fuzz/oracle.js";
import { ROOT } from "../helpers/run-ebt.js";

const SECONDS = Number(process.env.EBT_FUZZ_SECONDS ?? 12);
// `npm test` replays one fixed seed, so a red CI run always reproduces; `npm run fuzz` explores
// (EBT_FUZZ_SEED=random, or any seed to replay).
const seedEnv = process.env.EBT_FUZZ_SEED ?? (process.env.EBT_FUZZ_SECONDS ? "random" : "20261207");
const seed = seedEnv === "random" ? Date.now() % 2 ** 31 : Number(seedEnv);
const replayPath = process.env.EBT_FUZZ_PATH;
const kernel = new LiveKernelInfo();
const tallies: Record<string, Tally> = {};

/** The BPF objects (prog, map, link) that this process still holds an fd to. */
function bpfFdsOfThisProcess(): string[] {
  const held: string[] = [];
  for (const fd of readdirSync("/proc/self/fdinfo")) {
    let info: string;
    try {
      info = readFileSync(`/proc/self/fdinfo/${fd}`, "utf8");
    } catch {
      continue; // the fd of the directory listing itself, closed by now
    }
    for (const m of info.matchAll(/^(prog|map|link)_id:\s*(\d+)$/gm)) held.push(`fd ${fd}: ${m[1]} ${m[2]}`);
  }
  return held;
}

function run(name: string, arb: fc.Arbitrary<{ file: string; source: string }>): void {
  it(`${name}: diagnostics or verified programs, for ${SECONDS} s (seed ${seed})`, async () => {
    const tally = (tallies[name] = newTally());
    await fc.assert(
      fc.asyncProperty(arb, async ({ file, source }) => {
        tally[checkProgram(source, file, kernel)]++;
        // Let the test runner's messages through: a long run that never yields to the event loop
        // ends in vitest's "Timeout calling onTaskUpdate".
        await new Promise((r) => setImmediate(r));
      }),
      {
        seed,
        ...(replayPath ? { path: replayPath } : {}),
        numRuns: replayPath ? 1 : 1_000_000,
        interruptAfterTimeLimit: SECONDS * 1000,
        markInterruptAsFailure: false,
        endOnFailure: true,
      },
    );
  }, (SECONDS + 120) * 1000);
}

describe("fuzzer", () => {
  // Up front, so that a run that never ends (a compile caught in a loop blocks the event loop and
  // every timeout with it) can still be replayed.
  process.stderr.write(`fuzz seed ${seed}, ${SECONDS} s per half\n`);
  run("grammar", program.map((source) => ({ file: "fuzz.bt", source })));
  run("corpus mutations", mutated(corpusSeeds(path.join(ROOT, "test/corpus"))));

  afterAll(async () => {
    process.stderr.write(`fuzz seed ${seed}: ${JSON.stringify(tallies)}\n`);
    // Only our own programs: other tracers on this machine come and go meanwhile. The kernel frees
    // a closed program after an RCU grace period, so give it a moment.
    let left: number[] = [];
    for (let i = 0; i < 100; i++) {
      left = listIds("prog").filter((id) => loadedPrograms.has(id));
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(left).toEqual([]);
    // Nor any map, program or link fd: each case closed everything it created.
    expect(bpfFdsOfThisProcess()).toEqual([]);
  });
});

/**
 * The language corpus, run live: every program in test/corpus prints exactly its expected text.
 * See test/helpers/corpus.ts for the layout; `node scripts/corpus-expect.mjs` fills expected
 * files from bpftrace 0.17 for cases marked `// expected: bpftrace 0.17`.
 */
import { execSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus, withoutAttachLine, withoutFrameOffsets } from "../helpers/corpus.js";
import type { CorpusCase } from "../helpers/corpus.js";
import { EbtProcess, ROOT } from "../helpers/run-ebt.js";

const corpus = loadCorpus(path.join(ROOT, "test/corpus"));

async function run(c: CorpusCase) {
  const program = c.via === "stdin" ? ["-"] : c.via === "-e" ? ["-e", c.source] : [c.file];
  const args = [...c.args, ...program, ...c.scriptArgs];
  const ebt = new EbtProcess(args, { cwd: c.dir, env: c.env, stdin: c.via === "stdin" ? c.source : undefined });
  if (c.trigger !== undefined) {
    await ebt.attached();
    execSync(c.trigger, { cwd: c.dir, stdio: "ignore", shell: "/bin/sh" });
    // A program that ends itself with exit() may be exiting right now: a Ctrl-C then would race
    // its teardown. Give it a moment to leave on its own, as a user at the terminal would.
    for (let i = 0; i < 25 && ebt.child.exitCode === null && ebt.child.signalCode === null; i++) await new Promise((r) => setTimeout(r, 20));
    if (ebt.child.exitCode === null && ebt.child.signalCode === null) ebt.signal("SIGINT");
  }
  // Generous: cases of a group run concurrently, on machines busy with other work.
  return ebt.wait(25_000);
}

it("the corpus is not empty", () => {
  expect([...corpus.values()].flat().length).toBeGreaterThan(0);
});

for (const [group, cases] of corpus) {
  describe.concurrent(group, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const r = await run(c);
        // ebt's `Attached N probes` line is on stderr; bpftrace 0.17's was on stdout, so no .err has it (-q cases check its absence).
        const frames = c.anyKernelOffset ? withoutFrameOffsets : (t: string) => t;
        expect({ stdout: frames(r.stdout), stderr: withoutAttachLine(r.stderr, c.args), code: r.code }).toEqual({
          stdout: frames(c.stdout),
          stderr: c.stderr ?? "",
          code: c.exitCode,
        });
      });
    }
  });
}

/**
 * Runs one of the shipped tools (examples/NAME.ebt) as a user does, from another directory
 * (`ebt examples/NAME.ebt` finds the shipped file), triggers its event once the probes are
 * attached, waits for the row the trigger must produce, then stops it with Ctrl-C.
 */
import os from "node:os";
import { EbtProcess } from "./run-ebt.js";
import type { EbtResult } from "./run-ebt.js";

export interface ToolRun extends EbtResult {
  /** stdout split into lines. */
  lines: string[];
}

export async function runTool(
  name: string,
  opts: {
    args?: string[];
    ebtArgs?: string[];
    /** Makes the event happen; called once the probes are attached. May return a value for `until`. */
    trigger: () => Promise<unknown>;
    /** What stdout must show before the run is stopped; absent: stop right after the trigger. */
    until?: RegExp | ((stdout: string) => boolean);
    timeoutMs?: number;
  },
): Promise<ToolRun> {
  const ebt = new EbtProcess([...(opts.ebtArgs ?? []), `examples/${name}.ebt`, ...(opts.args ?? [])], { cwd: os.tmpdir() });
  try {
    await ebt.waitFor(/Attached \d+ probes?\n/, "stderr", 60_000);
    await opts.trigger();
    const until = opts.until;
    if (until) {
      const start = Date.now();
      const seen = () => (typeof until === "function" ? until(ebt.stdout) : until.test(ebt.stdout));
      while (!seen()) {
        if (ebt.child.exitCode !== null) break;
        if (Date.now() - start > (opts.timeoutMs ?? 45_000)) break;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  } finally {
    ebt.signal("SIGINT");
  }
  const r = await ebt.wait();
  return { ...r, lines: r.stdout.split("\n") };
}

/**
 * `ebt --test` and `ebt --bench` (current bpftrace's --mode test / bench): instead of attaching
 * probes, run the program's test: or bench: probes with BPF_PROG_TEST_RUN. BEGIN runs first and
 * END last, as in a normal run; nothing else attaches and the maps are not printed at the end.
 *
 * A test fails when its program returns non-zero, calls exit() with a non-zero code, or reports an
 * error (errorf); what a failed test printed is shown with its result. A benchmark runs its
 * program until it has run at least a millisecond in all, and reports the average time per run as
 * the kernel counts it (BPF run-time statistics); a benchmark that fails is reported and skipped.
 */
import type { Plan } from "../plan/plan.js";
import { closeFd, enableStats, progInfo } from "./bpf.js";
import { Engine } from "./engine.js";
import type { ProbeGroup } from "./engine.js";
import type { Output, RuntimeDiagnostic } from "./output/output.js";
import { writeStatus } from "./output/output.js";
import { formatMap, formatValue } from "./output/text.js";
import type { MapDump } from "./output/text.js";
import type { Value } from "../plan/value.js";

/** What a test or a benchmark printed, kept as text, and how many errors it reported. */
class CaptureOutput implements Output {
  text = "";
  errors = 0;
  attached(): void {}
  printf(text: string): void {
    this.text += text;
  }
  value(v: Value): void {
    this.text += formatValue(v) + "\n";
  }
  map(m: MapDump, top: number, div: number): void {
    this.text += formatMap(m, top, div);
  }
  exitMaps(): void {}
  lostEvents(): void {}
  warning(text: string): void {
    this.text += text;
  }
  diagnostic(d: RuntimeDiagnostic): void {
    if (d.type === "errorf") this.errors++;
    this.text += d.text;
  }
}

/** How long the program's runs took in the kernel so far, and how many there were. */
function runStats(fd: number): { ns: bigint; runs: bigint } {
  const info = progInfo(fd);
  return { ns: info.runTimeNs, runs: info.runCnt };
}

/** The name a test or benchmark is reported under: what follows `test:` / `bench:`. */
function reportedName(target: { name: string; detail: Record<string, string | number> }): string {
  return String(target.detail.name ?? target.name);
}

/** Runs the plan's test: (or bench:) probes; resolves with the exit code (1 if any failed). */
export function runTestMode(plan: Plan, out: Output, mode: "test" | "bench"): number {
  let exitCode: number | undefined;
  const engine = new Engine(plan.records, out, (code) => {
    exitCode ??= code;
  });
  // Only what this mode runs is loaded: other probes would not attach anyway.
  const programs = plan.programs.filter((p) => p.runOnce || p.target.provider.trigger === mode);
  let group: ProbeGroup | undefined;
  let stats: number | undefined;
  try {
    engine.addMaps(plan.maps);
    group = engine.load({ programs });
    engine.startReader();
    engine.runOnce(group, "begin");
    engine.resetExit();
    exitCode = undefined;
    // Run-time statistics while the fd is open: what the benchmark and test durations come from.
    try {
      stats = enableStats();
    } catch {
      // Durations are then measured from user space (benchmarks) or reported as 0 (tests).
    }
    const runs = group.programs.filter((p) => p.image.target.provider.trigger === mode);
    const names = runs.map((p) => reportedName(p.image.target));
    let failed = false;
    if (mode === "test") {
      const passed: boolean[] = [];
      runs.forEach(({ fd }, index) => {
        const capture = new CaptureOutput();
        const previous = engine.redirect(capture);
        const before = runStats(fd);
        const retval = engine.runTriggered(fd);
        const after = runStats(fd);
        engine.redirect(previous);
        const ok = retval === 0 && (exitCode ?? 0) === 0 && capture.errors === 0;
        passed.push(ok);
        failed ||= !ok;
        out.testResult?.({ names, index, passed, durationNs: after.ns - before.ns, output: capture.text });
        engine.resetExit();
        exitCode = undefined;
      });
    } else {
      runs.forEach(({ fd }, index) => {
        const result = benchmark(engine, fd, () => exitCode);
        engine.resetExit();
        exitCode = undefined;
        if (result === "skipped") return;
        if (result === "failed") {
          const text = `ERROR: Benchmark '${names[index]}' failed.\n`;
          if (out.warning) out.warning(text);
          else writeStatus(text);
          failed = true;
          return;
        }
        out.benchmarkResult?.({ names, index, averageNs: result.averageNs, iters: result.iters });
      });
    }
    engine.runOnce(group, "end");
    engine.drain();
    // The two newlines that end every run; the maps are not printed after tests or benchmarks.
    out.exitMaps([]);
    out.close?.();
    return failed ? 1 : 0;
  } finally {
    if (stats !== undefined) closeFd(stats);
    if (group) engine.unload(group);
    engine.close();
  }
}

/** The smallest total run time a benchmark's average is taken over. */
const BENCH_MIN_NS = 1_000_000n;

/**
 * Runs the program 1, 2, 4... times (output discarded) until the runs took BENCH_MIN_NS in all.
 * A benchmark skips itself by returning non-zero (as in bpftrace), and fails by calling exit()
 * with a non-zero code or reporting an error.
 */
function benchmark(engine: Engine, fd: number, exitCode: () => number | undefined): { averageNs: bigint; iters: number } | "skipped" | "failed" {
  const discard = new CaptureOutput();
  const previous = engine.redirect(discard);
  try {
    for (let iters = 1; ; iters *= 2) {
      const before = runStats(fd);
      const started = process.hrtime.bigint();
      for (let i = 0; i < iters; i++) {
        const retval = engine.runTriggered(fd);
        if ((exitCode() ?? 0) !== 0 || discard.errors > 0) return "failed";
        if (retval !== 0) return "skipped";
        discard.text = "";
      }
      const after = runStats(fd);
      // Without run-time statistics (they could not be enabled), the wall time, system calls included.
      const counted = after.runs - before.runs > 0n;
      const ns = counted ? after.ns - before.ns : process.hrtime.bigint() - started;
      if (ns >= BENCH_MIN_NS) return { averageNs: ns / BigInt(iters), iters };
    }
  } finally {
    engine.redirect(previous);
  }
}

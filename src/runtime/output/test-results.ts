/**
 * What `--test` and `--bench` print, in current bpftrace's layouts: gtest-like lines for tests
 * (coloured, as bpftrace colours them, whatever stdout is), a table for benchmarks; and the
 * `test_result` / `benchmark_result` objects of -f json. Text is a byte string (util/byte-strings.ts):
 * a failed test's output is shown byte for byte.
 */
import { toByteString } from "../../util/byte-strings.js";

/** One test's outcome, with what the whole run needs to print its header and summary. */
export interface TestResult {
  names: readonly string[];
  index: number;
  /** Whether each test so far (this one included) passed. */
  passed: readonly boolean[];
  durationNs: bigint;
  /** What the test printed (shown only when it failed). */
  output: string;
}

export interface BenchmarkResult {
  names: readonly string[];
  index: number;
  averageNs: bigint;
  iters: number;
}

const GREEN = "\x1b[32m";
const RED = "\x1b[31m";
const RESET = "\x1b[0m";
const green = (tag: string) => `${GREEN}${tag}${RESET}`;
const red = (tag: string) => `${RED}${tag}${RESET}`;

function plural(n: number): string {
  return n === 1 ? "test" : "tests";
}

/**
 * The duration in the largest unit it reaches. (bpftrace prints the unit's scale here instead of
 * the duration, "(1000 μs)" for every test between 1 and 2 ms: plainly a slip, so not copied.)
 */
function duration(ns: bigint): string {
  const units: [bigint, string][] = [[1_000_000_000n, "s"], [1_000_000n, "ms"], [1_000n, "μs"]];
  // A byte string, like the rest of the output: μ is two bytes in UTF-8.
  for (const [scale, unit] of units) if (ns >= scale) return toByteString(`${ns / scale} ${unit}`);
  return `${ns} ns`;
}

export function testResultText(r: TestResult): string {
  const name = r.names[r.index]!;
  let out = r.index === 0 ? `${green("[==========]")} Running ${r.names.length} tests.\n` : "";
  out += `${green("[ RUN      ]")} ${name}\n`;
  if (r.passed[r.index]) out += `${green("[       OK ]")} ${name}`;
  else {
    for (const line of r.output.split("\n")) if (line !== "") out += `${line}\n`;
    out += `${red("[  FAILED  ]")} ${name}`;
  }
  out += ` (${duration(r.durationNs)})\n`;
  if (r.index === r.names.length - 1) {
    const passed = r.passed.filter((p) => p).length;
    const failed = r.passed.length - passed;
    out += `${green("[==========]")} ${r.names.length} ${plural(r.names.length)} ran.\n`;
    out += `${green("[  PASSED  ]")} ${passed} ${plural(passed)}.\n`;
    if (failed > 0) {
      out += `${red("[  FAILED  ]")} ${failed} ${plural(failed)}, listed below:\n`;
      r.names.forEach((n, i) => {
        if (!r.passed[i]) out += `${red("[  FAILED  ]")} ${n}\n`;
      });
    }
  }
  return out;
}

export function benchmarkResultText(r: BenchmarkResult): string {
  const width = Math.max(40, ...r.names.map((n) => n.length)) + 1;
  const TIME = 15;
  let out = "";
  if (r.index === 0) {
    out += "Benchmark".padEnd(width) + "Time(ns)".padEnd(TIME) + "Iterations\n";
    out += "-".repeat(width + TIME + "Iterations".length) + "\n";
  }
  return out + r.names[r.index]!.padEnd(width) + String(r.averageNs).padEnd(TIME) + `${r.iters}\n`;
}

/** A JSON string as bpftrace writes one (json.ts has the same rule; a copy here keeps the two modules acyclic). */
function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c <= 0x1f) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}

export function testResultJson(r: TestResult): string {
  const fields = `{"duration": ${r.durationNs}, "passed": ${r.passed[r.index]}, "output": ${jsonString(r.output)}}`;
  return `{"type": "test_result", "data": {${jsonString(toByteString(r.names[r.index]!))}: ${fields}}}\n`;
}

export function benchmarkResultJson(r: BenchmarkResult): string {
  const fields = `{"average": ${r.averageNs}, "iters": ${r.iters}}`;
  return `{"type": "benchmark_result", "data": {${jsonString(toByteString(r.names[r.index]!))}: ${fields}}}\n`;
}

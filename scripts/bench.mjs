#!/usr/bin/env node
// Start-up benchmarks: how long from `ebt ...` to a running program, and what compiling costs.
// Run after `npm install` (uses dist/). Prints medians over several runs; no thresholds: read them.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ebt = path.join(root, "dist/cli/main.js");
const runs = Number(process.env.BENCH_RUNS ?? 10);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeCommand(args, input) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [ebt, ...args], { stdio: [input === undefined ? "ignore" : "pipe", "ignore", "ignore"], input });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`ebt ${args.join(" ")} exited ${r.status}`);
  }
  return median(times);
}

const baseline = (() => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ["-e", "0"], { stdio: "ignore" });
    times.push(performance.now() - t);
  }
  return median(times);
})();

const { compile } = await import(path.join(root, "dist/compile.js"));
const { LiveKernelInfo } = await import(path.join(root, "dist/runtime/kernel-info.js"));
const kernel = new LiveKernelInfo();
const src = 'tracepoint:syscalls:sys_enter_openat /pid != 1/ { @[comm] = count(); printf("%s %s\\n", comm, str(args.filename)); }';
compile(src, "stdin", kernel); // warm: parser construction and tracefs reads
const compileTimes = [];
for (let i = 0; i < runs * 10; i++) {
  const t = performance.now();
  compile(src, "stdin", kernel);
  compileTimes.push(performance.now() - t);
}

const rows = [
  ["node -e 0 (process start, for reference)", baseline],
  ["ebt -e 'BEGIN { exit(); }' (compile, load, run, exit)", timeCommand(["-e", "BEGIN { exit(); }"])],
  ["ebt -d -e '<tracepoint one-liner>' (compile only)", timeCommand(["-d", "-e", src])],
  ["compile() of a tracepoint one-liner, warm", median(compileTimes)],
  ["ebt -i: REPL start, one BEGIN probe, exit", timeCommand(["-i"], "BEGIN { @x = 1; }\n.exit\n")],
];
for (const [name, ms] of rows) console.log(`${ms.toFixed(2).padStart(9)} ms  ${name}`);

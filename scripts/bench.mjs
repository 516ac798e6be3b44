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

/** Runs `code` (an ES module body that prints one number of ms) in fresh processes: the cold cost. */
function timeFresh(code) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(Number(r.stdout.trim()));
  }
  return median(times);
}

// Kernel types: the first use of BTF in a process reads /sys/kernel/btf/vmlinux (5 MB), indexes
// its types, finds struct task_struct and lays out the fields a script names.
const btfWork = timeFresh(`
  const { kernelBtf } = await import(${JSON.stringify(path.join(root, "dist/btf/btf.js"))});
  const kt = await import(${JSON.stringify(path.join(root, "dist/semantic/kernel-types.js"))});
  const t = performance.now();
  kernelBtf();
  const task = kt.taskStructPointer();
  const parent = kt.fieldLayout(task.to, "parent", false);
  kt.fieldLayout(parent.type.to, "comm", false);
  kt.fieldLayout(task.to, "mm", false);
  console.log(performance.now() - t);
`);
// Stacks: the first stack printed reads and indexes /proc/kallsyms.
const kallsymsWork = timeFresh(`
  const { kernelSymbols } = await import(${JSON.stringify(path.join(root, "dist/runtime/kernel/kallsyms.js"))});
  const t = performance.now();
  kernelSymbols().resolve(kernelSymbols().address("do_syscall_64") + 5n);
  console.log(performance.now() - t);
`);
const btfSrc = 'BEGIN { printf("%d %s\\n", curtask->parent->pid > 0, curtask->mm->owner->comm); exit(); }';

const rows = [
  ["node -e 0 (process start, for reference)", baseline],
  ["ebt -e 'BEGIN { exit(); }' (compile, load, run, exit)", timeCommand(["-e", "BEGIN { exit(); }"])],
  ["ebt -d -e '<tracepoint one-liner>' (compile only)", timeCommand(["-d", "-e", src])],
  ["compile() of a tracepoint one-liner, warm", median(compileTimes)],
  ["ebt -i: REPL start, one BEGIN probe, exit", timeCommand(["-i"], "BEGIN { @x = 1; }\n.exit\n")],
  ["ebt -e '<curtask->parent->pid, curtask->mm->owner->comm>' (BTF types, end to end)", timeCommand(["-e", btfSrc])],
  ["BTF work, cold: read vmlinux BTF, find struct task_struct, 3 fields", btfWork],
  ["kallsyms, cold: read and index /proc/kallsyms (first stack printed)", kallsymsWork],
];
for (const [name, ms] of rows) console.log(`${ms.toFixed(2).padStart(9)} ms  ${name}`);

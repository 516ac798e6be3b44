#!/usr/bin/env node
// npm run bench: ebt's start-up, teardown and compile figures, side by side with bpftrace when it
// is installed (issue 16's table). Run as root after `npm install`; it runs dist/cli/main.js, the
// file users run. Tools alternate run by run and each cell is a median, because the machines this
// runs on are shared and noisy. Nothing here is a pass/fail threshold: the regression check that CI
// runs counts start-up phases instead (test/live/startup-phases.live.test.ts, using startupPhases()).
//
//   BENCH_RUNS=N     runs per cell (default 7)
//   BENCH_QUICK=1    3 runs, and the large compile rows at half size
//   BENCH_BPFTRACE=0 leave bpftrace out even when it is installed
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startupPhases } from "./bench/phases.mjs";
import { scrapeCost } from "./bench/scrape.mjs";
import { dwarfLookupCost, nodeLookupCost } from "./bench/dwarf.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ebtMain = path.join(root, "dist/cli/main.js");
const quick = process.env.BENCH_QUICK === "1";
const runs = Number(process.env.BENCH_RUNS ?? (quick ? 3 : 7));
const hasBpftrace = process.env.BENCH_BPFTRACE !== "0" && spawnSync("bpftrace", ["--version"]).status === 0;
const tools = [{ name: "ebt", argv: [process.execPath, ebtMain] }];
if (hasBpftrace) tools.push({ name: "bpftrace", argv: ["bpftrace"] });
const work = mkdtempSync(path.join(tmpdir(), "ebt-bench-"));

const median = (xs) => {
  const s = xs.filter((x) => x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : undefined;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A process that makes the syscalls the tracepoint rows wait for, every millisecond: getppid and
 * nine other cheap get* calls. Python's os module makes each a real system call.
 */
function startTrigger() {
  const code = "import os,time\nwhile True:\n" +
    " os.getppid(); os.getpgid(0); os.getuid(); os.geteuid(); os.getgid(); os.getegid(); os.getsid(0)\n" +
    " os.getpriority(os.PRIO_PROCESS, 0); os.getresuid(); os.getresgid(); time.sleep(0.001)\n";
  return spawn("python3", ["-c", code], { stdio: "ignore" });
}

/** Perf-event fds a process holds (how far a tool that announces before attaching has got). */
function perfEventFds(pid) {
  let n = 0;
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === "anon_inode:[perf_event]") n++;
      } catch {}
    }
  } catch {}
  return n;
}

/**
 * Runs `tool` with `args` (stdout and stderr piped, in its own process group) until `ready(out)`
 * says so (out: everything printed so far, both streams), then, with `interrupt`, sends SIGINT and
 * waits for the exit. Times in ms from launch; CPU and peak RSS from /usr/bin/time.
 */
async function run(tool, args, { ready, interrupt = false, pollFds, timeoutMs = 60_000, expectReady = true }) {
  const timeFile = path.join(work, "time");
  rmSync(timeFile, { force: true });
  const t0 = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "%U %S %M", "-o", timeFile, ...tool.argv, ...args], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let readyMs;
  let exitMs;
  const check = () => {
    if (readyMs === undefined && ready(out)) readyMs = performance.now() - t0;
  };
  child.stdout.on("data", (d) => ((out += d), check()));
  child.stderr.on("data", (d) => ((out += d), check()));
  const exited = new Promise((r) => child.on("exit", () => r((exitMs = performance.now() - t0))));
  const deadline = t0 + timeoutMs;
  while (readyMs === undefined && exitMs === undefined && performance.now() < deadline) {
    if (pollFds !== undefined) {
      const toolPid = Number(spawnSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).stdout.trim().split("\n")[0]);
      if (toolPid && perfEventFds(toolPid) >= pollFds) readyMs = performance.now() - t0;
    }
    await sleep(pollFds !== undefined ? 5 : 2);
  }
  let teardownMs;
  if (interrupt && exitMs === undefined) {
    await sleep(200);
    const t = performance.now();
    process.kill(-child.pid, "SIGINT");
    await exited;
    teardownMs = exitMs - (t - t0);
  }
  if (exitMs === undefined) {
    const killer = setTimeout(() => process.kill(-child.pid, "SIGKILL"), timeoutMs);
    await exited;
    clearTimeout(killer);
  }
  let cpuMs, rssMb;
  try {
    const [u, s, m] = readFileSync(timeFile, "utf8").trim().split("\n").pop().split(" ").map(Number);
    cpuMs = (u + s) * 1000;
    rssMb = m / 1024;
  } catch {}
  if (readyMs === undefined && expectReady) process.stderr.write(`bench: ${tool.name} ${args.join(" ").slice(0, 60)}: never ready:\n${out.slice(0, 400)}\n`);
  return { readyMs, exitMs, teardownMs, cpuMs, rssMb };
}

/** `tool` on a pseudo-terminal (node-pty; the TUI path for ebt): launch → `marker` on the terminal. */
async function runPty(tool, args, marker, timeoutMs = 60_000) {
  const { spawn: spawnPty } = await import("node-pty");
  const t0 = performance.now();
  const term = spawnPty(tool.argv[0], [...tool.argv.slice(1), ...args], { name: "xterm-256color", cols: 100, rows: 30, cwd: root, env: process.env });
  let out = "";
  let readyMs;
  let done = false;
  const exited = new Promise((r) => term.onExit(() => r((done = true))));
  term.onData((d) => {
    out += d;
    if (readyMs === undefined && out.includes(marker)) readyMs = performance.now() - t0;
  });
  const deadline = t0 + timeoutMs;
  while (readyMs === undefined && performance.now() < deadline && !done) await sleep(2);
  term.write("\x03"); // Ctrl-C on the terminal
  const killer = setTimeout(() => term.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(killer);
  return { readyMs };
}

/**
 * The TUI as issue 18 measured it, in tmux (when installed): a printf one-liner on a process making
 * getppid calls as fast as it can; 500 captures of the pane 20 ms apart, counting those without
 * the status line on the last row; then the panel is opened, the window narrowed from 160 to 90
 * columns, and the rows holding pieces of a panel counted outside the live one, and after exit in
 * the whole scrollback.
 */
async function tuiUnderTmux() {
  if (spawnSync("tmux", ["-V"]).status !== 0) return undefined;
  const sock = `ebt-bench-${process.pid}`;
  const tmux = (...a) => spawnSync("tmux", ["-L", sock, ...a], { encoding: "utf8" });
  const load = spawn("python3", ["-c", "import os\nwhile True: os.getppid()"], { stdio: "ignore" });
  const status = /^ \d+ probes? \| (\d+) events\/s/;
  const box = /[┌┐└┘│─]/;
  try {
    tmux("new-session", "-d", "-x", "160", "-y", "40", "-s", "b", process.execPath, ebtMain, "-e",
      `tracepoint:raw_syscalls:sys_enter { @[comm] = count(); } tracepoint:syscalls:sys_enter_getppid /pid == ${load.pid}/ { printf("getppid %d %s\\n", pid, comm); }`);
    tmux("set-option", "-w", "-t", "b", "remain-on-exit", "on");
    const pane = () => tmux("capture-pane", "-p", "-t", "b").stdout.replace(/\n+$/, "").split("\n");
    const lastRow = () => { const p = tmux("capture-pane", "-p", "-t", "b").stdout.split("\n"); return p[p.length - 2] ?? ""; };
    const start = performance.now();
    while (!status.test(lastRow()) && performance.now() - start < 30_000) await sleep(50);
    await sleep(2000); // the status line has a rate by now
    let without = 0;
    let rate = 0;
    for (let i = 0; i < 500; i++) {
      const last = lastRow();
      const m = status.exec(last);
      if (!m) without++;
      else rate = Math.max(rate, Number(m[1]));
      await sleep(20);
    }
    tmux("send-keys", "-t", "b", "m");
    await sleep(1500);
    tmux("resize-window", "-t", "b", "-x", "90", "-y", "40");
    await sleep(1500);
    const after = pane();
    const top = after.findIndex((r) => r.startsWith("┌"));
    const residueLive = after.filter((r, i) => (top < 0 || i < top) && box.test(r)).length;
    tmux("send-keys", "-t", "b", "q");
    await sleep(3000);
    // remain-on-exit keeps the pane's text after ebt exits.
    const history = tmux("capture-pane", "-p", "-S", "-", "-t", "b").stdout.split("\n");
    const residueExit = history.filter((r) => box.test(r) || status.test(r)).length;
    return { without, rate, residueLive, residueExit };
  } finally {
    load.kill("SIGKILL");
    tmux("kill-server");
  }
}

const trigger = startTrigger();
const T = trigger.pid;
const hasLine = (re) => (out) => re.test(out);
const multi = ["getppid", "getpgid", "getuid", "geteuid", "getgid", "getegid", "getsid", "getpriority", "getresuid", "getresgid"];
const cases = {
  tp: `tracepoint:syscalls:sys_enter_getppid /pid == ${T}/ { printf("hit %d\\n", pid); exit(); }`,
  begin: 'BEGIN { printf("hi\\n"); exit(); }',
  multi: multi.map((s, i) => `tracepoint:syscalls:sys_enter_${s} /pid == ${T}/ { printf("m${i}\\n"); }`).join(" "),
  wildcard: "tracepoint:syscalls:sys_enter_* { @[probe] = count(); }",
};
const syscallEnterCount = readdirSync("/sys/kernel/tracing/events/syscalls").filter((e) => e.startsWith("sys_enter_")).length;
const allMarkers = (out) => multi.every((_, i) => out.includes(`m${i}\n`));

/** Alternates the tools run by run; returns per tool the list of results. */
async function alternate(fn) {
  const results = Object.fromEntries(tools.map((t) => [t.name, []]));
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? tools : [...tools].reverse();
    for (const t of order) results[t.name].push(await fn(t));
  }
  return results;
}
const pick = (results, key) => Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, median(rs.map((r) => r[key]))]));

const rows = [];
const row = (name, values, unit = "ms") => rows.push({ name, values, unit });

process.stderr.write(`bench: ${runs} runs per cell, tools: ${tools.map((t) => t.name).join(", ")}\n`);
const nodeBaseline = [];
for (let i = 0; i < runs; i++) nodeBaseline.push((await run({ name: "node", argv: [process.execPath] }, ["-e", "0"], { ready: () => false, expectReady: false })).exitMs);
row("`node -e 0` (the floor for any Node program)", { ebt: median(nodeBaseline) });

const tp = await alternate((t) => run(t, ["-e", cases.tp], { ready: hasLine(/^hit \d+$/m) }));
row("tracepoint printf one-liner, launch → first event line", pick(tp, "readyMs"));
const begin = await alternate((t) => run(t, ["-e", cases.begin], { ready: hasLine(/^hi$/m) }));
row('`BEGIN { printf("hi\\n"); exit(); }`, launch → "hi"', pick(begin, "readyMs"));
const multi10 = await alternate((t) => run(t, ["-e", cases.multi], { ready: allMarkers, interrupt: true }));
row("10 tracepoints, launch → all attached (all 10 fired)", pick(multi10, "readyMs"));
row("10 tracepoints, SIGINT → exit", pick(multi10, "teardownMs"));
row("CPU spent starting a one-liner (tracepoint one-liner, launch → exit)", pick(tp, "cpuMs"));
row("peak RSS of the tracepoint one-liner", pick(tp, "rssMb"), "MiB");
const pty = await alternate((t) => runPty(t, ["-e", cases.tp.replace("exit(); ", "")], "hit "));
row("same one-liner with stdout on a terminal (ebt: TUI path), launch → first event", pick(pty, "readyMs"));
const tmuxRun = await tuiUnderTmux();
if (tmuxRun) {
  row("TUI in tmux under load: events/s (the status line's highest reading)", { ebt: tmuxRun.rate }, "count");
  row("TUI in tmux under load: captures without the status line, of 500", { ebt: tmuxRun.without }, "count");
  row("TUI in tmux: rows with pieces of a panel after narrowing 160 → 90 columns (outside the live panel)", { ebt: tmuxRun.residueLive }, "count");
  row("TUI in tmux: rows of panel or status line left in the scrollback after exit", { ebt: tmuxRun.residueExit }, "count");
}
const wildRuns = Math.min(runs, 3);
const wild = Object.fromEntries(tools.map((t) => [t.name, []]));
for (let i = 0; i < wildRuns; i++) {
  for (const t of tools) {
    // ebt announces once everything is attached; bpftrace 0.17 before attaching, so for it the
    // perf-event fds it holds are counted instead.
    const opts = t.name === "ebt"
      ? { ready: hasLine(/^Attached \d+ probes/m), interrupt: true, timeoutMs: 120_000 }
      : { ready: () => false, pollFds: syscallEnterCount - 1, interrupt: true, timeoutMs: 120_000 };
    wild[t.name].push(await run(t, ["-e", cases.wildcard], opts));
  }
}
row(`\`tracepoint:syscalls:sys_enter_*\` (${syscallEnterCount} probes), launch → attached`, pick(wild, "readyMs"));
row(`\`tracepoint:syscalls:sys_enter_*\` (${syscallEnterCount} probes), SIGINT → exit`, pick(wild, "teardownMs"));
trigger.kill();

// Compile cost: -d (disassemble) compiles without touching the kernel.
const scale = quick ? 0.5 : 1;
function compileRow(label, file, text) {
  writeFileSync(file, text);
  const rs = [];
  for (let i = 0; i < Math.min(runs, 3); i++) rs.push(spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", process.execPath, ebtMain, "-d", file], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 30 }));
  const parsed = rs.map((r) => r.stderr.trim().split("\n").pop().split(" ").map(Number));
  row(`${label}, compile only (-d): CPU`, { ebt: median(parsed.map(([, u, s]) => (u + s) * 1000)) });
  row(`${label}, compile only (-d): peak RSS`, { ebt: median(parsed.map(([, , , m]) => m / 1024)) }, "MiB");
}
const nMaps = Math.round(10_000 * scale), nStmts = Math.round(60_000 * scale);
// 50 maps a probe: the kernel takes at most 64 maps in one program (ebt refuses more at compile time).
const mapProbes = (probe) => Array.from({ length: Math.ceil(nMaps / 50) }, (_, p) => probe(Array.from({ length: Math.min(50, nMaps - p * 50) }, (_, i) => p * 50 + i)));
compileRow(`${nMaps.toLocaleString("en")} maps in one program`, path.join(work, "maps.bt"),
  mapProbes((ids) => "BEGIN {\n" + ids.map((i) => `  @m${i} = ${i};\n`).join("") + "}\n").join("") + "BEGIN { exit(); }\n");
// The same on one line, as `-e` gives it: per-place texts that copy their source line grow as n².
compileRow(`${nMaps.toLocaleString("en")} maps in one program on one line`, path.join(work, "maps-line.bt"),
  mapProbes((ids) => "BEGIN { " + ids.map((i) => `@m${i} = ${i}; `).join("") + "} ").join("") + "BEGIN { exit(); }\n");
compileRow(`${nStmts.toLocaleString("en")} statements in one probe`, path.join(work, "stmts.bt"),
  "BEGIN {\n  $x = 0;\n" + Array.from({ length: nStmts }, (_, i) => `  $x = $x + ${i};\n`).join("") + "  exit();\n}\n");

// --export prometheus: what serving a large map costs (issue 20: under 5 % of one CPU).
const scrape = await scrapeCost({ ebtMain, work, keys: 10_000, seconds: quick ? 15 : 60 });
row("`--export prometheus`, a 10,000-key map scraped every second: ebt's CPU", { ebt: scrape.cpuPercent }, "%");
row("`--export prometheus`, one scrape of the 10,000 keys (wall, median)", { ebt: scrape.scrapeMs });
row("`--export prometheus`, peak RSS while serving the 10,000 keys", { ebt: scrape.rssMb }, "MiB");

// The first DWARF lookup in a large binary (issue 21): -lv of its last function, with and without debug info.
const dwarf = dwarfLookupCost({ tools, work, functions: quick ? 2000 : 4000, runs: Math.min(runs, 5) });
if (dwarf) {
  const label = `${dwarf.functions.toLocaleString("en")} functions and structs, ${dwarf.debugMb.toFixed(1)} MiB of DWARF`;
  row(`\`-lv 'uprobe:BIN:FUNC'\`, ${label}: launch → exit`, Object.fromEntries(Object.entries(dwarf.tools).map(([k, v]) => [k, v.withMs])));
  row("same, the binary stripped of its debug info", Object.fromEntries(Object.entries(dwarf.tools).map(([k, v]) => [k, v.withoutMs])));
}
const nodeDwarf = nodeLookupCost({ tools, runs: Math.min(runs, 5) });
if (nodeDwarf) row(`\`-lv 'uprobe:NODE:uv_run'\` in node itself (${nodeDwarf.sizeMb.toFixed(0)} MiB, DWARF for libuv): launch → exit`, nodeDwarf.tools);

// Start-up phases (what CI asserts, untimed).
const phasesBegin = await startupPhases(["-e", "BEGIN { exit(); }"]);
const phasesTp = await startupPhases(["-e", cases.tp.replace(`/pid == ${T}/ `, "")]);
rmSync(work, { recursive: true, force: true });

// Issue 16's figures, measured at the session's start (aacd6dc) on the same kind of machine.
const BEFORE = {
  "tracepoint printf one-liner, launch → first event line": "233 ms (bpftrace 43)",
  '`BEGIN { printf("hi\\n"); exit(); }`, launch → "hi"': "228 ms (bpftrace 48)",
  "10 tracepoints, launch → all attached (all 10 fired)": "258 ms (bpftrace 57)",
  "CPU spent starting a one-liner (tracepoint one-liner, launch → exit)": "280 ms (bpftrace 49)",
  "same one-liner with stdout on a terminal (ebt: TUI path), launch → first event": "670–900 ms (bpftrace 260)",
  [`\`tracepoint:syscalls:sys_enter_*\` (${syscallEnterCount} probes), SIGINT → exit`]: "27.1 s (bpftrace 25.8 s)",
  "TUI in tmux under load: captures without the status line, of 500": "8 of 200 (issue 18)",
};

const fmt = (v, unit) => (v === undefined ? "–" : unit === "count" ? String(v) : unit === "%" ? `${v.toFixed(1)} % of one CPU` : unit === "MiB" ? `${v.toFixed(1)} MiB` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
const cols = hasBpftrace ? ["ebt", "bpftrace"] : ["ebt"];
let table = `| measure | ${cols.join(" | ")}${hasBpftrace ? " | ebt/bpftrace" : ""} | before (issue 16) |\n|---|${cols.map(() => "---|").join("")}${hasBpftrace ? "---|" : ""}---|\n`;
for (const r of rows) {
  const ratio = hasBpftrace && r.values.ebt !== undefined && r.values.bpftrace ? (r.values.ebt / r.values.bpftrace).toFixed(2) : "–";
  table += `| ${r.name} | ${cols.map((c) => fmt(r.values[c], r.unit)).join(" | ")}${hasBpftrace ? ` | ${ratio}` : ""} | ${BEFORE[r.name] ?? "–"} |\n`;
}
process.stdout.write(table);
process.stdout.write(`\nStart-up phases (asserted by CI, not timed):\n`);
for (const [name, p] of [["BEGIN { exit(); }", phasesBegin], ["tracepoint one-liner", phasesTp]]) {
  process.stdout.write(`  ${name}: ${p.ebtFiles.length} files loaded (${p.ebtFiles.join(", ")}; ${(p.codeBytes / 1024).toFixed(0)} KiB of JavaScript; Node modules: ${p.builtins.join(" ")}) holding ${p.ebtSources} of our modules and ${p.packageModules} of dependencies, Ink/React loaded: ${p.ink ? "yes" : "no"}, REPL loaded: ${p.repl ? "yes" : "no"}, parser lookahead: ${p.parser?.lookaheadFromTable ?? "?"} decisions from the shipped table, ${p.parser?.lookaheadComputed ?? "?"} computed\n`);
}
process.stdout.write(`\nTimes are medians of ${runs} alternating runs (the ${syscallEnterCount}-probe rows: ${wildRuns}); wall-clock times on a busy machine vary, CPU and the ratios less.\n`);

#!/usr/bin/env node
// Writes the expected files of corpus cases (test/corpus/<group>/<name>.bt) from what bpftrace 0.17
// prints for them, less what only bpftrace prints: its RLIMIT_MEMLOCK warning and the
// `Attaching N probes...` line (ebt prints current bpftrace's `Attached N probes` on stderr).
// Only cases marked `// expected: bpftrace 0.17` are run. A developer tool: tests never run bpftrace.
//
//   node scripts/corpus-expect.mjs test/corpus/strings/*.bt     (or --missing: every case without .out)
import { spawn, execSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const directive = (src, key) => new RegExp(`^//\\s*${key}:[ \\t]*(.*)$`, "m").exec(src)?.[1].trim();
const words = (s) => (s ? s.split(/\s+/).filter(Boolean) : []);

let files = process.argv.slice(2);
if (files[0] === "--missing") {
  const root = "test/corpus";
  files = readdirSync(root).flatMap((g) =>
    existsSync(path.join(root, g)) && !g.includes(".")
      ? readdirSync(path.join(root, g)).filter((f) => f.endsWith(".bt")).map((f) => path.join(root, g, f))
      : [],
  ).filter((f) => !existsSync(f.replace(/\.bt$/, ".out")));
}

function runBpftrace(dir, file, src) {
  const via = directive(src, "via");
  const program = via === "stdin" ? ["-"] : via === "-e" ? ["-e", src] : [file];
  const args = [...words(directive(src, "args")).filter((a) => a !== "--no-tui"), ...program, ...words(directive(src, "script-args"))];
  const trigger = directive(src, "trigger");
  return new Promise((resolve) => {
    const env = Object.fromEntries(words(directive(src, "env")).map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]));
    const child = spawn("bpftrace", args, { cwd: dir, env: { ...process.env, ...env } });
    child.stdin.end(via === "stdin" ? src : "");
    let stdout = "";
    let stderr = "";
    let triggered = false;
    child.stdout.setEncoding("utf8").on("data", (d) => {
      stdout += d;
      if (trigger && !triggered && /Attaching \d+ probes?\.\.\.\n/.test(stdout)) {
        triggered = true;
        setTimeout(() => {
          execSync(trigger, { cwd: dir, stdio: "ignore", shell: "/bin/sh" });
          setTimeout(() => child.kill("SIGINT"), 200);
        }, 300);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

for (const f of files) {
  const src = readFileSync(f, "utf8");
  // "bpftrace 0.17 (edited: why)" marks text corrected by hand where bpftrace 0.17 is plainly wrong.
  const from = directive(src, "expected") ?? "";
  if (!/^bpftrace 0\.17/.test(from) || from.includes("edited")) {
    console.log(`skip ${f}: not marked '// expected: bpftrace 0.17', or edited by hand`);
    continue;
  }
  const { stdout, stderr, code } = await runBpftrace(path.dirname(f), path.basename(f), src);
  const out = stdout.replace(/^Attaching \d+ probes?\.\.\.\n/m, "");
  const err = stderr.split("\n").filter((l) => !l.includes("RLIMIT_MEMLOCK")).join("\n");
  const base = f.replace(/\.bt$/, "");
  writeFileSync(`${base}.out`, out);
  if (err.trim()) writeFileSync(`${base}.err`, err);
  else rmSync(`${base}.err`, { force: true });
  const declared = directive(src, "exit");
  const expectedCode = declared !== undefined ? Number(declared) : err.includes("ERROR") ? 1 : 0;
  console.log(`${f}: exit ${code}${code !== expectedCode ? `  (add '// exit: ${code}')` : ""}`);
}

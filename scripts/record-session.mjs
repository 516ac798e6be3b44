#!/usr/bin/env node
// npm run record: records the TUI and the REPL on a pseudo-terminal (node-pty), as a user would
// see them, into docs/: an asciicast v2 file per session (`asciinema play docs/tui.cast`) and the
// screens at the moments that matter, as text (rendered by a headless xterm.js), which the README
// shows. Run as root after `npm install`; a process opening files gives the probes something to see.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pty from "node-pty";
import xterm from "@xterm/headless";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ebt = path.join(root, "dist/cli/main.js");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `argv` on a cols×rows terminal; `script(s)` types and waits; returns the cast and screens. */
async function record(name, argv, cols, rows, script) {
  const term = new xterm.Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
  const t0 = performance.now();
  const events = [];
  const screens = [];
  let fed = Promise.resolve();
  let exited = false;
  const p = pty.spawn(process.execPath, [ebt, ...argv], { name: "xterm-256color", cols, rows, cwd: root, env: { ...process.env, EBT_HISTORY: "" } });
  p.onData((d) => {
    events.push([(performance.now() - t0) / 1000, "o", d]);
    fed = fed.then(() => new Promise((r) => term.write(d, r)));
  });
  const done = new Promise((r) => p.onExit(() => r((exited = true))));
  const screen = async () => {
    await fed;
    const b = term.buffer.active;
    const lines = [];
    for (let y = 0; y < rows; y++) lines.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? "");
    return lines;
  };
  const s = {
    type: (keys) => {
      events.push([(performance.now() - t0) / 1000, "i", keys]);
      p.write(keys);
    },
    /** Types `text` a key at a time, as a person would. */
    typeSlowly: async (text) => {
      for (const ch of text) {
        s.type(ch);
        await sleep(15);
      }
    },
    waitFor: async (re, ms = 20_000) => {
      const start = Date.now();
      while (!(await screen()).some((l) => re.test(l))) {
        if (Date.now() - start > ms || exited) throw new Error(`${name}: never saw ${re}:\n${(await screen()).join("\n")}`);
        await sleep(50);
      }
    },
    snap: async (title) => screens.push({ title, lines: await screen() }),
    sleep,
  };
  await script(s);
  await done;
  await fed;
  screens.push({ title: "after exit", lines: await screen() });
  const cast = [JSON.stringify({ version: 2, width: cols, height: rows, env: { TERM: "xterm-256color" } }), ...events.map((e) => JSON.stringify(e))].join("\n") + "\n";
  writeFileSync(path.join(root, `docs/${name}.cast`), cast);
  const text = screens.map((x) => `── ${x.title} ${"─".repeat(Math.max(0, cols - x.title.length - 4))}\n${x.lines.join("\n").replace(/\n+$/, "")}\n`).join("\n");
  writeFileSync(path.join(root, `docs/${name}.txt`), text);
  process.stdout.write(text + "\n");
}

// Something for the probes to see: a shell that opens a few files now and then.
const busy = spawn("/bin/sh", ["-c", "while :; do cat /etc/hostname /etc/os-release > /dev/null; ls /nonexistent 2>/dev/null; sleep 0.2; done"], { stdio: "ignore" });
try {
  await record("tui", ["-e", 'tracepoint:syscalls:sys_enter_openat /comm == "cat"/ { @opens[str(args.filename)] = count(); printf("%s opens %s\\n", comm, str(args.filename)); } tracepoint:syscalls:sys_exit_read /comm == "cat"/ { @size = hist(args.ret); }'], 100, 32, async (s) => {
    await s.waitFor(/ events\/s [▁▂▃▄▅▆▇█]{3}/);
    await s.snap("a one-liner: its lines scroll above the status line (probes, events/s and their sparkline, lost, time)");
    s.type("m");
    await s.waitFor(/│ @opens/);
    await s.sleep(2500);
    await s.snap("m: the panel — each probe's hits/s and average run time, then the maps (a bounded share of the rows)");
    s.type("g");
    s.type("s");
    await s.waitFor(/│ @opens\[/);
    await s.sleep(1500);
    await s.snap("g grows the panel; s sorts keyed maps: largest first (again: by key, then bpftrace's order)");
    s.type("q");
  });
  await record("repl", [], 100, 24, async (s) => {
    await s.waitFor(/^ebt> /);
    await s.typeSlowly("@limit = 3\r");
    await s.typeSlowly('tracepoint:syscalls:sys_enter_openat /comm == "cat" && @n < @limit/ { @n++; printf("%s\\n", str(args.filename)); }\r');
    await s.waitFor(/^\[1\] attached/);
    await s.sleep(1500);
    await s.typeSlowly("@n\r");
    await s.sleep(300);
    await s.typeSlowly('interval:ms:100 { printf("tick\\n"); }\r');
    await s.waitFor(/^tick/);
    await s.sleep(400);
    s.type("\x03"); // Ctrl-C on an empty line: the chatty probe goes, the session stays
    await s.waitFor(/\[2\] detached/);
    await s.typeSlowly(".save /tmp/opens.ebt\r");
    await s.waitFor(/^saved 1 probe group/);
    await s.snap("the REPL: a statement, a probe that reads it, a map, Ctrl-C detaching a chatty probe, .save");
    s.type("\x04");
  });
} finally {
  busy.kill();
}

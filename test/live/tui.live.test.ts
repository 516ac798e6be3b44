/**
 * The TUI of one-liners on a real pseudo-terminal, read off the screen a terminal (headless
 * xterm.js) shows: events scroll above a status line that stays on the last row through every state
 * the screen passes (also under load and on resize), `m` shows the panel (probes' hits/s and average
 * ns, maps), q/Esc/Ctrl-C end the run and what stays is exactly bpftrace's plain text. `--no-tui`
 * prints exactly the plain text.
 */
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import type { BpfObjects } from "../helpers/bpf-objects.js";
import { PtyEbt } from "../helpers/pty.js";
import type { VirtualTerminal } from "../helpers/vt.js";

let before: BpfObjects;
beforeEach(() => {
  before = snapshot();
});
afterEach(async () => {
  expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
});

const STATUS = /^ 1 probe \| \d+ events\/s( [▁▂▃▄▅▆▇█]+)? \| \d+ lost \| \d\d:\d\d:\d\d \| m: (maps {2}q: quit|hide {2}g: grow {2}s: [a-z ]+ {2}q: quit) ?$/;
const BOX = /[┌┐└┘│─]/;
const TICKS = 'interval:ms:100 { @ticks = count(); printf("tick %d\\n", 7); }';
const lastRow = (vt: VirtualTerminal) => vt.screen()[vt.term.rows - 1]!;

/** What stays after the run, the whole scrollback: plain lines only, as bpftrace prints them. */
function expectPlainTicks(rows: string[]): void {
  expect(rows[0]).toBe("Attached 1 probe");
  const end = rows.findIndex((r) => r !== "tick 7" && rows.indexOf(r) > 0);
  expect(rows.slice(1, end).every((r) => r === "tick 7")).toBe(true);
  expect(end).toBeGreaterThan(1);
  expect(rows.slice(end)).toEqual(["", "", expect.stringMatching(/^@ticks: [1-9]\d*$/)]);
}

describe("TUI", () => {
  it("streams lines above the status line, m shows probes and maps, q ends with plain text only", async () => {
    const ebt = new PtyEbt(["-e", TICKS], { cols: 90, rows: 24 });
    await ebt.waitFor("tick 7\n");
    await ebt.waitForScreen(STATUS);
    expect(lastRow(ebt.vt)).toMatch(STATUS);
    ebt.type("m");
    const s = await ebt.waitForScreen(/│ @ticks: [1-9]\d* +│$/);
    expect(s).toContainEqual(expect.stringMatching(/^│ {4}hits\/s {4}avg ns {2}probe +│$/));
    expect(s).toContainEqual(expect.stringMatching(/^│ +(\d+|-) +(\d+|-) {2}interval:ms:100 +│$/));
    expect(s[s.length - 1]).toMatch(/ m: hide {2}g: grow {2}s: by value {2}q: quit ?$/);
    // The panel takes a bounded share: program lines keep most of the rows.
    const top = s.findIndex((r) => r.startsWith("┌"));
    expect(top).toBeGreaterThanOrEqual(12);
    expect(s.slice(0, top - 1).filter((r) => r === "tick 7").length).toBeGreaterThan(0);
    ebt.type("q");
    expect(await ebt.wait()).toBe(0);
    expectPlainTicks(ebt.vt.all());
  }, 30_000);

  for (const [name, key] of [
    ["Esc", "\x1b"],
    ["Ctrl-C", "\x03"],
  ] as const) {
    it(`${name} ends the run as q does`, async () => {
      const ebt = new PtyEbt(["-e", TICKS], { cols: 80, rows: 20 });
      await ebt.waitFor("tick 7\n");
      await ebt.waitForScreen(STATUS);
      ebt.type(key);
      expect(await ebt.wait()).toBe(0);
      expectPlainTicks(ebt.vt.all());
    }, 30_000);
  }

  it("a key typed before the TUI is drawn is not echoed and leaves no stale line, and takes effect once it is", async () => {
    const ebt = new PtyEbt(["-e", TICKS], { cols: 90, rows: 24 });
    // Typed once the probes are attaching: the terminal is in raw mode (no echo) from then on.
    await ebt.waitFor("Attached 1 probe");
    ebt.type("m");
    await ebt.waitForScreen(/│ @ticks: [1-9]\d* +│$/);
    ebt.type("q");
    expect(await ebt.wait()).toBe(0);
    expect(ebt.vt.all().filter((r) => r.includes("m") && !r.startsWith("@ticks"))).toEqual([]);
    expectPlainTicks(ebt.vt.all());
  }, 30_000);

  it("under load, every state the screen passes through has the status line on its last row", async () => {
    // A process that makes getppid calls (up to 50 a millisecond) until the test ends it.
    const load = spawn("python3", ["-c", "import os, time\nwhile True:\n for i in range(50): os.getppid()\n time.sleep(0.001)"], { stdio: "ignore" });
    try {
      let drawn = false;
      let quitting = false;
      let checked = 0;
      const missing: string[] = [];
      const ebt = new PtyEbt(["-e", `tracepoint:syscalls:sys_enter_getppid /pid == ${load.pid}/ { printf("getppid from %d %s\\n", pid, comm); }`], {
        cols: 100,
        rows: 30,
        onScreen: (vt, chunk) => {
          const last = lastRow(vt);
          if (quitting) return; // the end takes the bottom area away, as it must
          if (!drawn) drawn = STATUS.test(last);
          else if (checked++, !STATUS.test(last)) missing.push(`${vt.screen().join("\n")}\nafter: ${JSON.stringify(chunk)}`);
        },
      });
      await ebt.waitForScreen(STATUS);
      ebt.type("m");
      await ebt.waitForScreen(/│ +\d+ +\d+ {2}tracepoint:syscalls:sys_enter_getppid +│$/);
      // Enough states to mean something, however slow the machine: 300 chunks of output.
      const start = Date.now();
      while (checked < 300 && Date.now() - start < 20_000) await new Promise((r) => setTimeout(r, 50));
      await ebt.screen();
      quitting = true;
      ebt.type("q");
      expect(await ebt.wait()).toBe(0);
      expect(checked).toBeGreaterThanOrEqual(300);
      expect(missing).toEqual([]);
      expect(ebt.vt.all().filter((r) => STATUS.test(r) || BOX.test(r))).toEqual([]);
      expect(ebt.vt.all().filter((r) => r.startsWith(`getppid from ${load.pid} python3`)).length).toBeGreaterThan(100);
    } finally {
      load.kill("SIGKILL");
    }
  }, 60_000);

  it("narrowing the window with the panel open leaves no piece of the old panel, during or after", async () => {
    const ebt = new PtyEbt(["-e", 'interval:ms:100 { @ticks = count(); @h = hist(@ticks * 1000); printf("tick %d\\n", 7); }'], { cols: 160, rows: 32 });
    await ebt.waitForScreen(STATUS);
    // A line above the panel first: the TUI can be up before the first 100 ms tick.
    await ebt.waitForScreen(/^tick 7$/);
    ebt.type("m");
    await ebt.waitForScreen(/^┌─{157}┐$/);
    await ebt.resize(90, 32);
    const s = await ebt.waitForScreen(/^┌─{87}┐$/);
    // The panel: one box, as wide as the new window allows, directly above the status line.
    const top = s.findIndex((r) => r.startsWith("┌"));
    const bottom = s.findIndex((r) => r.startsWith("└"));
    expect(s[bottom]).toMatch(/^└─{87}┘$/);
    expect(s.slice(top + 1, bottom).every((r) => /^│.{87}│$/.test(r))).toBe(true);
    expect(bottom).toBe(s.length - 2);
    expect(s.slice(0, top).filter((r) => BOX.test(r) || / events\/s /.test(r))).toEqual([]);
    // Lines go on above it.
    const before = s.slice(0, top).filter((r) => r === "tick 7").length;
    expect(before).toBeGreaterThan(0);
    ebt.type("q");
    expect(await ebt.wait()).toBe(0);
    expect(ebt.vt.all().filter((r) => BOX.test(r) || / events\/s /.test(r))).toEqual([]);
  }, 30_000);

  it("colour only where it helps reading, and none with NO_COLOR", async () => {
    const prog = 'interval:ms:100 { @ticks = count(); @h = hist(@ticks * 1000); printf("tick %d\\n", 7); }';
    const coloured = new PtyEbt(["-e", prog], { cols: 100, rows: 40 });
    await coloured.waitFor("Attached 1 probe");
    coloured.type("m");
    await coloured.waitForScreen(/│ \[\d+K?, \d+K?\) +\d+ \|@+/);
    coloured.type("q");
    expect(await coloured.wait()).toBe(0);
    expect(coloured.raw).toMatch(/\x1b\[32m@+\x1b\[39m/); // histogram bars
    expect(coloured.raw).toMatch(/\x1b\[36m@h\x1b\[39m/); // map names

    const plainRun = new PtyEbt(["-e", prog], { cols: 100, rows: 40, env: { NO_COLOR: "1" } });
    await plainRun.waitFor("Attached 1 probe");
    plainRun.type("m");
    await plainRun.waitForScreen(/│ \[\d+K?, \d+K?\) +\d+ \|@+/);
    plainRun.type("q");
    expect(await plainRun.wait()).toBe(0);
    expect(plainRun.raw).not.toMatch(/\x1b\[(3|4|9|10)[0-9](;[0-9]+)*m/);
  }, 30_000);

  it("exit() in a probe ends the TUI with every line and the maps", async () => {
    const ebt = new PtyEbt(["-e", 'BEGIN { @i = 0; } interval:ms:50 { @i++; printf("tick %d\\n", @i); if (@i == 3) { exit(); } }']);
    expect(await ebt.wait()).toBe(0);
    // exit() stops the run once its record is read; a timer may fire again before that (more so
    // while the TUI is starting on a busy machine): as in bpftrace, what it prints after the exit is
    // dropped, what it counts is counted.
    const rows = ebt.vt.all();
    expect(rows.slice(0, 4)).toEqual(["Attached 2 probes", "tick 1", "tick 2", "tick 3"]);
    expect(rows.slice(4, 6)).toEqual(["", ""]);
    expect(Number(/^@i: (\d+)$/.exec(rows[6]!)?.[1])).toBeGreaterThanOrEqual(3);
    expect(rows).toHaveLength(7);
  }, 30_000);

  it("--no-tui on a terminal prints exactly the plain text", async () => {
    const ebt = new PtyEbt(["--no-tui", "-e", 'BEGIN { @i = 0; } interval:ms:50 { @i++; printf("tick %d\\n", @i); if (@i == 3) { exit(); } }']);
    expect(await ebt.wait()).toBe(0);
    expect(ebt.raw.replace(/\r\n/g, "\n")).toBe("Attached 2 probes\ntick 1\ntick 2\ntick 3\n\n\n@i: 3\n");
  }, 30_000);
});

/**
 * The TUI of one-liners on a real pseudo-terminal: events scroll above a status line, `m` shows the
 * maps, Ctrl-C ends the run and leaves bpftrace's plain map text in the scrollback. `--no-tui`
 * (and any stdout that is not a terminal) prints exactly the plain text.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import type { BpfObjects } from "../helpers/bpf-objects.js";
import { plain, PtyEbt } from "../helpers/pty.js";

let before: BpfObjects;
beforeEach(() => {
  before = snapshot();
});
afterEach(async () => {
  expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
});

const STATUS = /1 probe \| \d+ events\/s \| 0 lost \| \d\d:\d\d:\d\d \| m: maps {2}Ctrl-C: stop/;

describe("TUI", () => {
  it("streams lines above a status line, toggles the map panel, prints plain maps at Ctrl-C", async () => {
    const ebt = new PtyEbt(["-e", 'interval:ms:100 { @ticks = count(); printf("tick %d\\n", 7); }'], { cols: 90 });
    let at = await ebt.waitFor("Attached 1 probe\n");
    at = await ebt.waitFor(STATUS, at);
    at = await ebt.waitFor("tick 7\n", at);
    ebt.type("m");
    at = await ebt.waitFor(/│ @ticks: [1-9]\d* +│/, at);
    ebt.type("\x03");
    expect(await ebt.wait()).toBe(0);
    // The live region is erased (Ink's last erase ends with a move to column 1), then the run
    // ends as bpftrace's does.
    const afterErase = plain(ebt.raw.slice(ebt.raw.lastIndexOf("\x1b[G")));
    expect(afterErase).toMatch(/^(tick 7\n)*\n\n@ticks: [1-9]\d*\n$/);
  }, 30_000);

  it("exit() in a probe ends the TUI with every line and the maps", async () => {
    const ebt = new PtyEbt(["-e", 'BEGIN { @i = 0; } interval:ms:50 { @i++; printf("tick %d\\n", @i); if (@i == 3) { exit(); } }']);
    expect(await ebt.wait()).toBe(0);
    // exit() stops the run once its record is read; a timer may fire again before that (more so
    // while the TUI is starting on a busy machine): as in bpftrace, what it prints after the exit is
    // dropped, what it counts is counted.
    const ticks = (ebt.text.match(/tick \d+\n/g) ?? []).map((t) => Number(t.slice(5)));
    expect(ticks).toEqual([1, 2, 3]);
    const count = Number(/\n\n@i: (\d+)\n$/.exec(ebt.text)?.[1]);
    expect(count).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it("--no-tui on a terminal prints exactly the plain text", async () => {
    const ebt = new PtyEbt(["--no-tui", "-e", 'BEGIN { @i = 0; } interval:ms:50 { @i++; printf("tick %d\\n", @i); if (@i == 3) { exit(); } }']);
    expect(await ebt.wait()).toBe(0);
    expect(ebt.raw.replace(/\r\n/g, "\n")).toBe("Attached 2 probes\ntick 1\ntick 2\ntick 3\n\n\n@i: 3\n");
  }, 30_000);
});

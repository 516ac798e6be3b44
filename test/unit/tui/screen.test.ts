/**
 * The TUI's terminal handling (screen.ts) against a headless xterm.js: what the screen and the
 * scrollback hold after each step, exactly as a user's terminal would show them.
 */
import { describe, expect, it } from "vitest";
import { Screen } from "../../../src/tui/screen.js";
import { VirtualTerminal } from "../../helpers/vt.js";

/** A Screen writing into a virtual terminal; `flush` hands over what it wrote, `writes` counts. */
function setup(cols: number, rows: number) {
  const vt = new VirtualTerminal(cols, rows);
  const chunks: string[] = [];
  const screen = new Screen({ write: (s) => chunks.push(s), columns: () => vt.term.cols, rows: () => vt.term.rows });
  const flush = async () => {
    for (const c of chunks.splice(0)) await vt.write(c);
  };
  return { vt, screen, chunks, flush };
}

const ticks = (from: number, n: number) => Array.from({ length: n }, (_, i) => `tick ${from + i}`);

describe("screen", () => {
  it("program lines scroll above a status line that stays on the last row", async () => {
    const { vt, screen, flush } = setup(30, 6);
    await vt.write("$ ebt -e ...\r\nAttached 1 probe\r\n");
    screen.start(["STATUS 1"]);
    screen.frame(ticks(1, 2));
    await flush();
    expect(vt.screen()).toEqual(["$ ebt -e ...", "Attached 1 probe", "tick 1", "tick 2", "", "STATUS 1"]);
    screen.frame(ticks(3, 4), ["STATUS 2"]);
    await flush();
    expect(vt.screen()).toEqual(["tick 2", "tick 3", "tick 4", "tick 5", "tick 6", "STATUS 2"]);
    // What scrolled off the region's top is in the scrollback, as without the TUI.
    expect(vt.all().slice(0, 4)).toEqual(["$ ebt -e ...", "Attached 1 probe", "tick 1", "tick 2"]);
  });

  it("starting on the last row makes room first", async () => {
    const { vt, screen, flush } = setup(30, 4);
    await vt.write("a\r\nb\r\nc\r\n");
    screen.start(["S"]);
    screen.frame(["d"]);
    await flush();
    expect(vt.screen()).toEqual(["b", "c", "d", "S"]);
  });

  it("each frame is one write, and the status line is never erased on the way", async () => {
    const { vt, screen, chunks, flush } = setup(30, 6);
    screen.start(["STATUS"]);
    await flush();
    screen.frame(ticks(1, 50), ["STATUS"]);
    expect(chunks).toHaveLength(1);
    // Fed to the terminal one byte at a time, every state it passes through shows the status line.
    for (const ch of chunks.splice(0)[0]!) {
      await vt.write(ch);
      expect(vt.screen()[5]).toBe("STATUS");
    }
    expect(vt.screen()).toEqual(["tick 46", "tick 47", "tick 48", "tick 49", "tick 50", "STATUS"]);
  });

  it("a panel that grows pushes the lines up; one that shrinks gives its rows back", async () => {
    const { vt, screen, flush } = setup(20, 8);
    screen.start(["S"]);
    screen.frame(ticks(1, 8));
    await flush();
    screen.frame([], ["+--+", "|p |", "+--+", "S"]);
    await flush();
    expect(vt.screen()).toEqual(["tick 5", "tick 6", "tick 7", "tick 8", "+--+", "|p |", "+--+", "S"]);
    expect(vt.all().slice(0, 4)).toEqual(ticks(1, 4));
    screen.frame(["tick 9"]);
    await flush();
    expect(vt.screen()).toEqual(["tick 6", "tick 7", "tick 8", "tick 9", "+--+", "|p |", "+--+", "S"]);
    screen.frame(["tick 10"], ["S2"]);
    await flush();
    // The frame's lines come first (in the old region), then the freed rows join it, blank.
    expect(vt.screen()).toEqual(["tick 7", "tick 8", "tick 9", "tick 10", "", "", "", "S2"]);
    screen.frame(ticks(11, 2));
    await flush();
    expect(vt.screen()).toEqual(["tick 7", "tick 8", "tick 9", "tick 10", "tick 11", "tick 12", "", "S2"]);
  });

  it("the bottom area is cut to the terminal: rows for the program's lines always remain", async () => {
    const { vt, screen, flush } = setup(12, 6);
    screen.start(["1", "2", "3", "4", "5", "6", "a status line too wide"]);
    screen.frame(["x"]);
    await flush();
    expect(vt.screen()).toEqual(["x", "", "", "5", "6", "a status li"]);
  });

  it("after a resize every row is drawn again: no piece of the old panel is left", async () => {
    const { vt, screen, flush } = setup(40, 8);
    screen.remember(["Attached 1 probe"]);
    await vt.write("Attached 1 probe\r\n");
    screen.start(["S"]);
    screen.frame([...ticks(1, 3), "a line of thirty characters ok"]);
    screen.frame([], [`┌${"─".repeat(37)}┐`, `│ @x: 1${" ".repeat(31)}│`, `└${"─".repeat(37)}┘`, "S"]);
    await flush();
    vt.resize(20, 8);
    screen.repaint([`┌${"─".repeat(17)}┐`, `│ @x: 2${" ".repeat(11)}│`, `└${"─".repeat(17)}┘`, "S"]);
    await flush();
    expect(vt.screen()).toEqual([
      "tick 2",
      "tick 3",
      "a line of thirty cha",
      "racters ok",
      "┌─────────────────┐",
      "│ @x: 2           │",
      "└─────────────────┘",
      "S",
    ]);
    // Lines go on under the newest one.
    screen.frame(["tick 4"]);
    await flush();
    expect(vt.screen().slice(0, 4)).toEqual(["tick 3", "a line of thirty cha", "racters ok", "tick 4"]);
  });

  it("at the end the bottom area goes and the rest follows the last line: plain text only", async () => {
    const { vt, screen, flush } = setup(30, 6);
    await vt.write("Attached 1 probe\r\n");
    screen.start(["+--+", "|p |", "+--+", "S"]);
    screen.frame(ticks(1, 2));
    screen.end("\n@x: 3\n");
    await flush();
    expect(vt.all()).toEqual(["Attached 1 probe", "tick 1", "tick 2", "", "@x: 3"]);
    // The whole screen scrolls again.
    await vt.write("1\r\n2\r\n3\r\n4\r\n5\r\n");
    expect(vt.screen()).toEqual(["1", "2", "3", "4", "5", ""]);
  });
});

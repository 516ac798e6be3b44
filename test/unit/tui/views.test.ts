/** The Ink views, rendered with ink-testing-library: exact frames as a terminal shows them. */
import { createElement as h } from "react";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import type { MapDump } from "../../../src/runtime/output/text.js";
import { MAX_PENDING_LINES, TuiOutput } from "../../../src/tui/tui-output.js";
import { fitBar, MapPanel, StatusLine, TopView, WatchView } from "../../../src/tui/views.js";

const str = (v: string) => ({ kind: "str" as const, value: v });
const counts: MapDump = {
  name: "@calls",
  keyed: true,
  entries: ([["bash", 3], ["sshd", 12], ["node", 230]] as const).map(([k, v]) => ({ key: [str(k)], value: { kind: "count" as const, value: BigInt(v) } })),
};
const hist: MapDump = {
  name: "@bytes",
  keyed: false,
  entries: [{ key: [], value: { kind: "hist", buckets: new Map([[11, 2n], [12, 0n], [13, 4n]]) } }],
};
const frame = (el: Parameters<typeof render>[0]) => render(el).lastFrame();

describe("map panel", () => {
  it("shows every map in name order, histogram bars narrowed to the panel", () => {
    expect(frame(h(MapPanel, { maps: [counts, hist], maxLines: 20, width: 50 }))).toBe(
      [
        "┌────────────────────────────────────────────────┐",
        "│ @bytes:                                        │",
        "│ [512, 1K)              2 |@@@@@@@@@@         | │",
        "│ [1K, 2K)               0 |                   | │",
        "│ [2K, 4K)               4 |@@@@@@@@@@@@@@@@@@@| │",
        "│                                                │",
        "│ @calls[bash]: 3                                │",
        "│ @calls[sshd]: 12                               │",
        "│ @calls[node]: 230                              │",
        "└────────────────────────────────────────────────┘",
      ].join("\n"),
    );
  });

  it("is bounded: what does not fit is counted", () => {
    expect(frame(h(MapPanel, { maps: [counts, hist], maxLines: 4, width: 50 }))).toBe(
      [
        "┌────────────────────────────────────────────────┐",
        "│ @bytes:                                        │",
        "│ [512, 1K)              2 |@@@@@@@@@@         | │",
        "│ [1K, 2K)               0 |                   | │",
        "│ ... 5 more lines                               │",
        "└────────────────────────────────────────────────┘",
      ].join("\n"),
    );
  });

  it("keyed maps show their largest entries, with the count of all", () => {
    const many: MapDump = {
      name: "@m",
      keyed: true,
      entries: Array.from({ length: 12 }, (_, i) => ({ key: [str(`k${i}`)], value: { kind: "count" as const, value: BigInt(i) } })),
    };
    const f = frame(h(MapPanel, { maps: [many], maxLines: 20, width: 30 }))!;
    expect(f.split("\n").slice(1, 4)).toEqual(["│ @m: top 10 of 12           │", "│ @m[k2]: 2                  │", "│ @m[k3]: 3                  │"]);
    expect(f).not.toContain("@m[k1]:");
  });

  it("bars wider than the panel are scaled, others stay as bpftrace draws them", () => {
    const line = `${"[4K, 8K)".padEnd(16)}${"4".padStart(8)} |${"@".repeat(52)}|`;
    expect(fitBar(line, 200)).toBe(line);
    expect(fitBar(line, 40)).toBe(`${"[4K, 8K)".padEnd(16)}${"4".padStart(8)} |${"@".repeat(13)}|`);
  });
});

describe("status line and live views", () => {
  it("status: probes, events per second, lost events, elapsed time, keys", () => {
    expect(frame(h(StatusLine, { status: { probes: 2, eventsPerSec: 120.4, lost: 3, elapsedMs: 65_000, keys: "m: maps  q: quit" } }))).toBe(
      " 2 probes | 120 events/s | 3 lost | 00:01:05 | m: maps  q: quit",
    );
    expect(frame(h(StatusLine, { status: { probes: 1, eventsPerSec: 0, lost: 0, elapsedMs: 3_725_000 } }))).toBe(" 1 probe | 0 events/s | 0 lost | 01:02:05");
  });

  it(".watch: one map and how to leave", () => {
    expect(frame(h(WatchView, { map: counts, seconds: 1, width: 40, maxLines: 10 }))).toBe(
      [
        "┌──────────────────────────────────────┐",
        "│ @calls[bash]: 3                      │",
        "│ @calls[sshd]: 12                     │",
        "│ @calls[node]: 230                    │",
        "└──────────────────────────────────────┘",
        "@calls every 1s; press any key to stop",
      ].join("\n"),
    );
  });

  it(".top: each probe group's rate, then the maps", () => {
    const groups = [
      { id: 1, source: "tracepoint:syscalls:sys_enter_openat { @calls[comm] = count(); }", perSec: 41.7 },
      { id: 3, source: "BEGIN {\n} END { }" },
    ];
    expect(frame(h(TopView, { groups, maps: [counts], width: 60, maxLines: 12 }))).toBe(
      [
        "┌──────────────────────────────────────────────────────────┐",
        "│ [1]      42/s  tracepoint:syscalls:sys_enter_openat { @… │",
        "│ [3]       -/s  BEGIN { } END { }                         │",
        "└──────────────────────────────────────────────────────────┘",
        "┌──────────────────────────────────────────────────────────┐",
        "│ @calls[bash]: 3                                          │",
        "│ @calls[sshd]: 12                                         │",
        "│ @calls[node]: 230                                        │",
        "└──────────────────────────────────────────────────────────┘",
        "every second; press any key to stop",
      ].join("\n"),
    );
  });
});

describe("TUI output queue", () => {
  it("hands over complete lines, keeps a partial line until the end", () => {
    const out = new TuiOutput(true);
    out.printf("a\nb");
    expect(out.take()).toBe("a\n");
    out.printf("c\n");
    expect(out.take()).toBe("bc\n");
    out.printf("tail");
    expect(out.take()).toBe("");
    expect(out.take(true)).toBe("tail");
  });

  it("direct (before the TUI is drawn): complete lines go straight to stdout, a partial line waits", () => {
    const out = new TuiOutput(true);
    out.direct = true;
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (written.push(s), true)) as typeof process.stdout.write;
    try {
      out.printf("a\nb");
    } finally {
      process.stdout.write = write;
    }
    expect(written).toEqual(["a\n"]);
    out.direct = false;
    out.printf("c\n");
    expect(out.take()).toBe("bc\n");
  });

  it("is bounded: a flood keeps the newest lines and says how many were skipped", () => {
    const out = new TuiOutput(true);
    for (let i = 0; i < MAX_PENDING_LINES + 7; i++) out.printf(`line ${i}\n`);
    const lines = out.take().split("\n");
    expect(lines[0]).toBe("[ebt: 7 lines skipped to keep up; use --no-tui or a pipe to keep every line]");
    expect(lines[1]).toBe("line 7");
    expect(lines.length).toBe(MAX_PENDING_LINES + 2);
  });
});

describe("TUI panel and status line", () => {
  it("sparkline: the event rate scaled to its maximum; all low when nothing happened", async () => {
    const { sparkline } = await import("../../../src/tui/views.js");
    expect(sparkline([0, 10, 20, 35, 70])).toBe("▁▂▃▅█");
    expect(sparkline([0, 0, 0])).toBe("▁▁▁");
  });

  it("status line with the sparkline of the last seconds and the keys", () => {
    expect(frame(h(StatusLine, { status: { probes: 1, eventsPerSec: 70, lost: 0, elapsedMs: 5_000, history: [0, 30, 70], keys: "m: maps  q: quit" } }))).toBe(
      " 1 probe | 70 events/s ▁▄█ | 0 lost | 00:00:05 | m: maps  q: quit",
    );
  });

  it("on a narrow terminal the sparkline gives way, the keys stay", () => {
    const status = { probes: 2, eventsPerSec: 70, lost: 0, elapsedMs: 5_000, history: [0, 10, 20, 30, 40, 50, 60, 70], keys: "m: maps  q: quit" };
    expect(frame(h(StatusLine, { status, width: 72 }))).toBe(" 2 probes | 70 events/s ▁▂▃▄▅▆▇█ | 0 lost | 00:00:05 | m: maps  q: quit");
    expect(frame(h(StatusLine, { status, width: 66 }))).toBe(" 2 probes | 70 events/s | 0 lost | 00:00:05 | m: maps  q: quit");
  });

  it("probe table: hits/s and average ns per probe, busiest first, '-' without statistics", async () => {
    const { probeLines } = await import("../../../src/tui/views.js");
    expect(probeLines([{ name: "tracepoint:a:b", perSec: 3.2, avgNs: 120.6 }, { name: "kprobe:f", perSec: 41000, avgNs: 88 }, { name: "interval:s:1" }])).toEqual([
      "   hits/s    avg ns  probe",
      "    41000        88  kprobe:f",
      "        3       121  tracepoint:a:b",
      "        -         -  interval:s:1",
    ]);
  });

  it("keyed maps sorted bpftrace's way, largest first, or by key", async () => {
    const { mapLines } = await import("../../../src/tui/views.js");
    expect(mapLines(counts, 10, "value")).toEqual(["@calls[bash]: 3", "@calls[sshd]: 12", "@calls[node]: 230"]);
    expect(mapLines(counts, 10, "largest")).toEqual(["@calls[node]: 230", "@calls[sshd]: 12", "@calls[bash]: 3"]);
    expect(mapLines(counts, 10, "key")).toEqual(["@calls[bash]: 3", "@calls[node]: 230", "@calls[sshd]: 12"]);
    expect(mapLines(counts, 2, "key")).toEqual(["@calls: top 2 of 3", "@calls[node]: 230", "@calls[sshd]: 12"]);
  });

  it("the live panel: probes, then maps, bounded", async () => {
    const { LivePanel } = await import("../../../src/tui/views.js");
    expect(frame(h(LivePanel, { probes: [{ name: "tracepoint:a:b", perSec: 5, avgNs: 900 }], maps: [counts, hist], maxLines: 7, width: 44, sort: "largest" }))).toBe(
      [
        "┌──────────────────────────────────────────┐",
        "│    hits/s    avg ns  probe               │",
        "│         5       900  tracepoint:a:b      │",
        "│                                          │",
        "│ @bytes:                                  │",
        "│ [512, 1K)              2 |@@@@@@@      | │",
        "│ [1K, 2K)               0 |             | │",
        "│ ... 5 more lines                         │",
        "└──────────────────────────────────────────┘",
      ].join("\n"),
    );
  });

  it("colour: not with NO_COLOR (set and not empty) nor on a dumb terminal", async () => {
    const { colourWanted } = await import("../../../src/tui/tui.js");
    expect(colourWanted({ TERM: "xterm-256color" })).toBe(true);
    expect(colourWanted({ TERM: "xterm-256color", NO_COLOR: "1" })).toBe(false);
    expect(colourWanted({ TERM: "xterm-256color", NO_COLOR: "" })).toBe(true);
    expect(colourWanted({ TERM: "dumb" })).toBe(false);
  });

  it("the bottom area: the panel's share of the rows is bounded, g grows it", async () => {
    const { bottomLines } = await import("../../../src/tui/tui.js");
    const many: MapDump = { name: "@m", keyed: true, entries: Array.from({ length: 40 }, (_, i) => ({ key: [str(`k${i}`)], value: { kind: "count" as const, value: BigInt(i) } })) };
    const v = { panel: true, grown: false, sort: "value" as const, probes: [], maps: ["@m", "@n", "@o"].map((name) => ({ ...many, name })), status: { probes: 1, eventsPerSec: 0, lost: 0, elapsedMs: 0 } };
    expect(bottomLines(v, 60, 40, false)).toHaveLength(16); // 40% of 40 rows
    expect(bottomLines({ ...v, grown: true }, 60, 40, false)).toHaveLength(30); // 75%
    expect(bottomLines({ ...v, panel: false }, 60, 40, false)).toEqual([" 1 probe | 0 events/s | 0 lost | 00:00:00"]);
  });
});

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
    expect(frame(h(StatusLine, { status: { probes: 2, eventsPerSec: 120.4, lost: 3, elapsedMs: 65_000, panelKey: "m" } }))).toBe(
      " 2 probes | 120 events/s | 3 lost | 00:01:05 | m: maps  Ctrl-C: stop",
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

/**
 * The REPL's live views: `.watch @m` (one map) and `.top` (every map and each probe group's rate),
 * redrawn every interval with Ink until the REPL stops them (a key was pressed).
 */
import { PassThrough } from "node:stream";
import { render } from "ink";
import type { MapDump } from "../runtime/output/text.js";
import type { GroupRate } from "./views.js";
import { TopView, WatchView } from "./views.js";

/** What the views read, each redraw: the REPL's session provides it. */
export interface LiveSource {
  readonly maps: ReadonlyMap<string, unknown>;
  readMap(name: string): MapDump | undefined;
  /** Each probe group's source text and hit count (undefined when the kernel keeps no statistics). */
  stats(): { id: number; source: string; hits?: bigint }[];
}

export interface LiveViewOptions {
  kind: "watch" | "top";
  map?: string;
  seconds: number;
  session: LiveSource;
  stdout: NodeJS.WriteStream;
}

export function startLiveView(o: LiveViewOptions): { stop(): void } {
  const width = Math.max(20, (o.stdout.columns || 80) - 1);
  const maxLines = Math.max(5, (o.stdout.rows || 24) - 6);
  let last = new Map<number, { hits: bigint; at: number }>();
  const frame = () => {
    if (o.kind === "watch") return <WatchView map={o.session.readMap(o.map!)!} seconds={o.seconds} width={width} maxLines={maxLines} />;
    const now = Date.now();
    const next = new Map<number, { hits: bigint; at: number }>();
    const groups: GroupRate[] = o.session.stats().map((s) => {
      const before = last.get(s.id);
      if (s.hits !== undefined) next.set(s.id, { hits: s.hits, at: now });
      const perSec = s.hits !== undefined && before ? (Number(s.hits - before.hits) * 1000) / Math.max(1, now - before.at) : undefined;
      return { id: s.id, source: s.source, perSec };
    });
    last = next;
    const maps = [...o.session.maps.keys()].map((m) => o.session.readMap(m)!);
    return <TopView groups={groups} maps={maps} width={width} maxLines={maxLines} />;
  };
  // The view reads no keys itself (the REPL does), so Ink gets a stdin of its own that is never used.
  const stdin = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream;
  const ink = render(frame(), { stdout: o.stdout, stdin, exitOnCtrlC: false, patchConsole: false });
  const timer = setInterval(() => ink.rerender(frame()), o.seconds * 1000);
  return {
    stop() {
      clearInterval(timer);
      ink.rerender(frame());
      ink.unmount();
    },
  };
}

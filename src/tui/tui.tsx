/**
 * The TUI of a one-liner or script whose stdout is a terminal. The program's printf/print lines
 * scroll in their own region; under them, a status line (probes, events/s with a sparkline, lost
 * events, elapsed time, keys) that stays put; `m` adds a panel between the two: each probe's hits/s
 * and average run time (the kernel's BPF statistics) and every map (top entries of keyed maps,
 * histograms updated in place). The panel takes a bounded share of the rows (`g` grows it), `s`
 * changes how keyed maps are sorted, and q, Esc or Ctrl-C end the run. At the end the bottom area
 * goes and the maps print as plain bpftrace text, so the screen reads as it would without the TUI.
 *
 * The ring-buffer consumer only appends text to a bounded queue (TuiOutput); frames are drawn on a
 * timer, each in one write (screen.ts). Ink renders the bottom area's components to text.
 */
import chalk from "chalk";
import { Box, renderToString } from "ink";
import { closeFd, enableStats, progInfo } from "../runtime/bpf.js";
import type { MapDump } from "../runtime/output/text.js";
import type { Session } from "../runtime/session.js";
import type { TuiKeys } from "./keys.js";
import { Screen, type TerminalPort } from "./screen.js";
import type { TuiOutput } from "./tui-output.js";
import type { MapSort, ProbeRate, Status } from "./views.js";
import { LivePanel, MAP_SORTS, SORT_LABEL, SPARK_SECONDS, StatusLine } from "./views.js";

const DRAW_MS = 50;
/** Bytes written but not yet taken by the terminal beyond which a frame waits. */
const BACKLOG_BYTES = 256 * 1024;
const STATUS_MS = 1000;
export const PANEL_KEY = "m";
export const GROW_KEY = "g";
export const SORT_KEY = "s";
/** The share of the rows the panel may take, normally and grown. */
const PANEL_SHARE = { normal: 0.4, grown: 0.75 };

/** Whether the TUI may use colour: not when NO_COLOR is set (no-color.org) or TERM is dumb. */
export function colourWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== "") && env.TERM !== "dumb";
}

interface Counters {
  runs: bigint;
  ns: bigint;
}

/** What the bottom area shows; everything a frame needs. */
interface ViewState {
  panel: boolean;
  grown: boolean;
  sort: MapSort;
  status: Status;
  probes: ProbeRate[];
  maps: MapDump[];
}

/** The bottom area's lines for a terminal of `cols` × `rows`. */
export function bottomLines(v: ViewState, cols: number, rows: number, color: boolean): string[] {
  const width = Math.max(20, cols - 1);
  // Border (2 rows) and status line (1) come out of the panel's share.
  const maxLines = Math.max(1, Math.floor(rows * (v.grown ? PANEL_SHARE.grown : PANEL_SHARE.normal)) - 3);
  const text = renderToString(
    <Box flexDirection="column">
      {v.panel ? <LivePanel probes={v.probes} maps={v.maps} maxLines={maxLines} width={width} sort={v.sort} color={color} /> : null}
      <StatusLine status={v.status} color={color} width={cols - 1} />
    </Box>,
    { columns: cols },
  );
  return text.split("\n");
}

export function keyHint(v: Pick<ViewState, "panel" | "sort">): string {
  return v.panel ? `${PANEL_KEY}: hide  ${GROW_KEY}: grow  ${SORT_KEY}: ${SORT_LABEL[v.sort]}  q: quit` : `${PANEL_KEY}: maps  q: quit`;
}

/** Runs a started session under the TUI until it stops; resolves with its exit code. */
export async function runTui(session: Session, out: TuiOutput, keys?: TuiKeys): Promise<number> {
  if (out.exitText !== undefined) {
    // The run ended while the TUI was loading: nothing live to show.
    keys?.stop();
    out.finishPlain();
    return session.done;
  }
  const stdout = process.stdout;
  const term: TerminalPort = { write: (s) => stdout.write(s), columns: () => stdout.columns || 80, rows: () => stdout.rows || 24 };
  const screen = new Screen(term);
  const color = colourWanted();
  // Ink styles text with chalk, which judges the terminal from the environment (CI=true alone turns
  // it off); this is a terminal: attributes such as the status line's inverse video always, colours
  // as decided above (the views colour only when told to).
  chalk.level = /256|truecolor|24bit/.test(`${process.env.TERM} ${process.env.COLORTERM}`) ? 2 : 1;
  const started = Date.now();
  let statsFd: number | undefined;
  try {
    statsFd = enableStats();
  } catch {
    statsFd = undefined;
  }
  const v: ViewState = { panel: false, grown: false, sort: "value", probes: [...new Set(session.probePrograms.map((p) => p.name))].map((name) => ({ name })), maps: [], status: { probes: out.probes, eventsPerSec: 0, lost: 0, elapsedMs: 0, history: [] } };
  const hint = () => (keys ? keyHint(v) : undefined);
  v.status.keys = hint();
  const bottom = () => bottomLines(v, term.columns(), term.rows(), color);

  // Per probe (programs of the same name summed): runs and run time, from the kernel's statistics.
  const counters = (): Map<string, Counters> | undefined => {
    if (statsFd === undefined) return undefined;
    const m = new Map<string, Counters>();
    try {
      for (const p of session.probePrograms) {
        const info = progInfo(p.fd);
        const c = m.get(p.name) ?? { runs: 0n, ns: 0n };
        m.set(p.name, { runs: c.runs + info.runCnt, ns: c.ns + info.runTimeNs });
      }
    } catch {
      return undefined; // the programs closed under us: the session is ending
    }
    return m;
  };
  const lost = (): number => {
    try {
      return session.live.lostEvents();
    } catch {
      return out.lost; // the maps closed under us: the session is ending
    }
  };
  const readMaps = (): MapDump[] => {
    try {
      return session.live.languageMaps().map((m) => session.live.readMap(m.name));
    } catch {
      return v.maps;
    }
  };

  let last = { at: Date.now(), counters: counters() };
  let dirty = false;
  const tick = () => {
    const now = Date.now();
    const c = counters();
    const secs = Math.max(1, now - last.at) / 1000;
    const probes: ProbeRate[] = [];
    let total = 0;
    for (const p of new Set(session.probePrograms.map((x) => x.name))) {
      const a = last.counters?.get(p);
      const b = c?.get(p);
      if (!a || !b) {
        probes.push({ name: p });
        continue;
      }
      const runs = Number(b.runs - a.runs);
      total += runs / secs;
      probes.push({ name: p, perSec: runs / secs, avgNs: runs > 0 ? Number(b.ns - a.ns) / runs : undefined });
    }
    last = { at: now, counters: c };
    const history = [...(v.status.history ?? []), total].slice(-SPARK_SECONDS);
    v.status = { ...v.status, eventsPerSec: total, history, lost: lost(), elapsedMs: now - started };
    v.probes = probes;
    if (v.panel) v.maps = readMaps();
    dirty = true;
  };

  out.direct = false;
  screen.remember(out.printedBefore());
  screen.start(bottom());
  const draw = (force = false) => {
    // A terminal slower than the program: wait for it (the queue keeps the newest lines, bounded).
    if (!force && stdout.writableLength > BACKLOG_BYTES) return;
    const text = out.take();
    const lines = text ? text.replace(/\n$/, "").split("\n") : [];
    screen.frame(lines, dirty ? bottom() : undefined);
    dirty = false;
  };
  keys?.take((k) => {
    if (k === PANEL_KEY) {
      v.panel = !v.panel;
      if (v.panel) v.maps = readMaps();
    } else if (k === GROW_KEY && v.panel) v.grown = !v.grown;
    else if (k === SORT_KEY && v.panel) v.sort = MAP_SORTS[(MAP_SORTS.indexOf(v.sort) + 1) % MAP_SORTS.length]!;
    else return;
    v.status = { ...v.status, keys: hint() };
    dirty = true;
    draw(true);
  });
  const onResize = () => screen.repaint(bottom());
  stdout.on("resize", onResize);
  // Whatever happens, the terminal gets its cursor and whole-screen scrolling back.
  const restore = () => screen.end("");
  process.on("exit", restore);
  const drawTimer = setInterval(draw, DRAW_MS);
  const statusTimer = setInterval(tick, STATUS_MS);

  const code = await session.done;
  clearInterval(drawTimer);
  clearInterval(statusTimer);
  stdout.off("resize", onResize);
  keys?.stop();
  if (statsFd !== undefined) closeFd(statsFd);
  // The last lines, then the bottom area goes: what stays is bpftrace's plain text.
  draw(true);
  screen.end("");
  process.off("exit", restore);
  // ebt exits right after this: every byte must have reached the terminal first.
  await new Promise<void>((resolve) => stdout.write(out.take(true) + (out.exitText ?? ""), () => resolve()));
  if (out.lost > 0) process.stderr.write(`Lost ${out.lost} events\n`);
  return code;
}

/**
 * The Ink views: a map panel (top entries of keyed maps, bars of histograms, in bpftrace's own
 * text), the probe table (hits/s and average run time from the kernel's statistics), the status
 * line of a running program with a sparkline of its event rate, and the REPL's live views (.watch,
 * .top). Pure components of their props, so tests render them with exact frames. Colour is a prop:
 * the caller decides (NO_COLOR, a terminal at all).
 */
import { Box, Text } from "ink";
import type { MapDump } from "../runtime/output/text.js";
import { compareKeys, formatMap, sorted } from "../runtime/output/text.js";

/** Keyed maps show this many entries (the largest) in the live panel. */
export const PANEL_TOP = 10;

/** How keyed maps are ordered in the panel: bpftrace's (ascending), largest first, or by key. */
export type MapSort = "value" | "largest" | "key";
export const MAP_SORTS: readonly MapSort[] = ["value", "largest", "key"];
export const SORT_LABEL: Record<MapSort, string> = { value: "by value", largest: "largest first", key: "by key" };

/** The lines of one map as the panel shows it: bpftrace's text, the largest entries only. */
export function mapLines(dump: MapDump, top = PANEL_TOP, sort: MapSort = "value"): string[] {
  if (dump.entries.length === 0) return [`${dump.name}: (empty)`];
  let entries = sorted(dump);
  if (dump.keyed && entries.length > top) entries = entries.slice(-top);
  if (sort === "largest") entries = [...entries].reverse();
  else if (sort === "key") entries = [...entries].sort((a, b) => compareKeys(a.key, b.key));
  const lines = entries.flatMap((e, i) => {
    const text = formatMap({ ...dump, entries: [e] }).replace(/\n+$/, "").split("\n");
    const hist = e.value.kind === "hist" || e.value.kind === "lhist" || e.value.kind === "tseries";
    return hist && i < entries.length - 1 ? [...text, ""] : text;
  });
  return dump.keyed && dump.entries.length > top ? [`${dump.name}: top ${top} of ${dump.entries.length}`, ...lines] : lines;
}

/** Histogram bars drawn narrower when the panel cannot fit bpftrace's 52 columns. */
export function fitBar(line: string, width: number): string {
  const m = /^(.{16}\s*\d+ \|)(@*)(\s*)\|$/.exec(line);
  if (!m || line.length <= width) return line;
  const room = Math.max(8, width - m[1]!.length - 1);
  const full = m[2]!.length + m[3]!.length;
  const bar = "@".repeat(Math.round((m[2]!.length * room) / full));
  return `${m[1]}${bar.padEnd(room)}|`;
}

/** One panel line in colour: histogram bars green, map names cyan. */
function PanelLine({ line, color }: { line: string; color: boolean }) {
  if (!color || line === "") return <Text wrap="truncate">{line === "" ? " " : line}</Text>;
  const bar = /^(.*\|)(@+)(\s*\|)$/.exec(line);
  if (bar) {
    return (
      <Text wrap="truncate">
        {bar[1]}
        <Text color="green">{bar[2]}</Text>
        {bar[3]}
      </Text>
    );
  }
  const named = /^(@[A-Za-z0-9_]*)(.*)$/.exec(line);
  if (named) {
    return (
      <Text wrap="truncate">
        <Text color="cyan">{named[1]}</Text>
        {named[2]}
      </Text>
    );
  }
  return <Text wrap="truncate">{line}</Text>;
}

/** Lines in a box, at most `maxLines` of them (inside the border): what does not fit is counted. */
export function PanelBox({ lines, maxLines, width, color = false }: { lines: string[]; maxLines: number; width: number; color?: boolean }) {
  const all = [...lines];
  while (all.length > 0 && all[all.length - 1] === "") all.pop();
  const cut = all.length > maxLines ? [...all.slice(0, Math.max(0, maxLines - 1)), `... ${all.length - maxLines + 1} more lines`] : all;
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1} width={width}>
      {cut.map((l, i) => (
        <PanelLine key={i} line={l} color={color} />
      ))}
    </Box>
  );
}

/** Every map's lines, in name order, histogram bars fitted to `width`. */
export function mapsLines(maps: MapDump[], width: number, sort: MapSort = "value"): string[] {
  const lines: string[] = [];
  for (const m of [...maps].sort((a, b) => (a.name < b.name ? -1 : 1))) lines.push(...mapLines(m, PANEL_TOP, sort).map((l) => fitBar(l, width)), "");
  if (lines.length === 0) lines.push("no maps");
  return lines;
}

export function MapPanel({ maps, maxLines, width, sort = "value", color = false }: { maps: MapDump[]; maxLines: number; width: number; sort?: MapSort; color?: boolean }) {
  // Inside the border and padding: 4 columns fewer.
  return <PanelBox lines={mapsLines(maps, width - 4, sort)} maxLines={maxLines} width={width} color={color} />;
}

/** One probe's run statistics: runs per second and average run time (the kernel's bpf_stats). */
export interface ProbeRate {
  name: string;
  perSec?: number;
  avgNs?: number;
}

/** The probe table's lines: a header, then each probe (busiest first). */
export function probeLines(probes: ProbeRate[]): string[] {
  const num = (n: number | undefined) => (n === undefined ? "-" : String(Math.round(n))).padStart(9);
  const rows = [...probes].sort((a, b) => (b.perSec ?? -1) - (a.perSec ?? -1));
  return [`${"hits/s".padStart(9)} ${"avg ns".padStart(9)}  probe`, ...rows.map((p) => `${num(p.perSec)} ${num(p.avgNs)}  ${p.name}`)];
}

/** The TUI's panel: the probes, then the maps, in one bounded box. */
export function LivePanel({ probes, maps, maxLines, width, sort, color = false }: { probes: ProbeRate[]; maps: MapDump[]; maxLines: number; width: number; sort: MapSort; color?: boolean }) {
  const lines = [...probeLines(probes), "", ...mapsLines(maps, width - 4, sort)];
  return <PanelBox lines={lines} maxLines={maxLines} width={width} color={color} />;
}

export interface Status {
  probes: number;
  eventsPerSec: number;
  lost: number;
  elapsedMs: number;
  /** Events per second, one per second, oldest first (the sparkline). */
  history?: number[];
  /** The keys, when the terminal gives them ("m maps  q quit"). */
  keys?: string;
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const hh = String(Math.floor(s / 3600)).padStart(2, "0");
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return `${hh}:${mm}:${ss}`;
}

const SPARKS = "▁▂▃▄▅▆▇█";

/** A sparkline of `values`, scaled to their maximum (all ▁ when nothing happened). */
export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => SPARKS[max <= 0 ? 0 : Math.min(7, Math.round((v / max) * 7))]).join("");
}

/** Seconds of event rate the status line's sparkline shows. */
export const SPARK_SECONDS = 20;

/** The status line; on a narrow terminal (`width`) the sparkline gives way so the keys stay. */
export function StatusLine({ status, color = false, width }: { status: Status; color?: boolean; width?: number }) {
  const { probes, eventsPerSec, lost, elapsedMs, history, keys } = status;
  const head = ` ${probes} probe${probes === 1 ? "" : "s"} | ${Math.round(eventsPerSec)} events/s`;
  const tail = ` | ${formatElapsed(elapsedMs)}` + (keys ? ` | ${keys} ` : " ");
  const room = width === undefined ? SPARK_SECONDS : width - head.length - ` | ${lost} lost`.length - tail.length - 1;
  const points = history ? history.slice(-Math.min(SPARK_SECONDS, Math.max(0, room))) : [];
  const spark = points.length > 0 && room >= 3 ? ` ${sparkline(points)}` : "";
  return (
    <Text inverse wrap="truncate">
      {head}
      {color ? <Text color="green">{spark}</Text> : spark}
      {" | "}
      {color && lost > 0 ? <Text color="red">{`${lost} lost`}</Text> : `${lost} lost`}
      {tail}
    </Text>
  );
}

export function WatchView({ map, seconds, width, maxLines }: { map: MapDump; seconds: number; width: number; maxLines: number }) {
  return (
    <Box flexDirection="column">
      <MapPanel maps={[map]} maxLines={maxLines} width={width} />
      <Text dimColor>{`${map.name} every ${seconds}s; press any key to stop`}</Text>
    </Box>
  );
}

export interface GroupRate {
  id: number;
  source: string;
  /** Probe runs per second, when the kernel keeps statistics. */
  perSec?: number;
}

export function TopView({ groups, maps, width, maxLines }: { groups: GroupRate[]; maps: MapDump[]; width: number; maxLines: number }) {
  return (
    <Box flexDirection="column">
      <Box flexDirection="column" borderStyle="single" paddingX={1} width={width}>
        {groups.length === 0 ? <Text>nothing is attached</Text> : null}
        {groups.map((g) => (
          <Text key={g.id} wrap="truncate">
            {`[${g.id}] ${(g.perSec === undefined ? "-" : String(Math.round(g.perSec))).padStart(7)}/s  ${g.source.replace(/\s*\n\s*/g, " ")}`}
          </Text>
        ))}
      </Box>
      <MapPanel maps={maps} maxLines={Math.max(3, maxLines - groups.length - 3)} width={width} />
      <Text dimColor>every second; press any key to stop</Text>
    </Box>
  );
}

/**
 * The Ink views: a map panel (top entries of keyed maps, bars of histograms, in bpftrace's own
 * text), the status line of a running program, and the REPL's live views (.watch, .top).
 * Pure components of their props, so tests render them with exact frames.
 */
import { Box, Text } from "ink";
import type { MapDump } from "../runtime/output/text.js";
import { formatMap } from "../runtime/output/text.js";

/** Keyed maps show this many entries (the largest) in the live panel. */
export const PANEL_TOP = 10;

/** The lines of one map as the panel shows it: bpftrace's text, largest entries only. */
export function mapLines(dump: MapDump, top = PANEL_TOP): string[] {
  const text = formatMap(dump, dump.keyed ? top : 0);
  const lines = text.replace(/\n+$/, "").split("\n");
  if (dump.entries.length === 0) return [`${dump.name}: (empty)`];
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

export function MapPanel({ maps, maxLines, width }: { maps: MapDump[]; maxLines: number; width: number }) {
  const lines: string[] = [];
  // Inside the border and padding: 4 columns fewer.
  for (const m of [...maps].sort((a, b) => (a.name < b.name ? -1 : 1))) lines.push(...mapLines(m).map((l) => fitBar(l, width - 4)), "");
  if (lines.length === 0) lines.push("no maps");
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const cut = lines.length > maxLines ? [...lines.slice(0, Math.max(0, maxLines - 1)), `... ${lines.length - maxLines + 1} more lines`] : lines;
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1} width={width}>
      {cut.map((l, i) => (
        <Text key={i} wrap="truncate">
          {l === "" ? " " : l}
        </Text>
      ))}
    </Box>
  );
}

export interface Status {
  probes: number;
  eventsPerSec: number;
  lost: number;
  elapsedMs: number;
  panelKey?: string;
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const hh = String(Math.floor(s / 3600)).padStart(2, "0");
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return `${hh}:${mm}:${ss}`;
}

export function StatusLine({ status }: { status: Status }) {
  const { probes, eventsPerSec, lost, elapsedMs, panelKey } = status;
  return (
    <Text inverse wrap="truncate">
      {` ${probes} probe${probes === 1 ? "" : "s"} | ${Math.round(eventsPerSec)} events/s | ${lost} lost | ${formatElapsed(elapsedMs)}` +
        (panelKey ? ` | ${panelKey}: maps  Ctrl-C: stop ` : " ")}
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

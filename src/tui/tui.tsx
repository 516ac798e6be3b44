/**
 * The TUI of a one-liner or script whose stdout is a terminal: printf/print lines scroll above a
 * status line (probes, events/s, lost events, elapsed time); `m` toggles a panel of every map,
 * refreshed each second. At the end the live region goes away and the maps are printed as plain
 * bpftrace text, so the scrollback reads as it would without the TUI.
 *
 * The ring-buffer consumer only appends text to a bounded queue (TuiOutput); Ink draws from it on
 * a timer.
 */
const DRAW_MS = 50;
const STATUS_MS = 1000;
export const PANEL_KEY = "m";

import { useEffect, useState } from "react";
import { Box, render, useInput, useStdin, useStdout } from "ink";
import { closeFd, enableStats, progInfo } from "../runtime/bpf.js";
import type { MapDump } from "../runtime/output/text.js";
import type { Session } from "../runtime/session.js";
import type { TuiOutput } from "./tui-output.js";
import type { Status } from "./views.js";
import { MapPanel, StatusLine } from "./views.js";

interface AppProps {
  out: TuiOutput;
  session: Session;
  started: number;
  hits: () => bigint | undefined;
  /** Records the ring buffer could not take so far. */
  lost: () => number;
  onQuit: () => void;
}

function TuiApp({ out, session, started, hits, lost, onQuit }: AppProps) {
  const { write, stdout } = useStdout();
  const { isRawModeSupported } = useStdin();
  const [panel, setPanel] = useState(false);
  const [maps, setMaps] = useState<MapDump[]>([]);
  const [status, setStatus] = useState<Status>({ probes: out.probes, eventsPerSec: 0, lost: 0, elapsedMs: 0, panelKey: isRawModeSupported ? PANEL_KEY : undefined });

  useInput(
    (input, key) => {
      if (key.ctrl && input === "c") onQuit();
      else if (input === PANEL_KEY) setPanel((p) => !p);
    },
    { isActive: Boolean(isRawModeSupported) },
  );

  useEffect(() => {
    const draw = setInterval(() => {
      const text = out.take();
      if (text) write(text);
    }, DRAW_MS);
    let last = { at: Date.now(), hits: hits() };
    const tick = () => {
      const now = Date.now();
      const h = hits();
      const rate = h !== undefined && last.hits !== undefined ? (Number(h - last.hits) * 1000) / Math.max(1, now - last.at) : 0;
      last = { at: now, hits: h };
      setStatus((s) => ({ ...s, eventsPerSec: rate, lost: lost(), elapsedMs: now - started }));
    };
    const slow = setInterval(tick, STATUS_MS);
    return () => {
      clearInterval(draw);
      clearInterval(slow);
    };
  }, []);

  useEffect(() => {
    if (!panel) return;
    const refresh = () => setMaps(session.live.languageMaps().map((m) => session.live.readMap(m.name)));
    refresh();
    const t = setInterval(refresh, STATUS_MS);
    return () => clearInterval(t);
  }, [panel]);

  const width = Math.max(20, (stdout.columns || 80) - 1);
  const maxLines = Math.max(3, (stdout.rows || 24) - 4);
  return (
    <Box flexDirection="column">
      {panel ? <MapPanel maps={maps} maxLines={maxLines} width={width} /> : null}
      <StatusLine status={status} />
    </Box>
  );
}

/** Runs a started session under the TUI until it stops; resolves with its exit code. */
export async function runTui(session: Session, out: TuiOutput): Promise<number> {
  if (out.exitText !== undefined) {
    // The run ended while Ink was loading: nothing live to show.
    out.finishPlain();
    return session.done;
  }
  out.direct = false;
  const started = Date.now();
  let statsFd: number | undefined;
  try {
    statsFd = enableStats();
  } catch {
    statsFd = undefined;
  }
  const hits = (): bigint | undefined => {
    if (statsFd === undefined) return undefined;
    try {
      return session.programFds.reduce((n, fd) => n + progInfo(fd).runCnt, 0n);
    } catch {
      return undefined; // the programs closed under us: the session is ending
    }
  };
  const lost = (): number => {
    try {
      return session.live.lostEvents();
    } catch {
      return out.lost; // the maps closed under us: the session is ending
    }
  };
  const ink = render(<TuiApp out={out} session={session} started={started} hits={hits} lost={lost} onQuit={() => session.stop()} />, {
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const code = await session.done;
  if (statsFd !== undefined) closeFd(statsFd);
  // The live region goes; what stays in the scrollback is bpftrace's plain text.
  ink.clear();
  ink.unmount();
  await ink.waitUntilExit().catch(() => undefined);
  process.stdout.write(out.take(true) + (out.exitText ?? ""));
  if (out.lost > 0) process.stderr.write(`Lost ${out.lost} events\n`);
  return code;
}

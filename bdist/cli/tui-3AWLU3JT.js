import {
  Box_default,
  MapPanel,
  StatusLine,
  render_default,
  require_jsx_runtime,
  require_react,
  use_input_default,
  use_stdin_default,
  use_stdout_default
} from "./chunk-AD4E4OKH.js";
import {
  closeFd,
  enableStats,
  progInfo
} from "./chunk-PJVS25R2.js";
import "./chunk-C27BCDMD.js";
import {
  __toESM
} from "./chunk-7DQDWJI5.js";

// dist/tui/tui.js
var import_jsx_runtime = __toESM(require_jsx_runtime(), 1);
var import_react = __toESM(require_react(), 1);
var DRAW_MS = 50;
var STATUS_MS = 1e3;
var PANEL_KEY = "m";
function TuiApp({ out, session, started, hits, lost, onQuit }) {
  const { write, stdout } = use_stdout_default();
  const { isRawModeSupported } = use_stdin_default();
  const [panel, setPanel] = (0, import_react.useState)(false);
  const [maps, setMaps] = (0, import_react.useState)([]);
  const [status, setStatus] = (0, import_react.useState)({ probes: out.probes, eventsPerSec: 0, lost: 0, elapsedMs: 0, panelKey: isRawModeSupported ? PANEL_KEY : void 0 });
  use_input_default((input, key) => {
    if (key.ctrl && input === "c")
      onQuit();
    else if (input === PANEL_KEY)
      setPanel((p) => !p);
  }, { isActive: Boolean(isRawModeSupported) });
  (0, import_react.useEffect)(() => {
    const draw = setInterval(() => {
      const text = out.take();
      if (text)
        write(text);
    }, DRAW_MS);
    let last = { at: Date.now(), hits: hits() };
    const tick = () => {
      const now = Date.now();
      const h = hits();
      const rate = h !== void 0 && last.hits !== void 0 ? Number(h - last.hits) * 1e3 / Math.max(1, now - last.at) : 0;
      last = { at: now, hits: h };
      setStatus((s) => ({ ...s, eventsPerSec: rate, lost: lost(), elapsedMs: now - started }));
    };
    const slow = setInterval(tick, STATUS_MS);
    return () => {
      clearInterval(draw);
      clearInterval(slow);
    };
  }, []);
  (0, import_react.useEffect)(() => {
    if (!panel)
      return;
    const refresh = () => setMaps(session.live.languageMaps().map((m) => session.live.readMap(m.name)));
    refresh();
    const t = setInterval(refresh, STATUS_MS);
    return () => clearInterval(t);
  }, [panel]);
  const width = Math.max(20, (stdout.columns || 80) - 1);
  const maxLines = Math.max(3, (stdout.rows || 24) - 4);
  return (0, import_jsx_runtime.jsxs)(Box_default, { flexDirection: "column", children: [panel ? (0, import_jsx_runtime.jsx)(MapPanel, { maps, maxLines, width }) : null, (0, import_jsx_runtime.jsx)(StatusLine, { status })] });
}
async function runTui(session, out) {
  if (out.exitText !== void 0) {
    process.stdout.write(out.take(true) + out.exitText);
    if (out.lost > 0)
      process.stderr.write(`Lost ${out.lost} events
`);
    return session.done;
  }
  const started = Date.now();
  let statsFd;
  try {
    statsFd = enableStats();
  } catch {
    statsFd = void 0;
  }
  const hits = () => {
    if (statsFd === void 0)
      return void 0;
    try {
      return session.programFds.reduce((n, fd) => n + progInfo(fd).runCnt, 0n);
    } catch {
      return void 0;
    }
  };
  const lost = () => {
    try {
      return session.live.lostEvents();
    } catch {
      return out.lost;
    }
  };
  const ink = render_default((0, import_jsx_runtime.jsx)(TuiApp, { out, session, started, hits, lost, onQuit: () => session.stop() }), {
    exitOnCtrlC: false,
    patchConsole: false
  });
  const code = await session.done;
  if (statsFd !== void 0)
    closeFd(statsFd);
  ink.clear();
  ink.unmount();
  await ink.waitUntilExit().catch(() => void 0);
  process.stdout.write(out.take(true) + (out.exitText ?? ""));
  if (out.lost > 0)
    process.stderr.write(`Lost ${out.lost} events
`);
  return code;
}
export {
  PANEL_KEY,
  runTui
};

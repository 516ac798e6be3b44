import {
  TopView,
  WatchView,
  render_default,
  require_jsx_runtime
} from "./chunk-AD4E4OKH.js";
import "./chunk-C27BCDMD.js";
import {
  __toESM
} from "./chunk-7DQDWJI5.js";

// dist/tui/live-view.js
var import_jsx_runtime = __toESM(require_jsx_runtime(), 1);
import { PassThrough } from "node:stream";
function startLiveView(o) {
  const width = Math.max(20, (o.stdout.columns || 80) - 1);
  const maxLines = Math.max(5, (o.stdout.rows || 24) - 6);
  let last = /* @__PURE__ */ new Map();
  const frame = () => {
    if (o.kind === "watch")
      return (0, import_jsx_runtime.jsx)(WatchView, { map: o.session.readMap(o.map), seconds: o.seconds, width, maxLines });
    const now = Date.now();
    const next = /* @__PURE__ */ new Map();
    const groups = o.session.stats().map((s) => {
      const before = last.get(s.id);
      if (s.hits !== void 0)
        next.set(s.id, { hits: s.hits, at: now });
      const perSec = s.hits !== void 0 && before ? Number(s.hits - before.hits) * 1e3 / Math.max(1, now - before.at) : void 0;
      return { id: s.id, source: s.source, perSec };
    });
    last = next;
    const maps = [...o.session.maps.keys()].map((m) => o.session.readMap(m));
    return (0, import_jsx_runtime.jsx)(TopView, { groups, maps, width, maxLines });
  };
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  const ink = render_default(frame(), { stdout: o.stdout, stdin, exitOnCtrlC: false, patchConsole: false });
  const timer = setInterval(() => ink.rerender(frame()), o.seconds * 1e3);
  return {
    stop() {
      clearInterval(timer);
      ink.rerender(frame());
      ink.unmount();
    }
  };
}
export {
  startLiveView
};

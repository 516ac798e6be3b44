import {
  fromByteString
} from "./chunk-72TZQFLZ.js";
import {
  formatExitMaps,
  formatMap,
  formatValue
} from "./chunk-C27BCDMD.js";
import "./chunk-7DQDWJI5.js";

// dist/tui/tui-output.js
var MAX_PENDING_LINES = 5e3;
var TuiOutput = class {
  quiet;
  lines = [];
  partial = "";
  skipped = 0;
  lost = 0;
  probes = 0;
  exitText;
  constructor(quiet) {
    this.quiet = quiet;
  }
  attached(n) {
    this.probes = n;
    if (!this.quiet)
      process.stderr.write(`Attached ${n} probe${n === 1 ? "" : "s"}
`);
  }
  /** Data arrives as byte strings (util/byte-strings.ts); the terminal shows it as UTF-8. */
  printf(text) {
    this.push(fromByteString(text));
  }
  push(text) {
    const parts = (this.partial + text).split("\n");
    this.partial = parts.pop();
    for (const l of parts)
      this.lines.push(l);
    if (this.lines.length > MAX_PENDING_LINES) {
      this.skipped += this.lines.length - MAX_PENDING_LINES;
      this.lines = this.lines.slice(-MAX_PENDING_LINES);
    }
  }
  value(v) {
    this.printf(formatValue(v) + "\n");
  }
  map(m, top, div) {
    this.printf(formatMap(m, top, div));
  }
  exitMaps(maps) {
    this.exitText = fromByteString(formatExitMaps(maps));
  }
  /** Runtime warnings go with the program's text, so they are seen while the view is live. */
  warning(text) {
    this.push(text);
  }
  /** Shown in the status line; printed as TextOutput does once the live region is gone. */
  lostEvents(n) {
    this.lost += n;
  }
  /** Complete lines since the last call (all text when `all`), with a note for skipped ones. */
  take(all = false) {
    let text = "";
    if (this.skipped > 0) {
      text += `[ebt: ${this.skipped} lines skipped to keep up; use --no-tui or a pipe to keep every line]
`;
      this.skipped = 0;
    }
    if (this.lines.length)
      text += this.lines.join("\n") + "\n";
    this.lines = [];
    if (all && this.partial) {
      text += this.partial;
      this.partial = "";
    }
    return text;
  }
};
export {
  MAX_PENDING_LINES,
  TuiOutput
};

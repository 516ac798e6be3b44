/**
 * The TUI's keyboard, read from the moment ebt knows it will draw the TUI (before the probes attach
 * and long before Ink loads): the terminal is put in raw mode at once, so a key typed early is
 * neither echoed into the output nor lost, and q, Esc and Ctrl-C stop the run at any time. Other
 * keys wait in a queue until the TUI takes them.
 */
export const QUIT_KEYS = new Set(["q", "Q", "\x1b", "\x03"]);

export class TuiKeys {
  private queue: string[] = [];
  private handler?: (key: string) => void;
  private readonly onData = (data: Buffer | string) => {
    const text = typeof data === "string" ? data : data.toString("latin1");
    // An escape sequence (arrow keys, function keys) arrives whole in one read; a lone ESC is Esc.
    const keys = text.startsWith("\x1b") && text.length > 1 ? [] : [...text];
    for (const k of keys) {
      if (QUIT_KEYS.has(k)) this.onQuit();
      else if (this.handler) this.handler(k);
      else this.queue.push(k);
    }
  };

  private constructor(
    private readonly stdin: NodeJS.ReadStream,
    private readonly onQuit: () => void,
  ) {
    stdin.setRawMode(true);
    stdin.on("data", this.onData);
    stdin.resume();
  }

  /** Starts reading keys when stdin is a terminal; undefined otherwise (the TUI then offers none). */
  static start(stdin: NodeJS.ReadStream, onQuit: () => void): TuiKeys | undefined {
    if (!stdin.isTTY || typeof stdin.setRawMode !== "function") return undefined;
    return new TuiKeys(stdin, onQuit);
  }

  /** Hands the keys typed so far, and every later one, to `handler`. */
  take(handler: (key: string) => void): void {
    this.handler = handler;
    for (const k of this.queue.splice(0)) handler(k);
  }

  /** Gives the terminal back as it was. */
  stop(): void {
    this.stdin.off("data", this.onData);
    if (this.stdin.isTTY) this.stdin.setRawMode(false);
    this.stdin.pause();
  }
}

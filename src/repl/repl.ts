/**
 * `ebt` with no program on a terminal (or `ebt -i`): node's REPL with our evaluator. Each input is a
 * probe to attach, a map to print or a dot-command; event output streams above the prompt. The
 * session ends with Ctrl-D, .exit, exit() in a probe or SIGTERM: detach, END, print maps, exit 0.
 */
import os from "node:os";
import path from "node:path";
import repl from "node:repl";
import type { REPLServer } from "node:repl";
import type { Key } from "node:readline";
import { parse } from "../parser/index.js";
import { findProvider } from "../providers/index.js";
import { UNTERMINATED_ANGLE } from "../parser/index.js";
import type { Output } from "../runtime/output/output.js";
import { formatExitMaps, formatMap, formatValue } from "../runtime/output/text.js";
import type { KernelInfo } from "../contracts/kernel-info.js";
import { attachedText, clearText, COMMANDS, helpText, mapsText, parseMapArg, printText, probesText, unknownCommandText, zeroText } from "./commands.js";
import { complete } from "./complete.js";
import { PromptWriter } from "./prompt-writer.js";
import { ReplSession } from "./repl-session.js";
import type { Reply } from "./repl-session.js";
import { historyLine, isUnfinished, joinContinuedStrings } from "./scan.js";
import { loadWithLiveFrames } from "../tui/live-frames.js";
import { fromByteString } from "../util/byte-strings.js";

export interface ReplOptions {
  kernel: KernelInfo;
  input?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): void };
  output?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  /** History file; EBT_HISTORY overrides, an empty string turns history off. */
  historyFile?: string;
}

/** Output of the session's probes: every line goes above the prompt. */
class ReplOutput implements Output {
  /** Whether a probe printed since the user last entered something or pressed Ctrl-C: then
   * Ctrl-C on an empty line detaches (the probes are printing), else it only clears the line. */
  printedSinceInput = false;
  constructor(private readonly w: PromptWriter) {}
  attached(n: number): void {
    this.w.write(`Attached ${n} probe${n === 1 ? "" : "s"}\n`);
  }
  /** Data arrives as byte strings (util/byte-strings.ts); the terminal shows it as UTF-8. */
  printf(text: string): void {
    this.printedSinceInput = true;
    this.w.write(fromByteString(text));
  }
  value(v: Parameters<Output["value"]>[0]): void {
    this.printedSinceInput = true;
    this.w.write(fromByteString(formatValue(v) + "\n"));
  }
  map(m: Parameters<Output["map"]>[0], top: number, div: number): void {
    this.printedSinceInput = true;
    this.w.write(fromByteString(formatMap(m, top, div)));
  }
  exitMaps(maps: Parameters<Output["exitMaps"]>[0]): void {
    this.w.write(fromByteString(formatExitMaps(maps)));
  }
  lostEvents(n: number): void {
    this.w.write(`Lost ${n} events\n`);
  }
  warning(text: string): void {
    this.w.write(text);
  }
}

/** `BEGIN`, `tracepoint:syscalls:sys_enter_*, interval:s:1`: probes whose block is still to come. */
function looksLikeAttachPoints(text: string): boolean {
  return text.split(",").every((ap) => {
    const m = /^\s*([A-Za-z_]+)(:\S*)?\s*$/.exec(ap);
    return m !== null && findProvider(m[1]!) !== undefined;
  });
}

export function runRepl(opts: ReplOptions): Promise<number> {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const terminal = Boolean(output.isTTY && input.isTTY);
  const writer = new PromptWriter(output as never, terminal);
  let server: REPLServer | undefined;
  let finished = false;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));
  const replOut = new ReplOutput(writer);
  const session = new ReplSession(opts.kernel, replOut, () => server?.close());
  let liveView: { stop(): void } | undefined;

  const show = (r: Reply | string) => writer.write(typeof r === "string" ? r : r.text);

  // History as it was before a multi-line statement began: the statement replaces its lines there.
  let historyBeforeBlock: string[] | undefined;
  // readline keeps the history, newest first, in this (untyped) array; setupHistory saves it.
  const historyOf = (): string[] => (server as unknown as { history: string[] }).history;
  const waitForMore = (text: string, why: string, cb: (err: Error | null) => void) => {
    // readline put the line on top of the history unless it was there already.
    if (!text.includes("\n") && server) historyBeforeBlock = historyOf().slice(historyOf()[0] === text ? 1 : 0);
    cb(new repl.Recoverable(new Error(why)));
  };
  const keepAsOneHistoryEntry = (text: string) => {
    if (!server || !historyBeforeBlock || !text.includes("\n")) return;
    historyOf().splice(0, historyOf().length, historyLine(text), ...historyBeforeBlock);
    historyBeforeBlock = undefined;
  };

  const evaluate = (cmd: string, _ctx: unknown, _file: string, cb: (err: Error | null, result?: unknown) => void) => {
    const text = cmd.replace(/\n$/, "");
    if (text.trim() === "") return cb(null);
    if (isUnfinished(text)) return waitForMore(text, "unfinished input", cb);
    writer.busy = true;
    try {
      const reply = evalInput(joinContinuedStrings(text));
      if (reply === "more") {
        writer.busy = false;
        return waitForMore(text, "unfinished probe", cb);
      }
      keepAsOneHistoryEntry(text);
      show(reply);
    } catch (e) {
      show(`ERROR: internal error (this is an ebt bug): ${(e as Error).stack ?? e}\n`);
    }
    writer.flush(true);
    // What the input itself printed (a BEGIN's printf) is not a probe printing.
    replOut.printedSinceInput = false;
    writer.busy = false;
    cb(null);
  };

  /** A probe, a bare expression, statements, or "more" for a probe still waiting for its block. */
  const evalInput = (text: string): Reply | "more" => {
    const parsed = parse(text, "stdin");
    if (parsed.program) return session.submit(text);
    const d = parsed.diagnostics[0];
    const waiting = d !== undefined && (d.message === UNTERMINATED_ANGLE || d.span.start.offset >= text.trimEnd().length);
    if (waiting && looksLikeAttachPoints(text)) return "more";
    const expr = session.evaluate(text);
    if (expr) return expr;
    // Statements run once in BEGIN.
    if (parse(`BEGIN{\n${text}\n}`, "stdin").program) return session.runStatements(text);
    // A program that ends too early (after its last probe's filter, say): keep reading.
    if (waiting) return "more";
    return session.submit(text); // the program's error, at its place
  };

  const finish = () => {
    if (finished) return;
    finished = true;
    liveView?.stop();
    writer.busy = true;
    writer.held = false;
    try {
      session.finish();
    } finally {
      writer.flush(true);
      writer.close();
      resolveDone(0);
    }
  };

  if (terminal) {
    output.write(
      "ebt: type a probe to attach it, a @map to print it, .help for commands, Ctrl-D to leave\n" +
        "     Ctrl-C on an empty line while probes print detaches the newest of them (.detach N any)\n",
    );
  }
  server = repl.start({
    prompt: "ebt> ",
    input: input as NodeJS.ReadableStream,
    output: output as NodeJS.WritableStream,
    terminal,
    eval: evaluate as never,
    ignoreUndefined: true,
    completer: (line: string) => complete(line, { commands: COMMANDS.map((c) => c.name), maps: () => session.maps.keys(), kernel: opts.kernel }),
    preview: false,
  });
  writer.rl = server as never;
  writer.busy = false;
  for (const builtin of ["break", "clear", "editor", "help", "load", "save", "exit"]) delete (server.commands as Record<string, unknown>)[builtin];
  // node's REPL answers an unknown `.word` with a bare "Invalid REPL keyword"; ours names the
  // nearest command or lists them. node looks commands up by name in this object.
  const known = server.commands as Record<string, unknown>;
  (server as { commands: unknown }).commands = new Proxy(known, {
    get(target, key) {
      if (typeof key !== "string" || key in target) return target[key as string];
      return { help: "", action: commandAction(() => unknownCommandText(key)) };
    },
  });

  /** Runs a dot-command: what it returns (or resolves to) is shown, then the prompt again. */
  const commandAction = (action: (arg: string) => string | void | Promise<void>) => (arg: string) => {
    writer.busy = true;
    let r: string | void | Promise<void>;
    try {
      r = action(arg);
    } catch (e) {
      r = `ERROR: internal error (this is an ebt bug): ${(e as Error).stack ?? e}\n`;
    }
    const after = () => {
      writer.busy = false;
      if (!finished) server!.displayPrompt();
    };
    if (r instanceof Promise) return void r.then(after, (e: Error) => (show(`ERROR: ${e.message}\n`), after()));
    if (r) show(r);
    writer.flush(true);
    after();
  };
  const command = (name: string, action: (arg: string) => string | void | Promise<void>) => {
    server!.defineCommand(name, { help: COMMANDS.find((c) => c.name === name)?.help ?? "", action: commandAction(action) });
  };
  const mapCommand = (name: string, act: (map: string) => string) =>
    command(name, (arg) => {
      const a = parseMapArg(arg);
      if (!a) return `ERROR: usage: .${name} @map\n`;
      if (!session.maps.has(a.name)) return `ERROR: Undefined map: ${a.name}\n`;
      return act(a.name);
    });

  command("help", (arg) => helpText(arg));
  command("probes", (arg) => probesText(opts.kernel, arg));
  command("attached", () => attachedText(session));
  command("detach", (arg) => {
    const a = arg.trim();
    if (a === "all") return session.detach("all").text;
    if (!/^\d+$/.test(a)) return "ERROR: usage: .detach N|all\n";
    return session.detach(Number(a)).text;
  });
  command("maps", () => mapsText(session));
  command("print", (arg) => printText(session, arg));
  mapCommand("clear", (m) => clearText(session, m));
  mapCommand("zero", (m) => zeroText(session, m));
  command("disasm", (arg) => (/^\s*\d+\s*$/.test(arg) ? session.disasm(Number(arg)).text : "ERROR: usage: .disasm N\n"));
  command("save", (arg) => (arg.trim() ? session.save(arg.trim()).text : "ERROR: usage: .save file.ebt\n"));
  command("load", (arg) => (arg.trim() ? session.load(arg.trim()).text : "ERROR: usage: .load file.ebt\n"));
  command("exit", () => void server!.close());
  const live = (kind: "watch" | "top") => (arg: string): string | Promise<void> => {
    let map: string | undefined;
    let seconds = 1;
    if (kind === "watch") {
      const a = parseMapArg(arg);
      if (!a) return "ERROR: usage: .watch @map [seconds]\n";
      if (!session.maps.has(a.name)) return `ERROR: Undefined map: ${a.name}\n`;
      map = a.name;
      seconds = a.n && a.n > 0 ? a.n : 1;
    }
    return runLiveView(kind, map, seconds);
  };
  command("watch", live("watch"));
  command("top", live("top"));

  /** Shows a live Ink view until a key is pressed; events produced meanwhile print afterwards. */
  const runLiveView = async (kind: "watch" | "top", map: string | undefined, seconds: number): Promise<void> => {
    const { startLiveView } = await loadWithLiveFrames(() => import("../tui/live-view.js"));
    writer.held = true;
    const stdin = input as NodeJS.ReadableStream;
    // The view takes the keyboard: readline must not see the key that ends it.
    const keypressListeners = stdin.listeners("keypress") as ((s: string, k: Key) => void)[];
    for (const l of keypressListeners) stdin.removeListener("keypress", l);
    await new Promise<void>((resolve) => {
      const view = startLiveView({ kind, map, seconds, session, stdout: output as NodeJS.WriteStream });
      const stop = () => {
        stdin.removeListener("keypress", onKey);
        stdin.removeListener("data", onData);
        view.stop();
        liveView = undefined;
        resolve();
      };
      liveView = { stop };
      const onKey = () => stop();
      // Without a terminal there are no keypress events: any input line ends the view.
      const onData = () => {
        if (!terminal) stop();
      };
      stdin.on("keypress", onKey);
      stdin.on("data", onData);
    });
    for (const l of keypressListeners) stdin.on("keypress", l);
    writer.held = false;
  };

  const history = process.env.EBT_HISTORY ?? opts.historyFile ?? path.join(os.homedir(), ".ebt_history");
  if (history && terminal) server.setupHistory(history, () => {});
  server.on("exit", finish);
  // Ctrl-C clears the line (and an unfinished block); unlike node's REPL it never leaves the
  // session, whose probes a stray second Ctrl-C would otherwise end. Ctrl-D and .exit leave. On an
  // empty line while probes print, it detaches the newest group: the chatty probe the user just
  // typed stops, as Ctrl-C stops a one-liner, and the session goes on.
  server.removeAllListeners("SIGINT");
  server.on("SIGINT", () => {
    const empty = (server as unknown as { line: string }).line === "" && historyBeforeBlock === undefined;
    const newest = session.attached[session.attached.length - 1];
    const printing = replOut.printedSinceInput;
    replOut.printedSinceInput = false;
    if (empty && newest && printing) {
      writer.busy = true;
      // As a shell shows it: ^C ends the prompt's line, what happened goes under it.
      show(`^C\n${session.detach(newest.id).text}`);
      writer.flush(true);
      writer.busy = false;
      server!.displayPrompt();
      return;
    }
    (server as unknown as { clearLine(): void }).clearLine();
    server!.clearBufferedCommand();
    historyBeforeBlock = undefined;
    server!.displayPrompt();
  });
  const onTerm = () => server!.close();
  process.on("SIGTERM", onTerm);
  return done.finally(() => process.off("SIGTERM", onTerm));
}

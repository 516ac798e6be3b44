/** The REPL's reading of typed input: when to continue on the next line, and completion. */
import { describe, expect, it } from "vitest";
import { findBuiltin } from "../../../src/builtins/index.js";
import { complete } from "../../../src/repl/complete.js";
import { helpText, parseMapArg, probesText, unknownCommandText } from "../../../src/repl/commands.js";
import { historyLine, isUnfinished, joinContinuedStrings } from "../../../src/repl/scan.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";
import { buildCFixtures } from "../../helpers/c-fixtures.js";

describe("unfinished input continues", () => {
  it("an open block, bracket, string or comment waits for more", () => {
    expect(isUnfinished("BEGIN {")).toBe(true);
    expect(isUnfinished('BEGIN { printf("a')).toBe(true);
    expect(isUnfinished("BEGIN { @x[1")).toBe(true);
    expect(isUnfinished("BEGIN { /* note")).toBe(true);
    expect(isUnfinished("BEGIN {\n  @x = 1;\n")).toBe(true);
  });

  it("finished input, and input whose mistake is already visible, does not", () => {
    expect(isUnfinished("BEGIN { @x = 1; }")).toBe(false);
    expect(isUnfinished('BEGIN { printf("{ (") }')).toBe(false);
    expect(isUnfinished("BEGIN { // a { comment\n}")).toBe(false);
    expect(isUnfinished('BEGIN { printf("x" }')).toBe(false); // the closer does not match: report it
    expect(isUnfinished('BEGIN { printf("\\"") }')).toBe(false);
  });

  it("a string continued on the next line keeps the line break as \\n", () => {
    expect(joinContinuedStrings('BEGIN { printf("a\nb"); }\n')).toBe('BEGIN { printf("a\\nb"); }\n');
    expect(joinContinuedStrings('BEGIN { printf("a\\"\nb"); }')).toBe('BEGIN { printf("a\\"\\nb"); }');
  });
});

describe("tab completion", () => {
  const src = { commands: ["help", "maps", "watch"], maps: () => ["@bytes", "@calls"], kernel: new FakeKernel() };

  it("dot-commands", () => {
    expect(complete(".wa", src)).toEqual([[".watch"], ".wa"]);
    expect(complete(".", src)[0]).toEqual([".help", ".maps", ".watch"]);
  });

  it("map names, also inside a probe", () => {
    expect(complete("@b", src)).toEqual([["@bytes"], "@b"]);
    expect(complete("BEGIN { print(@c", src)).toEqual([["@calls"], "@c"]);
  });

  it("tracepoint categories, then events", () => {
    expect(complete("tracepoint:sch", src)).toEqual([["tracepoint:sched:"], "tracepoint:sch"]);
    const [events, word] = complete("t:syscalls:sys_enter_wr", src);
    expect(word).toBe("t:syscalls:sys_enter_wr");
    expect(events).toContain("t:syscalls:sys_enter_write");
    expect(events.every((e) => e.startsWith("t:syscalls:sys_enter_wr"))).toBe(true);
  });

  it("uprobe paths, then the functions of the file (C fixtures built for the test)", () => {
    const fx = buildCFixtures();
    try {
      const dir = fx.dir;
      expect(complete(`uprobe:${dir}/targ`, src)).toEqual([[`uprobe:${dir}/target-pie:`, `uprobe:${dir}/target:`], `uprobe:${dir}/targ`]);
      expect(complete(`BEGIN { } ur:${dir.slice(0, -2)}`, src)[0]).toContain(`ur:${dir}/`);
      expect(complete(`uprobe:${dir}/target:ebt_`, src)[0]).toEqual(["ebt_add", "ebt_other", "ebt_strlen"].map((f) => `uprobe:${dir}/target:${f}`));
      expect(complete(`u:${dir}/libebtfix.so:lib_m`, src)[0]).toEqual([`u:${dir}/libebtfix.so:lib_mul`]);
      expect(complete(`uprobe:${dir}/nothing:`, src)[0]).toEqual([]);
    } finally {
      fx.cleanup();
    }
  });

  it("raw tracepoint names", () => {
    expect(complete("rt:sched_swi", src)[0]).toEqual(["rt:sched_switch"]);
  });

  it("providers and builtins", () => {
    expect(complete("interv", src)[0]).toEqual(["interval:"]);
    expect(complete("BEGIN { printf(\"%d\", pi", src)[0]).toEqual(["pid"]);
    expect(complete("BEGIN { @x = cou", src)[0]).toEqual(["count("]);
  });
});

describe("dot-command arguments and help", () => {
  it("map arguments", () => {
    expect(parseMapArg(" @calls 5")).toEqual({ name: "@calls", n: 5 });
    expect(parseMapArg("@")).toEqual({ name: "@", n: undefined });
    expect(parseMapArg("calls")).toBeUndefined();
  });

  it(".probes lists BEGIN, END and what `ebt -l` lists, filtered", () => {
    const k = new FakeKernel();
    expect(probesText(k, "tracepoint:sched:*")).toBe(
      k.listTracepoints().filter((t) => t.category === "sched").map((t) => `tracepoint:sched:${t.event}\n`).join(""),
    );
    expect(probesText(k, "nothing_like_this")).toBe("no probe matches nothing_like_this\n");
    expect(probesText(k, undefined).startsWith("BEGIN\nEND\nfentry:vmlinux:")).toBe(true);
    expect(probesText(k, undefined)).toContain("\nhardware:backend-stalls:\n");
    expect(probesText(k, undefined)).toContain("\nkprobe:vfs_read\n");
    expect(probesText(k, "rawtracepoint:sched_switch")).toBe("rawtracepoint:sched_switch\n");
    expect(probesText(k, "sched_switch")).toBe("rawtracepoint:sched_switch\ntracepoint:sched:sched_switch\n");
    expect(probesText(k, "END")).toBe("END\n");
  });

  it(".help names every command, and explains providers and builtins by name", () => {
    const all = helpText(undefined);
    for (const c of ["help", "probes", "attached", "detach", "maps", "print", "clear", "zero", "watch", "top", "disasm", "save", "load", "exit"]) {
      expect(all).toMatch(new RegExp(`^\\.${c}\\b`, "m"));
    }
    expect(helpText("count")).toBe(`count()\n    ${findBuiltin("count")!.doc}\n`);
    expect(helpText("t")).toMatch(/^tracepoint, t, tp\n/);
    expect(helpText("nosuch")).toBe("ERROR: no help for 'nosuch' (try .help, .help providers, .help builtins)\n");
  });
});

describe("an unknown dot-command", () => {
  it("names the nearest command, or lists them all, and points at .help", () => {
    expect(unknownCommandText("atached")).toBe("ERROR: unknown command .atached: did you mean .attached? (.help lists the commands)\n");
    expect(unknownCommandText("bogus")).toBe(
      "ERROR: unknown command .bogus; the commands are .help .probes .attached .detach .maps .print .clear .zero .watch .top .disasm .save .load .exit (.help says what each does)\n",
    );
  });
});

describe("a multi-line statement in history", () => {
  it("is one line: strings keep their breaks, line comments become block comments", () => {
    expect(historyLine("BEGIN {\n  @total = 40;\n}")).toBe("BEGIN { @total = 40; }");
    expect(historyLine('BEGIN {\n  printf("a\nb"); // two lines\n\n}')).toBe('BEGIN { printf("a\\nb"); /* two lines*/ }');
    expect(historyLine('BEGIN { printf("// not a comment"); }')).toBe('BEGIN { printf("// not a comment"); }');
  });
});

/**
 * The REPL as a user meets it: the real `ebt` on a pseudo-terminal, keys typed, output read off the
 * screen, probes triggered by a process of a unique name; afterwards nothing of ours is left in the
 * kernel.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import type { BpfObjects } from "../helpers/bpf-objects.js";
import { PtyEbt } from "../helpers/pty.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";
import { namedShell, runNamed } from "../helpers/trigger.js";
import { buildCFixtures, runFixture } from "../helpers/c-fixtures.js";

let before: BpfObjects;
beforeEach(() => {
  before = snapshot();
});
afterEach(async () => {
  expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
});

const PROMPT = "ebt> ";

function tmpdir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "ebt-repl-"));
}

describe("REPL on a terminal", () => {
  it("attaches, streams, shows maps, watches, detaches, completes, and leaves with Ctrl-D", async () => {
    const dir = tmpdir();
    const history = path.join(dir, "history");
    const target = path.join(dir, "repl-opened");
    writeFileSync(target, "x");
    const shell = namedShell("ebtrepl");
    const ebt = new PtyEbt([], { env: { EBT_HISTORY: history } });
    let at = await ebt.waitFor(PROMPT);

    ebt.type(`tracepoint:syscalls:sys_enter_openat /comm == "ebtrepl"/ { @opens[comm] = count(); printf("open %s\\n", str(args.filename)); }\r`);
    at = await ebt.waitFor("[1] attached\n", at);
    // Half a line typed when the event comes: the output goes above, the line is drawn again.
    ebt.type("@op");
    await ebt.waitFor("ebt> @op", at);
    runNamed(shell, `: < ${target}`);
    at = await ebt.waitFor(`open ${target}\n`, at);
    at = await ebt.waitFor("ebt> @op", at);
    ebt.type("ens\r");
    at = await ebt.waitFor(/@opens\[ebtrepl\]: [1-9]\d*\n/, at);

    ebt.type(".maps\r");
    at = await ebt.waitFor(/@opens\[string\[16\]\]: count\(\), 1 entry\n/, at);

    ebt.type(".watch @opens\r");
    // Ink draws the map in a box, refreshed every second, above the hint.
    at = await ebt.waitFor(/│ @opens\[ebtrepl\]: [1-9]\d* +│\n└─+┘\n@opens every 1s; press any key to stop/, at);
    ebt.type("\x03");
    // Ctrl-C ends the view and is not taken by the prompt.
    at = await ebt.waitFor(PROMPT, at);
    ebt.type(".attached\r");
    at = await ebt.waitFor(/id\s+hits\s+avg\s+source\n\[1\]\s+[1-9]\d*\s+\d+ns\s+tracepoint:syscalls:sys_enter_openat/, at);

    ebt.type(".detach 1\r");
    at = await ebt.waitFor("[1] detached\n", at);
    runNamed(shell, `: < ${target}`);

    ebt.type("tracepoint:sched:sched_process_fr\t");
    at = await ebt.waitFor("tracepoint:sched:sched_process_free", at);
    ebt.type("\x03"); // Ctrl-C clears the line, and on an empty line does not leave
    at = await ebt.waitFor(PROMPT, at);
    ebt.type("\x03");
    at = await ebt.waitFor(PROMPT, at);
    ebt.type("BEGIN {\r");
    at = await ebt.waitFor("... ", at);
    ebt.type("\x03"); // and drops an unfinished block
    at = await ebt.waitFor(PROMPT, at);
    ebt.type(".attached\r");
    at = await ebt.waitFor("nothing is attached\n", at);

    ebt.type("\x04");
    expect(await ebt.wait()).toBe(0);
    const tail = ebt.text.slice(at);
    // Leaving prints the maps as bpftrace does at exit; the detached probe counted no more.
    expect(tail).toMatch(/\n\n@opens\[ebtrepl\]: [1-9]\d*\n/);
    expect(ebt.text).not.toContain("ERROR");
    expect(readFileSync(history, "utf8")).toContain(".maps");

    // The next session remembers: the Up arrow brings back the last line.
    const again = new PtyEbt([], { env: { EBT_HISTORY: history } });
    const at2 = await again.waitFor(PROMPT);
    again.type("\x1b[A");
    await again.waitFor("ebt> .attached", at2);
    again.type("\x03\x04"); // clear the line, then leave (Ctrl-D only leaves from an empty line)
    expect(await again.wait()).toBe(0);
  }, 60_000);

  it("keeps the session through errors, continues open blocks, and shares maps between probes", async () => {
    const ebt = new PtyEbt([], { env: { EBT_HISTORY: "" } });
    let at = await ebt.waitFor(PROMPT);

    ebt.type('BEGIN { printf("x" }\r');
    at = await ebt.waitFor('stdin:1:20-21: ERROR: syntax error, unexpected }, expecting ) or ","\nBEGIN { printf("x" }\n                   ~\n', at);

    ebt.type("pid\r");
    at = await ebt.waitFor("stdin:1:1-4: ERROR: pid needs a probe context", at);

    // An open block continues on the next line.
    ebt.type("BEGIN {\r");
    at = await ebt.waitFor("... ", at);
    ebt.type("@total = 40;\r");
    ebt.type("}\r");
    at = await ebt.waitFor("Attached 1 probe\n", at);

    // A later probe reads and updates the map an earlier one filled.
    ebt.type('BEGIN { @total = @total + 2; printf("total %d\\n", @total); }\r');
    at = await ebt.waitFor("total 42\n", at);
    ebt.type("@total\r");
    at = await ebt.waitFor("@total: 42\n", at);

    // Same map, another type: an error at its place, and the map is unchanged.
    ebt.type('@total = "forty"\r');
    at = await ebt.waitFor("stdin:1:1-7: ERROR: Type mismatch for @total: trying to assign value of type 'string[6]' when map already contains a value of type 'int64'\n", at);
    ebt.type("@total\r");
    at = await ebt.waitFor("@total: 42\n", at);

    ebt.type(".exit\r");
    expect(await ebt.wait()).toBe(0);
    expect(ebt.text.slice(at)).toContain("\n\n@total: 42\n");
  }, 60_000);

  it("keeps a statement typed over several lines as one history entry, also in the next session", async () => {
    const history = path.join(tmpdir(), "history");
    const ebt = new PtyEbt([], { env: { EBT_HISTORY: history } });
    let at = await ebt.waitFor(PROMPT);
    ebt.type("@before = 1\r");
    at = await ebt.waitFor(PROMPT, at);
    ebt.type("BEGIN {\r");
    at = await ebt.waitFor("... ", at);
    ebt.type('  printf("got %d\\n", @before); // a note\r');
    at = await ebt.waitFor("... ", at);
    ebt.type("}\r");
    at = await ebt.waitFor("Attached 1 probe\ngot 1\n", at);
    at = await ebt.waitFor(PROMPT, at);
    // Up gives the whole statement, then the line before it.
    ebt.type("\x1b[A");
    at = await ebt.waitFor('ebt> BEGIN { printf("got %d\\n", @before); /* a note*/ }', at);
    ebt.type("\x1b[A");
    at = await ebt.waitFor("ebt> @before = 1", at);
    ebt.type("\x03\x04");
    expect(await ebt.wait()).toBe(0);
    expect(readFileSync(history, "utf8")).toBe('BEGIN { printf("got %d\\n", @before); /* a note*/ }\n@before = 1');

    const again = new PtyEbt([], { env: { EBT_HISTORY: history } });
    const at2 = await again.waitFor(PROMPT);
    again.type("\x1b[A");
    await again.waitFor('ebt> BEGIN { printf("got %d\\n", @before); /* a note*/ }', at2);
    again.type("\x03\x04");
    expect(await again.wait()).toBe(0);
  }, 60_000);

  it(".save writes the attached probes as a script that ebt runs", async () => {
    const file = path.join(tmpdir(), "saved.ebt");
    const ebt = new PtyEbt([], { env: { EBT_HISTORY: "" } });
    let at = await ebt.waitFor(PROMPT);
    ebt.type("END { printf(\"bye %d\\n\", 7); }\r");
    at = await ebt.waitFor("[1] attached\n", at);
    ebt.type(`.save ${file}\r`);
    at = await ebt.waitFor(`saved 1 probe group to ${file}\n`, at);
    ebt.type("\x04");
    expect(await ebt.wait()).toBe(0);
    expect(ebt.text.slice(at)).toContain("bye 7\n");
    const run = new EbtProcess([file]);
    await run.attached();
    run.signal("SIGINT");
    const r = await run.wait();
    expect(r.stdout).toBe("bye 7\n\n\n");
    expect(r.code).toBe(0);
  }, 60_000);
});

describe("Ctrl-C while probes print", () => {
  it("on an empty line detaches the newest group, says so, and the session goes on", async () => {
    const ebt = new PtyEbt([], { env: { EBT_HISTORY: "" } });
    let at = await ebt.waitFor(PROMPT);
    expect(ebt.text.slice(0, at)).toContain("Ctrl-C on an empty line while probes print detaches the newest of them");
    ebt.type("tracepoint:raw_syscalls:sys_enter { @quiet = count(); }\r");
    at = await ebt.waitFor("[1] attached\n", at);
    ebt.type('interval:ms:20 { printf("chatty %d\\n", 7); }\r');
    at = await ebt.waitFor("[2] attached\n", at);
    at = await ebt.waitFor("chatty 7\n", at);
    ebt.type("\x03");
    at = await ebt.waitFor("ebt> ^C\n[2] detached\n", at);
    ebt.type(".attached\r");
    at = await ebt.waitFor(/\n\[1\]\s+\d+\s+\d+ns\s+tracepoint:raw_syscalls:sys_enter \{ @quiet = count\(\); \}\n/, at);
    expect(ebt.text.slice(at)).not.toContain("chatty");
    expect(ebt.text.slice(at - 200, at)).not.toContain("[2]  ");
    // With nothing printing, Ctrl-C on an empty line only gives a new prompt.
    ebt.type("\x03");
    at = await ebt.waitFor(PROMPT, at);
    ebt.type("\x04");
    expect(await ebt.wait()).toBe(0);
    expect(ebt.text.slice(at)).toMatch(/\n\n@quiet: \d+\n$/);
    expect(ebt.text.slice(at)).not.toContain("detached");
  }, 60_000);
});

describe(".save with what the probes depend on", () => {
  it("config, C declarations, macros and the statements that set the maps the probes read come first", async () => {
    const dir = tmpdir();
    const file = path.join(dir, "deps.ebt");
    const input = [
      "@limit = 3",
      "@unrelated = 1",
      "@base = 2",
      "@limit = @limit + @base",
      "config = { max_strlen = 16 }",
      "struct pair { int a; int b; }",
      "#define SCALE 10",
      "macro scaled(x) { x * SCALE }",
      'interval:ms:10 /@ticks < @limit/ { @ticks = @ticks + 1; @size = scaled(sizeof(struct pair)); if (@ticks == @limit) { printf("done %d\\n", @size); } }',
      `.save ${file}`,
      "",
    ].join("\n");
    const r = await runEbt(["-i"], { stdin: input });
    expect(r.code).toBe(0);
    // Definitions say nothing; the probe uses all of them.
    expect(r.stdout).toMatch(/^(ebt> ){9}Attached 1 probe\n\[1\] attached\n/);
    expect(r.stdout).toContain(`saved 1 probe group to ${file}\n`);
    expect(readFileSync(file, "utf8")).toBe(
      [
        "config = { max_strlen = 16 }",
        "struct pair { int a; int b; }",
        "#define SCALE 10",
        "macro scaled(x) { x * SCALE }",
        "BEGIN { @limit = 3 }",
        "BEGIN { @base = 2 }",
        "BEGIN { @limit = @limit + @base }",
        'interval:ms:10 /@ticks < @limit/ { @ticks = @ticks + 1; @size = scaled(sizeof(struct pair)); if (@ticks == @limit) { printf("done %d\\n", @size); } }',
        "",
      ].join("\n"),
    );
    // The script runs on its own: @limit is 5 there too, so the probe prints once it has fired 5 times.
    const run = new EbtProcess([file]);
    await run.attached();
    await run.waitFor("done 80\n", "stdout");
    run.signal("SIGINT");
    const out = await run.wait();
    expect(out.code).toBe(0);
    expect(out.stdout).toBe("done 80\n\n\n@base: 2\n@limit: 5\n@size: 80\n@ticks: 5\n");
  }, 60_000);
});

describe("BEGIN in a statement typed at the prompt", () => {
  it("runs before the statement's other probes attach, and a failed attach drops its output", async () => {
    const ebt = new PtyEbt([], { env: { EBT_HISTORY: "" } });
    let at = await ebt.waitFor(PROMPT);
    // Every syscall fires this probe, the REPL's own included: attached before BEGIN ran, its
    // first event would see @start = 0 and print ahead of "begin".
    ebt.type('BEGIN { @start = 42; printf("begin\\n"); } tracepoint:raw_syscalls:sys_enter /@seen == 0/ { @seen = 1; printf("first event sees @start = %d\\n", @start); }\r');
    at = await ebt.waitFor(/first event sees @start = \d+\n/, at);
    expect(ebt.text.slice(0, at)).toMatch(/\nbegin\n(.*\n)*first event sees @start = 42\n$/);
    at = await ebt.waitFor("[1] attached\n", at);
    ebt.type(".detach 1\r");
    at = await ebt.waitFor("[1] detached\n", at);

    // kprobes do not attach here (KERNEL.md): the statement's BEGIN ran, but nothing of it prints.
    ebt.type('BEGIN { printf("never printed\\n"); @b = 1; } kprobe:vfs_read { @r = count(); }\r');
    at = await ebt.waitFor("ERROR: Error attaching probe: 'kprobe:vfs_read': this kernel has no kprobe support", at);
    at = await ebt.waitFor(PROMPT, at);
    ebt.type('BEGIN { printf("after\\n"); }\r');
    at = await ebt.waitFor("after\n", at);
    // (the typed line holds the words too, as `printf("never printed\\n")`)
    expect(ebt.text).not.toMatch(/(^|\n)never printed\n/);
    ebt.type(".attached\r");
    at = await ebt.waitFor("nothing is attached\n", at);
    ebt.type(".exit\r");
    expect(await ebt.wait()).toBe(0);
  }, 60_000);
});

describe("completion of probe names", () => {
  it("completes raw tracepoints (and every listed provider) by their listed names, under the alias typed", async () => {
    const ebt = new PtyEbt([], { env: { EBT_HISTORY: "" } });
    let at = await ebt.waitFor(PROMPT);
    ebt.type("rawtracepoint:sched_swi\t");
    at = await ebt.waitFor("rawtracepoint:sched_switch", at); // what was typed ends in sched_swi
    ebt.type("\x03");
    at = await ebt.waitFor(PROMPT, at);
    // Two names share sched_sw: a second Tab lists them.
    ebt.type("rt:sched_sw\t");
    await new Promise((r) => setTimeout(r, 200)); // two keystrokes, not one pasted chunk
    ebt.type("\t");
    at = await ebt.waitFor(/rt:sched_swap_numa\s+rt:sched_switch/, at);
    ebt.type("\x03");
    at = await ebt.waitFor(PROMPT, at);
    ebt.type("tracepoint:sched:sched_switch { @n = count(); exit(); }\r");
    at = await ebt.waitFor("[1] attached\n", at);
    expect(await ebt.wait()).toBe(0);
  }, 60_000);
});

describe("uprobe completion", () => {
  it("completes the path after uprobe:, then the functions of that file, into a probe that attaches", async () => {
    const fx = buildCFixtures();
    try {
      const ebt = new PtyEbt([], { env: { EBT_HISTORY: "" } });
      let at = await ebt.waitFor(PROMPT);
      // Two files match: the line gets what they share, and a second Tab lists both.
      ebt.type(`uprobe:${fx.dir}/targ\t`);
      at = await ebt.waitFor(`uprobe:${fx.dir}/target`, at);
      ebt.type("\t");
      at = await ebt.waitFor(`uprobe:${fx.dir}/target-pie:`, at);
      at = await ebt.waitFor(`uprobe:${fx.dir}/target:`, at);
      at = await ebt.waitFor(`${PROMPT}uprobe:${fx.dir}/target`, at);
      // One function matches: the line gets it (only its tail is redrawn); the probe then attaches.
      ebt.type(":ebt_s\t");
      at = await ebt.waitFor(":ebt_strlen", at);
      ebt.type(" { @calls = count(); }\r");
      at = await ebt.waitFor("[1] attached\n", at);
      runFixture(fx.target, "4");
      ebt.type("@calls\r");
      at = await ebt.waitFor("@calls: 4\n", at);
      ebt.type(".exit\r");
      expect(await ebt.wait()).toBe(0);
    } finally {
      fx.cleanup();
    }
  }, 60_000);
});

describe("REPL dot-commands", () => {
  it(".top until a key, .disasm, .print, .load, and exit() in a probe ends the session", async () => {
    const dir = tmpdir();
    const script = path.join(dir, "more.ebt");
    writeFileSync(script, "#!/usr/bin/env ebt\nBEGIN { @n = 1; }\ninterval:ms:100 { @ticks = count(); if (@n == 2) { exit(); } }\n");
    const ebt = new PtyEbt([], { env: { EBT_HISTORY: "" } });
    let at = await ebt.waitFor(PROMPT);

    ebt.type(`.load ${script}\r`);
    at = await ebt.waitFor("[1] attached\n", at);
    ebt.type(".top\r");
    // The groups with their rate (known from the second refresh on), then the maps.
    at = await ebt.waitFor(/│ \[1\] +\d+\/s {2}BEGIN \{ @n = 1; \} interval:ms:100 \{ @ticks = count\(\);/, at);
    at = await ebt.waitFor(/│ @ticks: [1-9]\d* +│/, at);
    at = await ebt.waitFor("every second; press any key to stop", at);
    ebt.type(" ");
    at = await ebt.waitFor(PROMPT, at);

    ebt.type(".disasm 1\r");
    at = await ebt.waitFor(/interval:ms:100:\n; \d+: interval:ms:100 .*\n +0: \(bf\) r6 = r1\n/, at);
    ebt.type(".print @n\r");
    at = await ebt.waitFor("@n: 1\n", at);

    // A second group changes the map the first one tests: the first one calls exit().
    ebt.type("BEGIN { @n = 2; }\r");
    expect(await ebt.wait()).toBe(0);
    expect(ebt.text.slice(at)).toMatch(/\n\n@n: 2\n@ticks: \d+\n$/);
  }, 60_000);
});

describe("without a terminal", () => {
  it("ebt with no program prints the usage, as bpftrace does", async () => {
    const r = await runEbt([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^USAGE:\n/);
  });

  it(".zero, .clear, statements and keyed lookups", async () => {
    const r = await runEbt(["-i"], { stdin: 'BEGIN { @k[1, "a"] = 5; @k[2, "b"] = 6; }\n@k[2, "b"]\n.zero @k\n@k\n.clear @k\n@k[1, "a"] = 9\n.maps\n@k\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "ebt> Attached 1 probe",
        "ebt> @k[2, b]: 6",
        "ebt> zeroed @k: 2 entries set to 0",
        "ebt> @k[1, a]: 0",
        "@k[2, b]: 0",
        "ebt> cleared @k: 2 entries removed",
        "ebt> ebt> @k[int64, string[2]]: int64, 1 entry",
        "ebt> @k[1, a]: 9",
        "ebt> ",
        "",
        "@k[1, a]: 9",
        "",
      ].join("\n"),
    );
  });

  it("an unknown dot-command names the nearest one or lists them; an empty map says so", async () => {
    const r = await runEbt(["-i"], { stdin: ".bogus\n.atached\nBEGIN { @e[1] = 1; delete(@e[1]); }\n@e\n.print @e\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "ebt> ERROR: unknown command .bogus; the commands are .help .probes .attached .detach .maps .print .clear .zero .watch .top .disasm .save .load .exit (.help says what each does)",
        "ebt> ERROR: unknown command .atached: did you mean .attached? (.help lists the commands)",
        "ebt> Attached 1 probe",
        "ebt> @e: (empty)",
        "ebt> @e: (empty)",
        "ebt> ",
        "",
        // Leaving prints the (empty) map as bpftrace does at exit: a blank line.
        "",
        "",
      ].join("\n"),
    );
  });

  it("a probe's warnings come before Attached, as bpftrace prints them; a misspelt probe type gets a suggestion", async () => {
    const r = await runEbt(["-i"], { stdin: "END { let $x; }\ntracepint:syscalls:sys_enter_read { }\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "ebt> stdin:1:7-13: WARNING: Variable $x was never assigned to.",
        "END { let $x; }",
        "      ~~~~~~",
        "Attached 1 probe",
        "[1] attached",
        "ebt> stdin:1:1-34: ERROR: Invalid probe type: tracepint",
        "tracepint:syscalls:sys_enter_read { }",
        "~".repeat(33),
        "HINT: did you mean tracepoint?",
        "ebt> ",
        "",
        "",
      ].join("\n"),
    );
  });

  it("bare expressions: computed once, or refused when they need a probe", async () => {
    const r = await runEbt(["-i"], { stdin: '1 + 2 * 3\n(1, "x")\ncomm\n@nope\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "ebt> 7",
        "ebt> (1, x)",
        "ebt> stdin:1:1-5: ERROR: comm needs a probe context: use it inside a probe, e.g. tracepoint:syscalls:sys_enter_write { print(comm); }",
        "comm",
        "~~~~",
        "ebt> stdin:1:1-6: ERROR: Undefined map: @nope",
        "@nope",
        "~~~~~",
        "ebt> ",
        "",
        "",
      ].join("\n"),
    );
  });

  it("a probe whose block comes on the next lines, and an open < > body, continue", async () => {
    const r = await runEbt(["-i"], { stdin: 'BEGIN\n{ printf("a\\n"); }\nBEGIN <\nprintf("b\\n") >\nBEGIN { printf("c\nd\\n"); }\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("ebt> ... Attached 1 probe\na\nebt> ... Attached 1 probe\nb\nebt> ... Attached 1 probe\nc\nd\nebt> \n\n");
  });

  it("ebt -i reads the REPL's input from a pipe", async () => {
    const r = await runEbt(["-i"], { stdin: "BEGIN { @n = 3; }\n@n\n.maps\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("ebt> Attached 1 probe\nebt> @n: 3\nebt> @n: int64, 1 entry\nebt> \n\n@n: 3\n");
  });
});

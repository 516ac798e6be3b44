/**
 * What a script takes from its command line: named program options after `--` (getopt) and
 * positional parameters, wherever current bpftrace accepts them.
 */
import { describe, expect, it } from "vitest";
import { runEbt } from "../helpers/run-ebt.js";

const TAIL = "\n\n";

describe("getopt() and named options after --", () => {
  const prog = 'begin { print((getopt("num", 20), getopt("neg", -1), getopt("on", true), getopt("flag"), getopt("name", "hello"))); }';

  it("defaults when nothing is given", async () => {
    const r = await runEbt(["-e", prog]);
    expect(r.stdout).toBe(`(20, -1, true, false, hello)\n${TAIL}`);
    expect(r.code).toBe(0);
  });

  it("values of every type: unsigned in any base, signed, bool words, a bare flag, strings", async () => {
    const r = await runEbt(["-e", prog, "--", "--flag", "--num=0xffffffffffffffff", "--neg=-10", "--on=False", "--name=bye"]);
    expect(r.stdout).toBe(`(18446744073709551615, -10, false, true, bye)\n${TAIL}`);
    const more = await runEbt(["-e", prog, "--", "--num=1_000", "--on=no", "--flag=yes", "--neg=5"]);
    expect(more.stdout).toBe(`(1000, 5, false, true, hello)\n${TAIL}`);
  });

  it("mixes with positional parameters on both sides of --", async () => {
    const r = await runEbt(["-e", 'begin { print((str($1), getopt("aa", 10), str($2), getopt("bb"))); }', "p1", "--", "--aa=7", "p2", "--bb"]);
    expect(r.stdout).toBe(`(p1, 7, p2, true)\n${TAIL}`);
  });

  it("a script file takes them too", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = `${mkdtempSync(`${tmpdir()}/ebt-opts-`)}/opts.bt`;
    writeFileSync(file, 'begin { printf("%d\\n", getopt("count", 1, "how many")); }\n');
    const r = await runEbt([file, "--", "--count=3"]);
    expect(r.stdout).toBe(`3\n${TAIL}`);
  });

  it("--help after -- lists the options with their descriptions (exit 1)", async () => {
    const r = await runEbt(["-e", 'begin { print((getopt("aa", 10, "Description of aa"), getopt("bb", 1), getopt("cc"))); }', "--", "--help"]);
    expect(r.stderr).toBe("HINT: expected program options:\n--aa: Description of aa\n--bb\n--cc\n");
    expect(r.stdout).toBe("");
    expect(r.code).toBe(1);
  });

  it("an unknown option: bpftrace's error and the list of expected ones", async () => {
    const r = await runEbt(["-e", 'begin { print((getopt("aa", 10), getopt("zz", "x"))); }', "--", "--bb", "--cc=1"]);
    expect(r.stderr).toBe("ERROR: unexpected program command line options: --bb, --cc\nHINT: expected program options: --aa, --zz\n");
    expect(r.code).toBe(1);
    const none = await runEbt(["-e", "begin { }", "--", "--bb"]);
    expect(none.stderr).toBe("ERROR: unexpected program command line options: --bb\nHINT: no custom program options defined.\n");
  });

  it("a value of the wrong type", async () => {
    const cases: [string, string, string][] = [
      ['getopt("aa", 10)', "--aa=False", "ERROR: program command line option --aa invalid integer (value: False)\n"],
      ['getopt("aa", 10)', "--aa", "ERROR: program command line option --aa expects an integer (value: true)\n"],
      ['getopt("aa", -1)', "--aa=99999999999999999999", "ERROR: program command line option --aa value is out of range (value: 99999999999999999999)\n"],
      ['getopt("aa", "s")', "--aa", "ERROR: program command line option --aa expects a string (value: true)\n"],
      ['getopt("aa")', "--aa=maybe", "ERROR: program command line option --aa expects a boolean (e.g. 'true') (value: maybe)\n"],
    ];
    for (const [call, arg, err] of cases) {
      const r = await runEbt(["-e", `begin { print(${call}); }`, "--", arg]);
      expect(r.stderr).toBe(err);
      expect(r.code).toBe(1);
    }
  });

  it("named options before -- are a usage error", async () => {
    const r = await runEbt(["-e", "begin { }", "--aa=20"]);
    expect(r.stderr.startsWith("ebt: unrecognized option '--aa=20'\nUSAGE:")).toBe(true);
    expect(r.code).toBe(1);
  });

  it("mistakes in getopt() calls are located errors", async () => {
    const r = await runEbt(["-e", 'begin { print(getopt("aa", comm)); }']);
    expect(r.stderr).toBe(
      "stdin:1:28-32: ERROR: Second argument to 'getopt' must be a string literal, integer literal, or a boolean literal.\n" +
        'begin { print(getopt("aa", comm)); }\n                           ~~~~\n',
    );
    const twice = await runEbt(["-e", 'begin { print((getopt("aa", 1), getopt("aa", 2))); }']);
    expect(twice.stderr).toContain("ERROR: Command line option 'aa' needs to have the same default value in all places it is used. Previous default value: 1\n");
    expect(twice.code).toBe(1);
  });
});

describe("positional parameters", () => {
  it("numbers in any base bpftrace reads", async () => {
    const r = await runEbt(["-e", 'begin { printf("%d %o 0x%x %d %lu\\n", $1, $2, $3, $4, $5); }', "123", "0775", "0x123", "--", "-7", "0xffffffffffffffff"]);
    expect(r.stdout).toBe(`123 775 0x123 -7 18446744073709551615\n${TAIL}`);
  });

  it("where a literal is required: lhist bounds, unroll, buf and strncmp lengths", async () => {
    const r = await runEbt([
      "-e",
      'begin { @h = lhist(5, $1, $2, $3); $a = 0; unroll ($4) { $a++; } @b = buf("hello", $5); if (strncmp("hello", "help", $6) == 0) { printf("a=%d same\\n", $a); } }',
      "0", "100", "10", "3", "4", "3",
    ]);
    expect(r.stdout).toBe("a=3 same\n\n\n@b: hell\n@h:\n[0, 10)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n\n");
  });

  it("str($1) is the text, even of a number or of nothing; a missing one is 0 with a warning", async () => {
    const r = await runEbt(["-e", 'begin { printf("%s|%s|%s|%d|%d\\n", str($1), str($2), str($3), $3, $#); }', "vfs", "12"]);
    expect(r.stdout).toBe(`vfs|12||0|2\n${TAIL}`);
    expect(r.stderr).toBe(
      "stdin:1:63-65: WARNING: Positional parameter $3 is empty or not provided. \n" +
        'begin { printf("%s|%s|%s|%d|%d\\n", str($1), str($2), str($3), $3, $#); }\n' +
        " ".repeat(62) + "~~\nAttached 1 probe\n",
    );
  });

  it("in attach points: a part, a piece of the provider, or the whole of it", async () => {
    for (const [prog, arg] of [
      ['i:ms:$1 { printf("hello\\n"); exit(); }', "1"],
      ['BEG$1 { printf("hello\\n"); }', "IN"],
      ['$1 { printf("hello\\n"); exit(); }', "interval:ms:1"],
    ] as const) {
      const r = await runEbt(["-e", prog, arg]);
      expect(r.stdout).toBe(`hello\n${TAIL}`);
      expect(r.code).toBe(0);
    }
  });

  it("uprobe:$1:func attaches to the file the parameter names", async () => {
    const r = await runEbt(["-e", "uprobe:$1:ebt_no_such_function { }", "/bin/sh"]);
    expect(r.stderr).toContain("ERROR: No matches for uprobe /bin/sh:ebt_no_such_function.");
    expect(r.stderr).toContain("uprobe:$1:ebt_no_such_function { }");
  });

  it("a $ not followed by a parameter number in an attach point is an error", async () => {
    const r = await runEbt(["-e", "i:ms:$x { }"]);
    expect(r.stderr).toBe(
      'stdin:1:1-8: ERROR: invalid trailing character for positional param: x. Try quoting this entire part if this is intentional e.g. "$x".\n' +
        "i:ms:$x { }\n~~~~~~~\n",
    );
  });
});

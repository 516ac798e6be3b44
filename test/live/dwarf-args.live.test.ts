/**
 * Typed uprobe arguments from debug info, on test/fixtures/dwarf/typed.c built with -g (DWARF 5 and
 * 4), with its debug info moved to a file found through .gnu_debuglink or by build id under
 * --debuginfo, and without -g. The program runs a known number of times while ebt is attached.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFixture } from "../helpers/c-fixtures.js";
import { readFileSync } from "node:fs";
import { buildDwarfFixtures, DWARF_FIXTURE_SRC } from "../helpers/dwarf-fixtures.js";
import type { DwarfFixtures } from "../helpers/dwarf-fixtures.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";

let fx: DwarfFixtures;
beforeAll(() => {
  fx = buildDwarfFixtures();
});
afterAll(() => fx.cleanup());

/** Starts ebt, waits until attached, runs the fixture `runs` times in one process, then Ctrl-C
 * (after which ebt prints its two blank lines, as bpftrace does). */
async function trace(program: string, bin: string, runs = 2, extra: string[] = []) {
  const ebt = new EbtProcess([...extra, "-e", program]);
  await ebt.attached();
  runFixture(bin, String(runs));
  ebt.signal("SIGINT");
  return ebt.wait();
}

describe("typed uprobe arguments (DWARF)", () => {
  it("reads struct members through pointer arguments: arrays, nested and anonymous members, typedefs", async () => {
    const r = await trace(
      `uprobe:${fx.plain}:use_foo { printf("%d %s %d %d %d %c %d\\n", args.foo1->a, args.foo1->b, args.foo2->in.y, args.foo1->arr[2], args.n, args.foo1->uc, args.foo1->c); }`,
      fx.plain,
    );
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(r.stdout).toBe("42 hello 4 20 0 A -7\n42 hello 4 20 1 A -7\n\n\n");
    expect(r.code).toBe(0);
  });

  it("gives scalar arguments their own width and sign, and bitfields, enums and 2-D arrays their values", async () => {
    const r = await trace(
      `uprobe:${fx.dwarf4}:use_scalars { printf("%c %d %d %s\\n", args.c, args.s, args.ul, str(args.str)); } ` +
        `uprobe:${fx.dwarf4}:use_flags { printf("%d %d %d %d %d\\n", args.flags->lo, args.flags->hi, args.flags->rest, args.flags->grid[1][2], args.color); }`,
      fx.dwarf4,
      1,
    );
    expect(r.stdout).toBe("z -3 99 abc\n5 17 -9 12 5\n\n\n");
  });

  it("prints args whole, types retval of uretprobes, and casts to the program's own struct", async () => {
    const r = await trace(
      `uprobe:${fx.zlib}:use_scalars { print(args); } uretprobe:${fx.zlib}:get_foo { print(retval->in.x); } ` +
        `uprobe:${fx.zlib}:get_foo { printf("%d\\n", ((struct Foo *)arg0)->c); }`,
      fx.zlib,
      1,
    );
    expect(r.stdout).toMatch(/^-7\n3\n\{ \.c = 122, \.s = -3, \.ul = 99, \.str = 0x[0-9a-f]+ \}\n\n\n$/);
  });

  it("makes args a record when used as a value: a map key, a map value, a tuple element", async () => {
    const r = await trace(
      `uprobe:${fx.plain}:use_scalars { @key[args] = count(); @val = args; @tuple[1, args.c] = args; $a = args; printf("%d %c\\n", @val.s, $a.c); }`,
      fx.plain,
      2,
    );
    const rec = "\\{ \\.c = 122, \\.s = -3, \\.ul = 99, \\.str = 0x[0-9a-f]+ \\}";
    expect(r.stdout).toMatch(new RegExp(`^-3 z\\n-3 z\\n\\n\\n@key\\[${rec}\\]: 2\\n@tuple\\[1, 122\\]: ${rec}\\n@val: ${rec}\\n$`));
  });

  it("lists parameters with -lv as bpftrace spells them", async () => {
    const r = await runEbt(["-lv", `uprobe:${fx.plain}:use_*`]);
    expect(r.stdout).toBe(
      `uprobe:${fx.plain}:use_flags\n    struct Flags* flags\n    enum Color color\n` +
        `uprobe:${fx.plain}:use_foo\n    struct Foo* foo1\n    foo_t* foo2\n    int n\n` +
        `uprobe:${fx.plain}:use_foo_alias\n    struct Foo* foo1\n    foo_t* foo2\n    int n\n` +
        `uprobe:${fx.plain}:use_scalars\n    char c\n    short int s\n    long unsigned int ul\n    const char* str\n`,
    );
  });

  it("follows types kept in type units (-fdebug-types-section), DWARF 4's .debug_types and DWARF 5's", async () => {
    for (const bin of [fx.typeUnits4, fx.typeUnits5]) {
      const listed = await runEbt(["-lv", `uprobe:${bin}:use_foo`]);
      expect(listed.stdout).toBe(`uprobe:${bin}:use_foo\n    struct Foo* foo1\n    foo_t* foo2\n    int n\n`);
      const r = await trace(
        `uprobe:${bin}:use_foo { printf("%d %s %d %d\\n", args.foo1->a, args.foo1->b, args.foo2->in.y, ((struct Foo *)arg0)->arr[2]); }`,
        bin,
        1,
      );
      expect(r.stdout).toBe("42 hello 4 20\n\n\n");
    }
  });

  it("finds debug info through .gnu_debuglink and by build id under --debuginfo", async () => {
    const linked = await trace(`uprobe:${fx.linked}:use_foo { printf("%s\\n", args.foo1->b); }`, fx.linked, 1);
    expect(linked.stdout).toBe("hello\n\n\n");
    const byId = await trace(`uprobe:${fx.byId}:use_foo { printf("%d\\n", args.foo2->a); }`, fx.byId, 1, [`--debuginfo=${fx.debugRoot}`]);
    expect(byId.stdout).toBe("42\n\n\n");
    const list = await runEbt(["-lv", `uprobe:${fx.byId}:main`, "--debuginfo", `/nonexistent:${fx.debugRoot}`]);
    expect(list.stdout).toBe(`uprobe:${fx.byId}:main\n    int argc\n    char** argv\n`);
  });

  it("reads split DWARF: the .dwo beside the binary, or the .dwp package", async () => {
    for (const bin of [fx.dwo, fx.dwp]) {
      const r = await trace(`uprobe:${bin}:use_foo { printf("%s %d\\n", args.foo1->b, args.foo2->in.x); }`, bin, 1);
      expect(r.stdout, bin).toBe("hello 3\n\n\n");
    }
  });

  it("attaches to a source line of a split-DWARF binary (the skeleton unit's line program)", async () => {
    const line = readFileSync(DWARF_FIXTURE_SRC, "utf8").split("\n").findIndex((l) => l.includes("return foo1->a + foo2->a + n;")) + 1;
    for (const bin of [fx.dwo, fx.dwp]) {
      const r = await trace(`uprobe:${bin}@typed.c:${line} { printf("line\\n"); }`, bin, 2);
      expect(r.stdout, bin).toBe("line\nline\n\n\n");
    }
  });

  it("says there is no debug info when the binary has none, at args", async () => {
    const r = await runEbt(["-e", `uprobe:${fx.nodebug}:use_foo { print(args.n) }`]);
    const head = `uprobe:${fx.nodebug}:use_foo { print(`;
    expect(r.stderr).toBe(
      `stdin:1:${head.length + 1}-${head.length + 5}: ERROR: Could not parse arguments of "uprobe:${fx.nodebug}:use_foo": no debuginfo found for ${fx.nodebug}\n` +
        `${head}args.n) }\n${" ".repeat(head.length)}~~~~\n`,
    );
    expect(r.code).toBe(1);
    // Without debug info the raw arguments still work, and -lv lists no parameters.
    const list = await runEbt(["-lv", `uprobe:${fx.nodebug}:use_foo`]);
    expect(list.stdout).toBe(`uprobe:${fx.nodebug}:use_foo\n`);
  });
});

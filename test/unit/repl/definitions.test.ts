/** What the REPL keeps of config, C declarations and macros typed at the prompt, and how .save writes them. */
import { describe, expect, it } from "vitest";
import { parse } from "../../../src/parser/index.js";
import { Definitions, withoutDefinitions } from "../../../src/repl/definitions.js";

const program = (src: string) => parse(src, "stdin").program!;

describe("REPL definitions", () => {
  it("later inputs get what they do not define themselves; a new definition replaces the old", () => {
    const d = new Definitions();
    const a = "config = { max_strlen = 16 }\nmacro twice(x) { x * 2 }\nstruct pair { int a; int b; }\n#define N 3";
    d.record(program(a), a);
    const b = "config = { stack_mode = perf }\nmacro twice(x) { x + x }";
    d.record(program(b), b);
    expect(d.text()).toBe("config = { max_strlen = 16; stack_mode = perf }\nstruct pair { int a; int b; }\n#define N 3\nmacro twice(x) { x + x }\n");
    const input = "macro twice(y) { y }\nBEGIN { print(twice(N)); }";
    expect(d.appendTo(input, program(input))).toBe(`${input}\nconfig = { max_strlen = 16; stack_mode = perf }\nstruct pair { int a; int b; }\n#define N 3\n`);
  });

  it("a saved probe's own definitions are cut from it (they are written once, at the top)", () => {
    const src = "macro one() { 1 }\nconfig = { max_strlen = 8 }\nBEGIN { print(one()); }";
    expect(withoutDefinitions(src, program(src))).toBe("BEGIN { print(one()); }");
  });
});

import { describe, expect, test } from "vitest";
import { err, ok, probe, show, strip } from "./helpers.js";
import type { ExprStmt } from "../../../src/ast/nodes.js";

describe("< > blocks", () => {
  test("the design card's one-liner equals the brace form", () => {
    const a = probe("tp:syscalls:sys_enter_write < print(pid) >");
    const b = probe("tp:syscalls:sys_enter_write { print(pid) }");
    expect(a.blockStyle).toBe("angle");
    expect(b.blockStyle).toBe("brace");
    expect(strip(a.body)).toEqual(strip(b.body));
  });

  test("> inside ( ), [ ] and nested { } is a comparison; at the top level it ends the block", () => {
    const p = probe('tp:x:y < if (pid > 1) { printf("%d\\n", pid > 2); } $x = (1 > 2); @m[$a > 1] = 1; print($x) >');
    expect(p.body.stmts.map((s) => s.kind)).toEqual(["IfStmt", "AssignStmt", "AssignStmt", "ExprStmt"]);
    expect(strip(p.body.stmts[1])).toMatchObject({ value: { kind: "Binary", op: ">" } });
  });

  test(">= stays a comparison, < is still an operator, >> inside parens is a shift", () => {
    const p = probe("BEGIN < $a = 1 >= 2; $b = 1 < 2; $c = (8 >> 1); $d = { $e = 1 > 0; } >");
    expect(p.body.stmts.slice(0, 3).map((s) => show((s as { value: never }).value))).toEqual(["(1 >= 2)", "(1 < 2)", "(8 >> 1)"]);
  });

  test("probes follow an angle block", () => {
    const prog = ok("BEGIN < print(1) > END < print(2) > kprobe:f,kprobe:g /pid/ < @[1] = 2 > i:s:1 { exit() }");
    expect(prog.items.length).toBe(4);
    expect(prog.items.map((i) => (i.kind === "Probe" ? i.blockStyle : i.kind))).toEqual(["angle", "angle", "angle", "brace"]);
  });

  test("a predicate may use < and > before an angle body", () => {
    const p = probe("kprobe:f /pid < 5 && pid > 1/ < print(pid) >");
    expect(show(p.predicate!)).toBe("((pid < 5) && (pid > 1))");
    expect((p.body.stmts[0] as ExprStmt).expr.kind).toBe("Call");
  });

  test("an angle block that cannot be closed", () => {
    expect(err("tp:x:y < print(pid)")).toBe(
      "stdin:1:8-9: ERROR: unterminated < > block: a '>' at the top level of an expression ends the block; write (a > b) to compare\n" +
        "tp:x:y < print(pid)\n       ~\n",
    );
    expect(err("BEGIN < if (1) { print(1) }")).toContain("unterminated < > block");
    // An unclosed bracket is the real problem here, so the plain message stays.
    expect(err("BEGIN < print((1 > 2)")).toBe(
      "stdin:1:22-23: ERROR: syntax error, unexpected end of file, expecting ) or \",\"\nBEGIN < print((1 > 2)\n                     ~\n",
    );
  });

  test("a bare > comparison ends the block early, with a hint", () => {
    expect(err("BEGIN < $x = 1 > 2; print($x) >")).toBe(
      "stdin:1:18-19: ERROR: syntax error, unexpected integer\n" +
        "BEGIN < $x = 1 > 2; print($x) >\n                 ~\n" +
        "HINT: a '>' at the top level of a < > block ends the block; write (a > b) to compare\n",
    );
    expect(err("BEGIN < @x = 1 >> 2 >")).toContain("syntax error, unexpected >");
  });
});

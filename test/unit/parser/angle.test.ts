import { describe, expect, test } from "vitest";
import type { AssignStmt, ExprStmt } from "../../../src/ast/nodes.js";
import { UNTERMINATED_ANGLE } from "../../../src/parser/index.js";
import { err, msg, ok, probe, show, strip } from "./helpers.js";

const HINT = "HINT: a '>' at the top level of a < > block ends the block; write (a > b) to compare\n";

describe("< > blocks (DESIGN.md §1)", () => {
  test("the design card's one-liner equals the brace form", () => {
    const a = probe("tp:syscalls:sys_enter_write < print(pid) >");
    const b = probe("tp:syscalls:sys_enter_write { print(pid) }");
    expect(a.blockStyle).toBe("angle");
    expect(b.blockStyle).toBe("brace");
    expect(strip(a)).toEqual({ ...(strip(b) as object), blockStyle: "angle" });
  });

  test("> inside ( ), [ ] and nested { } is a comparison; at the top level it ends the block", () => {
    const p = probe('tp:x:y < if (pid > 1) { printf("%d\\n", pid > 2); } $x = (1 > 2); @m[$a > 1] = 1; print($x) >');
    expect(p.body.stmts.map((s) => s.kind)).toEqual(["IfStmt", "AssignStmt", "AssignStmt", "ExprStmt"]);
    expect(show((p.body.stmts[1] as AssignStmt).value)).toBe("(1 > 2)");
    expect(show((p.body.stmts[2] as AssignStmt).target)).toBe("@m[($a > 1)]");
  });

  test(">= stays a comparison, < is still an operator, >> inside brackets is a shift, >>= assigns", () => {
    const p = probe("BEGIN < $a = 1 >= 2; $b = 1 < 2; $c = (8 >> 1); $d = { 1 > 0 }; $e >>= 1; $f = $p->x >");
    expect(p.body.stmts.map((s) => show((s as AssignStmt).value))).toEqual(["(1 >= 2)", "(1 < 2)", "(8 >> 1)", "{(1 > 0)}", "1", "$p->x"]);
  });

  test("no spaces needed; probes follow an angle block", () => {
    const prog = ok("BEGIN<print(1)>END<print(2)> kprobe:f,kprobe:g /pid/ < @[1] = 2 > i:s:1 { exit() }");
    expect(prog.items.map((i) => (i.kind === "Probe" ? `${i.attachPoints.map((a) => a.raw).join(",")} ${i.blockStyle}` : i.kind))).toEqual([
      "BEGIN angle", "END angle", "kprobe:f,kprobe:g angle", "i:s:1 brace",
    ]);
  });

  test("a predicate may use < and > before an angle body", () => {
    const p = probe("kprobe:f /pid < 5 && pid > 1/ < print(pid) >");
    expect(show(p.predicate!)).toBe("((pid < 5) && (pid > 1))");
    expect((p.body.stmts[0] as ExprStmt).expr.kind).toBe("Call");
  });

  test("empty and one-statement bodies", () => {
    expect(probe("BEGIN < >").body.stmts).toEqual([]);
    expect(probe("BEGIN < ; >").body.stmts).toEqual([]);
    expect(probe("BEGIN < return >").body.stmts.map((s) => s.kind)).toEqual(["JumpStmt"]);
  });

  test("a block that cannot be closed says why, at the opening <", () => {
    expect(err("tp:x:y < print(pid)")).toBe(`stdin:1:8-9: ERROR: ${UNTERMINATED_ANGLE}\ntp:x:y < print(pid)\n       ~\n`);
    expect(UNTERMINATED_ANGLE).toBe(
      "unterminated < > block: a '>' at the top level of an expression ends the block; write (a > b) to compare",
    );
    expect(msg("BEGIN < if (1) { print(1) }")).toBe(`stdin:1:7-8: ERROR: ${UNTERMINATED_ANGLE}`);
    expect(msg("BEGIN < $x = 1;\n$y = 2;\n")).toBe(`stdin:1:7-8: ERROR: ${UNTERMINATED_ANGLE}`);
    // An unclosed bracket is the real problem here, so the plain message stays.
    expect(err("BEGIN < print((1 > 2)")).toBe(
      'stdin:1:22-23: ERROR: syntax error, unexpected end of file, expecting ) or ","\nBEGIN < print((1 > 2)\n                     ~\n',
    );
    expect(msg("BEGIN < print(1) }")).toBe("stdin:1:18-19: ERROR: syntax error, unexpected }, expecting >");
  });

  test("a bare > comparison ends the block early, with a hint", () => {
    expect(err("BEGIN < $x = 1 > 2; print($x) >")).toBe(
      "stdin:1:18-19: ERROR: syntax error, unexpected integer\nBEGIN < $x = 1 > 2; print($x) >\n                 ~\n" + HINT,
    );
    expect(err("BEGIN < @x = 1 >> 2 >")).toBe("stdin:1:17-18: ERROR: syntax error, unexpected >\nBEGIN < @x = 1 >> 2 >\n                ~\n" + HINT);
    expect(err("BEGIN < $x = $a ? $b > 1 : 2 >")).toBe(
      "stdin:1:22-23: ERROR: syntax error, unexpected >, expecting :\nBEGIN < $x = $a ? $b > 1 : 2 >\n                     ~\n" + HINT,
    );
  });
});

import { describe, expect, test } from "vitest";
import { msg, show, stmts, strip } from "./helpers.js";

describe("statements", () => {
  test("assignments to variables and maps, with every operator", () => {
    const ops = ["=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="];
    for (const op of ops) {
      expect(strip(stmts(`$x ${op} 1`)[0])).toMatchObject({ kind: "AssignStmt", op, target: { kind: "ScratchVar", name: "$x" } });
      expect(strip(stmts(`@m[1] ${op} 1`)[0])).toMatchObject({ kind: "AssignStmt", op, target: { kind: "MapAccess", name: "@m" } });
    }
    expect(strip(stmts("@x[1, 2] = 3")[0])).toMatchObject({
      kind: "AssignStmt",
      target: { kind: "MapAccess", name: "@x", keys: [{ value: "1n" }, { value: "2n" }] },
      value: { value: "3n" },
    });
    expect(strip(stmts("@ = 1")[0])).toMatchObject({ target: { kind: "MapAccess", name: "@", keys: [] } });
    expect(strip(stmts("@[comm] = count()")[0])).toMatchObject({ target: { name: "@", keys: [{ kind: "Identifier" }] } });
  });

  test("`_ = e` evaluates and discards (current bpftrace)", () => {
    expect(strip(stmts("_ = f(1)")[0])).toMatchObject({ kind: "ExprStmt", expr: { kind: "Call", name: "f" } });
  });

  test("let", () => {
    expect(strip(stmts("let $x;")[0])).toEqual({ kind: "LetStmt", name: "$x" });
    expect(strip(stmts("let $x = 1;")[0])).toEqual({ kind: "LetStmt", name: "$x", value: { kind: "IntLit", value: "1n", raw: "1" } });
    expect(strip(stmts("let $x: uint8 = 1;")[0])).toMatchObject({ type: { kind: "TypeName", name: "uint8", pointerDepth: 0 }, value: {} });
    expect(strip(stmts("let $s: string[16];")[0])).toMatchObject({ type: { name: "string", arraySize: 16 } });
    expect(strip(stmts("let $p: struct task_struct *;")[0])).toMatchObject({ type: { name: "struct task_struct", pointerDepth: 1 } });
  });

  test("if / else if / else", () => {
    expect(strip(stmts("if ($a) { $b = 1 } else if ($c) { } else { $d = 2; }")[0])).toMatchObject({
      kind: "IfStmt",
      cond: { kind: "ScratchVar", name: "$a" },
      then: { kind: "Block", stmts: [{ kind: "AssignStmt" }] },
      else: { kind: "IfStmt", cond: { name: "$c" }, then: { stmts: [] }, else: { kind: "Block", stmts: [{ kind: "AssignStmt" }] } },
    });
  });

  test("conditions: parenthesised, or a unary expression (current bpftrace)", () => {
    const cond = (src: string) => show((stmts(src)[0] as { cond: never }).cond);
    expect(cond("if ($a > 1 && $b) { }")).toBe("(($a > 1) && $b)");
    expect(cond("if $x { }")).toBe("$x");
    expect(cond("if !$x { }")).toBe("(!$x)");
    expect(cond("if (uint8)$x { }")).toBe("((uint8)$x)");
    expect(cond("while (1) { }")).toBe("1");
    expect(cond("while $i { }")).toBe("$i");
  });

  test("loops", () => {
    expect(strip(stmts("while ($i < 10) { $i++; if ($i == 5) { break; } continue; }")[0])).toMatchObject({
      kind: "WhileStmt",
      body: { stmts: [{ kind: "ExprStmt" }, { kind: "IfStmt" }, { kind: "JumpStmt", jump: "continue" }] },
    });
    expect(strip(stmts("unroll(3) { print(1) }")[0])).toMatchObject({ kind: "UnrollStmt", count: { value: "3n" } });
    expect(strip(stmts("unroll($1) { }")[0])).toMatchObject({ kind: "UnrollStmt", count: { kind: "Positional", index: 1 } });
    expect(strip(stmts("for ($kv : @m) { print($kv.0) }")[0])).toMatchObject({
      kind: "ForMapStmt", variable: "$kv", map: { kind: "MapAccess", name: "@m", keys: [] },
    });
    expect(strip(stmts("for ($i : 0..$n) { }")[0])).toMatchObject({
      kind: "ForRangeStmt", variable: "$i", from: { value: "0n" }, to: { name: "$n" },
    });
    expect(strip(stmts("for $kv : @m { }")[0])).toMatchObject({ kind: "ForMapStmt" });
    expect(strip(stmts("for $i : 1..10 { }")[0])).toMatchObject({ kind: "ForRangeStmt", from: { value: "1n" }, to: { value: "10n" } });
  });

  test("a for loop needs a map or a range", () => {
    expect(msg("BEGIN { for ($x : $y) { } }")).toBe("stdin:1:21-22: ERROR: syntax error, unexpected )");
  });

  test("jumps", () => {
    expect(strip(stmts("break; continue; return; return 1"))).toEqual([
      { kind: "JumpStmt", jump: "break" },
      { kind: "JumpStmt", jump: "continue" },
      { kind: "JumpStmt", jump: "return" },
      { kind: "JumpStmt", jump: "return", value: { kind: "IntLit", value: "1n", raw: "1" } },
    ]);
  });

  test("separators: last ; optional, empty statements, compound statements need none", () => {
    expect(stmts("")).toEqual([]);
    expect(stmts(";;")).toEqual([]);
    expect(stmts("$a = 1;; $b = 2;").length).toBe(2);
    expect(stmts("if (1) { } $a = 1").length).toBe(2);
    expect(stmts("while (0) { }; for ($k : @m) { } unroll(2) { } print(1)").map((s) => s.kind)).toEqual([
      "WhileStmt", "ForMapStmt", "UnrollStmt", "ExprStmt",
    ]);
    expect(stmts("{ $a = 1 } { $b = 2; } print(1)").map((s) => s.kind)).toEqual(["Block", "Block", "ExprStmt"]);
  });

  test("update expressions as statements", () => {
    expect(strip(stmts("$x++; --@m[1]; @++"))).toMatchObject([
      { kind: "ExprStmt", expr: { kind: "Update", op: "++", prefix: false, target: { name: "$x" } } },
      { kind: "ExprStmt", expr: { kind: "Update", op: "--", prefix: true, target: { name: "@m" } } },
      { kind: "ExprStmt", expr: { kind: "Update", op: "++", prefix: false, target: { name: "@" } } },
    ]);
  });
});

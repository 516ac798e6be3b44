import { describe, expect, test } from "vitest";
import type { AssignStmt, Binary, Call, Cast, ExprStmt, IfStmt, Node, Probe } from "../../../src/ast/nodes.js";
import { ok, text } from "./helpers.js";

/** The nearest nodes below `n` (not `n` itself). */
function* children(n: unknown): Generator<Node> {
  for (const [k, v] of Object.entries(n as object)) {
    if (k === "span" || k === "nameSpan") continue;
    for (const x of Array.isArray(v) ? v : [v]) {
      if (x && typeof x === "object") {
        if ("kind" in x && "span" in x) yield x as Node;
        else yield* children(x); // e.g. a record field { name, value, span }
      }
    }
  }
}

/** Checks that every node's span is non-empty and inside its parent's; returns how many it saw. */
function checkNesting(n: Node): number {
  let count = 1;
  for (const c of children(n)) {
    expect(c.span.end.offset, c.kind).toBeGreaterThan(c.span.start.offset);
    expect(c.span.start.offset, c.kind).toBeGreaterThanOrEqual(n.span.start.offset);
    expect(c.span.end.offset, c.kind).toBeLessThanOrEqual(n.span.end.offset);
    count += checkNesting(c);
  }
  return count;
}

describe("spans", () => {
  const src = 'BEGIN { printf("a\\n", 1 + 2 * 3); }\nkprobe:f,\n  kprobe:g /pid/ { @x[comm] = count(); }';
  const prog = ok(src);
  const begin = prog.items[0] as Probe;
  const kp = prog.items[1] as Probe;

  test("program, probes and attach points", () => {
    expect(prog.span).toEqual({ file: "stdin", start: { offset: 0, line: 1, col: 1 }, end: { offset: src.length, line: 3, col: 41 } });
    expect(text(src, begin.span)).toBe('BEGIN { printf("a\\n", 1 + 2 * 3); }');
    expect(begin.span).toEqual({ file: "stdin", start: { offset: 0, line: 1, col: 1 }, end: { offset: 35, line: 1, col: 36 } });
    expect(text(src, kp.span)).toBe("kprobe:f,\n  kprobe:g /pid/ { @x[comm] = count(); }");
    expect(kp.attachPoints.map((a) => text(src, a.span))).toEqual(["kprobe:f", "kprobe:g"]);
    expect(kp.attachPoints[1]!.span.start).toMatchObject({ line: 3, col: 3 });
    expect(text(src, kp.predicate!.span)).toBe("pid");
    expect(text(src, kp.body.span)).toBe("{ @x[comm] = count(); }");
  });

  test("call, its name, a string literal with its quotes, binary expressions", () => {
    const call = (begin.body.stmts[0] as ExprStmt).expr as Call;
    expect(text(src, call.span)).toBe('printf("a\\n", 1 + 2 * 3)');
    expect(call.nameSpan).toEqual({ file: "stdin", start: { offset: 8, line: 1, col: 9 }, end: { offset: 14, line: 1, col: 15 } });
    expect(call.args[0]!.span).toEqual({ file: "stdin", start: { offset: 15, line: 1, col: 16 }, end: { offset: 20, line: 1, col: 21 } });
    expect(text(src, call.args[0]!.span)).toBe('"a\\n"');
    const sum = call.args[1] as Binary;
    expect(text(src, sum.span)).toBe("1 + 2 * 3");
    expect(sum.span.start.col).toBe(23);
    expect(sum.span.end.col).toBe(32);
    expect(text(src, sum.right.span)).toBe("2 * 3");
  });

  test("assignment and map access", () => {
    const s = kp.body.stmts[0] as AssignStmt;
    expect(text(src, s.span)).toBe("@x[comm] = count()");
    expect(text(src, s.target.span)).toBe("@x[comm]");
    expect(text(src, (s.value as Call).nameSpan)).toBe("count");
  });

  test("casts, updates, unary, ternary, tuples, if", () => {
    const s2 = "BEGIN { $a = (uint8)-$x; $b++; --@c[1]; $d = $a ? 1 : (2, \"x\"); if ($a) { } else if ($b) { } }";
    const body = (ok(s2).items[0] as Probe).body.stmts;
    const cast = (body[0] as AssignStmt).value as Cast;
    expect(text(s2, cast.span)).toBe("(uint8)-$x");
    expect(text(s2, cast.type.span)).toBe("uint8");
    expect(text(s2, cast.operand.span)).toBe("-$x");
    expect(text(s2, body[1]!.span)).toBe("$b++");
    expect(text(s2, body[2]!.span)).toBe("--@c[1]");
    expect(text(s2, (body[3] as AssignStmt).value.span)).toBe('$a ? 1 : (2, "x")');
    expect(text(s2, body[4]!.span)).toBe("if ($a) { } else if ($b) { }");
    expect(text(s2, (body[4] as IfStmt).else!.span)).toBe("if ($b) { }");
  });

  test("every node's span is non-empty and inside its parent's", () => {
    const s2 = `config = { a = 1 }
macro m($a) { $a }
BEGIN < $t = (1, "x"); $r = (a = 1); if ($t.0 > 1) { @[1] = (uint8)-$x; } else { $y++; }
  for ($i : 0..3) { } $z = $1 ? sizeof(int8) : offsetof(struct s, a); let $q: int8 = 1; return >`;
    const p = ok(s2);
    expect(checkNesting(p)).toBeGreaterThan(50);
    const probe = p.items[2] as Probe;
    expect(text(s2, probe.body.span).startsWith("< $t")).toBe(true);
    expect(text(s2, probe.body.span).endsWith("return >")).toBe(true);
  });
});

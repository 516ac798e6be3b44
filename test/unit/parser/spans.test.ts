import { describe, expect, test } from "vitest";
import type { Call, ExprStmt, Node, Probe } from "../../../src/ast/nodes.js";
import type { Span } from "../../../src/diagnostics/span.js";
import { ok } from "./helpers.js";

const text = (src: string, s: Span) => src.slice(s.start.offset, s.end.offset);

/** Every node with a span, depth first. */
function* nodes(n: unknown): Generator<Node> {
  if (Array.isArray(n)) for (const x of n) yield* nodes(x);
  else if (n && typeof n === "object") {
    if ("kind" in n && "span" in n) yield n as Node;
    for (const [k, v] of Object.entries(n)) if (k !== "span" && k !== "nameSpan") yield* nodes(v);
  }
}

describe("spans", () => {
  const src = 'BEGIN { printf("a\\n", 1 + 2 * 3); }\nkprobe:f,\n  kprobe:g /pid/ { @x[comm] = count(); }';
  const prog = ok(src);
  const begin = prog.items[0] as Probe;
  const kp = prog.items[1] as Probe;

  test("probe and attach points", () => {
    expect(text(src, begin.span)).toBe('BEGIN { printf("a\\n", 1 + 2 * 3); }');
    expect(begin.span.start).toEqual({ offset: 0, line: 1, col: 1 });
    expect(kp.attachPoints.map((a) => text(src, a.span))).toEqual(["kprobe:f", "kprobe:g"]);
    expect(kp.attachPoints[1]!.span.start).toMatchObject({ line: 3, col: 3 });
    expect(text(src, kp.predicate!.span)).toBe("pid");
    expect(text(src, kp.body.span)).toBe("{ @x[comm] = count(); }");
  });

  test("call, its name, string literal with quotes, binary expressions", () => {
    const call = (begin.body.stmts[0] as ExprStmt).expr as Call;
    expect(text(src, call.span)).toBe('printf("a\\n", 1 + 2 * 3)');
    expect(text(src, call.nameSpan)).toBe("printf");
    expect(text(src, call.args[0]!.span)).toBe('"a\\n"');
    expect(text(src, call.args[1]!.span)).toBe("1 + 2 * 3");
    expect(call.args[1]!.kind === "Binary" && text(src, call.args[1].right.span)).toBe("2 * 3");
  });

  test("assignment and map access", () => {
    const s = kp.body.stmts[0]!;
    expect(text(src, s.span)).toBe("@x[comm] = count()");
    expect(s.kind === "AssignStmt" && text(src, s.target.span)).toBe("@x[comm]");
  });

  test("every node's span is inside its parent's and non-empty", () => {
    const s2 = `config = { a = 1 }
macro m($a) { $a }
BEGIN < $t = (1, "x"); $r = (a = 1); if ($t.0 > 1) { @[1] = (uint8)-$x; } else { $y++; }
  for ($i : 0..3) { } $z = $1 ? sizeof(int8) : offsetof(struct s, a); let $q: int8 = 1; return >`;
    const p = ok(s2);
    const check = (n: unknown, parent?: Span) => {
      for (const child of nodes(n)) {
        expect(child.span.end.offset).toBeGreaterThan(child.span.start.offset);
        if (parent) {
          expect(child.span.start.offset).toBeGreaterThanOrEqual(parent.start.offset);
          expect(child.span.end.offset).toBeLessThanOrEqual(parent.end.offset);
        }
      }
    };
    for (const item of p.items) check(item, p.span);
    const probe = p.items[2] as Probe;
    expect(text(s2, probe.body.span).startsWith("< $t")).toBe(true);
    expect(text(s2, probe.body.span).endsWith("return >")).toBe(true);
  });
});

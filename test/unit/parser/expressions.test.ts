import { describe, expect, test } from "vitest";
import { expr, show, stmts, strip } from "./helpers.js";

describe("precedence (C / bpftrace parser.yy)", () => {
  const cases: [string, string][] = [
    ["1 + 2 * 3", "(1 + (2 * 3))"],
    ["1 - 2 - 3", "((1 - 2) - 3)"],
    ["a || b && c", "(a || (b && c))"],
    ["a | b ^ c & d", "(a | (b ^ (c & d)))"],
    ["a == b < c", "(a == (b < c))"],
    ["a < b << c", "(a < (b << c))"],
    ["a >> b + c", "(a >> (b + c))"],
    ["a > b >= c", "((a > b) >= c)"],
    ["a % b / c * d", "(((a % b) / c) * d)"],
    ["-a * !b", "((-a) * (!b))"],
    ["~*p + &q", "((~(*p)) + (&q))"],
    ["a ? b : c ? d : e", "(a ? b : (c ? d : e))"],
    ["a ?: b", "(a ?  : b)"],
    ["a || b ? c : d", "((a || b) ? c : d)"],
    ["(uint8)a + b", "(((uint8)a) + b)"],
    ["(uint8)a->b", "((uint8)a->b)"],
    ["(struct task_struct **)curtask", "((struct task_struct**)curtask)"],
    ["(int8[4])x", "((int8[4])x)"],
    ["-$x++", "(-($x++))"],
    ["++@m[1]", "(++@m[1])"],
    ["args.x->y[1].0", "args.x->y[1].0"],
    ["f(1, g(2), (3, 4))", "f(1, g(2), (3, 4,))"],
    ["(1 + 2) * 3", "((1 + 2) * 3)"],
    ["$1 + $#", "($1 + $#)"],
    ["@[1, 2] + @", "(@[1, 2] + @)"],
  ];
  for (const [src, want] of cases) test(src, () => expect(show(expr(src))).toBe(want));
});

describe("literals", () => {
  const int = (s: string) => {
    const e = expr(s);
    if (e.kind !== "IntLit") throw new Error(e.kind);
    return e;
  };
  test.each([
    ["42", 42n], ["0x1F", 31n], ["0777", 511n], ["1_000", 1000n], ["2e3", 2000n], ["0", 0n],
    ["1ns", 1n], ["1us", 1000n], ["5ms", 5_000_000n], ["2s", 2_000_000_000n], ["1m", 60_000_000_000n],
    ["1h", 3_600_000_000_000n], ["1d", 86_400_000_000_000n], ["0xffffffffffffffff", 0xffffffffffffffffn],
  ])("%s", (src, v) => {
    expect(int(src).value).toBe(v);
    expect(int(src).raw).toBe(src);
  });
  test("strings decode escapes", () => {
    expect(strip(expr(String.raw`"a\n\t\r\\\"\x41\101\0"`))).toEqual({ kind: "StrLit", value: 'a\n\t\r\\"AA\0' });
  });
  test("booleans", () => {
    expect(strip(expr("true"))).toEqual({ kind: "BoolLit", value: true });
    expect(strip(expr("false"))).toEqual({ kind: "BoolLit", value: false });
  });
});

describe("primary forms", () => {
  test("calls, with and without arguments", () => {
    expect(strip(expr("pid()"))).toEqual({ kind: "Call", name: "pid", args: [] });
    expect(strip(expr("count()"))).toEqual({ kind: "Call", name: "count", args: [] });
    expect(strip(expr('printf("%d", 1)'))).toMatchObject({ kind: "Call", name: "printf", args: [{ kind: "StrLit" }, { kind: "IntLit" }] });
  });
  test("variables, maps, positionals, identifiers", () => {
    expect(strip(expr("$x"))).toEqual({ kind: "ScratchVar", name: "$x" });
    expect(strip(expr("@x"))).toEqual({ kind: "MapAccess", name: "@x", keys: [] });
    expect(strip(expr("@"))).toEqual({ kind: "MapAccess", name: "@", keys: [] });
    expect(strip(expr("@[1]"))).toMatchObject({ kind: "MapAccess", name: "@", keys: [{ value: "1n" }] });
    expect(strip(expr("$3"))).toEqual({ kind: "Positional", index: 3, count: false });
    expect(strip(expr("$#"))).toEqual({ kind: "Positional", index: 0, count: true });
    expect(strip(expr("comm"))).toEqual({ kind: "Identifier", name: "comm" });
  });
  test("tuples and records", () => {
    expect(strip(expr("(1,)"))).toMatchObject({ kind: "TupleExpr", elems: [{ kind: "IntLit" }] });
    expect(strip(expr("(1, 2, 3)"))).toMatchObject({ kind: "TupleExpr", elems: [{}, {}, {}] });
    expect(strip(expr("(1)"))).toMatchObject({ kind: "IntLit" });
    expect(strip(expr('(a = 1, b = "x")'))).toMatchObject({
      kind: "RecordExpr",
      fields: [{ name: "a", value: { kind: "IntLit" } }, { name: "b", value: { kind: "StrLit", value: "x" } }],
    });
  });
  test("sizeof and offsetof", () => {
    expect(strip(expr("sizeof(uint32)"))).toEqual({ kind: "SizeofExpr", arg: { kind: "TypeName", name: "uint32", pointerDepth: 0 } });
    expect(strip(expr("sizeof(struct task_struct)"))).toMatchObject({ arg: { kind: "TypeName", name: "struct task_struct" } });
    expect(strip(expr("sizeof($x)"))).toMatchObject({ arg: { kind: "ScratchVar" } });
    expect(strip(expr("offsetof(struct x, a.b)"))).toEqual({
      kind: "OffsetofExpr",
      type: { kind: "TypeName", name: "struct x", pointerDepth: 0 },
      fields: ["a", "b"],
    });
  });
  test("field access keeps keyword-like and numeric names", () => {
    expect(strip(expr("args.if"))).toMatchObject({ kind: "FieldAccess", field: "if" });
    expect(strip(expr("$t.1"))).toMatchObject({ kind: "FieldAccess", field: "1", arrow: false });
    expect(strip(expr("args->fd"))).toMatchObject({ kind: "FieldAccess", field: "fd", arrow: true });
  });
});

describe("block expressions", () => {
  test("{ stmts; expr } has a value", () => {
    const s = stmts("$x = { let $a = 1; $a + 1 }; $y = { print(1); }")
    expect(strip(s)).toMatchObject([
      { kind: "AssignStmt", value: { kind: "Block", stmts: [{ kind: "LetStmt" }], value: { kind: "Binary", op: "+" } } },
      { kind: "AssignStmt", value: { kind: "Block", stmts: [{ kind: "ExprStmt" }] } },
    ]);
    expect((s[1] as { value: { value?: unknown } }).value.value).toBeUndefined();
  });
});

import { describe, expect, test } from "vitest";
import { expr, msg, show, strip, stmts } from "./helpers.js";

describe("precedence and associativity (C / bpftrace parser.yy)", () => {
  const cases: [string, string][] = [
    ["1 + 2 * 3", "(1 + (2 * 3))"],
    ["1 - 2 - 3", "((1 - 2) - 3)"],
    ["8 / 4 / 2", "((8 / 4) / 2)"],
    ["a || b && c", "(a || (b && c))"],
    ["a && b || c && d", "((a && b) || (c && d))"],
    ["a | b ^ c & d", "(a | (b ^ (c & d)))"],
    ["a & b == c", "(a & (b == c))"],
    ["a == b < c", "(a == (b < c))"],
    ["a != b != c", "((a != b) != c)"],
    ["a < b << c", "(a < (b << c))"],
    ["a >> b + c", "(a >> (b + c))"],
    ["a << 1 >> 2", "((a << 1) >> 2)"],
    ["a > b >= c", "((a > b) >= c)"],
    ["a <= b > c", "((a <= b) > c)"],
    ["a % b / c * d", "(((a % b) / c) * d)"],
    ["1 + 2 * 3 - 4 / 2 << 1 | 7 & 3 == 3 || 0", "(((((1 + (2 * 3)) - (4 / 2)) << 1) | (7 & (3 == 3))) || 0)"],
    ["-a * !b", "((-a) * (!b))"],
    ["~*p + &q", "((~(*p)) + (&q))"],
    ["- -a", "(-(-a))"],
    ["+a", "(+a)"],
    ["a ? b : c ? d : e", "(a ? b : (c ? d : e))"],
    ["a ? b ? c : d : e", "(a ? (b ? c : d) : e)"],
    ["a ?: b", "(a ?  : b)"],
    ["a || b ? c : d", "((a || b) ? c : d)"],
    ["-$x++", "(-($x++))"],
    ["++@m[1]", "(++@m[1])"],
    ["--$x + $y--", "((--$x) + ($y--))"],
    ["args.x->y[1].0", "args.x->y[1].0"],
    ["*args->p", "(*args->p)"],
    ["f(1, g(2), (3, 4))", "f(1, g(2), (3, 4,))"],
    ["(1 + 2) * 3", "((1 + 2) * 3)"],
    ["$1 + $#", "($1 + $#)"],
    ["@[1, 2] + @", "(@[1, 2] + @)"],
    ["@x[1][2]", "@x[1][2]"],
  ];
  for (const [src, want] of cases) test(src, () => expect(show(expr(src))).toBe(want));
});

describe("casts", () => {
  const cases: [string, string][] = [
    ["(uint8)a + b", "(((uint8)a) + b)"],
    ["(uint8)a->b", "((uint8)a->b)"],
    ["(int64)-1", "((int64)(-1))"],
    ["(bool)$x", "((bool)$x)"],
    ["(struct task_struct *)curtask", "((struct task_struct*)curtask)"],
    ["(struct task_struct **)curtask", "((struct task_struct**)curtask)"],
    ["(union u *)0", "((union u*)0)"],
    ["(enum e)1", "((enum e)1)"],
    ["(int8[4])x", "((int8[4])x)"],
    ["(int8[])x", "((int8[0])x)"],
    ["(string[16])$s", "((string[16])$s)"],
    ["(uint16)(uint8)$x", "((uint16)((uint8)$x))"],
    // A bare name is a typedef cast when an operand follows, as in current bpftrace...
    ["(pid_t)$x", "((pid_t)$x)"],
    ["(u64)arg0", "((u64)arg0)"],
    ["(size_t *)$p", "((size_t*)$p)"],
    ["(x)-1", "((x)(-1))"],
    // ...and a parenthesised name otherwise.
    ["(x) + 1", "(x + 1)"],
    ["(x)", "x"],
    ["(pid) - 1", "(pid - 1)"],
    ["(arg0) * 2", "(arg0 * 2)"],
  ];
  for (const [src, want] of cases) test(src, () => expect(show(expr(src))).toBe(want));

  test("the type's span and shape", () => {
    expect(strip(expr("(struct task_struct *)curtask"))).toEqual({
      kind: "Cast",
      type: { kind: "TypeName", name: "struct task_struct", pointerDepth: 1 },
      operand: { kind: "Identifier", name: "curtask" },
    });
  });
});

describe("literals", () => {
  test("integers keep their text", () => {
    expect(strip(expr("0x10"))).toEqual({ kind: "IntLit", value: "16n", raw: "0x10" });
    expect(strip(expr("1_000ms"))).toEqual({ kind: "IntLit", value: "1000000000n", raw: "1_000ms" });
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
    expect(strip(expr("kstack(perf, 3)"))).toMatchObject({ kind: "Call", args: [{ kind: "Identifier", name: "perf" }, {}] });
  });
  test("variables, maps, positionals, identifiers", () => {
    expect(strip(expr("$x"))).toEqual({ kind: "ScratchVar", name: "$x" });
    expect(strip(expr("@x"))).toEqual({ kind: "MapAccess", name: "@x", keys: [] });
    expect(strip(expr("@"))).toEqual({ kind: "MapAccess", name: "@", keys: [] });
    expect(strip(expr("@[1]"))).toMatchObject({ kind: "MapAccess", name: "@", keys: [{ value: "1n" }] });
    expect(strip(expr("@x[1, comm]"))).toMatchObject({ kind: "MapAccess", name: "@x", keys: [{ kind: "IntLit" }, { kind: "Identifier" }] });
    expect(strip(expr("$3"))).toEqual({ kind: "Positional", index: 3, count: false });
    expect(strip(expr("$#"))).toEqual({ kind: "Positional", index: 0, count: true });
    for (const b of ["comm", "pid", "args", "arg0", "retval", "kstack", "curtask"]) {
      expect(strip(expr(b))).toEqual({ kind: "Identifier", name: b });
    }
  });
  test("tuples and records", () => {
    expect(strip(expr("()"))).toEqual({ kind: "TupleExpr", elems: [] });
    expect(strip(expr("(1,)"))).toMatchObject({ kind: "TupleExpr", elems: [{ kind: "IntLit" }] });
    expect(strip(expr("(1, 2, 3)"))).toMatchObject({ kind: "TupleExpr", elems: [{}, {}, {}] });
    expect(strip(expr("(1, 2,)"))).toMatchObject({ kind: "TupleExpr", elems: [{}, {}] });
    expect(strip(expr("(1)"))).toMatchObject({ kind: "IntLit" });
    expect(strip(expr('(a = 1, b = "x")'))).toMatchObject({
      kind: "RecordExpr",
      fields: [{ name: "a", value: { kind: "IntLit" } }, { name: "b", value: { kind: "StrLit", value: "x" } }],
    });
    expect(strip(expr("(a == 1)"))).toMatchObject({ kind: "Binary", op: "==" });
  });
  test("sizeof and offsetof", () => {
    expect(strip(expr("sizeof(uint32)"))).toEqual({ kind: "SizeofExpr", arg: { kind: "TypeName", name: "uint32", pointerDepth: 0 } });
    expect(strip(expr("sizeof(struct task_struct)"))).toMatchObject({ arg: { kind: "TypeName", name: "struct task_struct" } });
    expect(strip(expr("sizeof($x)"))).toMatchObject({ arg: { kind: "ScratchVar" } });
    expect(strip(expr("sizeof(x)"))).toMatchObject({ arg: { kind: "Identifier", name: "x" } });
    expect(strip(expr("offsetof(struct x, a.b)"))).toEqual({
      kind: "OffsetofExpr",
      type: { kind: "TypeName", name: "struct x", pointerDepth: 0 },
      fields: ["a", "b"],
    });
    expect(strip(expr("offsetof(*curtask, comm)"))).toMatchObject({ type: { kind: "Unary", op: "*" }, fields: ["comm"] });
  });
  test("typeof: in casts, sizeof, call arguments; a name with type suffixes is a type", () => {
    expect(strip(expr("(typeof($x))1"))).toMatchObject({
      kind: "Cast",
      type: { kind: "TypeName", name: "typeof", pointerDepth: 0, of: { kind: "ScratchVar", name: "$x" } },
    });
    expect(strip(expr("sizeof(typeof(struct foo))"))).toMatchObject({ arg: { name: "typeof", of: { kind: "TypeName", name: "struct foo" } } });
    expect(strip(expr("f(typeof(uint8*), 1)"))).toMatchObject({
      kind: "Call",
      args: [{ kind: "TypeArg", type: { name: "typeof", of: { name: "uint8", pointerDepth: 1 } } }, { kind: "IntLit" }],
    });
    expect(strip(expr("sizeof(a[2])"))).toMatchObject({ arg: { kind: "TypeName", name: "a", arraySize: 2 } });
    expect(strip(expr("sizeof(a*)"))).toMatchObject({ arg: { kind: "TypeName", name: "a", pointerDepth: 1 } });
    // Not a type: an index expression on a variable, and a builtin.
    expect(strip(expr("sizeof($a[2])"))).toMatchObject({ arg: { kind: "IndexAccess" } });
    expect(strip(expr("sizeof(args[2])"))).toMatchObject({ arg: { kind: "IndexAccess" } });
    expect(strip(stmts("let $y: typeof(size_t*);")[0])).toMatchObject({ kind: "LetStmt", type: { name: "typeof", of: { name: "size_t", pointerDepth: 1 } } });
  });
  test("field access: keyword-like and numeric names, . and ->", () => {
    expect(strip(expr("args.if"))).toMatchObject({ kind: "FieldAccess", field: "if" });
    expect(strip(expr("args.filename"))).toEqual({ kind: "FieldAccess", object: { kind: "Identifier", name: "args" }, field: "filename", arrow: false });
    expect(strip(expr("args->filename"))).toEqual({ kind: "FieldAccess", object: { kind: "Identifier", name: "args" }, field: "filename", arrow: true });
    expect(strip(expr("$t.1"))).toMatchObject({ kind: "FieldAccess", field: "1", arrow: false });
    expect(show(expr("$t.0.1"))).toBe("$t.0.1");
  });
});

describe("block and if expressions (current bpftrace)", () => {
  test("{ stmts; expr } has a value", () => {
    expect(show(expr("{ let $a = 1; $a + 1 }"))).toBe("{LetStmt; ($a + 1)}");
    expect(show(expr("{ 1 }"))).toBe("{1}");
  });
  test("a block used as a value must end with an expression", () => {
    expect(msg("BEGIN { $x = { $a = 1; $b = 2 } }")).toBe("stdin:1:31-32: ERROR: syntax error, unexpected }, expecting ;");
    expect(msg("BEGIN { $x = { $a = 1; } }")).toBe("stdin:1:24-25: ERROR: syntax error, unexpected }");
    expect(msg("BEGIN { $x = { } }")).toBe("stdin:1:16-17: ERROR: syntax error, unexpected }");
  });
  test("if / else as a value is a Ternary over block expressions", () => {
    expect(show(expr("if ($x) { 1 } else { 2 }"))).toBe("($x ? {1} : {2})");
    expect(show(expr("if $x { 1 } else if $y { 2 } else { 3 }"))).toBe("($x ? {1} : ($y ? {2} : {3}))");
  });
  test("an if statement that ends a block expression, with values in every branch, is its value", () => {
    expect(show(expr("{ if ($x) { $a } else { if ($y) { 2 } else { 3 } } }"))).toBe("{($x ? {$a} : {($y ? {2} : {3})})}");
  });
});

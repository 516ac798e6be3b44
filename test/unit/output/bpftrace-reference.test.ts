/**
 * Output text checked against what bpftrace 0.17 printed on this machine for the same programs
 * (captured with `bpftrace -e '...' | od -c`).
 */
import { describe, expect, it } from "vitest";
import { parseFormat, printfArgError } from "../../../src/util/format-string.js";
import { formatPrintf } from "../../../src/runtime/output/printf.js";
import type { ParsedFormat } from "../../../src/util/format-string.js";
import { formatExitMaps, formatValue } from "../../../src/runtime/output/text.js";
import type { MapDump } from "../../../src/runtime/output/text.js";
import type { Value } from "../../../src/plan/value.js";

const int = (n: number | bigint): Value => ({ kind: "int", value: BigInt(n), signed: true });
const str = (s: string): Value => ({ kind: "str", value: s });

function fmt(f: string, ...args: Value[]): string {
  const parsed = parseFormat(f);
  if ("error" in parsed) throw new Error(parsed.error);
  return formatPrintf(parsed, args);
}

describe("printf, as bpftrace 0.17 prints it", () => {
  it("widths, flags and C's int-sized conversions", () => {
    // bpftrace -e 'BEGIN { printf("%5d|%-5s|%x|%u|%hhd|%c|%05d\n", 3, "ab", -1, -1, 300, 65, -42); }'
    expect(fmt("%5d|%-5s|%x|%u|%hhd|%c|%05d\n", int(3), str("ab"), int(-1), int(-1), int(300), int(65), int(-42))).toBe(
      "    3|ab   |ffffffff|4294967295|44|A|-0042\n",
    );
  });

  it("single conversions", () => {
    expect(fmt("[%hd]", int(65))).toBe("[65]");
    expect(fmt("[%lld]", int(65))).toBe("[65]");
    expect(fmt("[%p]", int(65))).toBe("[0x41]");
    expect(fmt("[%c]", int(65))).toBe("[A]");
    expect(fmt("[%-4d]", int(65))).toBe("[65  ]");
    expect(fmt("[%lu]", int(65))).toBe("[65]");
  });

  it("64-bit values need an l modifier, as in C", () => {
    expect(fmt("%ld %lu %lx", int(5000000000n), int(-1), int(-1))).toBe("5000000000 18446744073709551615 ffffffffffffffff");
    expect(fmt("%d", int(5000000000n))).toBe("705032704");
  });

  it("%% and literal text", () => {
    expect(fmt("100%% of %s\n", str("it"))).toBe("100% of it\n");
  });

  it("argument count errors use bpftrace's words", () => {
    const f = parseFormat("%d %d\n") as ParsedFormat;
    expect(printfArgError(f, 1)).toBe("printf: Not enough arguments for format string (1 supplied, 2 expected)");
    expect(printfArgError(parseFormat("%d\n") as ParsedFormat, 2)).toBe("printf: Too many arguments for format string (2 supplied, 1 expected)");
    expect(printfArgError(f, 2)).toBeUndefined();
  });

  it("leaves an unknown conversion as text, as bpftrace does, and rejects floating point", () => {
    // bpftrace -e 'BEGIN { printf("[%y]\n"); }' prints [%y]
    expect(fmt("[%y]")).toBe("[%y]");
    expect(parseFormat("%f")).toMatchObject({ offset: 0 });
  });
});

describe("print() of values", () => {
  it("prints ints, strings and tuples as bpftrace does", () => {
    // bpftrace -e 'BEGIN { print(5); print("x"); print((1,"a")); }'
    expect(formatValue(int(5))).toBe("5");
    expect(formatValue(str("x"))).toBe("x");
    expect(formatValue({ kind: "tuple", elems: [int(1), str("a")] })).toBe("(1, a)");
  });
});

describe("maps at exit", () => {
  const count = (n: number) => ({ kind: "count" as const, value: BigInt(n) });
  it("prints two newlines, then every map by name, each sorted by value ascending", () => {
    // bpftrace -e 'BEGIN { @a = count(); @b[1] = 5; @c[2, "x"] = 3; @[comm] = count(); @s = "str"; @t = (1, "a"); exit(); }'
    const maps: MapDump[] = [
      { name: "@t", keyed: false, entries: [{ key: [], value: { kind: "value", value: { kind: "tuple", elems: [int(1), str("a")] } } }] },
      { name: "@s", keyed: false, entries: [{ key: [], value: { kind: "value", value: str("str") } }] },
      { name: "@c", keyed: true, entries: [{ key: [int(2), str("x")], value: { kind: "value", value: int(3) } }] },
      { name: "@b", keyed: true, entries: [{ key: [int(1)], value: { kind: "value", value: int(5) } }] },
      { name: "@a", keyed: false, entries: [{ key: [], value: count(1) }] },
      { name: "@", keyed: true, entries: [{ key: [str("bpftrace")], value: count(1) }] },
    ];
    expect(formatExitMaps(maps)).toBe("\n\n@[bpftrace]: 1\n@a: 1\n@b[1]: 5\n@c[2, x]: 3\n@s: str\n@t: (1, a)\n");
  });

  it("orders entries by value, ties by key, and prints an empty map as an empty line", () => {
    // bpftrace -e 'BEGIN { @e[1] = 1; delete(@e[1]); @x["b"]=2; @x["a"]=2; @x["c"]=1; exit(); }'
    const maps: MapDump[] = [
      { name: "@e", keyed: true, entries: [] },
      {
        name: "@x",
        keyed: true,
        entries: [
          { key: [str("b")], value: { kind: "value", value: int(2) } },
          { key: [str("a")], value: { kind: "value", value: int(2) } },
          { key: [str("c")], value: { kind: "value", value: int(1) } },
        ],
      },
    ];
    expect(formatExitMaps(maps)).toBe("\n\n\n@x[c]: 1\n@x[a]: 2\n@x[b]: 2\n");
  });
});

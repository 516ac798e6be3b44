import { describe, expect, it } from "vitest";
import { parseInt64, parseUint } from "../../../src/util/parse-int.js";

describe("parseUint / parseInt64 (bpftrace's reading of integers on the command line)", () => {
  it("bases, separators, scientific form and suffixes", () => {
    expect(parseUint("123")).toEqual({ value: 123n });
    expect(parseUint("0x1F")).toEqual({ value: 31n });
    expect(parseUint("0775")).toEqual({ value: 509n });
    expect(parseUint("0b101")).toEqual({ value: 5n });
    expect(parseUint("1_000")).toEqual({ value: 1000n });
    expect(parseUint("1e3")).toEqual({ value: 1000n });
    expect(parseUint("5ms")).toEqual({ value: 5_000_000n });
    expect(parseUint("0xffffffffffffffff")).toEqual({ value: 0xffffffffffffffffn });
    expect(parseInt64("-10")).toEqual({ value: -10n });
    expect(parseInt64("")).toEqual({ value: 0n });
  });

  it("failures in bpftrace's words", () => {
    expect(parseUint("a1111")).toMatchObject({ error: "invalid integer: a1111", detail: "invalid integer" });
    expect(parseUint("111a1")).toMatchObject({ error: "invalid trailing bytes: 111a1" });
    expect(parseUint("12e3")).toMatchObject({ error: "coefficient part of scientific literal must be 1-9: 12e3" });
    expect(parseUint("99999999999999999999")).toMatchObject({ overflow: true, detail: "value is out of range" });
    expect(parseUint("5000000000u")).toMatchObject({ error: "overflow error, maximum value is 4294967295: 5000000000u" });
    expect(parseInt64("9223372036854775808")).toMatchObject({ overflow: true });
    expect(parseInt64("-9223372036854775808")).toEqual({ value: -9223372036854775808n });
  });
});

/** Kernel symbol lookup and stack text, without a kernel: kallsyms text and frames given here. */
import { describe, expect, it } from "vitest";
import { KernelSymbols } from "../../../src/runtime/kernel/kallsyms.js";
import { formatExitMaps, formatValue } from "../../../src/runtime/output/text.js";
import { parseFormat } from "../../../src/util/format-string.js";
import { formatPrintf } from "../../../src/runtime/output/printf.js";
import type { Value } from "../../../src/plan/value.js";

const KALLSYMS = [
  "ffffffff81000000 T _stext",
  "ffffffff81000000 T _text",
  "ffffffff81001000 t helper_b",
  "ffffffff81000800 T helper_a",
  "ffffffffc0a01000 t mod_func\t[some_module]",
  "",
].join("\n");

describe("KernelSymbols", () => {
  const k = new KernelSymbols(KALLSYMS);

  it("finds the symbol an address falls in, with the offset, whatever the file order", () => {
    expect(k.resolve(0xffffffff81000810n)).toEqual({ name: "helper_a", offset: 0x10 });
    expect(k.resolve(0xffffffff81001000n)).toEqual({ name: "helper_b", offset: 0 });
    expect(k.resolve(0xffffffffc0a01004n)).toEqual({ name: "mod_func", offset: 4 });
  });

  it("names the first alias at a shared address, and nothing below the first symbol", () => {
    expect(k.resolve(0xffffffff81000004n)).toEqual({ name: "_stext", offset: 4 });
    expect(k.resolve(0x10n)).toBeUndefined();
  });

  it("finds addresses by name, module symbols without their module", () => {
    expect(k.address("helper_b")).toBe(0xffffffff81001000n);
    expect(k.address("mod_func")).toBe(0xffffffffc0a01000n);
    expect(k.address("nope")).toBeUndefined();
  });
});

describe("stack text", () => {
  const bpftrace: Value = { kind: "stack", lines: ["do_a+1", "do_b+22"], indent: true };
  const perf: Value = { kind: "stack", lines: ["\tffffffff81000801 do_a+1"], indent: false };

  it("indents bpftrace frames by 8 in print and printf, perf frames by their own tab", () => {
    expect(formatValue(bpftrace)).toBe("\n        do_a+1\n        do_b+22\n");
    expect(formatValue(perf)).toBe("\n\tffffffff81000801 do_a+1\n");
    const f = parseFormat("%s|\n");
    if ("error" in f) throw new Error(f.error);
    expect(formatPrintf(f, [bpftrace])).toBe("\n        do_a+1\n        do_b+22\n|\n");
  });

  it("indents frames by 4 in map keys, as bpftrace prints @[kstack]", () => {
    const out = formatExitMaps([{ name: "@", keyed: true, entries: [{ key: [bpftrace], value: { kind: "count", value: 3n } }] }]);
    expect(out).toBe("\n\n@[\n    do_a+1\n    do_b+22\n]: 3\n");
  });
});

import { describe, expect, it } from "vitest";
import { evaluate } from "../../../src/runtime/output/gfp-flags.js";

describe("%gr: the kernel's GFP flag table, as its kmem tracepoint format spells it", () => {
  it("evaluates the value expressions: casts dropped, 1UL, shifts, or, and, not", () => {
    expect(evaluate("(( gfp_t)((((1UL))) << (0)))")).toBe(1n);
    expect(evaluate("((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) << (6))) | (( gfp_t)((((1UL))) << (7))))")).toBe(0xcc0n);
    expect(evaluate("(( gfp_t)0)")).toBe(0n);
    expect(evaluate("((( gfp_t)((((1UL))) << (3))) | (( gfp_t)((((1UL))) << (1)))) & ~(( gfp_t)((((1UL))) << (1)))")).toBe(8n);
  });

  it("anything else is no value (the entry is skipped), not an exception", () => {
    expect(evaluate("sizeof(int)")).toBeUndefined();
    expect(evaluate("(1 << 2")).toBeUndefined();
    expect(evaluate("1 + 2")).toBeUndefined();
  });
});

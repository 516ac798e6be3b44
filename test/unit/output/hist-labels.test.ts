/** hist() bucket labels for every k, computed as current bpftrace's types_format.cpp does. */
import { describe, expect, it } from "vitest";
import { histBucketHeader, histBucketRange, histLabel } from "../../../src/runtime/output/hist-labels.js";

describe("hist bucket labels", () => {
  it("k = 0: bpftrace 0.17's familiar labels", () => {
    expect([0, 1, 2, 3, 4, 12, 13, 22, 32].map((i) => histBucketHeader(i, 0))).toEqual([
      "(..., 0)", "[0]", "[1]", "[2, 4)", "[4, 8)", "[1K, 2K)", "[2K, 4K)", "[1M, 2M)", "[1G, 2G)",
    ]);
  });

  it("k = 2: single values up to 7, then four buckets per power of two (the commit's example)", () => {
    expect([1, 4, 8, 9, 10, 13, 17, 25, 28].map((i) => histBucketHeader(i, 2))).toEqual([
      "[0]", "[3]", "[7]", "[8, 10)", "[10, 12)", "[16, 20)", "[32, 40)", "[128, 160)", "[224, 256)",
    ]);
  });

  it("suffixes count factors of 1024 of the power of two, not of the value", () => {
    expect(histLabel(41, 1).text).toBe("1536K");
    expect(histLabel(41, 1).value).toBe(1536n * 1024n);
    expect(histBucketHeader(41, 1)).toBe("[1024K, 1536K)");
    expect(histBucketHeader(193, 5)).toBe("[1024, 1056)"); // the bucket of 1024 with k = 5
  });

  it("JSON ranges are closed intervals", () => {
    expect(histBucketRange(0, 0)).toEqual({ max: -1n });
    expect(histBucketRange(1, 0)).toEqual({ min: 0n, max: 0n });
    expect(histBucketRange(3, 0)).toEqual({ min: 2n, max: 3n });
    expect(histBucketRange(9, 2)).toEqual({ min: 8n, max: 9n });
  });
});

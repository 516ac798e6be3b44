import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "../../../src/util/did-you-mean.js";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("tracepint", "tracepoint")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });
});

describe("closestName", () => {
  it("finds a likely typo and nothing for an unrelated word", () => {
    expect(closestName("tracepint", ["kprobe", "tracepoint", "uprobe"])).toBe("tracepoint");
    expect(closestName("atached", ["attached", "detach", "maps"])).toBe("attached");
    expect(closestName("bogus", ["attached", "detach", "maps", "help"])).toBeUndefined();
    // A one-letter name still gets one edit.
    expect(closestName("x", ["t", "tracepoint"])).toBe("t");
  });
});

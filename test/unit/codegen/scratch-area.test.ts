import { describe, expect, it } from "vitest";
import { ScratchArea, ScratchOverflow, StackAlloc, StackOverflow, scratchOffset } from "../../../src/codegen/stack.js";

describe("stack slots with a scratch area", () => {
  it("keeps small objects on the stack and puts big ones in the scratch area", () => {
    const area = new ScratchArea(32);
    const stack = new StackAlloc(area);
    const small = stack.alloc(32);
    const big = stack.alloc(4000);
    expect(small).toBe(-32);
    expect(scratchOffset(small)).toBeUndefined();
    expect(scratchOffset(big)).toBe(0);
    expect(scratchOffset(stack.alloc(100))).toBe(4000);
    expect(area.size).toBe(4104);
  });

  it("releases both cursors to a mark", () => {
    const stack = new StackAlloc(new ScratchArea(32));
    stack.alloc(8);
    const mark = stack.mark();
    stack.alloc(16);
    stack.alloc(600);
    stack.release(mark);
    expect(stack.alloc(8)).toBe(-16);
    expect(scratchOffset(stack.alloc(600))).toBe(0);
  });

  it("starts a callback's objects where its caller's end", () => {
    const area = new ScratchArea(32);
    const caller = new StackAlloc(area);
    caller.alloc(1000);
    const callee = new StackAlloc(area, caller.scratchCursor);
    expect(scratchOffset(callee.alloc(1000))).toBe(1000);
    expect(area.size).toBe(2000);
  });

  it("addresses a big area from its middle, and refuses one beyond reach", () => {
    expect(new ScratchArea(32).offset(100)).toBe(100);
    expect(new ScratchArea(32, true).offset(100)).toBe(100 - 32 * 1024);
    expect(() => new StackAlloc(new ScratchArea(32)).alloc(40000)).toThrow(ScratchOverflow);
    expect(scratchOffset(new StackAlloc(new ScratchArea(32, true)).alloc(40000))).toBe(0);
  });

  it("without a scratch area, overflows the 512-byte stack as before", () => {
    expect(() => new StackAlloc().alloc(600)).toThrow(StackOverflow);
  });
});

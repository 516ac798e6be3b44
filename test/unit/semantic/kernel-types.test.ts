/**
 * Kernel types from the machine's BTF: layouts that the kernel's ABI fixes (list_head,
 * __kernel_timespec), strings from char arrays, anonymous members, bitfields, raw tracepoint args.
 */
import { describe, expect, it } from "vitest";
import { fieldLayout, kernelPointerType, offsetofPath, rawTracepointArgs, sizeofTypeName, taskStructPointer } from "../../../src/semantic/kernel-types.js";
import type { Type } from "../../../src/semantic/types.js";

const struct = (name: string): Type & { kind: "struct" } => {
  const p = kernelPointerType(name, 1, false);
  if (p?.kind !== "ptr" || p.to.kind !== "struct") throw new Error(`no ${name} in BTF`);
  return p.to;
};

describe("kernel types from BTF", () => {
  it("lays out fixed-ABI structs: list_head, __kernel_timespec", () => {
    const list = struct("struct list_head");
    expect(fieldLayout(list, "next", false)).toMatchObject({ offset: 0, size: 8, type: { kind: "ptr", to: { kind: "struct", name: "struct list_head" } } });
    expect(fieldLayout(list, "prev", false)).toMatchObject({ offset: 8, size: 8 });
    const ts = struct("struct __kernel_timespec");
    expect(fieldLayout(ts, "tv_nsec", true)).toEqual({ type: { kind: "int", bits: 64, signed: true }, offset: 8, size: 8 });
    expect(sizeofTypeName("struct __kernel_timespec", 0)).toBe(16);
    expect(sizeofTypeName("struct list_head", 1)).toBe(8);
    expect(fieldLayout(ts, "nope", false)).toBeUndefined();
  });

  it("types curtask, its char-array comm as a string, and pointers that stay typed", () => {
    const task = taskStructPointer()!;
    expect(task).toMatchObject({ kind: "ptr", to: { kind: "struct", name: "struct task_struct" } });
    const t = (task as { to: Type & { kind: "struct" } }).to;
    expect(fieldLayout(t, "comm", false)!.type).toEqual({ kind: "str", size: 16, charArray: true });
    expect(fieldLayout(t, "parent", false)!.type).toMatchObject({ kind: "ptr", to: { kind: "struct", name: "struct task_struct" } });
  });

  it("finds fields inside anonymous members and reads bitfields by their bits", () => {
    const t = (taskStructPointer() as { to: Type & { kind: "struct" } }).to;
    const bit = fieldLayout(t, "in_iowait", false)!;
    expect(bit.bits?.width).toBe(1);
    expect(bit.size).toBeGreaterThanOrEqual(1);
    // struct page keeps most of its fields in anonymous unions of anonymous structs.
    const page = struct("struct page");
    expect(fieldLayout(page, "flags", false)).toMatchObject({ offset: 0, size: 8 });
    expect(fieldLayout(page, "lru", false)).toMatchObject({ offset: 8, type: { kind: "struct", name: "struct list_head" } });
    expect(offsetofPath(struct("struct list_head"), ["prev"])).toBe(8);
  });

  it("types raw tracepoint args from the kernel's __bpf_trace_<event> prototype", () => {
    const args = rawTracepointArgs("sched_switch")!;
    expect(args.map((a) => a.name)).toEqual(["preempt", "prev", "next", "prev_state"]);
    expect(args[1]).toMatchObject({ index: 1, type: { kind: "ptr", to: { name: "struct task_struct" } } });
    expect(rawTracepointArgs("no_such_tracepoint_ebt")).toBeUndefined();
  });
});

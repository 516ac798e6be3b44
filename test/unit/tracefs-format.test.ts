import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTracepointFormat } from "../../src/runtime/kernel/tracefs.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "..", "fixtures", "tracefs", name + ".format"), "utf8");

describe("tracefs format parser", () => {
  it("parses common fields and syscall args", () => {
    const f = parseTracepointFormat(fixture("syscalls_sys_enter_openat"));
    const common = f.fields.filter((x) => x.common).map((x) => x.name);
    expect(common).toEqual(["common_type", "common_flags", "common_preempt_count", "common_pid"]);
    expect(f.fields.find((x) => x.name === "common_pid")).toEqual({ name: "common_pid", type: "int", offset: 4, size: 4, signed: true, common: true });
    const filename = f.fields.find((x) => x.name === "filename")!;
    expect(filename).toMatchObject({ type: "const char *", size: 8, common: false, signed: false });
    expect(filename.arrayLength).toBeUndefined();
    expect(f.fields.find((x) => x.name === "__syscall_nr")).toMatchObject({ type: "int", offset: 8, size: 4, signed: true });
  });

  it("parses fixed arrays", () => {
    const sw = parseTracepointFormat(fixture("sched_sched_switch"));
    expect(sw.fields.find((x) => x.name === "prev_comm")).toEqual({ name: "prev_comm", type: "char", offset: 8, size: 16, signed: false, arrayLength: 16, common: false });
    expect(sw.fields.find((x) => x.name === "prev_state")).toMatchObject({ type: "long", offset: 32, size: 8, signed: true });
    const raw = parseTracepointFormat(fixture("raw_syscalls_sys_enter"));
    expect(raw.fields.find((x) => x.name === "args")).toEqual({ name: "args", type: "unsigned long", offset: 16, size: 48, signed: false, arrayLength: 6, common: false });
  });

  it("parses __data_loc strings", () => {
    const ex = parseTracepointFormat(fixture("sched_sched_process_exec"));
    const fn = ex.fields.find((x) => x.name === "filename")!;
    expect(fn).toEqual({ name: "filename", type: "__data_loc char[]", offset: 8, size: 4, signed: false, common: false });
    expect(ex.fields.map((x) => x.name)).toEqual(["common_type", "common_flags", "common_preempt_count", "common_pid", "filename", "pid", "old_pid"]);
  });

  it("handles a field-less event and ignores the print fmt", () => {
    const f = parseTracepointFormat(fixture("syscalls_sys_enter_getppid"));
    expect(f.fields.map((x) => x.name)).toEqual(["common_type", "common_flags", "common_preempt_count", "common_pid", "__syscall_nr"]);
    expect(parseTracepointFormat("garbage\nprint fmt: \"x\"").fields).toEqual([]);
  });
});

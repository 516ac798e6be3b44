/**
 * Parsing of tracefs `format` files. The fixtures are real files captured from this project's
 * kernel (Linux 6.18): test/fixtures/tracefs/<category>_<event>.format (also used by the fake
 * kernel of the compiler tests) and, for shapes only the parser cares about, .../parse/.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTracepointFormat } from "../../src/runtime/kernel/tracefs.js";
import type { TracepointField } from "../../src/contracts/kernel-info.js";
import { nativeLoaded } from "../../src/runtime/native.js";

const dir = join(import.meta.dirname, "..", "fixtures", "tracefs");
const fixture = (name: string) => parseTracepointFormat(readFileSync(join(dir, name + ".format"), "utf8"));
const field = (fields: TracepointField[], name: string) => {
  const f = fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
};

describe("tracefs format parser", () => {
  it("parses the common header and syscall arguments", () => {
    const f = fixture("syscalls_sys_enter_openat");
    expect(f.name).toBe("sys_enter_openat");
    expect(f.id).toBeGreaterThan(0);
    expect(f.fields.filter((x) => x.common).map((x) => x.name)).toEqual(["common_type", "common_flags", "common_preempt_count", "common_pid"]);
    expect(field(f.fields, "common_pid")).toEqual({ name: "common_pid", type: "int", offset: 4, size: 4, signed: true, common: true, decl: "int common_pid" });
    expect(field(f.fields, "__syscall_nr")).toMatchObject({ type: "int", offset: 8, size: 4, signed: true, common: false });
    expect(field(f.fields, "filename")).toEqual({ name: "filename", type: "const char *", offset: 24, size: 8, signed: false, common: false, decl: "const char * filename" });
    // Syscall arguments are 8 bytes whatever their declared type (and "signed:0" even for int).
    expect(field(f.fields, "dfd")).toMatchObject({ type: "int", offset: 16, size: 8, signed: false });
    expect(f.printFmt).toMatch(/^"dfd: 0x%08lx, filename: 0x%08lx/);
  });

  it("parses pointers to structs", () => {
    const f = fixture("parse/syscalls_sys_enter_newstat");
    expect(field(f.fields, "statbuf")).toMatchObject({ type: "struct stat *", offset: 24, size: 8 });
  });

  it("parses fixed arrays: char comm[16], unsigned long args[6], __u8 saddr[4]", () => {
    const sw = fixture("sched_sched_switch");
    expect(field(sw.fields, "prev_comm")).toEqual({
      name: "prev_comm", type: "char", offset: 8, size: 16, signed: false, arrayLength: 16, common: false, decl: "char prev_comm[16]",
    });
    expect(field(sw.fields, "prev_state")).toMatchObject({ type: "long", offset: 32, size: 8, signed: true });
    expect(field(sw.fields, "next_comm")).toMatchObject({ offset: 40, arrayLength: 16 });
    const raw = fixture("raw_syscalls_sys_enter");
    expect(field(raw.fields, "args")).toMatchObject({ type: "unsigned long", offset: 16, size: 48, arrayLength: 6 });
    const inet = fixture("parse/sock_inet_sock_set_state");
    expect(field(inet.fields, "saddr")).toMatchObject({ type: "__u8", size: 4, arrayLength: 4 });
    expect(field(inet.fields, "daddr_v6")).toMatchObject({ type: "__u8", offset: 56, size: 16, arrayLength: 16 });
    expect(field(inet.fields, "skaddr")).toMatchObject({ type: "const void *", size: 8 });
  });

  it("parses flexible arrays as length 0", () => {
    const print = fixture("parse/ftrace_print");
    expect(field(print.fields, "buf")).toMatchObject({ type: "char", offset: 16, size: 0, arrayLength: 0 });
    const fn = fixture("parse/ftrace_function");
    expect(field(fn.fields, "args")).toMatchObject({ type: "unsigned long", offset: 24, size: 0, arrayLength: 0 });
  });

  it("parses __data_loc strings and arrays", () => {
    const ex = fixture("sched_sched_process_exec");
    expect(field(ex.fields, "filename")).toEqual({
      name: "filename", type: "__data_loc char[]", offset: 8, size: 4, signed: false, common: false, loc: "data", decl: "__data_loc char[] filename",
    });
    expect(ex.fields.map((x) => x.name)).toEqual(["common_type", "common_flags", "common_preempt_count", "common_pid", "filename", "pid", "old_pid"]);
    const dma = fixture("parse/dma_dma_map_sg");
    expect(field(dma.fields, "phys_addrs")).toMatchObject({ type: "__data_loc u64[]", offset: 24, size: 4, loc: "data" });
    expect(field(dma.fields, "lengths")).toMatchObject({ type: "__data_loc unsigned int[]", loc: "data" });
    expect(field(dma.fields, "dir")).toMatchObject({ type: "enum dma_data_direction", size: 4 });
    expect(field(dma.fields, "truncated")).toMatchObject({ type: "bool", size: 1 });
    expect(field(dma.fields, "device").arrayLength).toBeUndefined();
  });

  it("handles an event with no fields of its own", () => {
    const f = fixture("syscalls_sys_enter_getppid");
    expect(f.fields.map((x) => x.name)).toEqual(["common_type", "common_flags", "common_preempt_count", "common_pid", "__syscall_nr"]);
  });

  // Shapes no format file on our kernel has, written by hand after the kernel's trace_events code.
  it("parses __rel_loc fields and old files without signed:", () => {
    const f = parseTracepointFormat([
      "name: synthetic",
      "ID: 9",
      "format:",
      "\tfield:unsigned short common_type;\toffset:0;\tsize:2;",
      "\tfield:__rel_loc char[] msg;\toffset:8;\tsize:4;\tsigned:0;",
      "\tfield:int  count;\toffset:12;\tsize:4;",
      "",
      'print fmt: "%s", __get_rel_str(msg)',
    ].join("\n"));
    expect(f).toMatchObject({ name: "synthetic", id: 9, printFmt: '"%s", __get_rel_str(msg)' });
    expect(field(f.fields, "msg")).toMatchObject({ type: "__rel_loc char[]", loc: "rel", offset: 8, size: 4 });
    expect(field(f.fields, "count")).toMatchObject({ type: "int", signed: true, decl: "int count" });
    expect(field(f.fields, "common_type")).toMatchObject({ signed: false, common: true });
  });

  it("skips what it cannot read and never throws", () => {
    expect(parseTracepointFormat("").fields).toEqual([]);
    expect(parseTracepointFormat('garbage\nprint fmt: "x"').fields).toEqual([]);
    expect(parseTracepointFormat("\tfield:int;\toffset:0;\tsize:4;\n\tfield:int x;\toffset:zero;\tsize:4;").fields).toEqual([]);
  });

  it("needs no native addon", () => {
    fixture("sched_sched_switch");
    expect(nativeLoaded()).toBe(false);
  });
});

/** `ebt -l` / `-lv` against the fixture kernel: names, order, globs and parameters as bpftrace prints them. */
import { describe, expect, it } from "vitest";
import { formatProbeList, listProbes } from "../../src/probe-listing.js";
import { FakeKernel } from "../helpers/fake-kernel.js";
import { ListingError } from "../../src/util/listing-error.js";

const kernel = new FakeKernel();
const list = (glob?: string, verbose = false) => formatProbeList(listProbes(kernel, glob, verbose));

describe("probe listing", () => {
  it("tracepoints of a category, sorted byte-wise", () => {
    expect(list("tracepoint:syscalls:*")).toBe(
      "tracepoint:syscalls:sys_enter_getppid\ntracepoint:syscalls:sys_enter_openat\ntracepoint:syscalls:sys_enter_write\ntracepoint:syscalls:sys_exit_read\n",
    );
    expect(list("t:sched:sched_s*")).toBe("tracepoint:sched:sched_switch\n");
  });

  it("-lv: each non-common field as the format file declares it, indented by four spaces", () => {
    expect(list("tracepoint:syscalls:sys_enter_openat", true)).toBe(
      "tracepoint:syscalls:sys_enter_openat\n    int __syscall_nr\n    int dfd\n    const char * filename\n    int flags\n    umode_t mode\n",
    );
    expect(list("tracepoint:sched:sched_switch", true)).toContain("\n    char prev_comm[16]\n    pid_t prev_pid\n");
    expect(list("tracepoint:syscalls:sys_enter_openat", false)).toBe("tracepoint:syscalls:sys_enter_openat\n");
  });

  it("software and hardware events: every name and alias with an empty count", () => {
    expect(list("software:*")).toBe(
      ["alignment-faults", "bpf-output", "context-switches", "cpu-clock", "cpu-migrations", "cpu", "cs", "dummy", "emulation-faults",
        "faults", "major-faults", "minor-faults", "page-faults", "task-clock"].map((n) => `software:${n}:\n`).join(""),
    );
    expect(list("h:*cycles*")).toBe("hardware:bus-cycles:\nhardware:cpu-cycles:\nhardware:cycles:\nhardware:ref-cycles:\n");
  });

  it("kprobes from the kernel's function list, module functions with their module; no kretprobes", () => {
    expect(list("kprobe:vfs_*")).toBe("kprobe:vfs_read\nkprobe:vfs_readlink\nkprobe:vfs_readv\nkprobe:vfs_write\n");
    expect(list("kprobe:ebtmod:*")).toBe("kprobe:ebtmod:ebtmod_read\nkprobe:ebtmod:ebtmod_write\n");
    expect(list("kretprobe:*")).toBe("");
  });

  it("a glob without a colon matches the last part of every name; no glob lists everything, sorted", () => {
    expect(list("sys_enter_*")).toBe(
      "tracepoint:syscalls:sys_enter_getppid\ntracepoint:syscalls:sys_enter_openat\ntracepoint:syscalls:sys_enter_write\n",
    );
    expect(list("sched_switch")).toBe("rawtracepoint:sched_switch\ntracepoint:sched:sched_switch\n");
    const all = list().split("\n").filter(Boolean);
    expect(all).toEqual([...all].sort());
    // fentry and iter come from the machine's own BTF (every machine of ours has it, KERNEL.md).
    expect(new Set(all.map((n) => n.split(":")[0]))).toEqual(new Set(["fentry", "hardware", "interval", "iter", "kprobe", "profile", "rawtracepoint", "self", "software", "tracepoint"]));
    expect(list("*:*")).toBe(list());
    // Timers list one line per unit, the rate left out, as in bpftrace.
    expect(list("interval:*")).toBe("interval:hz:\ninterval:ms:\ninterval:s:\ninterval:us:\n");
    expect(list("self:*")).toBe("self:signal:SIGUSR1\n");
  });

  it("an unknown probe type is an error (as in current bpftrace); no match is nothing", () => {
    expect(() => list("nosuch:*")).toThrow(new ListingError("Invalid probe type: nosuch"));
    expect(list("tracepoint:nosuch:*")).toBe("");
  });
});

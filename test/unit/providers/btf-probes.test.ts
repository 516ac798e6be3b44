/**
 * The BTF-attached probe types (fentry/fexit, tp_btf, iter), kprobes by address and raw tracepoint
 * names: attach point parsing, names, typed context and the errors users see. Types come from the
 * machine's own BTF (/sys/kernel/btf/vmlinux, present on every machine of ours: KERNEL.md).
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../../src/compile.js";
import type { CompileOptions } from "../../../src/compile.js";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import { BPF_TRACE_FENTRY, BPF_TRACE_FEXIT, BPF_TRACE_ITER, BPF_TRACE_RAW_TP } from "../../../src/abi/uapi.js";
import { kernelBtf } from "../../../src/btf/btf.js";
import { findProvider } from "../../../src/providers/index.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";

const kernel = new FakeKernel();

function build(source: string, opts: CompileOptions = {}) {
  const r = compile(source, "stdin", kernel, opts);
  return {
    plan: r.plan,
    names: r.plan?.programs.map((p) => p.target.name) ?? [],
    diags: r.diagnostics.items.map((d) => renderDiagnostic(d, r.sources)).join(""),
  };
}

describe("fentry / fexit", () => {
  it("are named as current bpftrace names them, under every alias", () => {
    expect(build("fentry:vfs_read { } f:vfs_write { } kfunc:vmlinux:vfs_readv { } fexit:vfs_read { } fr:vfs_write { } kretfunc:vfs_read { }").names).toEqual([
      "fentry:vmlinux:vfs_read", "fentry:vmlinux:vfs_write", "fentry:vmlinux:vfs_readv",
      "fexit:vmlinux:vfs_read", "fexit:vmlinux:vfs_write", "fexit:vmlinux:vfs_read",
    ]);
  });

  it("load as tracing programs that name the function's BTF id", () => {
    const { plan } = build("fentry:vfs_read { } fexit:vfs_read { }");
    const id = kernelBtf()!.find("vfs_read", 12)[0];
    expect(plan!.programs.map((p) => p.attach)).toEqual([
      { attachType: BPF_TRACE_FENTRY, btfId: id },
      { attachType: BPF_TRACE_FEXIT, btfId: id },
    ]);
  });

  it("args are typed from the prototype, one u64 slot each; fexit's retval follows them", () => {
    const fexit = findProvider("fexit")!;
    const [target] = fexit.resolve("vfs_read", { kind: "AttachPoint", raw: "fexit:vfs_read", span: undefined } as never, kernel, { error() {}, warning() {} } as never);
    const args = fexit.args!(target!, kernel)!;
    expect(args.map((a) => [a.name, a.type.kind, a.ctxOffset, a.ctxSize])).toEqual([
      ["file", "ptr", 0, 8], ["buf", "ptr", 8, 8], ["count", "int", 16, 8], ["pos", "ptr", 24, 8],
    ]);
    expect(fexit.retvalOffset!(target!)).toBe(32);
    expect(fexit.retvalType!(target!)).toEqual({ kind: "int", bits: 64, signed: true }); // ssize_t
  });

  it("a narrower integer argument is read at its own width and sign-extended", () => {
    const { plan, diags } = build("fentry:vfs_readlink { @[args.buflen] = count(); }");
    expect(diags).toBe("");
    expect(plan).toBeDefined();
  });

  it("errors: unknown function, module without BTF, retval in fentry, the bpf variant", () => {
    expect(build("fentry:ebt_no_such_function { }").diags).toBe(
      "stdin:1:1-28: ERROR: No matches for fentry ebt_no_such_function.\nfentry:ebt_no_such_function { }\n~~~~~~~~~~~~~~~~~~~~~~~~~~~\n",
    );
    expect(build("fentry:ebtmod:ebtmod_read { }").diags).toContain("ERROR: No BTF found for ebtmod:ebtmod_read.");
    expect(build("fentry:vfs_read { print(retval) }").diags).toContain("ERROR: The retval builtin can not be used with 'fentry' probes");
    expect(build("fentry:bpf:123:prog { }").diags).toContain("ERROR: fentry:bpf (attaching to running BPF programs) is not supported by ebt");
    expect(build("fentry: { }").diags).toContain("ERROR: fentry/fexit should specify a function");
  });

  it("wildcards expand over the traceable functions that BTF describes", () => {
    expect(build("fentry:vfs_read* { }").names).toEqual(["fentry:vmlinux:vfs_read", "fentry:vmlinux:vfs_readlink", "fentry:vmlinux:vfs_readv"]);
    expect(build("fentry:ebt_nothing_* { }").diags).toContain("ERROR: Probe has no valid attach points.");
  });
});

describe("tp_btf", () => {
  it("names the tracepoint's btf_trace_ typedef and types args from its prototype", () => {
    const { plan, names } = build("tp_btf:sched_switch { @[args.next->comm] = count(); }");
    expect(names).toEqual(["tp_btf:sched_switch"]);
    expect(plan!.programs[0]!.attach).toEqual({ attachType: BPF_TRACE_RAW_TP, btfId: kernelBtf()!.find("btf_trace_sched_switch", 8)[0] });
    const tp = findProvider("tp_btf")!;
    expect(tp.args!(plan!.programs[0]!.target, kernel)!.map((a) => [a.name, a.ctxOffset, a.ctxSize])).toEqual([
      ["preempt", 0, 1], ["prev", 8, 8], ["next", 16, 8], ["prev_state", 24, 4],
    ]);
  });

  it("argN reads the tracepoint's own arguments only: past them is an error, not a verifier rejection", () => {
    expect(build("tp_btf:sched_switch { @[arg3] = count(); }").diags).toBe("");
    expect(build("tp_btf:sched_switch { @[arg4] = count(); }").diags).toBe(
      "stdin:1:25-29: ERROR: tp_btf:sched_switch has no arg4\ntp_btf:sched_switch { @[arg4] = count(); }\n                        ~~~~\n",
    );
  });

  it("a syscall event is no raw tracepoint: a clear error with what to use instead", () => {
    expect(build("tp_btf:sys_enter_openat { }").diags).toBe(
      "stdin:1:1-24: ERROR: No matches for tp_btf sys_enter_openat.\ntp_btf:sys_enter_openat { }\n~~~~~~~~~~~~~~~~~~~~~~~\n" +
        "HINT: sys_enter_openat is an event of the syscalls tracepoint category, made by the raw tracepoints sys_enter and sys_exit: use tracepoint:syscalls:sys_enter_openat, or tp_btf:sys_enter and its syscall number\n",
    );
  });
});

describe("rawtracepoint names", () => {
  it("rawtracepoint:sys_enter_openat is an error at compile time, not at attach time", () => {
    expect(build("rawtracepoint:sys_enter_openat { }").diags).toContain(
      "ERROR: No matches for rawtracepoint sys_enter_openat.\nrawtracepoint:sys_enter_openat { }\n~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\nHINT: sys_enter_openat is an event of the syscalls tracepoint category",
    );
  });

  it("the module form of current bpftrace, and ebt's category form", () => {
    expect(build("rawtracepoint:vmlinux:sched_switch { } rt:sched:sched_switch { } rt:sched_switch { }").names).toEqual([
      "rawtracepoint:sched_switch", "rawtracepoint:sched_switch", "rawtracepoint:sched_switch",
    ]);
  });
});

describe("iter", () => {
  it("iter:task: ctx points at struct bpf_iter__task, and the program names bpf_iter_task", () => {
    const { plan, names, diags } = build("iter:task { printf(\"%s %d\\n\", ctx->task->comm, ctx.task.pid); }");
    expect(diags).toBe("");
    expect(names).toEqual(["iter:task"]);
    expect(plan!.programs[0]!.attach).toEqual({ attachType: BPF_TRACE_ITER, btfId: kernelBtf()!.find("bpf_iter_task", 12)[0] });
    expect(build("it:task_file { @[ctx->fd] = count(); }").names).toEqual(["iter:task_file"]);
    expect(build("iter:task_vma { @v[ctx.vma.vm_start] = count(); }").names).toEqual(["iter:task_vma"]);
  });

  it("errors: unknown iterator, pinning, several matches; ctx elsewhere is an untyped pointer", () => {
    expect(build("iter:ebt_nothing { }").diags).toBe(
      "stdin:1:1-17: ERROR: iter ebt_nothing not available for your kernel version.\niter:ebt_nothing { }\n~~~~~~~~~~~~~~~~\n",
    );
    expect(build("iter:task:/sys/fs/bpf/x { }").diags).toContain("ERROR: pinning an iterator (iter:NAME:pin) is not supported by ebt");
    expect(build("iter:task* { }").diags).toContain("matches 3 iterators; an iterator probe must name exactly one");
    expect(build("BEGIN { $t = (struct task_struct *)ctx; }").diags).toBe("");
  });

  it("can't be mixed with other probes or another iterator; BEGIN and END may come along", () => {
    const mixed = "ERROR: Iterator probe can't be mixed with any other probe, not even another iterator (BEGIN and END aside)";
    expect(build("iter:task { } tracepoint:syscalls:sys_enter_write { }").diags).toContain(`stdin:1:1-10: ${mixed}`);
    expect(build("iter:task { } iter:task_file { }").diags).toContain(`stdin:1:15-29: ${mixed}`);
    expect(build("BEGIN { } iter:task { } END { }").diags).toBe("");
  });
});

describe("kprobe at an address", () => {
  it("requires --unsafe, as in bpftrace, and is named by the address in decimal", () => {
    expect(build("kprobe:0xffffffff81000000 { }").diags).toBe(
      "stdin:1:1-26: ERROR: Probing by address requires --unsafe\nkprobe:0xffffffff81000000 { }\n~~~~~~~~~~~~~~~~~~~~~~~~~\n",
    );
    expect(build("kprobe:0xffffffff81000000 { } kretprobe:18446744071578845184 { }", { unsafe: true }).names).toEqual([
      "kprobe:18446744071578845184", "kretprobe:18446744071578845184",
    ]);
    expect(build("kprobe:0xffffffff81000000 { print(func) }", { unsafe: true }).diags).toContain("The func builtin can not be used");
  });
});

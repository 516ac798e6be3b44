/**
 * The BTF-attached probe types in the real kernel: tp_btf and iterators attach and run here, each
 * triggered by the test; fentry/fexit are refused by this kernel (KERNEL.md: BPF_PROG_LOAD returns
 * EPERM), which must end as a clear error at the attach point with nothing left behind; kprobes by
 * address load (the verifier accepts them) and fail to attach as other kprobes do here.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { LiveKernelInfo } from "../../src/runtime/kernel-info.js";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import { loadPlan } from "../helpers/load-plan.js";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

/** A `sleep` whose pid the test knows, with /dev/null as fds 0-2 and no other file open. */
function sleeper(): number {
  const c = spawn("sleep", ["30"], { stdio: "ignore" });
  children.push(c);
  return c.pid!;
}

/** Resolves once the child runs `sleep` itself (its exec has closed what it should), and a moment more. */
async function execed(pid: number): Promise<void> {
  for (let i = 0; i < 200 && readFileSync(`/proc/${pid}/comm`, "utf8") !== "sleep\n"; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 50));
}

describe("fentry / fexit on a kernel that refuses them", () => {
  it("kfunc:vfs_read: the kernel's refusal at the attach point, exit 1, nothing left in the kernel", async () => {
    const before = snapshot();
    const r = await runEbt(["-e", "kfunc:vfs_read { }"]);
    expect(r.stderr).toBe(
      "stdin:1:1-15: ERROR: fentry/fexit not available for your kernel version.\n" +
        "kfunc:vfs_read { }\n" +
        "~~~~~~~~~~~~~~\n" +
        "HINT: the kernel refused to load the program for fentry:vmlinux:vfs_read (BPF_PROG_LOAD: Operation not permitted)\n",
    );
    expect(r.stdout).toBe("");
    expect(r.code).toBe(1);
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
  });

  it("fexit with typed args and retval after a BEGIN: BEGIN's output is dropped with the run", async () => {
    const before = snapshot();
    const r = await runEbt(["-e", 'BEGIN { printf("begin\\n"); } fexit:vfs_read { printf("%d %d\\n", args.count, retval); }']);
    expect(r.stderr).toContain("stdin:1:30-44: ERROR: fentry/fexit not available for your kernel version.\n");
    expect(r.stderr).toContain("HINT: the kernel refused to load the program for fexit:vmlinux:vfs_read (BPF_PROG_LOAD: Operation not permitted)\n");
    expect(r.stdout).toBe("");
    expect(r.code).toBe(1);
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
  });
});

describe("tp_btf", () => {
  it("signal_generate: args typed from BTF, pointers followed, triggered by the test", async () => {
    const pid = sleeper();
    await execed(pid);
    const ebt = new EbtProcess(["-e", `tp_btf:signal_generate /args.sig == 10 && args.task->pid == ${pid}/ { printf("%d %d %s %d %d\\n", args.sig, args.task->pid, args.task->comm, args.group, arg0); exit(); }`]);
    await ebt.attached();
    process.kill(pid, "SIGUSR1");
    const r = await ebt.wait();
    expect(r.stdout).toBe(`10 ${pid} sleep 1 10\n\n\n`);
    expect(r.code).toBe(0);
  });
});

describe("iter", () => {
  it("iter:task visits every task once; the run ends by itself after the pass", async () => {
    const pid = sleeper();
    await execed(pid);
    const r = await runEbt(["-e", `iter:task /ctx->task->pid == ${pid}/ { printf("%s %d %d\\n", ctx->task->comm, ctx.task.pid, ctx.task.tgid); }`]);
    expect(r.stdout).toBe(`sleep ${pid} ${pid}\n\n\n`);
    expect(r.stderr).toBe("Attached 1 probe\n");
    expect(r.code).toBe(0);
  });

  it("iter:task_file: the child's descriptors (0-2 are /dev/null), with END and maps after the pass", async () => {
    const pid = sleeper();
    // Until its exec is done the child still holds the runner's close-on-exec descriptors: wait for it.
    await execed(pid);
    // The child may inherit a descriptor or two from the test runner: count them all, name the first three.
    const open = readdirSync(`/proc/${pid}/fd`).length;
    const r = await runEbt(["-e", `iter:task_file /ctx->task->pid == ${pid}/ { if (ctx->fd < 3) { printf("%d %s\\n", ctx->fd, str(ctx->file->f_path.dentry->d_name.name)); } @files = count(); } END { printf("end\\n"); }`]);
    expect(r.stdout).toBe(`0 null\n1 null\n2 null\nend\n\n\n@files: ${open}\n`);
    expect(r.code).toBe(0);
  });

  it("iter:task_vma: one call per mapping of the process, as /proc/PID/maps lists them", async () => {
    const pid = sleeper();
    await execed(pid); // let the exec finish mapping
    const maps = readFileSync(`/proc/${pid}/maps`, "utf8").trim().split("\n")
      .map((l) => l.split(" ")[0]!.split("-").map((a) => BigInt(`0x${a}`).toString(16)).join("-"))
      .filter((range) => !range.startsWith("ffffffffff600000")); // [vsyscall] is no VMA of the process
    const r = await runEbt(["-e", `iter:task_vma /ctx->task->pid == ${pid}/ { printf("%lx-%lx\\n", ctx->vma->vm_start, ctx->vma->vm_end); }`]);
    expect(r.stdout).toBe(maps.map((m) => `${m}\n`).join("") + "\n\n");
    expect(r.code).toBe(0);
  });

  it("in the REPL: one pass when entered, then gone (nothing stays attached)", async () => {
    const before = snapshot();
    const pid = sleeper();
    const r = await runEbt(["-i"], { stdin: `iter:task /ctx->task->pid == ${pid}/ { printf("%s %d\\n", ctx->task->comm, ctx->task->pid); }\n.attached\n` });
    expect(r.stdout).toContain(`Attached 1 probe\nsleep ${pid}\nebt> `);
    expect(r.stdout).not.toContain("[1]");
    expect(r.code).toBe(0);
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
  });

  it("leaves nothing in the kernel", async () => {
    const before = snapshot();
    const r = await runEbt(["-e", "iter:task { @ = count(); }"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\n\n@: \d+\n$/);
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
  });
});

describe("kprobe at an address", () => {
  const kernel = new LiveKernelInfo();
  const addr = readFileSync("/proc/kallsyms", "utf8").match(/^([0-9a-f]+) [tT] vfs_read$/m)![1]!;

  it("passes the verifier", () => {
    const r = compile(`kprobe:0x${addr} { @[arg0] = count(); } kretprobe:0x${addr} { @r = hist(retval); }`, "stdin", kernel, { unsafe: true });
    expect(r.diagnostics.items).toEqual([]);
    const dec = BigInt(`0x${addr}`).toString();
    expect(loadPlan(r.plan!)).toEqual([`kprobe:${dec}`, `kretprobe:${dec}`]);
  });

  it("fails to attach here with the kprobe error, exit 1, nothing left", async () => {
    const before = snapshot();
    const r = await runEbt(["--unsafe", "-e", `kprobe:0x${addr} { }`]);
    expect(r.stderr).toBe(
      // The kernel's refusal names it in hex, as written; "Unable to attach" by bpftrace's decimal name.
      `ERROR: Error attaching probe: 'kprobe:0x${BigInt(`0x${addr}`).toString(16)}': this kernel has no kprobe support ` +
        "(CONFIG_KPROBES is off: there is no kprobe PMU in /sys/bus/event_source/devices)\n" +
        `ERROR: Unable to attach probe: kprobe:${BigInt(`0x${addr}`).toString()}. If this is expected, set the 'missing_probes' config variable to 'warn'.\n`,
    );
    expect(r.code).toBe(1);
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
  });
});

describe("listing from the machine's BTF", () => {
  it("-l fentry: functions by module, the module optional in the pattern", async () => {
    const r = await runEbt(["-l", "fentry:vfs_read*"]);
    expect(r.stdout).toBe("fentry:vmlinux:vfs_read\nfentry:vmlinux:vfs_readlink\nfentry:vmlinux:vfs_readv\n");
    expect((await runEbt(["-l", "kfunc:vmlinux:vfs_read"])).stdout).toBe("fentry:vmlinux:vfs_read\n");
  });

  it("-lv fentry: the parameters with their C types, as bpftrace -lv prints them", async () => {
    const r = await runEbt(["-lv", "fentry:vfs_read"]);
    expect(r.stdout).toBe("fentry:vmlinux:vfs_read\n    struct file * file\n    char * buf\n    size_t count\n    loff_t * pos\n");
  });

  it("-lv fexit: listed when asked for by name, with retval after the arguments", async () => {
    const r = await runEbt(["-lv", "kretfunc:vfs_readlink"]);
    expect(r.stdout).toBe("fexit:vmlinux:vfs_readlink\n    struct dentry * dentry\n    char * buffer\n    int buflen\n    int retval\n");
    expect((await runEbt(["-l", "*:vfs_readlink"])).stdout).toBe("fentry:vmlinux:vfs_readlink\nkprobe:vfs_readlink\n");
  });

  it("-lv iter: the iterator's context fields, without meta", async () => {
    const r = await runEbt(["-lv", "iter:task*"]);
    expect(r.stdout).toBe(
      "iter:task\n    struct task_struct * task\n" +
        "iter:task_file\n    struct task_struct * task\n    u32 fd\n    struct file * file\n" +
        "iter:task_vma\n    struct task_struct * task\n    struct vm_area_struct * vma\n",
    );
  });

  it("-lv tp_btf: the tracepoint's arguments", async () => {
    const r = await runEbt(["-lv", "tp_btf:sched_switch"]);
    expect(r.stdout).toBe("tp_btf:vmlinux:sched_switch\n    bool preempt\n    struct task_struct * prev\n    struct task_struct * next\n    unsigned int prev_state\n");
  });
});

describe("rawtracepoint names", () => {
  it("rawtracepoint:sys_enter_openat is refused before anything loads, with what to use instead", async () => {
    const r = await runEbt(["-e", "rawtracepoint:sys_enter_openat { }"]);
    expect(r.stderr).toBe(
      "stdin:1:1-31: ERROR: No matches for rawtracepoint sys_enter_openat.\n" +
        "rawtracepoint:sys_enter_openat { }\n" +
        "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n" +
        "HINT: sys_enter_openat is an event of the syscalls tracepoint category, made by the raw tracepoints sys_enter and sys_exit: " +
        "use tracepoint:syscalls:sys_enter_openat, or rawtracepoint:sys_enter and its syscall number\n",
    );
    expect(r.code).toBe(1);
  });
});

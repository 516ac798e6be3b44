/**
 * Kernel types from BTF, live: a user pointer from a syscall's arguments cast to a kernel struct
 * and read with bpf_probe_read_user, and task fields read with bpf_probe_read_kernel agreeing with
 * what the helpers say. More cases with bpftrace 0.17's output: test/corpus/kernel-types.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";

describe("kernel types", () => {
  it("casts a syscall's user pointer to struct __kernel_timespec and reads its fields", async () => {
    const ebt = new EbtProcess([
      "-e",
      'tracepoint:syscalls:sys_enter_clock_nanosleep /comm == "sleep"/ { $ts = (struct __kernel_timespec *)args->rqtp; ' +
        "if ($ts->tv_nsec == 250000000) { printf(\"%d.%d\\n\", $ts->tv_sec, $ts->tv_nsec); } }",
    ]);
    await ebt.attached();
    await new Promise((resolve) => spawn("sleep", ["1.25"], { stdio: "ignore" }).on("exit", resolve));
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(r.stdout).toBe("1.250000000\n\n\n");
    expect(r.code).toBe(0);
  });

  it("follows pointers between tasks: the traced process's own pid, its parent's pid and its comm", async () => {
    const ebt = new EbtProcess([
      "-e",
      'tracepoint:syscalls:sys_enter_getppid /comm == "ebtkt"/ { ' +
        'printf("%d %d %s %d\\n", curtask->tgid, curtask->real_parent->tgid, curtask->comm, curtask->comm == comm); }',
    ]);
    await ebt.attached();
    // perl renames itself ($0 sets comm), so the filter sees only this process.
    const child = spawn("perl", ["-e", '$0 = "ebtkt"; getppid()'], { stdio: "ignore" });
    await new Promise((resolve) => child.on("exit", resolve));
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(r.stdout).toBe(`${child.pid} ${process.pid} ebtkt 1\n\n\n`);
  });

  it("types raw tracepoint args from BTF: args.prev of sched_switch is a struct task_struct *", async () => {
    const ebt = new EbtProcess([
      "-e",
      'rawtracepoint:sched_switch /args.prev->comm == "ebtrt"/ { @[args.prev->comm, args.prev->tgid == pid, args.next->pid != args.prev->pid] = 1; }',
    ]);
    await ebt.attached();
    // Sleeping switches the process out: it is sched_switch's prev, on the CPU it ran on.
    const child = spawn("perl", ["-e", '$0 = "ebtrt"; select(undef, undef, undef, 0.05)'], { stdio: "ignore" });
    await new Promise((resolve) => child.on("exit", resolve));
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(r.stdout).toBe("\n\n@[ebtrt, true, true]: 1\n");
  });

  it("reports fields a struct does not have, and '.' on a pointer, in bpftrace's words", async () => {
    const r = await runEbt(["-e", "BEGIN { print(curtask->no_such_field); print(curtask.pid); }"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "stdin:1:15-37: ERROR: Struct/union of type 'struct task_struct' does not contain a field named 'no_such_field'\n" +
        "BEGIN { print(curtask->no_such_field); print(curtask.pid); }\n" +
        "              ~~~~~~~~~~~~~~~~~~~~~~\n" +
        "stdin:1:46-57: ERROR: Can not access field 'pid' on type 'struct task_struct *'. Try dereferencing it first, or using '->'\n" +
        "BEGIN { print(curtask->no_such_field); print(curtask.pid); }\n" +
        "                                             ~~~~~~~~~~~\n",
    );
  });
});

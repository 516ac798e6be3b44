/** Raw tracepoints (rawtracepoint / rt / raw_tp): arg0..argN straight from the kernel, attached here
 * where bpftrace 0.17 cannot attach them. */
import { describe, expect, it } from "vitest";
import { EbtProcess, runEbt } from "../helpers/run-ebt.js";
import { namedShell, runNamed } from "../helpers/trigger.js";

/** getppid's syscall number on x86_64, the only architecture of our machines (KERNEL.md). */
const NR_GETPPID = 110;

describe("rawtracepoint", () => {
  it("reads raw arguments: sys_enter's arg1 is the syscall number", async () => {
    const shell = namedShell("ebtraw");
    const ebt = new EbtProcess(["-e", `rt:sys_enter /arg1 == ${NR_GETPPID} && comm == "ebtraw"/ { @getppid = count(); }`]);
    await ebt.attached();
    for (let i = 0; i < 3; i++) runNamed(shell, "echo $PPID > /dev/null");
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    expect(r.stdout).toBe("\n\n@getppid: 3\n");
    expect(r.code).toBe(0);
  });

  it("accepts rawtracepoint:category:event and the raw_tp alias", async () => {
    const r = await runEbt(["-d", "-e", "raw_tp:sched:sched_switch { @ = count(); } rawtracepoint:sched_wakeup { @ = count(); }"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("rawtracepoint:sched_switch:\n");
    expect(r.stdout).toContain("rawtracepoint:sched_wakeup:\n");
  });

  it("argN is an error where the probe type has none, and an unknown event is reported", async () => {
    const bad = await runEbt(["-e", "BEGIN { print(arg0) }"]);
    expect(bad.stderr).toBe("stdin:1:15-19: ERROR: The arg0 builtin can not be used with 'BEGIN' probes\nBEGIN { print(arg0) }\n              ~~~~\n");
    const missing = await runEbt(["-e", "rawtracepoint:no_such_event { }"]);
    expect(missing.stderr).toContain("ERROR: Probe has no valid attach points.");
  });
});

/**
 * kprobe / kretprobe on this kernel, which has no kprobes (KERNEL.md: CONFIG_KPROBES is off) but
 * still verifies BPF_PROG_TYPE_KPROBE programs: every program ebt generates for them is loaded
 * into the kernel, and attaching fails with a clear error, exit 1 and nothing left behind.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { BPF_PROG_TYPE_KPROBE } from "../../src/abi/uapi.js";
import { pmuType } from "../../src/runtime/bpf.js";
import { LiveKernelInfo } from "../../src/runtime/kernel-info.js";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import { loadPlan } from "../helpers/load-plan.js";
import { runEbt } from "../helpers/run-ebt.js";

const kernel = new LiveKernelInfo();

function loads(source: string): string[] {
  const r = compile(source, "stdin", kernel);
  expect(r.diagnostics.items.filter((d) => d.severity === "error")).toEqual([]);
  for (const p of r.plan!.programs) if (!p.runOnce) expect(p.progType).toBe(BPF_PROG_TYPE_KPROBE);
  return loadPlan(r.plan!);
}

describe("kprobe programs pass the verifier", () => {
  it("arg0..arg5, func and reg() on entry", () => {
    expect(loads('kprobe:vfs_read { printf("%s %d %d %d %d %d %d %x\\n", func, arg0, arg1, arg2, arg3, arg4, arg5, reg("ip")); }'))
      .toEqual(["kprobe:vfs_read"]);
  });

  it("retval and func on return, in maps and histograms", () => {
    expect(loads("kretprobe:vfs_read { @bytes[func] = hist(retval); @fails = count(); }")).toEqual(["kretprobe:vfs_read"]);
  });

  it("func is a kernel symbol (ksym_t), so it shares a map with ksym() values, as xfsdist does", () => {
    const source = "BEGIN { @name[0] = ksym(0); } kprobe:vfs_read { @name[tid] = func; } " +
      "kretprobe:vfs_read { @us[@name[tid]] = hist(1); delete(@name, tid); }";
    expect(loads(source)).toEqual(["BEGIN", "kprobe:vfs_read", "kretprobe:vfs_read"]);
  });

  it("kernel strings through arguments, func+offset, predicates", () => {
    expect(loads('kprobe:do_sys_openat2+0 /arg0 != 0/ { @[str(arg1)] = count(); }')).toEqual(["kprobe:do_sys_openat2"]);
  });

  it("wildcards expand against the live kernel's functions, one program each", () => {
    const names = loads("kprobe:vfs_read* { @[func] = count(); }");
    expect(names).toContain("kprobe:vfs_read");
    expect(names).toContain("kprobe:vfs_readv");
    expect(names.every((n) => /^kprobe:vfs_read/.test(n))).toBe(true);
  });
});

describe("attaching a kprobe on a kernel without kprobes", () => {
  it("this kernel has no kprobe PMU (KERNEL.md)", () => expect(pmuType("kprobe")).toBeUndefined());

  for (const [program, probe] of [
    ['kprobe:vfs_read { printf("never\\n"); }', "kprobe:vfs_read"],
    ["kr:vfs_read { @ = count(); }", "kretprobe:vfs_read"],
  ] as const) {
    it(`${probe}: a clear error, exit 1, nothing left in the kernel`, async () => {
      const before = snapshot();
      const r = await runEbt(["-e", program]);
      expect(r.stderr).toBe(
        `ERROR: Error attaching probe: '${probe}': this kernel has no kprobe support ` +
          "(CONFIG_KPROBES is off: there is no kprobe PMU in /sys/bus/event_source/devices)\n",
      );
      expect(r.stdout).toBe("");
      expect(r.code).toBe(1);
      expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
    });
  }

  it("probes attached before the failing one are detached again", async () => {
    const before = snapshot();
    const r = await runEbt(["-e", 'tracepoint:syscalls:sys_enter_getpid { @ = count(); } BEGIN { printf("begin\\n"); } kprobe:vfs_write { @w = count(); }']);
    expect(r.stderr).toMatch(/^ERROR: Error attaching probe: 'kprobe:vfs_write': this kernel has no kprobe support/);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(1);
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
  });
});

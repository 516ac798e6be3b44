/** kprobe/kretprobe attach points: parsing, wildcard expansion against the kernel's function list, errors. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../../src/compile.js";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import { parseFilterFunctions, parseKallsymsFunctions } from "../../../src/runtime/kernel/kernel-functions.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";
import { ROOT } from "../../helpers/run-ebt.js";

const kernel = new FakeKernel();
const fixture = (f: string) => readFileSync(path.join(ROOT, "test/fixtures/kernel", f), "utf8");

function probes(source: string, opts: { unsafe?: boolean } = {}): { names: string[]; diags: string } {
  const r = compile(source, "stdin", kernel, opts);
  return {
    names: r.plan?.programs.map((p) => p.target.name) ?? [],
    diags: r.diagnostics.items.map((d) => renderDiagnostic(d, r.sources)).join(""),
  };
}

describe("kernel function lists", () => {
  it("kallsyms: text symbols only, once each, without __pfx_ padding, .cold parts or trampolines", () => {
    expect(parseKallsymsFunctions(fixture("kallsyms"))).toEqual([
      { name: "_stext" }, { name: "vfs_read" }, { name: "vfs_readv" }, { name: "vfs_readlink" }, { name: "vfs_write" },
      { name: "ksys_read" }, { name: "do_nanosleep" },
      { name: "ebtmod_read", module: "ebtmod" }, { name: "ebtmod_write", module: "ebtmod" },
    ]);
  });

  it("available_filter_functions: names with their module, without ftrace's invalid entries", () => {
    expect(parseFilterFunctions(fixture("available_filter_functions"))).toEqual([
      { name: "vfs_read" }, { name: "vfs_readv" }, { name: "vfs_write" }, { name: "ebtmod_read", module: "ebtmod" },
    ]);
  });
});

describe("kprobe attach points", () => {
  it("a function, with k/kr aliases", () => {
    expect(probes("k:vfs_read { } kr:vfs_write { }")).toEqual({ names: ["kprobe:vfs_read", "kretprobe:vfs_write"], diags: "" });
  });

  it("wildcards expand to one probe per function, sorted; module:func and module globs", () => {
    expect(probes("kprobe:vfs_read* { }").names).toEqual(["kprobe:vfs_read", "kprobe:vfs_readlink", "kprobe:vfs_readv"]);
    expect(probes("kprobe:*_write { }").names).toEqual(["kprobe:ebtmod:ebtmod_write", "kprobe:vfs_write"]);
    expect(probes("kprobe:ebtmod:* { }").names).toEqual(["kprobe:ebtmod:ebtmod_read", "kprobe:ebtmod:ebtmod_write"]);
    expect(probes("kretprobe:ebtmod:ebtmod_read { }").names).toEqual(["kretprobe:ebtmod:ebtmod_read"]);
  });

  it("func+offset on kprobes; offsets refused on kretprobes", () => {
    expect(probes("kprobe:vfs_read+0x10 { }").names).toEqual(["kprobe:vfs_read+16"]);
    expect(probes("kretprobe:vfs_read+4 { }").diags).toBe("stdin:1:1-21: ERROR: Offset not allowed\nkretprobe:vfs_read+4 { }\n~~~~~~~~~~~~~~~~~~~~\n");
    expect(probes("kprobe:vfs_read+1+2 { }").diags).toContain("ERROR: Cannot take more than one offset");
    expect(probes("kprobe:vfs_read+x { }").diags).toContain("ERROR: Invalid offset: x");
  });

  it("a function the kernel does not list: bpftrace's warning and no match; --unsafe keeps the probe", () => {
    const r = probes("kprobe:nosuchfunc { }");
    expect(r.names).toEqual([]);
    expect(r.diags).toBe(
      'stdin:1:1-18: WARNING: nosuchfunc is not traceable (either non-existing, inlined, or marked as "notrace"); attaching to it will likely fail\n' +
        "kprobe:nosuchfunc { }\n~~~~~~~~~~~~~~~~~\n" +
        "stdin:1:1-18: ERROR: No matches for kprobe nosuchfunc.\nkprobe:nosuchfunc { }\n~~~~~~~~~~~~~~~~~\n",
    );
    const unsafe = probes("kprobe:nosuchfunc { }", { unsafe: true });
    expect(unsafe.names).toEqual(["kprobe:nosuchfunc"]);
    expect(unsafe.diags).toContain("WARNING: nosuchfunc is not traceable");
  });

  it("errors: no match for a wildcard, wrong argument count", () => {
    expect(probes("kprobe:zzz* { }").diags).toBe(
      "stdin:1:1-12: ERROR: Probe has no valid attach points. If this is expected, set the 'missing_probes' config variable to 'warn'.\nkprobe:zzz* { }\n~~~~~~~~~~~\n",
    );
    expect(probes("kprobe:a:b:c { }").diags).toContain("ERROR: kprobe probe type requires 1 or 2 arguments, found 3");
  });

  it("arg0..arg5 on entry only, retval on return only, func on both", () => {
    expect(probes("kprobe:vfs_read { print(arg5); print(func); }").diags).toBe("");
    expect(probes("kprobe:vfs_read { print(arg6); }").diags).toContain("ERROR: The arg6 builtin can not be used with 'kprobe' probes");
    expect(probes("kprobe:vfs_read { print(retval); }").diags).toContain("ERROR: The retval builtin can not be used with 'kprobe' probes");
    expect(probes("kretprobe:vfs_read { print(arg0); }").diags).toContain("ERROR: The arg0 builtin can not be used with 'kretprobe' probes");
    expect(probes('kretprobe:vfs_read { print((retval, func, reg("ip"))); }').diags).toBe("");
  });
});

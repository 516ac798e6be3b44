/**
 * -p / -c at compile time: which probes attach to the process and which filter in the program,
 * cpid, the watchpoint attach point, and the command line options.
 */
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../../src/cli/args.js";
import { compile } from "../../../src/compile.js";
import { disassemble } from "../../../src/codegen/bpf/disasm.js";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import type { TargetProcess } from "../../../src/contracts/provider.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";

const kernel = new FakeKernel();
const byPid: TargetProcess = { pid: 4242, origin: "pid", exe: "/proc/4242/exe" };
const child: TargetProcess = { pid: 777, origin: "command", exe: "/usr/bin/true" };

function build(source: string, target?: TargetProcess) {
  const r = compile(source, "stdin", kernel, { target });
  return {
    asm: r.plan?.programs.map((p) => `${p.target.name}\n${disassemble(p.code)}`) ?? [],
    programs: r.plan?.programs ?? [],
    diags: r.diagnostics.items.map((d) => renderDiagnostic(d, r.sources)).join(""),
  };
}

const PID_CHECK = /call bpf_get_current_pid_tgid#14\n.*r\d = r0\n.*r\d >>= 32\n.*if r\d != 0x1092 goto/;

describe("-p PID in the programs", () => {
  it("tracepoints skip other processes in the program; profile, software, interval and BEGIN do not", () => {
    const { asm, programs } = build("BEGIN { } tracepoint:sched:sched_switch { } profile:hz:99 { } software:cs { } interval:s:1 { }", byPid);
    const filtered = asm.map((a) => PID_CHECK.test(a));
    expect(programs.map((p) => p.target.name)).toEqual(["BEGIN", "tracepoint:sched:sched_switch", "profile:hz:99", "software:cs", "interval:s:1"]);
    expect(filtered).toEqual([false, true, false, false, false]);
    expect(programs.every((p) => p.target.process === byPid)).toBe(true);
  });

  it("-c adds no filter (bpftrace: use pid == cpid), and without -p nothing changes", () => {
    expect(build("tracepoint:sched:sched_switch { }", child).asm.some((a) => PID_CHECK.test(a))).toBe(false);
    expect(build("tracepoint:sched:sched_switch { }").asm.some((a) => /get_current_pid_tgid/.test(a))).toBe(false);
  });
});

describe("cpid", () => {
  it("is the -c child's pid, a constant", () => {
    const { asm, diags } = build('BEGIN { printf("%d\\n", cpid); }', child);
    expect(diags).toBe("");
    expect(asm[0]).toMatch(/= 777\n/);
  });

  it("is an error without -c, in bpftrace's words, even with -p", () => {
    const expected = 'stdin:1:24-28: ERROR: cpid cannot be used without child command\nBEGIN { printf("%d\\n", cpid); }\n                       ~~~~\n';
    expect(build('BEGIN { printf("%d\\n", cpid); }').diags).toBe(expected);
    expect(build('BEGIN { printf("%d\\n", cpid); }', byPid).diags).toBe(expected);
  });
});

describe("watchpoint attach points", () => {
  it("parse the address (hex or decimal), length and mode; the name is bpftrace's", () => {
    const { programs } = build("watchpoint:0x1000:8:w { } w:4096:4:wr { } w:0x2000:1:x { }", child);
    expect(programs.map((p) => [p.target.name, p.target.detail])).toEqual([
      ["watchpoint:/usr/bin/true:4096:8:w", { addr: "0x1000", len: 8, mode: "w" }],
      ["watchpoint:/usr/bin/true:4096:4:rw", { addr: "0x1000", len: 4, mode: "rw" }],
      ["watchpoint:/usr/bin/true:8192:1:x", { addr: "0x2000", len: 1, mode: "x" }],
    ]);
    expect(build("w:0x1000:2:w { }").programs[0]!.target.name).toBe("watchpoint:4096:2:w");
  });

  it("report bad addresses, lengths and modes", () => {
    const err = (src: string) => build(src).diags.split("\n").filter((l) => l.includes("ERROR")).map((l) => l.replace(/^.*ERROR: /, ""));
    expect(err("w:nope:8:w { }")).toEqual(["Invalid function/address argument: invalid integer: nope"]);
    expect(err("w:0x10:eight:w { }")).toEqual(["Invalid length argument: invalid integer: eight"]);
    expect(err("w:0:3:wx { }")).toEqual(["watchpoint must be attached to a non-zero address", "watchpoint length must be one of (1,2,4,8)", "invalid watchpoint mode: wx"]);
    expect(err("w:0x10:8: { }")).toEqual(["watchpoint mode must be combination of (r,w,x)"]);
  });
});

describe("command line", () => {
  it("-p and -c take a value, also as --pid=/--cmd=; an empty -c is ignored as bpftrace does", () => {
    expect(parseArgs(["-p", "12", "-e", "BEGIN {}"]).pid).toBe("12");
    expect(parseArgs(["--pid=12", "-e", "BEGIN {}"]).pid).toBe("12");
    expect(parseArgs(["-c", "ls -l", "-e", "BEGIN {}"]).command).toBe("ls -l");
    expect(parseArgs(["--cmd", "ls", "x.bt"]).command).toBe("ls");
    expect(parseArgs(["-c", "", "x.bt"]).command).toBeUndefined();
    expect(() => parseArgs(["-p"])).toThrow("option '-p' requires an argument");
  });

  it("takes options after the words too, as bpftrace's getopt does; -- ends the options", () => {
    const listing = parseArgs(["-l", "usdt:*", "-p", "42"]);
    expect([listing.list?.glob, listing.pid]).toEqual(["usdt:*", "42"]);
    const script = parseArgs(["x.bt", "a", "-q", "b"]);
    expect([script.program, script.quiet, script.positional]).toEqual([{ path: "x.bt" }, true, ["a", "b"]]);
    expect(parseArgs(["x.bt", "--", "-q"]).positional).toEqual(["-q"]);
  });
});

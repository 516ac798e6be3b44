/** debugf(): lines in the kernel's trace buffer, formatted by the kernel as bpftrace's debugf prints them. */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runEbt } from "../helpers/run-ebt.js";

const TRACE = ["/sys/kernel/tracing/trace", "/sys/kernel/debug/tracing/trace"].find((p) => existsSync(p));

describe("debugf", () => {
  it("writes bpf_trace_printk lines with integers, strings and widths; stdout stays empty", async () => {
    // A token of this run, so lines of other tracers on the machine cannot match.
    const token = `ebt${process.pid}x${Date.now() % 100000}`;
    const r = await runEbt(["-e", `BEGIN { debugf("${token} %s %d %x|%5d|%-3u|", "a", 1, 16, -7, 3); debugf("${token} plain"); exit(); }`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("\n\n");
    expect(TRACE, "tracefs is mounted (the runtime mounts it for tracepoints)").toBeDefined();
    const lines = readFileSync(TRACE!, "latin1").split("\n").filter((l) => l.includes(token)).map((l) => l.replace(/^.*bpf_trace_printk: /, ""));
    expect(lines).toEqual([`${token} a 1 10|   -7|3  |`, `${token} plain`]);
  });

  it("refuses arguments the kernel cannot print, at their place", async () => {
    const r = await runEbt(["-e", 'BEGIN { debugf("%s", (1, 2)); }']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("stdin:1:22-28: ERROR: debugf() can only print integers and strings (tuple provided)");
  });
});

/** --export: metric names, label names and HELP text, from the program as written. */
import { describe, expect, it } from "vitest";
import { compile } from "../../../src/compile.js";
import { mapMetrics, MetricNameError, unexportedMaps, validPrefix } from "../../../src/export/map-metrics.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";

function metricsOf(source: string, prefix?: string) {
  const r = compile(source, "t.ebt", new FakeKernel());
  expect(r.diagnostics.items.filter((d) => d.severity === "error")).toEqual([]);
  const infos = r.plan!.maps.flatMap((m) => (m.info ? [m.info] : []));
  return { metrics: mapMetrics(r.program!, infos, prefix), infos };
}

describe("map metrics", () => {
  it("names a map after itself with the prefix, and labels after plain keys", () => {
    const { metrics } = metricsOf('tracepoint:syscalls:sys_enter_openat { @opens[comm, pid, str(args.filename)] = count(); }');
    expect(metrics).toEqual([
      {
        map: "@opens",
        name: "ebt_opens",
        labels: ["comm", "pid", "filename"],
        help: "@opens[comm, pid, filename] = count() in tracepoint:syscalls:sys_enter_openat",
      },
    ]);
  });

  it("uses key0, key1 for keys that are not plain, and names the anonymous map `map`", () => {
    const { metrics } = metricsOf("tracepoint:raw_syscalls:sys_enter { @[pid % 10, cpu, args->id] = sum(1); $fd = 3; @fds[$fd] = max(2); }", "node_");
    expect(metrics.map((m) => [m.name, m.labels])).toEqual([
      ["node_map", ["key0", "cpu", "id"]],
      ["node_fds", ["fd"]],
    ]);
  });

  it("falls back to the position when the places that write a map disagree, or a name repeats", () => {
    const { metrics } = metricsOf(
      "tracepoint:raw_syscalls:sys_enter { @a[pid, comm] = count(); @b[pid, pid] = count(); } tracepoint:syscalls:sys_enter_write { @a[tid, comm] = count(); }",
    );
    expect(metrics.map((m) => [m.map, m.labels])).toEqual([
      ["@a", ["key0", "comm"]],
      ["@b", ["pid", "key1"]],
    ]);
    expect(metrics[0]!.help).toBe("@a[key0, comm] = count() in tracepoint:raw_syscalls:sys_enter, tracepoint:syscalls:sys_enter_write");
  });

  it("keeps `le` for a histogram's buckets", () => {
    const { metrics } = metricsOf("BEGIN { $le = 1; @h[$le] = hist(5); @c[$le] = count(); }");
    expect(metrics.map((m) => m.labels)).toEqual([["key0"], ["le"]]);
  });

  it("refuses two maps whose series would share a name", () => {
    expect(() => metricsOf("BEGIN { @x = count(); @x_total = 1; }")).toThrow(new MetricNameError("@x and @x_total would both be exported as 'ebt_x_total': rename one of them"));
    expect(() => metricsOf("BEGIN { @h = hist(1); @h_bucket = 2; }")).toThrow(MetricNameError);
  });

  it("leaves out maps of values that are not numbers, with a reason", () => {
    const { metrics, infos } = metricsOf('BEGIN { @name = "x"; @pair = (1, 2); @n = 1; @ok = true; }');
    expect(metrics.map((m) => m.map)).toEqual(["@n", "@ok"]);
    expect(unexportedMaps(infos)).toEqual([
      "@name holds string[2] values, which are not numbers: it is not exported",
      "@pair holds (int64,int64) values, which are not numbers: it is not exported",
    ]);
  });

  it("checks prefixes", () => {
    expect(validPrefix("ebt_")).toBe(true);
    expect(validPrefix("")).toBe(true);
    expect(validPrefix("node:ebt_")).toBe(true);
    expect(validPrefix("9x")).toBe(false);
    expect(validPrefix("a-b")).toBe(false);
  });
});

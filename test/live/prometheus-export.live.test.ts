/**
 * `--export prometheus`: what a scrape of /metrics returns for every aggregation type (pinned by
 * test/golden/prometheus/<name>.prom, checked by Prometheus's own promtool), and the exporter's
 * lifetime: printf still reaches stdout, exit() and SIGTERM end it cleanly with the maps printed,
 * and nothing is left in the kernel.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { leftSince, snapshot } from "../helpers/bpf-objects.js";
import { scrape, startExporter } from "../helpers/exporter.js";
import { ROOT, runEbt } from "../helpers/run-ebt.js";

const GOLDEN = path.join(ROOT, "test/golden/prometheus");
const cases = readdirSync(GOLDEN).filter((f) => f.endsWith(".ebt"));

/** promtool's verdict on exposition text: "" when it parses and passes its lint. */
function promtool(text: string): string {
  const r = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  if (r.error) throw new Error(`promtool is missing (.ci/run installs Debian's prometheus package): ${r.error.message}`);
  return `${r.stdout}${r.stderr}`.trim() + (r.status === 0 ? "" : ` (exit ${r.status})`);
}

describe("ebt --export prometheus: one scrape per aggregation type", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(0));
  for (const file of cases) {
    it(file, async () => {
      const { ebt, url } = await startExporter([path.join(GOLDEN, file)]);
      let page;
      try {
        page = await scrape(url);
      } finally {
        ebt.signal("SIGTERM");
      }
      const r = await ebt.wait();
      expect(r.code).toBe(0);
      expect(page.status).toBe(200);
      expect(page.type).toBe("text/plain; version=0.0.4; charset=utf-8");
      const expectedPath = path.join(GOLDEN, file.replace(/\.ebt$/, ".prom"));
      if (process.env.EBT_UPDATE_GOLDEN || !existsSync(expectedPath)) writeFileSync(expectedPath, page.text);
      expect(page.text).toBe(readFileSync(expectedPath, "utf8"));
      expect(promtool(page.text)).toBe("");
    });
  }
});

describe("the exporter's run", () => {
  it("serves while probes fire, prints printf output and the maps at SIGTERM, and leaves nothing behind", async () => {
    const before = snapshot();
    const { ebt, url } = await startExporter(["-e", 'BEGIN { printf("started\\n"); } tracepoint:syscalls:sys_enter_getppid /pid == $1/ { @calls[comm] = count(); }', String(process.pid)]);
    for (let i = 0; i < 5; i++) execFileSync("true"); // other processes: not counted
    // Our own getppid calls: Node reads process.ppid afresh each time.
    for (let i = 0; i < 3; i++) void process.ppid;
    const page = await scrape(url);
    ebt.signal("SIGTERM");
    const r = await ebt.wait();
    expect(r.code).toBe(0);
    expect(page.text).toMatch(/^# HELP ebt_calls_total @calls\[comm\] = count\(\) in tracepoint:syscalls:sys_enter_getppid\n# TYPE ebt_calls_total counter\nebt_calls_total\{comm="[^"]+"\} 3\n$/);
    expect(r.stdout).toMatch(/^started\n\n\n@calls\[[^\]]+\]: 3\n$/);
    expect(r.stderr).toMatch(/^Attached 2 probes\nServing metrics on http:\/\/127\.0\.0\.1:\d+\/metrics\n$/);
    expect(await leftSince(before)).toEqual({ prog: [], map: [], link: [] });
  });

  it("stops serving when the script calls exit()", async () => {
    const { ebt, url } = await startExporter(["-e", "BEGIN { @n = count(); } interval:ms:300 { @n = count(); if (@n > 2) { exit(); } }"]);
    const r = await ebt.wait();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("\n\n@n: 3\n");
    await expect(fetch(url)).rejects.toThrow();
  });

  it("answers 404 off /metrics and refuses a port in use, before attaching anything", async () => {
    const { ebt, url } = await startExporter(["-e", "BEGIN { @x = 1; }"]);
    try {
      const other = await fetch(url.replace(/\/metrics$/, "/nope"));
      expect(other.status).toBe(404);
      const busy = await runEbt(["-e", "BEGIN { @x = 1; }", "--export", `prometheus=${new URL(url).host}`]);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toBe(`ERROR: --export: cannot listen on ${new URL(url).host}: listen EADDRINUSE: address already in use ${new URL(url).host}\n`);
    } finally {
      ebt.signal("SIGTERM");
      await ebt.wait();
    }
  });

  it("checks the address and the prefix", async () => {
    const bad = await runEbt(["-e", "BEGIN { @x = 1; }", "--export", "prometheus=localhost"]);
    expect(bad.stderr).toBe("ERROR: --export prometheus=localhost: expected ADDR:PORT (e.g. 127.0.0.1:9435, [::1]:9435 or :9435)\n");
    expect(bad.code).toBe(1);
    const format = await runEbt(["-e", "BEGIN { @x = 1; }", "--export", "statsd"]);
    expect(format.stderr).toBe("ERROR: USAGE: --export supports 'prometheus' or 'prometheus=ADDR:PORT', not 'statsd'\n");
    const prefix = await runEbt(["-e", "BEGIN { @x = 1; }", "--export", "prometheus=127.0.0.1:0", "--metric-prefix", "1x"]);
    expect(prefix.stderr).toBe("ERROR: --metric-prefix '1x': a metric name may only hold letters, digits, '_' and ':', and not start with a digit\n");
  });

  it("names metrics with --metric-prefix", async () => {
    const { ebt, url } = await startExporter(["-e", "BEGIN { @x = 1; }", "--metric-prefix", "host:"]);
    const page = await scrape(url);
    ebt.signal("SIGTERM");
    await ebt.wait();
    expect(page.text).toBe("# HELP host:x @x = int64 in BEGIN\n# TYPE host:x gauge\nhost:x 1\n");
  });
});

/**
 * A fleet on one machine: three ebt exporters, each in its own network namespace with its own
 * address (a "node"), each counting the system calls of processes in its namespace, scraped by a
 * real Prometheus (Debian's `prometheus` package, which .ci/run installs; without it this test fails)
 * started here on loopback with a temporary config. Through Prometheus's HTTP API:
 * `sum by (comm) (ebt_syscalls_total)` over the three equals the sum of what each ebt prints at exit
 * for the same load, and every scrape of every aggregation type parsed (a parse error makes a
 * target unhealthy and fails the test). Namespaces, veths and processes are removed on every path.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startExporter } from "../helpers/exporter.js";
import type { RunningExporter } from "../helpers/exporter.js";

const NODES = 3;
const TAG = `ebtfleet${process.pid}`;
/** A /30 per node: host side .1, the namespace's side .2. Unique per test process. */
const subnet = (i: number) => `10.213.${(process.pid % 60) * 4 + i}`;

/** Every aggregation type, so Prometheus parses each; @syscalls is the one the fleet sums. */
const SCRIPT = `
tracepoint:raw_syscalls:sys_enter /curtask->nsproxy->net_ns->ns.inum == $1 && strncmp(comm, "fleet", 5) == 0/ {
  @syscalls[comm] = count();
  @ids[comm] = sum(args.id);
  @lowest = min(args.id);
  @highest[comm] = max(args.id);
  @mean = avg(args.id);
  @spread = stats(args.id);
  @id_log[comm] = hist(args.id);
  @id_linear = lhist(args.id, 0, 400, 50);
  @last_id = args.id;
}`;

/** The load each node runs: copies of cat and ls under names that start with "fleet". */
const LOAD: string[][] = [
  ["fleetcat /etc/hostname", "fleetcat /etc/os-release", "fleetls /"],
  ["fleetcat /etc/hostname"],
  ["fleetls /etc", "fleetls /usr", "fleetls /"],
];

const cleanups: (() => void)[] = [];
function cleanup(): void {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      c();
    } catch {
      // keep going: every other step must still run
    }
  }
}
afterAll(cleanup);
// Even if the worker is torn down without afterAll (a crash, a timeout), the namespaces go.
process.once("exit", cleanup);

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });

/** Namespaces of earlier runs whose test process is gone (a SIGKILLed run cannot clean up). */
function removeStaleNamespaces(): void {
  if (!existsSync("/run/netns")) return;
  for (const ns of readdirSync("/run/netns")) {
    const m = /^ebtfleet(\d+)-\d+$/.exec(ns);
    if (m && !existsSync(`/proc/${m[1]}`)) spawnSync("ip", ["netns", "delete", ns]);
  }
}

function makeNode(i: number): { ns: string; address: string; inode: number } {
  const ns = `${TAG}-${i}`;
  const host = `ebf${process.pid}h${i}`.slice(-15);
  const peer = `ebf${process.pid}n${i}`.slice(-15);
  ip("netns", "add", ns);
  cleanups.push(() => ip("netns", "delete", ns));
  ip("link", "add", host, "type", "veth", "peer", "name", peer);
  cleanups.push(() => spawnSync("ip", ["link", "delete", host])); // gone already if the namespace went first
  ip("link", "set", peer, "netns", ns);
  ip("addr", "add", `${subnet(i)}.1/30`, "dev", host);
  ip("link", "set", host, "up");
  ip("-n", ns, "addr", "add", `${subnet(i)}.2/30`, "dev", peer);
  ip("-n", ns, "link", "set", peer, "up");
  ip("-n", ns, "link", "set", "lo", "up");
  return { ns, address: `${subnet(i)}.2`, inode: statSync(`/run/netns/${ns}`).ino };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

describe("a fleet of three exporters scraped by Prometheus", () => {
  it("sum by (comm) (ebt_syscalls_total) equals the sum of what each node's ebt prints at exit", { timeout: 180_000 }, async () => {
    const version = spawnSync("prometheus", ["--version"], { encoding: "utf8" });
    if (version.error) throw new Error("prometheus is not installed: .ci/run installs Debian's prometheus package (apt-get install -y prometheus)");
    removeStaleNamespaces();

    const dir = mkdtempSync(path.join(tmpdir(), "ebt-fleet-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const [name, from] of [["fleetcat", "/usr/bin/cat"], ["fleetls", "/usr/bin/ls"]] as const) copyFileSync(from, path.join(dir, name));
    execFileSync("chmod", ["+x", path.join(dir, "fleetcat"), path.join(dir, "fleetls")]);
    const script = path.join(dir, "fleet.ebt");
    writeFileSync(script, SCRIPT);

    const nodes = Array.from({ length: NODES }, (_, i) => makeNode(i + 1));
    const exporters: RunningExporter[] = await Promise.all(
      nodes.map((n) => startExporter([script, String(n.inode)], `${n.address}:9435`, { wrap: ["ip", "netns", "exec", n.ns] })),
    );
    for (const e of exporters) cleanups.push(() => e.ebt.signal("SIGKILL"));

    const port = await freePort();
    writeFileSync(
      path.join(dir, "prometheus.yml"),
      [
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: ebt",
        "    static_configs:",
        `      - targets: [${nodes.map((n) => `'${n.address}:9435'`).join(", ")}]`,
        "",
      ].join("\n"),
    );
    const prometheus: ChildProcess = spawn(
      "prometheus",
      [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let promLog = "";
    prometheus.stderr!.setEncoding("utf8").on("data", (d: string) => (promLog += d));
    cleanups.push(() => prometheus.kill("SIGKILL"));
    const api = async <T>(p: string): Promise<T> => {
      const res = await fetch(`http://127.0.0.1:${port}${p}`);
      const body = (await res.json()) as { status: string; data: T; error?: string };
      if (body.status !== "success") throw new Error(`${p}: ${body.error}`);
      return body.data;
    };
    const query = (q: string) => api<{ result: Sample[] }>(`/api/v1/query?query=${encodeURIComponent(q)}`).then((d) => d.result);
    await until(`Prometheus ready\n${promLog}`, async () => ((await fetch(`http://127.0.0.1:${port}/-/ready`)).ok ? true : undefined));

    // The load, each node's in its own namespace; then wait for a scrape of every node that began
    // after it ended, so what Prometheus holds is what the maps hold until the end.
    for (const [i, n] of nodes.entries()) {
      for (const cmd of LOAD[i]!) {
        const [bin, ...args] = cmd.split(" ");
        execFileSync("ip", ["netns", "exec", n.ns, path.join(dir, bin!), ...args], { stdio: "ignore" });
      }
    }
    const loadEnd = Date.now() / 1000;
    await until("a scrape of every node after the load", async () => {
      const up = await query('up{job="ebt"}');
      return up.length === NODES && up.every((s) => s.value[1] === "1" && s.value[0] > loadEnd + 1) ? true : undefined;
    });
    // Every scrape parsed: a target whose page Prometheus could not parse is down with an error.
    const targets = await api<{ activeTargets: { health: string; lastError: string; scrapeUrl: string }[] }>("/api/v1/targets");
    // Prometheus lists its targets in no particular order.
    const byUrl = (a: string[], b: string[]) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0);
    expect(targets.activeTargets.map((t) => [t.scrapeUrl, t.health, t.lastError]).sort(byUrl)).toEqual(
      nodes.map((n) => [`http://${n.address}:9435/metrics`, "up", ""]).sort(byUrl),
    );
    const fromPrometheus = Object.fromEntries((await query("sum by (comm) (ebt_syscalls_total)")).map((s) => [s.metric.comm!, Number(s.value[1])]));
    // Each type made it through: a histogram's +Inf bucket counts what @syscalls counts.
    const infBuckets = await query('sum(ebt_id_log_bucket{le="+Inf"})');
    const spreadCount = await query("sum(ebt_spread_count)");
    // A histogram's _sum is the sum of the values it counted: what sum() of the same values says.
    const [logSum, idsTotal] = await Promise.all([query("sum(ebt_id_log_sum)"), query("sum(ebt_ids_total)")]);

    const printed: Record<string, number> = {};
    for (const e of exporters) {
      e.ebt.signal("SIGTERM");
      const r = await e.ebt.wait();
      expect(r.code, r.stderr).toBe(0);
      for (const m of r.stdout.matchAll(/^@syscalls\[(.*)\]: (\d+)$/gm)) printed[m[1]!] = (printed[m[1]!] ?? 0) + Number(m[2]);
    }
    expect(Object.keys(printed).sort()).toEqual(["fleetcat", "fleetls"]);
    expect(fromPrometheus).toEqual(printed);
    const total = Object.values(printed).reduce((a, b) => a + b, 0);
    expect(Number(infBuckets[0]!.value[1])).toBe(total);
    expect(Number(spreadCount[0]!.value[1])).toBe(total);
    expect(Number(logSum[0]!.value[1])).toBe(Number(idsTotal[0]!.value[1]));
    expect(Number(logSum[0]!.value[1])).toBeGreaterThan(0);
  });
});

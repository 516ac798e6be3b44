/**
 * `--export prometheus[=ADDR:PORT]`: serves every language map on `/metrics` in the Prometheus text
 * format. Maps are read from the kernel when Prometheus scrapes (batched lookups, see
 * runtime/bpf.ts mapEntries), never per event: between scrapes ebt does nothing for the exporter.
 * prom-client formats the text; node:http serves it. prom-client is loaded only when an exporter is
 * made (createExporter), as is node:http, so runs without --export load neither: this folder is small
 * and part of the CLI's bundle, which keeps the bundle's start-up file count (see
 * test/live/startup-phases.live.test.ts) what it was.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type * as PromClient from "prom-client";
import type { MapDump } from "../runtime/output/text.js";
import { KeyCache } from "../runtime/map-reader.js";
import type { MapMetric } from "./map-metrics.js";
import { MapSamples } from "./map-samples.js";
import type { Family } from "./map-samples.js";

/** Where the maps come from: the running session's engine. */
export interface MetricSource {
  /** False once the run is stopping: its maps are about to be (or are) closed. */
  running(): boolean;
  /** Reads a map, reusing (and updating) the keys `keys` decoded before. */
  readMap(name: string, keys: KeyCache): MapDump;
}

export interface ListenAddress {
  host: string;
  port: number;
}

export const DEFAULT_LISTEN: ListenAddress = { host: "127.0.0.1", port: 9435 };

/** `ADDR:PORT`, `[v6]:PORT` or `:PORT` (all addresses); undefined when it is not one. */
export function parseListenAddress(text: string): ListenAddress | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  const host = m[1] ?? m[2]!;
  return { host: host === "" ? "0.0.0.0" : host, port };
}

/** An exporter of `metrics`, with prom-client loaded. */
export async function createExporter(source: MetricSource, metrics: readonly MapMetric[]): Promise<PrometheusExporter> {
  const promClient = ((await import("prom-client")) as unknown as { default: typeof PromClient }).default;
  return new PrometheusExporter(new promClient.Registry(), source, metrics);
}

export class PrometheusExporter {
  private readonly samples: { metric: MapMetric; samples: MapSamples; keys: KeyCache }[];
  private server?: Server;
  /** The families of the scrape being formatted, by name: what the registered metrics hand out. */
  private current = new Map<string, Family>();
  /** Families registered so far (a family appears once its map has entries). */
  private readonly registered = new Set<string>();

  constructor(
    private readonly registry: PromClient.Registry,
    private readonly source: MetricSource,
    metrics: readonly MapMetric[],
  ) {
    this.samples = metrics.map((metric) => ({ metric, samples: new MapSamples(metric), keys: new KeyCache() }));
  }

  /** The whole exposition text of one scrape. */
  async scrape(): Promise<string> {
    const families = new Map<string, Family>();
    for (const { metric, samples, keys } of this.samples) {
      for (const f of samples.families(this.source.readMap(metric.map, keys))) families.set(f.name, f);
    }
    this.current = families;
    for (const name of families.keys()) {
      if (this.registered.has(name)) continue;
      this.registered.add(name);
      // A metric as prom-client's Registry reads it: name, help, type and get().
      const family = () => this.current.get(name) ?? { ...families.get(name)!, values: [] };
      const metric = { name, get help() { return family().help; }, get type() { return family().type; }, get: async () => family() };
      this.registry.registerMetric(metric as unknown as PromClient.Metric);
    }
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Starts serving; resolves with the address bound (port 0 picks a free one). */
  async listen(at: ListenAddress): Promise<AddressInfo> {
    const { createServer } = await import("node:http");
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(at.port, at.host, () => {
        server.off("error", reject);
        resolve(server.address() as AddressInfo);
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return reply(res, 405, "only GET\n");
    if (path === "/") return reply(res, 200, '<html><body><a href="/metrics">/metrics</a></body></html>\n', "text/html");
    if (path !== "/metrics") return reply(res, 404, "not found: the metrics are at /metrics\n");
    if (!this.source.running()) return reply(res, 503, "ebt is stopping\n");
    let text: string;
    try {
      text = await this.scrape();
    } catch (e) {
      return reply(res, 500, `reading the maps failed: ${(e as Error).message}\n`);
    }
    reply(res, 200, text, this.contentType, req.method === "HEAD");
  }

  /** Stops listening and drops open connections (keep-alive scrapers included). */
  close(): void {
    this.server?.close();
    this.server?.closeAllConnections();
  }
}

function reply(res: ServerResponse, status: number, body: string, type = "text/plain; charset=utf-8", headOnly = false): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(headOnly ? undefined : body);
}

/** How the address prints in the status line: `http://127.0.0.1:9435/metrics`. */
export function metricsUrl(a: AddressInfo): string {
  const host = a.family === "IPv6" ? `[${a.address}]` : a.address;
  return `http://${host}:${a.port}/metrics`;
}

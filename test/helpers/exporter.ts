/** Runs `ebt --export prometheus` on a free port and scrapes it, as Prometheus would. */
import { EbtProcess } from "./run-ebt.js";

export interface RunningExporter {
  ebt: EbtProcess;
  /** `http://ADDR:PORT/metrics`, from ebt's status line. */
  url: string;
}

/** Starts ebt with `args` plus `--export prometheus=<listen>` (port 0: the kernel picks one). */
export async function startExporter(args: string[], listen = "127.0.0.1:0", opts: { wrap?: string[] } = {}): Promise<RunningExporter> {
  const ebt = new EbtProcess([...args, "--export", `prometheus=${listen}`], { wrap: opts.wrap });
  await ebt.waitFor(/Serving metrics on (\S+)\n/);
  const url = /Serving metrics on (\S+)\n/.exec(ebt.stderr)![1]!;
  return { ebt, url };
}

/** GET the metrics page: its status, content type and text. */
export async function scrape(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

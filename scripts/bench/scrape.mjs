// The cost of `--export prometheus` (issue 20): ebt serving a map of `keys` keys, scraped every
// second as Prometheus would, for `seconds` seconds. What ebt spends is read from /proc/PID/stat
// (user + system CPU of the ebt process) over the scraping only, start-up excluded; the scraper
// (this process) is not counted. A probe keeps updating the map meanwhile, so the kernel's side
// is as in real use.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TICK_MS = 10; // USER_HZ = 100 on Linux

function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime (fields 14, 15)
}

function status(pid, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : undefined;
}

/**
 * Returns { cpuPercent, scrapeMs (median wall time of one scrape), series (lines of one page),
 * rssMb (peak RSS) }.
 */
export async function scrapeCost({ ebtMain, work, keys = 10_000, seconds = 30 }) {
  const script = path.join(work, "scrape.ebt");
  // BEGIN fills the map; a 10 ms timer keeps touching it, so scrapes read a map that is in use.
  writeFileSync(script, `config = { max_map_keys = ${keys} }\n` +
    `BEGIN { for ($i : 0..${keys}) { @requests[$i] = count(); } }\n` +
    `interval:ms:10 { @requests[nsecs % ${keys}] = count(); }\n`);
  const child = spawn(process.execPath, [ebtMain, "--export", "prometheus=127.0.0.1:0", script], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const t0 = Date.now();
  while (!/Serving metrics on (\S+)/.test(err)) {
    if (child.exitCode !== null || Date.now() - t0 > 60_000) throw new Error(`scrape bench: ebt did not start:\n${err}`);
    await sleep(20);
  }
  const url = /Serving metrics on (\S+)/.exec(err)[1];
  const get = async () => {
    const s = performance.now();
    const text = await (await fetch(url)).text();
    return { ms: performance.now() - s, lines: text.split("\n").filter((l) => l && !l.startsWith("#")).length };
  };
  await get(); // the first scrape names every key; steady state is what Prometheus sees
  const cpu0 = cpuMs(child.pid);
  const wall0 = performance.now();
  const times = [];
  let series = 0;
  for (let i = 0; i < seconds; i++) {
    const next = wall0 + (i + 1) * 1000;
    const r = await get();
    times.push(r.ms);
    series = r.lines;
    await sleep(Math.max(0, next - performance.now()));
  }
  const cpuPercent = ((cpuMs(child.pid) - cpu0) / (performance.now() - wall0)) * 100;
  const rssMb = status(child.pid, "VmHWM");
  child.kill("SIGTERM");
  await new Promise((r) => child.on("exit", r));
  times.sort((a, b) => a - b);
  return { cpuPercent, scrapeMs: times[Math.floor(times.length / 2)], series, rssMb };
}

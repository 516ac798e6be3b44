/**
 * What the DaemonSet runs, without a cluster: the files deploy/Dockerfile copies into the image
 * (and nothing else: no node_modules, no sources) run the ConfigMap's script with only the
 * capabilities deploy/daemonset.yaml grants (setpriv limits the bounding set as the runtime would),
 * serve its maps, and stop cleanly on SIGTERM as a pod does.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { scrape } from "../helpers/exporter.js";
import { EbtProcess, ROOT } from "../helpers/run-ebt.js";

const work = mkdtempSync(path.join(tmpdir(), "ebt-image-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The run stage's `COPY --from=build /src/X DEST` lines, applied to this checkout's built files. */
function stageImage(root: string): string {
  const lines = readFileSync(path.join(ROOT, "deploy/Dockerfile"), "utf8").split("\n");
  const runStage = lines.slice(lines.findLastIndex((l) => l.startsWith("FROM ")));
  const workdir = /^WORKDIR (\S+)/.exec(runStage.find((l) => l.startsWith("WORKDIR "))!)![1]!;
  for (const l of runStage) {
    const m = /^COPY --from=build \/src\/(\S+) (\S+)$/.exec(l);
    if (!m) continue;
    const dest = path.join(root, workdir, m[2]!.endsWith("/") ? path.join(m[2]!, m[1]!.endsWith("/") ? "" : path.basename(m[1]!)) : m[2]!);
    mkdirSync(path.dirname(dest), { recursive: true });
    cpSync(path.join(ROOT, m[1]!), dest, { recursive: true });
  }
  const entry = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(runStage.join("\n"))![1]!) as string[];
  return path.join(root, entry[1]!);
}

describe("the image's files under the DaemonSet's privileges", () => {
  it("run the ConfigMap's script, serve its maps and stop on SIGTERM", async () => {
    const main = stageImage(work);
    const configMap = parse(readFileSync(path.join(ROOT, "deploy/configmap.yaml"), "utf8"));
    const script = path.join(work, "script.ebt");
    writeFileSync(script, configMap.data["script.ebt"]);
    const ds = parseAllDocuments(readFileSync(path.join(ROOT, "deploy/daemonset.yaml"), "utf8"));
    const container = (Array.isArray(ds) ? ds[0] : ds).toJS().spec.template.spec.containers[0];
    const caps = (container.securityContext.capabilities.add as string[]).map((c) => `+${c.toLowerCase()}`).join(",");
    // The image's entry point, wrapped so that only the granted capabilities remain.
    const ebt = new EbtProcess(["--export", "prometheus=127.0.0.1:0", script], { wrap: ["setpriv", `--bounding-set=-all,${caps}`, "--inh-caps=-all"], main, cwd: work });
    await ebt.waitFor(/Serving metrics on (\S+)\n/);
    const url = /Serving metrics on (\S+)\n/.exec(ebt.stderr)![1]!;
    const page = await scrape(url);
    ebt.signal("SIGTERM");
    const r = await ebt.wait();
    expect(r.stderr).toMatch(/^Attached 2 probes\nServing metrics on http:\/\/127\.0\.0\.1:\d+\/metrics\n$/);
    expect(r.code).toBe(0);
    expect(page.text).toMatch(/^# TYPE ebt_syscalls_total counter\nebt_syscalls_total\{comm="[^"]+"\} \d+$/m);
    expect(r.stdout).toMatch(/^@syscalls\[.+\]: \d+$/m);
  });
});

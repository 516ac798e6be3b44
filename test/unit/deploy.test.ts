/**
 * deploy/: every manifest is valid YAML, the DaemonSet grants and mounts exactly what README.md
 * ("Running on a cluster") says and why, its ports and Prometheus annotations agree, the image
 * recipe runs without a compiler, and the ConfigMap's script compiles. No cluster needed.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { compile } from "../../src/compile.js";
import { FakeKernel } from "../helpers/fake-kernel.js";
import { ROOT } from "../helpers/run-ebt.js";

const DEPLOY = path.join(ROOT, "deploy");
const yamlFiles = readdirSync(DEPLOY).filter((f) => f.endsWith(".yaml"));

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function docs(file: string): Obj[] {
  const parsed = parseAllDocuments(readFileSync(path.join(DEPLOY, file), "utf8"));
  const list = Array.isArray(parsed) ? parsed : [parsed];
  for (const d of list) expect(d.errors.map(String), file).toEqual([]);
  return list.map((d) => d.toJS() as Obj);
}

const all = yamlFiles.flatMap((f) => docs(f).map((d) => ({ file: f, doc: d })));
const find = (kind: string) => all.find((d) => d.doc.kind === kind)!.doc;
const daemonSet = find("DaemonSet");
const configMap = find("ConfigMap");
const pod = daemonSet.spec.template.spec;
const container = pod.containers[0];

/** The rows of the README table that follows `heading` (a line that starts the paragraph before it). */
function readmeTable(intro: string): string[][] {
  const text = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = text.slice(text.indexOf("### Running on a cluster"));
  const start = section.indexOf(intro);
  expect(start, intro).toBeGreaterThan(-1);
  const lines = section.slice(start).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const rows: string[][] = [];
  for (const l of lines.slice(first + 2)) {
    if (!l.startsWith("|")) break;
    rows.push(l.split("|").slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}
const code = (cell: string) => /^`([^`]+)`/.exec(cell)?.[1];

describe("deploy/", () => {
  it("holds valid Kubernetes YAML, all of it applied by the kustomization", () => {
    for (const { file, doc } of all) {
      expect(typeof doc.apiVersion, file).toBe("string");
      expect(typeof doc.kind, file).toBe("string");
    }
    const kustomization = find("Kustomization");
    expect([...kustomization.resources].sort()).toEqual(yamlFiles.filter((f) => f !== "kustomization.yaml").sort());
    for (const { doc } of all) if (doc.kind !== "Namespace" && doc.kind !== "Kustomization") expect(doc.metadata.namespace).toBe("ebt");
  });

  it("serves the exporter on one port that the container, the annotations and the probe agree on", () => {
    const args: string[] = container.args;
    const listen = /^prometheus=:(\d+)$/.exec(args[args.indexOf("--export") + 1]!);
    expect(listen).not.toBeNull();
    const port = Number(listen![1]);
    expect(container.ports).toEqual([{ name: "metrics", containerPort: port }]);
    expect(daemonSet.spec.template.metadata.annotations).toEqual({ "prometheus.io/scrape": "true", "prometheus.io/port": String(port), "prometheus.io/path": "/metrics" });
    expect(container.readinessProbe.httpGet.port).toBe("metrics");
    expect(daemonSet.spec.selector.matchLabels).toEqual(daemonSet.spec.template.metadata.labels);
  });

  it("runs the ConfigMap's script, which compiles", () => {
    const mount = container.volumeMounts.find((m: Obj) => m.name === pod.volumes.find((v: Obj) => v.configMap)!.name);
    expect(pod.volumes.find((v: Obj) => v.configMap).configMap.name).toBe(configMap.metadata.name);
    const scriptPath: string = container.args.at(-1);
    expect(path.dirname(scriptPath)).toBe(mount.mountPath);
    const source: string = configMap.data[path.basename(scriptPath)];
    expect(source).toBeDefined();
    const r = compile(source, "script.ebt", new FakeKernel());
    expect(r.diagnostics.items.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.plan).toBeDefined();
  });

  it("grants exactly the capabilities and settings the README lists", () => {
    const rows = readmeTable("Privileges: what the container gets");
    const caps = rows.map((r) => code(r[0]!)!).filter((c) => c.startsWith("CAP_")).map((c) => c.slice(4));
    const sc = container.securityContext;
    expect(sc.capabilities).toEqual({ drop: ["ALL"], add: caps });
    expect(rows.map((r) => code(r[0]!))).toContain("runAsUser: 0");
    expect(sc.runAsUser).toBe(0);
    expect(rows.map((r) => code(r[0]!))).toContain(`seccompProfile: ${sc.seccompProfile.type}`);
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(sc.readOnlyRootFilesystem).toBe(true);
    expect(sc.privileged).toBeUndefined();
    expect(pod.hostPID).toBeUndefined();
    expect(pod.hostNetwork).toBeUndefined();
    for (const r of rows) expect(r[1], r[0]).not.toBe("");
  });

  it("mounts exactly the host paths the README lists, read-only", () => {
    const rows = readmeTable("Host mounts (all read-only)");
    const hostPaths = pod.volumes.filter((v: Obj) => v.hostPath);
    const mounted = hostPaths.map((v: Obj) => {
      const m = container.volumeMounts.find((x: Obj) => x.name === v.name);
      expect(m.readOnly, v.name).toBe(true);
      return [v.hostPath.path, m.mountPath];
    });
    expect(mounted).toEqual(rows.map((r) => [code(r[0]!), code(r[1]!)]));
    for (const m of container.volumeMounts) expect(m.readOnly, m.name).toBe(true);
  });

  it("sizes resources as the README says, the memory limit above the largest RSS measured", () => {
    const text = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const r = container.resources;
    expect(text).toContain(`requests \`memory: ${r.requests.memory}\``);
    expect(text).toContain(`limited to \`memory: ${r.limits.memory}\``);
    expect(text).toContain(`\`cpu: ${r.requests.cpu}\` requested`);
    expect(text).toContain(`limited to \`cpu: ${r.limits.cpu}\``);
    const measured = readmeTable("Resources, sized from measured RSS").map((row) => Number(/^(\d+) MiB$/.exec(row[1]!)![1]));
    const mib = (q: string) => Number(/^(\d+)Mi$/.exec(q)![1]);
    expect(mib(r.limits.memory)).toBeGreaterThan(Math.max(...measured));
    expect(mib(r.requests.memory)).toBeGreaterThan(measured[0]!);
  });

  it("builds the image on Node 20 and runs it without a compiler", () => {
    const lines = readFileSync(path.join(DEPLOY, "Dockerfile"), "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
    const froms = lines.filter((l) => l.startsWith("FROM "));
    expect(froms.length).toBe(2);
    for (const f of froms) expect(f).toMatch(/^FROM node:20-/);
    const run = lines.slice(lines.indexOf(froms[1]!));
    expect(run.filter((l) => /^RUN /.test(l))).toEqual([]); // nothing installed in the run stage
    expect(run).toContain("COPY --from=build /src/build/Release/ebt_native.node build/Release/");
    expect(run.at(-1)).toBe('ENTRYPOINT ["node", "/opt/ebt/dist/cli/main.js"]');
  });
});

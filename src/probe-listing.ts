/**
 * `ebt -l [glob]` / `-lv` and the REPL's `.probes`: the probes this kernel offers, one per line,
 * sorted, in bpftrace's form (`tracepoint:syscalls:sys_enter_openat`, `software:cpu-clock:`), with
 * `-lv` adding each probe's arguments indented by four spaces. Every provider lists its own kind.
 *
 * The glob: `provider:rest` matches whole names of the providers the first part names (an alias
 * or a glob: `t:sched:*`, `*:vfs_*`); a glob without a colon matches the last part of any name
 * (`sys_enter_open*`), as bpftrace 0.17 does.
 */
import { PROVIDERS, findProvider } from "./providers/index.js";
import { ListingError } from "./util/listing-error.js";
import type { ListedProbe, Provider } from "./contracts/provider.js";
import type { KernelInfo } from "./contracts/kernel-info.js";
import { globToRegExp, hasWildcard } from "./util/glob.js";

/** Byte order, as bpftrace's std::set<std::string> sorts. */
const byName = (a: ListedProbe, b: ListedProbe) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function lastPart(name: string): string {
  const parts = name.replace(/:$/, "").split(":");
  return parts[parts.length - 1]!;
}

export function listProbes(kernel: KernelInfo, glob: string | undefined, verbose: boolean, pid?: number): ListedProbe[] {
  const pattern = glob?.trim() || "*";
  const colon = pattern.indexOf(":");
  let providers: readonly Provider[];
  let matches: (name: string) => boolean;
  let target: string | undefined;
  if (colon < 0) {
    providers = PROVIDERS.filter((p) => !p.listedOnlyByName);
    const re = globToRegExp(pattern);
    matches = (name) => re.test(lastPart(name));
  } else {
    const head = pattern.slice(0, colon);
    const rest = pattern.slice(colon + 1);
    if (hasWildcard(head)) {
      const re = globToRegExp(head);
      providers = PROVIDERS.filter((p) => re.test(p.name) && !p.listedOnlyByName);
    } else {
      const p = findProvider(head);
      if (!p) throw new ListingError(`Invalid probe type: ${head}`);
      providers = [p];
    }
    // uprobe:/bin/bash:* lists the functions of that one file.
    const lastColon = rest.lastIndexOf(":");
    target = lastColon > 0 ? rest.slice(0, lastColon) : undefined;
    const tail = rest === "" ? "*" : rest;
    // fentry:vfs_read lists fentry:vmlinux:vfs_read, as in bpftrace: the module may be left out.
    // A provider that lists one file lists it under its resolved path (usdt:stdc++:* lists
    // usdt:/usr/lib/.../libstdc++.so.6:...): the file part of the pattern is its business.
    const afterFile = rest.slice(rest.indexOf(":"));
    const res = providers.flatMap((p) =>
      p.listsOneFile && target !== undefined
        ? [globToRegExp(`${p.name}:*${afterFile}`)]
        : [globToRegExp(`${p.name}:${tail}`), ...(p.listsModule && !rest.includes(":") ? [globToRegExp(`${p.name}:*:${tail}`)] : [])],
    );
    matches = (name) => res.some((re) => re.test(name));
  }
  const found: ListedProbe[] = [];
  for (const p of providers) {
    if (!p.list) continue;
    for (const probe of p.list(kernel, target, pid)) if (matches(probe.name)) found.push(probe);
  }
  found.sort(byName);
  return verbose ? found : found.map((p) => ({ name: p.name }));
}

/** The listing as text: a line per probe, its parameters below it with -lv. */
export function formatProbeList(probes: readonly ListedProbe[]): string {
  let out = "";
  for (const p of probes) {
    out += p.name + "\n";
    for (const param of p.params?.() ?? []) out += `    ${param}\n`;
  }
  return out;
}

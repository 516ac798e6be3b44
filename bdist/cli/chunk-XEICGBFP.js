import {
  PROVIDERS,
  findProvider,
  globToRegExp,
  hasWildcard
} from "./chunk-3IQTUW3X.js";

// dist/probe-listing.js
var byName = (a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
function lastPart(name) {
  const parts = name.replace(/:$/, "").split(":");
  return parts[parts.length - 1];
}
function listProbes(kernel, glob, verbose, pid) {
  const pattern = glob?.trim() || "*";
  const colon = pattern.indexOf(":");
  let providers;
  let matches;
  let target;
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
      providers = p ? [p] : [];
    }
    const lastColon = rest.lastIndexOf(":");
    target = lastColon > 0 ? rest.slice(0, lastColon) : void 0;
    const tail = rest === "" ? "*" : rest;
    const afterFile = rest.slice(rest.indexOf(":"));
    const res = providers.flatMap((p) => p.listsOneFile && target !== void 0 ? [globToRegExp(`${p.name}:*${afterFile}`)] : [globToRegExp(`${p.name}:${tail}`), ...p.listsModule && !rest.includes(":") ? [globToRegExp(`${p.name}:*:${tail}`)] : []]);
    matches = (name) => res.some((re) => re.test(name));
  }
  const found = [];
  for (const p of providers) {
    if (!p.list)
      continue;
    for (const probe of p.list(kernel, target, pid))
      if (matches(probe.name))
        found.push(probe);
  }
  found.sort(byName);
  return verbose ? found : found.map((p) => ({ name: p.name }));
}
function formatProbeList(probes) {
  let out = "";
  for (const p of probes) {
    out += p.name + "\n";
    for (const param of p.params?.() ?? [])
      out += `    ${param}
`;
  }
  return out;
}

export {
  listProbes,
  formatProbeList
};

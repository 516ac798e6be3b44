// dist/runtime/output/hist-labels.js
function histLabel(i, bits) {
  if (i <= 2 << bits)
    return { value: BigInt(i), text: String(i), plain: true };
  const n = 1 << bits;
  const interval = i & n - 1;
  let power = (i >> bits) - 1;
  const value = (1n << BigInt(power)) * BigInt(n + interval);
  const decade = Math.floor(power / 10);
  power -= 10 * decade;
  const text = `${(1n << BigInt(power)) * BigInt(n + interval)}${["", "K", "M", "G", "T", "P", "E"][decade] ?? ""}`;
  return { value, text, plain: false };
}
function histBucketHeader(i, bits) {
  if (i === 0)
    return "(..., 0)";
  const lo = histLabel(i - 1, bits);
  const hi = histLabel(i, bits);
  if (lo.plain && hi.plain && lo.value + 1n === hi.value)
    return `[${lo.text}]`;
  return `[${lo.text}, ${hi.text})`;
}
function histBucketRange(i, bits) {
  if (i === 0)
    return { max: -1n };
  return { min: histLabel(i - 1, bits).value, max: histLabel(i, bits).value - 1n };
}

// dist/runtime/output/text.js
function formatValue(v, stackIndent = 8) {
  switch (v.kind) {
    case "stack": {
      const pad = v.indent ? " ".repeat(stackIndent) : "";
      return "\n" + v.lines.map((l) => `${pad}${l}
`).join("");
    }
    case "int":
      return v.hex ? `0x${v.value.toString(16)}` : v.value.toString();
    case "bool":
      return v.value ? "true" : "false";
    case "str":
      return v.value;
    case "tuple":
      if (v.names)
        return `{ ${v.elems.map((e, i) => `.${v.names[i]} = ${formatValue(e)}`).join(", ")} }`;
      if (v.array)
        return `[${v.elems.map((e) => formatValue(e)).join(",")}]`;
      return `(${v.elems.map(formatValue).join(", ")})`;
    case "buf":
      return [...v.bytes].map((b) => b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`).join("");
    case "none":
      return "";
  }
}
function aggScalar(a) {
  switch (a.kind) {
    case "hist":
    case "lhist":
      return [...a.buckets.values()].reduce((n, c) => n + c, 0n);
    case "count":
    case "sum":
    case "min":
    case "max":
      return a.value;
    case "avg":
      return a.count === 0n ? 0n : a.sum / a.count;
    case "stats":
      return a.count === 0n ? 0n : a.sum / a.count;
    case "value":
      return a.value.kind === "int" ? a.value.value : void 0;
  }
}
function formatAgg(a, div) {
  if (a.kind === "stats") {
    const avg = a.count === 0n ? 0n : a.sum / a.count;
    return `count ${a.count}, average ${avg}, total ${a.sum}`;
  }
  if (a.kind === "value") {
    if (a.value.kind === "int" && div > 1)
      return (a.value.value / BigInt(div)).toString();
    return formatValue(a.value);
  }
  const n = aggScalar(a);
  return (div > 1 ? n / BigInt(div) : n).toString();
}
function compareValues(a, b) {
  if (a.kind === "int" && b.kind === "int")
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if (a.kind === "bool" && b.kind === "bool")
    return Number(a.value) - Number(b.value);
  if (a.kind === "tuple" && b.kind === "tuple")
    return compareKeys(a.elems, b.elems);
  const x = formatValue(a);
  const y = formatValue(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
function compareKeys(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0)
      return c;
  }
  return a.length - b.length;
}
function sorted(m) {
  const scalars = m.entries.map((e) => aggScalar(e.value));
  if (scalars.every((x) => x !== void 0)) {
    const idx = m.entries.map((_, i) => i);
    idx.sort((i, j) => {
      const x = scalars[i];
      const y = scalars[j];
      return x < y ? -1 : x > y ? 1 : compareKeys(m.entries[i].key, m.entries[j].key) || i - j;
    });
    return idx.map((i) => m.entries[i]);
  }
  return [...m.entries].sort((a, b) => compareKeys(a.key, b.key));
}
function formatMap(m, top = 0, div = 0) {
  let entries = sorted(m);
  if (top > 0)
    entries = entries.slice(-top);
  if (entries.length === 0)
    return "\n";
  const label = (e) => `${m.name}${m.keyed ? `[${e.key.map((k) => formatValue(k, 4)).join(", ")}]` : ""}`;
  const kind = entries[0].value.kind;
  if (kind === "hist" || kind === "lhist") {
    return entries.map((e) => `${label(e)}:
${formatHistogram(e.value)}
`).join("");
  }
  const body = entries.map((e) => `${label(e)}: ${formatAgg(e.value, div)}
`).join("");
  return kind === "avg" || kind === "stats" ? body + "\n" : body;
}
function shortNumber(n) {
  const units = ["", "K", "M", "G", "T", "P", "E"];
  let i = 0;
  while (n !== 0n && n % 1024n === 0n && i < units.length - 1) {
    n /= 1024n;
    i++;
  }
  return `${n}${units[i]}`;
}
function bucketLabel(h, i) {
  if (h.kind === "hist")
    return histBucketHeader(i, h.bits ?? 0);
  const n = Math.floor((h.max - h.min) / h.step);
  if (i === 0)
    return `(..., ${shortNumber(BigInt(h.min))})`;
  if (i === n + 1)
    return `[${shortNumber(BigInt(h.max))}, ...)`;
  const lo = h.min + (i - 1) * h.step;
  return `[${shortNumber(BigInt(lo))}, ${shortNumber(BigInt(lo + h.step))})`;
}
function formatHistogram(h) {
  const used = [...h.buckets.entries()].filter(([, c]) => c > 0n).map(([i]) => i);
  if (used.length === 0)
    return "";
  const lo = Math.min(...used);
  const hi = Math.max(...used);
  const max = [...h.buckets.values()].reduce((a, b) => b > a ? b : a, 0n);
  let out = "";
  for (let i = lo; i <= hi; i++) {
    const count = h.buckets.get(i) ?? 0n;
    const bar = "@".repeat(max === 0n ? 0 : Math.trunc(Math.fround(Math.fround(Math.fround(Number(count)) / Math.fround(Number(max))) * 52)));
    out += `${bucketLabel(h, i).padEnd(16)}${count.toString().padStart(8)} |${bar.padEnd(52)}|
`;
  }
  return out;
}
function formatExitMaps(maps) {
  const byName = [...maps].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return "\n\n" + byName.map((m) => formatMap(m)).join("");
}

export {
  histBucketRange,
  formatValue,
  sorted,
  formatMap,
  formatExitMaps
};

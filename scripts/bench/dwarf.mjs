// The cost of the first DWARF lookup (issue 21): `-lv 'uprobe:BIN:FUNC'` on a generated C program
// with thousands of functions and structs built with -g, against the same binary stripped of its
// debug info (what the lookup itself adds: opening the sections, indexing the names, reading one
// function's DIEs). The function asked for is the last one, so the index is built over everything.
import { spawnSync } from "node:child_process";
import { realpathSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

function generate(file, n) {
  let src = "";
  for (let i = 0; i < n; i++) {
    src += `struct S${i} { int a; long b; char name[16]; struct S${i} *next; union { int u; short v; } un; };\n`;
    src += `int f${i}(struct S${i} *s, int k, const char *label) { return s->a + k + label[0]; }\n`;
  }
  src += `int main(void) { return 0; }\n`;
  writeFileSync(file, src);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Returns { functions, debugMb, withMs, withoutMs } per tool name, or undefined when gcc fails. */
export function dwarfLookupCost({ tools, work, functions = 4000, runs = 5 }) {
  const src = path.join(work, "big.c");
  generate(src, functions);
  const withDebug = path.join(work, "big-g"), without = path.join(work, "big-stripped");
  if (spawnSync("gcc", ["-g", "-O0", "-o", withDebug, src]).status !== 0) return undefined;
  if (spawnSync("objcopy", ["--strip-debug", withDebug, without]).status !== 0) return undefined;
  const debugMb = (statSync(withDebug).size - statSync(without).size) / (1 << 20);
  const func = `f${functions - 1}`;
  const time = (tool, bin) => {
    const ms = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(tool.argv[0], [...tool.argv.slice(1), "-lv", `uprobe:${bin}:${func}`], { encoding: "utf8" });
      ms.push(performance.now() - t0);
      if (bin === withDebug && i === 0 && !/label/.test(r.stdout)) return undefined;
    }
    return median(ms);
  };
  const out = {};
  for (const t of tools) out[t.name] = { withMs: time(t, withDebug), withoutMs: time(t, without) };
  return { functions, debugMb, tools: out };
}

/**
 * The same lookup in node itself (about 100 MB, with DWARF for the C libraries it links in, such as
 * libuv): `-lv 'uprobe:NODE:uv_run'`. Undefined when this node has no such debug info.
 */
export function nodeLookupCost({ tools, runs = 5 }) {
  const node = realpathSync(process.execPath);
  const sections = spawnSync("readelf", ["-SW", node], { encoding: "utf8" });
  if (sections.status !== 0 || !/\.debug_info/.test(sections.stdout)) return undefined;
  const sizeMb = statSync(node).size / (1 << 20);
  const out = {};
  for (const t of tools) {
    const ms = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(t.argv[0], [...t.argv.slice(1), "-lv", `uprobe:${node}:uv_run`], { encoding: "utf8" });
      ms.push(performance.now() - t0);
      if (i === 0 && !/uv_run_mode mode/.test(r.stdout)) return undefined;
    }
    out[t.name] = median(ms);
  }
  return { sizeMb, tools: out };
}

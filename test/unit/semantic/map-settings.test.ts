/** Map sizes and kinds: max_map_keys from config and environment, map declarations. */
import { describe, expect, it } from "vitest";
import { compile } from "../../../src/compile.js";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import { BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_LRU_HASH, BPF_MAP_TYPE_LRU_PERCPU_HASH, BPF_MAP_TYPE_PERCPU_HASH } from "../../../src/abi/uapi.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";

const kernel = new FakeKernel();

function plan(source: string, env: Record<string, string> = {}) {
  const r = compile(source, "stdin", kernel, { env });
  expect(r.diagnostics.items.map((d) => renderDiagnostic(d, r.sources)).join("")).toBe("");
  return Object.fromEntries(r.plan!.maps.filter((m) => m.info).map((m) => [m.name, m.spec]));
}

describe("map settings", () => {
  it("4096 entries by default, like bpftrace's max_map_keys", () => {
    expect(plan("BEGIN { @a[1] = 1; }")["@a"]!.maxEntries).toBe(4096);
  });

  it("config = { max_map_keys = N } sizes every undeclared map", () => {
    const maps = plan("config = { max_map_keys = 10 } BEGIN { @a[1] = 1; @b = count(); }");
    expect([maps["@a"]!.maxEntries, maps["@b"]!.maxEntries]).toEqual([10, 10]);
  });

  it("the environment wins over the config block", () => {
    expect(plan("config = { max_map_keys = 10 } BEGIN { @a[1] = 1; }", { BPFTRACE_MAX_MAP_KEYS: "7" })["@a"]!.maxEntries).toBe(7);
    expect(plan("config = { max_map_keys = 10 } BEGIN { @a[1] = 1; }", { EBT_MAX_MAP_KEYS: "8" })["@a"]!.maxEntries).toBe(8);
  });

  it("declarations choose the kernel map kind and size", () => {
    const maps = plan("let @h = hash(5); let @l = lruhash(6); let @p = percpuhash(7); let @q = percpulruhash(8); BEGIN { @h[1] = 1; @l[1] = 1; @p[1] = count(); @q[1] = sum(2); }");
    expect(Object.values(maps).map((s) => [s.type, s.maxEntries, s.flags])).toEqual([
      [BPF_MAP_TYPE_HASH, 5, 0],
      [BPF_MAP_TYPE_LRU_HASH, 6, 0],
      [BPF_MAP_TYPE_PERCPU_HASH, 7, 0],
      [BPF_MAP_TYPE_LRU_PERCPU_HASH, 8, 0],
    ]);
  });
});

/**
 * Keeps "one obvious place" true: every provider file is registered, every probe type and builtin
 * has a one-line doc, and names and aliases never collide.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTINS } from "../../src/builtins/index.js";
import { PROVIDERS, findProvider } from "../../src/providers/index.js";
import { ROOT } from "../helpers/run-ebt.js";

describe("registries", () => {
  it("every provider module is registered", async () => {
    const files = readdirSync(path.join(ROOT, "src/providers")).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    for (const f of files) {
      const mod = (await import(path.join(ROOT, "src/providers", f))) as Record<string, unknown>;
      const exported = Object.values(mod).filter((v) => typeof v === "object" && v !== null && "progType" in v);
      expect(exported.length, `${f} exports a provider`).toBeGreaterThan(0);
      for (const p of exported) expect(PROVIDERS, `${f} is registered in providers/index.ts`).toContain(p);
    }
  });

  it("every builtin family module is registered", async () => {
    const files = readdirSync(path.join(ROOT, "src/builtins")).filter((f) => f.endsWith(".ts") && !["index.ts", "builtin.ts"].includes(f));
    for (const f of files) {
      const mod = (await import(path.join(ROOT, "src/builtins", f))) as Record<string, unknown>;
      const family = Object.values(mod).find(Array.isArray) as unknown[] | undefined;
      expect(family, `${f} exports its family`).toBeDefined();
      for (const b of family!) expect(BUILTINS, `${f} is registered in builtins/index.ts`).toContain(b);
    }
  });

  it("every provider and builtin has a doc line", () => {
    for (const p of PROVIDERS) expect(p.doc.length, p.name).toBeGreaterThan(10);
    for (const b of BUILTINS) expect(b.doc.length, b.name).toBeGreaterThan(10);
  });

  it("names and aliases are unique", () => {
    const providerNames = PROVIDERS.flatMap((p) => [...new Set([p.name, ...p.aliases])]);
    expect(new Set(providerNames).size).toBe(providerNames.length);
    // Case matters where bpftrace's aliases differ only by it.
    expect(findProvider("u")?.name).toBe("uprobe");
    expect(findProvider("U")?.name).toBe("usdt");
    expect(findProvider("BEGIN")?.name).toBe(findProvider("begin")?.name);
    const builtinNames = BUILTINS.map((b) => b.name);
    expect(new Set(builtinNames).size).toBe(builtinNames.length);
  });
});

/**
 * Loads Chevrotain from its single-file bundle.
 *
 * Why: `import "chevrotain"` resolves to lib/src/api.js, which pulls in ~100 modules (and lodash-es);
 * that costs ~400 ms of cold start. The bundle (lib/chevrotain.min.mjs, shipped in the same package)
 * loads in ~20 ms. The package's `exports` map hides the bundle, so we find it next to the resolved
 * entry. Types still come from the package's own declarations.
 */
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

type Chevrotain = typeof import("chevrotain");

async function load(): Promise<Chevrotain> {
  try {
    const entry = createRequire(import.meta.url).resolve("chevrotain"); // .../chevrotain/lib/src/api.js
    const bundle = join(dirname(entry), "..", "chevrotain.min.mjs");
    if (existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as Chevrotain;
  } catch {
    // fall through to the regular entry
  }
  return await import("chevrotain");
}

export const chevrotain: Chevrotain = await load();

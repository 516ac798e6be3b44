/**
 * Loads Chevrotain from its single-file bundle.
 *
 * Why: `import "chevrotain"` resolves to lib/src/api.js, which pulls in ~100 modules (and lodash-es);
 * that costs ~400 ms of cold start. The bundle (lib/chevrotain.min.mjs, shipped in the same package)
 * loads in ~10 ms. The package's `exports` map hides the bundle, so we find it next to the resolved
 * entry (import.meta.resolve is synchronous and cheaper than createRequire). Types still come from
 * the package's own declarations.
 */
type Chevrotain = typeof import("chevrotain");

async function load(): Promise<Chevrotain> {
  try {
    // .../chevrotain/lib/src/api.js → .../chevrotain/lib/chevrotain.min.mjs
    return (await import(new URL("../chevrotain.min.mjs", import.meta.resolve("chevrotain")).href)) as Chevrotain;
  } catch {
    return await import("chevrotain");
  }
}

export const chevrotain: Chevrotain = await load();

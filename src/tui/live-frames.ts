/**
 * How Ink is loaded (the TUI, the REPL's live view), with two things of the environment hidden
 * while it loads:
 * - Ink prints only its final frame when the environment says CI (`CI`, `CONTINUOUS_INTEGRATION`),
 *   and decides that once, when it is first loaded. ebt draws with Ink only when stdout is a real
 *   terminal, where the user is watching and wants every frame, so those variables are neutralised
 *   and then put back for anything ebt starts later (`-c`, `system`).
 * - Ink's layout engine, Yoga, is WebAssembly embedded as base64, which its loader fetches with
 *   `fetch()` when there is one: Node's fetch is undici, loaded on the first call, ~50-100 ms of
 *   JavaScript to read a data: URL. Without `fetch` the loader decodes the same bytes itself.
 */
const CI_VARS = ["CI", "CONTINUOUS_INTEGRATION"] as const;

export async function loadWithLiveFrames<T>(load: () => Promise<T>): Promise<T> {
  const saved = CI_VARS.map((k) => [k, process.env[k]] as const);
  for (const k of CI_VARS) if (k in process.env) process.env[k] = "0";
  const fetch = Object.getOwnPropertyDescriptor(globalThis, "fetch");
  if (fetch?.configurable) delete (globalThis as { fetch?: unknown }).fetch;
  try {
    return await load();
  } finally {
    if (fetch?.configurable) Object.defineProperty(globalThis, "fetch", fetch);
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

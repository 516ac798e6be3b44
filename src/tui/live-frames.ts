/**
 * Ink prints only its final frame when the environment says CI (`CI`, `CONTINUOUS_INTEGRATION`),
 * and decides that once, when it is first loaded. ebt draws with Ink only when stdout is a real
 * terminal, where the user is watching and wants every frame, so Ink is loaded with those
 * variables neutralised and then they are put back for anything ebt starts later (`-c`, `system`).
 */
const CI_VARS = ["CI", "CONTINUOUS_INTEGRATION"] as const;

export async function loadWithLiveFrames<T>(load: () => Promise<T>): Promise<T> {
  const saved = CI_VARS.map((k) => [k, process.env[k]] as const);
  for (const k of CI_VARS) if (k in process.env) process.env[k] = "0";
  try {
    return await load();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

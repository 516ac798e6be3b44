/**
 * Attach points that name nothing on this machine, under bpftrace's `missing_probes` config:
 * `error` (the default) stops the compilation, `warn` says so and goes on with the other attach
 * points, `ignore` goes on silently. A wildcard that matches nothing is not reported by itself:
 * as in bpftrace, only a probe left with no attach point at all is. (Attach failures follow the
 * same config at run time: runtime/session.ts.)
 */
import type { AttachPoint, Probe } from "../ast/nodes.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type { MissingProbes, ResolveContext } from "../contracts/provider.js";
import { hasWildcard } from "../util/glob.js";

/**
 * For providers: `kind spec` (bpftrace's words: `tracepoint syscalls:nonsense`,
 * `uprobe ./prog:fn`) matched nothing. Returns no targets, for the caller to return.
 */
export function noMatches(diags: Diagnostics, ap: AttachPoint, ctx: ResolveContext | undefined, kind: string, spec: string, hints?: string[]): [] {
  if (hasWildcard(spec)) return [];
  const mode = ctx?.missingProbes ?? "error";
  if (mode === "error") diags.error(ap.span, `No matches for ${kind} ${spec}.`, hints);
  else if (mode === "warn") diags.warning(ap.span, `No matches for ${kind} ${spec}. Skipping.`, hints);
  return [];
}

/**
 * A probe none of whose attach points matched anything: an error by default; otherwise the probe
 * is dropped (with a warning under `warn`).
 */
export function reportProbeWithoutAttachPoints(probe: Probe, mode: MissingProbes, diags: Diagnostics): void {
  const span = attachPointsSpan(probe);
  if (mode === "error") {
    diags.error(span, "Probe has no valid attach points. If this is expected, set the 'missing_probes' config variable to 'warn'.");
  } else if (mode === "warn") {
    diags.warning(span, "Probe has no valid attach points. It is being removed which may cause issues with program behavior.");
  }
}

/** From the first attach point to the last: where the probe is named. */
function attachPointsSpan(probe: Probe): Span {
  const first = probe.attachPoints[0];
  const last = probe.attachPoints.at(-1);
  if (!first || !last) return probe.span;
  return { file: first.span.file, start: first.span.start, end: last.span.end };
}

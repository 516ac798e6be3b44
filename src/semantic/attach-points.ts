/**
 * Attach points → concrete probe targets: split `provider:rest`, find the provider by name or alias,
 * and let it parse and expand wildcards.
 */
import type { AttachPoint } from "../ast/nodes.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import { findProvider } from "../providers/index.js";
import type { ProbeTarget, ResolveContext } from "../contracts/provider.js";
import type { KernelInfo } from "../contracts/kernel-info.js";

export function resolveAttachPoint(ap: AttachPoint, kernel: KernelInfo, diags: Diagnostics, ctx: ResolveContext = {}): ProbeTarget[] {
  const colon = ap.raw.indexOf(":");
  const providerName = colon < 0 ? ap.raw : ap.raw.slice(0, colon);
  const rest = colon < 0 ? undefined : ap.raw.slice(colon + 1);
  const provider = findProvider(providerName);
  if (!provider) {
    diags.error(ap.span, `Invalid probe type: ${providerName}`);
    return [];
  }
  return provider.resolve(rest, ap, kernel, diags, ctx).map((t) => ({ ...t, span: t.span ?? ap.span, ...(ctx.target ? { process: ctx.target } : {}) }));
}

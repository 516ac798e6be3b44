/**
 * Attach points → concrete probe targets: split `provider:rest`, find the provider by name or alias,
 * and let it parse and expand wildcards.
 */
import type { AttachPoint, Probe } from "../ast/nodes.js";
import { forEachNode } from "../ast/walk.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import type { ProbeTarget, ResolveContext } from "../contracts/provider.js";
import type { KernelInfo } from "../contracts/kernel-info.js";
import type { Registry } from "../contracts/registry.js";
import { closestName } from "../util/did-you-mean.js";

export function resolveAttachPoint(registry: Registry, ap: AttachPoint, kernel: KernelInfo, diags: Diagnostics, ctx: ResolveContext = {}): ProbeTarget[] {
  const colon = ap.raw.indexOf(":");
  const providerName = colon < 0 ? ap.raw : ap.raw.slice(0, colon);
  const rest = colon < 0 ? undefined : ap.raw.slice(colon + 1);
  const provider = registry.provider(providerName);
  if (!provider) {
    // bpftrace's message first; a near name (tracepint → tracepoint) as a hint under it.
    const near = closestName(providerName, registry.providers.flatMap((p) => [p.name, ...p.aliases]));
    diags.error(ap.span, `Invalid probe type: ${providerName}`, near ? [`did you mean ${near}?`] : undefined);
    return [];
  }
  return provider.resolve(rest, ap, kernel, diags, ctx).map((t) => ({ ...t, span: t.span ?? ap.span, ...(ctx.target ? { process: ctx.target } : {}) }));
}

/**
 * As bpftrace documents, an iterator probe can't be mixed with any other probe, not even another
 * iterator (BEGIN and END aside): the run is one pass of that iterator.
 */
export function checkIteratorAlone(targets: readonly ProbeTarget[], diags: Diagnostics): void {
  const iters = targets.filter((t) => t.provider.iterator);
  if (iters.length === 0) return;
  const others = targets.filter((t) => !t.provider.iterator && !t.provider.runOnce);
  if (iters.length > 1 || others.length > 0) {
    diags.error(iters[iters.length > 1 ? 1 : 0]!.span!, "Iterator probe can't be mixed with any other probe, not even another iterator (BEGIN and END aside)");
  }
}

/**
 * A probe whose body calls a builtin whose helper needs a BTF-typed program (socket_cookie,
 * skboutput) loads as one where its probe type has that form: a rawtracepoint becomes tp_btf,
 * as current bpftrace loads every rawtracepoint. Other probes keep their faster program type.
 */
export function withBtfTypedProgram(registry: Registry, probe: Probe, target: ProbeTarget): ProbeTarget {
  const form = target.provider.btfTypedForm;
  if (!form) return target;
  const needs = forEachNode([probe.predicate, probe.body], (n) => {
    if (n.kind !== "Call") return false;
    const b = registry.builtin(n.name);
    return b?.kind === "func" && b.btfTyped === true;
  });
  return needs ? form.call(target.provider, target) ?? target : target;
}


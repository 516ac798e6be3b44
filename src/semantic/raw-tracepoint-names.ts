/** Which raw tracepoints an attach point names (shared by rawtracepoint and tp_btf). */
import { noMatches } from "./missing-probes.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import type { AttachPoint } from "../ast/nodes.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import type { KernelInfo } from "../contracts/kernel-info.js";
import type { ResolveContext } from "../contracts/provider.js";

/**
 * The raw tracepoints `rest` names: `event` or `module:event` (current bpftrace's form; the module
 * of the kernel's own is `vmlinux`), or ebt's older `category:event` with a tracefs category; each
 * part may be a glob. A name the kernel's BTF does not describe is no raw tracepoint: notably the
 * syscall events (`sys_enter_openat`), which the raw tracepoints sys_enter/sys_exit produce.
 */
export function matchRawTracepoints(rest: string | undefined, ap: AttachPoint, kernel: KernelInfo, diags: Diagnostics, provider: string, ctx?: ResolveContext): string[] {
  const parts = rest?.split(":") ?? [];
  if (parts.length < 1 || parts.length > 2 || parts.some((p) => !p)) {
    diags.error(ap.span, `${provider} probe must be ${provider}:event or ${provider}:module:event`);
    return [];
  }
  const event = parts.at(-1)!;
  const evRe = globToRegExp(event);
  const btfNames = kernel.rawTracepoints?.();
  // Without BTF, every tracefs event but the syscall ones is a raw tracepoint of the same name.
  const all = btfNames ?? kernel.listTracepoints().filter((t) => t.category !== "syscalls").map((t) => t.event);
  const isRaw = new Set(all);
  let names: string[];
  if (parts.length === 1 || globToRegExp(parts[0]!).test("vmlinux")) {
    names = [...isRaw].filter((e) => evRe.test(e));
  } else {
    const catRe = globToRegExp(parts[0]!);
    names = [...new Set(kernel.listTracepoints().filter((t) => catRe.test(t.category) && evRe.test(t.event) && isRaw.has(t.event)).map((t) => t.event))];
  }
  names.sort();
  if (names.length === 0) {
    const tp = hasWildcard(event) ? undefined : kernel.listTracepoints().find((t) => t.event === event);
    const hints = tp?.category === "syscalls"
      ? [`${event} is an event of the syscalls tracepoint category, made by the raw tracepoints sys_enter and sys_exit: use tracepoint:syscalls:${event}, or ${provider}:${event.startsWith("sys_enter") ? "sys_enter" : "sys_exit"} and its syscall number`]
      : undefined;
    // Without a module the name stands for any module's, a wildcard (as in bpftrace): the probe
    // is then reported for having no attach point, unless the hint about syscalls applies.
    if (parts.length === 2 || hints) noMatches(diags, ap, ctx, provider, rest!, hints);
  }
  return names;
}

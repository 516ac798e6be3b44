/**
 * rawtracepoint:event (rt, raw_tp): the tracepoint's own arguments before any formatting, as
 * arg0..argN; attached with BPF_RAW_TRACEPOINT_OPEN. Cheaper than a tracepoint: no record is built.
 * (bpftrace 0.17 cannot attach these on our kernel; ebt can.)
 */
import { BPF_PROG_TYPE_RAW_TRACEPOINT, rawTracepointOpen } from "../runtime/bpf.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import { rawTracepointArgs } from "../semantic/kernel-types.js";
import type { ArgField, Provider, ProbeTarget } from "./provider.js";

/** The kernel passes at most 12 u64 arguments to a raw tracepoint program (bpf_raw_tp_regs). */
const MAX_ARGS = 12;

export const rawtracepoint: Provider = {
  name: "rawtracepoint",
  aliases: ["rt", "raw_tp", "raw_tracepoint"],
  doc: "raw kernel tracepoints: rawtracepoint:event or rawtracepoint:category:event, with arg0..arg11",
  progType: BPF_PROG_TYPE_RAW_TRACEPOINT,

  resolve(rest, ap, kernel, diags) {
    const parts = rest?.split(":") ?? [];
    if (parts.length < 1 || parts.length > 2 || parts.some((p) => !p)) {
      diags.error(ap.span, "rawtracepoint probe must be rawtracepoint:event or rawtracepoint:category:event");
      return [];
    }
    const [category, event] = parts.length === 2 ? [parts[0]!, parts[1]!] : ["*", parts[0]!];
    const catRe = globToRegExp(category);
    const evRe = globToRegExp(event);
    const seen = new Set<string>();
    const found: ProbeTarget[] = [];
    for (const t of kernel.listTracepoints()) {
      if (!catRe.test(t.category) || !evRe.test(t.event) || seen.has(t.event)) continue;
      seen.add(t.event);
      found.push({ provider: this, name: `rawtracepoint:${t.event}`, detail: { event: t.event } });
    }
    if (found.length === 0 && parts.length === 1 && !hasWildcard(event) && kernel.rawTracepoints?.().includes(event)) {
      found.push({ provider: this, name: `rawtracepoint:${event}`, detail: { event } });
    }
    // Syscall tracepoints are one raw tracepoint each for entry and exit (sys_enter/sys_exit).
    const wanted = hasWildcard(category) || hasWildcard(event) ? found : found.slice(0, 1);
    if (wanted.length === 0) diags.error(ap.span, `No probes matched: rawtracepoint:${rest}`);
    return wanted;
  },

  // The kernel's BTF names every raw tracepoint (btf_trace_<name>), some that tracefs lacks.
  list(kernel) {
    // Without BTF, tracefs: each event is a raw tracepoint of that name, but the syscall events
    // (sys_enter_openat, ...) are made by the raw tracepoints sys_enter and sys_exit.
    const names = kernel.rawTracepoints?.() ?? kernel.listTracepoints().filter((t) => t.category !== "syscalls").map((t) => t.event);
    return [...new Set(names)].map((e) => ({ name: `rawtracepoint:${e}`, params: () => kernel.rawTracepointParams?.(e) ?? [] }));
  },

  argOffset: (n) => (n < MAX_ARGS ? n * 8 : undefined),

  // args.<name>, typed from the tracepoint's BTF prototype: each is one u64 of the context.
  args(target): ArgField[] | undefined {
    return rawTracepointArgs(String(target.detail.event))?.map((a) => ({ name: a.name, type: a.type, ctxOffset: 8 * a.index, ctxSize: 8 }));
  },

  attach(progFd, target) {
    return { fds: [rawTracepointOpen(String(target.detail.event), progFd)] };
  },
};

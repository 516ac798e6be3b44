/**
 * rawtracepoint:event (rt, raw_tp): the tracepoint's own arguments before any formatting, as
 * arg0..argN; attached with BPF_RAW_TRACEPOINT_OPEN. Cheaper than a tracepoint: no record is built.
 * (bpftrace 0.17 cannot attach these on our kernel; ebt can.)
 */
import { BTF_KIND, kernelBtf } from "../btf/btf.js";
import { tpBtf } from "./tp-btf.js";
import { BPF_PROG_TYPE_RAW_TRACEPOINT } from "../abi/uapi.js";
import { rawTracepointOpen } from "../runtime/bpf.js";
import { rawTracepointArgs } from "../semantic/kernel-types.js";
import type { KernelInfo } from "../contracts/kernel-info.js";
import type { ArgField, Provider } from "../contracts/provider.js";
import { matchRawTracepoints } from "../semantic/raw-tracepoint-names.js";

/** The kernel passes at most 12 u64 arguments to a raw tracepoint program (bpf_raw_tp_regs). */
const MAX_ARGS = 12;

export const rawtracepoint: Provider = {
  name: "rawtracepoint",
  aliases: ["rt", "raw_tp", "raw_tracepoint"],
  doc: "raw kernel tracepoints: rawtracepoint:event or rawtracepoint:category:event, with arg0..arg11",
  progType: BPF_PROG_TYPE_RAW_TRACEPOINT,

  resolve(rest, ap, kernel, diags, ctx) {
    const events = matchRawTracepoints(rest, ap, kernel, diags, "rawtracepoint", ctx);
    return events.map((event) => ({ provider: this, name: `rawtracepoint:${event}`, detail: { event } }));
  },

  // The kernel's BTF names every raw tracepoint (btf_trace_<name>), some that tracefs lacks.
  list(kernel) {
    // Without BTF, tracefs: each event is a raw tracepoint of that name, but the syscall events
    // (sys_enter_openat, ...) are made by the raw tracepoints sys_enter and sys_exit.
    const names = kernel.rawTracepoints?.() ?? kernel.listTracepoints().filter((t) => t.category !== "syscalls").map((t) => t.event);
    return [...new Set(names)].map((e) => ({ name: `rawtracepoint:${e}`, params: () => kernel.rawTracepointParams?.(e) ?? [] }));
  },

  // A body calling socket_cookie or skboutput needs the BTF-typed form, as current bpftrace builds
  // every rawtracepoint; the plain form stays the default, where argN are plain integers.
  btfTypedForm(target) {
    return kernelBtf()?.find(`btf_trace_${target.detail.event}`, BTF_KIND.TYPEDEF).length ? { ...target, provider: tpBtf } : undefined;
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

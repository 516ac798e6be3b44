/**
 * tp_btf:event (libbpf's section name; also tp_btf:module:event): a raw tracepoint attached as a
 * BTF-typed tracing program, BPF_PROG_TYPE_TRACING with expected_attach_type BPF_TRACE_RAW_TP and
 * attach_btf_id = `btf_trace_<event>`. `args.NAME` is typed from the tracepoint's prototype, and
 * argN reads the same slots. This is what current bpftrace builds for `rawtracepoint` probes.
 */
import { BTF_KIND, kernelBtf } from "../btf/btf.js";
import { BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP } from "../abi/uapi.js";
import { linkCreate } from "../runtime/bpf.js";
import { kernelFunction, slotArgs } from "../semantic/btf-args.js";
import type { ArgField, Provider, ProbeTarget } from "../contracts/provider.js";
import { matchRawTracepoints } from "../semantic/raw-tracepoint-names.js";

/**
 * The tracepoint's named parameters: `btf_trace_<event>` has the types but no names, while the
 * kernel's `__probestub_<event>` (or, on older kernels, `__bpf_trace_<event>`) has both. The first
 * parameter is the tracepoint's private data, which is not part of the program's context.
 */
function tracepointArgs(event: string): { args: ArgField[]; slots: number } | undefined {
  const btf = kernelBtf();
  if (!btf) return undefined;
  for (const name of [`__probestub_${event}`, `__bpf_trace_${event}`]) {
    const f = kernelFunction(name, btf);
    if (f) return slotArgs(btf, f.params, 1);
  }
  return undefined;
}

export const tpBtf: Provider = {
  name: "tp_btf",
  aliases: [],
  doc: "BTF-typed raw tracepoints: tp_btf:event, with args.NAME typed from the kernel's BTF (and arg0..argN)",
  progType: BPF_PROG_TYPE_TRACING,
  listsModule: true,

  resolve(rest, ap, kernel, diags, ctx) {
    const events = matchRawTracepoints(rest, ap, kernel, diags, "tp_btf", ctx);
    const btf = kernelBtf();
    const found: ProbeTarget[] = [];
    for (const event of events) {
      if (!btf?.find(`btf_trace_${event}`, BTF_KIND.TYPEDEF).length) {
        diags.error(ap.span, `No BTF found for ${event}.`);
        return [];
      }
      found.push({ provider: this, name: `tp_btf:${event}`, detail: { event } });
    }
    return found;
  },

  list(kernel) {
    return (kernel.rawTracepoints?.() ?? []).map((e) => ({ name: `tp_btf:vmlinux:${e}`, params: () => kernel.rawTracepointParams?.(e) ?? [] }));
  },

  args(target) {
    return tracepointArgs(String(target.detail.event))?.args;
  },

  // Only the tracepoint's own arguments are in the context: the verifier refuses a read past them.
  argOffset(n, target) {
    const slots = tracepointArgs(String(target.detail.event))?.slots ?? 0;
    return n < slots ? 8 * n : undefined;
  },

  loadTarget(target) {
    const id = kernelBtf()?.find(`btf_trace_${target.detail.event}`, BTF_KIND.TYPEDEF)[0] ?? 0;
    return { attachType: BPF_TRACE_RAW_TP, btfId: id };
  },

  attach(progFd) {
    return { fds: [linkCreate(progFd, 0, BPF_TRACE_RAW_TP)] };
  },
};

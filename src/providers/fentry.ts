/**
 * fentry:[module:]func (f, kfunc) and fexit:[module:]func (fr, kretfunc): kernel functions through
 * BPF trampolines. BPF_PROG_TYPE_TRACING programs that name their function's BTF id when they load;
 * `args.NAME` is typed from the function's BTF prototype (the context is its arguments, one u64
 * slot each), fexit adds `retval`, typed too. Attached with BPF_LINK_CREATE. Probe names are
 * current bpftrace's: `fentry:vmlinux:vfs_read`. Some kernels (ours) refuse the programs at load
 * time (EPERM): that is reported at the attach point, and nothing stays loaded.
 */
import type { Btf } from "../btf/btf.js";
import { BTF_KIND, kernelBtf } from "../btf/btf.js";
import { BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, BPF_TRACE_FEXIT } from "../abi/uapi.js";
import { linkCreate } from "../runtime/bpf.js";
import type { BtfFunction } from "../semantic/btf-args.js";
import { functionAt, kernelFunction, MAX_REGISTER_ARGS, paramDecls, slotArgs, slotType } from "../semantic/btf-args.js";
import type { KernelInfo } from "../contracts/kernel-info.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import type { Provider, ProbeTarget } from "../contracts/provider.js";

/** The module name of the kernel's own BTF. */
const VMLINUX = "vmlinux";

let traceable: { btf: Btf; ids: Map<string, number> } | undefined;

/**
 * Functions an fentry program can attach to, by name, with their BTF ids: those the kernel's BTF
 * describes, that the kernel lists as traceable, and whose arguments all travel in registers (as
 * bpftrace lists them).
 */
export function fentryFunctions(kernel: KernelInfo): Map<string, number> {
  const btf = kernelBtf();
  if (!btf) return new Map();
  if (traceable?.btf === btf) return traceable.ids;
  const known = new Set((kernel.kernelFunctions?.() ?? []).filter((f) => !f.module).map((f) => f.name));
  const ids = new Map<string, number>();
  for (const [id, name] of btf.ofKind(BTF_KIND.FUNC)) {
    if (ids.has(name) || (known.size > 0 && !known.has(name))) continue;
    // The prototype's vlen is its parameter count: no need to decode the parameters here.
    if (btf.refAndVlen(btf.refAndVlen(id).sizeOrType).vlen <= MAX_REGISTER_ARGS) ids.set(name, id);
  }
  traceable = { btf, ids };
  return ids;
}

/** The target's function, by the BTF id resolve() found (a lookup by name scans all of BTF). */
function fn(target: ProbeTarget): BtfFunction | undefined {
  const btf = kernelBtf();
  return btf ? functionAt(btf, Number(target.detail.btfId)) : undefined;
}

function fentryProvider(name: "fentry" | "fexit", aliases: string[], exit: boolean): Provider {
  return {
    name,
    aliases,
    doc: exit
      ? "returns of kernel functions through BPF trampolines: fexit:[module:]func, with args.NAME and retval typed from BTF"
      : "kernel functions through BPF trampolines: fentry:[module:]func (wildcards allowed), with args.NAME typed from BTF",
    progType: BPF_PROG_TYPE_TRACING,

    resolve(rest, ap, kernel, diags) {
      const parts = rest === undefined ? [] : rest.split(":");
      if (parts.length === 0 || parts.some((p) => p === "")) {
        diags.error(ap.span, "fentry/fexit should specify a function");
        return [];
      }
      if (parts[0] === "bpf") {
        diags.error(ap.span, `${name}:bpf (attaching to running BPF programs) is not supported by ebt`);
        return [];
      }
      if (parts.length > 2) {
        diags.error(ap.span, `${name} probe type requires 1 or 2 arguments, found ${parts.length}`);
        return [];
      }
      const module = parts.length === 2 ? parts[0]! : VMLINUX;
      const func = parts.at(-1)!;
      if (!globToRegExp(module).test(VMLINUX)) {
        // Module BTF (/sys/kernel/btf/<module>) is split BTF on top of vmlinux's: not read yet.
        diags.error(ap.span, `No BTF found for ${module}:${func}.`);
        return [];
      }
      const make = (f: string, btfId: number): ProbeTarget => ({
        provider: this,
        name: `${name}:${VMLINUX}:${f}`,
        detail: { func: f, module: VMLINUX, btfId },
      });
      if (!hasWildcard(func)) {
        const f = kernelFunction(func);
        if (!f) {
          diags.error(ap.span, `No BTF found for ${VMLINUX}:${func}.`);
          return [];
        }
        return [make(func, f.id)];
      }
      const re = globToRegExp(func);
      const found = [...fentryFunctions(kernel)].filter(([f]) => re.test(f)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([f, id]) => make(f, id));
      if (found.length === 0) diags.error(ap.span, `No probes matched: ${name}:${rest}`);
      return found;
    },

    listsModule: true,
    // bpftrace's full listing has entry probes only (fexit has the same targets); asked for by
    // name, fexit lists them with `retval` after the arguments.
    listedOnlyByName: exit,
    list(kernel) {
      const btf = kernelBtf();
      return [...fentryFunctions(kernel)].map(([f, id]) => ({
        name: `${name}:${VMLINUX}:${f}`,
        params: () => (btf && paramDecls(btf, functionAt(btf, id)!, exit)) || [],
      }));
    },

    args(target) {
      const f = fn(target);
      const btf = kernelBtf();
      return f && btf ? slotArgs(btf, f.params).args : undefined;
    },

    retvalOffset: exit
      ? (target) => {
          const f = fn(target);
          const btf = kernelBtf();
          return f && btf && f.ret !== 0 ? 8 * slotArgs(btf, f.params).slots : undefined;
        }
      : undefined,
    retvalType: exit
      ? (target) => {
          const f = fn(target);
          const btf = kernelBtf();
          return f && btf && f.ret !== 0 ? slotType(btf, f.ret) : undefined;
        }
      : undefined,
    funcName: (target) => String(target.detail.func),
    funcAddress: "get_func_ip",

    loadTarget(target) {
      return { attachType: exit ? BPF_TRACE_FEXIT : BPF_TRACE_FENTRY, btfId: fn(target)?.id ?? 0 };
    },

    loadRefused(target, reason) {
      // bpftrace 0.17 says "kfunc/kretfunc not available for your kernel version." here, found
      // by its own trial load; ebt names the probe types by their current names and says what the kernel said.
      return {
        message: "fentry/fexit not available for your kernel version.",
        hints: [`the kernel refused to load the program for ${target.name} (${reason})`],
      };
    },

    attach(progFd) {
      return { fds: [linkCreate(progFd, 0, exit ? BPF_TRACE_FEXIT : BPF_TRACE_FENTRY)] };
    },
  };
}

export const fentry = fentryProvider("fentry", ["f", "kfunc"], false);
export const fexit = fentryProvider("fexit", ["fr", "kretfunc"], true);

/**
 * kprobe:FUNC (k) and kretprobe:FUNC (kr): kernel functions on entry and on return. FUNC is a
 * function, `func+offset` (kprobe only), `module:func`, or a wildcard resolved against the kernel's
 * traceable functions (one probe per match). arg0..arg5 and reg() come from pt_regs, `retval` on
 * return, `func` is the function's name. Attached through the kprobe PMU; a kernel without kprobes
 * (like ours: CONFIG_KPROBES off) still loads the programs, and says so clearly at attach time.
 */
import { noMatches } from "../semantic/missing-probes.js";
import { PT_REGS_RETVAL, ptRegsArgOffset, ptRegsOffset } from "../abi/pt-regs.js";
import { attachKprobe } from "../runtime/attach/kprobe.js";
import { BPF_PROG_TYPE_KPROBE } from "../abi/uapi.js";
import type { KernelFunction } from "../contracts/kernel-info.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import type { Provider, ProbeTarget } from "../contracts/provider.js";

/** The kernel functions `module:func` (either may be a glob; module undefined: any) names, sorted. */
export function matchKernelFunctions(all: readonly KernelFunction[], module: string | undefined, func: string): KernelFunction[] {
  const funcRe = globToRegExp(func);
  const modRe = module === undefined ? undefined : globToRegExp(module);
  const seen = new Set<string>();
  const found: KernelFunction[] = [];
  for (const f of all) {
    if (!funcRe.test(f.name)) continue;
    if (modRe && !modRe.test(f.module ?? "vmlinux")) continue;
    const key = `${f.module ?? ""}:${f.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push(f);
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function kprobeProvider(name: "kprobe" | "kretprobe", aliases: string[], ret: boolean): Provider {
  return {
    name,
    aliases,
    doc: ret
      ? "returns of kernel functions: kretprobe:func or kretprobe:module:func (wildcards allowed), with retval"
      : "kernel functions: kprobe:func[+offset] or kprobe:module:func (wildcards allowed), with arg0..arg5",
    progType: BPF_PROG_TYPE_KPROBE,
    // kretprobes run oldest first (bpftrace attaches them in order).
    runsNewestFirst: !ret,

    resolve(rest, ap, kernel, diags, ctx) {
      const parts = rest === undefined ? [] : rest.split(":");
      if (parts.length < 1 || parts.length > 2 || parts.some((p) => p === "")) {
        diags.error(ap.span, `${name} probe type requires 1 or 2 arguments, found ${parts.length}`);
        return [];
      }
      // kprobe:0xffffffff81234567 (or decimal): a bare kernel address, passed to the kernel unchecked,
      // which is why bpftrace allows it only with --unsafe. Named by the address in decimal, as there
      // (the `probe` builtin); errors show it in hex, as kernel addresses are read.
      const addr = parts.length === 1 ? parseAddress(parts[0]!) : undefined;
      if (addr !== undefined) {
        if (!ctx?.unsafe) {
          diags.error(ap.span, "Probing by address requires --unsafe");
          return [];
        }
        return [{ provider: this, name: `${name}:${addr}`, label: `${name}:0x${addr.toString(16)}`, detail: { addr: String(addr), offset: 0 } }];
      }
      const module = parts.length === 2 ? parts[0] : undefined;
      let func = parts.at(-1)!;
      let offset = 0;
      const plus = func.split("+");
      if (plus.length > 1) {
        if (ret) {
          diags.error(ap.span, "Offset not allowed");
          return [];
        }
        if (plus.length > 2) {
          diags.error(ap.span, "Cannot take more than one offset");
          return [];
        }
        if (!/^(0x[0-9a-f]+|\d+)$/i.test(plus[1]!)) {
          diags.error(ap.span, `Invalid offset: ${plus[1]}`);
          return [];
        }
        func = plus[0]!;
        offset = Number(plus[1]!);
      }
      const make = (f: KernelFunction): ProbeTarget => ({
        provider: this,
        name: `${name}:${f.module ? `${f.module}:` : ""}${f.name}${offset ? `+${offset}` : ""}`,
        detail: { func: f.name, ...(f.module ? { module: f.module } : {}), offset },
      });
      const known = kernel.kernelFunctions?.() ?? [];
      if (module && module !== "vmlinux" && !hasWildcard(module) && kernel.moduleLoaded?.(module) === false) {
        diags.error(ap.span, `specified module ${module} in probe ${name}:${module}:${func} is not loaded.`);
        return [];
      }
      if (!hasWildcard(func) && !(module && hasWildcard(module))) {
        // As bpftrace: a function the kernel does not list may still be probed (it may be absent
        // from the list only because the list is incomplete), but say what will likely happen.
        if (matchKernelFunctions(known, module, func).length === 0) {
          if (ctx?.missingProbes !== "ignore") diags.warning(ap.span, `${func} is not traceable (either non-existing, inlined, or marked as "notrace"); attaching to it will likely fail`);
          // Only --unsafe tries it anyway, as in current bpftrace.
          if (!ctx?.unsafe) return noMatches(diags, ap, ctx, name, rest!);
        }
        const target = make(module && module !== "vmlinux" ? { name: func, module } : { name: func });
        // Named as written: `kprobe:vmlinux:f` stays that (bpftrace's errors name it so).
        return [module === "vmlinux" ? { ...target, name: `${name}:vmlinux:${func}${offset ? `+${offset}` : ""}` } : target];
      }
      const found = matchKernelFunctions(known, module, func);
      return found.map(make);
    },

    // bpftrace lists entry probes only: every function is a kretprobe target too.
    list: ret ? undefined : (kernel) => (kernel.kernelFunctions?.() ?? []).map((f) => ({ name: `kprobe:${f.module ? `${f.module}:` : ""}${f.name}` })),

    argOffset: ret ? undefined : ptRegsArgOffset,
    retvalOffset: ret ? () => PT_REGS_RETVAL : undefined,
    regOffset: ptRegsOffset,
    funcName: (target) => (target.detail.func === undefined ? undefined : String(target.detail.func)),
    funcAddress: ret ? "get_func_ip" : "ip",

    attach(progFd, target) {
      if (target.detail.addr !== undefined) return attachKprobe(progFd, { offset: BigInt(target.detail.addr), ret });
      const func = target.detail.module ? `${target.detail.module}:${target.detail.func}` : String(target.detail.func);
      return attachKprobe(progFd, { func, offset: Number(target.detail.offset), ret });
    },
  };
}

/** A whole attach point that is a number (`0xffffffff81234567`, `18446744071578845543`). */
function parseAddress(text: string): bigint | undefined {
  return /^(0x[0-9a-f]+|\d+)$/i.test(text) ? BigInt(text) : undefined;
}

export const kprobe = kprobeProvider("kprobe", ["k"], false);
export const kretprobe = kprobeProvider("kretprobe", ["kr"], true);

/**
 * iter:NAME (it): a BPF iterator over kernel objects (iter:task, iter:task_file, iter:task_vma, and
 * whatever else the kernel's BTF offers as `struct bpf_iter__NAME`). The program runs once per
 * object when the iterator is read; `ctx` points at `struct bpf_iter__NAME` (`ctx->task`,
 * `ctx->fd`, `ctx->file`, `ctx->vma`), typed from BTF. Output takes the usual ring-buffer path.
 * As in bpftrace, the run reads the iterator to its end and then ends (END runs, maps print).
 */
import { BTF_KIND, kernelBtf } from "../btf/btf.js";
import { FP, HELPERS, R1, R2, R3 } from "../codegen/bpf/index.js";
import { stackPointer } from "../codegen/frame.js";
import { CTX_REG } from "../codegen/regs.js";
import { BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER } from "../abi/uapi.js";
import { linkCreate } from "../runtime/bpf.js";
import { paramDecls, kernelFunction } from "../semantic/btf-args.js";
import { btfToType } from "../semantic/kernel-types.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import type { Provider, ProbeTarget } from "../contracts/provider.js";

const STRUCT_PREFIX = "bpf_iter__";

/**
 * The iterators this kernel has: a `struct bpf_iter__NAME` context and the `bpf_iter_NAME`
 * function iterator programs attach to. (`bpf_iter__task__safe_trusted` is a verifier helper type.)
 */
export function kernelIterators(): string[] {
  const btf = kernelBtf();
  if (!btf) return [];
  const names = new Set<string>();
  for (const [, name] of btf.ofKind(BTF_KIND.STRUCT)) {
    if (!name.startsWith(STRUCT_PREFIX) || name.endsWith("__safe_trusted")) continue;
    const it = name.slice(STRUCT_PREFIX.length);
    if (btf.find(`bpf_iter_${it}`, BTF_KIND.FUNC).length > 0) names.add(it);
  }
  return [...names].sort();
}

export const iter: Provider = {
  name: "iter",
  aliases: ["it"],
  doc: "BPF iterators over kernel objects: iter:task, iter:task_file, iter:task_vma, ... with ctx typed from BTF; the run ends after one pass",
  progType: BPF_PROG_TYPE_TRACING,
  // The program runs in the process that reads the iterator (ebt), so -p cannot filter by the
  // current pid; current bpftrace limits iter:task to the pid's tasks instead, which ebt does not yet.
  pidScope: "none",
  iterator: true,

  resolve(rest, ap, _kernel, diags) {
    const parts = rest?.split(":") ?? [];
    if (parts.length === 0 || !parts[0]) {
      diags.error(ap.span, "iter should specify a iterator's name");
      return [];
    }
    if (parts.length > 2) {
      diags.error(ap.span, `iter probe type requires 1 or 2 arguments, found ${parts.length}`);
      return [];
    }
    if (parts.length === 2) {
      // A pinned iterator outlives the run, and ebt leaves nothing in the kernel after it exits.
      diags.error(ap.span, "pinning an iterator (iter:NAME:pin) is not supported by ebt");
      return [];
    }
    const name = parts[0];
    const known = kernelIterators();
    const matched = known.filter((n) => globToRegExp(name).test(n));
    if (matched.length === 0) {
      diags.error(ap.span, hasWildcard(name) ? `No probes matched: iter:${name}` : `iter ${name} not available for your kernel version.`);
      return [];
    }
    if (matched.length > 1) {
      diags.error(ap.span, `iter:${name} matches ${matched.length} iterators; an iterator probe must name exactly one`);
      return [];
    }
    return [{ provider: this, name: `iter:${matched[0]}`, detail: { iter: matched[0]! } }];
  },

  // As bpftrace -lv: the iterator function's parameters without the first (meta), e.g. `struct task_struct * task`.
  list() {
    const btf = kernelBtf();
    return kernelIterators().map((it) => ({
      name: `iter:${it}`,
      params: () => {
        const f = btf && kernelFunction(`bpf_iter_${it}`, btf);
        return f ? paramDecls(btf, f, false).slice(1) : [];
      },
    }));
  },

  ctxType(target) {
    const btf = kernelBtf();
    const id = btf?.find(`${STRUCT_PREFIX}${target.detail.iter}`, BTF_KIND.STRUCT)[0];
    return btf && id !== undefined ? { kind: "ptr", to: btfToType(btf, id), user: false } : undefined;
  },

  loadTarget(target) {
    return { attachType: BPF_TRACE_ITER, btfId: kernelBtf()?.find(`bpf_iter_${target.detail.iter}`, BTF_KIND.FUNC)[0] ?? 0 };
  },

  prologue(g) {
    const { asm } = g;
    // The iterator calls the program once more at its end with no object (ctx->task and the
    // rest NULL): bpftrace skips that call, and so do we.
    asm.ldx("u64", R1, CTX_REG, 8);
    asm.jmpImm("jeq", R1, 0, g.exitLabel);
    // One byte per object into the iterator's seq_file: a read() of N bytes then returns after N
    // objects, so user space drains the ring buffer between reads instead of losing records when
    // one read runs the program over thousands of objects.
    const marker = g.stack.alloc(8);
    asm.st("u64", FP, marker, 0x0a);
    asm.ldx("u64", R1, CTX_REG, 0); // ctx->meta
    asm.ldx("u64", R1, R1, 0); // meta->seq
    stackPointer(asm, R2, marker);
    asm.movImm(R3, 1);
    asm.call(HELPERS.seq_write);
  },

  attach(progFd) {
    return { fds: [linkCreate(progFd, 0, BPF_TRACE_ITER)] };
  },
};

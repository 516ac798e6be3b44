/**
 * tracepoint:category:event (t, tp): static kernel tracepoints. `args` comes from the tracefs
 * format file; the program is a BPF_PROG_TYPE_TRACEPOINT attached through a perf event.
 */
import { noMatches } from "../semantic/missing-probes.js";
import { BPF_PROG_TYPE_TRACEPOINT, PERF_TYPE_TRACEPOINT } from "../abi/uapi.js";
import { openPerfEventWithProgram } from "../runtime/attach/perf-event.js";
import { tracepointId } from "../runtime/kernel/tracefs.js";
import type { TracepointField } from "../contracts/kernel-info.js";
import type { Type } from "../semantic/types.js";
import { enumType, intType, strType } from "../semantic/types.js";
import { findNamedType, kernelPointerType, namedCType } from "../semantic/kernel-types.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import { attachSyscallsTogether } from "../runtime/attach/syscall-tracepoints.js";
import type { ArgField, Provider, ProbeTarget } from "../contracts/provider.js";

/** The string a `__data_loc char[]` field reads as (bpftrace's default max_strlen). */
const DATA_LOC_STRLEN = 64;

/**
 * The type of a format-file field, from its declared C type, size and signedness. A pointer to a
 * struct the kernel's BTF describes (`struct __kernel_timespec * rqtp`) keeps that type, so
 * `args.rqtp->tv_nsec` and `print(*args.rqtp)` work, as in bpftrace.
 */
export function fieldType(f: TracepointField, user = false): Type {
  if (f.type.includes("*")) {
    const m = /^(?:const\s+)?((?:struct|union)\s+\w+)\s*(\*+)$/.exec(f.type.trim());
    const typed = m ? kernelPointerType(m[1]!, m[2]!.length, user) : pointerToNamed(f.type, user);
    return typed ?? { kind: "ptr", to: intType(8, true), user };
  }
  if (f.arrayLength !== undefined && /\bchar\b/.test(f.type)) return strType(f.arrayLength);
  // Other fixed arrays (`__u8 saddr_v6[16]`) are their bytes, as buf() gives them: ntop() takes
  // 4 or 16 of them, %r prints them. Read as one integer they would be cut, or loaded misaligned.
  if (f.arrayLength && f.size > 0) return { kind: "buf", size: f.size };
  const bits = f.size === 1 ? 8 : f.size === 2 ? 16 : f.size === 4 ? 32 : 64;
  // `enum skb_drop_reason reason`: printed as the enumerator's name when BTF knows the enum.
  const en = /^enum\s+\w+$/.exec(f.type.trim()) && f.arrayLength === undefined ? findNamedType(f.type.trim().replace(/\s+/g, " ")) : undefined;
  return en !== undefined ? enumType(bits, f.signed, en) : intType(bits, f.signed);
}

/**
 * `const char *const * argv`, `u32 * uaddr`: a pointer to a named C type, qualifiers dropped, so
 * `args.argv[1]` steps over pointers and reads one (as bpftrace does). Undefined when unknown.
 */
function pointerToNamed(cType: string, user: boolean): Type | undefined {
  const bare = cType.replace(/\b(?:const|volatile|__user)\b/g, " ").trim();
  const m = /^([A-Za-z_][\w ]*?)\s*(\*[\s*]*)$/.exec(bare);
  if (!m) return undefined;
  const depth = m[2]!.replace(/\s/g, "").length;
  const base = m[1]!.replace(/\s+/g, " ");
  if (depth < 2 && base === "char") return undefined;
  return namedCType(base, depth, undefined, user);
}

export const tracepoint: Provider = {
  name: "tracepoint",
  aliases: ["t", "tp"],
  doc: "static kernel tracepoints: tracepoint:category:event (wildcards allowed)",
  progType: BPF_PROG_TYPE_TRACEPOINT,

  resolve(rest, ap, kernel, diags, ctx) {
    const parts = rest?.split(":") ?? [];
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      diags.error(ap.span, "tracepoint probe must have 2 arguments: tracepoint:category:event");
      return [];
    }
    const [category, event] = parts as [string, string];
    const make = (c: string, e: string): ProbeTarget => ({
      provider: this,
      name: `tracepoint:${c}:${e}`,
      detail: { category: c, event: e },
    });
    if (!hasWildcard(category) && !hasWildcard(event)) {
      if (!kernel.tracepointFormat(category, event)) {
        return noMatches(diags, ap, ctx, "tracepoint", `${category}:${event}`);
      }
      return [make(category, event)];
    }
    const catRe = globToRegExp(category);
    const evRe = globToRegExp(event);
    const found = kernel
      .listTracepoints()
      .filter((t) => catRe.test(t.category) && evRe.test(t.event))
      .map((t) => make(t.category, t.event));
    return found;
  },

  args(target, kernel): ArgField[] | undefined {
    const format = kernel.tracepointFormat(String(target.detail.category), String(target.detail.event));
    if (!format) return undefined;
    const user = this.argsAreUserPointers?.(target) ?? false;
    return format.fields
      .filter((f) => !f.common)
      .map((f) => {
        if (f.loc === "data" && /\bchar\b/.test(f.type)) {
          return { name: f.name, type: strType(DATA_LOC_STRLEN), ctxOffset: f.offset, ctxSize: f.size, dataLoc: true };
        }
        return {
          name: f.name,
          type: fieldType(f, user),
          ctxOffset: f.offset,
          ctxSize: f.size,
        };
      });
  },

  list(kernel) {
    return kernel.listTracepoints().map((t) => ({
      name: `tracepoint:${t.category}:${t.event}`,
      // As bpftrace -lv: each field after the common ones, declared as the format file declares it.
      params: () => kernel.tracepointFormat(t.category, t.event)?.fields.filter((f) => !f.common).map((f) => f.decl) ?? [],
    }));
  },

  // Syscall arguments are the user's own pointers; other tracepoints carry kernel pointers.
  argsAreUserPointers(target) {
    return target.detail.category === "syscalls";
  },

  attachTogether: attachSyscallsTogether,

  attach(progFd, target) {
    const id = tracepointId(String(target.detail.category), String(target.detail.event));
    // One perf event is enough: a tracepoint runs its BPF programs on every CPU, whatever the
    // event's own cpu, because the program hangs off the tracepoint itself (tp_event->prog_array).
    const fd = openPerfEventWithProgram(progFd, { type: PERF_TYPE_TRACEPOINT, config: id, samplePeriod: 1, wakeupEvents: 1 }, -1, 0);
    return { fds: [fd] };
  },
};

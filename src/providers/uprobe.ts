/**
 * uprobe:BINARY:FUNC (u) and uretprobe:BINARY:FUNC (ur): functions of executables and shared
 * libraries, on entry and on return. BINARY is a path, or a library or program by name
 * (`uprobe:libc:malloc`); FUNC is a symbol, `symbol+offset`, a wildcard (one probe per match) or
 * an address (`0x401136`). The program is a kprobe-type program on pt_regs, attached through the
 * uprobe PMU at the symbol's file offset; -p limits it to one process. With debug info (DWARF in
 * the binary or its debug file), `args.NAME` and uretprobe's `retval` are typed from it and casts
 * may name the program's own structs; arguments are read from the System V argument registers.
 */
import { noMatches } from "../semantic/missing-probes.js";
import { BPF_PROG_TYPE_KPROBE } from "../abi/uapi.js";
import { attachUprobe } from "../runtime/attach/uprobe.js";
import { ElfError, openElfCached } from "../elf/elf.js";
import type { ElfFile } from "../elf/elf.js";
import { resolveBinary } from "../elf/resolve-binary.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import type { Provider, ProbeTarget } from "../contracts/provider.js";
import { ListingError } from "../util/listing-error.js";
import { PT_REGS_RETVAL, ptRegsArgOffset, ptRegsOffset } from "../abi/pt-regs.js";
import { addDwarfTypeSource, dwarfFunction, dwarfParamDecls, hasDwarf } from "../dwarf/functions.js";
import type { DwarfFunction } from "../dwarf/functions.js";
import { kernelBtf } from "../btf/btf.js";
import { btfToType, byteSize } from "../semantic/kernel-types.js";
import type { ArgField } from "../contracts/provider.js";

/** A uprobe or uretprobe target: the file and the file offset the kernel probes. */
export interface UprobeSite {
  path: string;
  offset: number;
  func: string;
}

/**
 * Where FUNC is in `elf`: symbol, symbol+offset, glob or address. Returns the sites, or an error
 * message in bpftrace's words.
 */
export function findSites(elf: ElfFile, path: string, func: string): UprobeSite[] | string {
  if (/^(0x[0-9a-f]+|\d+)$/i.test(func)) {
    const vaddr = Number(func);
    const offset = elf.vaddrToOffset(vaddr);
    if (offset === undefined) return `Could not resolve address: ${path}:${func}`;
    const sym = elf.symbolize(vaddr);
    return [{ path, offset, func: sym && sym.offset === 0 ? sym.sym.name : func }];
  }
  const plus = /^(.+)\+(0x[0-9a-f]+|\d+)$/i.exec(func);
  if (plus) {
    const sym = elf.findFunction(plus[1]!);
    const delta = Number(plus[2]!);
    if (!sym) return `Could not resolve symbol: ${path}:${plus[1]}`;
    if (sym.size > 0 && delta >= sym.size) return `Offset outside the function bounds ('${plus[1]}' size is ${sym.size})`;
    const offset = elf.vaddrToOffset(sym.addr + delta);
    if (offset === undefined) return `Could not resolve symbol: ${path}:${func}`;
    return [{ path, offset, func: sym.name }];
  }
  if (hasWildcard(func)) {
    const re = globToRegExp(func);
    const seen = new Set<number>();
    const sites: UprobeSite[] = [];
    for (const s of elf.functions()) {
      if (!re.test(s.name)) continue;
      const offset = elf.vaddrToOffset(s.addr);
      // Aliases of one function (memcpy and __memcpy) would probe the same instruction twice.
      if (offset === undefined || seen.has(offset)) continue;
      seen.add(offset);
      sites.push({ path, offset, func: s.name });
    }
    return sites.sort((a, b) => a.func.localeCompare(b.func));
  }
  const sym = elf.findFunction(func);
  const offset = sym && elf.vaddrToOffset(sym.addr);
  if (offset === undefined) return `Could not resolve symbol: ${path}:${func}`;
  return [{ path, offset, func: sym!.name }];
}

/** The target function's debug info, its types imported into the program's BTF. */
function debugFunction(target: ProbeTarget): DwarfFunction | undefined {
  return dwarfFunction(String(target.detail.path), String(target.detail.func));
}

/** `args` of a uprobe: each parameter in its argument register, as bpftrace reads them. */
function registerArgs(target: ProbeTarget): ArgField[] | undefined {
  const fn = debugFunction(target);
  const btf = kernelBtf();
  if (!fn || !btf || fn.params.length > 6) return undefined;
  return fn.params.map((p, i) => {
    const size = byteSize(btf, p.type);
    return { name: p.name, type: btfToType(btf, p.type, true), ctxOffset: ptRegsArgOffset(i) ?? 0, ctxSize: size > 0 && size < 8 ? size : 8 };
  });
}

function uprobeProvider(name: "uprobe" | "uretprobe", aliases: string[], ret: boolean): Provider {
  return {
    name,
    aliases,
    doc: ret
      ? "returns of user-space functions: uretprobe:/path/or/lib:func, with retval"
      : "user-space functions: uprobe:/path/or/lib:func[+off] or :0xaddr (wildcards allowed), with arg0..arg5",
    progType: BPF_PROG_TYPE_KPROBE,
    userMemory: true,
    pidScope: "attach",
    runsNewestFirst: true,

    resolve(rest, ap, _kernel, diags, ctx) {
      const colon = rest?.lastIndexOf(":") ?? -1;
      const binary = rest?.slice(0, Math.max(colon, 0)) ?? "";
      const func = rest?.slice(colon + 1) ?? "";
      if (colon <= 0 || !func) {
        diags.error(ap.span, "uprobe probe type requires 2 arguments");
        return [];
      }
      // Libraries by name come from the maps of a -p process; a -c child has not exec'd its
      // command yet (its maps are not the command's), so for it the loader's own search decides.
      const path = resolveBinary(binary, ctx?.target?.origin === "command" ? undefined : ctx?.pid);
      let elf: ElfFile;
      try {
        if (!path) throw new ElfError("missing");
        elf = openElfCached(path);
      } catch {
        diags.error(ap.span, `uprobe target file '${binary}' does not exist or is not executable`);
        return [];
      }
      const sites = findSites(elf, path, func);
      if (typeof sites === "string") {
        diags.error(ap.span, sites);
        return [];
      }
      if (sites.length === 0) {
        return noMatches(diags, ap, ctx, name, `${binary}:${func}`);
      }
      // Casts in this program may name the binary's own types (bpftrace reads them from its DWARF).
      addDwarfTypeSource(path);
      return sites.map((s): ProbeTarget => ({
        provider: this,
        name: `${name}:${s.path}:${hasWildcard(func) ? s.func : func}`,
        detail: { path: s.path, offset: s.offset, func: s.func, ...(ctx?.pid !== undefined ? { pid: ctx.pid } : {}) },
      }));
    },

    // The functions of one file (uprobe:/bin/bash:*), entry probes only as bpftrace lists them.
    listsOneFile: true,
    list: ret
      ? undefined
      : (_kernel, target) => {
          const path = target === undefined ? undefined : resolveBinary(target, undefined);
          if (!path) {
            if (target === undefined || hasWildcard(target)) return [];
            throw new ListingError(`uprobe target file '${target}' does not exist or is not executable`);
          }
          let elf: ElfFile;
          try {
            elf = openElfCached(path);
          } catch {
            return [];
          }
          return [...new Set(elf.functions().map((f) => f.name))].map((f) => ({ name: `uprobe:${path}:${f}`, params: () => dwarfParamDecls(path, f) ?? [] }));
        },

    argOffset: ret ? undefined : ptRegsArgOffset,
    args: ret ? undefined : registerArgs,
    // bpftrace's words (its ArgParseError).
    argsUnavailable: ret ? undefined : (target) => {
      const path = String(target.detail.path);
      const why = !hasDwarf(path) ? `no debuginfo found for ${path}`
        : !debugFunction(target) ? `no debuginfo found for function ${String(target.detail.func)}`
        : "'args' builtin is not supported for probes with stack-passed arguments.";
      return `Could not parse arguments of "${target.name}": ${why}`;
    },
    retvalType: ret
      ? (target) => {
          const fn = debugFunction(target);
          const btf = kernelBtf();
          return fn && btf && fn.ret !== 0 ? btfToType(btf, fn.ret, true) : undefined;
        }
      : undefined,
    retvalOffset: ret ? () => PT_REGS_RETVAL : undefined,
    regOffset: ptRegsOffset,
    funcName: (target) => String(target.detail.func),

    attach(progFd, target) {
      const pid = target.detail.pid === undefined ? undefined : Number(target.detail.pid);
      return attachUprobe(progFd, { path: String(target.detail.path), offset: Number(target.detail.offset), ret, pid });
    },
  };
}

export const uprobe = uprobeProvider("uprobe", ["u"], false);
export const uretprobe = uprobeProvider("uretprobe", ["ur"], true);

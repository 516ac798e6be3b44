/**
 * uprobe:BINARY:FUNC (u) and uretprobe:BINARY:FUNC (ur): functions of executables and shared
 * libraries, on entry and on return. BINARY is a path (possibly quoted, possibly a file inside a
 * zip archive: `"app.zip!/lib.so"`), a library or program by name (`uprobe:libc:malloc`,
 * `uprobe:libc.so.6:fread`), a glob over paths, or `*` with -p (every file the process maps);
 * FUNC is a symbol, `symbol+offset`, a wildcard (one probe per match) or an address (`0x401136`).
 * The program is a kprobe-type program on pt_regs, attached through the uprobe PMU at the
 * symbol's file offset; -p limits it to one process.
 * With debug info (DWARF in the binary or its debug file), `args.NAME` and uretprobe's `retval` are
 * typed from it and casts may name the program's own structs; arguments are read from the System V
 * argument registers.
 */
import { statSync } from "node:fs";
import { noMatches } from "../semantic/missing-probes.js";
import { BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_MULTI } from "../abi/uapi.js";
import { attachUprobe } from "../runtime/attach/uprobe.js";
import { attachUprobeMulti } from "../runtime/attach/uprobe-multi.js";
import { ElfError, openElfCached } from "../elf/elf.js";
import type { ElfFile } from "../elf/elf.js";
import { probeFiles } from "../elf/probe-files.js";
import { symbolsOf } from "../elf/symbol-file.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import type { ListedProbe, Provider, ProbeTarget, ResolveContext } from "../contracts/provider.js";
import { lineTable } from "../dwarf/line-table.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import { ListingError } from "../util/listing-error.js";
import { PT_REGS_RETVAL, ptRegsArgOffset, ptRegsOffset } from "../abi/pt-regs.js";
import { addDwarfTypeSource, dwarfFunction, dwarfParamDecls, hasDwarf } from "../dwarf/functions.js";
import type { DwarfFunction } from "../dwarf/functions.js";
import { kernelBtf } from "../btf/btf.js";
import { btfToType, byteSize } from "../semantic/kernel-types.js";
import type { ArgField } from "../contracts/provider.js";

/** A uprobe or uretprobe target: the ELF file, and the file and offset the kernel probes. */
export interface UprobeSite {
  /** The ELF file as named (`app.zip!/lib.so` for a member of an archive). */
  path: string;
  /** The file on disk the kernel probes, when not `path` (the archive). */
  file?: string;
  /** The offset in that file. */
  offset: number;
  func: string;
  /** An address no symbol covers, taken as a file offset (--unsafe). */
  unresolved?: boolean;
}

/** What went wrong finding FUNC, in bpftrace's words; `missing` is a name that matched nothing. */
export type SiteError = { missing: true } | { message: string; located: boolean };

const UNSAFE_HINT = "Use --unsafe to force attachment. WARNING: This option could lead to data corruption in the target process.";

/** `"a b":"c"` → its BINARY and FUNC parts, quotes removed (a quoted part may hold `:`). */
export function splitUprobeSpec(rest: string): { binary: string; func: string } | undefined {
  const quotedFunc = /^(.*):"([^"]*)"(\+\S+)?$/.exec(rest);
  let binary: string, func: string;
  if (quotedFunc) {
    binary = quotedFunc[1]!;
    func = quotedFunc[2]! + (quotedFunc[3] ?? "");
  } else {
    const quotedPath = /^"([^"]*)":(.*)$/.exec(rest);
    const colon = rest.lastIndexOf(":");
    if (quotedPath) return { binary: quotedPath[1]!, func: quotedPath[2]! };
    if (colon <= 0) return undefined;
    binary = rest.slice(0, colon);
    func = rest.slice(colon + 1);
  }
  if (binary.length >= 2 && binary.startsWith('"') && binary.endsWith('"')) binary = binary.slice(1, -1);
  return binary && func ? { binary, func } : undefined;
}

/**
 * Where FUNC is in `elf`: symbol, symbol+offset, glob or address, as bpftrace checks them (a
 * sizeless symbol or an address no symbol covers needs --unsafe). Offsets are in `elf.file`.
 */
export function findSites(elf: ElfFile, path: string, func: string, unsafe = false): UprobeSite[] | SiteError {
  const file = elf.file === path ? undefined : elf.file;
  // A stripped binary's symbols may be in its debug file, at the same addresses.
  const syms = symbolsOf(elf);
  if (/^(0x[0-9a-f]+|\d+)$/i.test(func)) {
    const vaddr = Number(func);
    const hit = syms.symbolize(vaddr);
    const covered = hit && (hit.sym.size > 0 ? hit.offset < hit.sym.size : hit.offset === 0);
    if (!hit || !covered) {
      if (!unsafe) return { message: `Could not resolve address: ${path}:0x${vaddr.toString(16)}`, located: false };
      // bpftrace takes the address as the file offset when no symbol says where it is.
      return [{ path, file, offset: elf.base + vaddr, func, unresolved: true }];
    }
    return symbolSite(elf, path, hit.sym.name, hit.offset, unsafe, hit.offset === 0 ? hit.sym.name : func);
  }
  const plus = /^(.+)\+(0x[0-9a-f]+|\d+)$/i.exec(func);
  if (plus) return symbolSite(elf, path, plus[1]!, Number(plus[2]!), unsafe, plus[1]!);
  if (hasWildcard(func)) {
    const re = globToRegExp(func);
    const seen = new Set<number>();
    const sites: UprobeSite[] = [];
    for (const s of syms.functions()) {
      if (!re.test(s.name)) continue;
      const offset = elf.vaddrToOffset(s.addr);
      // Aliases of one function (memcpy and __memcpy) would probe the same instruction twice.
      if (offset === undefined || seen.has(offset)) continue;
      seen.add(offset);
      sites.push({ path, file, offset: elf.base + offset, func: s.name });
    }
    return sites.sort((a, b) => a.func.localeCompare(b.func));
  }
  return symbolSite(elf, path, func, 0, unsafe, func);
}

function symbolSite(elf: ElfFile, path: string, name: string, delta: number, unsafe: boolean, label: string): UprobeSite[] | SiteError {
  const sym = elf.findFunction(name) ?? symbolsOf(elf).findFunction(name);
  if (!sym) return delta === 0 ? { missing: true } : { message: `Could not resolve symbol: ${path}:${name}`, located: true };
  if (sym.size === 0 && delta === 0) {
    if (!unsafe) return { message: `Could not determine boundary for ${sym.name} (symbol has size 0).\n${UNSAFE_HINT}`, located: false };
  } else if (delta >= sym.size) {
    return { message: `Offset outside the function bounds ('${name}' size is ${sym.size})`, located: true };
  }
  const offset = elf.vaddrToOffset(sym.addr + delta);
  if (offset === undefined) return { message: `Could not resolve symbol: ${path}:${name}`, located: true };
  return [{ path, ...(elf.file !== path ? { file: elf.file } : {}), offset: elf.base + offset, func: label }];
}

/** An error or warning bpftrace reports when attaching: its message alone, without a place in the source. */
function unlocated(diags: Diagnostics, severity: "error" | "warning", message: string): void {
  const nowhere = { offset: 0, line: 0, col: 0 };
  diags[severity]({ file: "", start: nowhere, end: nowhere } as Span, message);
}

const strippedWarning = (probe: string) =>
  `Could not determine instruction boundary for ${probe} (binary appears stripped). Misaligned probes can lead to tracee crashes!`;

/** A file that is not ELF (a flat binary): with --unsafe an address in it is its file offset. */
function flatBinarySite(path: string, func: string): UprobeSite[] | undefined {
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(func)) return undefined;
  return [{ path, offset: Number(func), func }];
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
      // uprobe:BINARY@FILE:LINE: the first instruction of that source line, from the line table.
      const src = rest === undefined ? null : /^(.+)@([^@:]+):(\d+)(?::(\d+))?$/.exec(rest);
      if (src) return sourceLineTargets(this, name, src, ap.span, diags, ctx);
      const spec = rest === undefined ? undefined : splitUprobeSpec(rest);
      if (!spec) {
        diags.error(ap.span, "uprobe probe type requires 2 arguments");
        return [];
      }
      const { binary, func } = spec;
      // Libraries by name come from the maps of a -p process; a -c child has not exec'd its
      // command yet (its maps are not the command's), so for it the loader's own search decides.
      const commandExe = ctx?.target?.origin === "command" ? ctx.target.exe : undefined;
      const files = probeFiles("uprobe", binary, commandExe === undefined ? ctx?.pid : undefined, commandExe);
      if (typeof files === "string") {
        // A file that exists but is not ELF: a flat binary, probed by file offset with --unsafe.
        const flat = ctx?.unsafe && !hasWildcard(binary) ? isPlainFile(binary) && flatBinarySite(binary, func) : undefined;
        if (!flat) {
          diags.error(ap.span, files);
          return [];
        }
        unlocated(diags, "warning", strippedWarning(`${name}:${binary}:${func}`));
        return flat.map((s) => siteTarget(this, s, `${name}:${binary}:${func}`, ctx?.pid));
      }
      const many = hasWildcard(binary) || hasWildcard(func);
      const targets: ProbeTarget[] = [];
      for (const path of files) {
        let elf: ElfFile;
        try {
          elf = openElfCached(path);
        } catch (e) {
          if (!(e instanceof ElfError)) throw e;
          diags.error(ap.span, `uprobe target file '${binary}' does not exist or is not executable`);
          return [];
        }
        const sites = findSites(elf, path, func, ctx?.unsafe);
        if (!Array.isArray(sites)) {
          if ("missing" in sites) {
            if (files.length === 1) return noMatches(diags, ap, ctx, name, `${binary}:${func}`);
            continue;
          }
          if (sites.located) diags.error(ap.span, sites.message);
          else unlocated(diags, "error", sites.message);
          return [];
        }
        if (sites.length === 1 && sites[0]!.unresolved) unlocated(diags, "warning", strippedWarning(`${name}:${path}:${func}`));
        for (const s of sites) {
          const target = siteTarget(this, s, `${name}:${path}:${many ? s.func : func}`, ctx?.pid);
          // A wildcard's matches may share one program and one uprobe_multi link (multiAttach).
          if (many) target.detail.multi = `${ap.span.file}:${ap.span.start.offset}`;
          targets.push(target);
        }
      }
      if (targets.length === 0) return noMatches(diags, ap, ctx, name, `${binary}:${func}`);
      // Casts in this program may name the binary's own types (bpftrace reads them from its DWARF).
      for (const path of new Set(targets.map((t) => String(t.detail.path)))) addDwarfTypeSource(path);
      return targets;
    },

    // The functions of one file (uprobe:/bin/bash:*) or of files a glob names; with -p, of every
    // file the process maps.
    listsOneFile: true,
    list: (_kernel, target, pid) => {
      if (target === undefined && pid === undefined) return [];
      const files = probeFiles("uprobe", target ?? "", pid);
      if (typeof files === "string") {
        if (target === undefined || hasWildcard(target)) return [];
        throw new ListingError(files);
      }
      const out: ListedProbe[] = [];
      for (const path of files) {
        let elf: ElfFile;
        try {
          elf = openElfCached(path);
        } catch {
          continue;
        }
        for (const f of new Set(elf.functions().map((f) => f.name))) out.push({ name: `${name}:${path}:${f}`, params: () => dwarfParamDecls(path, f) ?? [] });
      }
      return out;
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

    multiAttach: {
      supported: (kernel) => kernel.uprobeMulti?.() ?? false,
      key: (t) => (t.detail.multi === undefined ? undefined : `${String(t.detail.multi)}\0${String(t.detail.file ?? t.detail.path)}\0${t.detail.pid ?? ""}`),
      attachType: BPF_TRACE_UPROBE_MULTI,
      attach(progFd, targets) {
        const t = targets[0]!;
        const pid = t.detail.pid === undefined ? undefined : Number(t.detail.pid);
        return attachUprobeMulti(progFd, { path: String(t.detail.file ?? t.detail.path), offsets: targets.map((s) => Number(s.detail.offset)), ret, pid });
      },
    },

    attach(progFd, target) {
      const pid = target.detail.pid === undefined ? undefined : Number(target.detail.pid);
      return attachUprobe(progFd, { path: String(target.detail.file ?? target.detail.path), offset: Number(target.detail.offset), ret, pid });
    },
  };
}

/**
 * `uprobe:BINARY@FILE:LINE` (bpftrace's spelling): the lowest address where the line table puts a
 * statement of LINE of a file whose path ends in FILE, probed like an address.
 */
function sourceLineTargets(provider: Provider, kind: string, m: RegExpExecArray, span: Span, diags: Diagnostics, ctx: ResolveContext | undefined): ProbeTarget[] {
  const [, binary, file, lineText, col] = m as unknown as [string, string, string, string, string | undefined];
  if (hasWildcard(binary)) {
    diags.error(span, "Cannot use wildcards with source code location");
    return [];
  }
  if (col !== undefined) {
    diags.error(span, "ebt does not attach by source column yet: use BINARY@FILE:LINE");
    return [];
  }
  const files = probeFiles("uprobe", binary, ctx?.pid);
  if (typeof files === "string") {
    diags.error(span, files);
    return [];
  }
  const path = files[0]!;
  const table = lineTable(path);
  if (!table) {
    diags.error(span, `No DWARF debug info found for '${binary}', cannot attach by source code location.`);
    return [];
  }
  const addr = table.addresses(file, Number(lineText))[0];
  if (addr === undefined) {
    diags.error(span, `Unable to map '${file}:${lineText}' to address`);
    return [];
  }
  const sites = findSites(openElfCached(path), path, `0x${addr.toString(16)}`, ctx?.unsafe);
  // An address always resolves to sites or a message (never to a missing name).
  if (!Array.isArray(sites)) {
    diags.error(span, "message" in sites ? sites.message : `Unable to map '${file}:${lineText}' to address`);
    return [];
  }
  return sites.map((s) => siteTarget(provider, s, `${kind}:${path}@${file}:${lineText}`, ctx?.pid));
}

function siteTarget(provider: Provider, s: UprobeSite, probeName: string, pid: number | undefined): ProbeTarget {
  return {
    provider, name: probeName,
    detail: { path: s.path, offset: s.offset, func: s.func, ...(s.file !== undefined ? { file: s.file } : {}), ...(pid !== undefined ? { pid } : {}) },
  };
}

function isPlainFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export const uprobe = uprobeProvider("uprobe", ["u"], false);
export const uretprobe = uprobeProvider("uretprobe", ["ur"], true);

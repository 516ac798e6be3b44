/**
 * usdt:BINARY:[NAMESPACE:]NAME (U): statically defined probes of user programs and libraries, the
 * `.note.stapsdt` notes <sys/sdt.h> leaves. BINARY is a path (wildcards allowed), a library or
 * program by name (as for uprobes), or `*` for every file mapped by a process; NAMESPACE and NAME
 * may be globs, and a missing NAMESPACE matches any. Every site of a probe (an inlined probe has
 * several) gets its own program, because each reads its arguments from other registers; they are
 * announced as one probe, as bpftrace counts. The uprobe PMU attaches each site at its file offset
 * with the semaphore's file offset as ref_ctr_offset, so the kernel counts the semaphore up in
 * every process that maps the file, for as long as the probe is attached.
 * argN are the note's argument specs compiled to loads (signed 64-bit, as current bpftrace types them).
 */
import { splitAttachParts } from "../util/attach-parts.js";
import { noMatches } from "../semantic/missing-probes.js";
import { BPF_PROG_TYPE_KPROBE } from "../abi/uapi.js";
import { attachUprobe } from "../runtime/attach/uprobe.js";
import { ElfError, openElfCached } from "../elf/elf.js";
import type { ElfFile, UsdtNote } from "../elf/elf.js";
import { probeFiles } from "../elf/probe-files.js";
import { UsdtArgError, parseUsdtArgs } from "../elf/usdt-args.js";
import type { UsdtArg } from "../elf/usdt-args.js";
import { emitUsdtArg } from "../codegen/usdt-args.js";
import { ptRegsOffset } from "../abi/pt-regs.js";
import { s64 } from "../semantic/types.js";
import { globToRegExp, hasWildcard } from "../util/glob.js";
import type { ArgLoad, Provider, ProbeTarget } from "../contracts/provider.js";
import { ListingError } from "../util/listing-error.js";

/** One place a USDT probe fires: a nop in a file, and what its note says about it. */
export interface UsdtSite {
  path: string;
  provider: string;
  name: string;
  /** File offset of the probe's nop (what the uprobe PMU wants). */
  offset: number;
  /** File offset of the semaphore, 0 when the probe has none. */
  semaphoreOffset: number;
  note: UsdtNote;
}

/** The probe's name as bpftrace prints it: `usdt:PATH:PROVIDER:NAME`. */
export const usdtProbeName = (s: { path: string; provider: string; name: string }) => `usdt:${s.path}:${s.provider}:${s.name}`;

/** The sites of one file's notes; files without notes (or not ELF) have none. */
export function usdtSitesOf(path: string): UsdtSite[] {
  let elf: ElfFile;
  try {
    elf = openElfCached(path);
  } catch (e) {
    if (e instanceof ElfError) return [];
    throw e;
  }
  const sites: UsdtSite[] = [];
  for (const note of elf.usdtNotes()) {
    const offset = elf.vaddrToOffset(note.pc);
    if (offset === undefined) continue;
    const semaphoreOffset = note.semaphore === 0 ? 0 : elf.vaddrToOffset(note.semaphore) ?? 0;
    sites.push({ path, provider: note.provider, name: note.name, offset, semaphoreOffset, note });
  }
  return sites;
}

/** Sites matching NAMESPACE (a glob; undefined or empty: any) and NAME (a glob) in `files`. */
export function findUsdtSites(files: readonly string[], ns: string | undefined, name: string): UsdtSite[] {
  const nsRe = globToRegExp(ns === undefined || ns === "" ? "*" : ns);
  const nameRe = globToRegExp(name);
  const sites: UsdtSite[] = [];
  for (const f of files) for (const s of usdtSitesOf(f)) if (nsRe.test(s.provider) && nameRe.test(s.name)) sites.push(s);
  // bpftrace expands probes in name order; sites of one probe stay in note order.
  return sites.sort((a, b) => cmp(usdtProbeName(a), usdtProbeName(b)));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The arguments of a site, parsed once per note text. */
const parsedArgs = new Map<string, UsdtArg[] | UsdtArgError>();

function argsOf(spec: string): UsdtArg[] | UsdtArgError {
  let a = parsedArgs.get(spec);
  if (a === undefined) {
    try {
      a = parseUsdtArgs(spec);
    } catch (e) {
      if (!(e instanceof UsdtArgError)) throw e;
      a = e;
    }
    parsedArgs.set(spec, a);
  }
  return a;
}

/** argN at a site: its load, or why there is none. */
function argLoad(target: ProbeTarget, n: number): ArgLoad | string {
  const d = target.detail;
  const where = `${d.path}:${d.provider}:${d.name}`;
  const args = argsOf(String(d.args));
  if (args instanceof UsdtArgError) return `${args.message} of ${where}`;
  const arg = args[n];
  if (arg === undefined) return `couldn't get argument ${n} for ${where}`;
  let resolved = arg;
  if (arg.operand.kind === "mem" && arg.operand.symbol !== undefined) {
    // sym(%rip) addresses a global of the same file: the probe's ip is the nop's run-time address,
    // so the global is at ip + (its link-time address − the nop's).
    const sym = openElfCached(String(d.path)).findSymbol(arg.operand.symbol);
    if (!sym) return `couldn't resolve symbol '${arg.operand.symbol}' of argument ${n} (${arg.text}) for ${where}`;
    resolved = { ...arg, operand: { ...arg.operand, base: "ip", disp: sym.addr + arg.operand.disp - Number(d.pc) } };
  }
  return { type: s64, emit: (g) => emitUsdtArg(g, resolved) };
}

export const usdt: Provider = {
  name: "usdt",
  aliases: ["U"],
  doc: "statically defined user probes: usdt:/path/or/lib:[namespace:]name (wildcards allowed), with arg0..argN",
  progType: BPF_PROG_TYPE_KPROBE,
  userMemory: true,
  // With -p/-c each site is attached for that process only (perf_event_open's pid), so only its
  // semaphores are counted up.
  pidScope: "attach",
  runsNewestFirst: true,

  resolve(rest, ap, _kernel, diags, ctx) {
    const parts = rest === undefined ? [] : splitAttachParts(rest);
    // With a pid the file may be left out: usdt:NAME is any file of that process.
    if (ctx?.pid !== undefined && parts.length === 1) parts.unshift("");
    if (parts.length !== 2 && parts.length !== 3) {
      diags.error(ap.span, "usdt probe type requires 2 or 3 arguments");
      return [];
    }
    const binary = parts[0]!;
    const ns = parts.length === 3 ? parts[1] : undefined;
    const name = parts[parts.length - 1]!;
    if (name === "") {
      diags.error(ap.span, "usdt probe must have a target function or wildcard");
      return [];
    }
    const files = probeFiles("usdt", binary, ctx?.pid, ctx?.target?.origin === "command" ? ctx.target.exe : undefined);
    if (typeof files === "string") {
      diags.error(ap.span, files);
      return [];
    }
    const sites = findUsdtSites(files, ns, name);
    if (sites.length === 0) {
      return noMatches(diags, ap, ctx, "usdt", rest!);
    }
    // The namespace may be left out only when the name is unique (bpftrace's docs; 0.17 refuses
    // an ambiguous one in these words rather than attach to probes the user did not mean).
    const namespaces = new Set(sites.map((s) => `${s.path}:${s.provider}`));
    if (ns === undefined && !hasWildcard(name) && namespaces.size > 1) {
      diags.error(ap.span, `namespace for usdt:${rest} not specified, matched ${namespaces.size} probes`, [
        "please specify a unique namespace or use '*' to attach to all matched probes",
      ]);
      return [];
    }
    const counted = new Set<string>();
    return sites.map((s): ProbeTarget => {
      const probeName = usdtProbeName(s);
      const first = !counted.has(probeName);
      counted.add(probeName);
      return {
        provider: this,
        name: probeName,
        ...(first ? {} : { additionalSite: true }),
        detail: {
          path: s.path, provider: s.provider, name: s.name, offset: s.offset, semaphoreOffset: s.semaphoreOffset,
          pc: s.note.pc, args: s.note.args, ...(ctx?.pid !== undefined ? { pid: ctx.pid } : {}),
        },
      };
    });
  },

  // usdt:PATH:* lists the probes of that file (or files, with wildcards), one line per probe;
  // with -p, usdt:* lists those of every file the process maps.
  list(_kernel, target, pid) {
    const binary = target?.split(":")[0] ?? "";
    if (pid === undefined && (binary === "" || binary === "*")) return [];
    const files = probeFiles("usdt", binary, pid);
    if (typeof files === "string") throw new ListingError(files);
    return [...new Set(findUsdtSites(files, undefined, "*").map(usdtProbeName))].map((name) => ({ name }));
  },

  listsOneFile: true,
  argLoad,
  regOffset: ptRegsOffset,

  attach(progFd, target) {
    const d = target.detail;
    return attachUprobe(progFd, {
      path: String(d.path), offset: Number(d.offset), ret: false, refCtrOffset: Number(d.semaphoreOffset),
      pid: d.pid === undefined ? undefined : Number(d.pid),
    });
  },
};

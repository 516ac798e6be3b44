/**
 * `ebt -l`: what bpftrace -l prints. A search (`-l 'tracepoint:syscalls:*'`, several separated by
 * commas), the types of the kernel's BTF (`-l 'struct task_struct'`, with -v their definitions), or
 * the probes of a program (`-l script.bt`, `-l -e 'PROGRAM'`): each attach point as listing it would
 * show it.
 */
import { existsSync, statSync } from "node:fs";
import { kernelBtf } from "../btf/btf.js";
import { namedTypes, typeDefinition } from "../btf/c-dump.js";
import { renderDiagnostic } from "../diagnostics/render.js";
import { SourceMap } from "../diagnostics/span.js";
import { parse } from "../parser/index.js";
import type { KernelInfo } from "../contracts/kernel-info.js";
import { expandAttachPointPositionals } from "../semantic/positional.js";
import { globToRegExp } from "../util/glob.js";

export interface ListRequest {
  /** The word after -l: a search, or a program file when such a file exists. */
  search?: string;
  /** -e's program, whose probes are listed. */
  program?: { source: string; file: string };
  verbose: boolean;
  pid?: number;
  positional: string[];
  readFile(path: string): { source: string; file: string };
}

/** What to print on stdout and stderr, and the exit code. */
/** The probe-listing code loads only when listing (a chunk of its own in the bundle). */
type Listing = typeof import("../probe-listing.js");

export async function runList(kernel: KernelInfo, req: ListRequest): Promise<{ stdout: string; stderr: string; code: number }> {
  const listing: Listing = await import("../probe-listing.js");
  let program = req.program;
  if (!program && req.search !== undefined && isFile(req.search)) program = req.readFile(req.search);
  if (program) return listProgram(listing, kernel, program, req);
  let stderr = "";
  const search = req.search ?? "";
  if (search.includes(".") && !/[:*]/.test(search)) {
    stderr += `WARNING: It appears that '${search}' is a filename but the file does not exist. Treating '${search}' as a search pattern.\n`;
  }
  let stdout = "";
  for (const raw of search.split(",")) {
    const part = raw.trim().replace(/\s+/g, " ");
    if (/^(struct|union|enum) /.test(part)) stdout += listTypes(part, req.verbose);
    else stdout += listing.formatProbeList(listing.listProbes(kernel, part === "*" ? undefined : part, req.verbose, req.pid));
  }
  return { stdout, stderr, code: 0 };
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `struct task_struct` (a glob): the names, or with -v bpftrace's `vmlinux: ` and the definition. */
function listTypes(search: string, verbose: boolean): string {
  const btf = kernelBtf();
  if (!btf) return "";
  const re = globToRegExp(search);
  return namedTypes(btf, (name) => re.test(name))
    .map((t) => (verbose ? `vmlinux: ${typeDefinition(btf, t.id)}\n` : `${t.cName}\n`))
    .join("");
}

/** Each attach point of the program, expanded as a search; timers and counted events without their rate. */
function listProgram({ listProbes, formatProbeList }: Listing, kernel: KernelInfo, program: { source: string; file: string }, req: ListRequest): { stdout: string; stderr: string; code: number } {
  const parsed = parse(program.source, program.file);
  if (!parsed.program || parsed.diagnostics.length > 0) {
    const sources = new Map([[program.file, new SourceMap(program.file, program.source)]]);
    return { stdout: "", stderr: parsed.diagnostics.map((d) => renderDiagnostic(d, sources)).join(""), code: 1 };
  }
  const seen = new Set<string>();
  let stdout = "";
  for (const item of parsed.program.items) {
    if (item.kind !== "Probe") continue;
    for (const ap of item.attachPoints) {
      const expanded = expandAttachPointPositionals(ap.raw, req.positional);
      if ("error" in expanded) continue;
      let found = listProbes(kernel, expanded.raw, req.verbose, req.pid);
      // interval:ms:100 is listed as interval:ms:, hardware:cache-misses:10 as hardware:cache-misses:
      if (found.length === 0 && expanded.raw.split(":").length >= 3) found = listProbes(kernel, expanded.raw.replace(/:[^:]*$/, ":"), req.verbose, req.pid);
      for (const p of found) {
        if (seen.has(p.name)) continue;
        seen.add(p.name);
        stdout += formatProbeList([p]);
      }
    }
  }
  return { stdout, stderr: "", code: 0 };
}

/** The running kernel as the compiler sees it: tracefs formats and listings, cached per process. */
import { existsSync, readFileSync, statSync } from "node:fs";
import type { KernelInfo } from "../contracts/kernel-info.js";
import { BTF_KIND, kernelBtf } from "../btf/btf.js";
import { funcParams } from "../btf/c-decl.js";
import { possibleCpus } from "./bpf.js";
import { KernelError } from "./errors.js";
import type { KernelFunction } from "../contracts/kernel-info.js";
import { listKernelFunctions, parseFilterFunctions } from "./kernel/kernel-functions.js";
import { kernelSymbols } from "./kernel/kallsyms.js";
import type { TracepointFormat } from "../contracts/kernel-info.js";
import { listTracepoints, tracepointFormat } from "./kernel/tracefs.js";
import { uprobeMultiSupported } from "./attach/uprobe-multi.js";

export class LiveKernelInfo implements KernelInfo {
  private readonly formats = new Map<string, TracepointFormat | undefined>();
  private tracepoints?: { category: string; event: string }[];
  private functions?: KernelFunction[];
  private rawTps?: string[];

  pidNamespace(): { dev: bigint; ino: bigint } | undefined {
    try {
      const st = statSync("/proc/self/ns/pid", { bigint: true });
      // PROC_PID_INIT_INO: the initial namespace's inode number.
      return st.ino === 0xeffffffcn ? undefined : { dev: st.dev, ino: st.ino };
    } catch {
      return undefined;
    }
  }

  tracepointFormat(category: string, event: string): TracepointFormat | undefined {
    const key = `${category}:${event}`;
    if (!this.formats.has(key)) {
      let format: TracepointFormat | undefined;
      try {
        format = tracepointFormat(category, event);
      } catch (e) {
        // A missing tracepoint is the user's mistake, reported at its span; anything else
        // (tracefs could not be mounted, ...) is the machine's and ends the run with its message.
        if (!(e instanceof KernelError && e.code === "ENOENT")) throw e;
        format = undefined;
      }
      this.formats.set(key, format);
    }
    return this.formats.get(key);
  }

  listTracepoints(): { category: string; event: string }[] {
    this.tracepoints ??= listTracepoints();
    return this.tracepoints;
  }

  /** `traceableFunctions`: a file listing the functions kprobes may target, in place of the kernel's. */
  constructor(private readonly traceableFunctions?: string) {}

  kernelFunctions(): KernelFunction[] {
    this.functions ??= this.traceableFunctions === undefined ? listKernelFunctions() : parseFilterFunctions(readFileSync(this.traceableFunctions, "latin1"));
    return this.functions;
  }

  rawTracepoints(): string[] {
    if (!this.rawTps) {
      this.rawTps = [];
      const btf = kernelBtf();
      if (btf) for (const [, name] of btf.ofKind(BTF_KIND.TYPEDEF)) if (name.startsWith("btf_trace_")) this.rawTps.push(name.slice(10));
    }
    return this.rawTps;
  }

  moduleLoaded(name: string): boolean {
    // Loaded and built-in modules alike have a directory there.
    return existsSync(`/sys/module/${name}`);
  }

  possibleCpus(): number {
    return possibleCpus();
  }

  kernelSymbolAddress(name: string): bigint | undefined {
    return kernelSymbols().address(name);
  }

  uprobeMulti(): boolean {
    return uprobeMultiSupported();
  }

  rawTracepointParams(event: string): string[] {
    const btf = kernelBtf();
    // __probestub_<event> has the tracepoint's prototype with names (btf_trace_<event> has none);
    // its first parameter is the tracepoint's private data, not an argument.
    return (btf && funcParams(btf, `__probestub_${event}`)?.slice(1)) ?? [];
  }
}

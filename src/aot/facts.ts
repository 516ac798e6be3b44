/**
 * The facts about this machine that a compiled plan depends on, so that a program compiled ahead of
 * time runs only where they still hold. The compiler learns about the kernel through KernelInfo
 * (tracepoint formats, possible CPUs, ...), reads the kernel's BTF (types, ids) and the files of
 * user-space probes (symbol offsets): each answer it got is recorded by its digest, and checked
 * again before the program is loaded. A fact that changed is a clear error, never a program that
 * reads the wrong offsets.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { KernelInfo } from "../contracts/kernel-info.js";
import type { Plan } from "../plan/plan.js";

/** One thing the plan was derived from: a KernelInfo answer, the kernel's BTF or a probed file. */
export type Fact = { kind: "kernel"; method: string; args: unknown[]; digest: string } | { kind: "file"; path: string; /** In words, for the error when it changed. */ what: string; digest: string };

const BTF_FILE = "/sys/kernel/btf/vmlinux";

function digest(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? "undefined";
  return createHash("sha256").update(text).digest("hex");
}

function fileDigest(path: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return undefined;
  }
}

/** A KernelInfo that remembers every answer it gave (the compiler's questions, in order). */
export function recordingKernel(kernel: KernelInfo): { kernel: KernelInfo; facts: () => Fact[] } {
  const seen = new Map<string, Fact>();
  const recorded = new Proxy(kernel, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== "function" || typeof prop !== "string") return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        const key = `${prop}(${JSON.stringify(args)})`;
        if (!seen.has(key)) seen.set(key, { kind: "kernel", method: prop, args, digest: digest(result) });
        return result;
      };
    },
  });
  return { kernel: recorded, facts: () => [...seen.values()] };
}

/**
 * The facts beyond KernelInfo: the kernel's BTF when compiling read it (struct layouts, BTF ids in
 * the code and in attach targets), each file a user-space probe attaches to (its offsets) and
 * each header the program included.
 */
export function fileFacts(plan: Plan, btfRead: boolean, headers: Iterable<string>): Fact[] {
  const facts: Fact[] = [];
  if (btfRead) {
    const d = fileDigest(BTF_FILE);
    if (d) facts.push({ kind: "file", path: BTF_FILE, what: `the kernel's BTF (${BTF_FILE})`, digest: d });
  }
  const paths = new Set<string>();
  for (const p of plan.programs)
    for (const t of p.sites ?? [p.target]) if (typeof t.detail.path === "string") paths.add(t.detail.path);
  for (const path of paths) {
    const d = fileDigest(path);
    if (d) facts.push({ kind: "file", path, what: `the file ${path}`, digest: d });
  }
  // #include'd headers: their #defines and types are written into the code.
  for (const path of headers) {
    const d = fileDigest(path);
    if (d) facts.push({ kind: "file", path, what: `the header ${path}`, digest: d });
  }
  return facts;
}

/** A KernelInfo question in words. */
function question(method: string, args: unknown[]): string {
  const [a, b] = args.map(String);
  switch (method) {
    case "tracepointFormat":
      return `the format of tracepoint ${a}:${b}`;
    case "listTracepoints":
      return "the kernel's list of tracepoints";
    case "kernelFunctions":
      return "the kernel's list of traceable functions";
    case "rawTracepoints":
      return "the kernel's list of raw tracepoints";
    case "possibleCpus":
      return "the number of possible CPUs";
    case "kernelSymbolAddress":
      return `the address of kernel symbol ${a}`;
    case "moduleLoaded":
      return `whether kernel module ${a} is loaded`;
    case "pidNamespace":
      return "the pid namespace";
    case "uprobeMulti":
      return "the kernel's support for uprobe_multi links";
    default:
      return `the kernel's answer to ${method}(${args.map((x) => JSON.stringify(x)).join(", ")})`;
  }
}

/** The first recorded fact that no longer holds here, in words; undefined when all hold. */
export function changedFact(facts: readonly Fact[], kernel: KernelInfo): string | undefined {
  for (const f of facts) {
    if (f.kind === "file") {
      if (fileDigest(f.path) !== f.digest) return f.what;
      continue;
    }
    const method = (kernel as unknown as Record<string, unknown>)[f.method];
    let now: unknown;
    try {
      now = typeof method === "function" ? (method as (...a: unknown[]) => unknown).apply(kernel, f.args) : undefined;
    } catch (e) {
      return `${question(f.method, f.args)} (${(e as Error).message})`;
    }
    if (digest(now) !== f.digest) return question(f.method, f.args);
  }
  return undefined;
}

/** Builtins about the current task and CPU: pid tid cpid uid gid username comm cgroup curtask cpu numaid ncpus rand. */
import { cpus } from "node:os";
import type { Call, Identifier } from "../ast/nodes.js";
import { FP, HELPERS, R1, R2, R3, R4 } from "../codegen/bpf/index.js";
import type { Reg } from "../codegen/bpf/index.js";
import type { Gen } from "../contracts/gen.js";
import { stackPointer } from "../codegen/frame.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { taskStructPointer } from "../semantic/kernel-types.js";
import { strType, u32, u64 } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { helperValue } from "../codegen/helper-value.js";
import { defineVar } from "./builtin.js";

/**
 * pid(curr_ns|init), tid(...): ids as seen from ebt's own pid namespace (curr_ns, the default, as
 * in current bpftrace) or from the initial one. When ebt runs in the initial namespace (the usual
 * case for a tracer) both are the kernel's ids; otherwise curr_ns asks the kernel to translate
 * (bpf_get_ns_current_pid_tgid; 0 for a task outside ebt's namespace).
 */
function checkNamespaceArg(c: CheckCtx, call: Call): void {
  const arg = call.args[0]!;
  if (call.args.length > 1 || arg.kind !== "Identifier" || (arg.name !== "curr_ns" && arg.name !== "init")) {
    c.error(call.args.length > 1 ? call.span : arg.span, `Invalid ${call.name}() mode: expected curr_ns or init`);
  }
}

/** pid ("high": the tgid) or tid ("low") in the namespace `node` asks for. */
function namespacedId(g: Gen, node: Identifier | Call, part: "high" | "low"): Reg {
  const init = node.kind === "Call" && node.args[0]?.kind === "Identifier" && node.args[0].name === "init";
  const ns = init ? undefined : g.kernel.pidNamespace?.();
  if (!ns) return helperValue(g, HELPERS.get_current_pid_tgid, part);
  // struct bpf_pidns_info { u32 pid; u32 tgid; }, zeroed by the kernel when the task is not in `ns`.
  const mark = g.stack.mark();
  const info = g.stack.alloc(8);
  g.asm.loadConst(R1, ns.dev);
  g.asm.loadConst(R2, ns.ino);
  stackPointer(g.asm, R3, info);
  g.asm.movImm(R4, 8);
  g.asm.call(HELPERS.get_ns_current_pid_tgid);
  const r = g.regs.alloc();
  stackPointer(g.asm, r, info);
  g.asm.ldx("u32", r, r, part === "high" ? 4 : 0);
  g.stack.release(mark);
  return r;
}

export const process: Builtin[] = [
  defineVar({
    name: "pid",
    doc: "process id (the kernel's tgid) of the current task; pid(init) in the initial pid namespace, pid(curr_ns) (the default) in ebt's",
    type: () => u32,
    checkCallArgs: checkNamespaceArg,
    emit: (g, node) => namespacedId(g, node, "high"),
  }),
  defineVar({
    name: "tid",
    doc: "thread id (the kernel's pid) of the current task; tid(init) in the initial pid namespace, tid(curr_ns) (the default) in ebt's",
    type: () => u32,
    checkCallArgs: checkNamespaceArg,
    emit: (g, node) => namespacedId(g, node, "low"),
  }),
  defineVar({
    name: "cpid",
    doc: "pid of the command started with -c (a constant of the run)",
    type(c, node) {
      // bpftrace 0.17's error; current bpftrace warns at run time and gives 0 instead.
      if (c.target.process?.origin !== "command") c.error(node.span, "cpid cannot be used without child command");
      return u32;
    },
    emit(g) {
      const r = g.regs.alloc();
      g.asm.movImm(r, g.target.process?.pid ?? 0);
      return r;
    },
  }),
  defineVar({
    name: "uid",
    doc: "user id of the current task",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_current_uid_gid, "low"),
  }),
  defineVar({
    name: "gid",
    doc: "group id of the current task",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_current_uid_gid, "high"),
  }),
  defineVar({
    name: "cpu",
    doc: "the CPU the probe runs on",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_smp_processor_id),
  }),
  defineVar({
    name: "curtask",
    doc: "the current task's struct task_struct (a pointer typed from BTF, so curtask->pid works)",
    type: () => taskStructPointer() ?? u64,
    emit: (g) => helperValue(g, HELPERS.get_current_task),
  }),
  defineVar({
    name: "comm",
    doc: "name of the current task's executable (16 bytes, as the kernel keeps it)",
    type: () => strType(16),
    emit: (g, _node, out) => {
      stackPointer(g.asm, R1, out!);
      g.asm.movImm(R2, 16);
      g.asm.call(HELPERS.get_current_comm);
      return undefined;
    },
  }),
  defineVar({
    name: "username",
    doc: "the name of the current task's user (its uid, named in user space from /etc/passwd)",
    type: () => ({ kind: "rendered", as: "username" }),
    emit(g, _node, out) {
      const r = helperValue(g, HELPERS.get_current_uid_gid, "low");
      g.asm.stx("u64", FP, out!, r);
      g.regs.release(r);
      return undefined;
    },
  }),
  defineVar({
    name: "cgroup",
    doc: "the cgroup v2 id of the current task",
    type: () => u64,
    emit: (g) => helperValue(g, HELPERS.get_current_cgroup_id),
  }),
  defineVar({
    name: "numaid",
    doc: "the NUMA node the probe runs on",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_numa_node_id, "low"),
  }),
  defineVar({
    name: "ncpus",
    doc: "the number of online CPUs (a constant of the machine ebt compiles on)",
    type: () => u64,
    emit(g) {
      const r = g.regs.alloc();
      g.asm.movImm(r, cpus().length);
      return r;
    },
  }),
  defineVar({
    name: "rand",
    doc: "a pseudo-random uint32 (bpf_get_prandom_u32)",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_prandom_u32, "low"),
  }),
];

/** Builtins about the current task and CPU: pid tid cpid uid gid username comm cgroup curtask cpu numaid ncpus rand. */
import { cpus } from "node:os";
import type { Call } from "../ast/nodes.js";
import { FP, HELPERS, R1, R2 } from "../codegen/bpf/index.js";
import { stackPointer } from "../codegen/frame.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import { taskStructPointer } from "../semantic/kernel-types.js";
import { strType, u32, u64 } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { helperValue } from "../codegen/helper-value.js";
import { defineVar } from "./builtin.js";

/**
 * pid(curr_ns|init), tid(...): ebt reads ids in the initial pid namespace, which is what both
 * modes give when ebt itself runs there (the usual case for a tracer).
 */
function checkNamespaceArg(c: CheckCtx, call: Call): void {
  const arg = call.args[0]!;
  if (call.args.length > 1 || arg.kind !== "Identifier" || (arg.name !== "curr_ns" && arg.name !== "init")) {
    c.error(call.args.length > 1 ? call.span : arg.span, `Invalid ${call.name}() mode: expected curr_ns or init`);
  }
}

export const process: Builtin[] = [
  defineVar({
    name: "pid",
    doc: "process id (the kernel's tgid) of the current task",
    type: () => u32,
    checkCallArgs: checkNamespaceArg,
    emit: (g) => helperValue(g, HELPERS.get_current_pid_tgid, "high"),
  }),
  defineVar({
    name: "tid",
    doc: "thread id (the kernel's pid) of the current task",
    type: () => u32,
    checkCallArgs: checkNamespaceArg,
    emit: (g) => helperValue(g, HELPERS.get_current_pid_tgid, "low"),
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

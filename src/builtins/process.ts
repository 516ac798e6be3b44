/** Builtins about the current task: pid tid uid gid comm cpu. */
import { HELPERS, R1, R2 } from "../codegen/bpf/index.js";
import { stackPointer } from "../codegen/frame.js";
import { taskStructPointer } from "../semantic/kernel-types.js";
import { strType, u32, u64 } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineVar, helperValue } from "./builtin.js";

export const process: Builtin[] = [
  defineVar({
    name: "pid",
    doc: "process id (the kernel's tgid) of the current task",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_current_pid_tgid, "high"),
  }),
  defineVar({
    name: "tid",
    doc: "thread id (the kernel's pid) of the current task",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_current_pid_tgid, "low"),
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
];

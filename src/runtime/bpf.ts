/**
 * The thin kernel layer: bpf(2) commands, perf_event_open(2) and its ioctls, typed. The addon only
 * makes the system calls (DESIGN.md §4); `union bpf_attr`, `struct perf_event_attr` and the info
 * structs are packed and read here, at the offsets of the LAYOUT table (checked against the
 * system headers by test/live/native.live.test.ts). Every failure is a KernelError.
 *
 * RLIMIT_MEMLOCK is deliberately left alone: since 5.11 the kernel charges BPF memory to the
 * memory cgroup, and raising the rlimit fails here anyway (no CAP_SYS_RESOURCE, KERNEL.md).
 *
 * The layer is split by concern under bpf/ (syscall plumbing, maps, programs, attaching, fds and
 * CPUs, introspection); callers import this module only.
 */
export { KernelError, VerifierError } from "./errors.js";
export { objectNameFor } from "./bpf/syscall.js";
export * from "./bpf/maps.js";
export * from "./bpf/programs.js";
export * from "./bpf/attach.js";
export * from "./bpf/fds-cpus.js";
export * from "./bpf/introspect.js";

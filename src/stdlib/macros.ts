/**
 * The part of current bpftrace's standard library that is written in the language itself: macros
 * over builtins and kernel types. A user's macro with the same name and number of parameters
 * replaces one of these (bpftrace's rule); the builtins stay reachable as `__builtin_<name>`.
 * These are ebt's own definitions of the documented functions (docs/stdlib.md).
 */
export const STDLIB_FILE = "stdlib/base.bt";

// assert() comes first: its errorf() call is reported at its place in this text (line 6), which
// is where bpftrace's own base.bt has it, so the message reads the same.
export const STDLIB_SOURCE = `
// Stop the whole script with an error (exit code 1) when the condition does not hold.
macro assert(cond, msg)
{
  if (!cond) {
    errorf("assert failed: %s", msg);
    exit(1);
  }
}

// A pointer to the object of type \`type\` whose member \`member\` \`ptr\` points to (C's container_of).
macro container_of(ptr, type, member) { (type *)((uint64)ptr - offsetof(type, member)) }

// The parent process (task->real_parent) of a task, or of the current one.
macro ppid(task) { (uint32)task->real_parent->pid }
macro ppid() { ppid(curtask) }
macro pcomm(task) { task->real_parent->comm }
macro pcomm() { pcomm(curtask) }

// The leader of a task's thread group (the thread whose id is the process id).
macro leader_tid(task) { (uint32)task->group_leader->pid }
macro leader_tid() { leader_tid(curtask) }
macro leader_comm(task) { task->group_leader->comm }
macro leader_comm() { leader_comm(curtask) }

// The value of a map's key into a variable: true when the map holds the key; otherwise false, and
// the variable is left as it was.
macro find(@map, key, $var) {
  if (__find_has_key(@map, key)) { $var = @map[key]; true } else { false }
}

// A kernel pointer that encodes an error (ERR_PTR): -4095..-1, as the kernel's IS_ERR().
macro is_err(ptr) { (int64)ptr < 0 && (int64)ptr >= -4095 }
`;

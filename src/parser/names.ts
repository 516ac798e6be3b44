/**
 * Word classes the parser needs from bpftrace's lexer, which gives builtin variables and known
 * function names their own tokens. They matter in two places only:
 *  - error messages name the unexpected token as bpftrace 0.17 does ("unexpected builtin",
 *    "unexpected call"), see messages.ts;
 *  - `(name)e` is a cast to a typedef unless `name` is a builtin variable (`(pid) - 1` subtracts).
 * What the names mean is the semantic passes' business (src/builtins/), not the parser's.
 */

/** Builtin variables: bpftrace 0.17's `builtin` token plus the ones added since. */
const BUILTIN_RE = new RegExp(
  "^(?:arg[0-9]+|sarg[0-9]+|args|cgroup|comm|cpid|numaid|cpu|ctx|curtask|elapsed|func|gid|nsecs|pid|probe|rand|" +
    "retval|tid|uid|username|jiffies|usermode|ncpus|probetype|__probe)$",
);

/** bpftrace 0.17's `call` token: the known function names. */
const CALLS = new Set([
  "avg", "buf", "cat", "cgroupid", "clear", "count", "delete", "exit", "hist", "join", "kaddr", "kptr", "ksym",
  "lhist", "macaddr", "max", "min", "ntop", "override", "print", "printf", "cgroup_path", "reg", "signal",
  "sizeof", "stats", "str", "strerror", "strftime", "strncmp", "strcontains", "sum", "system", "time", "uaddr",
  "uptr", "usym", "zero", "path", "unwatch", "bswap", "skboutput", "pton", "debugf",
]);

/** True for names of builtin variables (`pid`, `arg0`, `kstack`, ...). */
export function isBuiltinVariable(name: string): boolean {
  return BUILTIN_RE.test(name) || name === "kstack" || name === "ustack";
}

/** The name bpftrace 0.17's parser gives an identifier token in "unexpected X" messages. */
export function wordTokenName(name: string): string {
  if (name === "kstack" || name === "ustack") return "call_builtin";
  if (BUILTIN_RE.test(name)) return "builtin";
  if (CALLS.has(name)) return "call";
  if (name === "bpftrace" || name === "perf") return "stack_mode";
  return "identifier";
}

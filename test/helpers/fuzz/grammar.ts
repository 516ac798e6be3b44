/**
 * Programs generated from the language's grammar, for the fuzzer: probes with filters and bodies of
 * statements over expressions of every kind. Nothing keeps them well typed: operands, arguments and
 * map values are drawn independently, so most programs mix types the checker must refuse, and the
 * rest must compile into programs the verifier accepts.
 */
import fc from "fast-check";

const PROBES = [
  "BEGIN", "END", "begin", "interval:ms:100", "interval:s:1", "profile:hz:99", "software:cpu-clock:100000",
  "tracepoint:syscalls:sys_enter_openat", "tracepoint:syscalls:sys_exit_read", "tracepoint:sched:sched_switch",
  "t:syscalls:sys_enter_write", "tracepoint:syscalls:sys_enter_*", "rawtracepoint:sys_enter", "tp_btf:sched_switch",
  "kprobe:do_nanosleep", "kretprobe:vfs_read", "kprobe:vfs_*", "fentry:vfs_read", "uprobe:/bin/sh:main",
  "uretprobe:/bin/sh:main", "iter:task", "tracepoint:nope:nope", "bogus:x", "interval:ms:0", "profile:hz:0",
];

const BUILTIN_VARS = [
  "pid", "tid", "uid", "gid", "comm", "nsecs", "elapsed", "cpu", "probe", "func", "kstack", "ustack", "curtask",
  "rand", "cgroup", "retval", "arg0", "arg1", "args", "username", "jiffies", "ncpus", "numaid", "cpid", "$1", "$#",
];

const FIELDS = ["filename", "fd", "count", "buf", "flags", "prev_comm", "next_pid", "ret", "nope"];

const BINARY = ["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "==", "!=", "<", "<=", ">", ">=", "&&", "||"];
const CASTS = ["uint8", "int8", "uint16", "int32", "uint32", "int64", "uint64", "bool", "string"];
const FUNCS1 = ["str", "strlen", "ksym", "usym", "kaddr", "ntop", "bswap", "strerror", "kptr", "uptr", "sizeof", "reg", "buf"];
const AGGS = ["count()", "sum(%)", "avg(%)", "min(%)", "max(%)", "stats(%)", "hist(%)", "lhist(%, 0, 100, 10)"];
const FORMATS = ["%d", "%u", "%s", "%x", "%llu", "%-10s", "%5d", "%c", "%p", "%r", "%%", "%lld", "%08x", "%z"];

const int = fc.oneof(
  fc.integer({ min: -5, max: 300 }).map(String),
  fc.constantFrom("0", "-1", "63", "64", "100", "4294967296", "0xffffffffffffffff", "9223372036854775807", "1_000", "1ms", "0x10"),
);
const strLit = fc.oneof(
  fc.constantFrom('""', '"a"', '"hello\\n"', '"%s"', '"\\x00"', '"é"'),
  fc.string({ maxLength: 70 }).map((s) => JSON.stringify(s)),
);
const scratch = fc.constantFrom("$a", "$b", "$i", "$x");
const mapName = fc.constantFrom("@", "@m", "@n", "@h", "@s");

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    int,
    strLit,
    fc.constantFrom(...BUILTIN_VARS),
    fc.constantFrom("true", "false"),
    scratch,
    mapName,
    fc.tuple(mapName, tie("expr")).map(([m, k]) => `${m}[${k}]`),
    fc.constantFrom(...FIELDS).map((f) => `args.${f}`),
    fc.tuple(tie("expr"), fc.constantFrom(...BINARY), tie("expr")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom("!", "~", "-"), tie("expr")).map(([op, a]) => `${op}${a}`),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.tuple(fc.constantFrom(...CASTS), tie("expr")).map(([t, a]) => `(${t})${a}`),
    fc.tuple(fc.constantFrom(...FUNCS1), fc.array(tie("expr"), { maxLength: 2 })).map(([f, a]) => `${f}(${a.join(", ")})`),
    fc.array(tie("expr"), { maxLength: 3 }).map((a) => `(${a.join(", ")}${a.length === 1 ? "," : ""})`),
    fc.tuple(tie("expr"), fc.constantFrom("0", "1", "2")).map(([t, i]) => `${t}.${i}`),
  ),
}));

const { block } = fc.letrec<{ stmt: string; block: string }>((tie) => ({
  stmt: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(scratch, expr).map(([v, e]) => `${v} = ${e};`),
    fc.tuple(mapName, expr).map(([m, e]) => `${m} = ${e};`),
    fc.tuple(mapName, expr, expr).map(([m, k, e]) => `${m}[${k}] = ${e};`),
    fc.tuple(mapName, fc.array(expr, { maxLength: 2 }), fc.constantFrom(...AGGS), expr).map(
      ([m, k, agg, v]) => `${m}${k.length ? `[${k.join(", ")}]` : ""} = ${agg.replace("%", v)};`,
    ),
    fc.tuple(fc.array(fc.constantFrom(...FORMATS), { maxLength: 3 }), fc.array(expr, { maxLength: 3 })).map(
      ([f, a]) => `printf("${f.join(" ")}\\n"${a.map((x) => `, ${x}`).join("")});`,
    ),
    expr.map((e) => `print(${e});`),
    mapName.map((m) => `print(${m});`),
    mapName.map((m) => `clear(${m});`),
    fc.tuple(mapName, expr).map(([m, k]) => `delete(${m}[${k}]);`),
    fc.constantFrom("exit();", "exit(2);", "exit;", "return;", "$i++;", "@m++;", "$x += 1;", "@s -= 2;", "time();", 'cat("/proc/uptime");', 'system("true");'),
    fc.tuple(expr, tie("block"), fc.option(tie("block"))).map(([c, a, b]) => `if (${c}) ${a}${b ? ` else ${b}` : ""}`),
    fc.tuple(int, tie("block")).map(([n, b]) => `$i = 0; while ($i < ${n}) { $i++; ${b} }`),
    fc.tuple(int, tie("block")).map(([n, b]) => `for ($k : 0..${n}) ${b}`),
    fc.tuple(mapName, tie("block")).map(([m, b]) => `for ($kv : ${m}) ${b}`),
    fc.tuple(fc.constantFrom("0", "1", "5", "21", "200"), tie("block")).map(([n, b]) => `unroll(${n}) ${b}`),
  ),
  block: fc.array(tie("stmt"), { maxLength: 4 }).map((s) => `{ ${s.join(" ")} }`),
}));

const probe = fc
  .tuple(fc.array(fc.constantFrom(...PROBES), { minLength: 1, maxLength: 2 }), fc.option(expr, { freq: 3 }), block)
  .map(([aps, pred, body]) => `${aps.join(", ")}${pred ? ` /${pred}/` : ""} ${body}`);

/** Wild programs: anything the grammar allows, in any mix of types. */
const wild: fc.Arbitrary<string> = fc
  .tuple(fc.option(fc.constantFrom("config = { max_strlen = 16 }", "config = { max_map_keys = 2 }", "config = { bogus = 1 }"), { freq: 8 }), fc.array(probe, { minLength: 1, maxLength: 2 }))
  .map(([cfg, probes]) => [...(cfg ? [cfg] : []), ...probes].join("\n") + "\n");

// Well-typed programs: integers and strings kept apart, every variable and map given its type
// first, so that most of them compile and the verifier gets to see them.
const smallInt = fc.oneof(fc.integer({ min: -3, max: 100 }).map(String), fc.constantFrom("0", "63", "64", "4294967296", "0xffffffffffffffff"));
const ARITH = ["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"];
const COMPARE = ["==", "!=", "<", "<=", ">", ">="];
const { intE, strE } = fc.letrec<{ intE: string; strE: string }>((tie) => ({
  intE: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    smallInt,
    fc.constantFrom("pid", "tid", "uid", "cpu", "nsecs", "elapsed", "$i", "@ci[1]", "@cs[\"a\"]"),
    fc.tuple(tie("intE"), fc.constantFrom(...ARITH), tie("intE")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom("~", "-"), tie("intE")).map(([op, a]) => `${op}(${a})`),
    fc.tuple(tie("intE"), fc.constantFrom(...COMPARE), tie("intE"), tie("intE"), tie("intE")).map(([c, op, d, a, b]) => `(${c} ${op} ${d} ? ${a} : ${b})`),
    fc.tuple(fc.constantFrom("uint8", "int16", "uint32", "int64"), tie("intE")).map(([t, a]) => `(${t})${a}`),
    tie("strE").map((x) => `strlen(${x})`),
    tie("intE").map((x) => `@ci[${x}]`),
  ),
  strE: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom('"a"', '""', '"hello"', "comm", "probe", "$s"),
    fc.tuple(tie("intE"), tie("strE"), tie("strE")).map(([c, a, b]) => `(${c} > 0 ? ${a} : ${b})`),
  ),
}));
const cond = fc.oneof(intE, fc.tuple(intE, fc.constantFrom(...COMPARE), intE).map(([a, op, b]) => `${a} ${op} ${b}`), strE.map((x) => `${x} == "a"`));

const { typedBlock } = fc.letrec<{ typedStmt: string; typedBlock: string }>((tie) => ({
  typedStmt: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    intE.map((e) => `$i = ${e};`),
    strE.map((e) => `$s = ${e};`),
    fc.tuple(intE, intE).map(([k, v]) => `@ci[${k}] = ${v};`),
    fc.tuple(strE, fc.constantFrom("count()", "sum(%)", "avg(%)", "max(%)", "stats(%)"), intE).map(([k, a, v]) => `@cs[${k}] = ${a.replace("%", v)};`),
    intE.map((v) => `@h = hist(${v});`),
    intE.map((v) => `@l = lhist(${v}, 0, 100, 10);`),
    fc.tuple(intE, strE).map(([a, b]) => `printf("%d %s\\n", ${a}, ${b});`),
    intE.map((e) => `print(${e});`),
    strE.map((e) => `print(${e});`),
    intE.map((k) => `delete(@ci[${k}]);`),
    fc.constantFrom("print(@ci);", "clear(@cs);", "$i++;", "@ci[0]++;", "$i += 3;", "exit();"),
    fc.tuple(cond, tie("typedBlock"), fc.option(tie("typedBlock"))).map(([c, a, b]) => `if (${c}) ${a}${b ? ` else ${b}` : ""}`),
    fc.tuple(smallInt, tie("typedBlock")).map(([n, b]) => `$j = 0; while ($j < ${n}) { $j++; ${b} }`),
    fc.tuple(smallInt, tie("typedBlock")).map(([n, b]) => `for ($k : 0..${n}) { $i = $k; ${b.slice(2)}`),
    fc.tuple(fc.constantFrom("1", "5", "20"), tie("typedBlock")).map(([n, b]) => `unroll(${n}) ${b}`),
  ),
  typedBlock: fc.array(tie("typedStmt"), { maxLength: 4 }).map((s) => `{ ${s.join(" ")} }`),
}));

const typedProbe = fc
  .tuple(fc.constantFrom("BEGIN", "END", "interval:ms:100", "tracepoint:syscalls:sys_enter_write", "tracepoint:syscalls:sys_enter_openat", "kprobe:vfs_read"), fc.option(cond, { freq: 4 }), typedBlock)
  .map(([ap, pred, body]) => `${ap}${pred && !/\$[is]/.test(pred) ? ` /${pred}/` : ""} { $i = 0; $s = ""; ${body.slice(2)}`);

/** Well-typed programs; the maps are all given their types in BEGIN. */
const typed: fc.Arbitrary<string> = fc
  .array(typedProbe, { minLength: 1, maxLength: 2 })
  .map((probes) => `BEGIN { @ci[0] = 0; @cs["a"] = count(); }\n${probes.join("\n")}\n`);

/** A whole program: wild or well typed, about as often. */
export const program: fc.Arbitrary<string> = fc.oneof(wild, typed);

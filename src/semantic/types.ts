/**
 * The value types of the language. Every expression gets one during checking; codegen and the
 * runtime decoder both follow them (a value's type decides how it is stored, sent and printed).
 */
export type IntBits = 8 | 16 | 32 | 64;

export type Type =
  /** `enumId`: the value is of a C enum (BTF type id), so it prints as its enumerator's name;
   * arithmetic on it gives a plain integer. `literalBits`: the value comes from integer literals,
   * which current bpftrace types as the smallest signed integer that holds them (`1` is an int8):
   * sizeof() and messages report that width; ebt still stores and computes with `bits`. */
  | { kind: "int"; bits: IntBits; signed: boolean; enumId?: number; literalBits?: IntBits }
  | { kind: "bool" }
  /** A NUL-terminated string in a buffer of `size` bytes (terminator included). `charArray`: a C
   * `char[size]` read from memory, which may fill all its bytes without a NUL (not a cut string). */
  | { kind: "str"; size: number; charArray?: boolean }
  /** A tuple, or a record when its elements have `names` (stored alike). */
  | { kind: "tuple"; elems: Type[]; names?: string[] }
  /** A pointer into kernel or user memory; printed as an address. */
  | { kind: "ptr"; to: Type; user: boolean }
  /** Bytes read by buf(): a u64 length, then `size` bytes of data. Printed with %r or print(). */
  | { kind: "buf"; size: number }
  /** A raw value the kernel sends and user space turns into text when it prints it (strftime's
   * timestamp, ntop's address, strerror's errno, username's uid): only printing can use it. */
  | { kind: "rendered"; as: RenderKind; fmt?: string }
  /** The `args` of a probe: named fields read from the probe's context. */
  | { kind: "args" }
  | { kind: "none" }
  /** kstack/ustack: a stack id in a stack-trace map (ustack adds the pid), symbolized when printed. */
  | { kind: "stack"; user: boolean; mode: StackMode; limit: number }
  /** A kernel struct or union (BTF type `btf`), reached through a pointer (`user` when that
   * pointer addresses user memory). Fields are read from memory one by one; the whole value is
   * copied as its bytes (into a record, a map value or key) and laid out from BTF when printed. */
  | { kind: "struct"; name: string; btf: number; size: number; user?: boolean }
  /** A C array in memory (char arrays are strings instead), BTF type `btf`; read and copied as a struct is. */
  | { kind: "array"; elem: Type; length: number; elemSize: number; btf?: number; user?: boolean }
  /** ksym(addr)/usym(addr): an address printed as the symbol it falls in (usym adds the pid). */
  | { kind: "sym"; user: boolean }
  /** The value of a map that aggregates (count(), sum(), ...); only maps hold these. */
  | { kind: "agg"; agg: AggKind; signed: boolean; lhist?: LinearBuckets; /** hist(n, k): 2^k buckets per power of 2 */ bits?: number; tseries?: TimeSeriesLayout };

/** lhist(v, min, max, step): its constant bucket layout. */
export interface LinearBuckets {
  min: number;
  max: number;
  step: number;
}

/** tseries(v, interval, n[, fn]): its constant layout. */
export interface TimeSeriesLayout {
  intervalNs: bigint;
  intervals: number;
  /** How values landing in the same interval combine; "last" keeps the most recent one. */
  fn: "last" | "avg" | "sum" | "min" | "max";
}

/** Bytes of one interval of a tseries value: {value, meta, epoch + 1} (see builtins/tseries.ts). */
export const TSERIES_SLOT_BYTES = 24;

export type RenderKind = "timestamp" | "inet" | "strerror" | "username" | "syscall" | "signal_name" | "cgroup_path" | "macaddr";
/**
 * How a stack prints: bpftrace's `func+off` lines, perf's `\taddr func+off`, bare addresses, or
 * (user stacks only) the kernel's build id + file offset of each frame.
 */
export type StackMode = "bpftrace" | "perf" | "raw" | "build_id";
export const STACK_MODES: readonly StackMode[] = ["bpftrace", "perf", "raw", "build_id"];

export type AggKind = "count" | "sum" | "min" | "max" | "avg" | "stats" | "hist" | "lhist" | "tseries";

export const u64: Type = { kind: "int", bits: 64, signed: false };
export const s64: Type = { kind: "int", bits: 64, signed: true };
export const u32: Type = { kind: "int", bits: 32, signed: false };
export const boolT: Type = { kind: "bool" };
export const noneT: Type = { kind: "none" };
/** What `void *` points to: nothing that can be read (pointer arithmetic on it steps by 1 byte). */
export const voidT: Type = { kind: "none" };

export function intType(bits: IntBits, signed: boolean): Type {
  return { kind: "int", bits, signed };
}

/** An integer of C enum type `enumId` (printed as the enumerator's name). */
export function enumType(bits: IntBits, signed: boolean, enumId: number): Type {
  return { kind: "int", bits, signed, enumId };
}

export function strType(size: number): Type {
  return { kind: "str", size };
}

/** Scalars fit in one register; everything else lives in memory (stack, map value, record). */
export function isScalar(t: Type): boolean {
  return t.kind === "int" || t.kind === "bool" || t.kind === "ptr";
}

export function isIntegral(t: Type): boolean {
  return t.kind === "int" || t.kind === "bool";
}

export function isSigned(t: Type): boolean {
  return t.kind === "int" && t.signed;
}

// Arithmetic, not `& ~7`: sizes of C types reach past 2^31, where bitwise operators wrap to negative.
const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** Bytes a value of this type occupies in stack slots, map keys/values and output records.
 * Integers are widened to 8 bytes everywhere, as bpftrace does for map values. */
export function storageSize(t: Type): number {
  switch (t.kind) {
    case "int":
    case "bool":
    case "ptr":
      return 8;
    case "str":
      return align8(t.size);
    case "buf":
      return 8 + align8(t.size);
    case "rendered":
      // ntop keeps the address family beside 16 address bytes; the others are one u64.
      return t.as === "inet" ? 24 : 8;
    case "tuple":
      return t.elems.reduce((n, e) => n + storageSize(e), 0);
    case "agg":
      if (t.agg === "tseries") return TSERIES_SLOT_BYTES * t.tseries!.intervals;
      // The bucket counts, then the sum of the values counted (exported as a histogram's _sum).
      return t.agg === "hist" || t.agg === "lhist" ? 8 * (histogramSlots(t) + 1) : aggValueSize(t.agg);
    case "stack":
    case "sym":
      return t.user ? 16 : 8;
    case "struct":
      return align8(t.size);
    case "array":
      return align8(t.elemSize * t.length);
    case "args":
    case "none":
      return 0;
  }
}

/** Bytes of a scratch variable's stack slot: a struct or array variable keeps the address of the
 * value it was given (as bpftrace 0.17 does, so `$t = *curtask` fits in the 512-byte stack). */
export function slotSize(t: Type): number {
  return keptByAddress(t) ? 8 : storageSize(t);
}

/** Whether a scratch variable of this type keeps the address of its value (kernel structs and
 * arrays) rather than the value itself (everything else, arrays made by casts among them). */
export function keptByAddress(t: Type): boolean {
  return t.kind === "struct" || (t.kind === "array" && t.btf !== undefined);
}

/** Offsets of tuple elements within the tuple's storage. */
export function tupleOffsets(t: { elems: Type[] }): number[] {
  const offs: number[] = [];
  let off = 0;
  for (const e of t.elems) {
    offs.push(off);
    off += storageSize(e);
  }
  return offs;
}

/** Bytes of one CPU's copy of an aggregation's value. min/max keep a "set" flag beside the value
 * (a CPU that never saw a value must not win the combine); avg/stats keep count and sum. */
export function aggValueSize(agg: AggKind): number {
  return agg === "min" || agg === "max" || agg === "avg" || agg === "stats" ? 16 : 8;
}

/**
 * Histograms keep one map entry per user key whose value is the array of its bucket counts (one
 * u64 each), so has_key, len, delete and max_map_keys see the keys the user wrote, never buckets.
 */
export function isHistogram(t: Type): boolean {
  return t.kind === "agg" && (t.agg === "hist" || t.agg === "lhist");
}

/** Aggregations whose value is one array per key, created all zero (histograms, time series). */
export function isArrayAgg(t: Type): boolean {
  return isHistogram(t) || (t.kind === "agg" && t.agg === "tseries");
}

/** The largest value a per-CPU hash map may hold (the kernel's PCPU_MIN_UNIT_SIZE): 4096 buckets. */
export const MAX_HISTOGRAM_SLOTS = 32768 / 8;

/**
 * How many buckets a histogram's value has. hist(n, k): bucket 0 holds negatives; a value below
 * 2^63 has floor(log2) <= 62, so the highest bucket is ((64 - k) << k) (k = 0: 64, for 2^62..).
 * lhist: one below min, floor((max - min) / step) inside, one at or above max.
 */
export function histogramSlots(t: Type & { kind: "agg" }): number {
  if (t.agg === "lhist") return Math.floor((t.lhist!.max - t.lhist!.min) / t.lhist!.step) + 2;
  const k = t.bits ?? 0;
  return ((64 - k) << k) + 1;
}

export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "int":
      return true; // integers of any width and sign unify (stored as 64 bits)
    case "str":
    case "buf":
      return true; // strings of any size unify; storage takes the larger
    case "rendered":
      return a.as === (b as typeof a).as && a.fmt === (b as typeof a).fmt;
    case "tuple": {
      const bt = b as typeof a;
      if (a.names || bt.names) {
        // Records match by field names, in any order (stores follow the first one's order).
        const an = a.names;
        const bn = bt.names;
        if (!an || !bn || an.length !== bn.length) return false;
        return an.every((n, i) => bn.includes(n) && sameType(a.elems[i]!, bt.elems[bn.indexOf(n)]!));
      }
      return a.elems.length === bt.elems.length && a.elems.every((e, i) => sameType(e, bt.elems[i]!));
    }
    case "agg": {
      const x = a.lhist;
      const y = (b as typeof a).lhist;
      const s1 = a.tseries;
      const s2 = (b as typeof a).tseries;
      const sameSeries = !s1 || !s2 || (s1.intervalNs === s2.intervalNs && s1.intervals === s2.intervals && s1.fn === s2.fn);
      const sameBuckets = (!x || !y || (x.min === y.min && x.max === y.max && x.step === y.step)) && (a.bits ?? 0) === ((b as typeof a).bits ?? 0) && sameSeries;
      return a.agg === (b as typeof a).agg && sameBuckets;
    }
    case "stack": {
      const bt = b as typeof a;
      return a.user === bt.user && a.mode === bt.mode && a.limit === bt.limit;
    }
    case "sym":
      return a.user === (b as typeof a).user;
    case "struct":
      return a.btf === (b as typeof a).btf;
    case "array": {
      const bt = b as typeof a;
      return a.length === bt.length && sameType(a.elem, bt.elem);
    }
    default:
      return true;
  }
}

/** bpftrace 0.17's names for types in messages: `unsigned int64`, `string[16]`, `(int64,string[64])`. */
/** The smallest signed integer width that holds `v` (current bpftrace's type for a literal). */
export function literalWidth(v: bigint): IntBits {
  // Constant bounds: computing them per literal made a few BigInts each time.
  return v >= -0x80n && v < 0x80n ? 8 : v >= -0x8000n && v < 0x8000n ? 16 : v >= -0x8000_0000n && v < 0x8000_0000n ? 32 : 64;
}

/** A type as current bpftrace names it in messages: `int8` for a literal, `uint64`, `(int8,string[3])`. */
export function currentTypeName(t: Type): string {
  if (t.kind === "int" && t.enumId === undefined) return `${t.signed ? "" : "u"}int${t.literalBits ?? t.bits}`;
  if (t.kind === "tuple" && !t.names) return `(${t.elems.map(currentTypeName).join(",")})`;
  return typeName(t);
}

export function typeName(t: Type): string {
  switch (t.kind) {
    case "int":
      return `${t.signed ? "" : "unsigned "}int${t.bits}`;
    case "bool":
      return "bool";
    case "str":
      return `string[${t.size}]`;
    case "tuple":
      if (t.names) return `record { ${t.elems.map((e, i) => `.${t.names![i]} = ${typeName(e)}`).join(", ")} }`;
      return `(${t.elems.map(typeName).join(",")})`;
    case "ptr":
      return `${t.to.kind === "none" ? "void" : typeName(t.to)} *`;
    case "buf":
      return `buffer[${t.size}]`;
    case "rendered":
      return { timestamp: "timestamp", inet: "inet", strerror: "strerror_t", username: "username", syscall: "string", signal_name: "string", cgroup_path: "cgroup_path_t", macaddr: "macaddr_t" }[t.as];
    case "args":
      return "args";
    case "none":
      return "none";
    case "agg":
      return `${t.agg}_t`;
    case "stack":
      return `${t.user ? "u" : "k"}stack_${t.mode}_${t.limit}`;
    case "sym":
      return t.user ? "usym_t" : "ksym_t";
    case "struct":
      return t.name;
    case "array":
      return `${typeName(t.elem)}[${t.length}]`;
  }
}

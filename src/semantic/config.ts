/**
 * bpftrace's config variables: the script's `config = { max_strlen = 128; ... }` block, then the
 * environment, which wins (as in bpftrace). A key may be written `max_strlen`, `MAX_STRLEN` or
 * `BPFTRACE_MAX_STRLEN`; in the environment both `BPFTRACE_MAX_STRLEN` and ebt's own
 * `EBT_MAX_STRLEN` are read (the latter wins). Keys bpftrace knows but ebt has no use for yet are
 * accepted and have no effect, so scripts written for bpftrace still run.
 */
import type { Expr, Program } from "../ast/nodes.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import type { MissingProbes } from "../contracts/provider.js";
import type { StackMode } from "./types.js";
import { STACK_MODES } from "./types.js";

export interface Config {
  /** Bytes of a string buffer, terminator included (bpftrace 0.17's default: 64). */
  maxStrlen: number;
  /** Entries of each map (bpftrace's default: 4096). */
  maxMapKeys: number;
  /** What an attach point that matches nothing, or fails to attach, is: see semantic/missing-probes.ts. */
  missingProbes: MissingProbes;
  /** print_maps_on_exit: the maps print when the run ends. */
  printMapsOnExit: boolean;
  /** Printed after a string that was cut to max_strlen (bpftrace's default: `..`; empty: nothing). */
  strTruncTrailer: string;
  /** How kstack/ustack print when the call names no mode (stack_mode; bpftrace's default: bpftrace). */
  stackMode: StackMode;
  /** show_debug_info: user stacks and usym() add `@file:line` and inlined frames from DWARF. */
  showDebugInfo: boolean;
  /** Bytes of a file cat() prints at most (bpftrace's default: 10240). */
  maxCatBytes: number;
  /** Objects larger than this many bytes live in a scratch map when a probe's stack overflows. */
  onStackLimit: number;
  /** The license the programs declare (a GPL-compatible one: see LICENSES). */
  license: string;
  /** unstable_typeinfo: typeinfo() is an error (bpftrace's default), allowed with a warning, or allowed. */
  unstableTypeinfo: Unstable;
  /** log_size: bytes of the verifier log a program loads with under -v (bpftrace's default: 1000000). */
  logSize: number;
}

/** How an unstable feature of current bpftrace is treated (its `unstable_*` config values). */
export type Unstable = "error" | "warn" | "enable";

export const DEFAULT_CONFIG: Config = {
  maxStrlen: 64, maxMapKeys: 4096, missingProbes: "error", printMapsOnExit: true, strTruncTrailer: "..", stackMode: "bpftrace", showDebugInfo: true,
  maxCatBytes: 10240, license: "GPL", onStackLimit: 32, unstableTypeinfo: "error", logSize: 1000000,
};

type Kind = "number" | "string" | "bool";

/** bpftrace's config variables (its src/config.cpp) and the kind of value each takes. */
const KEYS: Record<string, Kind> = {
  cache_user_symbols: "string", cpp_demangle: "bool", lazy_symbolication: "bool", license: "string",
  log_size: "number", max_bpf_progs: "number", max_cat_bytes: "number", max_map_keys: "number",
  max_probes: "number", max_strlen: "number", on_stack_limit: "number", perf_rb_pages: "number",
  stack_mode: "string", str_trunc_trailer: "string", missing_probes: "string", print_maps_on_exit: "bool",
  use_blazesym: "bool", show_debug_info: "bool", unstable_import: "string", unstable_tseries: "string",
  unstable_typeinfo: "string", unstable_dw_ustack: "string", unstable_map_decl: "string",
  max_type_res_iterations: "number", symbol_source: "string",
};

/** Old names bpftrace still accepts, with a warning. */
const RENAMED: Record<string, string> = {
  strlen: "max_strlen", no_cpp_demangle: "cpp_demangle", cat_bytes_max: "max_cat_bytes", map_keys_max: "max_map_keys",
};

const ENV_ONLY = new Set(["btf", "kernel_build", "kernel_source", "vmlinux"]);

function normalise(key: string): string {
  const k = key.toLowerCase();
  return k.startsWith("bpftrace_") ? k.slice("bpftrace_".length) : k;
}

type Value = bigint | string;

/** Checks `key = value` and returns the canonical key, or an error message. */
function validate(key: string, value: Value): { key: string; renamed?: string } | { error: string } {
  let k = normalise(key);
  let renamed: string | undefined;
  if (!(k in KEYS) && k in RENAMED) {
    renamed = RENAMED[k]!;
    k = renamed;
  }
  if (!(k in KEYS)) {
    return { error: ENV_ONLY.has(k) ? `${key}: can only be set as an environment variable` : `${key}: not a known configuration option` };
  }
  const kind = KEYS[k]!;
  if (kind === "number" && typeof value === "string" && !/^\d+$/.test(value)) return { error: `${key}: expecting a number, got ${value}` };
  // Sizes the kernel takes as 32-bit numbers (a map's max_entries).
  if (kind === "number" && BigInt(value) > 0xffffffffn) return { error: `${key}: ${value} is too large (the largest is 4294967295)` };
  // A map of no entries is one the kernel refuses to create.
  if (k === "max_map_keys" && BigInt(value) < 1n) return { error: `${key}: must be at least 1` };
  if (kind === "bool" && !/^(true|false|1|0)$/.test(String(value))) {
    return { error: `${key}: Invalid bool value: valid values are true, false, 1 or 0.` };
  }
  if (k === "license" && !LICENSES.includes(String(value))) {
    // bpftrace's words, without the key in front; its list in the order it prints it.
    return {
      error: `Invalid value for license. Found: ${String(value)}. Valid values: ${LICENSES.join(", ")}. ` +
        "Read more about BPF programs and licensing: https://docs.kernel.org/bpf/bpf_licensing.html#using-bpf-programs-in-the-linux-kernel",
    };
  }
  if (k === "missing_probes" && !MISSING_PROBES.includes(String(value))) {
    return { error: `${key}: Invalid value for missing_probes: valid values are ignore, warn, and error.` };
  }
  if (k === "stack_mode" && !(STACK_MODES as readonly string[]).includes(String(value))) {
    return { error: `${key}: Invalid value for stack_mode: valid values are bpftrace, raw, perf, and build_id.` };
  }
  return { key: k, renamed };
}

function literal(e: Expr): Value | undefined {
  if (e.kind === "IntLit") return e.value;
  if (e.kind === "StrLit") return e.value;
  if (e.kind === "Identifier") return e.name;
  if (e.kind === "BoolLit") return e.value ? "true" : "false";
  return undefined;
}

const MISSING_PROBES: readonly string[] = ["error", "warn", "ignore"];
/** The GPL-compatible licenses the kernel lets a program call GPL-only helpers with (ebt's programs need them). */
const LICENSES: readonly string[] = ["Dual MIT/GPL", "Dual BSD/GPL", "Dual MPL/GPL", "GPL and additional rights", "GPL v2", "GPL"];

function apply(config: Config, key: string, value: Value): void {
  if (key === "max_strlen") config.maxStrlen = Number(value);
  else if (key === "max_map_keys") config.maxMapKeys = Number(value);
  else if (key === "missing_probes") config.missingProbes = String(value) as MissingProbes;
  else if (key === "print_maps_on_exit") config.printMapsOnExit = /^(true|1)$/.test(String(value));
  else if (key === "str_trunc_trailer") config.strTruncTrailer = String(value);
  else if (key === "stack_mode") config.stackMode = String(value) as StackMode;
  else if (key === "show_debug_info") config.showDebugInfo = /^(true|1)$/.test(String(value));
  else if (key === "max_cat_bytes") config.maxCatBytes = Number(value);
  else if (key === "license") config.license = String(value);
  else if (key === "on_stack_limit") config.onStackLimit = Number(value);
  else if (key === "unstable_typeinfo") config.unstableTypeinfo = String(value) as Unstable;
  else if (key === "log_size") config.logSize = Number(value);
}

/** The program's configuration: defaults, then its config block, then the environment. */
export function resolveConfig(program: Program, env: Record<string, string | undefined>, diags: Diagnostics, base: Config = DEFAULT_CONFIG): Config {
  const config = { ...base };
  let blocks = 0;
  for (const item of program.items) {
    if (item.kind !== "ConfigBlock") continue;
    if (++blocks > 1) {
      diags.error(item.span, "Only one config block is allowed");
      continue;
    }
    for (const entry of item.entries) {
      const value = literal(entry.value);
      if (value === undefined) {
        diags.error(entry.value.span, `${entry.key}: the value must be a literal`);
        continue;
      }
      const r = validate(entry.key, value);
      if ("error" in r) {
        diags.error(entry.span, r.error);
        continue;
      }
      if (r.renamed) diags.warning(entry.span, `${entry.key} has been renamed, please use ${r.renamed}`);
      apply(config, r.key, value);
    }
  }
  // Old names first (bpftrace 0.17 read BPFTRACE_STRLEN), so the current names win.
  for (const key of [...Object.keys(RENAMED), ...Object.keys(KEYS)]) {
    for (const prefix of ["BPFTRACE_", "EBT_"]) {
      const name = prefix + key.toUpperCase();
      const value = env[name];
      // An empty value is unset, except for the trailer, which it switches off.
      if (value === undefined || (value === "" && key !== "str_trunc_trailer")) continue;
      const r = validate(key, value);
      if ("error" in r) envError(diags, `${name}: ${r.error.slice(key.length + 2)}`);
      else apply(config, r.key, value);
    }
  }
  return config;
}

/** An environment variable has no place in the source: a span at line 0 renders as the message alone. */
function envError(diags: Diagnostics, message: string): void {
  const nowhere = { offset: 0, line: 0, col: 0 };
  diags.error({ file: "", start: nowhere, end: nowhere }, message);
}

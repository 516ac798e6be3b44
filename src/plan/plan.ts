/**
 * The plan: what the compiler hands the runtime — the programs to load, the maps to create and the
 * output record layouts. The compiler (compile.ts) produces it and runtime/ consumes it; this
 * module is what they share, so the runtime can load a plan without loading the compiler.
 */
import type { Assembled } from "../codegen/bpf/index.js";
import type { RecordLayout } from "./records.js";
import type { MissingProbes, ProbeTarget } from "../contracts/provider.js";
import type { MapInfo } from "../contracts/map-info.js";
import { storageSize } from "../semantic/types.js";
import type { ProgramOption } from "../semantic/program-options.js";

/** Function BTF for a program with subprograms: what BPF_PROG_LOAD needs to accept bpf_loop callbacks. */
export interface FuncBtf {
  /** The raw BTF for BPF_BTF_LOAD. */
  btf: Buffer;
  /** `struct bpf_func_info` records {insn_off, type_id}, 8 bytes each, in instruction order. */
  funcInfo: Buffer;
  funcInfoRecSize: 8;
}

export interface ProgramImage {
  target: ProbeTarget;
  progType: number;
  runOnce?: "begin" | "end";
  code: Assembled;
  /** Function BTF and func_info, for a program with subprograms (`for` loop bodies). */
  funcs?: FuncBtf;
  /** BTF-attached programs (tp_btf, fentry, iter): expected_attach_type and attach_btf_id. */
  attach?: { attachType: number; btfId: number };
  /** One program for all these targets (`target` is the first), on one link (Provider.multiAttach). */
  sites?: ProbeTarget[];
}

/** A kernel map as BPF_MAP_CREATE takes it. */
export interface MapSpec { type: number; keySize: number; valueSize: number; maxEntries: number; flags?: number; name?: string; innerMapFd?: number }

export interface MapPlan {
  /** The language name (`@x`, `@`), also the relocation name. */
  name: string;
  spec: MapSpec;
  /** For language maps: the types of keys and values, which decide how they print. */
  info?: MapInfo;
  perCpu: boolean;
}

export interface Plan {
  programs: ProgramImage[];
  maps: MapPlan[];
  records: RecordLayout[];
  /** Printed after a string cut to max_strlen (config str_trunc_trailer). */
  strTruncTrailer?: string;
  /** The run-time parts of the program's config. */
  config?: RunConfig;
  /** A program compiled ahead of time: its getopt() options, whose values are written into the
   * code when it runs (ld_imm64 option references, aot/options.ts). */
  options?: ProgramOption[];
}

export interface RunConfig {
  /** missing_probes: whether a probe that fails to attach ends the run (semantic/missing-probes.ts). */
  missingProbes: MissingProbes;
  /** print_maps_on_exit */
  printMapsOnExit: boolean;
  /** show_debug_info: user frames with `@file:line` and inlined functions (elf/symbolizer.ts). */
  showDebugInfo?: boolean;
  /** max_cat_bytes: how much of a file cat() prints. */
  maxCatBytes?: number;
  /** log_size: the verifier log's size when programs load under -v. */
  logSize?: number;
}

/** How many probes a plan attaches, as bpftrace announces them: the sites of one USDT probe count once. */
export function probeCount(plan: Plan): number {
  // A program on one link for many functions (sites) counts each function, as bpftrace does.
  return plan.programs.reduce((n, p) => n + (p.sites ? p.sites.length : p.target.additionalSite ? 0 : 1), 0);
}

// The maps every plan has besides the language's, by relocation name; programs write them and the
// runtime reads them.

/** The ring buffer every program writes its output records to. */
export const RINGBUF_MAP = "ringbuf";
/** A one-value array counting the records the ring buffer was too full to take. */
export const LOST_MAP = "lost_events";
/** Where in the lost-events map's value exit() leaves its mark (codegen/probe-codegen.ts). */
export const EXIT_FLAG_OFFSET = 8;
/** The generations map: one array value of GENERATION_SLOTS u64s (semantic/print-clear.ts). */
export const GENERATIONS_MAP = "generations";
/** The map-full counters: one array value of MAP_FULL_SLOTS u64s. */
export const MAP_FULL_MAP = "map_full";
export const MAP_FULL_SLOTS = 1024;
/** The perf event array skboutput() writes packets to (bpf_skb_output takes no ring buffer). */
export const PERF_OUTPUT_MAP = "perf_output";
/** A read-only array holding one all-zero value as large as the largest histogram's. */
export const ZEROES_MAP = "zeroes";

/** Relocation name of the stack map for `limit` frames (of addresses, or of build id + offset). */
export function stackMapName(limit: number, buildId = false): string {
  return buildId ? `stack_build_id_${limit}` : `stack_${limit}`;
}

/**
 * How a map's key is laid out: the user's keys like a tuple; a map without keys uses one zero u64.
 * A map printed and cleared in one step ends its key with the generation (semantic/print-clear.ts).
 */
export function keyLayout(info: MapInfo): { userBytes: number; total: number; genOffset?: number } {
  const keysBytes = info.keys.reduce((n, k) => n + storageSize(k), 0);
  const userBytes = info.keys.length === 0 ? 8 : keysBytes;
  if (info.genSlot !== undefined) return { userBytes, total: userBytes + 8, genOffset: userBytes };
  return { userBytes, total: userBytes };
}

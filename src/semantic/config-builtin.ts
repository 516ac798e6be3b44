/**
 * The `config` builtin (`config.max_strlen`, `config().stack_mode`, `__builtin_config`): a record
 * of the run's settings, with current bpftrace's field names. Like bpftrace, it is rewritten into
 * a record literal before type checking, so each field is a constant of the program.
 */
import type { Expr, Program } from "../ast/nodes.js";
import { rewrite, type AnyNode } from "../ast/walk.js";
import type { Span } from "../diagnostics/span.js";
import type { Config } from "./config.js";

const NAMES = new Set(["config", "__builtin_config"]);

function record(config: Config, span: Span): Expr {
  const int = (v: number) => ({ kind: "IntLit", value: BigInt(v), raw: String(v), span });
  const str = (v: string) => ({ kind: "StrLit", value: v, span });
  const bool = (v: boolean) => ({ kind: "BoolLit", value: v, span });
  // ebt's values where it has the setting; bpftrace's defaults for those it accepts but ignores.
  const fields: [string, object][] = [
    ["cpp_demangle", bool(true)],
    ["lazy_symbolication", bool(true)],
    ["print_maps_on_exit", bool(config.printMapsOnExit)],
    ["use_blazesym", bool(false)],
    ["show_debug_info", bool(config.showDebugInfo)],
    ["log_size", int(1000000)],
    ["max_bpf_progs", int(1024)],
    ["max_cat_bytes", int(config.maxCatBytes)],
    ["max_map_keys", int(config.maxMapKeys)],
    ["max_probes", int(1024)],
    ["max_strlen", int(config.maxStrlen)],
    ["on_stack_limit", int(config.onStackLimit)],
    ["perf_rb_pages", int(0)],
    ["str_trunc_trailer", str(config.strTruncTrailer)],
    ["unstable_import_statement", str("error")],
    ["unstable_tseries", str("enable")],
    ["unstable_typeinfo", str("error")],
    ["unstable_dw_ustack", str("warn")],
    ["missing_probes", str(config.missingProbes)],
    ["stack_mode", str(config.stackMode)],
    ["license", str(config.license)],
  ];
  return { kind: "RecordExpr", fields: fields.map(([name, value]) => ({ name, value: value as Expr, span })), span } as Expr;
}

/** Replaces every use of the builtin in the probes with the record of `config`. */
export function rewriteConfigBuiltin(program: Program, config: Config): void {
  const isConfig = (e: unknown) => {
    const x = e as { kind?: string; name?: string; args?: unknown[] };
    return (x.kind === "Identifier" || (x.kind === "Call" && x.args!.length === 0)) && NAMES.has(x.name!);
  };
  // Unchanged subtrees are kept (rewrite): most programs never name the builtin.
  const replace = (node: AnyNode, descend: (n: AnyNode) => unknown): unknown => {
    if (isConfig(node)) return record(config, node.span);
    // `config.max_strlen` is just that setting's literal: no record is built.
    const f = node as { kind: string; object?: unknown; field?: string | number; span: Span };
    if (f.kind === "FieldAccess" && isConfig(f.object)) {
      const whole = record(config, f.span) as Expr & { fields: { name: string; value: Expr }[] };
      const field = whole.fields.find((x) => x.name === f.field);
      if (field) return field.value;
    }
    return descend(node);
  };
  program.items = program.items.map((item) => (item.kind === "Probe" ? (rewrite(item, replace) as typeof item) : item));
}

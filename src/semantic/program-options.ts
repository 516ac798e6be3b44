/**
 * Program options: `getopt("name", default, "description")` in the script, set on the command line
 * after `--` (`ebt script.bt -- --name=5 --flag`), as current bpftrace has them. The default's type
 * is the option's type: none or a bool → bool, a non-negative integer → unsigned, a negative one →
 * signed, a string → string. The values are known before the program is compiled, so each call
 * becomes the literal it stands for. An unknown option, a value of the wrong type, or `--help`
 * (which lists the options) ends the run with bpftrace's ERROR/HINT lines.
 */
import type { Call, Program } from "../ast/nodes.js";
import { forEachNode, SKIP_CHILDREN } from "../ast/walk.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";
import { toByteString } from "../util/byte-strings.js";
import { parseInt64, parseUint } from "../util/parse-int.js";

export type OptionValue = boolean | bigint | string;

export interface ProgramOption {
  name: string;
  kind: "bool" | "uint" | "int" | "string";
  value: OptionValue;
  description: string;
}

/** What stops the run before it starts: bpftrace's lines for it (ERROR and HINT), exit code 1. */
export interface ProgramOptionsFailure {
  text: string;
}

/**
 * Replaces every getopt() call of `program` by its value under `named` (the words after `--` that
 * start with `--`, without those dashes). Mistakes in the calls are diagnostics; a problem with the
 * command line is returned.
 */
export function applyProgramOptions(program: Program, named: readonly string[], diags: Diagnostics, callsGetopt = true): ProgramOptionsFailure | undefined {
  // `callsGetopt` false: the program has no getopt() call (ast/mentions.ts), so its tree is not walked.
  const declared = callsGetopt ? declareProgramOptions(program, diags) : { options: [], calls: [] };
  if (!declared) return undefined;
  const values = optionValues(declared.options, named);
  if ("text" in values) return values;
  for (const { call, option } of declared.calls) replaceWithLiteral(call, values.get(option.name)!);
  return undefined;
}

/**
 * The options the program's getopt() calls declare, each once, with the calls (undefined after
 * reporting a mistake in a call). An ahead-of-time compiled program keeps its calls and sets the
 * values when it runs (aot/options.ts).
 */
export function declareProgramOptions(program: Program, diags: Diagnostics): { options: ProgramOption[]; calls: { call: Call; option: ProgramOption }[] } | undefined {
  const options = new Map<string, ProgramOption>();
  const calls: { call: Call; option: ProgramOption }[] = [];
  forEachCall(program, (call) => {
    const option = declaredOption(call, diags);
    if (!option) return;
    const seen = options.get(option.name);
    if (seen) {
      if (seen.value !== option.value || seen.kind !== option.kind) {
        diags.error(call.span, `Command line option '${option.name}' needs to have the same default value in all places it is used. Previous default value: ${String(seen.value)}`);
        return;
      }
      if (option.description && seen.description && option.description !== seen.description) {
        diags.error(call.span, `Command line option '${option.name}' must have the same description in all places it's used. Hint: You can wrap it in a macro`);
        return;
      }
      seen.description ||= option.description;
      calls.push({ call, option: seen });
      return;
    }
    options.set(option.name, option);
    calls.push({ call, option });
  });
  if (diags.hasErrors) return undefined;
  return { options: [...options.values()], calls };
}

/** Each option's value under `named` (its default when not given), or bpftrace's lines for what is wrong. */
export function optionValues(options: readonly ProgramOption[], named: readonly string[]): Map<string, OptionValue> | ProgramOptionsFailure {
  const byName = new Map(options.map((o) => [o.name, o]));
  const given = new Map<string, string | undefined>();
  const unexpected: string[] = [];
  for (const param of named) {
    const eq = param.indexOf("=");
    const name = eq < 0 ? param : param.slice(0, eq);
    given.set(name, eq < 0 ? undefined : param.slice(eq + 1));
    if (!byName.has(name)) unexpected.push(name);
  }
  if (unexpected.length > 0) return { text: unexpectedText(unexpected, [...options]) };

  const values = new Map<string, OptionValue>();
  for (const option of options) {
    if (!given.has(option.name)) {
      values.set(option.name, option.value);
      continue;
    }
    const v = valueOf(option, given.get(option.name));
    if (typeof v === "object" && v !== null && "error" in v) {
      return { text: `ERROR: program command line option --${option.name} ${v.error} (value: ${v.value})\n` };
    }
    values.set(option.name, v as OptionValue);
  }
  return values;
}

/** The option a getopt() call declares, or undefined after reporting why it declares none. */
export function declaredOption(call: Call, diags: Diagnostics): ProgramOption | undefined {
  const [nameArg, def, desc] = call.args;
  if (call.args.length < 1 || call.args.length > 3) {
    diags.error(call.span, "The 'getopt' function can take a maximum of three arguments and a minimum of one argument.");
    return undefined;
  }
  if (nameArg!.kind !== "StrLit") {
    diags.error(nameArg!.span, "First argument to 'getopt' must be a string literal.");
    return undefined;
  }
  let description = "";
  if (desc) {
    if (desc.kind !== "StrLit") {
      diags.warning(desc.span, "Function 'getopt' requires the third parameter to be a string literal.");
      return undefined;
    }
    description = desc.value;
  }
  const name = nameArg!.value;
  if (!def) return { name, kind: "bool", value: false, description };
  if (def.kind === "BoolLit") return { name, kind: "bool", value: def.value, description };
  if (def.kind === "StrLit") return { name, kind: "string", value: def.value, description };
  if (def.kind === "IntLit") return { name, kind: "uint", value: def.value, description };
  if (def.kind === "Unary" && def.op === "-" && def.operand.kind === "IntLit") return { name, kind: "int", value: -def.operand.value, description };
  diags.error(def.span, "Second argument to 'getopt' must be a string literal, integer literal, or a boolean literal.");
  return undefined;
}

/** The value `text` gives the option (undefined: `--name` alone), or bpftrace's complaint. */
function valueOf(option: ProgramOption, text: string | undefined): OptionValue | { error: string; value: string } {
  if (text === undefined) {
    if (option.kind === "bool") return true;
    return { error: option.kind === "string" ? "expects a string" : "expects an integer", value: "true" };
  }
  switch (option.kind) {
    case "bool": {
      const t = text.toLowerCase();
      if (["1", "true", "on", "yes"].includes(t)) return true;
      if (["0", "false", "off", "no"].includes(t)) return false;
      return { error: "expects a boolean (e.g. 'true')", value: text };
    }
    case "string":
      // A string literal's value is its bytes (parser/literals.ts); the command line's is UTF-8 text.
      return toByteString(text);
    case "uint":
    case "int": {
      const r = option.kind === "uint" ? parseUint(text) : parseInt64(text);
      return "error" in r ? { error: r.detail, value: text } : r.value;
    }
  }
}

/** bpftrace's ERROR and HINT for options the program does not define (`help` asks for the list). */
function unexpectedText(unexpected: string[], expected: ProgramOption[]): string {
  const help = unexpected.includes("help");
  const wrong = unexpected.filter((u) => u !== "help");
  let text = wrong.length > 0 ? `ERROR: unexpected program command line options: ${wrong.map((u) => `--${u}`).join(", ")}\n` : "";
  if (expected.length === 0) return text + "HINT: no custom program options defined.\n";
  const entries = expected.map((o) => `--${o.name}${help && o.description ? `: ${o.description}` : ""}`);
  // (bpftrace separates them with ": " here, plainly a slip for ", ".)
  text += help ? `HINT: expected program options:\n${entries.join("\n")}\n` : `HINT: expected program options: ${entries.join(", ")}\n`;
  return text;
}

function replaceWithLiteral(call: Call, value: OptionValue): void {
  const node = call as unknown as Record<string, unknown>;
  for (const k of Object.keys(node)) if (k !== "span") delete node[k];
  if (typeof value === "boolean") Object.assign(node, { kind: "BoolLit", value });
  else if (typeof value === "string") Object.assign(node, { kind: "StrLit", value });
  else if (value < 0n) {
    const operand = { kind: "IntLit", value: -value, raw: String(-value), span: call.span };
    Object.assign(node, { kind: "Unary", op: "-", operand });
  } else Object.assign(node, { kind: "IntLit", value, raw: String(value) });
}

/** Every getopt() call in the program, in source order. */
function forEachCall(program: Program, fn: (call: Call) => void): void {
  forEachNode(program.items, (n) => {
    if (n.kind !== "Call" || (n as unknown as Call).name !== "getopt") return;
    fn(n as unknown as Call);
    return SKIP_CHILDREN;
  });
}


/**
 * How many bytes an option's value takes in a program compiled ahead of time, where getopt() reads
 * it from constants set when the program runs: 8 for a number or bool; for a string, room for the
 * default and a longer value, with its NUL (aot/options.ts refuses a value that does not fit).
 */
export function optionBytes(option: ProgramOption): number {
  if (option.kind !== "string") return 8;
  const text = Buffer.byteLength(String(option.value), "latin1");
  return Math.max(STRING_OPTION_BYTES, Math.ceil((text + 1) / 8) * 8);
}

/** The room for a string option's value in a program compiled ahead of time (with its NUL). */
export const STRING_OPTION_BYTES = 64;

/** An option's value as the bytes getopt() reads in a program compiled ahead of time (`optionBytes` long). */
export function optionImage(option: ProgramOption, value: OptionValue): Buffer {
  const out = Buffer.alloc(optionBytes(option));
  if (typeof value === "string") out.write(value, "latin1");
  else out.writeBigUInt64LE(typeof value === "boolean" ? (value ? 1n : 0n) : BigInt.asUintN(64, value));
  return out;
}

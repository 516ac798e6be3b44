/**
 * Program options of a program compiled ahead of time: the words after `--` when it runs are
 * checked against its getopt() options (bpftrace's errors and --help list, as when compiling) and
 * their values written into the constants that read them (ld_imm64 option references).
 */
import type { Plan } from "../plan/plan.js";
import { optionImage, optionValues } from "../semantic/program-options.js";

/**
 * Writes the options' values under `named` into the plan's code; returns bpftrace's lines for a
 * command line that does not fit the options (unknown, ill-typed, --help), or for a string too long
 * for the room the program keeps for it.
 */
export function setOptions(plan: Plan, named: readonly string[]): string | undefined {
  const options = plan.options ?? [];
  const values = optionValues(options, named);
  if ("text" in values) return values.text;
  const images = new Map<string, Buffer>();
  for (const option of options) {
    const value = values.get(option.name)!;
    const room = optionImage(option, option.value).length;
    if (typeof value === "string" && Buffer.byteLength(value, "latin1") >= room) {
      return `ERROR: program command line option --${option.name} is too long for this compiled program: it holds at most ${room - 1} bytes (value: ${value})\n`;
    }
    images.set(option.name, optionImage(option, value));
  }
  for (const p of plan.programs) {
    for (const ref of p.code.options ?? []) {
      const eight = images.get(ref.option)!.subarray(ref.byte, ref.byte + 8);
      // ld_imm64: the low half of the constant in the first slot's imm, the high half in the second's.
      p.code.bytecode.writeUInt32LE(eight.readUInt32LE(0), ref.slot * 8 + 4);
      p.code.bytecode.writeUInt32LE(eight.readUInt32LE(4), (ref.slot + 1) * 8 + 4);
    }
  }
  return undefined;
}

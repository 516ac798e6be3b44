/**
 * getopt() in a program compiled ahead of time (`ebt --aot`). Elsewhere every call is replaced by
 * its value before checking (semantic/program-options.ts); a compiled-ahead program takes its
 * options when it runs, so each call reads constants that the loader writes the value into
 * (ld_imm64 with an option reference, patched by aot/options.ts) and holds the default until then.
 */
import { FP } from "../codegen/bpf/index.js";
import { Diagnostics } from "../diagnostics/diagnostic.js";
import { declaredOption, optionBytes, optionImage } from "../semantic/program-options.js";
import type { ProgramOption } from "../semantic/program-options.js";
import { boolT, s64, strType, u64 } from "../semantic/types.js";
import type { Call } from "../ast/nodes.js";
import { defineFunc } from "./builtin.js";
import type { Builtin } from "./builtin.js";

/** The option a call declares (its mistakes were reported when the options were declared). */
function optionOf(call: Call): ProgramOption | undefined {
  return declaredOption(call, new Diagnostics());
}

export const programOptions: readonly Builtin[] = [
  defineFunc({
    name: "getopt",
    doc: "the value of program option --NAME given after `--` (getopt(NAME[, default[, description]]))",
    arity: [1, 3],
    check(c, call) {
      const option = optionOf(call);
      if (!option) {
        c.error(call.span, "getopt() takes a string literal name and a literal default");
        return u64;
      }
      if (option.kind === "bool") return boolT;
      if (option.kind === "string") return strType(optionBytes(option));
      return option.kind === "int" ? s64 : u64;
    },
    emit(g, call, out) {
      const option = optionOf(call)!;
      const image = optionImage(option, option.value);
      if (option.kind !== "string") {
        const r = g.regs.alloc();
        g.asm.ldOption(r, { option: option.name, byte: 0 }, image.readBigUInt64LE(0));
        return r;
      }
      for (let i = 0; i < image.length; i += 8) {
        g.asm.ldOption(0, { option: option.name, byte: i }, image.readBigUInt64LE(i));
        g.asm.stx("u64", FP, out! + i, 0);
      }
      return undefined;
    },
  }),
];

/**
 * What a program compiled ahead of time (`ebt --aot`) cannot carry, as current bpftrace refuses it:
 * values the compiler writes into the code that belong to the machine or the moment of compiling
 * (positional parameters, kernel and user addresses, kernel struct layouts). Each is an error at its
 * place when compiling, never a compiled program that would do something else when it runs.
 */
import type { Call, Cast, Identifier } from "../ast/nodes.js";
import { forEachNode } from "../ast/walk.js";
import type { Diagnostics } from "../diagnostics/diagnostic.js";

/** Builtins that resolve an address while compiling and write it into the code. */
const ADDRESS_BUILTINS = new Set(["kaddr", "uaddr", "__builtin_kaddr", "__builtin_uaddr"]);

/** Reports every part of `program` (macros expanded) that cannot be compiled ahead of time. */
export function checkPortable(program: unknown, diags: Diagnostics): void {
  forEachNode(program, (n) => {
    switch (n.kind) {
      case "Positional":
        diags.error(n.span, "AOT does not yet support positional parameters");
        break;
      case "Call": {
        const call = n as unknown as Call;
        if (ADDRESS_BUILTINS.has(call.name)) diags.error(call.span, `AOT does not yet support ${call.name.replace(/^__builtin_/, "")}()`);
        else if (call.name === "curtask" || call.name === "__builtin_curtask") diags.error(call.span, "AOT does not yet support accessing `curtask`");
        break;
      }
      case "Identifier": {
        const id = n as unknown as Identifier;
        if (id.name === "curtask" || id.name === "__builtin_curtask") diags.error(id.span, "AOT does not yet support accessing `curtask`");
        break;
      }
      case "Cast": {
        // A kernel struct's layout is this kernel's: its fields would be read at the wrong offsets on another.
        const cast = n as unknown as Cast;
        if (/^(struct|union) /.test(cast.type.name)) diags.error(cast.span, "AOT does not yet support struct casts");
        break;
      }
    }
  });
}

/**
 * The probe's raw arguments and registers, wherever its probe type keeps them in the context:
 * arg0, arg1, ..., retval, reg("name"), and func (the traced function's name).
 */
import { CTX_REG } from "../codegen/regs.js";
import { FP, HELPERS, Label, R0, R1 } from "../codegen/bpf/index.js";
import { intType, u64, strType, voidT } from "../semantic/types.js";
import type { Gen } from "../contracts/gen.js";
import type { ArgLoad } from "../contracts/provider.js";
import type { Builtin } from "./builtin.js";
import { defineFunc, defineVar } from "./builtin.js";

const u8 = intType(8, false);

const argIndex = (name: string): number => Number(name.slice(3));

export const probeArgs: Builtin[] = [
  defineVar({
    name: "argN",
    pattern: /^arg\d+$/,
    doc: "argN: the Nth argument of the probe (rawtracepoint, kprobe, uprobe: raw uint64; usdt: as its note says)",
    type(c, node) {
      const n = argIndex(node.name);
      const load = c.target.provider.argLoad?.(c.target, n);
      if (typeof load === "string") c.error(node.span, load);
      if (load !== undefined) return typeof load === "string" ? u64 : load.type;
      const { provider } = c.target;
      if (provider.argOffset?.(n, c.target) === undefined) {
        // A probe with typed arguments, but not that many (tp_btf: the tracepoint's own).
        if (provider.args && n > 0 && provider.argOffset?.(0, c.target) !== undefined) c.error(node.span, `${c.target.name} has no ${node.name}`);
        else c.error(node.span, `The ${node.name} builtin can not be used with '${provider.name}' probes`);
      }
      return u64;
    },
    emit(g, node) {
      const load = g.target.provider.argLoad?.(g.target, argIndex(node.name));
      if (load !== undefined) return (load as ArgLoad).emit(g);
      const r = g.regs.alloc();
      g.asm.ldx("u64", r, CTX_REG, g.target.provider.argOffset!(argIndex(node.name), g.target)!);
      return r;
    },
  }),
  defineVar({
    name: "retval",
    doc: "retval: the value the traced function returned (kretprobe, uretprobe), as a uint64",
    type(c, node) {
      if (c.target.provider.retvalOffset?.(c.target) === undefined) {
        c.error(node.span, `The retval builtin can not be used with '${c.target.provider.name}' probes`);
      }
      return c.target.provider.retvalType?.(c.target) ?? u64;
    },
    emit(g, node) {
      const r = g.regs.alloc();
      const t = g.typeOf(node);
      // A typed retval narrower than its u64 slot (fexit of an int function): only its own bytes
      // are defined, sign-extended when signed.
      const bits = t.kind === "int" ? t.bits : 64;
      g.asm.ldx(({ 8: "u8", 16: "u16", 32: "u32", 64: "u64" } as const)[bits], r, CTX_REG, g.target.provider.retvalOffset!(g.target)!);
      if (t.kind === "int" && t.signed && bits < 64) {
        g.asm.aluImm("lsh", r, 64 - bits);
        g.asm.aluImm("arsh", r, 64 - bits);
      }
      return r;
    },
  }),
  defineFunc({
    name: "reg",
    doc: 'reg("name"): the value of register name (ip, sp, bp, ax, di, ...) when the probe fired',
    arity: [1, 1],
    check(c, call) {
      const arg = call.args[0]!;
      if (arg.kind !== "StrLit") {
        c.error(arg.span, "reg() expects a string literal");
        return u64;
      }
      const regOffset = c.target.provider.regOffset;
      if (!regOffset) c.error(call.span, `The reg function can not be used with '${c.target.provider.name}' probes`);
      else if (regOffset(arg.value) === undefined) c.error(arg.span, `'${arg.value}' is not a valid register`);
      return u64;
    },
    emit(g, call) {
      const name = (call.args[0] as { value: string }).value;
      const r = g.regs.alloc();
      g.asm.ldx("u64", r, CTX_REG, g.target.provider.regOffset!(name)!);
      return r;
    },
  }),
  defineVar({
    name: "func",
    doc: "func: the traced function (kprobe, fentry: its address as a kernel symbol, ksym_t; uprobe: its name)",
    type(c, node) {
      const { provider } = c.target;
      if (provider.funcName?.(c.target) === undefined) {
        c.error(node.span, `The func builtin can not be used with '${provider.name}' probes`);
      }
      // A ksym_t as in bpftrace, so `@m[tid] = func` goes with `@m[0] = ksym(0)` (xfsdist).
      if (provider.funcAddress) return { kind: "sym", user: false };
      // One size for every target, so `@[func]` keys agree across the probes of a wildcard.
      return strType(c.maxStrlen);
    },
    emit(g, node, out) {
      const how = g.target.provider.funcAddress;
      if (how === "ip") g.asm.ldx("u64", R0, CTX_REG, g.target.provider.regOffset!("ip")!);
      else if (how === "get_func_ip") {
        g.asm.movReg(R1, CTX_REG);
        g.asm.call(HELPERS.get_func_ip);
      } else {
        storeConstString(g, out!, g.target.provider.funcName!(g.target)!, (g.typeOf(node) as { size: number }).size);
        return undefined;
      }
      g.asm.stx("u64", FP, out!, R0);
      return undefined;
    },
  }),
  defineVar({
    name: "ctx",
    doc: "ctx: the probe's context, a typed pointer where the probe type has one (iter: struct bpf_iter__task *), else void *",
    // Every probe has a context, as in current bpftrace: where its type is not known here, a
    // `void *` that a cast can give a type (`((struct x *)ctx).x`).
    type: (c) => c.target.provider.ctxType?.(c.target) ?? { kind: "ptr", to: voidT, user: false },
    emit(g) {
      const r = g.regs.alloc();
      g.asm.movReg(r, CTX_REG);
      return r;
    },
  }),
  defineVar({
    name: "probetype",
    doc: "probetype: the type of the probe that fired (tracepoint, uprobe, ...; BEGIN and END are special)",
    type: (c) => strType(c.maxStrlen),
    emit(g, node, out) {
      const t = g.typeOf(node) as { kind: "str"; size: number };
      storeConstString(g, out!, probeType(g.target.provider), t.size);
      return undefined;
    },
  }),
  defineVar({
    name: "usermode",
    doc: "usermode: 1 when the probe interrupted user space (the saved cs register's privilege level is 3), else 0",
    type: () => u8,
    emit(g) {
      const r = g.regs.alloc();
      const { provider } = g.target;
      const cs = provider.regOffset?.("cs");
      if (cs !== undefined) {
        g.asm.ldx("u64", r, CTX_REG, cs);
        g.asm.aluImm("and", r, 3);
        const user = new Label("usermode_user");
        const done = new Label("usermode_done");
        g.asm.jmpImm("jeq", r, 3, user);
        g.asm.movImm(r, 0);
        g.asm.ja(done);
        g.asm.label(user);
        g.asm.movImm(r, 1);
        g.asm.label(done);
      } else {
        // BEGIN and END run for ebt's own process, from user space (bpftrace's are uprobes on
        // itself); other probes without saved registers (tracepoints, fentry, iter) run in the kernel.
        g.asm.movImm(r, provider.runOnce ? 1 : 0);
      }
      return r;
    },
  }),
  defineVar({
    name: "probe",
    doc: "probe: the full name of the probe that fired, e.g. tracepoint:syscalls:sys_enter_openat",
    // One size for every target, so `@[probe]` keys agree across the probes of a wildcard.
    type: (c) => strType(c.maxStrlen),
    emit(g, node, out) {
      const t = g.typeOf(node) as { kind: "str"; size: number };
      // Current bpftrace names BEGIN/END by their current spelling, however the script wrote them.
      const name = g.target.provider.runOnce ?? g.target.name;
      storeConstString(g, out!, name, t.size);
      return undefined;
    },
  }),
];

/** Writes `text` (cut to fit, NUL-padded) as a string of `size` bytes at r10+off. */
export function storeConstString(g: Gen, off: number, text: string, size: number): void {
  const bytes = Buffer.alloc((size + 7) & ~7);
  bytes.write(text.slice(0, size - 1), "latin1");
  for (let i = 0; i < bytes.length; i += 8) {
    g.asm.ldImm64(0, bytes.readBigInt64LE(i));
    g.asm.stx("u64", 10, off + i, 0);
  }
}

/** bpftrace's probe type names: BEGIN and END are "special". */
function probeType(provider: { name: string; runOnce?: string }): string {
  return provider.runOnce ? "special" : provider.name;
}

/**
 * Stacks and symbols: kstack, ustack (also with a mode and a frame limit), ksym, usym, kaddr, uaddr.
 * Programs only record addresses and stack ids; names are found in user space when printed
 * (runtime/symbols.ts), from /proc/kallsyms and the ELF files the process maps.
 */
import { BPF_F_USER_STACK } from "../abi/uapi.js";
import type { Call, Expr, Identifier } from "../ast/nodes.js";
import type { Reg } from "../codegen/bpf/index.js";
import { FP, HELPERS, Label, R0, R1, R2, R3, R4 } from "../codegen/bpf/index.js";
import { CTX_REG } from "../codegen/regs.js";
import { stackPointer } from "../codegen/frame.js";
import { stackMapName } from "../plan/plan.js";
import { DEFAULT_STACK_LIMIT } from "../codegen/stack-maps.js";
import { openElfCached, ElfError } from "../elf/elf.js";
import { BTF_KIND, kernelBtf } from "../btf/btf.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import type { IntBits, StackMode, Type } from "../semantic/types.js";
import { STACK_MODES, isScalar, typeName, u64 } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineFunc } from "./builtin.js";
import type { Gen } from "../contracts/gen.js";


/** `kstack` is written bare or called: a bare name has no arguments. */
const argsOf = (node: Identifier | Call): readonly Expr[] => (node.kind === "Call" ? node.args : []);

/** kstack([mode][, limit]) / ustack(...): the mode is a bare name, the limit an integer literal. */
function checkStack(c: CheckCtx, node: Identifier | Call, user: boolean): Type {
  const name = node.name;
  let mode: StackMode = c.stackMode;
  // bpftrace: a configured build_id mode cannot apply to kernel stacks, which fall back to raw.
  if (!user && mode === "build_id") {
    c.warning(node.span, "'build_id' stack mode can only be used for ustack. Falling back to 'raw' mode.");
    mode = "raw";
  }
  let limit = DEFAULT_STACK_LIMIT;
  const args = argsOf(node);
  args.forEach((a, i) => {
    if (a.kind === "Identifier" && i === 0) {
      if (!(STACK_MODES as readonly string[]).includes(a.name)) c.error(a.span, `${name}() expects a stack mode (${STACK_MODES.join(", ")}), not '${a.name}'`);
      else if (!user && a.name === "build_id") c.error(node.span, "'build_id' stack mode can only be used for ustack");
      else mode = a.name as StackMode;
    } else if (a.kind === "IntLit" && (i === 1 || args.length === 1)) {
      if (a.value < 1n || a.value > BigInt(DEFAULT_STACK_LIMIT)) {
        c.error(a.span, `${name}() limit must be between 1 and ${DEFAULT_STACK_LIMIT} (the kernel's perf_event_max_stack)`);
      } else limit = Number(a.value);
    } else {
      c.error(a.span, i === 0 && args.length === 2 ? `${name}() expects a stack mode literal` : `${name}() expects an integer limit literal`);
    }
  });
  return { kind: "stack", user, mode, limit };
}

/** r0 = bpf_get_stackid(ctx, stack map, flags): a negative errno when there is no stack to take. */
function emitStack(g: Gen, node: Identifier | Call, out: number | undefined): undefined {
  const t = g.typeOf(node) as Type & { kind: "stack" };
  const { asm } = g;
  asm.movReg(R1, CTX_REG);
  asm.ldMapFd(R2, g.mapRef(stackMapName(t.limit, t.mode === "build_id")));
  asm.movImm(R3, t.user ? BPF_F_USER_STACK : 0);
  asm.call(HELPERS.get_stackid);
  asm.stx("u64", FP, out!, R0);
  if (g.countStackFrames) storeFrameCount(g, t, out!);
  // A user stack is symbolized in the process it was taken in: keep its pid beside it.
  if (t.user) storePid(g, out! + 8);
  return undefined;
}

/** Where a stack's frame count lives in its id's u64: bits 32..39 (the id itself is an s32). */
export const STACK_FRAMES_SHIFT = 32;

/**
 * With a stack id just stored at r10+out (r0 still holds it): how many frames the stack has, up to
 * its limit, into bits 32..39 of that u64, for len(). Found by binary lifting with bpf_get_stack
 * into 8 bytes: frame k exists when skipping k of them still leaves one (the skip count is the low
 * 8 bits of the flags), so 7 walks for 127 frames, and 8 bytes of stack rather than a frame buffer.
 */
function storeFrameCount(g: Gen, t: Type & { kind: "stack" }, out: number): void {
  const { asm } = g;
  const done = new Label("frames_done");
  // No stack (a negative errno): no count either.
  asm.jmpImm("jslt", R0, 0, done);
  const n = g.regs.alloc();
  const mark = g.stack.mark();
  const buf = g.stack.alloc(8);
  asm.movImm(n, 0);
  for (let step = 64; step >= 1; step >>= 1) {
    if (step > t.limit) continue;
    const next = new Label("frames_next");
    asm.movReg(R4, n);
    asm.aluImm("add", R4, step);
    asm.jmpImm("jgt", R4, t.limit, next);
    asm.aluImm("add", R4, -1);
    if (t.user) asm.aluImm("or", R4, BPF_F_USER_STACK);
    asm.movReg(R1, CTX_REG);
    stackPointer(asm, R2, buf);
    asm.movImm(R3, 8);
    asm.call(HELPERS.get_stack);
    asm.jmpImm("jsle", R0, 0, next);
    asm.aluImm("add", n, step);
    asm.label(next);
  }
  asm.aluImm("lsh", n, STACK_FRAMES_SHIFT);
  asm.ldx("u64", R1, FP, out);
  asm.aluReg("or", R1, n);
  asm.stx("u64", FP, out, R1);
  g.stack.release(mark);
  g.regs.release(n);
  asm.label(done);
}

function storePid(g: Gen, off: number): void {
  g.asm.call(HELPERS.get_current_pid_tgid);
  g.asm.aluImm("rsh", R0, 32);
  g.asm.stx("u64", FP, off, R0);
}

function checkAddress(c: CheckCtx, call: Call, user: boolean): Type {
  const t = c.check(call.args[0]!);
  if (!isScalar(t)) c.error(call.args[0]!.span, `${call.name}() expects an integer or pointer argument (${typeName(t)} provided)`);
  return { kind: "sym", user };
}

function emitAddress(g: Gen, call: Call, out: number | undefined, user: boolean): undefined {
  const r = g.scalar(call.args[0]!);
  g.asm.stx("u64", FP, out!, r);
  g.regs.release(r);
  if (user) storePid(g, out! + 8);
  return undefined;
}

/** The symbol name argument of kaddr/uaddr, which must be a literal. */
function symbolName(c: CheckCtx, call: Call): string | undefined {
  const a = call.args[0]!;
  if (a.kind === "StrLit") return a.value;
  c.error(a.span, `${call.name}() expects a string literal`);
  return undefined;
}

/** The address of `name` in the binary a uprobe is attached to (its ELF address, as bpftrace gives). */
function userAddress(path: string, name: string): bigint | undefined {
  try {
    const elf = openElfCached(path);
    // Globals as well as functions: uaddr("ps1_prompt") is bpftrace's own example.
    const f = elf.findSymbol(name) ?? elf.findFunction(name);
    return f === undefined ? undefined : BigInt(f.addr);
  } catch (e) {
    if (e instanceof ElfError) return undefined;
    throw e;
  }
}

/** The size of symbol `name` in `path` (its st_size), 0 when unknown. */
function userSymbolSize(path: string, name: string): number {
  try {
    const elf = openElfCached(path);
    return (elf.findSymbol(name) ?? elf.findFunction(name))?.size ?? 0;
  } catch (e) {
    if (e instanceof ElfError) return 0;
    throw e;
  }
}

function constAddress(g: Gen, value: bigint): Reg {
  const r = g.regs.alloc();
  g.asm.ldImm64(r, BigInt.asIntN(64, value));
  return r;
}

export const symbols: Builtin[] = [
  defineFunc({
    name: "kstack",
    doc: "kstack, kstack(mode, limit): the kernel stack, printed as symbols (modes bpftrace, perf, raw)",
    arity: [0, 2],
    bare: true,
    check: (c, call) => checkStack(c, call, false),
    emit: (g, call, out) => emitStack(g, call, out),
  }),
  defineFunc({
    name: "ustack",
    doc: "ustack, ustack(mode, limit): the user stack, symbolized from the process's mapped files",
    arity: [0, 2],
    bare: true,
    check: (c, call) => checkStack(c, call, true),
    emit: (g, call, out) => emitStack(g, call, out),
  }),
  defineFunc({
    name: "ksym",
    doc: "ksym(addr): the kernel function containing addr, printed by name",
    arity: [1, 1],
    check: (c, call) => checkAddress(c, call, false),
    emit: (g, call, out) => emitAddress(g, call, out, false),
  }),
  defineFunc({
    name: "usym",
    doc: "usym(addr): the user function containing addr in the current process, printed by name",
    arity: [1, 1],
    check: (c, call) => checkAddress(c, call, true),
    emit: (g, call, out) => emitAddress(g, call, out, true),
  }),
  defineFunc({
    name: "kaddr",
    doc: 'kaddr("name"): the address of a kernel symbol (from /proc/kallsyms)',
    arity: [1, 1],
    check(c, call) {
      const name = symbolName(c, call);
      if (name !== undefined && c.kernel.kernelSymbolAddress(name) === undefined) c.error(call.span, `Failed to resolve kernel symbol: ${name}`);
      return u64;
    },
    emit: (g, call) => constAddress(g, g.kernel.kernelSymbolAddress((call.args[0] as { value: string }).value)!),
  }),
  defineFunc({
    name: "percpu_kaddr",
    doc: 'percpu_kaddr("name"[, cpu]): the address of the per-CPU kernel variable name on this CPU (or on cpu; 0 when there is no such CPU), as a uint64 *',
    arity: [1, 2],
    check(c, call) {
      const name = symbolName(c, call);
      if (call.args[1]) {
        const t = c.check(call.args[1]);
        if (!isScalar(t)) c.error(call.args[1].span, `percpu_kaddr() expects an integer CPU (${typeName(t)} provided)`);
      }
      if (name !== undefined && percpuVariable(name) === undefined) c.error(call.span, `Could not resolve variable "${name}" from BTF`);
      else if (name !== undefined && c.kernel.kernelSymbolAddress(name) === undefined) {
        // The kernel finds the variable's address by name when it loads the program.
        c.error(call.span, `percpu_kaddr(): the kernel does not list "${name}" in /proc/kallsyms (variables are listed with CONFIG_KALLSYMS_ALL), so it cannot give its address`);
      }
      return { kind: "ptr", to: u64, user: false };
    },
    emit(g, call) {
      // The verifier checks that the variable is per-CPU: the helpers take only such BTF variables.
      const id = percpuVariable((call.args[0] as { value: string }).value)!;
      const cpu = call.args[1] ? g.scalar(call.args[1]) : undefined;
      g.asm.ldBtfVar(R1, id);
      if (cpu === undefined) g.asm.call(HELPERS.this_cpu_ptr);
      else {
        g.asm.movReg(R2, cpu);
        g.regs.release(cpu);
        g.asm.call(HELPERS.per_cpu_ptr);
      }
      const r = g.regs.alloc();
      g.asm.movReg(r, R0);
      return r;
    },
  }),
  defineFunc({
    name: "uaddr",
    doc: 'uaddr("name"): the address of a symbol in the probed binary (uprobe and usdt probes), as a pointer to an integer of its size',
    arity: [1, 1],
    check(c, call) {
      const name = symbolName(c, call);
      const path = c.target.detail.path;
      if (typeof path !== "string") c.error(call.span, `uaddr can only be used with uprobe and usdt probes`);
      else if (name !== undefined && userAddress(path, name) === undefined) c.error(call.span, `Could not resolve symbol: ${path}:${name}`);
      // As in bpftrace: a pointer into the process to an integer of the symbol's size (1, 2 or 4
      // bytes; anything else reads 8), so *uaddr("counter") reads the variable.
      const size = typeof path === "string" && name !== undefined ? userSymbolSize(path, name) : 8;
      const bits = (size === 1 || size === 2 || size === 4 ? size * 8 : 64) as IntBits;
      return { kind: "ptr", to: { kind: "int", bits, signed: true }, user: true };
    },
    emit: (g, call) => {
      const path = String(g.target.detail.path);
      const addr = userAddress(path, (call.args[0] as { value: string }).value)!;
      const probed = probedAddress(path, g.target.detail.offset);
      if (probed === undefined) return constAddress(g, addr);
      // A PIE or library is loaded at a base chosen when it runs: the probed instruction's
      // address (bpf_get_func_ip, for uprobes since 6.4) less its ELF address is that base.
      g.asm.movReg(R1, CTX_REG);
      g.asm.call(HELPERS.get_func_ip);
      const r = g.regs.alloc();
      g.asm.movReg(r, R0);
      const delta = constAddress(g, addr - BigInt(probed));
      g.asm.aluReg("add", r, delta);
      g.regs.release(delta);
      return r;
    },
  }),
];

/** The ELF address of the probe at file offset `offset` of `path` when `path` is position independent. */
function probedAddress(path: string, offset: string | number | undefined): number | undefined {
  if (offset === undefined) return undefined;
  try {
    const elf = openElfCached(path);
    return elf.isPie ? elf.offsetToVaddr(Number(offset) - elf.base) : undefined;
  } catch (e) {
    if (e instanceof ElfError) return undefined;
    throw e;
  }
}

/** The vmlinux BTF id of the kernel variable `name`, if BTF describes one. */
function percpuVariable(name: string): number | undefined {
  return kernelBtf()?.find(name, BTF_KIND.VAR)[0];
}

/**
 * Emits one probe program: prologue, predicate, body, epilogue. Expressions are evaluated either
 * into pool registers (scalars) or into stack memory (strings, tuples); statements use both.
 */
import { toByteString } from "../util/byte-strings.js";
import type { AssignOp, CompoundOp, Expr, MapAccess, Node, Stmt } from "../ast/nodes.js";
import type { MapInfo } from "../contracts/map-info.js";
import type { CheckedProbe } from "../semantic/check.js";
import type { Type } from "../semantic/types.js";
import { isScalar, keptByAddress, slotSize, storageSize, tupleOffsets } from "../semantic/types.js";
import type { Reg } from "./bpf/index.js";
import { Asm, BPF_EXIT, BPF_JA, BPF_JMP, FP, HELPERS, Label, R0, R1, R2, R3, R4 } from "./bpf/index.js";
import { stackPointer } from "./frame.js";
import type { Gen } from "../contracts/gen.js";
import type { KernelInfo } from "../contracts/kernel-info.js";
import { castIntoArray, emitBinary, emitCast, emitUnary } from "./operators.js";
import { elementIndex } from "../semantic/tuples.js";
import { readAgg, readAggAt } from "./agg-read.js";
import { BPF_ANY } from "../abi/uapi.js";
import { EXIT_FLAG_OFFSET, keyLayout, LOST_MAP, RINGBUF_MAP } from "../plan/plan.js";
import { buildKey, lookup, update } from "./map-ops.js";
import { joinSpans } from "../diagnostics/span.js";
import type { RecordTable, RecordType } from "../plan/records.js";
import { CTX_REG, RegPool, SCRATCH_REG } from "./regs.js";
import type { ForStmt } from "../semantic/scopes.js";
import { SCRATCH_BIAS, ScratchArea, StackAlloc, scratchOffset } from "./stack.js";
import { MISSING_KEY, runtimeWarning } from "./runtime-warning.js";
import { emitPidFilter } from "./pid-filter.js";
import { argInto } from "./ctx-args.js";
import { holdsAddress, isMemoryAccess, loadScalar, readInto, storeAddress } from "./kernel-memory.js";
import { offsetofValue, sizeofValue } from "../semantic/check-kernel.js";
import { pointeeSize } from "../semantic/kernel-types.js";

/** A `for` body waiting to be emitted as a callback subprogram after the program's main body. */
interface PendingCallback {
  label: Label;
  stmt: ForStmt;
  /** Slots in the caller's frame, relative to the pointer the callback gets as its ctx. */
  parent: { vars: Map<string, number>; ret: number; from?: number; scratchPtr?: number };
  /** The caller's variables kept in the scratch area: the callback uses them where they are. */
  shared: Map<string, number>;
  /** Where the callback's own scratch objects start: after what the caller holds at the loop. */
  scratchFrom: number;
  /** The caller's frame: final once the callback is emitted (callbacks come after their caller). */
  callerStack: StackAlloc;
}

/** Per stack frame (the probe's, or one loop callback's): slots for the probe ctx and the return flag,
 * and with a scratch area, its address (callbacks load it from there). */
interface FrameSlots {
  ctx: number;
  ret: number;
  scratchPtr?: number;
}

/** A program whose objects outgrow the stack: its scratch area and the per-CPU map that holds it. */
export interface ScratchSpace {
  area: ScratchArea;
  map: string;
}

export class ProbeCodegen implements Gen {
  readonly asm = new Asm();
  // The frame state below is replaced while a loop callback is emitted (it has its own stack frame).
  stack: StackAlloc;
  regs: RegPool;
  exitLabel = new Label("exit");
  /** Where `return VALUE` goes, with the value in R0 (test: probes fail by returning non-zero). */
  private retLabel = new Label("return");
  private scratchSlots = new Map<string, number>();
  private loops: { brk: Label; cont: Label }[] = [];
  private frame?: FrameSlots;
  private readonly pending: PendingCallback[] = [];
  /** The subprograms emitted after the main body, for the BTF func_info the verifier demands. */
  readonly callbacks: { label: Label; shape: "loop-callback" | "each-callback" }[] = [];

  constructor(
    private readonly probe: CheckedProbe,
    readonly maps: ReadonlyMap<string, MapInfo>,
    private readonly records: RecordTable,
    private readonly positional: string[],
    readonly helperChecks: number,
    readonly kernel: KernelInfo,
    /** Some probe calls exit(): every other probe returns at once after it ran. */
    private readonly exitGuard = false,
    /** Big objects go to this scratch area instead of the stack (codegen/stack.ts). */
    private readonly scratch?: ScratchSpace,
    readonly countStackFrames = false,
  ) {
    this.stack = new StackAlloc(scratch?.area);
    this.regs = new RegPool(scratch !== undefined);
    if (scratch) {
      this.asm.relocateFrame = (off) => {
        const at = scratchOffset(off);
        return at === undefined ? undefined : { reg: SCRATCH_REG, off: scratch.area.offset(at) };
      };
    }
  }

  get target() {
    return this.probe.target;
  }

  get args() {
    return this.probe.args;
  }

  emit(): Asm {
    const { asm, probe } = this;
    asm.at(probe.ast.span);
    asm.movReg(CTX_REG, R1);
    if (this.scratch) this.loadScratch();
    this.enterFrame(undefined);
    emitPidFilter(this);
    const { runOnce, trigger } = probe.target.provider;
    if (this.exitGuard && runOnce === undefined && trigger !== "test" && trigger !== "bench") {
      // Between exit() and the detach, a fast probe would still change maps that are about to be
      // printed (its output is dropped anyway): bpftrace's tests rely on exit() being final.
      // BEGIN runs before any exit() could, END after: they need no check; --test and --bench run
      // each probe on its own, and one that exits fails alone.
      asm.ldMapValue(R1, this.mapRef(LOST_MAP), EXIT_FLAG_OFFSET);
      asm.ldx("u64", R1, R1, 0);
      asm.jmpImm("jne", R1, 0, this.exitLabel);
    }
    probe.target.provider.prologue?.(this);
    if (probe.ast.predicate) {
      asm.at(probe.ast.predicate.span);
      const r = this.scalar(probe.ast.predicate);
      asm.jmpImm("jeq", r, 0, this.exitLabel);
      this.regs.release(r);
    }
    this.stmts(probe.ast.body.stmts);
    asm.at(probe.ast.body.span);
    // Only `return VALUE` may reach the end: then `r0 = 0` would be dead code, which the verifier refuses.
    if (this.reachable || this.used(this.exitLabel) || !this.used(this.retLabel)) {
      asm.label(this.exitLabel);
      asm.movImm(R0, 0);
    }
    if (this.used(this.retLabel)) asm.label(this.retLabel);
    asm.exit();
    while (this.pending.length > 0) this.emitCallback(this.pending.shift()!);
    return asm;
  }

  /**
   * SCRATCH_REG = this CPU's entry of the scratch map (an array with one entry per possible CPU; a
   * program runs on one CPU from start to end). Never missing, but the verifier wants the check.
   */
  private loadScratch(): void {
    const { asm } = this;
    const { area, map } = this.scratch!;
    const mark = this.stack.mark();
    const key = this.stack.alloc(8);
    asm.call(HELPERS.get_smp_processor_id);
    asm.stx("u32", FP, key, R0);
    asm.ldMapFd(R1, this.mapRef(map));
    stackPointer(asm, R2, key);
    asm.call(HELPERS.map_lookup_elem);
    asm.jmpImm("jeq", R0, 0, this.exitLabel);
    asm.movReg(SCRATCH_REG, R0);
    if (area.biased) asm.aluImm("add", SCRATCH_REG, SCRATCH_BIAS);
    this.stack.release(mark);
  }

  /**
   * Allocates and zeroes the slots of the variables this frame owns: a read on a path that skipped
   * the assignment sees 0 instead of failing the verifier's uninitialised-stack check. A probe with
   * `for` loops also keeps its ctx pointer and a "returned" flag where its callbacks can reach them.
   */
  private enterFrame(owner: ForStmt | undefined): void {
    const { probe } = this;
    for (const [key, t] of probe.scratch) {
      if (probe.scopes.vars.get(key)?.frame !== owner) continue;
      const off = this.stack.alloc(slotSize(t));
      this.scratchSlots.set(key, off);
      this.zero(off, slotSize(t));
    }
    if (probe.scopes.loopOuter.size === 0) return;
    this.frame = { ctx: this.stack.alloc(8), ret: this.stack.alloc(8) };
    this.asm.stx("u64", FP, this.frame.ctx, CTX_REG);
    this.asm.st("u64", FP, this.frame.ret, 0);
    if (this.scratch) {
      this.frame.scratchPtr = this.stack.alloc(8);
      this.asm.stx("u64", FP, this.frame.scratchPtr, SCRATCH_REG);
    }
  }

  // ------------------------------------------------------------------ for loops

  /**
   * `for`: the body becomes a callback of bpf_loop (ranges) or bpf_for_each_map_elem (maps). Its
   * ctx argument points at this frame's ctx slot; through it the callback reaches the probe ctx,
   * the outer variables it copies in and back out, the range start, and the "returned" flag that
   * `return` or `exit()` in the body sets, which makes this frame leave too.
   */
  private forLoop(s: ForStmt): void {
    const { asm } = this;
    const frame = this.frame!;
    const label = new Label("for_body");
    const rel = (off: number) => off - frame.ctx;
    const vars = new Map<string, number>();
    const shared = new Map<string, number>();
    for (const key of this.probe.scopes.loopOuter.get(s)!) {
      const slot = this.scratchSlots.get(key)!;
      if (scratchOffset(slot) !== undefined) shared.set(key, slot);
      else vars.set(key, rel(slot));
    }
    const parent: PendingCallback["parent"] = { vars, ret: rel(frame.ret) };
    if (frame.scratchPtr !== undefined) parent.scratchPtr = rel(frame.scratchPtr);
    if (s.kind === "ForRangeStmt") {
      // Both ends are evaluated once, before the first iteration.
      const from = this.stack.alloc(8);
      const r = this.scalar(s.from);
      asm.stx("u64", FP, from, r);
      this.regs.release(r);
      parent.from = rel(from);
      const n = this.scalar(s.to);
      asm.ldx("u64", R0, FP, from);
      asm.aluReg("sub", n, R0);
      // An empty range skips bpf_loop rather than calling it with 0: the verifier then never
      // visits the callback yet keeps the instruction that names it, and a later callback in the
      // same program makes it fail with "verifier bug: No program to jit" (kernel 6.18).
      const skip = new Label("for_empty");
      asm.jmpImm("jsle", n, 0, skip);
      asm.movReg(R1, n);
      this.regs.release(n);
      asm.ldFunc(R2, label);
      stackPointer(asm, R3, frame.ctx);
      asm.movImm(R4, 0);
      asm.call(HELPERS.loop);
      asm.label(skip);
    } else {
      asm.ldMapFd(R1, this.mapRef(s.map.name));
      asm.ldFunc(R2, label);
      stackPointer(asm, R3, frame.ctx);
      asm.movImm(R4, 0);
      asm.call(HELPERS.for_each_map_elem);
    }
    // The body returned: the slot holds its return value plus one (see emitCallback).
    asm.ldx("u64", R0, FP, frame.ret);
    const done = new Label("for_done");
    asm.jmpImm("jeq", R0, 0, done);
    asm.aluImm("sub", R0, 1);
    asm.ja(this.retLabel);
    asm.label(done);
    this.pending.push({ label, stmt: s, parent, shared, scratchFrom: this.stack.scratchCursor, callerStack: this.stack });
  }

  /** One loop body as a subprogram: prologue, copy-in, body, and the continue/break/return exits. */
  private emitCallback(cb: PendingCallback): void {
    const { asm } = this;
    const { stmt } = cb;
    this.stack = new StackAlloc(this.scratch?.area, cb.scratchFrom, cb.callerStack.chainDepth);
    this.regs = new RegPool(this.scratch !== undefined);
    this.scratchSlots = new Map(cb.shared);
    this.exitLabel = new Label("for_return");
    this.retLabel = new Label("for_return_value");
    const cont = new Label("for_next");
    const brk = new Label("for_break");
    this.loops = [{ brk, cont }];
    this.callbacks.push({ label: cb.label, shape: stmt.kind === "ForRangeStmt" ? "loop-callback" : "each-callback" });

    asm.at(stmt.span);
    asm.label(cb.label);
    const ctxArg = stmt.kind === "ForRangeStmt" ? R2 : R4;
    const parentPtr = this.stack.alloc(8);
    asm.stx("u64", FP, parentPtr, ctxArg);
    asm.ldx("u64", CTX_REG, ctxArg, 0);
    if (cb.parent.scratchPtr !== undefined) asm.ldx("u64", SCRATCH_REG, ctxArg, cb.parent.scratchPtr);
    this.enterFrame(stmt);
    const varSlot = this.scratchSlots.get(this.probe.varKeys.get(stmt)!)!;
    if (stmt.kind === "ForRangeStmt") {
      // bpf_loop(nr, fn, ctx, 0) calls fn(index, ctx): the variable is start + index.
      asm.ldx("u64", R0, ctxArg, cb.parent.from!);
      asm.aluReg("add", R0, R1);
      asm.stx("u64", FP, varSlot, R0);
    } else {
      // bpf_for_each_map_elem calls fn(map, key, value, ctx): the variable is the tuple (key, value),
      // whose storage is the key's bytes followed by the value's.
      const vt = this.probe.scratch.get(this.probe.varKeys.get(stmt)!)! as Type & { kind: "tuple" };
      const keySize = storageSize(vt.elems[0]!);
      this.copy(varSlot, R2, 0, keySize);
      const info = this.maps.get(stmt.map.name)!;
      if (info.value.kind === "agg") {
        // The value handed to us is only this CPU's copy: combine every CPU's, as printing does.
        const key = this.stack.alloc(keyLayout(info).total);
        this.copy(key, R2, 0, keyLayout(info).total);
        const r = readAggAt(this, stmt.map.name, key, info.value.agg);
        asm.stx("u64", FP, varSlot + keySize, r);
        this.regs.release(r);
      } else this.copy(varSlot + keySize, R3, 0, storageSize(vt.elems[1]!));
    }
    asm.ldx("u64", R1, FP, parentPtr);
    for (const key of cb.parent.vars.keys()) this.scratchSlots.set(key, this.stack.alloc(slotSize(this.probe.scratch.get(key)!)));
    for (const [key, off] of cb.parent.vars) this.copy(this.scratchSlots.get(key)!, R1, off, slotSize(this.probe.scratch.get(key)!));

    this.stmts(stmt.body.stmts);

    const copyOut = () => {
      asm.ldx("u64", R1, FP, parentPtr);
      for (const [key, off] of cb.parent.vars) {
        const local = this.scratchSlots.get(key)!;
        // In 4-byte halves on purpose: the verifier then forgets the value (the slot holds
        // "some bytes", not a tracked constant), so a counter the body updates does not make it
        // verify every iteration of a callback it must assume runs any number of times.
        for (let i = 0; i < slotSize(this.probe.scratch.get(key)!); i += 4) {
          asm.ldx("u32", R0, FP, local + i);
          asm.stx("u32", R1, off + i, R0);
        }
      }
    };
    const used = (l: Label) => asm.isJumpedTo(l);
    asm.at(stmt.body.span);
    // A body that always leaves (exit(), return, break) never gets here: the verifier refuses dead code.
    if (this.reachable || used(cont)) {
      asm.label(cont);
      copyOut();
      asm.movImm(R0, 0);
      asm.exit();
    }
    if (used(brk)) {
      asm.label(brk);
      copyOut();
      asm.movImm(R0, 1);
      asm.exit();
    }
    if (used(this.exitLabel) || used(this.retLabel)) {
      // The parent's return slot gets the 32-bit return value plus one: never 0, which means "no return".
      if (used(this.exitLabel)) {
        asm.label(this.exitLabel);
        asm.movImm(R0, 0);
      }
      asm.label(this.retLabel);
      asm.mov32Reg(R0, R0);
      asm.aluImm("add", R0, 1);
      asm.ldx("u64", R1, FP, parentPtr);
      asm.stx("u64", R1, cb.parent.ret, R0);
      asm.movImm(R0, 1);
      asm.exit();
    }
  }

  private used(l: Label): boolean {
    return this.asm.isJumpedTo(l);
  }

  typeOf(e: Expr): Type {
    const t = this.probe.types.get(e);
    if (!t) throw new Error(`internal: expression at ${e.span.start.line}:${e.span.start.col} has no type`);
    return t;
  }

  mapRef(name: string): string {
    return name;
  }

  record<F extends object>(type: RecordType<F>, fields: F, size: number): number {
    return this.records.add(type, fields, size).id;
  }

  output(off: number, size: number): void {
    const { asm } = this;
    asm.ldMapFd(R1, this.mapRef(RINGBUF_MAP));
    stackPointer(asm, R2, off);
    asm.movImm(R3, size);
    asm.movImm(R4, 0);
    asm.call(HELPERS.ringbuf_output);
    // Count a record the ring buffer had no room for (r0 < 0), without a branch: a branch per
    // record would multiply the verifier's states in loops.
    asm.ldMapValue(R1, this.mapRef(LOST_MAP), 0);
    asm.aluImm("rsh", R0, 63);
    asm.atomic("add", "u64", R1, 0, R0);
  }

  zero(off: number, size: number): void {
    for (let i = 0; i < size; i += 8) this.asm.st("u64", FP, off + i, 0);
  }

  copy(dst: number, src: Reg, srcOff: number, size: number): void {
    // A load's offset is 16 bits: from a pointer (a map value of 40 KB), the pointer itself moves
    // on in steps, and back at the end. (Offsets from r10 are the frame's, placed by the assembler.)
    let moved = 0;
    for (let i = 0; i < size; ) {
      if (src !== FP && srcOff + i - moved > 32767 - 8) {
        const step = Math.floor((srcOff + i - moved) / 8) * 8;
        this.asm.aluImm("add", src, step);
        moved += step;
      }
      // Both ends must be naturally aligned: the verifier rejects a u64 load at ctx+12 and a u64
      // store at fp-12 ("misaligned stack access"), so a field at ctx+44 copied to fp-16 moves in u32s.
      const w = [8, 4, 2, 1].find((n) => n <= size - i && (srcOff + i) % n === 0 && (dst + i) % n === 0)!;
      const sz = ({ 8: "u64", 4: "u32", 2: "u16", 1: "u8" } as const)[w as 8 | 4 | 2 | 1];
      this.asm.ldx(sz, 0, src, srcOff + i - moved);
      this.asm.stx(sz, FP, dst + i, 0);
      i += w;
    }
    if (moved > 0) this.asm.aluImm("sub", src, moved);
  }

  // ------------------------------------------------------------------ statements

  /**
   * Whether the next instruction can be reached by falling through: not after an unconditional
   * jump or exit unless a label is waiting to be bound to it. The verifier rejects unreachable
   * instructions, which `exit(); return;` or a `break` ending a loop body would otherwise leave.
   */
  private get reachable(): boolean {
    const last = this.asm.insns[this.asm.insns.length - 1];
    if (!last) return true;
    // A label waiting here makes it reachable only if some jump goes to it (an if/else whose
    // branches both leave binds its end label, but nothing jumps there).
    const waiting = this.asm.unboundLabels;
    if (waiting.some((l) => this.asm.isJumpedTo(l))) return true;
    return last.code !== (BPF_JMP | BPF_JA) && last.code !== (BPF_JMP | BPF_EXIT);
  }

  /** A statement list; what follows a jump out of it is dead (no label inside it can be jumped to). */
  private stmts(list: Stmt[]): void {
    for (const s of list) {
      if (!this.reachable) return;
      this.stmt(s);
    }
  }

  private stmt(s: Stmt): void {
    const { asm } = this;
    asm.at(s.span);
    const mark = this.stack.mark();
    switch (s.kind) {
      case "ExprStmt":
        this.discard(s.expr);
        break;
      case "AssignStmt":
        if (s.target.kind === "ScratchVar") {
          const off = this.slot(s.target);
          const t = this.varType(s.target);
          if (s.op === "=") this.assignScratch(s.value, off, t);
          else this.compound(compoundOperator(s.op), s.target, s.value, (r) => asm.stx("u64", FP, off, r));
        } else this.assignMap(s.target, s.op, s.value);
        break;
      case "LetStmt":
        if (s.value) this.assignScratch(s.value, this.slot(s), this.varType(s));
        break;
      case "IfStmt": {
        const elseL = new Label("else");
        const endL = new Label("endif");
        const r = this.scalar(s.cond);
        asm.jmpImm("jeq", r, 0, elseL);
        this.regs.release(r);
        this.stmt(s.then);
        if (s.else && this.reachable) asm.ja(endL);
        asm.label(elseL);
        if (s.else) this.stmt(s.else);
        asm.label(endL);
        break;
      }
      case "WhileStmt": {
        const top = new Label("while");
        const end = new Label("endwhile");
        asm.label(top);
        const r = this.scalar(s.cond);
        asm.jmpImm("jeq", r, 0, end);
        this.regs.release(r);
        this.loops.push({ brk: end, cont: top });
        this.stmt(s.body);
        this.loops.pop();
        if (this.reachable) asm.ja(top);
        asm.label(end);
        break;
      }
      case "UnrollStmt":
        for (let i = 0n; i < (s.count as { value: bigint }).value; i++) this.stmt(s.body);
        break;
      case "Block":
        this.stmts(s.stmts);
        if (s.value && this.reachable) this.discard(s.value);
        break;
      case "JumpStmt": {
        const loop = this.loops[this.loops.length - 1];
        if (s.jump === "return" && s.value) {
          const r = this.scalar(s.value);
          asm.movReg(R0, r);
          this.regs.release(r);
          asm.ja(this.retLabel);
        } else if (s.jump === "return" || !loop) asm.ja(this.exitLabel);
        else asm.ja(s.jump === "break" ? loop.brk : loop.cont);
        break;
      }
      case "ForMapStmt":
      case "ForRangeStmt":
        this.forLoop(s);
        break;
    }
    this.stack.release(mark);
  }

  varSlot(e: Expr): number {
    return this.slot(e);
  }

  /** The stack slot of the scratch variable a ScratchVar or LetStmt names. */
  private slot(node: Node): number {
    const key = this.probe.varKeys.get(node);
    const off = key === undefined ? undefined : this.scratchSlots.get(key);
    if (off === undefined) throw new Error(`internal: no stack slot for the variable at ${node.span.start.line}:${node.span.start.col}`);
    return off;
  }

  private varType(node: Node): Type {
    return this.probe.scratch.get(this.probe.varKeys.get(node)!)!;
  }

  /**
   * `$x = e` where $x may have a declared type (`let $x: uint8`): integers are truncated to it
   * (kept sign-extended in the 64-bit slot), strings cut to its size with the last byte zero.
   */
  private assignScratch(value: Expr, off: number, t: Type): void {
    const vt = this.typeOf(value);
    if (keptByAddress(t)) {
      storeAddress(this, value, off);
      return;
    }
    if (t.kind === "int" && t.bits < 64 && isScalar(vt) && !(vt.kind === "int" && vt.bits <= t.bits && vt.signed === t.signed)) {
      const r = this.scalar(value);
      this.asm.aluImm("lsh", r, 64 - t.bits);
      this.asm.aluImm(t.signed ? "arsh" : "rsh", r, 64 - t.bits);
      this.asm.stx("u64", FP, off, r);
      this.regs.release(r);
      return;
    }
    if (t.kind === "str" && vt.kind === "str" && vt.size > t.size) {
      const mark = this.stack.mark();
      const tmp = this.stack.alloc(storageSize(vt));
      this.into(value, tmp, vt);
      this.copy(off, FP, tmp, storageSize(t));
      this.asm.st("u8", FP, off + t.size - 1, 0);
      this.stack.release(mark);
      return;
    }
    this.into(value, off, t);
  }

  /** Evaluates an expression for its effects only. */
  private discard(e: Expr): void {
    const t = this.typeOf(e);
    if (e.kind === "Block") {
      this.stmts(e.stmts);
      if (e.value && this.reachable) this.discard(e.value);
    } else if (e.kind === "Ternary") {
      // `c ? printf(..) : printf(..)` has no value: only the chosen arm's effects matter.
      const elseL = new Label("tern_else");
      const end = new Label("tern_end");
      const c = this.scalar(e.cond);
      this.asm.jmpImm("jeq", c, 0, elseL);
      this.regs.release(c);
      if (e.then) this.discard(e.then);
      if (this.reachable) this.asm.ja(end);
      this.asm.label(elseL);
      this.discard(e.else);
      this.asm.label(end);
    } else if (isScalar(t)) this.regs.release(this.scalar(e));
    else if (t.kind === "none") this.call(e);
    else this.into(e, this.stack.alloc(storageSize(t)), t);
  }

  private assignMap(m: MapAccess, op: AssignOp, value: Expr): void {
    const info = this.maps.get(m.name)!;
    if (value.kind === "Call") {
      const b = this.probe.builtins.get(value);
      if (b?.kind === "agg") {
        b.emitUpdate(this, m, value);
        return;
      }
    }
    const keyOff = buildKey(this, m);
    const valOff = this.stack.alloc(storageSize(info.value));
    if (op === "=") this.into(value, valOff, info.value);
    else this.compound(compoundOperator(op), m, value, (r) => this.asm.stx("u64", FP, valOff, r));
    update(this, m.name, keyOff, valOff, BPF_ANY, joinSpans(m.span, value.span));
  }

  /** `target op= value` for integers: computes the new value and hands it to `store`. */
  private compound(op: CompoundOp, target: Expr, value: Expr, store: (r: Reg) => void): void {
    const r = emitBinary(this, { kind: "Binary", op, left: target, right: value, span: value.span }, this.typeOf(target));
    store(r);
    this.regs.release(r);
  }

  // ------------------------------------------------------------------ expressions

  scalar(e: Expr): Reg {
    const { asm } = this;
    if (isMemoryAccess(this, e)) return loadScalar(this, e);
    switch (e.kind) {
      case "Block":
        this.stmts(e.stmts);
        return this.scalar(e.value!);
      case "IntLit":
      case "BoolLit": {
        const r = this.regs.alloc();
        const v = e.kind === "IntLit" ? BigInt.asIntN(64, e.value) : e.value ? 1n : 0n;
        asm.loadConst(r, v);
        return r;
      }
      case "Positional": {
        const r = this.regs.alloc();
        const raw = e.count ? String(this.positional.length) : this.positional[e.index - 1] ?? "0";
        asm.ldImm64(r, BigInt.asIntN(64, BigInt(raw)));
        return r;
      }
      case "ScratchVar": {
        const r = this.regs.alloc();
        asm.ldx("u64", r, FP, this.slot(e));
        return r;
      }
      case "MapAccess": {
        const value = this.maps.get(e.name)!.value;
        if (value.kind === "agg") return readAgg(this, e, value.agg);
        const mark = this.stack.mark();
        lookup(this, e.name, buildKey(this, e));
        this.stack.release(mark);
        const r = this.regs.alloc();
        const missing = new Label("map_miss");
        asm.movImm(r, 0);
        if (this.helperChecks >= 1) {
          // -k: reading a key that is not there is reported, as bpftrace does (the value reads 0).
          const found = new Label("map_hit");
          asm.jmpImm("jne", R0, 0, found);
          runtimeWarning(this, e.span, MISSING_KEY);
          asm.ja(missing);
          asm.label(found);
        } else asm.jmpImm("jeq", R0, 0, missing);
        asm.ldx("u64", r, R0, 0);
        asm.label(missing);
        return r;
      }
      case "Identifier":
      case "Call":
        return this.call(e)!;
      case "FieldAccess":
        return this.fieldScalar(e);
      case "Binary":
        return emitBinary(this, e, this.typeOf(e));
      case "Unary":
        return emitUnary(this, e);
      case "Cast":
        return emitCast(this, e, this.typeOf(e));
      case "Update":
        return this.update(e);
      case "Ternary": {
        // The result is the register the first arm (or, for `a ?: b`, the condition) ends in; no
        // register is held while an arm is evaluated, so nested ternaries need no more of them.
        const elseL = new Label("tern_else");
        const end = new Label("tern_end");
        const c = this.scalar(e.cond);
        asm.jmpImm("jeq", c, 0, elseL);
        let r = c;
        if (e.then) {
          this.regs.release(c);
          r = this.scalar(e.then);
        }
        if (this.reachable) asm.ja(end);
        this.regs.release(r);
        asm.label(elseL);
        const b = this.scalar(e.else);
        this.regs.release(b);
        this.regs.take(r);
        if (b !== r) asm.movReg(r, b);
        asm.label(end);
        return r;
      }
      case "SizeofExpr":
      case "OffsetofExpr": {
        const r = this.regs.alloc();
        const typeOf = (x: Expr) => this.typeOf(x);
        asm.loadConst(r, BigInt(e.kind === "SizeofExpr" ? sizeofValue(e, typeOf) : offsetofValue(e, typeOf)));
        return r;
      }
      default:
        throw new Error(`internal: ${e.kind} is not a scalar expression`);
    }
  }

  /** Builtin variables and calls; returns a register for scalar results. */
  private call(e: Expr, out?: number): Reg | undefined {
    const b = this.probe.builtins.get(e);
    if (!b || b.kind === "agg") throw new Error(`internal: no builtin at ${e.kind}`);
    this.asm.at(e.span);
    return b.kind === "var" ? b.emit(this, e as never, out) : b.emit(this, e as never, out);
  }

  private fieldScalar(e: Expr & { kind: "FieldAccess" }): Reg {
    const t = this.typeOf(e);
    if (this.typeOf(e.object).kind === "tuple") {
      const tt = this.typeOf(e.object) as Type & { kind: "tuple" };
      const off = this.stack.alloc(storageSize(tt));
      this.into(e.object, off, tt);
      const r = this.regs.alloc();
      this.asm.ldx("u64", r, FP, off + tupleOffsets(tt)[elementIndex(tt, e.field)]!);
      return r;
    }
    const f = this.args!.find((a) => a.name === e.field)!;
    const r = this.regs.alloc();
    const size = ({ 1: "u8", 2: "u16", 4: "u32", 8: "u64" } as const)[f.ctxSize as 1 | 2 | 4 | 8] ?? "u64";
    this.asm.ldx(size, r, CTX_REG, f.ctxOffset);
    if (t.kind === "int" && t.signed && t.bits < 64) {
      this.asm.aluImm("lsh", r, 64 - t.bits);
      this.asm.aluImm("arsh", r, 64 - t.bits);
    }
    return r;
  }

  private update(e: Expr & { kind: "Update" }): Reg {
    const { asm } = this;
    const old = this.scalar(e.target);
    const neu = this.regs.alloc();
    asm.movReg(neu, old);
    const t = this.typeOf(e.target);
    asm.aluImm(e.op === "++" ? "add" : "sub", neu, t.kind === "ptr" ? pointeeSize(t) : 1);
    if (e.target.kind === "ScratchVar") asm.stx("u64", FP, this.slot(e.target), neu);
    else {
      const mark = this.stack.mark();
      const val = this.stack.alloc(8);
      asm.stx("u64", FP, val, neu);
      update(this, e.target.name, buildKey(this, e.target), val, BPF_ANY, e.span);
      this.stack.release(mark);
    }
    if (e.prefix) asm.movReg(old, neu);
    this.regs.release(neu);
    return old;
  }

  /** Moves tuple `have` at r10+src into the layout of `want` at r10+dst, zero-padding wider elements. */
  private reshape(dst: number, want: Type & { kind: "tuple" }, src: number, have: Type & { kind: "tuple" }): void {
    this.zero(dst, storageSize(want));
    const wantOffs = tupleOffsets(want);
    const haveOffs = tupleOffsets(have);
    want.elems.forEach((w, i) => {
      const j = want.names ? elementIndex(have, want.names[i]!) : i;
      const h = have.elems[j]!;
      if (w.kind === "tuple" && h.kind === "tuple") this.reshape(dst + wantOffs[i]!, w, src + haveOffs[j]!, h);
      else this.copy(dst + wantOffs[i]!, FP, src + haveOffs[j]!, Math.min(storageSize(w), storageSize(h)));
    });
  }

  into(e: Expr, off: number, as?: Type): void {
    const { asm } = this;
    const t = this.typeOf(e);
    const want = as ?? t;
    const size = storageSize(want);
    if (isScalar(t)) {
      const r = this.scalar(e);
      asm.stx("u64", FP, off, r);
      this.regs.release(r);
      return;
    }
    if (t.kind === "tuple" && want.kind === "tuple" && e.kind !== "TupleExpr" && e.kind !== "RecordExpr" && !sameLayout(t, want)) {
      // A stored tuple whose strings are shorter than the target's (`$t = (1, "ab")` used as a key
      // of a map that also holds ("x", "abcdef")), or a record with its fields in another order
      // (`$a = $b` where $b was built `(b=.., a=..)`): build it as it is, then move each element.
      const tmp = this.stack.alloc(storageSize(t));
      this.into(e, tmp, t);
      this.reshape(off, want, tmp, t);
      return;
    }
    if (e.kind === "Block") {
      this.stmts(e.stmts);
      this.into(e.value!, off, as);
      return;
    }
    // A smaller value stored into a larger slot (a 16-byte comm into a 64-byte string map value)
    // leaves the tail zeroed, so equal strings are equal keys.
    if (storageSize(t) < size) this.zero(off + storageSize(t), size - storageSize(t));
    if (isMemoryAccess(this, e) || holdsAddress(this, e)) {
      readInto(this, e, off, as);
      return;
    }
    switch (e.kind) {
      case "StrLit":
      case "Positional": {
        // A literal is already its bytes (parser/literals.ts); a parameter is UTF-8 text.
        const text = e.kind === "StrLit" ? e.value : toByteString(this.positional[e.index - 1] ?? "");
        const bytes = Buffer.alloc(storageSize(t));
        bytes.write(text, "latin1");
        for (let i = 0; i < bytes.length; i += 8) {
          asm.ldImm64(0, bytes.readBigInt64LE(i));
          asm.stx("u64", FP, off + i, 0);
        }
        return;
      }
      case "ScratchVar":
        this.copy(off, FP, this.slot(e), storageSize(t));
        return;
      case "MapAccess": {
        const mark = this.stack.mark();
        lookup(this, e.name, buildKey(this, e));
        this.stack.release(mark);
        const missing = new Label("map_miss");
        const end = new Label("map_end");
        asm.jmpImm("jeq", R0, 0, missing);
        asm.movReg(R1, R0);
        this.copy(off, R1, 0, storageSize(t));
        asm.ja(end);
        asm.label(missing);
        this.zero(off, storageSize(t));
        asm.label(end);
        return;
      }
      case "FieldAccess": {
        if (this.typeOf(e.object).kind === "tuple") {
          const tt = this.typeOf(e.object) as Type & { kind: "tuple" };
          const tmp = this.stack.alloc(storageSize(tt));
          this.into(e.object, tmp, tt);
          this.copy(off, FP, tmp + tupleOffsets(tt)[elementIndex(tt, e.field)]!, storageSize(t));
          return;
        }
        argInto(this, this.args!.find((a) => a.name === e.field)!, off, t);
        return;
      }
      case "TupleExpr": {
        const tt = want as Type & { kind: "tuple" };
        const offs = tupleOffsets(tt);
        e.elems.forEach((x, i) => this.into(x, off + offs[i]!, tt.elems[i]));
        return;
      }
      case "RecordExpr": {
        // Fields are evaluated in source order and stored where the target's layout has them.
        const tt = want as Type & { kind: "tuple" };
        const offs = tupleOffsets(tt);
        for (const f of e.fields) {
          const i = elementIndex(tt, f.name);
          this.into(f.value, off + offs[i]!, tt.elems[i]);
        }
        return;
      }
      case "Ternary": {
        const elseL = new Label("tern_else");
        const end = new Label("tern_end");
        const c = this.scalar(e.cond);
        asm.jmpImm("jeq", c, 0, elseL);
        this.regs.release(c);
        this.into(e.then ?? e.cond, off, want);
        asm.ja(end);
        asm.label(elseL);
        this.into(e.else, off, want);
        asm.label(end);
        return;
      }
      case "Identifier":
        if (e.name === "args" && t.kind === "tuple") {
          // args as a record: each field from the context, at its place in the record.
          const offs = tupleOffsets(t);
          this.args!.forEach((a, i) => argInto(this, a, off + offs[i]!, t.elems[i]!));
          return;
        }
        this.call(e, off);
        return;
      case "Call":
        this.call(e, off);
        return;
      case "Cast":
        castIntoArray(this, e, off);
        return;
      default:
        throw new Error(`internal: cannot store ${e.kind} of type ${t.kind}`);
    }
  }
}

/** The operator a compound assignment (`+=`, `<<=`, ...) applies before storing. */
function compoundOperator(op: Exclude<AssignOp, "=">): CompoundOp {
  return op.slice(0, -1) as CompoundOp;
}

/** Whether values of tuple types `a` and `b` have the same bytes in the same places (field names in the same order, sizes alike). */
function sameLayout(a: Type & { kind: "tuple" }, b: Type & { kind: "tuple" }): boolean {
  if (a.elems.length !== b.elems.length || storageSize(a) !== storageSize(b)) return false;
  if ((a.names ?? []).join("\0") !== (b.names ?? []).join("\0")) return false;
  return a.elems.every((x, i) => {
    const y = b.elems[i]!;
    if (x.kind === "tuple" && y.kind === "tuple") return sameLayout(x, y);
    return storageSize(x) === storageSize(y);
  });
}

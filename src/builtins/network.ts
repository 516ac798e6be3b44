/**
 * Builtins over kernel network objects: socket_cookie(sk) and skboutput(path, skb, len, offset).
 * Their helpers take the object itself, a pointer whose BTF type the verifier knows, so they need
 * a BTF-typed program (fentry/fexit, or a rawtracepoint, which then loads as tp_btf: see
 * withBtfTypedProgram in semantic/attach-points.ts).
 */
import type { Call } from "../ast/nodes.js";
import { FP, HELPERS, R0, R1, R2, R3, R4, R5 } from "../codegen/bpf/index.js";
import { stackPointer } from "../codegen/frame.js";
import { PERF_OUTPUT_MAP } from "../plan/plan.js";
import type { RecordType } from "../plan/records.js";
import type { CheckCtx } from "../contracts/check-ctx.js";
import type { Gen } from "../contracts/gen.js";
import { BPF_PROG_TYPE_TRACING } from "../abi/uapi.js";
import { helperValue } from "../codegen/helper-value.js";
import { isIntegral, noneT, s64, typeName, u64 } from "../semantic/types.js";
import type { Type } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineFunc } from "./builtin.js";

/** bpftrace's error where the probe type's programs cannot call the builtin's helper. */
export function requireBtfTypedProgram(c: CheckCtx, call: Call): boolean {
  if (c.target.provider.progType === BPF_PROG_TYPE_TRACING) return true;
  c.error(call.span, `${call.name} can not be used with "${c.target.provider.name}" probes`);
  return false;
}

/** Whether `t` is a pointer to the kernel struct `name` (`struct sock`). */
export function isPointerTo(t: Type, name: string): boolean {
  return t.kind === "ptr" && t.to.kind === "struct" && t.to.name === name;
}

/**
 * skboutput's packet, a perf sample: {u64 id, u64 boot-clock ns, u64 length} and then the packet's
 * bytes, which bpf_skb_output appends. The length is sent because the kernel pads the sample.
 * `offset` leading bytes are left out of the file (an Ethernet header, say), as in bpftrace.
 */
const SKB_HEADER = 24;
const SKB_OUTPUT_RECORD: RecordType<{ file: string; offset: number }> = {
  kind: "skboutput",
  receive(r, buf, rt) {
    const len = Number(buf.readBigUInt64LE(16));
    const packet = buf.subarray(SKB_HEADER, SKB_HEADER + len);
    if (r.offset >= packet.length) return; // nothing left to write, as bpftrace
    rt.packet(r.file, buf.readBigUInt64LE(8), packet.subarray(r.offset));
  },
};

/** BPF_F_CURRENT_CPU: the perf event array slot of the CPU the program runs on. */
const CURRENT_CPU = 0xffffffff;

function emitSkbOutput(g: Gen, call: Call) {
  const [path, skbArg, lenArg, offsetArg] = call.args as [Call["args"][0], Call["args"][0], Call["args"][0], Call["args"][0]];
  const { asm } = g;
  const skb = g.scalar(skbArg);
  const len = g.scalar(lenArg);
  const id = g.record(SKB_OUTPUT_RECORD, { file: (path as { value: string }).value, offset: Number((offsetArg as { value: bigint }).value) }, SKB_HEADER);
  const mark = g.stack.mark();
  const hdr = g.stack.alloc(SKB_HEADER);
  asm.st("u64", FP, hdr, id);
  asm.call(HELPERS.ktime_get_boot_ns);
  asm.stx("u64", FP, hdr + 8, R0);
  // Only the low 32 bits are a length (the helper's flags hold it in their upper half).
  asm.mov32Reg(len, len);
  asm.stx("u64", FP, hdr + 16, len);
  asm.movReg(R3, len);
  asm.aluImm("lsh", R3, 32);
  asm.mov32Imm(R0, -1);
  asm.aluReg("or", R3, R0);
  asm.movReg(R1, skb);
  asm.ldMapFd(R2, g.mapRef(PERF_OUTPUT_MAP));
  stackPointer(asm, R4, hdr);
  asm.movImm(R5, SKB_HEADER);
  asm.call(HELPERS.skb_output);
  g.stack.release(mark);
  g.regs.release(len);
  asm.movReg(skb, R0);
  return skb;
}

export const network: Builtin[] = [
  defineFunc({
    name: "socket_cookie",
    doc: "socket_cookie(sk): the kernel's cookie of socket `sk` (a struct sock *), stable for the socket's life; 0 for a NULL sk",
    arity: [1, 1],
    btfTyped: true,
    check(c, call) {
      const t = c.check(call.args[0]!);
      if (!requireBtfTypedProgram(c, call)) return u64;
      if (!isPointerTo(t, "struct sock")) {
        const provided = t.kind === "ptr" && t.to.kind === "struct" ? `'${t.to.name} *'` : typeName(t);
        c.error(call.span, `socket_cookie() only supports 'struct sock *' as the argument (${provided} provided)`);
        return t.kind === "none" ? noneT : u64;
      }
      return u64;
    },
    emit(g: Gen, call: Call) {
      // The pointer must reach the helper as the verifier typed it (read from the context).
      const sk = g.scalar(call.args[0]!);
      g.asm.movReg(R1, sk);
      g.regs.release(sk);
      return helperValue(g, HELPERS.get_socket_cookie);
    },
  }),
  defineFunc({
    name: "skboutput",
    doc: "skboutput(path, skb, len, offset): append `len` bytes of sk_buff `skb`'s data, less the first `offset`, to pcap file `path` (raw IP); 0 or a negative error",
    arity: [4, 4],
    btfTyped: true,
    check(c, call) {
      const [path, skb, len, offset] = call.args;
      const types = call.args.map((a) => c.check(a));
      if (!requireBtfTypedProgram(c, call)) return s64;
      if (path!.kind !== "StrLit") c.error(path!.span, `skboutput() expects a string literal as its first argument (${typeName(types[0]!)} provided)`);
      if (!isPointerTo(types[1]!, "struct sk_buff")) {
        const t = types[1]!;
        const provided = t.kind === "ptr" && t.to.kind === "struct" ? `'${t.to.name} *'` : typeName(t);
        c.error(skb!.span, `skboutput() only supports 'struct sk_buff *' as its second argument (${provided} provided)`);
      }
      if (!isIntegral(types[2]!)) c.error(len!.span, `skboutput() expects an integer length (${typeName(types[2]!)} provided)`);
      if (offset!.kind !== "IntLit") c.error(offset!.span, "skboutput() expects an integer literal as its offset");
      return s64;
    },
    emit: emitSkbOutput,
  }),
];

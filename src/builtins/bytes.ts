/** Byte order and network addresses: bswap(), ntop(), pton(). */
import { createRequire } from "node:module";
import type { Expr } from "../ast/nodes.js";
import { FP } from "../codegen/bpf/index.js";
import type { Gen } from "../contracts/gen.js";
import { isScalar, storageSize, typeName } from "../semantic/types.js";
import type { Type } from "../semantic/types.js";
import type { Builtin } from "./builtin.js";
import { defineFunc } from "./builtin.js";

const AF_INET = 2;
const AF_INET6 = 10;

/** The bytes of the address in pton("..."), or undefined when the text is not an address. */
export function addressBytes(text: string): Buffer | undefined {
  // node:net only here (pton of a literal): loading it costs every start a few ms.
  const v = (createRequire(import.meta.url)("node:net") as typeof import("node:net")).isIP(text);
  if (v === 4) return Buffer.from(text.split(".").map(Number));
  if (v !== 6) return undefined;
  // Expand "::" and a dotted IPv4 tail, then write the eight groups big-endian.
  let t = text;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (dotted) {
    const b = dotted[1]!.split(".").map(Number);
    t = t.slice(0, -dotted[1]!.length) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = t.includes("::") ? t.split("::") : [t, undefined];
  const h = head ? head.split(":") : [];
  const tl = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - tl.length).fill("0"), ...tl];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), 2 * i));
  return out;
}

/** Writes constant bytes, zero-padded to 8, at r10+off. */
function storeBytes(g: Gen, off: number, bytes: Buffer): void {
  const padded = Buffer.alloc((bytes.length + 7) & ~7);
  bytes.copy(padded);
  for (let i = 0; i < padded.length; i += 8) {
    g.asm.ldImm64(0, padded.readBigInt64LE(i));
    g.asm.stx("u64", FP, off + i, 0);
  }
}

export const bytes: Builtin[] = [
  defineFunc({
    name: "bswap",
    doc: "bswap(n): n with its bytes in reverse order, as an unsigned integer of n's width",
    arity: [1, 1],
    check(c, call) {
      const t = c.check(call.args[0]!);
      if (t.kind !== "int") {
        c.error(call.args[0]!.span, `bswap() expects an integer (${typeName(t)} provided)`);
        return { kind: "int", bits: 64, signed: false };
      }
      return { kind: "int", bits: t.bits, signed: false };
    },
    emit(g, call) {
      const t = g.typeOf(call) as Type & { kind: "int" };
      const r = g.scalar(call.args[0]!);
      if (t.bits === 8) g.asm.aluImm("and", r, 0xff);
      else g.asm.endian("bswap", t.bits, r);
      return r;
    },
  }),
  defineFunc({
    name: "ntop",
    doc: "ntop([af, ] addr): an IPv4 (integer, 4 bytes) or IPv6 (16 bytes) address as text",
    arity: [1, 2],
    check(c, call) {
      const types = call.args.map((a) => c.check(a));
      const addr = types[types.length - 1]!;
      if (types.length === 2 && !isScalar(types[0]!)) c.error(call.args[0]!.span, `ntop() expects an integer address family (${typeName(types[0]!)} provided)`);
      // A 1-byte array from BTF is a string (bpftrace's rule): in6_addr's u6_addr8 is one.
      const bytesOk = (addr.kind === "buf" || addr.kind === "str") && (addr.size === 4 || addr.size === 16);
      if (!isScalar(addr) && !bytesOk) {
        c.error(call.args[call.args.length - 1]!.span, `ntop() expects an integer or an array of 4 or 16 bytes (${typeName(addr)} provided)`);
      }
      return { kind: "rendered", as: "inet" };
    },
    emit(g, call, out) {
      const addr = call.args[call.args.length - 1]!;
      const t = g.typeOf(addr);
      g.zero(out!, 24);
      if (t.kind === "str") {
        g.into(addr, out! + 8, { kind: "array", elem: { kind: "int", bits: 8, signed: false }, length: t.size, elemSize: 1 });
        g.asm.st("u64", FP, out!, t.size === 16 ? AF_INET6 : AF_INET);
      } else if (t.kind === "buf") {
        // A 4- or 16-byte array: its length decides the family unless one is given.
        const mark = g.stack.mark();
        const tmp = g.stack.alloc(8 + 16);
        g.into(addr, tmp, t);
        g.copy(out! + 8, FP, tmp + 8, t.size);
        g.stack.release(mark);
        g.asm.st("u64", FP, out!, t.size === 16 ? AF_INET6 : AF_INET);
      } else {
        const r = g.scalar(addr);
        g.asm.stx("u32", FP, out! + 8, r);
        g.regs.release(r);
        g.asm.st("u64", FP, out!, AF_INET);
      }
      if (call.args.length === 2) {
        const af = g.scalar(call.args[0] as Expr);
        g.asm.stx("u64", FP, out!, af);
        g.regs.release(af);
      }
      return undefined;
    },
  }),
  defineFunc({
    name: "macaddr",
    doc: "macaddr(mac): the 6 bytes of a MAC address (a char[6] or longer array) as text, 18:C0:4D:08:2E:BB",
    arity: [1, 1],
    check(c, call) {
      const t = c.check(call.args[0]!);
      const size = t.kind === "str" || t.kind === "buf" ? t.size : t.kind === "array" ? t.length * t.elemSize : 0;
      if (size < 6) c.error(call.args[0]!.span, `macaddr() expects an array of at least 6 bytes (${typeName(t)} provided)`);
      return { kind: "rendered", as: "macaddr" };
    },
    emit(g, call, out) {
      const mac = call.args[0]!;
      const t = g.typeOf(mac);
      g.zero(out!, 8);
      const mark = g.stack.mark();
      // The bytes as they are, zeros included (a string read would stop at the first zero byte).
      const bytes: Type = t.kind === "str" ? { kind: "array", elem: { kind: "int", bits: 8, signed: false }, length: t.size, elemSize: 1 } : t;
      const tmp = g.stack.alloc(storageSize(bytes));
      g.into(mac, tmp, bytes);
      g.copy(out!, FP, tmp + (t.kind === "buf" ? 8 : 0), 6);
      g.stack.release(mark);
      return undefined;
    },
  }),
  defineFunc({
    name: "pton",
    doc: 'pton("addr"): the 4 (IPv4) or 16 (IPv6) bytes of an address literal, e.g. to compare with ntop()',
    arity: [1, 1],
    check(c, call) {
      const arg = call.args[0]!;
      c.check(arg);
      const b = arg.kind === "StrLit" ? addressBytes(arg.value) : undefined;
      if (arg.kind !== "StrLit") c.error(arg.span, "pton() expects a string literal");
      else if (!b) c.error(call.span, `pton() expects a valid IPv4/IPv6 address, got ${arg.value}`);
      return { kind: "buf", size: b?.length ?? 4 };
    },
    emit(g, call, out) {
      const b = addressBytes((call.args[0] as { value: string }).value)!;
      g.asm.st("u64", FP, out!, b.length);
      storeBytes(g, out! + 8, b);
      return undefined;
    },
  }),
];

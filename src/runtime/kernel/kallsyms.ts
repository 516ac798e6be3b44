/**
 * Kernel symbols from /proc/kallsyms, for kstack, ksym() and kaddr(). Read once, on first use
 * (120k lines: a few tens of ms). Addresses are 64-bit with the top half set, beyond a double's
 * exact range, so each is kept as two 32-bit halves.
 */
import { readFileSync } from "node:fs";

export interface KernelSymbol {
  name: string;
  /** Bytes from the symbol's start. */
  offset: number;
}

export class KernelSymbols {
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  private readonly names: string[];
  private byName?: Map<string, number>;

  constructor(text: string) {
    const his: number[] = [];
    const los: number[] = [];
    const names: string[] = [];
    for (let at = 0; at < text.length; ) {
      let nl = text.indexOf("\n", at);
      if (nl < 0) nl = text.length;
      // "ffffffff81000000 T _stext [module]": 16 hex digits, the type letter, the name.
      if (nl - at > 19) {
        // Module symbols end with "\t[module]".
        const name = text.slice(at + 19, nl);
        const tab = name.indexOf("\t");
        his.push(parseInt(text.slice(at, at + 8), 16));
        los.push(parseInt(text.slice(at + 8, at + 16), 16));
        names.push(tab < 0 ? name : name.slice(0, tab));
      }
      at = nl + 1;
    }
    // Sorted by address; equal addresses keep file order, so the first alias wins.
    const order = names.map((_, i) => i).sort((a, b) => his[a]! - his[b]! || los[a]! - los[b]! || a - b);
    this.hi = Uint32Array.from(order, (i) => his[i]!);
    this.lo = Uint32Array.from(order, (i) => los[i]!);
    this.names = order.map((i) => names[i]!);
  }

  /** The symbol `addr` falls in (the nearest one at or below it), or undefined below the first. */
  resolve(addr: bigint): KernelSymbol | undefined {
    const h = Number(addr >> 32n);
    const l = Number(addr & 0xffffffffn);
    let lo = 0;
    let hi = this.names.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const below = this.hi[mid]! < h || (this.hi[mid] === h && this.lo[mid]! <= l);
      if (below) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    // Several names at one address: report the first of them, as the file lists it.
    while (found > 0 && this.hi[found - 1] === this.hi[found] && this.lo[found - 1] === this.lo[found]) found--;
    return { name: this.names[found]!, offset: (h - this.hi[found]!) * 2 ** 32 + l - this.lo[found]! };
  }

  /** The address of the symbol called `name`, or undefined. */
  address(name: string): bigint | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (let i = this.names.length - 1; i >= 0; i--) this.byName.set(this.names[i]!, i);
    }
    const i = this.byName.get(name);
    return i === undefined ? undefined : (BigInt(this.hi[i]!) << 32n) | BigInt(this.lo[i]!);
  }
}

let cached: KernelSymbols | undefined;

/** The running kernel's symbols, read on first use. */
export function kernelSymbols(): KernelSymbols {
  cached ??= new KernelSymbols(readFileSync("/proc/kallsyms", "latin1"));
  return cached;
}

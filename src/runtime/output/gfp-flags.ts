/**
 * printf's `%gr`: GFP (get free pages) allocation flags by name, `GFP_KERNEL|__GFP_ZERO`, as the
 * kernel itself prints them (its `%pGg`, and its kmem tracepoints). The names come from the running
 * kernel, since their bits and combinations change between kernel versions:
 * - its own table, which the kmem:mm_page_alloc tracepoint's print format spells out
 *   (`__print_flags(REC->gfp_flags, "|", {value, "GFP_KERNEL"}, ...)`), combinations first;
 * - without tracefs, the single flags from BTF (the `___GFP_<NAME>_BIT` enumerators).
 * As in bpftrace, the first names whose bits are all set are taken in order, the bits left over
 * print in hex, and no flags print as `0`.
 */
import { BTF_KIND, kernelBtf } from "../../btf/btf.js";
import { tracepointFormat } from "../kernel/tracefs.js";

let table: [mask: bigint, name: string][] | undefined;

/** The kernel's names for flag values, in the order they are matched. */
export function gfpFlagNames(): [bigint, string][] {
  table ??= fromTracefs() ?? fromBtf();
  return table;
}

export function formatGfpFlags(flags: bigint): string {
  if (flags === 0n) return "0";
  let left = BigInt.asUintN(64, flags);
  const parts: string[] = [];
  for (const [mask, name] of gfpFlagNames()) {
    if ((left & mask) !== mask) continue;
    parts.push(name);
    left &= ~mask;
    if (left === 0n) break;
  }
  if (left !== 0n) parts.push(`0x${left.toString(16)}`);
  return parts.join("|");
}

function fromTracefs(): [bigint, string][] | undefined {
  let fmt: string | undefined;
  try {
    fmt = tracepointFormat("kmem", "mm_page_alloc").printFmt;
  } catch {
    return undefined;
  }
  const at = fmt?.indexOf("__print_flags(REC->gfp_flags") ?? -1;
  if (!fmt || at < 0) return undefined;
  const out: [bigint, string][] = [];
  // Each entry is `{( unsigned long)EXPR, "NAME"}`; EXPR is made of casts, 1UL, <<, |, & and ~.
  const entry = /\{\s*\(\s*unsigned long\s*\)([^"{}]*),\s*"(\w+)"\s*\}/gy;
  for (let i = fmt.indexOf("{", at); i >= 0; i = fmt.indexOf("{", entry.lastIndex)) {
    entry.lastIndex = i;
    const m = entry.exec(fmt);
    if (!m) break;
    const value = evaluate(m[1]!);
    // A flag this kernel was built without (`__GFP_SKIP_KASAN` is 0 without KASAN) names nothing.
    if (value !== undefined && value !== 0n) out.push([value, m[2]!]);
    if (fmt[entry.lastIndex] !== "," || fmt[entry.lastIndex + 1] !== " " || fmt[entry.lastIndex + 2] !== "{") break;
  }
  return out.length > 0 ? out : undefined;
}

function fromBtf(): [bigint, string][] {
  const btf = kernelBtf();
  if (!btf) return [];
  for (const [id] of btf.ofKind(BTF_KIND.ENUM)) {
    const values = btf.enumValues(id);
    if (!values.some((v) => v.name === "___GFP_DMA_BIT")) continue;
    return values
      .filter((v) => /^___GFP_\w+_BIT$/.test(v.name) && !/^___GFP_(UNUSED|LAST)_BIT$/.test(v.name))
      .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .map((v) => [1n << v.value, `__GFP_${v.name.slice("___GFP_".length, -"_BIT".length)}`]);
  }
  return [];
}

/** An integer expression of the kernel's print formats: numbers, ( ), ~, <<, &, |, and casts to drop. */
export function evaluate(text: string): bigint | undefined {
  const src = text.replace(/\(\s*(?:unsigned\s+long|gfp_t)\s*\)/g, " ");
  const toks = src.match(/0[xX][0-9a-fA-F]+|\d+|<<|[()~&|]|\S/g) ?? [];
  let i = 0;
  const num = (t: string) => BigInt(t.replace(/[uUlL]+$/, ""));
  const primary = (): bigint => {
    const t = toks[i++];
    if (t === "(") {
      const v = or();
      if (toks[i++] !== ")") throw new Error("expected )");
      return v;
    }
    if (t === "~") return BigInt.asUintN(64, ~primary());
    if (t !== undefined && /^(0[xX][0-9a-fA-F]+|\d+)$/.test(t)) {
      // A suffix (`1UL`) is its own token here: skip it.
      while (toks[i] !== undefined && /^[uUlL]$/.test(toks[i]!)) i++;
      return num(t);
    }
    throw new Error(`unexpected ${t}`);
  };
  const shift = (): bigint => {
    let v = primary();
    while (toks[i] === "<<") {
      i++;
      v = BigInt.asUintN(64, v << primary());
    }
    return v;
  };
  const and = (): bigint => {
    let v = shift();
    while (toks[i] === "&") {
      i++;
      v &= shift();
    }
    return v;
  };
  const or = (): bigint => {
    let v = and();
    while (toks[i] === "|") {
      i++;
      v |= and();
    }
    return v;
  };
  try {
    const v = or();
    return i === toks.length ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Property: whatever the layout of a tracepoint's record, every way a script can copy its fields
 * (map key, map value, several keys, tuple, scratch variable, printf record, comparison) loads
 * through the kernel's verifier. Real records put strings at odd offsets (block_rq_issue's
 * `char comm[16]` sits at 44), and a copy that is aligned at one end only is rejected
 * ("misaligned stack access"). Layouts come from a seeded generator, so a failure names its seed
 * and reproduces.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import type { TracepointField, TracepointFormat } from "../../src/runtime/kernel/tracefs.js";
import type { KernelInfo } from "../../src/semantic/kernel-info.js";
import { BTF_KIND, kernelBtf } from "../../src/btf/btf.js";
import type { Btf } from "../../src/btf/btf.js";
import { LiveKernelInfo } from "../../src/runtime/kernel-info.js";
import { loadPlan } from "../helpers/load-plan.js";

function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return (s >> 8) % n;
  };
}

const INTS = [
  { type: "u8", size: 1, signed: false },
  { type: "u16", size: 2, signed: false },
  { type: "u32", size: 4, signed: false },
  { type: "int", size: 4, signed: true },
  { type: "u64", size: 8, signed: false },
  { type: "long", size: 8, signed: true },
];

const COMMON: TracepointField[] = [
  { name: "common_type", type: "unsigned short", offset: 0, size: 2, signed: false, common: true, decl: "unsigned short common_type" },
  { name: "common_flags", type: "unsigned char", offset: 2, size: 1, signed: false, common: true, decl: "unsigned char common_flags" },
  { name: "common_preempt_count", type: "unsigned char", offset: 3, size: 1, signed: false, common: true, decl: "unsigned char common_preempt_count" },
  { name: "common_pid", type: "int", offset: 4, size: 4, signed: true, common: true, decl: "int common_pid" },
];

/** Fields laid out as a C compiler would: integers naturally aligned, char arrays anywhere. */
function layout(seed: number): TracepointFormat {
  const r = rng(seed);
  const fields = [...COMMON];
  let off = 8;
  const count = 3 + r(4);
  for (let i = 0; i < count; i++) {
    const name = `f${i}`;
    const kind = r(5);
    if (kind === 0) {
      // A byte array (an address: `__u8 saddr_v6[16]`), at any offset.
      const len = [4, 16, 6][r(3)]!;
      fields.push({ name, type: "__u8", offset: off, size: len, signed: false, arrayLength: len, common: false, decl: `__u8 ${name}[${len}]` });
      off += len;
    } else if (kind < 3) {
      const len = 1 + r(33);
      fields.push({ name, type: "char", offset: off, size: len, signed: true, arrayLength: len, common: false, decl: `char ${name}[${len}]` });
      off += len;
    } else {
      const t = INTS[r(INTS.length)]!;
      off = Math.ceil(off / t.size) * t.size;
      fields.push({ name, type: t.type, offset: off, size: t.size, signed: t.signed, common: false, decl: `${t.type} ${name}` });
      off += t.size;
    }
  }
  return { fields };
}

class LayoutKernel implements KernelInfo {
  constructor(private readonly format: TracepointFormat) {}
  tracepointFormat(category: string, event: string): TracepointFormat | undefined {
    return category === "layout" && event === "ev" ? this.format : undefined;
  }
  listTracepoints(): { category: string; event: string }[] {
    return [{ category: "layout", event: "ev" }];
  }
}

/** One probe per field that copies it every way, paired with the next field as keys and tuples. */
function script(format: TracepointFormat): string[] {
  const own = format.fields.filter((f) => !f.common).map((f) => ({ name: f.name, str: f.type === "char", bytes: f.type === "__u8" ? f.size : 0 }));
  return own.map((f, i) => {
    if (f.bytes) {
      const a = `args.${f.name}`;
      const use = f.bytes === 6 ? `printf("%r\\n", ${a});` : `printf("%s\\n", ntop(${a})); @addr[ntop(${a})] = count();`;
      return `tracepoint:layout:ev {\n  ${use}\n  @raw_${f.name}[${a}] = count();\n}\n`;
    }
    const lines: string[] = [];
    const next = own[(i + 1) % own.length]!;
    const a = `args.${f.name}`;
    const b = `args.${next.name}`;
    lines.push(`@key_${f.name}[${a}] = count();`);
    lines.push(`@val_${f.name} = ${a};`);
    lines.push(`@two_${f.name}[${a}, ${b}] = count();`);
    lines.push(`@tup_${f.name} = (${a}, ${b}, pid);`);
    lines.push(`$s_${f.name} = ${a}; @via_${f.name}[$s_${f.name}] = sum(1);`);
    lines.push(`printf("${f.str ? "%s" : "%d"} ${next.bytes ? "%r" : next.str ? "%s" : "%d"}\\n", ${a}, ${b});`);
    lines.push(`@back_${f.name}[@val_${f.name}, @tup_${f.name}.1] = count();`);
    lines.push(`$t_${f.name} = @tup_${f.name}; @elem_${f.name}[$t_${f.name}.0] = count();`);
    if (f.str) lines.push(`if (${a} == "x") { @eq_${f.name} = 1; }`);
    return `tracepoint:layout:ev {\n  ${lines.join("\n  ")}\n}\n`;
  });
}

describe("tracepoint field layouts load through the verifier", () => {
  it("block_rq_issue's layout: comm[16] at offset 44 as a map key", () => {
    const format: TracepointFormat = {
      fields: [
        ...COMMON,
        { name: "dev", type: "dev_t", offset: 8, size: 4, signed: false, common: false, decl: "dev_t dev" },
        { name: "bytes", type: "unsigned int", offset: 28, size: 4, signed: false, common: false, decl: "unsigned int bytes" },
        { name: "rwbs", type: "char", offset: 34, size: 10, signed: true, arrayLength: 10, common: false, decl: "char rwbs[10]" },
        { name: "comm", type: "char", offset: 44, size: 16, signed: true, arrayLength: 16, common: false, decl: "char comm[16]" },
      ],
    };
    const r = compile("tracepoint:layout:ev { @[args.comm] = hist(args.bytes); @r[args.rwbs, args.comm] = count(); }", "bitesize.bt", new LayoutKernel(format));
    expect(r.diagnostics.items).toEqual([]);
    expect(loadPlan(r.plan!)).toEqual(["tracepoint:layout:ev"]);
  });

  for (let seed = 1; seed <= 40; seed++) {
    it(`layout ${seed}`, () => {
      const format = layout(seed);
      const probes = script(format);
      const source = probes.join("");
      const r = compile(source, `layout-${seed}.bt`, new LayoutKernel(format));
      expect(r.diagnostics.items.map((d) => d.message), `${format.fields.map((f) => `${f.decl}@${f.offset}`).join(", ")}`).toEqual([]);
      expect(loadPlan(r.plan!), source).toEqual(probes.map(() => "tracepoint:layout:ev"));
    });
  }
});

interface Member { name: string; str: boolean; offset: number }

/** Named members of a kernel struct that scripts copy whole: char arrays and plain integers. */
function copyableMembers(btf: Btf, id: number): Member[] {
  const out: Member[] = [];
  for (const m of btf.members(id)) {
    if (!m.name || m.bitSize !== 0 || m.bitOffset % 8 !== 0) continue;
    const t = btf.type(btf.resolve(m.type));
    if (t.kind === BTF_KIND.ARRAY) {
      const a = btf.array(t.id);
      const elem = btf.type(btf.resolve(a.elem));
      if (elem.kind === BTF_KIND.INT && elem.sizeOrType === 1 && a.length > 0 && a.length <= 64) out.push({ name: m.name, str: true, offset: m.bitOffset / 8 });
    } else if (t.kind === BTF_KIND.INT && [1, 2, 4, 8].includes(t.sizeOrType)) out.push({ name: m.name, str: false, offset: m.bitOffset / 8 });
  }
  return out;
}

/** Kernel structs whose char arrays start off an 8-byte boundary, every `step`-th one, up to `max`. */
function oddStructs(btf: Btf, step: number, max: number): { name: string; members: Member[] }[] {
  const picked: { name: string; members: Member[] }[] = [];
  let seen = 0;
  for (const [id, name] of btf.ofKind(BTF_KIND.STRUCT)) {
    if (!name || btf.find(name, BTF_KIND.STRUCT).length !== 1) continue;
    const members = copyableMembers(btf, id);
    if (!members.some((m) => m.str && m.offset % 8 !== 0) || members.length < 2) continue;
    const odd = (m: Member) => m.str && m.offset % 8 !== 0;
    if (seen++ % step === 0) picked.push({ name, members: [...members.filter(odd), ...members.filter((m) => !odd(m))].slice(0, 4) });
    if (picked.length === max) break;
  }
  return picked;
}

describe("kernel struct fields read through a pointer load through the verifier", () => {
  const btf = kernelBtf()!;
  const kernel = new LiveKernelInfo();
  for (const s of oddStructs(btf, 5, 30)) {
    it(`struct ${s.name}: ${s.members.map((m) => `${m.name}@${m.offset}`).join(" ")}`, () => {
      const p = `((struct ${s.name} *)args.filename)`;
      const probes = s.members.map((m, i) => {
        const next = s.members[(i + 1) % s.members.length]!;
        const a = `${p}->${m.name}`;
        const b = `${p}->${next.name}`;
        return `tracepoint:syscalls:sys_enter_openat {
  @key_${i}[${a}] = count();
  @two_${i}[${a}, ${b}] = count();
  @tup_${i} = (${a}, pid, ${b});
  $v = ${a}; @via_${i}[$v] = count();
  printf("${m.str ? "%s" : "%d"}\\n", ${a});
}
`;
      });
      const r = compile(probes.join(""), `${s.name}.bt`, kernel);
      expect(r.diagnostics.items.map((d) => d.message)).toEqual([]);
      expect(loadPlan(r.plan!)).toEqual(probes.map(() => "tracepoint:syscalls:sys_enter_openat"));
    });
  }
});

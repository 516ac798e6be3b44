/**
 * x86_64 `struct pt_regs` (arch/x86/include/asm/ptrace.h): the context of kprobe-type programs
 * (kprobes, uprobes, usdt). Offsets of each register, bpftrace's register names for reg("..."),
 * and where the System V ABI puts a function's integer arguments and return value.
 */
export const PT_REGS_OFFSETS: Readonly<Record<string, number>> = {
  r15: 0, r14: 8, r13: 16, r12: 24, bp: 32, bx: 40, r11: 48, r10: 56, r9: 64, r8: 72,
  ax: 80, cx: 88, dx: 96, si: 104, di: 112, orig_ax: 120, ip: 128, cs: 136, flags: 144, sp: 152, ss: 160,
};

/** Integer arguments 0..5 in rdi, rsi, rdx, rcx, r8, r9. */
const ARG_REGS = ["di", "si", "dx", "cx", "r8", "r9"] as const;

export function ptRegsArgOffset(n: number): number | undefined {
  const r = ARG_REGS[n];
  return r === undefined ? undefined : PT_REGS_OFFSETS[r];
}

/** The return value is in rax. */
export const PT_REGS_RETVAL = PT_REGS_OFFSETS.ax!;

/** bpftrace also accepts `pc` for the instruction pointer on x86_64, as on other architectures. */
export function ptRegsOffset(name: string): number | undefined {
  const reg = name === "pc" ? "ip" : name;
  return Object.hasOwn(PT_REGS_OFFSETS, reg) ? PT_REGS_OFFSETS[reg] : undefined;
}

/** The 64-bit and narrower names an assembler uses (USDT argument specs): %rdi, %edi, %di, %dil. */
export function asmRegister(name: string): { reg: string; size: number } | undefined {
  const n = name.replace(/^%/, "");
  const legacy: Record<string, string> = { a: "ax", b: "bx", c: "cx", d: "dx" };
  let m;
  if ((m = /^r([abcd])x$/.exec(n))) return { reg: legacy[m[1]!]!, size: 8 };
  if ((m = /^e([abcd])x$/.exec(n))) return { reg: legacy[m[1]!]!, size: 4 };
  if ((m = /^([abcd])x$/.exec(n))) return { reg: legacy[m[1]!]!, size: 2 };
  if ((m = /^([abcd])l$/.exec(n))) return { reg: legacy[m[1]!]!, size: 1 };
  if ((m = /^r(si|di|bp|sp|ip)$/.exec(n))) return { reg: m[1]!, size: 8 };
  if ((m = /^e(si|di|bp|sp|ip)$/.exec(n))) return { reg: m[1]!, size: 4 };
  if ((m = /^(si|di|bp|sp)$/.exec(n))) return { reg: m[1]!, size: 2 };
  if ((m = /^(si|di|bp|sp)l$/.exec(n))) return { reg: m[1]!, size: 1 };
  if ((m = /^r(8|9|1[0-5])$/.exec(n))) return { reg: `r${m[1]}`, size: 8 };
  if ((m = /^r(8|9|1[0-5])d$/.exec(n))) return { reg: `r${m[1]}`, size: 4 };
  if ((m = /^r(8|9|1[0-5])w$/.exec(n))) return { reg: `r${m[1]}`, size: 2 };
  if ((m = /^r(8|9|1[0-5])b$/.exec(n))) return { reg: `r${m[1]}`, size: 1 };
  return undefined;
}

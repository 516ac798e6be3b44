// Map references stay names until load time: assemble() records their slots, patchMapFds() writes fds.
import { describe, expect, it } from "vitest";
import { Asm, R0, R1, R2, assemble, decode, disassemble, patchMapFds } from "../../../../src/codegen/bpf/index.js";

function program() {
  const a = new Asm();
  a.movImm(R0, 0); // slot 0
  a.ldMapFd(R1, "@counts"); // slots 1-2
  a.ldImm64(R2, 0x1122334455667788n); // slots 3-4: not a map
  a.ldMapValue(R2, ".rodata", 24); // slots 5-6
  a.ldMapFd(R1, "ringbuf"); // slots 7-8
  a.exit();
  return assemble(a.insns);
}

describe("map relocations", () => {
  it("records the slot of each map ld_imm64, in order", () => {
    expect(program().relocations).toEqual([
      { slot: 1, map: "@counts" },
      { slot: 5, map: ".rodata" },
      { slot: 7, map: "ringbuf" },
    ]);
  });

  it("patchMapFds writes each fd into the first slot's imm and returns a copy", () => {
    const a = program();
    const before = Buffer.from(a.bytecode);
    const fds: Record<string, number> = { "@counts": 3, ".rodata": 0x1234, ringbuf: 70000 };
    const asked: string[] = [];
    const patched = patchMapFds(a, (m) => (asked.push(m), fds[m]!));
    expect(asked).toEqual(["@counts", ".rodata", "ringbuf"]);
    expect(a.bytecode.equals(before)).toBe(true);
    expect(patched).not.toBe(a.bytecode);
    expect(patched.subarray(8, 24).toString("hex")).toBe("1811000003000000" + "0000000000000000");
    // The map-value offset stays in the second slot's imm.
    expect(patched.subarray(40, 56).toString("hex")).toBe("1822000034120000" + "0000000018000000");
    expect(patched.readInt32LE(7 * 8 + 4)).toBe(70000);
    // Everything else is untouched.
    const d = decode(patched);
    expect(d[2]!.imm64).toBe(0x1122334455667788n);
    expect(patched.subarray(0, 8).equals(a.bytecode.subarray(0, 8))).toBe(true);
  });

  it("patchMapFds rejects an fd that is not a non-negative int", () => {
    expect(() => patchMapFds(program(), () => -1)).toThrow(/bad fd -1 for map @counts \(slot 1\)/);
    expect(() => patchMapFds(program(), () => 1.5)).toThrow(/bad fd/);
  });

  it("the disassembler names the maps", () => {
    expect(disassemble(program())).toBe(
      [
        "   0: (b7) r0 = 0",
        "   1: (18) r1 = map[@counts]",
        "   3: (18) r2 = 0x1122334455667788",
        "   5: (18) r2 = map[.rodata][0]+24",
        "   7: (18) r1 = map[ringbuf]",
        "   9: (95) exit",
        "",
      ].join("\n"),
    );
  });

  it("rejects a map reference on an instruction that is not a map ld_imm64", () => {
    const a = new Asm();
    a.ldImm64(R1, 0).mapRef = "@oops";
    expect(() => assemble(a.insns)).toThrow(/map reference "@oops" on an instruction that is not a map ld_imm64/);
  });
});

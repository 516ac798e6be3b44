/**
 * The machine can run BPF (KERNEL.md). If this fails, every live test is meaningless: CI must fail
 * here rather than skip, because our machines support BPF.
 */
import { describe, expect, it } from "vitest";
import { BPF_MAP_TYPE_HASH } from "../../src/abi/uapi.js";
import { closeFd, createMap } from "../../src/runtime/bpf.js";
import { ensureTracefs, tracepointId } from "../../src/runtime/kernel/tracefs.js";

describe("kernel facts", () => {
  it("runs as root", () => expect(process.getuid?.()).toBe(0));
  it("can create a BPF map", () => {
    const fd = createMap({ type: BPF_MAP_TYPE_HASH, keySize: 8, valueSize: 8, maxEntries: 1, name: "ebt_probe" });
    expect(fd).toBeGreaterThan(0);
    closeFd(fd);
  });
  it("has tracefs with syscall tracepoints (mounting it when absent)", () => {
    ensureTracefs();
    expect(tracepointId("syscalls", "sys_enter_write")).toBeGreaterThan(0);
  });
});

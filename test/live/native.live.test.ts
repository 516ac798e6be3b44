/** The native addon and the thin kernel layer against the real kernel (root, Linux 6.18). */
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import {
  BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_PERCPU_HASH, BPF_MAP_TYPE_RINGBUF, BPF_PROG_TYPE_RAW_TRACEPOINT,
  BPF_PROG_TYPE_TRACEPOINT, VerifierError, closeFd, createMap, listIds, loadProgram, mapDelete, mapInfo, mapKeys,
  mapLookup, mapNextKey, mapUpdate, objectName, perfEventAttachBpf, perfEventOpen, possibleCpus, progInfo, testRun,
} from "../../src/runtime/bpf.js";
import { KernelError } from "../../src/runtime/errors.js";
import { tracepointFormat, tracepointId } from "../../src/runtime/kernel/tracefs.js";
import { RingBufferReader } from "../../src/runtime/ringbuf.js";

// --- a tiny hand encoder, independent of the code generator ---
function insn(op: number, dst: number, src: number, off: number, imm: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt8(op, 0);
  b.writeUInt8((src << 4) | dst, 1);
  b.writeInt16LE(off, 2);
  b.writeInt32LE(imm, 4);
  return b;
}
const mov64Imm = (dst: number, imm: number) => insn(0xb7, dst, 0, 0, imm);
const mov64Reg = (dst: number, src: number) => insn(0xbf, dst, src, 0, 0);
const add64Imm = (dst: number, imm: number) => insn(0x07, dst, 0, 0, imm);
const stDw = (dst: number, off: number, imm: number) => insn(0x7a, dst, 0, off, imm);
const stW = (dst: number, off: number, imm: number) => insn(0x62, dst, 0, off, imm);
const ldMapFd = (dst: number, fd: number) => Buffer.concat([insn(0x18, dst, 1, 0, fd), insn(0, 0, 0, 0, 0)]);
const call = (helper: number) => insn(0x85, 0, 0, 0, helper);
const jeqImm = (dst: number, imm: number, off: number) => insn(0x15, dst, 0, off, imm);
const atomicAdd64 = (dst: number, src: number, off: number) => insn(0xdb, dst, src, off, 0);
const exit = () => insn(0x95, 0, 0, 0, 0);
const prog = (...i: Buffer[]) => Buffer.concat(i);

const fds: number[] = [];
function own(fd: number): number {
  fds.push(fd);
  return fd;
}
afterEach(() => {
  for (const fd of fds.splice(0)) {
    try {
      closeFd(fd);
    } catch {
      /* already closed by the test */
    }
  }
});

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
function u64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
}

async function until(cond: () => boolean, ms = 3000): Promise<boolean> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe("maps", () => {
  it("hash map: create, update, lookup, iterate, delete", () => {
    const fd = own(createMap({ type: BPF_MAP_TYPE_HASH, keySize: 4, valueSize: 8, maxEntries: 16, name: "ebt-test:hash!" }));
    expect(mapInfo(fd).name).toBe("ebt_test_hash_");
    for (let i = 1; i <= 3; i++) mapUpdate(fd, u32(i), u64(BigInt(i * 100)));
    expect(mapLookup(fd, u32(2), 8)?.readBigUInt64LE()).toBe(200n);
    expect(mapLookup(fd, u32(9), 8)).toBeUndefined();
    const keys = mapKeys(fd, 4).map((k) => k.readUInt32LE()).sort();
    expect(keys).toEqual([1, 2, 3]);
    expect(mapNextKey(fd, undefined, 4)).toBeDefined();
    expect(mapDelete(fd, u32(2))).toBe(true);
    expect(mapDelete(fd, u32(2))).toBe(false);
    expect(mapKeys(fd, 4).length).toBe(2);
    // BPF_NOEXIST on an existing key is a KernelError with EEXIST
    try {
      mapUpdate(fd, u32(1), u64(1n), 1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KernelError);
      expect((e as KernelError).code).toBe("EEXIST");
      expect((e as KernelError).message).toMatch(/^BPF_MAP_UPDATE_ELEM: File exists/);
    }
  });

  it("per-CPU hash map: values for every possible CPU", () => {
    const ncpu = possibleCpus();
    expect(ncpu).toBeGreaterThanOrEqual(1);
    const fd = own(createMap({ type: BPF_MAP_TYPE_PERCPU_HASH, keySize: 8, valueSize: 4, maxEntries: 8, name: "ebt_pcpu" }));
    const stride = 8; // roundUp8(4)
    const value = Buffer.alloc(stride * ncpu);
    for (let c = 0; c < ncpu; c++) value.writeUInt32LE(c + 10, c * stride);
    mapUpdate(fd, u64(42n), value);
    const got = mapLookup(fd, u64(42n), stride * ncpu)!;
    for (let c = 0; c < ncpu; c++) expect(got.readUInt32LE(c * stride)).toBe(c + 10);
    expect(mapKeys(fd, 8).map((k) => k.readBigUInt64LE())).toEqual([42n]);
  });
});

describe("programs", () => {
  it("loads `r0 = 0; exit` as RAW_TRACEPOINT and test-runs it", () => {
    const fd = own(loadProgram({ type: BPF_PROG_TYPE_RAW_TRACEPOINT, insns: prog(mov64Imm(0, 7), exit()), license: "GPL", name: "ebt_ret7" }));
    expect(testRun(fd).retval).toBe(7);
    expect(testRun(fd, Buffer.alloc(8 * 6)).retval).toBe(7);
    expect(progInfo(fd).name).toBe("ebt_ret7");
  });

  it("a verifier rejection throws VerifierError with the verifier's log", () => {
    let err: unknown;
    try {
      loadProgram({ type: BPF_PROG_TYPE_RAW_TRACEPOINT, insns: prog(exit()), license: "GPL", name: "ebt_bad" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VerifierError);
    expect(err).toBeInstanceOf(KernelError);
    const v = err as VerifierError;
    expect(v.op).toBe("BPF_PROG_LOAD");
    expect(v.code).toBe("EACCES");
    expect(v.log).toMatch(/R0 !read_ok/);
    expect(v.message).toMatch(/^BPF_PROG_LOAD: Permission denied/);
  });

  it("listIds shows our program and map, and not after closeFd", async () => {
    const m = createMap({ type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 8, maxEntries: 1, name: "ebt_ids" });
    const p = loadProgram({ type: BPF_PROG_TYPE_RAW_TRACEPOINT, insns: prog(mov64Imm(0, 0), exit()), license: "GPL", name: "ebt_ids" });
    const mid = mapInfo(m).id, pid = progInfo(p).id;
    expect(listIds("map")).toContain(mid);
    expect(listIds("prog")).toContain(pid);
    expect(objectName("map", mid)).toBe("ebt_ids");
    expect(objectName("prog", pid)).toBe("ebt_ids");
    expect(Array.isArray(listIds("link"))).toBe(true);
    closeFd(p);
    closeFd(m);
    expect(await until(() => !listIds("map").includes(mid) && !listIds("prog").includes(pid))).toBe(true);
    expect(objectName("prog", pid)).toBeUndefined();
  });
});

describe("ring buffer", () => {
  function ringbufProgram(mapFd: number): number {
    // *(u64 *)(r10-16) = 0x11223344; *(u64 *)(r10-8) = 0x55667788;
    // bpf_ringbuf_output(map, r10-16, 16, 0); return 0
    return own(loadProgram({
      type: BPF_PROG_TYPE_RAW_TRACEPOINT,
      license: "GPL",
      name: "ebt_rb",
      insns: prog(
        stDw(10, -16, 0x11223344), stDw(10, -8, 0x55667788),
        ldMapFd(1, mapFd), mov64Reg(2, 10), add64Imm(2, -16), mov64Imm(3, 16), mov64Imm(4, 0), call(130),
        mov64Imm(0, 0), exit(),
      ),
    }));
  }
  const expected = Buffer.concat([u64(0x11223344n), u64(0x55667788n)]);

  it("delivers records via drain()", () => {
    const map = own(createMap({ type: BPF_MAP_TYPE_RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096 * 4, name: "ebt_rb" }));
    const p = ringbufProgram(map);
    const got: Buffer[] = [];
    const reader = new RingBufferReader(map, (recs) => got.push(...recs));
    try {
      reader.drain();
      expect(got).toEqual([]);
      testRun(p);
      testRun(p);
      reader.drain();
      expect(got.length).toBe(2);
      expect(got[0]).toEqual(expected);
      expect(got[1]).toEqual(expected);
      reader.drain();
      expect(got.length).toBe(2);
      // wrap around the ring several times
      for (let i = 0; i < 3000; i++) {
        testRun(p);
        if (i % 100 === 99) reader.drain();
      }
      reader.drain();
      expect(got.length).toBe(3002);
      expect(got.every((b) => b.equals(expected))).toBe(true);
    } finally {
      reader.close();
    }
  });

  it("delivers records via the uv_poll callback", async () => {
    const map = own(createMap({ type: BPF_MAP_TYPE_RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096, name: "ebt_rb2" }));
    const p = ringbufProgram(map);
    let resolve!: (b: Buffer[]) => void;
    const arrived = new Promise<Buffer[]>((r) => (resolve = r));
    const reader = new RingBufferReader(map, (recs) => resolve(recs), 4096);
    try {
      reader.start();
      testRun(p);
      const recs = await Promise.race([arrived, new Promise<never>((_, rej) => setTimeout(() => rej(new Error("no ring buffer callback within 5s")), 5000))]);
      expect(recs).toEqual([expected]);
    } finally {
      reader.close();
    }
    reader.close(); // idempotent
  });
});

describe("tracepoints", () => {
  it("a TRACEPOINT program on syscalls:sys_enter_getppid counts into an array map", () => {
    expect(tracepointFormat("syscalls", "sys_enter_getppid").fields.some((f) => f.name === "common_pid")).toBe(true);
    const id = tracepointId("syscalls", "sys_enter_getppid");
    expect(id).toBeGreaterThan(0);
    const map = own(createMap({ type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 8, maxEntries: 1, name: "ebt_cnt" }));
    const p = own(loadProgram({
      type: BPF_PROG_TYPE_TRACEPOINT,
      license: "GPL",
      name: "ebt_getppid",
      insns: prog(
        stW(10, -4, 0), ldMapFd(1, map), mov64Reg(2, 10), add64Imm(2, -4), call(1),
        jeqImm(0, 0, 2), mov64Imm(1, 1), atomicAdd64(0, 1, 0),
        mov64Imm(0, 0), exit(),
      ),
    }));
    // One perf event suffices: a BPF program on a tracepoint runs whichever CPU hits it (attaching
    // the same program to a second per-CPU event of the same tracepoint fails with EEXIST).
    const pfd = own(perfEventOpen({ type: 2, config: id, samplePeriod: 1, wakeupEvents: 1 }, -1, 0));
    perfEventAttachBpf(pfd, p);
    const count = () => mapLookup(map, u32(0), 8)!.readBigUInt64LE();
    const before = count();
    const r = spawnSync("/bin/sh", ["-c", "echo $PPID"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBe(process.pid);
    expect(count()).toBeGreaterThan(before);
  });

  it("perf_event_open errors are KernelErrors", () => {
    expect(() => perfEventOpen({ type: 2, config: 0x7fffffff }, -1, 0)).toThrow(KernelError);
  });
});

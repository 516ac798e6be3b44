/**
 * The native addon (native/*.cc, DESIGN.md §4), typed. It is loaded on the first call of native(),
 * never at import, so code that never touches the kernel (parser, codegen, unit and golden tests)
 * runs without it being built.
 *
 * Every addon function throws a plain Error carrying `errno`, `code` and `syscall` when the
 * system call fails; src/runtime/bpf.ts turns those into KernelErrors.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Called from the event loop with one batch, or once with an error if polling failed. */
export type NativeRingBufferCallback = (err: Error | null, arena?: Buffer, spans?: Uint32Array) => void;

/** The addon's ring buffer consumer (native/ringbuf.cc). */
export interface NativeRingBuffer {
  /** Poll the map fd with libuv; each wake-up calls the callback with one batch. */
  start(): void;
  /**
   * Take one batch synchronously: the record payloads copied into `arena`, record i at
   * `spans[2i]` with length `spans[2i+1]`; undefined when nothing is committed.
   */
  consume(): [arena: Buffer, spans: Uint32Array] | undefined;
  /** Stop polling, unmap, release the reader's fd. Idempotent. */
  close(): void;
}

/** Called with each batch of one CPU's perf buffer (samples' raw payloads, and how many the kernel lost), or once with an error. */
export type NativePerfBufferCallback = (err: Error | null, arena?: Buffer, spans?: Uint32Array, lost?: number) => void;

/** The addon's consumer of one CPU's perf event ring (native/perfbuf.cc), for bpf_skb_output. */
export interface NativePerfBuffer {
  start(): void;
  /** What is there now, synchronously, laid out as a RingBuffer batch; undefined when empty. */
  consume(): [arena: Buffer, spans: Uint32Array, lost: number] | undefined;
  close(): void;
}

/** Offsets, sizes and constants from this machine's uapi headers (native/abi.cc), for tests. */
export interface NativeAbi {
  offsets: Record<string, number>;
  sizes: Record<string, number>;
  constants: Record<string, number>;
}

export interface NativeAddon {
  /**
   * bpf(2): `attr` is the packed `union bpf_attr`, its length the size argument. Returns the
   * result. `keepAlive` is ignored: pass the Buffers whose addresses are in `attr`, so that they
   * are referenced until the kernel is done with them.
   */
  bpf(cmd: number, attr: Buffer, ...keepAlive: (Uint8Array | undefined)[]): number;
  /** The address of a Buffer's bytes, to store in an attr's pointer field. Keep `buf` alive across the call. */
  addressOf(buf: Uint8Array): bigint;
  /** perf_event_open(2) with a packed `struct perf_event_attr`; `keepAlive` as for bpf(). */
  perfEventOpen(attr: Buffer, pid: number, cpu: number, groupFd: number, flags: number, ...keepAlive: Uint8Array[]): number;
  /** ioctl(2): a number argument is passed by value, a Buffer by address; `name` labels errors. */
  ioctl(fd: number, request: number, arg: number | Uint8Array, name?: string): number;
  /** close(2). */
  close(fd: number): void;
  /** close(2) of every fd, from many threads at once (see native/sys.cc); throws the first error. */
  closeMany(fds: number[]): void;
  /** mount(2). */
  mount(source: string, target: string, fstype: string, flags: number): void;
  /** Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now (-1: unlimited). */
  raiseOpenFileLimit(): number;
  RingBuffer: new (mapFd: number, dataSize: number, callback: NativeRingBufferCallback) => NativeRingBuffer;
  PerfBuffer: new (perfFd: number, dataPages: number, callback: NativePerfBufferCallback) => NativePerfBuffer;
  /**
   * fork(2) a child that waits, with PR_SET_PDEATHSIG set (it dies with us), until one byte is
   * written to `gate`, then execve(2)s `path` with `argv` and our environment. Closing `gate`
   * unwritten makes it exit without running anything.
   */
  spawnHeld(path: string, argv: string[]): { pid: number; gate: number };
  /** Reaps child `pid` when it exits (polling its pidfd) and then calls back once; close() stops watching. */
  ChildWatch: new (pid: number, callback: (code: number | null, signal: number | null) => void) => { close(): void };
  abi(): NativeAbi;
}

let addon: NativeAddon | undefined;

/**
 * The package root: the nearest directory above this file holding package.json. This file runs
 * from dist/runtime/ when installed and from src/runtime/ under vitest; both are two levels down.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`ebt: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** Where the built addon lives. */
export function addonPath(): string {
  return join(packageRoot(), "build", "Release", "ebt_native.node");
}

/** The addon was never built: a set-up problem the user fixes, not an ebt bug. */
export class AddonMissingError extends Error {
  override name = "AddonMissingError";
}

/** The addon, loaded on first use. */
export function native(): NativeAddon {
  if (addon) return addon;
  const path = addonPath();
  if (!existsSync(path)) {
    throw new AddonMissingError(`the native addon is not built (${path} is missing); run \`npm install\` ` +
      "(it needs g++, make and python3 for node-gyp)");
  }
  addon = createRequire(import.meta.url)(path) as NativeAddon;
  return addon;
}

/** Whether the addon has been loaded (tests use this to prove imports stay lazy). */
export function nativeLoaded(): boolean {
  return addon !== undefined;
}

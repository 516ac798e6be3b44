/**
 * The native addon (native/ebt_native.cc, DESIGN.md §4), loaded lazily on first use so that code
 * paths which never touch the kernel (parsing, codegen, golden tests) don't need it built.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface NativeRingBuffer {
  start(): void;
  /** Deliver everything available now to the callback; returns the number of records. */
  drain(): number;
  close(): void;
}

export interface NativeAddon {
  bpf(cmd: number, attr: Buffer): number;
  addressOf(buf: Buffer): bigint;
  perfEventOpen(attr: Buffer, pid: number, cpu: number, groupFd: number, flags: number): number;
  ioctl(fd: number, req: number, arg: number): number;
  close(fd: number): void;
  RingBuffer: new (mapFd: number, size: number, cb: (records: Buffer[]) => void) => NativeRingBuffer;
}

/** Errors thrown by the addon carry these fields. */
export interface NativeErrnoError extends Error {
  errno: number;
  code: string;
  syscall: string;
}

export function isErrnoError(e: unknown): e is NativeErrnoError {
  return e instanceof Error && typeof (e as Partial<NativeErrnoError>).errno === "number";
}

let addon: NativeAddon | undefined;

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("ebt: cannot find the package root (package.json) above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export function native(): NativeAddon {
  if (addon) return addon;
  const root = packageRoot();
  const path = join(root, "build", "Release", "ebt_native.node");
  if (!existsSync(path)) {
    throw new Error(`ebt: the native addon is not built (${path} is missing); run \`npm install\` or \`npm run build\``);
  }
  const require = createRequire(import.meta.url);
  addon = require(path) as NativeAddon;
  return addon;
}

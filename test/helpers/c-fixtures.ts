/**
 * Builds the C programs of test/fixtures/uprobes once per test file, into a fresh temporary folder:
 * `target` (plain executable), `target-pie` (PIE), `libebtfix.so` (shared library they both use),
 * `usdt` (hand-written USDT notes: every kind of argument spec, a semaphore, a probe at two sites) and `watched` / `watched-pie` (print their pid and
 * the address of a global, then write it N times: for watchpoints and -p/-c). Paths are unique per run, so no other test's
 * processes can trigger probes on them.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "./run-ebt.js";

const SRC = path.join(ROOT, "test/fixtures/uprobes");

export interface CFixtures {
  dir: string;
  target: string;
  targetPie: string;
  lib: string;
  usdt: string;
  watched: string;
  watchedPie: string;
  cleanup(): void;
}

export function buildCFixtures(): CFixtures {
  const dir = mkdtempSync(path.join(tmpdir(), "ebt-uprobe-"));
  const gcc = (...args: string[]) => execFileSync("gcc", args, { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  gcc("-O1", "-shared", "-fPIC", "-o", "libebtfix.so", path.join(SRC, "libebtfix.c"));
  const withLib = ["-L.", "-lebtfix", "-Wl,-rpath,$ORIGIN"];
  gcc("-O1", "-no-pie", "-o", "target", path.join(SRC, "target.c"), ...withLib);
  gcc("-O1", "-fPIE", "-pie", "-o", "target-pie", path.join(SRC, "target.c"), ...withLib);
  gcc("-O1", "-o", "usdt", path.join(SRC, "usdt.c"));
  gcc("-O1", "-no-pie", "-o", "watched", path.join(SRC, "watched.c"));
  gcc("-O1", "-fPIE", "-pie", "-o", "watched-pie", path.join(SRC, "watched.c"));
  const at = (f: string) => path.join(dir, f);
  return {
    dir, target: at("target"), targetPie: at("target-pie"), lib: at("libebtfix.so"), usdt: at("usdt"),
    watched: at("watched"), watchedPie: at("watched-pie"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs a fixture program to completion and returns its stdout. */
export function runFixture(file: string, ...args: string[]): string {
  return execFileSync(file, args, { encoding: "utf8" });
}

/** Builds test/fixtures/uprobes/thrower.cc (C++ exceptions: libstdc++'s USDT probes) into `dir`. */
export function buildThrower(dir: string): string {
  execFileSync("g++", ["-O1", "-o", "thrower", path.join(SRC, "thrower.cc")], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  return path.join(dir, "thrower");
}

/** Builds test/fixtures/uprobes/stacks.c (frame pointers kept) into `dir` and returns its path. */
export function buildStackFixture(dir: string, name = "stacks", extra: string[] = []): string {
  execFileSync("gcc", ["-O1", "-fno-omit-frame-pointer", "-no-pie", ...extra, "-o", name, path.join(SRC, "stacks.c")], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return path.join(dir, name);
}

/** The stack fixture's source file. */
export const STACKS_SOURCE = path.join(SRC, "stacks.c");
/** A program whose call to getppid() is in code inlined twice (see the file). */
export const INLINED_SOURCE = path.join(SRC, "inlined.c");

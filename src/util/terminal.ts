/**
 * Whether a file descriptor is a terminal, as isatty(3) decides it: the TCGETS ioctl succeeds.
 * `process.stdout.isTTY` says the same but makes Node's stdout stream to say it, which loads
 * node:net and node:stream (~3 ms of a one-liner's start) when stdout is a pipe that a direct write
 * serves (see runtime/output/sink.ts).
 */
import { native } from "../runtime/native.js";

const TCGETS = 0x5401;

export function isTerminal(fd: number): boolean {
  try {
    native().ioctl(fd, TCGETS, Buffer.alloc(64), "TCGETS");
    return true;
  } catch {
    return false; // ENOTTY (or no addon, when nothing runs anyway)
  }
}

/**
 * Attaching one probe, with bpftrace's wording when the kernel refuses:
 * `ERROR: Error attaching probe: 'kprobe:do_nanosleep': <why>`, so the user sees which probe failed.
 */
import type { Attachment, ProbeTarget } from "../../contracts/provider.js";
import { KernelError } from "../errors.js";

export class AttachError extends KernelError {
  override name = "AttachError";
  /**
   * `probe`: how the kernel's refusal names it, as written (a kprobe address in hex); `target`:
   * bpftrace's "Unable to attach probe: ..." line, which names the probe as bpftrace does (decimal).
   */
  constructor(readonly probe: string, cause: KernelError, readonly target: string = probe) {
    super(cause.op, cause.errno, cause.code, { cause, ...(cause.detail !== undefined ? { detail: cause.detail } : {}), ...(cause.hint !== undefined ? { hint: cause.hint } : {}) });
    this.message = `Error attaching probe: '${probe}': ${cause.message}`;
  }
}

export function attachTarget(progFd: number, target: ProbeTarget): Attachment {
  try {
    return target.provider.attach!(progFd, target);
  } catch (e) {
    throw e instanceof KernelError ? new AttachError(target.label ?? target.name, e, target.name) : e;
  }
}

/** One program at many targets on one link (Provider.multiAttach); errors name the first target. */
export function attachSites(progFd: number, targets: readonly ProbeTarget[]): Attachment {
  const first = targets[0]!;
  try {
    return first.provider.multiAttach!.attach(progFd, targets);
  } catch (e) {
    throw e instanceof KernelError ? new AttachError(first.label ?? first.name, e, first.name) : e;
  }
}

/**
 * tracefs: tracepoint ids (for perf_event_open), their record layouts (the `args` of a
 * tracepoint probe) and the list of all tracepoints (for -l and wildcards).
 *
 * KERNEL.md: tracefs may not be mounted on a fresh machine, so ensureTracefs() mounts it.
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KernelError, NEEDS_ROOT, isErrnoException, isUnprivileged } from "../errors.js";
import { native } from "../native.js";
import type { TracepointField, TracepointFormat } from "../../contracts/kernel-info.js";

/** The tracepoint does not exist (no events/<category>/<event> directory). */
export class TracepointNotFound extends KernelError {
  override name = "TracepointNotFound";
  constructor(readonly category: string, readonly event: string) {
    super("tracepoint", 2, "ENOENT", { detail: `${category}:${event}`, hint: "no such tracepoint" });
  }
}

const TRACEFS = "/sys/kernel/tracing";
/** Where tracefs appears when debugfs is mounted (older setups; KERNEL.md: not mounted here). */
const DEBUGFS_TRACING = "/sys/kernel/debug/tracing";

/** MS_NOSUID | MS_NODEV | MS_NOEXEC: how systemd mounts tracefs. */
const MOUNT_FLAGS = 0x2 | 0x4 | 0x8;

let root: string | undefined;

const hasEvents = (dir: string) => existsSync(join(dir, "events"));

/** The tracefs mount point; mounts tracefs on /sys/kernel/tracing when it is not mounted yet. */
export function ensureTracefs(): string {
  if (root && hasEvents(root)) return root;
  if (hasEvents(TRACEFS)) return (root = TRACEFS);
  // Mounted, but closed to us (mode 0700 for root): not a mount problem.
  if (isUnprivileged() && existsSync(TRACEFS)) {
    try {
      accessSync(TRACEFS, constants.R_OK | constants.X_OK);
    } catch (e) {
      if (isErrnoException(e)) throw new KernelError("open", Math.abs(e.errno), e.code, { detail: TRACEFS, hint: NEEDS_ROOT, cause: e });
    }
  }
  let failure: KernelError | undefined;
  try {
    native().mount("nodev", TRACEFS, "tracefs", MOUNT_FLAGS);
  } catch (e) {
    if (!isErrnoException(e)) throw e;
    failure = new KernelError("mount", e.errno, e.code, {
      detail: `tracefs on ${TRACEFS}`,
      hint: isUnprivileged() ? NEEDS_ROOT : `tracefs is not mounted and ebt could not mount it; try: mount -t tracefs nodev ${TRACEFS}`,
      cause: e,
    });
  }
  if (hasEvents(TRACEFS)) return (root = TRACEFS);
  if (hasEvents(DEBUGFS_TRACING)) return (root = DEBUGFS_TRACING);
  throw failure ?? new KernelError("mount", 0, "ENOENT", {
    detail: `tracefs on ${TRACEFS}`,
    hint: "tracefs was mounted but has no events/ directory (a kernel without CONFIG_EVENT_TRACING?)",
  });
}

/** Path components come from user scripts: keep them inside events/. No tracepoint has another name. */
const VALID_NAME = /^(?!\.+$)[A-Za-z0-9_.-]+$/;

function readEventFile(category: string, event: string, file: "id" | "format"): string {
  if (!VALID_NAME.test(category) || !VALID_NAME.test(event)) throw new TracepointNotFound(category, event);
  const path = join(ensureTracefs(), "events", category, event, file);
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if (isErrnoException(e) && (e.code === "ENOENT" || e.code === "ENOTDIR")) throw new TracepointNotFound(category, event);
    if (isErrnoException(e)) {
      throw new KernelError("read", Math.abs(e.errno), e.code, { detail: path, cause: e });
    }
    throw e;
  }
}

/** The tracepoint's id: perf_event_attr.config for PERF_TYPE_TRACEPOINT. */
export function tracepointId(category: string, event: string): number {
  return Number(readEventFile(category, event, "id").trim());
}

/** The tracepoint's record layout. */
export function tracepointFormat(category: string, event: string): TracepointFormat {
  return parseTracepointFormat(readEventFile(category, event, "format"));
}

/** Every tracepoint, sorted by category then event. */
export function listTracepoints(): { category: string; event: string }[] {
  const dir = ensureTracefs();
  const out: { category: string; event: string }[] = [];
  let text: string | undefined;
  try {
    // One read instead of ~2000 directory listings. Lines are "category:event".
    text = readFileSync(join(dir, "available_events"), "utf8");
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    for (const line of text.split("\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) out.push({ category: line.slice(0, colon), event: line.slice(colon + 1).trim() });
    }
  } else {
    const events = join(dir, "events");
    for (const cat of readdirSync(events, { withFileTypes: true })) {
      if (!cat.isDirectory()) continue;
      for (const ev of readdirSync(join(events, cat.name), { withFileTypes: true })) {
        if (ev.isDirectory()) out.push({ category: cat.name, event: ev.name });
      }
    }
  }
  return out.sort((a, b) => cmp(a.category, b.category) || cmp(a.event, b.event));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Parse the text of an `events/<category>/<event>/format` file:
 *
 *     name: sched_process_exec
 *     ID: 365
 *     format:
 *     	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
 *     	...
 *     	field:__data_loc char[] filename;	offset:8;	size:4;	signed:0;
 *     	field:char comm[16];	offset:12;	size:16;	signed:0;
 *
 *     print fmt: "filename=%s ...", __get_str(filename), ...
 *
 * Lines that do not parse are skipped, not fatal: a field we cannot read should not make the
 * whole tracepoint unusable.
 */
export function parseTracepointFormat(text: string): TracepointFormat {
  const format: TracepointFormat = { fields: [] };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("field:") || line.startsWith("field special:")) {
      const field = parseFieldLine(line);
      if (field) format.fields.push(field);
    } else if (line.startsWith("name:")) {
      format.name = line.slice(5).trim();
    } else if (line.startsWith("ID:")) {
      const id = Number(line.slice(3).trim());
      if (Number.isInteger(id)) format.id = id;
    } else if (line.startsWith("print fmt:")) {
      format.printFmt = line.slice(10).trim();
    }
  }
  return format;
}

/** `field:char comm[16];	offset:8;	size:16;	signed:0;` → a TracepointField. */
function parseFieldLine(line: string): TracepointField | undefined {
  const parts = new Map<string, string>();
  for (const piece of line.split(";")) {
    const colon = piece.indexOf(":");
    if (colon > 0) parts.set(piece.slice(0, colon).trim(), piece.slice(colon + 1).trim());
  }
  const decl = parts.get("field") ?? parts.get("field special");
  const offset = Number(parts.get("offset"));
  const size = Number(parts.get("size"));
  if (decl === undefined || !Number.isInteger(offset) || !Number.isInteger(size)) return undefined;
  const d = parseDecl(decl);
  if (!d) return undefined;
  const field: TracepointField = {
    name: d.name,
    type: d.type,
    offset,
    size,
    // Old kernels have no `signed:` part; then fall back on the type.
    signed: parts.has("signed") ? parts.get("signed") === "1" : /^(int|long|short|char|s\d+|signed\b)/.test(d.type),
    common: d.name.startsWith("common_"),
    decl: decl.replace(/\s+/g, " ").trim(),
  };
  if (d.arrayLength !== undefined) field.arrayLength = d.arrayLength;
  if (d.type.startsWith("__data_loc ")) field.loc = "data";
  else if (d.type.startsWith("__rel_loc ")) field.loc = "rel";
  return field;
}

/**
 * Split a declaration into type, name and array length:
 *   `unsigned long args[6]`   → "unsigned long", "args", 6
 *   `char buf[]`              → "char", "buf", 0 (flexible array)
 *   `const char * filename`   → "const char *", "filename"
 *   `__data_loc char[] name`  → "__data_loc char[]", "name" (the brackets belong to the type)
 */
function parseDecl(decl: string): { type: string; name: string; arrayLength?: number } | undefined {
  let d = decl.trim();
  let arrayLength: number | undefined;
  const arr = /^(.*[A-Za-z0-9_])\s*\[\s*([^\]]*)\]$/.exec(d);
  if (arr) {
    d = arr[1]!;
    const len = arr[2]!.trim();
    if (len === "") arrayLength = 0;
    else if (/^(0x[0-9a-fA-F]+|\d+)$/.test(len)) arrayLength = Number(len);
  }
  const m = /^(.*?)\s*\b([A-Za-z_][A-Za-z0-9_]*)$/.exec(d);
  if (!m || !m[1]) return undefined;
  const type = m[1].replace(/\s+/g, " ").trim();
  if (!type) return undefined;
  return arrayLength === undefined ? { type, name: m[2]! } : { type, name: m[2]!, arrayLength };
}

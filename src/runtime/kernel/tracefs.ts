/** tracefs: tracepoint ids, their field layouts, and the list of all tracepoints. */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KernelError } from "../errors.js";

export interface TracepointField {
  name: string;
  type: string;
  offset: number;
  size: number;
  signed: boolean;
  arrayLength?: number;
  common: boolean;
}

export interface TracepointFormat {
  fields: TracepointField[];
}

const TRACEFS = "/sys/kernel/tracing";
let root: string | undefined;

/** The tracefs mount point, mounting tracefs there when it is not mounted yet. */
export function ensureTracefs(): string {
  if (root) return root;
  if (existsSync(join(TRACEFS, "events"))) return (root = TRACEFS);
  const r = spawnSync("mount", ["-t", "tracefs", "nodev", TRACEFS], { encoding: "utf8" });
  if (existsSync(join(TRACEFS, "events"))) return (root = TRACEFS);
  const why = (r.error?.message ?? r.stderr ?? "").trim();
  throw new KernelError("mount tracefs", 0, "EMOUNT", why || `exit status ${r.status}`,
    `tracefs is not mounted at ${TRACEFS} and mounting it failed`);
}

function checkName(what: string, s: string): void {
  if (!/^[A-Za-z0-9_.:-]+$/.test(s)) throw new Error(`invalid tracepoint ${what}: ${JSON.stringify(s)}`);
}

function eventDir(category: string, event: string): string {
  checkName("category", category);
  checkName("event", event);
  return join(ensureTracefs(), "events", category, event);
}

export function tracepointId(category: string, event: string): number {
  const path = join(eventDir(category, event), "id");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw missing(category, event, e);
  }
  return Number(text.trim());
}

export function tracepointFormat(category: string, event: string): TracepointFormat {
  const path = join(eventDir(category, event), "format");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw missing(category, event, e);
  }
  return parseTracepointFormat(text);
}

function missing(category: string, event: string, e: unknown): Error {
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === "ENOENT") return new KernelError("tracepoint", 2, "ENOENT", `${category}:${event}`, "no such tracepoint");
  if (err && typeof err.errno === "number") return new KernelError("tracepoint", -err.errno, err.code ?? "", `${category}:${event}`);
  return e instanceof Error ? e : new Error(String(e));
}

export function listTracepoints(): { category: string; event: string }[] {
  const events = join(ensureTracefs(), "events");
  const out: { category: string; event: string }[] = [];
  for (const cat of readdirSync(events, { withFileTypes: true })) {
    if (!cat.isDirectory()) continue;
    let entries;
    try {
      entries = readdirSync(join(events, cat.name), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const ev of entries) if (ev.isDirectory()) out.push({ category: cat.name, event: ev.name });
  }
  out.sort((a, b) => (a.category === b.category ? cmp(a.event, b.event) : cmp(a.category, b.category)));
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Parse the text of an `events/<cat>/<name>/format` file. Field lines look like
 *   field:unsigned short common_type;	offset:0;	size:2;	signed:0;
 *   field:char comm[16];	offset:8;	size:16;	signed:0;
 *   field:__data_loc char[] name;	offset:8;	size:4;	signed:0;
 */
export function parseTracepointFormat(text: string): TracepointFormat {
  const fields: TracepointField[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line.startsWith("field:")) continue;
    const parts = new Map<string, string>();
    for (const piece of line.split(";")) {
      const p = piece.trim();
      const colon = p.indexOf(":");
      if (colon < 0) continue;
      parts.set(p.slice(0, colon).trim(), p.slice(colon + 1).trim());
    }
    const decl = parts.get("field");
    const offset = parts.get("offset");
    const size = parts.get("size");
    if (decl === undefined || offset === undefined || size === undefined) continue;
    const parsed = parseDecl(decl);
    if (!parsed) continue;
    fields.push({
      name: parsed.name,
      type: parsed.type,
      offset: Number(offset),
      size: Number(size),
      signed: parts.get("signed") === "1",
      ...(parsed.arrayLength !== undefined ? { arrayLength: parsed.arrayLength } : {}),
      common: parsed.name.startsWith("common_"),
    });
  }
  return { fields };
}

/** `unsigned long args[6]` → type "unsigned long", name "args", arrayLength 6.
 *  `__data_loc char[] name` → type "__data_loc char[]", name "name". */
function parseDecl(decl: string): { type: string; name: string; arrayLength?: number } | undefined {
  let d = decl.trim();
  let arrayLength: number | undefined;
  const arr = /\[([^\]]*)\]\s*$/.exec(d);
  if (arr && !/\[\]\s*$/.test(d)) {
    const n = Number(arr[1]);
    arrayLength = Number.isFinite(n) ? n : undefined;
    d = d.slice(0, arr.index).trim();
  }
  const m = /^(.*?)([A-Za-z_][A-Za-z0-9_]*)$/.exec(d);
  if (!m) return undefined;
  const type = m[1]!.trim().replace(/\s+/g, " ");
  const name = m[2]!;
  if (!type) return undefined;
  return arrayLength !== undefined ? { type, name, arrayLength } : { type, name };
}

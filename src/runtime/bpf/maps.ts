/** Maps: create, look up, update, delete, walk and batch-read them. */
import { BPF_ANY, BPF_MAP_CREATE, BPF_MAP_DELETE_ELEM, BPF_MAP_GET_NEXT_KEY, BPF_MAP_LOOKUP_AND_DELETE_ELEM, BPF_MAP_LOOKUP_BATCH, BPF_MAP_LOOKUP_ELEM, BPF_MAP_TYPE_RINGBUF, BPF_MAP_UPDATE_ELEM, LAYOUT } from "../../abi/uapi.js";
import type { MapSpec } from "../../plan/plan.js";
import { isErrnoException } from "../errors.js";
import { native } from "../native.js";
import { attr, ptr, objectNameFor, kernelError, sys, sysSoft } from "./syscall.js";

/** BPF_MAP_CREATE; returns the map fd. */
export function createMap(spec: MapSpec): number {
  const L = LAYOUT["bpf_attr.map_create"];
  const a = attr();
  a.writeUInt32LE(spec.type, L.map_type);
  a.writeUInt32LE(spec.keySize, L.key_size);
  a.writeUInt32LE(spec.valueSize, L.value_size);
  a.writeUInt32LE(spec.maxEntries, L.max_entries);
  a.writeUInt32LE(spec.flags ?? 0, L.map_flags);
  a.writeUInt32LE(spec.innerMapFd ?? 0, L.inner_map_fd);
  if (spec.name) a.write(objectNameFor(spec.name), L.map_name, "latin1");
  return sys(BPF_MAP_CREATE, a, [], {
    detail: spec.name ? `map ${spec.name}` : undefined,
    hint: (code) => code === "EINVAL" ? mapSpecHint(spec)
      : code === "ENOMEM" || code === "E2BIG" ? `the map is too large (${spec.maxEntries} entries of ${spec.keySize}+${spec.valueSize} bytes)`
      : code === "EMFILE" ? "the open-file limit was reached: each map holds a file descriptor " +
        "(ebt raised the soft limit to the hard one); raise the hard limit (ulimit -Hn) or use fewer maps"
      : undefined,
  });
}

function mapSpecHint(spec: MapSpec): string {
  if (spec.type === BPF_MAP_TYPE_RINGBUF) return "a ring buffer's size must be a power of 2 and a multiple of the page size, with key and value sizes 0";
  return `the kernel rejected type ${spec.type}, key size ${spec.keySize}, value size ${spec.valueSize}, ${spec.maxEntries} entries, flags ${spec.flags ?? 0}`;
}

function elemAttr(fd: number, key: Buffer | undefined, value: Buffer | undefined, flags = 0): Buffer {
  const L = LAYOUT["bpf_attr.map_elem"];
  const a = attr();
  a.writeUInt32LE(fd, L.map_fd);
  a.writeBigUInt64LE(ptr(key), L.key);
  a.writeBigUInt64LE(ptr(value), L.value);
  a.writeBigUInt64LE(BigInt(flags), L.flags);
  return a;
}

/** BPF_MAP_LOOKUP_ELEM; undefined when the key is absent. For per-CPU maps pass valueSize = roundUp8(v) * possibleCpus(). */
export function mapLookup(fd: number, key: Buffer, valueSize: number): Buffer | undefined {
  const value = Buffer.alloc(valueSize);
  return sysSoft(BPF_MAP_LOOKUP_ELEM, elemAttr(fd, key, value), [key, value], ["ENOENT"]) === undefined ? undefined : value;
}

/**
 * BPF_MAP_LOOKUP_AND_DELETE_ELEM: reads and removes one entry in one step (hash maps and their
 * per-CPU and LRU kinds, Linux 5.14+); undefined when the key is absent.
 */
export function mapLookupAndDelete(fd: number, key: Buffer, valueSize: number): Buffer | undefined {
  const value = Buffer.alloc(valueSize);
  return sysSoft(BPF_MAP_LOOKUP_AND_DELETE_ELEM, elemAttr(fd, key, value), [key, value], ["ENOENT"]) === undefined ? undefined : value;
}

/** BPF_MAP_UPDATE_ELEM with BPF_ANY (default), BPF_NOEXIST or BPF_EXIST. */
export function mapUpdate(fd: number, key: Buffer, value: Buffer, flags = BPF_ANY): void {
  sys(BPF_MAP_UPDATE_ELEM, elemAttr(fd, key, value, flags), [key, value], {
    hint: (code) => code === "E2BIG" ? "the map is full" : undefined,
  });
}

/** BPF_MAP_DELETE_ELEM; false when the key was absent. */
export function mapDelete(fd: number, key: Buffer): boolean {
  return sysSoft(BPF_MAP_DELETE_ELEM, elemAttr(fd, key, undefined), [key], ["ENOENT"]) !== undefined;
}

/** BPF_MAP_GET_NEXT_KEY: the first key when `key` is undefined; undefined after the last. */
export function mapNextKey(fd: number, key: Buffer | undefined, keySize: number): Buffer | undefined {
  const next = Buffer.alloc(keySize);
  const a = elemAttr(fd, key, undefined);
  a.writeBigUInt64LE(ptr(next), LAYOUT["bpf_attr.map_elem"].next_key);
  return sysSoft(BPF_MAP_GET_NEXT_KEY, a, [key, next], ["ENOENT"]) === undefined ? undefined : next;
}

/**
 * All keys of a map. If a key is deleted while we walk, the kernel restarts from the first key,
 * so duplicates are dropped here; this is a snapshot, not a transaction.
 */
export function mapKeys(fd: number, keySize: number): Buffer[] {
  const keys: Buffer[] = [];
  const seen = new Set<string>();
  for (let key = mapNextKey(fd, undefined, keySize); key; key = mapNextKey(fd, key, keySize)) {
    const hex = key.toString("hex");
    if (seen.has(hex)) continue;
    seen.add(hex);
    keys.push(key);
  }
  return keys;
}

/** One map entry as read by mapEntries(); both are views into buffers no one else holds. */
export interface MapEntry {
  key: Buffer;
  value: Buffer;
}

const BATCH_FIRST = 1024;

/**
 * Every entry of a map. BPF_MAP_LOOKUP_BATCH reads up to `BATCH_FIRST` entries per system call
 * (a scrape of 10,000 keys makes ~10 calls instead of 20,000); for a map type without batch lookups
 * it walks the keys one by one, as mapKeys() does. Like a key walk, it is a snapshot entry by entry
 * (a hash map's bucket by bucket), not a transaction. `valueSize`: as for mapLookup().
 */
export function mapEntries(fd: number, keySize: number, valueSize: number): MapEntry[] {
  const batched = lookupBatched(fd, keySize, valueSize);
  if (batched) return batched;
  const out: MapEntry[] = [];
  for (const key of mapKeys(fd, keySize)) {
    const value = mapLookup(fd, key, valueSize);
    if (value) out.push({ key, value });
  }
  return out;
}

/** All entries by BPF_MAP_LOOKUP_BATCH; undefined when the kernel has no batch lookup for this map. */
function lookupBatched(fd: number, keySize: number, valueSize: number): MapEntry[] | undefined {
  const L = LAYOUT["bpf_attr.batch"];
  // The position token: a bucket number (u32) for hash maps, the last key for arrays.
  const tokenSize = Math.max(keySize, 8);
  let inBatch: Buffer | undefined;
  let chunk = BATCH_FIRST;
  const out: MapEntry[] = [];
  for (;;) {
    const outBatch = Buffer.alloc(tokenSize);
    const keys = Buffer.alloc(chunk * keySize);
    const values = Buffer.alloc(chunk * valueSize);
    const a = attr();
    a.writeBigUInt64LE(ptr(inBatch), L.in_batch);
    a.writeBigUInt64LE(ptr(outBatch), L.out_batch);
    a.writeBigUInt64LE(ptr(keys), L.keys);
    a.writeBigUInt64LE(ptr(values), L.values);
    a.writeUInt32LE(chunk, L.count);
    a.writeUInt32LE(fd, L.map_fd);
    let done = false;
    try {
      native().bpf(BPF_MAP_LOOKUP_BATCH, a, inBatch, outBatch, keys, values);
    } catch (e) {
      if (!isErrnoException(e)) throw e;
      if (e.code === "ENOENT") done = true; // the last entries, or none: count says how many
      else if (e.code === "ENOSPC" && a.readUInt32LE(L.count) === 0) {
        // One hash bucket holds more entries than `chunk`: ask again for more at once.
        chunk *= 4;
        continue;
      } else if (out.length === 0 && inBatch === undefined && (e.code === "EINVAL" || e.code === "EOPNOTSUPP" || e.errno === 524 /* ENOTSUPP */)) return undefined;
      else throw kernelError("BPF_MAP_LOOKUP_BATCH", e);
    }
    const n = a.readUInt32LE(L.count);
    for (let i = 0; i < n; i++) {
      out.push({ key: keys.subarray(i * keySize, (i + 1) * keySize), value: values.subarray(i * valueSize, (i + 1) * valueSize) });
    }
    if (done) return out;
    inBatch = outBatch;
  }
}

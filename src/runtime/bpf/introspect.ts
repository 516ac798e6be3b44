/** Introspection: object info by fd, and walking the ids of the kernel's programs, maps and links. */
import { BPF_LINK_GET_FD_BY_ID, BPF_LINK_GET_NEXT_ID, BPF_MAP_GET_FD_BY_ID, BPF_MAP_GET_NEXT_ID, BPF_OBJ_GET_INFO_BY_FD, BPF_OBJ_NAME_LEN, BPF_PROG_GET_FD_BY_ID, BPF_PROG_GET_NEXT_ID, BPF_TAG_SIZE, LAYOUT, SIZES } from "../../abi/uapi.js";
import { closeFd } from "./fds-cpus.js";
import { attr, ptr, cString, sys, sysSoft } from "./syscall.js";

function objInfo(fd: number, size: number): Buffer {
  const L = LAYOUT["bpf_attr.info"];
  const info = Buffer.alloc(size);
  const a = attr();
  a.writeUInt32LE(fd, L.bpf_fd);
  a.writeUInt32LE(size, L.info_len);
  a.writeBigUInt64LE(ptr(info), L.info);
  sys(BPF_OBJ_GET_INFO_BY_FD, a, [info], { detail: `fd ${fd}` });
  return info;
}

export interface ProgInfo {
  id: number;
  type: number;
  name: string;
  /** The kernel's hash of the program, as bpftool prints it. */
  tag: string;
  xlatedLen: number;
  jitedLen: number;
  /** Nanoseconds since boot when the program was loaded. */
  loadTime: bigint;
  verifiedInsns: number;
  /** Both zero unless stats are on (enableStats() or sysctl kernel.bpf_stats_enabled). */
  runTimeNs: bigint;
  runCnt: bigint;
  recursionMisses: bigint;
}

/** BPF_OBJ_GET_INFO_BY_FD on a program. */
export function progInfo(fd: number): ProgInfo {
  const L = LAYOUT.bpf_prog_info;
  const b = objInfo(fd, SIZES.bpf_prog_info);
  return {
    id: b.readUInt32LE(L.id),
    type: b.readUInt32LE(L.type),
    name: cString(b.subarray(L.name, L.name + BPF_OBJ_NAME_LEN)),
    tag: b.toString("hex", L.tag, L.tag + BPF_TAG_SIZE),
    xlatedLen: b.readUInt32LE(L.xlated_prog_len),
    jitedLen: b.readUInt32LE(L.jited_prog_len),
    loadTime: b.readBigUInt64LE(L.load_time),
    verifiedInsns: b.readUInt32LE(L.verified_insns),
    runTimeNs: b.readBigUInt64LE(L.run_time_ns),
    runCnt: b.readBigUInt64LE(L.run_cnt),
    recursionMisses: b.readBigUInt64LE(L.recursion_misses),
  };
}

/** A kernel map as BPF_OBJ_GET_INFO_BY_FD describes it (not the language's map: contracts/map-info.ts). */
export interface BpfMapInfo { id: number; type: number; name: string; keySize: number; valueSize: number; maxEntries: number; flags: number }

/** BPF_OBJ_GET_INFO_BY_FD on a map. */
export function mapInfo(fd: number): BpfMapInfo {
  const L = LAYOUT.bpf_map_info;
  const b = objInfo(fd, SIZES.bpf_map_info);
  return {
    id: b.readUInt32LE(L.id),
    type: b.readUInt32LE(L.type),
    name: cString(b.subarray(L.name, L.name + BPF_OBJ_NAME_LEN)),
    keySize: b.readUInt32LE(L.key_size),
    valueSize: b.readUInt32LE(L.value_size),
    maxEntries: b.readUInt32LE(L.max_entries),
    flags: b.readUInt32LE(L.map_flags),
  };
}

/** BPF_OBJ_GET_INFO_BY_FD on a link (raw tracepoint, BPF_LINK_CREATE). */
export function linkInfo(fd: number): { id: number; type: number; progId: number } {
  const L = LAYOUT.bpf_link_info;
  const b = objInfo(fd, SIZES.bpf_link_info);
  return { id: b.readUInt32LE(L.id), type: b.readUInt32LE(L.type), progId: b.readUInt32LE(L.prog_id) };
}

export type ObjectKind = "prog" | "map" | "link";

const NEXT_ID = { prog: BPF_PROG_GET_NEXT_ID, map: BPF_MAP_GET_NEXT_ID, link: BPF_LINK_GET_NEXT_ID };
const FD_BY_ID = { prog: BPF_PROG_GET_FD_BY_ID, map: BPF_MAP_GET_FD_BY_ID, link: BPF_LINK_GET_FD_BY_ID };

/** The ids of every program, map or link in the kernel (what `bpftool prog show` walks). */
export function listIds(kind: ObjectKind): number[] {
  const L = LAYOUT["bpf_attr.get_id"];
  const ids: number[] = [];
  for (let id = 0; ;) {
    const a = attr();
    a.writeUInt32LE(id, L.start_id);
    if (sysSoft(NEXT_ID[kind], a, [], ["ENOENT"]) === undefined) return ids;
    id = a.readUInt32LE(L.next_id);
    ids.push(id);
  }
}

/** A new fd for the object with this id, or undefined when it is gone. Close it when done. */
export function fdById(kind: ObjectKind, id: number): number | undefined {
  const a = attr();
  a.writeUInt32LE(id, LAYOUT["bpf_attr.get_id"].start_id);
  return sysSoft(FD_BY_ID[kind], a, [], ["ENOENT"]);
}

/** The name of the program or map with this id, or undefined when it is gone. */
export function objectName(kind: "prog" | "map", id: number): string | undefined {
  const fd = fdById(kind, id);
  if (fd === undefined) return undefined;
  try {
    return kind === "prog" ? progInfo(fd).name : mapInfo(fd).name;
  } finally {
    closeFd(fd);
  }
}

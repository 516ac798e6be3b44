/**
 * The pcap files skboutput() writes: the classic libpcap format (what bpftrace writes through
 * libpcap's pcap_dump), microsecond timestamps, link type LINKTYPE_RAW (raw IP, no link-layer
 * header), snapshot length 65535, in this machine's byte order as libpcap writes it.
 */
import { closeSync, openSync, writeSync } from "node:fs";

const MAGIC_MICROSECONDS = 0xa1b2c3d4;
const LINKTYPE_RAW = 101;
const SNAPLEN = 65535;
/** Bytes of a record header: ts_sec, ts_usec, caplen, len (u32 each). */
const RECORD_HEADER = 16;

export function pcapFileHeader(): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(MAGIC_MICROSECONDS, 0);
  h.writeUInt16LE(2, 4); // version 2.4
  h.writeUInt16LE(4, 6);
  h.writeInt32LE(0, 8); // thiszone: UTC
  h.writeUInt32LE(0, 12); // sigfigs
  h.writeUInt32LE(SNAPLEN, 16);
  h.writeUInt32LE(LINKTYPE_RAW, 20);
  return h;
}

/** One packet's record: its wall-clock time (ns since the epoch) and its bytes. */
export function pcapRecord(epochNs: bigint, packet: Buffer): Buffer {
  const r = Buffer.alloc(RECORD_HEADER + packet.length);
  r.writeUInt32LE(Number(epochNs / 1_000_000_000n), 0);
  r.writeUInt32LE(Number((epochNs % 1_000_000_000n) / 1000n), 4);
  r.writeUInt32LE(packet.length, 8);
  r.writeUInt32LE(packet.length, 12);
  packet.copy(r, RECORD_HEADER);
  return r;
}

/** The open pcap files of a run, by the path the script gave (relative to ebt's directory). */
export class PcapFiles {
  private readonly fds = new Map<string, number>();

  /** Creates (or truncates) `path` with the file header, once per run; throws the system's error. */
  open(path: string): void {
    if (this.fds.has(path)) return;
    const fd = openSync(path, "w", 0o644);
    this.fds.set(path, fd);
    writeSync(fd, pcapFileHeader());
  }

  write(path: string, epochNs: bigint, packet: Buffer): void {
    this.open(path);
    writeSync(this.fds.get(path)!, pcapRecord(epochNs, packet));
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

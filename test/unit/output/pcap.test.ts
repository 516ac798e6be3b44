import { describe, expect, it } from "vitest";
import { pcapFileHeader, pcapRecord } from "../../../src/runtime/output/pcap.js";

describe("pcap files (skboutput)", () => {
  it("file header: classic little-endian pcap 2.4, microseconds, snaplen 65535, LINKTYPE_RAW", () => {
    expect(pcapFileHeader().toString("hex")).toBe("d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "ffff0000" + "65000000");
  });

  it("a record: seconds and microseconds of the epoch time (nanoseconds truncated), both lengths, the bytes", () => {
    const r = pcapRecord(1_700_000_000_123_456_789n, Buffer.from([0x45, 1, 2]));
    expect(r.readUInt32LE(0)).toBe(1_700_000_000);
    expect(r.readUInt32LE(4)).toBe(123_456);
    expect(r.readUInt32LE(8)).toBe(3);
    expect(r.readUInt32LE(12)).toBe(3);
    expect(r.subarray(16).toString("hex")).toBe("450102");
  });
});

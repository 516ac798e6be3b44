/**
 * Builtins over kernel network objects in the real kernel, in rawtracepoints (which load as
 * BTF-typed programs for them): socket_cookie(sk), checked against the cookie user space reads
 * with getsockopt(SO_COOKIE) for the same socket; skboutput(), checked by reading back the pcap
 * file it wrote for a datagram the test sends.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { EbtProcess } from "../helpers/run-ebt.js";

vi.setConfig({ testTimeout: 60_000 });

/** Runs a python3 program; resolves with what it printed. */
function python(code: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("python3", ["-c", code], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", () => resolve(out));
  });
}

/**
 * A loopback connection that carries data both ways (tcp_probe fires as each end receives);
 * prints the accepted socket's local port and its cookie (SO_COOKIE is 57 on every architecture).
 */
const CONNECTION = `
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
c = socket.create_connection(s.getsockname())
a, _ = s.accept()
for _ in range(3):
    c.sendall(b"x" * 100); a.recv(100)
print(a.getsockname()[1], int.from_bytes(a.getsockopt(socket.SOL_SOCKET, 57, 8), "little"), flush=True)
c.close(); a.close(); s.close()
`;

describe("socket_cookie", () => {
  it("rawtracepoint:tcp_probe: the same cookie as getsockopt(SO_COOKIE) for the receiving socket", async () => {
    const ebt = new EbtProcess(["-e", 'rawtracepoint:tcp_probe { printf("%d %llu\\n", args.sk->__sk_common.skc_num, socket_cookie(args.sk)); }']);
    await ebt.attached();
    const [port, cookie] = (await python(CONNECTION)).trim().split(" ");
    await ebt.waitFor(new RegExp(`^${port} `, "m"), "stdout");
    ebt.signal("SIGINT");
    const r = await ebt.wait();
    const ours = r.stdout.split("\n").filter((l) => l.startsWith(`${port} `));
    expect(ours.length).toBeGreaterThan(0);
    expect(new Set(ours)).toEqual(new Set([`${port} ${cookie}`]));
    expect(r.code).toBe(0);
  });
});

/** The records of a pcap file after its 24-byte header: time and bytes of each packet. */
function pcapRecords(file: Buffer): { sec: number; usec: number; caplen: number; len: number; data: Buffer }[] {
  const out = [];
  for (let at = 24; at + 16 <= file.length; ) {
    const caplen = file.readUInt32LE(at + 8);
    out.push({ sec: file.readUInt32LE(at), usec: file.readUInt32LE(at + 4), caplen, len: file.readUInt32LE(at + 12), data: file.subarray(at + 16, at + 16 + caplen) });
    at += 16 + caplen;
  }
  return out;
}

describe("skboutput", () => {
  it("rawtracepoint:net_dev_queue: the datagram the test sends, as raw IP in a pcap file (Ethernet header left out)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ebt-skb-"));
    try {
      const payload = `ebt-skboutput-${process.pid}-${Date.now()}`.padEnd(700, "#");
      // lo's frames carry a 14-byte Ethernet header before the IP header at this tracepoint.
      const frameLen = 14 + 20 + 8 + payload.length;
      const ebt = new EbtProcess(["-e", `rawtracepoint:net_dev_queue /args.skb->len == ${frameLen}/ { $r = skboutput("out.pcap", args.skb, args.skb->len, 14); printf("ret: %d\\n", $r); }`], { cwd: dir });
      await ebt.attached();
      const start = Math.floor(Date.now() / 1000);
      await python(`import socket\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"${payload}", ("127.0.0.1", 9))`);
      await ebt.waitFor("ret: 0\n", "stdout");
      ebt.signal("SIGINT");
      const r = await ebt.wait();
      const end = Math.ceil(Date.now() / 1000);
      expect(r.code).toBe(0);
      const file = readFileSync(path.join(dir, "out.pcap"));
      // Classic pcap, microsecond times, version 2.4, snaplen 65535, LINKTYPE_RAW (101).
      expect(file.subarray(0, 24).toString("hex")).toBe("d4c3b2a1020004000000000000000000ffff000065000000");
      const ours = pcapRecords(file).filter((p) => p.data.includes(Buffer.from(payload)));
      expect(ours.length).toBe(1);
      const p = ours[0]!;
      expect([p.caplen, p.len]).toEqual([frameLen - 14, frameLen - 14]);
      // IPv4 without options, UDP, 127.0.0.1 to 127.0.0.1; UDP to port 9; then the payload.
      expect(p.data[0]).toBe(0x45);
      expect(p.data[9]).toBe(17);
      expect(p.data.subarray(12, 20).toString("hex")).toBe("7f0000017f000001");
      expect(p.data.readUInt16BE(22)).toBe(9);
      expect(p.data.subarray(28).toString("latin1")).toBe(payload);
      expect(p.sec).toBeGreaterThanOrEqual(start - 1);
      expect(p.sec).toBeLessThanOrEqual(end + 1);
      expect(p.usec).toBeLessThan(1_000_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The TCP tools of examples/ (tcpconnect, tcpaccept, tcplife, tcpstates, tcpretrans, tcpdrop),
 * with connections on the loopback made by a python3 child that prints its ports, so the
 * rows it causes can be named exactly.
 */
import { spawn } from "node:child_process";
import { describe, expect, it, vi } from "vitest";
import { runTool } from "../helpers/tool-run.js";

// A tool starts, attaches and is stopped in each test: on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

/** Runs a python3 program; resolves with its pid and what it printed. */
function python(code: string): Promise<{ pid: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("python3", ["-c", code], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", () => resolve({ pid: child.pid!, out }));
  });
}

/** A listener, a client that connects and sends 5000 bytes, accept, then both close. */
const CONNECT = `
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
c = socket.create_connection(s.getsockname())
a, _ = s.accept()
c.sendall(b"x" * 5000)
got = 0
while got < 5000: got += len(a.recv(65536))
print(s.getsockname()[1], c.getsockname()[1], flush=True)
c.close(); a.close(); s.close()
`;

describe("TCP tools", () => {
  it("tcpconnect: a successful connect and a refused one, with both ends", async () => {
    let run = { pid: 0, out: "" };
    const r = await runTool("tcpconnect", {
      trigger: async () => (run = await python(CONNECT + 'import socket\ntry: socket.create_connection(("127.0.0.1", 1))\nexcept OSError: pass\n')),
      until: / 1 +failed\n/,
    });
    const [lport, cport] = run.out.trim().split(" ");
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     PID     COMM             SADDR           SPORT  DADDR           DPORT  RESULT");
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${run.pid} +python3 +127\\.0\\.0\\.1 +${cport} +127\\.0\\.0\\.1 +${lport} +ok$`)));
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${run.pid} +python3 +127\\.0\\.0\\.1 +\\d+ +127\\.0\\.0\\.1 +1 +failed$`)));
  });

  it("tcpconnect -- --port=1: only the connections to that port", async () => {
    let run = { pid: 0, out: "" };
    const r = await runTool("tcpconnect", {
      args: ["--", "--port=1"],
      trigger: async () => (run = await python(CONNECT + 'import socket\ntry: socket.create_connection(("127.0.0.1", 1))\nexcept OSError: pass\n')),
      until: / 1 +failed\n/,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Attached \d+ probes\n$/);
    const rows = r.lines.slice(1).filter((l) => l !== "");
    expect(rows).toEqual([expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${run.pid} +python3 +127\\.0\\.0\\.1 +\\d+ +127\\.0\\.0\\.1 +1 +failed$`))]);
  });

  it("tcpaccept: the accepting process and the client's end", async () => {
    let run = { pid: 0, out: "" };
    const r = await runTool("tcpaccept", { trigger: async () => (run = await python(CONNECT)), until: (out) => run.pid !== 0 && out.includes(` ${run.pid} `) });
    const [lport, cport] = run.out.trim().split(" ");
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     PID     COMM             RADDR           RPORT  LADDR           LPORT");
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${run.pid} +python3 +127\\.0\\.0\\.1 +${cport} +127\\.0\\.0\\.1 +${lport}$`)));
  });

  it("tcplife: both ends of the connection, with the bytes each sent", async () => {
    let run = { pid: 0, out: "" };
    const r = await runTool("tcplife", { trigger: async () => (run = await python(CONNECT)), until: (out) => (out.match(/127\.0\.0\.1/g) ?? []).length >= 4 });
    const [lport, cport] = run.out.trim().split(" ");
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("PID     COMM             LADDR           LPORT  RADDR           RPORT    TX_KB   RX_KB      MS");
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^${run.pid} +python3 +127\\.0\\.0\\.1 +${cport} +127\\.0\\.0\\.1 +${lport} +4 +0 +\\d+$`)));
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d+ +\\S+ +127\\.0\\.0\\.1 +${lport} +127\\.0\\.0\\.1 +${cport} +0 +4 +\\d+$`)));
  });

  it("tcpstates: the client socket's way from SYN_SENT to CLOSE", async () => {
    let run = { pid: 0, out: "" };
    const r = await runTool("tcpstates", { trigger: async () => (run = await python(CONNECT)), until: (out) => run.pid !== 0 && /LISTEN +-> CLOSE/.test(out) });
    const [lport, cport] = run.out.trim().split(" ");
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("SKADDR             PID     COMM             LADDR           LPORT  RADDR           RPORT  OLDSTATE    -> NEWSTATE       MS");
    const client = r.lines.filter((l) => new RegExp(`127\\.0\\.0\\.1 +${cport} +127\\.0\\.0\\.1 +${lport} `).test(l)).map((l) => /(\S+) +-> (\S+) +\d+$/.exec(l)!.slice(1).join(">"));
    expect(client).toEqual(["SYN_SENT>ESTABLISHED", "ESTABLISHED>FIN_WAIT1", "FIN_WAIT1>FIN_WAIT2", "FIN_WAIT2>CLOSE"]);
  });

  it("tcpdrop: the SYN to a closed port, dropped for want of a socket, with the reason's name", async () => {
    const r = await runTool("tcpdrop", {
      trigger: () => python('import socket\ntry: socket.create_connection(("127.0.0.1", 1))\nexcept OSError: pass\n'),
      until: / 1 +tcp_v4_rcv +SKB_DROP_REASON_NO_SOCKET\n/,
    });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     SADDR           SPORT  DADDR           DPORT  LOCATION         REASON");
    expect(r.lines).toContainEqual(expect.stringMatching(/^\d\d:\d\d:\d\d 127\.0\.0\.1 +\d+ +127\.0\.0\.1 +1 +tcp_v4_rcv +SKB_DROP_REASON_NO_SOCKET$/));
  });

  it("tcpretrans: the SYN retransmitted to a listener whose accept queue is full", async () => {
    // backlog 0 holds one connection; the next SYN is dropped and sent again after about 1 s.
    const code = `
import socket

s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
first = socket.create_connection(s.getsockname())
second = socket.socket(); second.settimeout(2.5)
try: second.connect(s.getsockname())
except OSError: pass
print(s.getsockname()[1], second.getsockname()[1], flush=True)
`;
    let run = { pid: 0, out: "" };
    const r = await runTool("tcpretrans", { trigger: async () => (run = await python(code)), until: / SYN_SENT\n/ });
    const [lport] = run.out.trim().split(" ");
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     LADDR           LPORT  RADDR           RPORT  STATE");
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d 127\\.0\\.0\\.1 +\\d+ +127\\.0\\.0\\.1 +${lport} +SYN_SENT$`)));
  });
});

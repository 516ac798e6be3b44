/**
 * Builtins over kernel socket objects in the real kernel: socket_cookie(sk) in a rawtracepoint
 * (which loads as a BTF-typed program for it), checked against the cookie user space reads with
 * getsockopt(SO_COOKIE) for the same socket.
 */
import { spawn } from "node:child_process";
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

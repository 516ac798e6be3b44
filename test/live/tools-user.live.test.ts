/**
 * The user-space and whole-system tools of examples/ (bashreadline, gethostlatency, sslsnoop,
 * mallocstacks, profile, tasks): uprobes in bash, libc and libssl, triggered by an interactive
 * bash on a terminal, a name lookup, a TLS connection on the loopback, and malloc() calls.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runTool } from "../helpers/tool-run.js";

// A tool starts, attaches and is stopped in each test: on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

function run(file: string, args: string[], stdin = ""): Promise<{ pid: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stdin!.end(stdin);
    child.on("error", reject);
    child.on("close", () => resolve({ pid: child.pid!, out }));
  });
}

/** A TCP port on the loopback that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on the loopback at `port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.on("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.on("error", () => resolve(false));
  });
}

describe("user-space tools", () => {
  it("bashreadline: a line typed into an interactive bash", async () => {
    const line = `echo ebt-readline-${process.pid}`;
    let pid = 0;
    const r = await runTool("bashreadline", {
      // script(1) gives bash a terminal, so it reads its input with readline.
      trigger: async () => {
        const out = await run("/usr/bin/script", ["-qfec", "/bin/bash --norc --noprofile -i", "/dev/null"], `echo pid=$$\n${line}\nexit\n`);
        pid = Number(/pid=(\d+)/.exec(out.out)?.[1]);
      },
      until: new RegExp(line),
    });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     PID     COMMAND");
    expect(r.lines).toContain(`${r.lines.find((l) => l.endsWith(line))!.slice(0, 8)} ${String(pid).padEnd(7)} ${line}`);
  });

  it("gethostlatency: a getaddrinfo() of localhost, with its latency", async () => {
    let pid = 0;
    const r = await runTool("gethostlatency", {
      trigger: async () => (pid = (await run("python3", ["-c", "import socket; socket.getaddrinfo('localhost', 80)"])).pid),
      until: (out) => pid !== 0 && out.includes(` ${pid} `),
    });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("TIME     PID     COMM              LATms HOST");
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${pid} +python3 +\\d+\\.\\d localhost$`)));
  });

  it("sslsnoop: the clear text a TLS client writes", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ebt-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${dir}/k.pem`, "-out", `${dir}/c.pem`, "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    const port = await freePort();
    // The server's stdin stays open: at its end s_server would close the connection.
    const server = spawn("openssl", ["s_server", "-accept", `127.0.0.1:${port}`, "-cert", `${dir}/c.pem`, "-key", `${dir}/k.pem`, "-quiet"], { stdio: ["pipe", "ignore", "ignore"] });
    const tag = `hello-ebt-${process.pid}`;
    try {
      const r = await runTool("sslsnoop", {
        trigger: async () => {
          // The server may take a moment to listen: wait until it accepts, then send one line and
          // keep stdin open a while, so the client writes it after its handshake.
          for (let i = 0; i < 400 && !(await accepts(port)); i++) await new Promise((res) => setTimeout(res, 50));
          await run("/bin/sh", ["-c", `(echo ${tag}; sleep 3) | openssl s_client -connect 127.0.0.1:${port} -quiet -no_ign_eof`]);
        },
        until: new RegExp(tag),
      });
      expect(r.code).toBe(0);
      expect(r.lines[0]).toBe("TIME     PID     COMM             FUNC        RET DATA");
      expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d \\d+ +openssl +SSL_write +${tag.length + 1} ${tag}$`)));
    } finally {
      server.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("mallocstacks: malloc() calls of one process (-p), their bytes summed by user stack", async () => {
    // perl allocates as it runs; it waits on stdin so it is still alive when ebt prints its stacks.
    const child = spawn("/usr/bin/perl", ["-e", '<STDIN>; for (1 .. 2000) { push @a, "x" x 5000 } <STDIN>;'], { stdio: ["pipe", "ignore", "ignore"] });
    const r = await runTool("mallocstacks", {
      ebtArgs: ["-p", String(child.pid)],
      trigger: async () => {
        child.stdin!.write("go\n");
        await new Promise((res) => setTimeout(res, 500));
      },
      until: () => true,
    });
    child.kill("SIGKILL");
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Tracing malloc()... Hit Ctrl-C to end.");
    // The frame names its source line when libc's debug file is installed (libc6-dbg).
    expect(r.stdout).toMatch(/\n@bytes\[\n {4}malloc\+0(@\S+:\d+)?\n/);
    const calls = /\n@calls\[perl\]: (\d+)\n/.exec(r.stdout);
    expect(Number(calls?.[1])).toBeGreaterThanOrEqual(2000);
  });

  it("profile: samples of a busy process's stacks, stopping by itself after --seconds", async () => {
    const child = spawn("/usr/bin/perl", ["-e", '$0 = "ebtbusy"; $t = time + 5; while (time < $t) {}'], { stdio: "ignore" });
    const r = await runTool("profile", { args: ["--", "--seconds=1"], trigger: async () => {}, until: /\n@samples\[/ });
    child.kill("SIGKILL");
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("Sampling CPU stacks at 49 Hertz... Hit Ctrl-C to end.");
    expect(r.stdout).toMatch(/\n, ebtbusy\]: \d+\n/);
  });

  it("tasks: one pass over the kernel's processes, this one among them", async () => {
    const r = await runTool("tasks", { trigger: async () => {}, until: () => true });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("PID     PPID    THREADS  RSS_KB   STATE  COMM");
    const me = r.lines.find((l) => l.startsWith(`${String(process.pid).padEnd(7)} `));
    expect(me, r.stdout).toMatch(new RegExp(`^${process.pid} +${process.ppid} +\\d+ +[1-9]\\d* +0x[0-9a-f]+ +\\S`));
  });
});

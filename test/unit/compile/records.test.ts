/**
 * Output records travel from the builtin that lays them out to the runtime that acts on them with
 * no list of record kinds in between (plan/records.ts): compiled layouts are filled with bytes as a
 * program would send them and handed to the runtime's engine, which prints what the user sees.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../../src/compile.js";
import type { RecordLayout } from "../../../src/plan/records.js";
import { RECORD_HEADER } from "../../../src/plan/records.js";
import { Engine } from "../../../src/runtime/engine.js";
import type { Output, RuntimeDiagnostic } from "../../../src/runtime/output/output.js";
import type { Value } from "../../../src/plan/value.js";
import { FakeKernel } from "../../helpers/fake-kernel.js";

const kernel = new FakeKernel();

interface Seen {
  text: [string, string | undefined][];
  values: Value[];
  diagnostics: RuntimeDiagnostic[];
  exits: number[];
}

function layoutsOf(source: string): RecordLayout[] {
  const r = compile(source, "t.bt", kernel);
  expect(r.diagnostics.items.map((d) => d.message)).toEqual([]);
  return r.plan!.records;
}

/** A record as a program sends it: the layout's id, then `fill` writes the fields. */
function record(layout: RecordLayout, fill: (buf: Buffer) => void = () => undefined): Buffer {
  const buf = Buffer.alloc(Math.max(layout.size, RECORD_HEADER));
  buf.writeBigUInt64LE(BigInt(layout.id), 0);
  fill(buf);
  return buf;
}

/** Hands `records` to an engine (nothing loaded: these records need no map) and returns what it output. */
function receive(layouts: RecordLayout[], records: Buffer[]): Seen {
  const seen: Seen = { text: [], values: [], diagnostics: [], exits: [] };
  const out: Output = {
    attached: () => undefined,
    printf: (text, kind) => seen.text.push([text, kind]),
    value: (v) => seen.values.push(v),
    map: () => undefined,
    exitMaps: () => undefined,
    lostEvents: () => undefined,
    diagnostic: (d) => seen.diagnostics.push(d),
  };
  const engine = new Engine(layouts, out, (code) => seen.exits.push(code));
  (engine as unknown as { handleRecords(r: Buffer[]): void }).handleRecords(records);
  return seen;
}

const byKind = (layouts: RecordLayout[], kind: string) => layouts.filter((l) => l.kind === kind);
const fieldsOf = (l: RecordLayout) => (l as RecordLayout & { args: { offset: number }[] }).args;

describe("output records", () => {
  it("printf and print: the fields at their offsets, formatted as the call says", () => {
    const layouts = layoutsOf('tracepoint:syscalls:sys_enter_openat { printf("%d is %s\\n", pid, comm); print(pid); }');
    const [printf] = byKind(layouts, "printf");
    const [print] = byKind(layouts, "print");
    const [pid, comm] = fieldsOf(printf!);
    const seen = receive(layouts, [
      record(printf!, (b) => {
        b.writeBigUInt64LE(42n, pid!.offset);
        b.write("cat", comm!.offset, "latin1");
      }),
      record(print!, (b) => b.writeBigUInt64LE(7n, (print as RecordLayout & { value: { offset: number } }).value.offset)),
    ]);
    expect(seen.text).toEqual([["42 is cat\n", undefined]]);
    expect(seen.values).toEqual([{ kind: "int", value: 7n, signed: false }]);
  });

  it("time() and join(): text of their own kind, for -f json", () => {
    const layouts = layoutsOf('tracepoint:syscalls:sys_enter_openat { time("%Y!\\n"); join(args->filename, ","); }');
    const [time] = byKind(layouts, "time");
    const [join] = byKind(layouts, "join");
    const { offset, slot } = join as RecordLayout & { offset: number; slot: number };
    const seen = receive(layouts, [
      record(time!),
      record(join!, (b) => {
        b.writeBigUInt64LE(2n, offset);
        b.write("ls", offset + 8, "latin1");
        b.write("-l", offset + 8 + slot, "latin1");
      }),
    ]);
    expect(seen.text).toEqual([[`${new Date().getFullYear()}!\n`, "time"], ["ls,-l\n", "join"]]);
  });

  it("warnf() and errorf(): the message at the call's place; exit(): its code, constant or computed", () => {
    const layouts = layoutsOf('BEGIN { warnf("low: %d", 3); errorf("bad"); exit(); } END { exit(pid); }');
    const [warnf] = byKind(layouts, "warnf");
    const [errorf] = byKind(layouts, "errorf");
    const [exit0, exitPid] = byKind(layouts, "exit");
    const seen = receive(layouts, [
      record(warnf!, (b) => b.writeBigInt64LE(3n, fieldsOf(warnf!)[0]!.offset)),
      record(errorf!),
      record(exit0!),
    ]);
    expect(seen.diagnostics.map((d) => [d.type, d.msg, d.text])).toEqual([
      ["warnf", "low: 3", 't.bt:1:9-28: WARNING: low: 3\nBEGIN { warnf("low: %d", 3); errorf("bad"); exit(); } END { exit(pid); }\n        ~~~~~~~~~~~~~~~~~~~\n'],
      ["errorf", "bad", 't.bt:1:30-43: ERROR: bad\nBEGIN { warnf("low: %d", 3); errorf("bad"); exit(); } END { exit(pid); }\n                             ~~~~~~~~~~~~~\n'],
    ]);
    expect(seen.exits).toEqual([0]);
    // A second engine: after exit() the first one drops what follows, as bpftrace does.
    const computed = receive(layouts, [record(exitPid!, (b) => b.writeBigInt64LE(9n, (exitPid as RecordLayout & { code: { offset: number } }).code.offset))]);
    expect(computed.exits).toEqual([9]);
  });

  it("cat(): the named file's contents", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "ebt-records-")), "f.txt");
    writeFileSync(file, "contents\n");
    const layouts = layoutsOf(`BEGIN { cat("%s", "${file}"); }`);
    const [cat] = byKind(layouts, "cat");
    const [name] = fieldsOf(cat!);
    const seen = receive(layouts, [record(cat!, (b) => b.write(file, name!.offset, "latin1"))]);
    expect(seen.text).toEqual([["contents\n", "cat"]]);
  });
});

/** The written form of a plan (`ebt --aot`): what is shared or cyclic stays so, code is refused. */
import { describe, expect, it } from "vitest";
import { deserializePlan, NotSerializable, serializePlan } from "../../src/aot/serialize.js";
import { SourceMap } from "../../src/diagnostics/span.js";
import { PROVIDERS } from "../../src/providers/index.js";
import type { Plan } from "../../src/plan/plan.js";

describe("plan serialization", () => {
  it("keeps buffers, bigints, undefined slots, shared and self-referring objects, providers and sources", () => {
    const node: Record<string, unknown> = { kind: "struct", name: "list" };
    node.self = node;
    const shared = { file: "stdin", line: 1 };
    const provider = PROVIDERS.find((p) => p.name === "tracepoint")!;
    const plan = {
      programs: [{ target: { provider, name: "tracepoint:a:b", detail: { category: "a" } }, progType: 5, code: { bytecode: Buffer.from([1, 2, 3]), relocations: [], spans: [shared, undefined, shared], comments: [undefined, "x"] } }],
      maps: [{ name: "@x", spec: { type: 1, keySize: 8, valueSize: 8, maxEntries: 10 }, perCpu: false, info: { big: 1n << 63n, node } }],
      records: [{ kind: "x", id: 0, size: 8, source: new SourceMap("f.bt", "line one\nline two") }],
    } as unknown as Plan;
    const back = deserializePlan(serializePlan(plan)) as unknown as typeof plan & Record<string, never>;
    const prog = back.programs[0]!;
    expect(prog.target.provider).toBe(provider);
    expect(prog.code.bytecode).toEqual(Buffer.from([1, 2, 3]));
    expect(prog.code.spans[0]).toBe(prog.code.spans[2]);
    expect(prog.code.spans[1]).toBeUndefined();
    expect(prog.code.comments).toEqual([undefined, "x"]);
    const info = back.maps[0]!.info as unknown as { big: bigint; node: Record<string, unknown> };
    expect(info.big).toBe(1n << 63n);
    expect(info.node.self).toBe(info.node);
    const source = (back.records[0] as unknown as { source: SourceMap }).source;
    expect(source).toBeInstanceOf(SourceMap);
    expect(source.pos(10)).toEqual({ offset: 10, line: 2, col: 2 });
  });

  it("refuses what has no written form, naming where it is", () => {
    const plan = { programs: [], maps: [{ name: "@x", hook: () => 1 }], records: [] } as unknown as Plan;
    expect(() => serializePlan(plan)).toThrow(NotSerializable);
    expect(() => serializePlan(plan)).toThrow("plan.maps[0].hook is a function");
  });
});

// HELPERS is generated from linux/bpf.h by scripts/gen-helpers.mjs; check it against the header on
// this machine and check that the checked-in file is exactly what the generator writes.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations.
import { DEFAULT_HEADER, OUTPUT, parseHelpers, renderHelpers } from "../../../../scripts/gen-helpers.mjs";
import { BPF_FUNC_MAX_ID, HELPERS, helperName } from "../../../../src/codegen/bpf/index.js";

type Parsed = { name: string; id: number }[];
const parse = parseHelpers as (text: string) => Parsed;
const render = renderHelpers as (helpers: Parsed, source?: string) => string;

describe("HELPERS", () => {
  it("has the well-known ids", () => {
    expect(HELPERS.unspec).toBe(0);
    expect(HELPERS.map_lookup_elem).toBe(1);
    expect(HELPERS.map_update_elem).toBe(2);
    expect(HELPERS.map_delete_elem).toBe(3);
    expect(HELPERS.ktime_get_ns).toBe(5);
    expect(HELPERS.get_current_pid_tgid).toBe(14);
    expect(HELPERS.get_current_uid_gid).toBe(15);
    expect(HELPERS.get_current_comm).toBe(16);
    expect(HELPERS.probe_read_user_str).toBe(114);
    expect(HELPERS.probe_read_kernel_str).toBe(115);
    expect(HELPERS.ringbuf_output).toBe(130);
  });

  it("helperName inverts it", () => {
    for (const [name, id] of Object.entries(HELPERS)) expect(helperName(id)).toBe(name);
    expect(helperName(BPF_FUNC_MAX_ID)).toBeUndefined();
    expect(helperName(-1)).toBeUndefined();
  });

  it.skipIf(!existsSync(DEFAULT_HEADER))(`matches ${DEFAULT_HEADER}`, () => {
    const text = readFileSync(DEFAULT_HEADER, "utf8");
    const fromHeader = parse(text);
    expect(Object.entries(HELPERS)).toEqual(fromHeader.map((h) => [h.name, h.id]));
    expect(BPF_FUNC_MAX_ID).toBe(Math.max(...fromHeader.map((h) => h.id)) + 1);
    // Independently of the generator: every helper of the header is an FN( entry of the mapper.
    const lines = text.slice(text.search(/^#define\s+_{2,3}BPF_FUNC_MAPPER\(/m)).split("\n");
    const macro = lines.slice(1, lines.findIndex((l) => !l.trimEnd().endsWith("\\")) + 1);
    expect(macro.filter((l) => /^\s*FN\(\w+/.test(l))).toHaveLength(fromHeader.length);
  });

  it.skipIf(!existsSync(DEFAULT_HEADER))("the checked-in helpers.ts is what the generator writes", () => {
    expect(readFileSync(OUTPUT, "utf8")).toBe(render(parse(readFileSync(DEFAULT_HEADER, "utf8"))));
  });
});

describe("scripts/gen-helpers.mjs", () => {
  it("reads the pre-6.1 form, where the id is the position", () => {
    const header = ["/* FN(not_this) */", "#define __BPF_FUNC_MAPPER(FN)\t\\", "\tFN(unspec),\t\\", "\tFN(map_lookup_elem),\t\\", "\t/* */", "FN(after)"].join("\n");
    expect(parse(header)).toEqual([
      { name: "unspec", id: 0 },
      { name: "map_lookup_elem", id: 1 },
    ]);
  });

  it("reads the 6.1+ form with explicit ids, preferring it over the compatibility macro", () => {
    const header = [
      "#define ___BPF_FUNC_MAPPER(FN, ctx...)\t\\",
      "\tFN(unspec, 0, ##ctx)\t\\",
      "\tFN(map_lookup_elem, 1, ##ctx)\t\\",
      "\tFN(user_ringbuf_drain, 209, ##ctx)\t\\",
      "\t/* */",
      "#define __BPF_FUNC_MAPPER_APPLY(name, value, FN) FN(name),",
      "#define __BPF_FUNC_MAPPER(FN) ___BPF_FUNC_MAPPER(__BPF_FUNC_MAPPER_APPLY, FN)",
    ].join("\n");
    expect(parse(header)).toEqual([
      { name: "unspec", id: 0 },
      { name: "map_lookup_elem", id: 1 },
      { name: "user_ringbuf_drain", id: 209 },
    ]);
    expect(render(parse(header), "x.h")).toContain("  user_ringbuf_drain: 209,\n");
    expect(render(parse(header), "x.h")).toContain("export const BPF_FUNC_MAX_ID = 210;");
  });

  it("refuses a header without the mapper or with duplicates", () => {
    expect(() => parse("nothing here")).toThrow(/no __BPF_FUNC_MAPPER/);
    expect(() => parse("#define __BPF_FUNC_MAPPER(FN) \\\n FN(a), \\\n FN(a),\n")).toThrow(/duplicate/);
  });
});

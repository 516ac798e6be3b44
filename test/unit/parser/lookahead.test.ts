/**
 * The tables the bundle ships: the lookahead decisions (src/parser/lookahead.ts) and the recorded
 * grammar (src/parser/gast-table.ts). A parser built from them skips Chevrotain's recording and
 * analysis and parses every program exactly as the analysed parser does, errors included.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EbtParser } from "../../../src/parser/grammar.js";
import { parse } from "../../../src/parser/index.js";
import type { LookaheadTable } from "../../../src/parser/lookahead.js";
import { saveGast } from "../../../src/parser/gast-table.js";
import { chevrotain } from "../../../src/parser/chevrotain.js";
import type { NonTerminal } from "chevrotain";

const ROOT = path.resolve(import.meta.dirname, "../../..");
function programs(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(ext)).map((f) => path.join(dir, f));
}

describe("lookahead table", () => {
  const table: LookaheadTable = {};
  const analysed = new EbtParser({ record: table });
  const gast = saveGast(analysed.getGAstProductions());
  const fromTable = new EbtParser({ table, gast: JSON.parse(JSON.stringify(gast)) });

  it("the grammar restored from its table is the recorded one", () => {
    const serialize = (p: EbtParser) => chevrotain.serializeGrammar(Object.values(p.getGAstProductions()));
    expect(serialize(fromTable)).toEqual(serialize(analysed));
    expect(Object.keys(fromTable.getGAstProductions())).toEqual(Object.keys(analysed.getGAstProductions()));
    // Every reference to a rule leads to that rule of the restored grammar.
    const restored = fromTable.getGAstProductions();
    const refs: NonTerminal[] = [];
    const visit = (n: { definition?: unknown[] }) => {
      if (n instanceof chevrotain.NonTerminal) return void refs.push(n);
      for (const c of n.definition ?? []) visit(c as { definition?: unknown[] });
    };
    for (const r of Object.values(restored)) visit(r);
    expect(refs.length).toBeGreaterThan(50);
    for (const n of refs) expect(n.referencedRule).toBe(restored[n.nonTerminalName]);
  });

  it("records every decision, and a parser built from it computes none", () => {
    expect(analysed.lookahead.fromTable).toBe(0);
    expect(Object.keys(table).length).toBe(analysed.lookahead.computed);
    expect(fromTable.lookahead.computed).toBe(0);
    expect(fromTable.lookahead.fromTable).toBe(analysed.lookahead.computed);
  });

  it("a decision it lacks, or a token it does not know, is computed instead", () => {
    const [first, ...rest] = Object.keys(table);
    const partial = Object.fromEntries(rest.map((k) => [k, table[k]!]));
    partial[rest[0]!] = [[["NoSuchToken"]]];
    const p = new EbtParser({ table: partial });
    expect(p.lookahead.computed).toBe(2);
    expect(first).toBeDefined();
  });

  it("parses every corpus and golden program exactly as the analysed parser does", () => {
    const files = [...programs(path.join(ROOT, "test/corpus"), ".bt"), ...programs(path.join(ROOT, "test/golden"), ".ebt")];
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const src = readFileSync(f, "utf8");
      expect(parse(src, f, fromTable), f).toEqual(parse(src, f, analysed));
    }
  });

  it("and the same for broken programs: the same errors at the same places", () => {
    let errors = 0;
    for (const src of ["BEGIN { @x = ; }", "BEGIN { if (1) { } else }", "kprobe:f /x/ { $a = (1 + ; }", "BEGIN { @[1,] = 2 }", "tracepoint:a:b < print(1 > 2) >", "BEGIN { printf(\"%d\\n\" 1); }"]) {
      const r = parse(src, "t", fromTable);
      if (r.diagnostics.length > 0) errors++;
      expect(r).toEqual(parse(src, "t", analysed));
    }
    expect(errors).toBeGreaterThanOrEqual(5);
  });
});

/**
 * The grammar's recorded form (Chevrotain's GAST) as data. Building a Chevrotain parser runs every
 * rule once in a "recording" mode to learn the grammar's structure: ~10 ms of every start, cold
 * code all of it. That structure depends only on the grammar, so the build (scripts/bundle.mjs)
 * records it once (`saveGast`) and puts it in the bundle next to the grammar it came from; at run
 * time the parser takes it (`restoreGast`) instead of recording. Without a table (tests running
 * src/), the parser records as before.
 */
import type { Rule, TokenType } from "chevrotain";
import { chevrotain } from "./chevrotain.js";

/** One GAST node: its class (index in `classes()`), then its own fields, productions and tokens by name. */
export type SavedNode = [number, Record<string, unknown>];
export type GastTable = SavedNode[];

/** The GAST classes, in a fixed order (a node's class is saved as its index). */
function classes(): (abstract new (...args: never[]) => object)[] {
  const c = chevrotain;
  return [c.Rule, c.NonTerminal, c.Alternative, c.Option, c.RepetitionMandatory, c.RepetitionMandatoryWithSeparator, c.Repetition, c.RepetitionWithSeparator, c.Alternation, c.Terminal];
}

/** Fields holding a token type, saved by name. */
const TOKEN_FIELDS = new Set(["terminalType", "separator"]);

export function saveGast(rules: Record<string, Rule>): GastTable {
  const kinds = classes();
  const save = (node: object): SavedNode => {
    const kind = kinds.findIndex((k) => node.constructor === k);
    if (kind < 0) throw new Error(`gast-table: unknown GAST node ${node.constructor.name}`);
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "referencedRule") continue; // re-linked by name (nonTerminalName)
      if (TOKEN_FIELDS.has(key)) fields[key] = (value as TokenType).name;
      else if (key === "_definition") fields[key] = (value as object[]).map(save);
      else if (value === null || ["string", "number", "boolean"].includes(typeof value)) fields[key] = value;
      else throw new Error(`gast-table: field ${key} of ${node.constructor.name} is not data`);
    }
    return [kind, fields];
  };
  return Object.values(rules).map(save);
}

/** The rules of `table`, as Chevrotain's recording would have made them. */
export function restoreGast(table: GastTable, tokens: readonly TokenType[]): Rule[] {
  const kinds = classes();
  const byName = new Map(tokens.map((t) => [t.name, t]));
  const nonTerminals: { nonTerminalName: string; referencedRule?: Rule }[] = [];
  const restore = ([kind, fields]: SavedNode): object => {
    // Built without the constructors (they only assign these same fields, through lodash).
    const node = Object.create(kinds[kind]!.prototype) as Record<string, unknown>;
    for (const key in fields) {
      const value = fields[key];
      if (TOKEN_FIELDS.has(key)) {
        const token = byName.get(value as string);
        if (!token) throw new Error(`gast-table: unknown token ${String(value)}`);
        node[key] = token;
      } else if (key === "_definition") node[key] = (value as SavedNode[]).map(restore);
      else node[key] = value;
    }
    if (kinds[kind] === chevrotain.NonTerminal) nonTerminals.push(node as unknown as (typeof nonTerminals)[number]);
    return node;
  };
  const rules = table.map(restore) as Rule[];
  const byRule = new Map(rules.map((r) => [r.name, r]));
  for (const n of nonTerminals) n.referencedRule = byRule.get(n.nonTerminalName);
  return rules;
}

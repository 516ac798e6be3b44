/**
 * The parser's lookahead decisions as data. Building the Chevrotain parser computes, for every
 * OR/OPTION/MANY of the grammar, which token sequences lead into each alternative: about half of
 * the ~40 ms the parser costs at every start. Those sequences depend only on the grammar, so the
 * build (scripts/bundle.mjs) records them once (recordLookahead) and puts them in the bundle next
 * to the grammar they came from; at run time TableLookahead turns them into the same decision
 * functions without the analysis. Where no table is given (tests running src/), or a decision is
 * missing from it, Chevrotain's own LL(k) analysis runs as before.
 */
import type { ILookaheadStrategy, IToken, LookaheadProductionType, Rule, TokenType } from "chevrotain";
import { chevrotain } from "./chevrotain.js";

/** Decision key → per alternative, the token sequences (by token name) that choose it. */
export type LookaheadTable = Record<string, string[][][]>;

type Paths = TokenType[][][];
interface LookaheadParser {
  LA(i: number): IToken;
}
interface OrAlt {
  GATE?: () => boolean;
}

const keyOf = (rule: Rule, kind: string, occurrence: number) => `${rule.name}/${kind}/${occurrence}`;

/** The alternative whose sequences match the next tokens (first match wins, as in Chevrotain). */
function alternativesFunc(paths: Paths, hasPredicates: boolean) {
  const { tokenMatcher } = chevrotain;
  return function (this: LookaheadParser, orAlts?: OrAlt[]): number | undefined {
    for (let t = 0; t < paths.length; t++) {
      if (hasPredicates) {
        const gate = orAlts?.[t]?.GATE;
        if (gate !== undefined && gate.call(this) === false) continue;
      }
      next: for (const path of paths[t]!) {
        for (let i = 0; i < path.length; i++) if (!tokenMatcher(this.LA(i + 1), path[i]!)) continue next;
        return t;
      }
    }
    return undefined;
  };
}

/** Whether the next tokens enter an optional production. */
function optionalFunc(paths: TokenType[][]) {
  const { tokenMatcher } = chevrotain;
  return function (this: LookaheadParser): boolean {
    next: for (const path of paths) {
      for (let i = 0; i < path.length; i++) if (!tokenMatcher(this.LA(i + 1), path[i]!)) continue next;
      return true;
    }
    return false;
  };
}

type AltOptions = Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0];
type OptOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];

/**
 * Chevrotain's LL(k) strategy, answering from `table` where it can. `recorded`, when given, is
 * filled with every decision's sequences (the build uses this to make the table).
 */
export function lookaheadStrategy(maxLookahead: number, table?: LookaheadTable, tokens?: TokenType[], recorded?: LookaheadTable): ILookaheadStrategy & { fromTable: number; computed: number } {
  const byName = new Map((tokens ?? []).map((t) => [t.name, t]));
  const types = (names: string[]) => names.map((n) => byName.get(n)!);
  const known = (entry: string[][][]) => entry.every((alt) => alt.every((p) => p.every((n) => byName.has(n))));
  const llk = new chevrotain.LLkLookaheadStrategy({ maxLookahead });
  const record = (key: string, paths: Paths) => {
    if (recorded) recorded[key] = paths.map((alt) => alt.map((p) => p.map((t) => t.name)));
  };
  const pathsOf = (rule: Rule, prodType: LookaheadProductionType, occurrence: number, k: number) =>
    chevrotain.getLookaheadPaths({ occurrence, rule, prodType, maxLookahead: k });
  const strategy = {
    fromTable: 0,
    computed: 0,
    validate: (o: Parameters<ILookaheadStrategy["validate"]>[0]) => llk.validate(o),
    buildLookaheadForAlternation(o: AltOptions) {
      const key = keyOf(o.rule, "Alternation", o.prodOccurrence);
      const entry = table?.[key];
      if (entry && known(entry) && !o.dynamicTokensEnabled) {
        strategy.fromTable++;
        return alternativesFunc(entry.map((alt) => alt.map(types)), o.hasPredicates);
      }
      strategy.computed++;
      if (recorded) record(key, pathsOf(o.rule, "Alternation", o.prodOccurrence, o.maxLookahead));
      return llk.buildLookaheadForAlternation(o);
    },
    buildLookaheadForOptional(o: OptOptions) {
      const key = keyOf(o.rule, o.prodType, o.prodOccurrence);
      const entry = table?.[key];
      if (entry && known(entry) && !o.dynamicTokensEnabled) {
        strategy.fromTable++;
        return optionalFunc(entry[0]!.map(types));
      }
      strategy.computed++;
      if (recorded) record(key, pathsOf(o.rule, o.prodType, o.prodOccurrence, o.maxLookahead));
      return llk.buildLookaheadForOptional(o);
    },
  };
  return strategy;
}

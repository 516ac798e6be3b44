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

/**
 * Per kind of next token (its tokenTypeIdx), the [alternative, sequence] pairs whose first token it
 * matches, in order, worked out the first time that kind is met. A decision then looks only at the
 * few sequences that can match instead of all of them: statements and expressions take several
 * decisions per token, and a large program has hundreds of thousands of tokens.
 */
function candidatesByFirst<T>(entries: [T, TokenType[]][]): (tokenTypeIdx: number) => [T, TokenType[]][] {
  const { tokenMatcher } = chevrotain;
  const byIdx: [T, TokenType[]][][] = [];
  return (idx) =>
    (byIdx[idx] ??= entries.filter(([, path]) => path.length === 0 || tokenMatcher({ tokenTypeIdx: idx } as IToken, path[0]!)));
}

/** Whether the tokens after the first match the rest of `path`. */
function restMatches(p: LookaheadParser, path: TokenType[]): boolean {
  const { tokenMatcher } = chevrotain;
  for (let i = 1; i < path.length; i++) if (!tokenMatcher(p.LA(i + 1), path[i]!)) return false;
  return true;
}

/** The alternative whose sequences match the next tokens (first match wins, as in Chevrotain). */
function alternativesFunc(paths: Paths, hasPredicates: boolean) {
  const candidates = candidatesByFirst(paths.flatMap((alt, t) => alt.map((path) => [t, path] as [number, TokenType[]])));
  return function (this: LookaheadParser, orAlts?: OrAlt[]): number | undefined {
    // Indexed loops: this runs several times per token, and iterators would be garbage.
    const list = candidates(this.LA(1).tokenTypeIdx!);
    for (let c = 0; c < list.length; c++) {
      const [t, path] = list[c]!;
      if (hasPredicates) {
        // Gates only read the tokens ahead: asking fewer of them decides the same.
        const gate = orAlts?.[t]?.GATE;
        if (gate !== undefined && gate.call(this) === false) continue;
      }
      if (restMatches(this, path)) return t;
    }
    return undefined;
  };
}

/** Whether the next tokens enter an optional production. */
function optionalFunc(paths: TokenType[][]) {
  const candidates = candidatesByFirst(paths.map((path) => [0, path] as [number, TokenType[]]));
  return function (this: LookaheadParser): boolean {
    const list = candidates(this.LA(1).tokenTypeIdx!);
    for (let c = 0; c < list.length; c++) if (restMatches(this, list[c]![1])) return true;
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

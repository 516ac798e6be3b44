/**
 * The grammar's lookahead decisions (lookahead.ts) and its recorded form (gast-table.ts),
 * precomputed. Here, in the source tree, there are none and the parser computes them;
 * scripts/bundle.mjs replaces this module in the bundle with the tables it recorded from this same
 * grammar.
 */
import type { GastTable } from "./gast-table.js";
import type { LookaheadTable } from "./lookahead.js";

export const LOOKAHEAD_TABLE: LookaheadTable | undefined = undefined;
export const GAST_TABLE: GastTable | undefined = undefined;

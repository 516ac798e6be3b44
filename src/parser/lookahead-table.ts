/**
 * The grammar's lookahead decisions, precomputed (lookahead.ts). Here, in the source tree, there are
 * none and the parser computes them; scripts/bundle.mjs replaces this module in the bundle with the
 * table it recorded from this same grammar.
 */
import type { LookaheadTable } from "./lookahead.js";

export const LOOKAHEAD_TABLE: LookaheadTable | undefined = undefined;

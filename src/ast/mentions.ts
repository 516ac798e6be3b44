/**
 * What a program mentions, found in one walk: the functions it calls, the bare names it uses and
 * the kinds of node it holds. Passes that look for something rare (a macro, `getopt()`, `config`,
 * `$1`, a constant's name) are skipped when it is absent: a large program would otherwise be
 * walked once per pass. Passes after macro expansion only replace nodes by literals, so what they
 * leave never mentions a call or name that was not there before.
 */
import type { Block, Expr } from "./nodes.js";
import { forEachNode } from "./walk.js";

export interface Mentions {
  /** Names of called functions (`exit` for `exit()`). */
  calls: Set<string>;
  /** Bare identifiers (`pid`, `config`, a macro used without parentheses, a constant). */
  names: Set<string>;
  kinds: Set<string>;
  /** Some assignment's value is a block (`@m = { ...; count() }`), which macros.ts hoists. */
  blockValues: boolean;
}

export function mentionsOf(root: unknown): Mentions {
  const m: Mentions = { calls: new Set(), names: new Set(), kinds: new Set(), blockValues: false };
  forEachNode(root, (n) => {
    m.kinds.add(n.kind);
    if (n.kind === "Call") m.calls.add(n.name as string);
    else if (n.kind === "Identifier") m.names.add(n.name as string);
    else if (n.kind === "AssignStmt" && (n.value as Expr | Block).kind === "Block") m.blockValues = true;
  });
  return m;
}

/** Whether `m` names `name` as a call or a bare identifier. */
export function mentionsName(m: Mentions, name: string): boolean {
  return m.calls.has(name) || m.names.has(name);
}

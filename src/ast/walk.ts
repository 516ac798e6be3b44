/**
 * The one generic traversal of the AST. Nodes are the plain objects with a `kind`; a node's
 * children are the values of all its other properties (arrays and helper objects such as a record's
 * `{ name, value }` fields included), spans aside. Passes that look for nodes or rebuild the tree
 * use these instead of walking it by hand.
 */
import type { Node } from "./nodes.js";

/** A node seen generically: its kind, and its properties by name. */
export type AnyNode = Node & Record<string, unknown>;

/** Span properties (`span`, `nameSpan`, ...) are positions, not children. */
const isSpan = (key: string) => key === "span" || key.endsWith("Span");

const isNode = (x: unknown): x is AnyNode => typeof x === "object" && x !== null && typeof (x as { kind?: unknown }).kind === "string";

/** What `forEachNode`'s visitor returns to walk on past a node without entering it. */
export const SKIP_CHILDREN = Symbol("skip children");

/**
 * Calls `visit` for every node under `root` (itself included), a parent before its children, in
 * source order. `visit` returning true stops the walk (forEachNode then returns true);
 * SKIP_CHILDREN walks on without entering the node. The tree has no cycles (rewrite and rebuild
 * rely on that too); a node the tree holds twice is visited twice. No set of seen nodes and no
 * arrays per node: this walks programs of hundreds of thousands of nodes several times.
 */
export function forEachNode(root: unknown, visit: (n: AnyNode) => boolean | typeof SKIP_CHILDREN | void): boolean {
  const go = (x: unknown): boolean => {
    if (typeof x !== "object" || x === null) return false;
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) if (go(x[i])) return true;
      return false;
    }
    if (isNode(x)) {
      const r = visit(x);
      if (r === true) return true;
      if (r === SKIP_CHILDREN) return false;
    }
    for (const k in x) if (!isSpan(k) && go((x as Record<string, unknown>)[k])) return true;
    return false;
  };
  return go(root);
}

/** The first node under `root` (parents first) for which `test` holds. */
export function findNode<T extends Node = AnyNode>(root: unknown, test: (n: AnyNode) => boolean): T | undefined {
  let found: AnyNode | undefined;
  forEachNode(root, (n) => {
    if (test(n)) found = n;
    return found !== undefined;
  });
  return found as T | undefined;
}

/**
 * A rebuilt copy of `root`: each node is replaced by what `rebuild` returns for it. `copy()` gives
 * the node itself with its children rebuilt the same way, so returning `copy()` keeps a node and
 * descends, and returning something else replaces the node without descending. Spans are kept, or
 * (`span`) replaced by what it returns for them; `owner` is the object that holds the span.
 */
export function rebuild(
  root: unknown,
  rebuild: (n: AnyNode, copy: () => Record<string, unknown>) => unknown,
  span: (s: unknown, owner: Record<string, unknown>) => unknown = (s) => s,
): unknown {
  const go = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(go);
    if (typeof x !== "object" || x === null) return x;
    const o = x as Record<string, unknown>;
    const copy = () => {
      const out: Record<string, unknown> = {};
      for (const k in o) out[k] = isSpan(k) ? span(o[k], o) : go(o[k]);
      return out;
    };
    return isNode(x) ? rebuild(x, copy) : copy();
  };
  return go(root);
}

/**
 * `root` with nodes replaced by what `rewrite` returns for them, sharing what did not change: a
 * subtree with no replacement in it is returned as it is, not copied (most programs need no
 * rewriting, and copying a large program costs more than compiling it). `descend(n)` gives the
 * node with its children rewritten (the node itself when none changed); returning something else
 * replaces the node without descending. (`descend` takes the node rather than being a closure per
 * node: no allocation for the nodes left as they are.)
 */
export function rewrite(root: unknown, rewrite: (n: AnyNode, descend: (n: AnyNode) => unknown) => unknown): unknown {
  const go = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      // Copied only from the first element that changed.
      let out: unknown[] | undefined;
      for (let i = 0; i < x.length; i++) {
        const v = go(x[i]);
        if (v !== x[i]) (out ??= x.slice())[i] = v;
      }
      return out ?? x;
    }
    if (typeof x !== "object" || x === null) return x;
    return isNode(x) ? rewrite(x, descend) : descend(x);
  };
  const descend = (x: object): unknown => {
    const o = x as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k in o) {
      if (isSpan(k)) continue;
      const v = go(o[k]);
      if (v !== o[k]) (out ??= { ...o })[k] = v;
    }
    return out ?? x;
  };
  return go(root);
}

/**
 * Scratch variables are block scoped, as current bpftrace defines them: a `$x` first assigned (or
 * declared with `let`) inside a block exists only there and in the blocks it contains; a sibling
 * block may reuse the name for another variable, even of another type. Every variable gets a
 * unique key (`$x`, then `$x#2`, ...) so that later passes can treat keys like the probe-wide names
 * they used to be.
 *
 * `for` bodies run as BPF callbacks with their own stack frame; each variable records the loop
 * that owns it (undefined: the probe itself), and each loop the outer variables its body uses,
 * which the loop copies into and back out of its frame.
 */
import type { LetStmt, Node, Stmt } from "../ast/nodes.js";

export type ForStmt = Stmt & { kind: "ForMapStmt" | "ForRangeStmt" };

export interface ScratchVarInfo {
  key: string;
  /** The `for` whose body declares it; undefined for the probe's own frame. */
  frame?: ForStmt;
  /** Where it was declared (`let`) or first assigned. */
  origin: "let" | "assign" | "loop";
  assigned: boolean;
  /** The `let` that declared it, if one did. */
  decl?: LetStmt;
}

export class ScratchScopes {
  private readonly scopes: Map<string, ScratchVarInfo>[] = [new Map()];
  private readonly used = new Map<string, number>();
  /** Every variable's key, by the node that names it. */
  readonly keyOf = new Map<Node, string>();
  readonly vars = new Map<string, ScratchVarInfo>();
  /** For each `for`: the keys of the outer variables its body reads or writes. */
  readonly loopOuter = new Map<ForStmt, Set<string>>();
  private readonly loops: ForStmt[] = [];

  /** `recordKeys`: whether to fill `keyOf` (only the checker's last run needs it). */
  constructor(private readonly recordKeys = true) {}

  enter(): void {
    this.scopes.push(new Map());
  }

  leave(): void {
    this.scopes.pop();
  }

  enterLoop(f: ForStmt): void {
    this.loops.push(f);
    this.loopOuter.set(f, new Set());
    this.enter();
  }

  leaveLoop(): void {
    this.leave();
    this.loops.pop();
  }

  /** The `for` whose frame the code being checked runs in (undefined: the probe's). */
  get frame(): ForStmt | undefined {
    return this.loops[this.loops.length - 1];
  }

  find(name: string): ScratchVarInfo | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i]!.get(name);
      if (v) return v;
    }
    return undefined;
  }

  /** Declares `name` in the innermost scope. */
  declare(name: string, origin: ScratchVarInfo["origin"], node: Node): ScratchVarInfo {
    const n = (this.used.get(name) ?? 0) + 1;
    this.used.set(name, n);
    const info: ScratchVarInfo = { key: n === 1 ? name : `${name}#${n}`, frame: this.frame, origin, assigned: origin !== "let" };
    this.scopes[this.scopes.length - 1]!.set(name, info);
    this.vars.set(info.key, info);
    this.use(info, node);
    return info;
  }

  /** Records that `node` names variable `info`; a variable of an outer frame is one the loops between need. */
  use(info: ScratchVarInfo, node: Node): void {
    if (this.recordKeys) this.keyOf.set(node, info.key);
    for (let i = this.loops.length - 1; i >= 0 && this.loops[i] !== info.frame; i--) {
      this.loopOuter.get(this.loops[i]!)!.add(info.key);
    }
  }
}

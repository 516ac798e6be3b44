/**
 * `print(@m); clear(@m);` — the periodic-report idiom (`interval:s:1 { print(@x); clear(@x); }`).
 * Done as two steps (read every entry, later delete every entry), updates that land between the
 * read and the delete are lost (1.5% of them under load here). So a print directly followed by a
 * clear of the same map becomes one step, and the clear itself does nothing. Such a map's keys end
 * with a generation number that probes read from the generations map; to print, user space moves
 * the map to the next generation, waits until no probe still runs with the old one, then takes the
 * old entries out (BPF_MAP_LOOKUP_AND_DELETE_ELEM) undisturbed: no update is lost or counted twice.
 */
import type { Call, Stmt } from "../ast/nodes.js";

/** How many maps can be printed-and-cleared with generations (slots of the generations map). */
export const GENERATION_SLOTS = 64;

const printsThatClear = new WeakSet<Call>();
const clearsDoneByPrint = new WeakSet<Call>();

function callOf(s: Stmt | undefined, name: string): Call | undefined {
  if (s?.kind !== "ExprStmt" || s.expr.kind !== "Call" || s.expr.name !== name) return undefined;
  return s.expr;
}

function wholeMap(c: Call): string | undefined {
  const m = c.args[0];
  return m?.kind === "MapAccess" && m.keys.length === 0 ? m.name : undefined;
}

/** Finds the `print(@m[, top[, div]]); clear(@m);` pairs among consecutive statements. */
export function pairPrintAndClear(stmts: readonly Stmt[]): void {
  for (let i = 0; i + 1 < stmts.length; i++) {
    const p = callOf(stmts[i], "print");
    const c = callOf(stmts[i + 1], "clear");
    if (!p || !c) continue;
    const map = wholeMap(p);
    if (map !== undefined && map === wholeMap(c) && c.args.length === 1) {
      printsThatClear.add(p);
      clearsDoneByPrint.add(c);
    }
  }
}

/** This print(@m) takes the entries out as it prints them. */
export function printClears(call: Call): boolean {
  return printsThatClear.has(call);
}

/** This clear(@m) has nothing left to do: the print before it took every entry. */
export function clearDoneByPrint(call: Call): boolean {
  return clearsDoneByPrint.has(call);
}

/** A language map as the checker typed it; code generation and the runtime lay it out from this. */
import type { Span } from "../diagnostics/span.js";
import type { Type } from "../semantic/types.js";

export interface MapInfo {
  name: string;
  /** Key types; empty for a scalar map (`@x`). */
  keys: Type[];
  value: Type;
  span: Span;
  /**
   * Printed and cleared in one step (`print(@m); clear(@m);`, semantic/print-clear.ts): its key
   * ends with a generation number from slot `genSlot` of the generations map, so user space can
   * switch probes to fresh entries before it takes the old ones (see runtime/engine.ts takeMap).
   */
  genSlot?: number;
}

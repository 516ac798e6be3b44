/** The values that decoded kernel data becomes; printing follows the value's kind (ply's type->fprint). */
export type Value =
  | { kind: "int"; value: bigint; signed: boolean }
  | { kind: "bool"; value: boolean }
  | { kind: "str"; value: string }
  /** A tuple, or a record when its elements have names. */
  | { kind: "tuple"; elems: Value[]; names?: string[] }
  | { kind: "buf"; bytes: Uint8Array }
  /** A symbolized stack: one line per frame; `indent`ed lines get the printer's indentation. */
  | { kind: "stack"; lines: string[]; indent: boolean }
  | { kind: "none" };

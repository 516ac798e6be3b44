/** The values that decoded kernel data becomes; printing follows the value's kind (ply's type->fprint). */
export type Value =
  /** `hex`: an address inside a struct, printed as 0x... */
  | { kind: "int"; value: bigint; signed: boolean; hex?: boolean; /** an enum value's enumerator name (text output prints it) */ symbol?: string }
  | { kind: "bool"; value: boolean }
  | { kind: "str"; value: string }
  /** A tuple, or a record when its elements have names, or a C array (`array`: printed `[1,2]`). */
  | { kind: "tuple"; elems: Value[]; names?: string[]; array?: boolean }
  | { kind: "buf"; bytes: Uint8Array }
  /** A symbolized stack: one line per frame; `indent`ed lines get the printer's indentation. */
  | { kind: "stack"; lines: string[]; indent: boolean }
  | { kind: "none" };

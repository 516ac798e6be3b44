/**
 * The AST: a discriminated union on `kind`; every node carries the source span it came from.
 * The parser builds these (src/parser/to-ast.ts); semantic passes annotate and rewrite them.
 * It covers the whole bpftrace language, so later passes never need the CST.
 */
import type { Span } from "../diagnostics/span.js";

interface NodeBase {
  span: Span;
}

// ---------------------------------------------------------------- program structure

export interface Program extends NodeBase {
  kind: "Program";
  items: TopLevel[];
  /** C the program carries for type information, in source order: preprocessor lines (`#include
   * <linux/sched.h>`, `#define X 1`) and top-level `struct/union/enum X { ... };` definitions. */
  cDefinitions?: { text: string; span: Span }[];
}

export type TopLevel = Probe | MacroDef | ConfigBlock | Import | MapDecl;

/** `ap1, ap2 /filter/ { body }` or `ap < body >` */
export interface Probe extends NodeBase {
  kind: "Probe";
  attachPoints: AttachPoint[];
  predicate?: Expr;
  body: Block;
  /** Which delimiters the source used for the body: `{ }` or the design card's `< >`. */
  blockStyle: "brace" | "angle";
}

/** One attach point exactly as written, e.g. `tracepoint:syscalls:sys_enter_*` or `BEGIN`.
 * Semantic passes split it into a provider and its parts (the grammar of the parts is per provider). */
export interface AttachPoint extends NodeBase {
  kind: "AttachPoint";
  raw: string;
}

/** `macro name(a, $b, @c) { ... }` (current bpftrace). Params keep their sigil: "$b", "@c", "a". */
export interface MacroDef extends NodeBase {
  kind: "MacroDef";
  name: string;
  params: string[];
  body: Block;
}

/** `config = { max_strlen = 128; ... }` */
export interface ConfigBlock extends NodeBase {
  kind: "ConfigBlock";
  entries: { key: string; value: Expr; span: Span }[];
}

/** `import "path";` */
export interface Import extends NodeBase {
  kind: "Import";
  path: string;
}

/** `let @m = hash(100);` : a map declaration at top level. */
export interface MapDecl extends NodeBase {
  kind: "MapDecl";
  name: string;
  mapType: string;
  args: Expr[];
}

// ---------------------------------------------------------------- statements

export type Stmt =
  | ExprStmt
  | AssignStmt
  | LetStmt
  | IfStmt
  | WhileStmt
  | UnrollStmt
  | ForMapStmt
  | ForRangeStmt
  | JumpStmt
  | Block;

export interface Block extends NodeBase {
  kind: "Block";
  stmts: Stmt[];
  /** For a block used as an expression (`{ stmts; expr }`), its value. */
  value?: Expr;
}

export interface ExprStmt extends NodeBase {
  kind: "ExprStmt";
  expr: Expr;
  /** Written `_ = expr;` (evaluate and discard), which --fmt prints back. */
  discard?: true;
}

export type AssignOp = "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "&=" | "|=" | "^=" | "<<=" | ">>=";
/** The operators of compound assignment: `x += y` is `x = x + y`. */
export type CompoundOp = "+" | "-" | "*" | "/" | "%" | "&" | "|" | "^" | "<<" | ">>";

/** `$x = e`, `@m[k] += e`, `args.x = e` is rejected later. */
export interface AssignStmt extends NodeBase {
  kind: "AssignStmt";
  target: ScratchVar | MapAccess;
  op: AssignOp;
  value: Expr;
  /** Span of the operator alone (bpftrace reports some assignment errors there). */
  opSpan?: Span;
}

/** `let $x: type = e;` — type and value both optional. `name` includes the `$`. */
export interface LetStmt extends NodeBase {
  kind: "LetStmt";
  name: string;
  type?: TypeName;
  value?: Expr;
  /** `let $x`: where bpftrace reports problems with the declaration itself. */
  declSpan?: Span;
}

export interface IfStmt extends NodeBase {
  kind: "IfStmt";
  cond: Expr;
  then: Block;
  /** `else if` is an IfStmt here; plain `else` a Block. */
  else?: Block | IfStmt;
}

export interface WhileStmt extends NodeBase {
  kind: "WhileStmt";
  cond: Expr;
  body: Block;
}

export interface UnrollStmt extends NodeBase {
  kind: "UnrollStmt";
  count: Expr;
  body: Block;
}

/** `for ($kv : @map) { ... }`; `variable` includes the `$`. */
export interface ForMapStmt extends NodeBase {
  kind: "ForMapStmt";
  variable: string;
  variableSpan?: Span;
  map: MapAccess;
  body: Block;
}

/** `for ($i : a..b) { ... }` (b exclusive) */
export interface ForRangeStmt extends NodeBase {
  kind: "ForRangeStmt";
  variable: string;
  variableSpan?: Span;
  from: Expr;
  to: Expr;
  body: Block;
}

export interface JumpStmt extends NodeBase {
  kind: "JumpStmt";
  jump: "break" | "continue" | "return";
  value?: Expr;
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | IntLit
  | StrLit
  | BoolLit
  | Identifier
  | Positional
  | ScratchVar
  | MapAccess
  | Binary
  | Unary
  | Update
  | Ternary
  | Call
  | FieldAccess
  | IndexAccess
  | Cast
  | TupleExpr
  | RecordExpr
  | SizeofExpr
  | OffsetofExpr
  | TypeArg
  | Block;

export interface IntLit extends NodeBase {
  kind: "IntLit";
  value: bigint;
  /** The literal as written (`0x10`, `1_000`, `1ms`), for messages and printing. */
  raw: string;
  /** Set for an enumerator (`TCP_FIN_WAIT1`, a script's `enum { A }`): the BTF id of its enum
   * type, so the value prints as the enumerator's name. */
  enumId?: number;
}

export interface StrLit extends NodeBase {
  kind: "StrLit";
  /** With escape sequences already decoded. */
  value: string;
}

export interface BoolLit extends NodeBase {
  kind: "BoolLit";
  value: boolean;
}

/** A bare name: a builtin variable (`pid`, `comm`, `args`, `arg0`, `retval`, `kstack` ...),
 * a macro parameter, or an enum/constant. Which one is decided by the semantic passes. */
export interface Identifier extends NodeBase {
  kind: "Identifier";
  name: string;
}

/** `$1`..`$N` (index >= 1) and `$#` (index 0, count = true). */
export interface Positional extends NodeBase {
  kind: "Positional";
  index: number;
  count: boolean;
}

/** `$name`; `name` includes the `$` (like MapAccess.name includes the `@`). */
export interface ScratchVar extends NodeBase {
  kind: "ScratchVar";
  name: string;
}

/** `@name`, `@name[k1, k2]`, `@` and `@[k]`. `name` includes the `@`. `keys` is empty for a scalar map. */
export interface MapAccess extends NodeBase {
  kind: "MapAccess";
  name: string;
  keys: Expr[];
}

export type BinaryOp =
  | "||" | "&&"
  | "|" | "^" | "&"
  | "==" | "!="
  | "<" | "<=" | ">" | ">="
  | "<<" | ">>"
  | "+" | "-"
  | "*" | "/" | "%";

export interface Binary extends NodeBase {
  kind: "Binary";
  op: BinaryOp;
  left: Expr;
  right: Expr;
  /** Span of the operator alone: bpftrace puts operator warnings and errors there. */
  opSpan?: Span;
}

export type UnaryOp = "!" | "~" | "-" | "+" | "*" | "&";

export interface Unary extends NodeBase {
  kind: "Unary";
  op: UnaryOp;
  operand: Expr;
}

/** `++x`, `x++`, `--x`, `x--` on a scratch variable or map entry. */
export interface Update extends NodeBase {
  kind: "Update";
  op: "++" | "--";
  prefix: boolean;
  target: ScratchVar | MapAccess;
}

/** `c ? a : b`; `a ?: b` has `then` undefined (elvis: `a` when it is truthy). */
export interface Ternary extends NodeBase {
  kind: "Ternary";
  cond: Expr;
  then?: Expr;
  else: Expr;
}

/** `name(args)`; also the call form of builtins (`pid()`) and aggregations (`count()`). */
export interface Call extends NodeBase {
  kind: "Call";
  name: string;
  /** Span of the function name alone, for errors about the callee. */
  nameSpan: Span;
  args: Expr[];
}

/** `e.f` or `e->f`; tuple element `t.0` has a numeric `field`. */
export interface FieldAccess extends NodeBase {
  kind: "FieldAccess";
  object: Expr;
  field: string;
  arrow: boolean;
}

/** `e[i]` on a non-map value (arrays, pointers, tuples). */
export interface IndexAccess extends NodeBase {
  kind: "IndexAccess";
  object: Expr;
  index: Expr;
}

/** A type as written in a cast or `let`: `uint8`, `struct task_struct *`, `int8[4]`, `string[16]`. */
export interface TypeName extends NodeBase {
  kind: "TypeName";
  /** `int64`, `struct task_struct`, `union u`, `enum e`, `string`, `bool`, ... */
  name: string;
  pointerDepth: number;
  arraySize?: number;
  /** `typeof(x)` (current bpftrace): the type of expression or type `x`, with this node's pointers
   * and array size applied on top (a macro's `a*` where `a` is `typeof(uint8)`). `name` is then
   * "typeof". The checker replaces it by the type it denotes, written out (semantic/typeof.ts). */
  of?: Expr | TypeName;
}

/** `typeof(x)` passed as a call's argument: a type given to a macro (`container_of(p, typeof(struct
 * foo), member)`). Macro expansion puts it where the parameter is used as a type. */
export interface TypeArg extends NodeBase {
  kind: "TypeArg";
  type: TypeName;
}

export interface Cast extends NodeBase {
  kind: "Cast";
  type: TypeName;
  operand: Expr;
}

/** `(a, b)` and `(a,)` */
export interface TupleExpr extends NodeBase {
  kind: "TupleExpr";
  elems: Expr[];
}

/** `(name = e, other = f)` */
export interface RecordExpr extends NodeBase {
  kind: "RecordExpr";
  fields: { name: string; value: Expr; span: Span }[];
}

/** `sizeof(type)` or `sizeof(expr)` */
export interface SizeofExpr extends NodeBase {
  kind: "SizeofExpr";
  arg: TypeName | Expr;
}

/** `offsetof(struct x, field.sub)` */
export interface OffsetofExpr extends NodeBase {
  kind: "OffsetofExpr";
  type: TypeName | Expr;
  fields: string[];
}

export type Node = Program | TopLevel | AttachPoint | Stmt | Expr | TypeName;

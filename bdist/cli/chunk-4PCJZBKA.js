import {
  Asm,
  BPF_EXIT,
  BPF_JA,
  BPF_JMP,
  BTF_KIND,
  CTX_REG,
  ElfError,
  FP,
  HELPERS,
  Label,
  MAX_HISTOGRAM_SLOTS,
  R0,
  R1,
  R2,
  R3,
  R4,
  RegPool,
  RegisterExhausted,
  aggValueSize,
  assemble,
  boolT,
  btfToType,
  byteSize,
  checkIteratorAlone,
  disassemble,
  fieldLayout,
  findNamedType,
  findProvider,
  histogramSlots,
  insnWidth,
  intType,
  isHistogram,
  isIntegral,
  isScalar,
  isSigned,
  kernelBtf,
  kernelPointerType,
  memorySize,
  noneT,
  offsetofPath,
  openElfCached,
  patchMapFds,
  readMaps,
  s64,
  sameType,
  sizeofTypeName,
  slotSize,
  stackPointer,
  storageSize,
  strType,
  taskStructPointer,
  tupleOffsets,
  typeName,
  u32,
  u64
} from "./chunk-3IQTUW3X.js";
import {
  fromByteString,
  toByteString
} from "./chunk-72TZQFLZ.js";
import {
  BPF_F_NO_PREALLOC,
  BPF_MAP_TYPE_ARRAY,
  BPF_MAP_TYPE_ARRAY_OF_MAPS,
  BPF_MAP_TYPE_HASH,
  BPF_MAP_TYPE_LRU_HASH,
  BPF_MAP_TYPE_LRU_PERCPU_HASH,
  BPF_MAP_TYPE_PERCPU_HASH,
  BPF_MAP_TYPE_RINGBUF,
  BPF_MAP_TYPE_STACK_TRACE,
  BPF_NOEXIST,
  KernelError,
  VerifierError,
  closeFd,
  createMap,
  isErrnoException,
  iterCreate,
  loadProgram,
  mapDelete,
  mapInfo,
  mapKeys,
  mapLookup,
  mapLookupAndDelete,
  mapUpdate,
  native,
  possibleCpus,
  testRun,
  toKernelError
} from "./chunk-PJVS25R2.js";
import {
  formatValue
} from "./chunk-C27BCDMD.js";

// dist/diagnostics/render.js
function renderDiagnostic(d, sources) {
  const { span } = d;
  const label = d.severity === "error" ? "ERROR" : "WARNING";
  if (span.start.line === 0)
    return `${label}: ${d.message}
` + hintLines(d);
  const src = sources.get(span.file);
  if (span.start.line !== span.end.line) {
    const endLine = span.end.col === 1 && span.end.line > span.start.line ? span.end.line - 1 : span.end.line;
    if (endLine === span.start.line) {
      return renderDiagnostic({ ...d, span: { ...span, end: { ...span.end, line: endLine, col: (src?.line(endLine).length ?? 0) + 1 } } }, sources);
    }
    return `${span.file}:${span.start.line}-${endLine}: ${label}: ${d.message}
` + hintLines(d);
  }
  const endCol = Math.max(span.end.col, span.start.col + 1);
  let out = `${span.file}:${span.start.line}:${span.start.col}-${endCol}: ${label}: ${d.message}
`;
  if (src) {
    const line = src.line(span.start.line);
    out += line + "\n";
    const prefix = line.slice(0, span.start.col - 1).replace(/[^\t]/g, " ");
    out += prefix + "~".repeat(endCol - span.start.col) + "\n";
  }
  return out + hintLines(d);
}
function hintLines(d) {
  return (d.hints ?? []).map((h) => `HINT: ${h}
`).join("");
}

// dist/diagnostics/span.js
function joinSpans(a, b) {
  return {
    file: a.file,
    start: a.start.offset <= b.start.offset ? a.start : b.start,
    end: a.end.offset >= b.end.offset ? a.end : b.end
  };
}
var SourceMap = class {
  file;
  text;
  lineStarts = [0];
  constructor(file, text) {
    this.file = file;
    this.text = text;
    for (let i = 0; i < text.length; i++)
      if (text.charCodeAt(i) === 10)
        this.lineStarts.push(i + 1);
  }
  pos(offset) {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (this.lineStarts[mid] <= offset)
        lo = mid;
      else
        hi = mid - 1;
    }
    return { offset, line: lo + 1, col: offset - this.lineStarts[lo] + 1 };
  }
  span(startOffset, endOffset) {
    return { file: this.file, start: this.pos(startOffset), end: this.pos(endOffset) };
  }
  /** The text of line `line` (1-based), without its newline. */
  line(line) {
    const start = this.lineStarts[line - 1];
    if (start === void 0)
      return "";
    const next = this.lineStarts[line];
    const end = next === void 0 ? this.text.length : next - 1;
    return this.text.slice(start, end);
  }
};

// dist/parser/chevrotain.js
async function load() {
  try {
    return await import(new URL("../chevrotain.min.mjs", import.meta.resolve("chevrotain")).href);
  } catch {
    return await import("./api-4UXYPUAU.js");
  }
}
var chevrotain = await load();

// dist/parser/names.js
var BUILTIN_RE = new RegExp("^(?:arg[0-9]+|sarg[0-9]+|args|cgroup|comm|cpid|numaid|cpu|ctx|curtask|elapsed|func|gid|nsecs|pid|probe|rand|retval|tid|uid|username|jiffies|usermode|ncpus|__probe)$");
var CALLS = /* @__PURE__ */ new Set([
  "avg",
  "buf",
  "cat",
  "cgroupid",
  "clear",
  "count",
  "delete",
  "exit",
  "hist",
  "join",
  "kaddr",
  "kptr",
  "ksym",
  "lhist",
  "macaddr",
  "max",
  "min",
  "ntop",
  "override",
  "print",
  "printf",
  "cgroup_path",
  "reg",
  "signal",
  "sizeof",
  "stats",
  "str",
  "strerror",
  "strftime",
  "strncmp",
  "strcontains",
  "sum",
  "system",
  "time",
  "uaddr",
  "uptr",
  "usym",
  "zero",
  "path",
  "unwatch",
  "bswap",
  "skboutput",
  "pton",
  "debugf"
]);
function isBuiltinVariable(name) {
  return BUILTIN_RE.test(name) || name === "kstack" || name === "ustack";
}
function wordTokenName(name) {
  if (name === "kstack" || name === "ustack")
    return "call_builtin";
  if (BUILTIN_RE.test(name))
    return "builtin";
  if (CALLS.has(name))
    return "call";
  if (name === "bpftrace" || name === "perf")
    return "stack_mode";
  return "identifier";
}

// dist/parser/tokens.js
var { createToken, Lexer } = chevrotain;
function tok(name, label, categories) {
  return createToken(categories ? { name, pattern: Lexer.NA, label, categories } : { name, pattern: Lexer.NA, label });
}
var AnyWord = tok("AnyWord", "identifier");
var BinaryOp = tok("BinaryOp", "binary operator");
var UnaryOp = tok("UnaryOp", "unary operator");
var IncDec = tok("IncDec", "increment or decrement");
var AssignOp = tok("AssignOp", "assignment");
var Member = tok("Member", "member access");
var BoolLit = tok("BoolLit", "bool");
var TypeTag = tok("TypeTag", "struct");
var AttachPoint = tok("AttachPoint", "attach point");
var Ident = tok("Ident", "identifier", [AnyWord]);
var IntLit = tok("IntLit", "integer");
var StringLit = tok("StringLit", "string");
var Var = tok("Var", "variable");
var Positional = tok("Positional", "positional parameter");
var ParamCount = tok("ParamCount", "$#");
var MapTok = tok("Map", "map");
var IntType = tok("IntType", "integer type", [AnyWord]);
var SizedType = tok("SizedType", "sized type", [AnyWord]);
function kw(word, categories = []) {
  return tok("Kw_" + word, word, [AnyWord, ...categories]);
}
var If = kw("if");
var Else = kw("else");
var While = kw("while");
var Unroll = kw("unroll");
var For = kw("for");
var Break = kw("break");
var Continue = kw("continue");
var Return = kw("return");
var Let = kw("let");
var Config = kw("config");
var Macro = kw("macro");
var Import = kw("import");
var Sizeof = kw("sizeof");
var Offsetof = kw("offsetof");
var Struct = kw("struct", [TypeTag]);
var Union = kw("union", [TypeTag]);
var Enum = kw("enum", [TypeTag]);
var True = kw("true", [BoolLit]);
var False = kw("false", [BoolLit]);
var KEYWORDS = /* @__PURE__ */ new Map([
  ["if", If],
  ["else", Else],
  ["while", While],
  ["unroll", Unroll],
  ["for", For],
  ["break", Break],
  ["continue", Continue],
  ["return", Return],
  ["let", Let],
  ["config", Config],
  ["macro", Macro],
  ["import", Import],
  ["sizeof", Sizeof],
  ["offsetof", Offsetof],
  ["struct", Struct],
  ["union", Union],
  ["enum", Enum],
  ["true", True],
  ["false", False],
  ["int8", IntType],
  ["int16", IntType],
  ["int32", IntType],
  ["int64", IntType],
  ["uint8", IntType],
  ["uint16", IntType],
  ["uint32", IntType],
  ["uint64", IntType],
  ["bool", IntType],
  ["string", SizedType]
]);
var LBrace = tok("LBrace", "{");
var RBrace = tok("RBrace", "}");
var LParen = tok("LParen", "(");
var RParen = tok("RParen", ")");
var LBracket = tok("LBracket", "[");
var RBracket = tok("RBracket", "]");
var Semi = tok("Semi", ";");
var Comma = tok("Comma", '","');
var Colon = tok("Colon", ":");
var Question = tok("Question", "?");
var Dot = tok("Dot", ".", [Member]);
var DotDot = tok("DotDot", "..");
var Arrow = tok("Arrow", "->", [Member]);
var Assign = tok("Assign", "=", [AssignOp]);
var CompoundAssign = tok("CompoundAssign", "compound assignment", [AssignOp]);
var OrOr = tok("OrOr", "||", [BinaryOp]);
var AndAnd = tok("AndAnd", "&&", [BinaryOp]);
var Pipe = tok("Pipe", "|", [BinaryOp]);
var Caret = tok("Caret", "^", [BinaryOp]);
var Amp = tok("Amp", "&", [BinaryOp, UnaryOp]);
var EqEq = tok("EqEq", "==", [BinaryOp]);
var NotEq = tok("NotEq", "!=", [BinaryOp]);
var Lt = tok("Lt", "<", [BinaryOp]);
var Le = tok("Le", "<=", [BinaryOp]);
var Gt = tok("Gt", ">", [BinaryOp]);
var Ge = tok("Ge", ">=", [BinaryOp]);
var Shl = tok("Shl", "<<", [BinaryOp]);
var Plus = tok("Plus", "+", [BinaryOp, UnaryOp]);
var Minus = tok("Minus", "-", [BinaryOp, UnaryOp]);
var Star = tok("Star", "*", [BinaryOp, UnaryOp]);
var Slash = tok("Slash", "/", [BinaryOp]);
var Percent = tok("Percent", "%", [BinaryOp]);
var Bang = tok("Bang", "!", [UnaryOp]);
var Tilde = tok("Tilde", "~", [UnaryOp]);
var PlusPlus = tok("PlusPlus", "++", [IncDec]);
var MinusMinus = tok("MinusMinus", "--", [IncDec]);
var allTokens = [
  AnyWord,
  BinaryOp,
  UnaryOp,
  IncDec,
  AssignOp,
  Member,
  BoolLit,
  TypeTag,
  AttachPoint,
  Ident,
  IntLit,
  StringLit,
  Var,
  Positional,
  ParamCount,
  MapTok,
  IntType,
  SizedType,
  If,
  Else,
  While,
  Unroll,
  For,
  Break,
  Continue,
  Return,
  Let,
  Config,
  Macro,
  Import,
  Sizeof,
  Offsetof,
  Struct,
  Union,
  Enum,
  True,
  False,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Semi,
  Comma,
  Colon,
  Question,
  Dot,
  DotDot,
  Arrow,
  Assign,
  CompoundAssign,
  OrOr,
  AndAnd,
  Pipe,
  Caret,
  Amp,
  EqEq,
  NotEq,
  Lt,
  Le,
  Gt,
  Ge,
  Shl,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Bang,
  Tilde,
  PlusPlus,
  MinusMinus
];
var CATEGORY_MEMBERS = /* @__PURE__ */ new Map([
  [BinaryOp, [OrOr, AndAnd, Pipe, Caret, Amp, EqEq, NotEq, Lt, Le, Gt, Ge, Shl, Plus, Minus, Star, Slash, Percent]],
  [UnaryOp, [Bang, Tilde, Minus, Plus, Star, Amp]],
  [IncDec, [PlusPlus, MinusMinus]],
  [AssignOp, [Assign, CompoundAssign]],
  [Member, [Dot, Arrow]],
  [BoolLit, [True, False]],
  [TypeTag, [Struct, Union, Enum]]
]);
var OPERATORS = [
  ["<<=", CompoundAssign],
  [">>=", CompoundAssign],
  ["+=", CompoundAssign],
  ["-=", CompoundAssign],
  ["*=", CompoundAssign],
  ["/=", CompoundAssign],
  ["%=", CompoundAssign],
  ["&=", CompoundAssign],
  ["|=", CompoundAssign],
  ["^=", CompoundAssign],
  ["->", Arrow],
  ["..", DotDot],
  ["||", OrOr],
  ["&&", AndAnd],
  ["==", EqEq],
  ["!=", NotEq],
  ["<=", Le],
  [">=", Ge],
  ["<<", Shl],
  ["++", PlusPlus],
  ["--", MinusMinus],
  ["{", LBrace],
  ["}", RBrace],
  ["(", LParen],
  [")", RParen],
  ["[", LBracket],
  ["]", RBracket],
  [";", Semi],
  [",", Comma],
  [":", Colon],
  ["?", Question],
  [".", Dot],
  ["=", Assign],
  ["|", Pipe],
  ["^", Caret],
  ["&", Amp],
  ["<", Lt],
  [">", Gt],
  ["+", Plus],
  ["-", Minus],
  ["*", Star],
  ["/", Slash],
  ["%", Percent],
  ["!", Bang],
  ["~", Tilde]
];

// dist/parser/messages.js
var MAX_ALTERNATIVES = 4;
var BISON_ORDER = [
  "end of file",
  ":",
  ";",
  "{",
  "}",
  "[",
  "]",
  "(",
  ")",
  "?",
  "end predicate",
  '","',
  "$#",
  "=",
  "==",
  "!=",
  "<=",
  ">=",
  "<<",
  ">>",
  "<",
  ">",
  "&&",
  "||",
  "+",
  "++",
  "<<=",
  ">>=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "-",
  "--",
  "*",
  "/",
  "%",
  "&",
  "|",
  "^",
  "!",
  "~",
  ".",
  "->",
  "if",
  "else",
  "unroll",
  "struct",
  "union",
  "while",
  "for",
  "return",
  "continue",
  "break",
  "builtin",
  "call",
  "call_builtin",
  "identifier",
  "path",
  "preprocessor directive",
  "struct definition",
  "enum",
  "string",
  "map",
  "variable",
  "positional parameter",
  "integer",
  "stack_mode"
];
var rank = (label) => {
  const i = BISON_ORDER.indexOf(label);
  return i < 0 ? BISON_ORDER.length : i;
};
function describeTokenType(t) {
  if (t === chevrotain.EOF)
    return "end of file";
  return t.LABEL ?? t.name;
}
function describeToken(t) {
  if (t.tokenType === Ident)
    return wordTokenName(t.image);
  if (t.tokenType === CompoundAssign)
    return t.image;
  return describeTokenType(t.tokenType);
}
function expecting(expected) {
  const types = [...expected].flatMap((t) => CATEGORY_MEMBERS.get(t) ?? [t]);
  if (types.some((t) => t === AnyWord || t === Ident))
    return "";
  const names = [...new Set(types.map(describeTokenType))].sort((a, b) => rank(a) - rank(b));
  return names.length > 0 && names.length <= MAX_ALTERNATIVES ? `, expecting ${names.join(" or ")}` : "";
}
function unexpected(actual, expected) {
  return `syntax error, unexpected ${describeToken(actual)}${expecting(expected)}`;
}
var LIST_RULES = /* @__PURE__ */ new Set(["callArgs", "parenExpr", "mapAccess"]);
var errorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    if (expected === Slash && ruleName === "probe")
      return unexpected(actual, [END_PREDICATE]);
    if (expected === RParen && ruleName === "offsetofExpr")
      return unexpected(actual, [expected, Dot]);
    if ((expected === RParen || expected === RBracket) && LIST_RULES.has(ruleName)) {
      const p = previous?.tokenType;
      if (p === LParen || p === LBracket || p === Comma)
        return unexpected(actual, []);
      return unexpected(actual, [expected, Comma]);
    }
    return unexpected(actual, [expected]);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return unexpected(firstRedundant, []);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    return atDeepest(expectedPathsPerAlt.flat(), actual);
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    return atDeepest(expectedIterationPaths, actual);
  }
};
var END_PREDICATE = chevrotain.createToken({ name: "EndPredicate", pattern: chevrotain.Lexer.NA, label: "end predicate" });
var deepest;
function takeDeepestErrorToken() {
  const t = deepest;
  deepest = void 0;
  return t;
}
function atDeepest(paths, actual) {
  const matches = (p, n) => p.slice(0, n).every((t, i) => chevrotain.tokenMatcher(actual[i], t));
  let depth = 0;
  for (const p of paths) {
    let m = 0;
    while (m < p.length && m < actual.length && chevrotain.tokenMatcher(actual[m], p[m]))
      m++;
    depth = Math.max(depth, m);
  }
  depth = Math.min(depth, actual.length - 1);
  const expected = paths.filter((p) => p.length > depth && matches(p, depth)).map((p) => p[depth]);
  deepest = depth > 0 ? actual[depth] : void 0;
  return unexpected(actual[depth], expected);
}

// dist/parser/to-ast.js
var ParseAbort = class extends Error {
  span;
  hints;
  constructor(span, message, hints) {
    super(message);
    this.span = span;
    this.hints = hints;
  }
};
var AstBuilder = class {
  sm;
  constructor(sm) {
    this.sm = sm;
  }
  /** Span from the start of `a` to the end of `b` (tokens or nodes). */
  span(a, b = a) {
    return joinSpans(this.spanOf(a), this.spanOf(b));
  }
  tok(t) {
    if (Number.isNaN(t.startOffset))
      return this.sm.span(this.sm.text.length, this.sm.text.length);
    return this.sm.span(t.startOffset, t.endOffset + 1);
  }
  spanOf(x) {
    return "span" in x ? x.span : this.tok(x);
  }
  binary(op, left, right, opSpan) {
    return { kind: "Binary", op, left, right, span: joinSpans(left.span, right.span), opSpan };
  }
  /**
   * `target op value`. The grammar only offers an assignment after a target that may take one
   * (`assignable`), so anything else is already a syntax error at the operator.
   */
  assign(target, opTok, value) {
    const span = joinSpans(target.span, value.span);
    if (target.kind === "ScratchVar" || target.kind === "MapAccess") {
      return { kind: "AssignStmt", target, op: opTok.image, value, span, opSpan: this.tok(opTok) };
    }
    if (target.kind === "FieldAccess") {
      throw new ParseAbort(span, "Tuples are immutable once created. Consider creating a new tuple and assigning it instead.");
    }
    return { kind: "ExprStmt", expr: value, span };
  }
  /** `++x` / `x++`; the grammar offers it on variables, map entries and (for this error) identifiers. */
  update(opTok, target, prefix) {
    if (target.kind !== "ScratchVar" && target.kind !== "MapAccess") {
      throw new ParseAbort(prefix ? this.tok(opTok) : target.span, `The ${opTok.image} operator must be applied to a map or variable`);
    }
    const span = prefix ? this.span(opTok, target) : this.span(target, opTok);
    return { kind: "Update", op: opTok.image, prefix, target, span };
  }
};
function assignable(e, op) {
  if (e.kind === "ScratchVar" || e.kind === "MapAccess")
    return true;
  if (op.image !== "=")
    return false;
  if (e.kind === "Identifier")
    return e.name === "_";
  return e.kind === "FieldAccess" && !e.arrow && /^[0-9]/.test(e.field);
}

// dist/parser/grammar-primary.js
var { EmbeddedActionsParser, tokenMatcher } = chevrotain;
var Ctx = { Plain: 0, Angle: 1, Predicate: 2 };
var OPERAND_START = /* @__PURE__ */ new Set([
  IntLit,
  StringLit,
  Var,
  MapTok,
  Positional,
  ParamCount,
  LParen,
  Minus,
  Bang,
  Tilde,
  Star,
  Amp
]);
var PrimaryParser = class extends EmbeddedActionsParser {
  b;
  /** Statement blocks whose last statement is an expression without `;` (see `ifAsValue`). */
  openBlocks = /* @__PURE__ */ new WeakSet();
  constructor(validate2) {
    super(allTokens, { maxLookahead: 2, errorMessageProvider, recoveryEnabled: false, skipValidations: !validate2 });
  }
  /** `(` starts a cast (see grammar-expr.ts). */
  castAhead() {
    if (this.LA(1).tokenType !== LParen)
      return false;
    const name = this.LA(2);
    if (tokenMatcher(name, IntType) || tokenMatcher(name, SizedType) || tokenMatcher(name, TypeTag))
      return true;
    if (name.tokenType !== Ident || isBuiltinVariable(name.image))
      return false;
    let k = 3;
    while (this.LA(k).tokenType === Star)
      k++;
    if (this.LA(k).tokenType !== RParen)
      return false;
    if (k > 3)
      return true;
    const next = this.LA(k + 1);
    return OPERAND_START.has(next.tokenType) || tokenMatcher(next, AnyWord);
  }
  // ------------------------------------------------------------------ primary expressions
  primary = this.RULE("primary", () => this.OR([
    {
      ALT: () => {
        const t = this.CONSUME(IntLit);
        return this.ACTION(() => ({ kind: "IntLit", value: t.payload, raw: t.image, span: this.b.tok(t) }));
      }
    },
    {
      ALT: () => {
        const t = this.CONSUME(StringLit);
        return this.ACTION(() => ({ kind: "StrLit", value: t.payload, span: this.b.tok(t) }));
      }
    },
    {
      ALT: () => {
        const t = this.CONSUME(BoolLit);
        return this.ACTION(() => ({ kind: "BoolLit", value: t.tokenType === True, span: this.b.tok(t) }));
      }
    },
    {
      ALT: () => {
        const t = this.CONSUME(Positional);
        return this.ACTION(() => ({ kind: "Positional", index: t.payload, count: false, span: this.b.tok(t) }));
      }
    },
    {
      ALT: () => {
        const t = this.CONSUME(ParamCount);
        return this.ACTION(() => ({ kind: "Positional", index: 0, count: true, span: this.b.tok(t) }));
      }
    },
    { ALT: () => this.SUBRULE(this.scratchVar) },
    { ALT: () => this.SUBRULE(this.mapAccess) },
    {
      ALT: () => {
        const t = this.CONSUME(Ident);
        const args = this.OPTION(() => this.SUBRULE(this.callArgs));
        return this.ACTION(() => args ? { kind: "Call", name: t.image, nameSpan: this.b.tok(t), args: args[0], span: this.b.span(t, args[1]) } : { kind: "Identifier", name: t.image, span: this.b.tok(t) });
      }
    },
    { ALT: () => this.SUBRULE(this.sizeofExpr) },
    { ALT: () => this.SUBRULE(this.offsetofExpr) },
    { ALT: () => this.SUBRULE(this.parenExpr) },
    { ALT: () => this.SUBRULE(this.blockExpr, { ARGS: [true] }) },
    { ALT: () => this.SUBRULE(this.ifExpr) }
  ]));
  /** `if c { a } else { b }` used as a value (current bpftrace): the same as `c ? { a } : { b }`, so
   * it becomes a Ternary whose branches are block expressions. At the start of a statement, `if` is
   * the if statement instead (grammar.ts). */
  ifExpr = this.RULE("ifExpr", () => {
    const first = this.CONSUME(If);
    const cond = this.SUBRULE(this.condition);
    const then = this.SUBRULE(this.blockExpr, { ARGS: [true] });
    this.CONSUME(Else);
    const els = this.OR([{ ALT: () => this.SUBRULE(this.ifExpr) }, { ALT: () => this.SUBRULE2(this.blockExpr, { ARGS: [true] }) }]);
    return this.ACTION(() => ({ kind: "Ternary", cond, then, else: els, span: this.b.span(first, els) }));
  });
  /** The condition of `if`, `while` and `unroll`: `(expr)`, or a unary expression without
   * parentheses (current bpftrace: `if $x { }`). */
  condition = this.RULE("condition", () => this.OR([
    {
      GATE: () => !this.castAhead(),
      IGNORE_AMBIGUITIES: true,
      ALT: () => {
        this.CONSUME(LParen);
        const e = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
        this.CONSUME(RParen);
        return e;
      }
    },
    { ALT: () => this.SUBRULE(this.unary) }
  ]));
  scratchVar = this.RULE("scratchVar", () => {
    const t = this.CONSUME(Var);
    return this.ACTION(() => ({ kind: "ScratchVar", name: t.image, span: this.b.tok(t) }));
  });
  identifier = this.RULE("identifier", () => {
    const t = this.CONSUME(Ident);
    return this.ACTION(() => ({ kind: "Identifier", name: t.image, span: this.b.tok(t) }));
  });
  /** `@name`, `@name[k1, k2]`, `@`, `@[k]`. */
  mapAccess = this.RULE("mapAccess", () => {
    const t = this.CONSUME(MapTok);
    const keys = [];
    let last = t;
    this.OPTION(() => {
      this.CONSUME(LBracket);
      this.AT_LEAST_ONE_SEP({
        SEP: Comma,
        DEF: () => {
          const k = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
          this.ACTION(() => keys.push(k));
        }
      });
      last = this.CONSUME(RBracket);
    });
    return this.ACTION(() => ({ kind: "MapAccess", name: t.image, keys, span: this.b.span(t, last) }));
  });
  /** `( args )` → [args, closing paren] */
  callArgs = this.RULE("callArgs", () => {
    const args = [];
    this.CONSUME(LParen);
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const a = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
        this.ACTION(() => args.push(a));
      }
    });
    const r = this.CONSUME(RParen);
    return [args, r];
  });
  /** `sizeof(type)` or `sizeof(expr)`; a bare name is an expression (a later pass may find a type). */
  sizeofExpr = this.RULE("sizeofExpr", () => {
    const first = this.CONSUME(Sizeof);
    this.CONSUME(LParen);
    const arg = this.SUBRULE(this.typeOrExpr);
    const last = this.CONSUME(RParen);
    return this.ACTION(() => ({ kind: "SizeofExpr", arg, span: this.b.span(first, last) }));
  });
  /** `offsetof(struct x, f.g)` or `offsetof(expr, f)`. */
  offsetofExpr = this.RULE("offsetofExpr", () => {
    const first = this.CONSUME(Offsetof);
    this.CONSUME(LParen);
    const type = this.SUBRULE(this.typeOrExpr);
    this.CONSUME(Comma);
    const fields = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Dot,
      DEF: () => {
        const f = this.CONSUME(AnyWord);
        this.ACTION(() => fields.push(f.image));
      }
    });
    const last = this.CONSUME(RParen);
    return this.ACTION(() => ({ kind: "OffsetofExpr", type, fields, span: this.b.span(first, last) }));
  });
  typeOrExpr = this.RULE("typeOrExpr", () => this.OR([
    { GATE: () => this.LA(1).tokenType !== Ident, IGNORE_AMBIGUITIES: true, ALT: () => this.SUBRULE(this.typeName) },
    { ALT: () => this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] }) }
  ]));
  /**
   * `{ stmts; expr }`: a block whose value is its last expression, written without `;`. Used as a
   * value (`requireValue`) it must have one, as in bpftrace: `$x = { $a = 1; }` is an error at the
   * `}`. A macro body may also be a plain block.
   */
  blockExpr = this.RULE("blockExpr", (requireValue) => {
    const l = this.CONSUME(LBrace);
    const list = this.SUBRULE(this.stmts, { ARGS: [Ctx.Plain] });
    const r = this.CONSUME(RBrace);
    return this.ACTION(() => {
      const { stmts, open } = list;
      const block = { kind: "Block", stmts, span: this.b.span(l, r) };
      const last = stmts[stmts.length - 1];
      const ifValue = !open && last?.kind === "IfStmt" ? this.ifAsValue(last) : void 0;
      if (open && last?.kind === "ExprStmt") {
        stmts.pop();
        block.value = last.expr;
      } else if (ifValue) {
        stmts.pop();
        block.value = ifValue;
      } else if (requireValue) {
        throw new ParseAbort(this.b.tok(r), `syntax error, unexpected }${open ? ", expecting ;" : ""}`);
      }
      return block;
    });
  });
  /**
   * An if statement that ends a block expression is its value when every branch ends in an
   * expression without `;` (`{ if (c) { a } else { b } }`, as bpftrace reads it): the Ternary
   * `c ? { a } : { b }`. Otherwise undefined.
   */
  ifAsValue(s) {
    const then = this.withValue(s.then);
    const els = then && s.else && (s.else.kind === "IfStmt" ? this.ifAsValue(s.else) : this.withValue(s.else));
    return els ? { kind: "Ternary", cond: s.cond, then, else: els, span: s.span } : void 0;
  }
  /** A statement block as a block expression, if it ends in a value (see `ifAsValue`). */
  withValue(b) {
    const last = b.stmts[b.stmts.length - 1];
    const value = last?.kind === "ExprStmt" && this.openBlocks.has(b) ? last.expr : last?.kind === "IfStmt" ? this.ifAsValue(last) : void 0;
    return value && { ...b, stmts: b.stmts.slice(0, -1), value };
  }
  /** `(e)`; tuples `()`, `(a,)`, `(a, b)`, `(a, b,)`; records `(a = 1, b = 2)`. */
  parenExpr = this.RULE("parenExpr", () => {
    const l = this.CONSUME(LParen);
    return this.OR([
      {
        ALT: () => {
          const r = this.CONSUME(RParen);
          return this.ACTION(() => ({ kind: "TupleExpr", elems: [], span: this.b.span(l, r) }));
        }
      },
      {
        ALT: () => {
          const fields = [];
          this.AT_LEAST_ONE_SEP({
            SEP: Comma,
            DEF: () => {
              const n = this.CONSUME(Ident);
              this.CONSUME(Assign);
              const value = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
              this.ACTION(() => fields.push({ name: n.image, value, span: this.b.span(n, value) }));
            }
          });
          const r = this.CONSUME2(RParen);
          return this.ACTION(() => ({ kind: "RecordExpr", fields, span: this.b.span(l, r) }));
        }
      },
      {
        ALT: () => {
          const elems = [this.SUBRULE2(this.expr, { ARGS: [Ctx.Plain] })];
          let tuple = false;
          this.OPTION(() => {
            this.CONSUME(Comma);
            tuple = true;
            let more = true;
            this.MANY({
              GATE: () => more,
              DEF: () => {
                const e = this.SUBRULE3(this.expr, { ARGS: [Ctx.Plain] });
                this.ACTION(() => elems.push(e));
                more = this.OPTION2(() => this.CONSUME2(Comma)) !== void 0;
              }
            });
          });
          const r = this.CONSUME3(RParen);
          return this.ACTION(() => tuple ? { kind: "TupleExpr", elems, span: this.b.span(l, r) } : elems[0]);
        }
      }
    ]);
  });
};

// dist/parser/grammar-expr.js
var { EOF, tokenMatcher: tokenMatcher2 } = chevrotain;
var PRECEDENCE = {
  "||": 1,
  "&&": 2,
  "|": 3,
  "^": 4,
  "&": 5,
  "==": 6,
  "!=": 6,
  "<": 7,
  "<=": 7,
  ">": 7,
  ">=": 7,
  "<<": 8,
  ">>": 8,
  "+": 9,
  "-": 9,
  "*": 10,
  "/": 10,
  "%": 10
};
function climb(operands2, ops, b, opSpans) {
  let i = 0;
  const parse2 = (minPrec) => {
    let left = operands2[i];
    while (i < ops.length && PRECEDENCE[ops[i]] >= minPrec) {
      const at = i++;
      const op = ops[at];
      left = b.binary(op, left, parse2(PRECEDENCE[op] + 1), opSpans[at]);
    }
    return left;
  };
  return parse2(0);
}
var ExprParser = class extends PrimaryParser {
  /** `>` `>` with nothing between them: a `>>` shift. */
  shrAhead() {
    const a = this.LA(1);
    const b = this.LA(2);
    return a.tokenType === Gt && b.tokenType === Gt && b.startOffset === a.endOffset + 1;
  }
  // ------------------------------------------------------------------ binary operators
  /** `c ? a : b` and `a ?: b`, right associative. */
  expr = this.RULE("expr", (ctx) => {
    const cond = this.SUBRULE(this.binary, { ARGS: [ctx] });
    let then;
    let els;
    this.OPTION(() => {
      this.CONSUME(Question);
      this.OPTION2(() => {
        then = this.SUBRULE(this.expr, { ARGS: [ctx] });
      });
      this.CONSUME(Colon);
      els = this.SUBRULE2(this.expr, { ARGS: [ctx] });
    });
    return this.ACTION(() => els ? { kind: "Ternary", cond, then, else: els, span: joinSpans(cond.span, els.span) } : cond);
  });
  /**
   * All binary operators: `unary (op unary)*`, made into a tree by precedence climbing (PRECEDENCE).
   * One rule instead of one per level keeps Chevrotain's start-up analysis small. The gate is where
   * the context decides whether an operator continues the expression.
   */
  binary = this.RULE("binary", (ctx) => {
    const operands2 = [this.SUBRULE(this.unary)];
    const ops = [];
    const opSpans = [];
    this.MANY({
      GATE: () => this.binaryContinues(ctx),
      DEF: () => {
        const op = this.OR([
          {
            // `>>` is two adjacent `>` tokens (so that a `< >` body can end at the first).
            GATE: () => this.shrAhead(),
            IGNORE_AMBIGUITIES: true,
            ALT: () => {
              const a = this.CONSUME(Gt);
              const z = this.CONSUME2(Gt);
              return [">>", a, z];
            }
          },
          {
            ALT: () => {
              const t = this.CONSUME(BinaryOp);
              return [t.image, t, t];
            }
          }
        ]);
        const right = this.SUBRULE2(this.unary);
        this.ACTION(() => {
          ops.push(op[0]);
          opSpans.push(this.b.span(op[1], op[2]));
          operands2.push(right);
        });
      }
    });
    return this.ACTION(() => climb(operands2, ops, this.b, opSpans));
  });
  binaryContinues(ctx) {
    const t = this.LA(1).tokenType;
    if (t === Gt)
      return ctx !== Ctx.Angle;
    if (t === Slash && ctx === Ctx.Predicate) {
      const next = this.LA(2).tokenType;
      return next !== LBrace && next !== Lt && next !== EOF;
    }
    return true;
  }
  // ------------------------------------------------------------------ prefix, casts, postfix
  /** Prefix operators and casts. Nothing below the binary operators depends on the context: a `>`
   * inside them is always nested in brackets. */
  unary = this.RULE("unary", () => this.OR([
    {
      ALT: () => {
        const op = this.CONSUME(UnaryOp);
        const operand = this.SUBRULE(this.unary);
        return this.ACTION(() => ({ kind: "Unary", op: op.image, operand, span: this.b.span(op, operand) }));
      }
    },
    {
      // bpftrace: `++`/`--` apply to a variable or map entry; `++name` gets its own error.
      ALT: () => {
        const op = this.CONSUME(IncDec);
        const target = this.OR2([
          { ALT: () => this.SUBRULE(this.scratchVar) },
          { ALT: () => this.SUBRULE(this.mapAccess) },
          { ALT: () => this.SUBRULE(this.identifier) }
        ]);
        return this.ACTION(() => this.b.update(op, target, true));
      }
    },
    {
      GATE: () => this.castAhead(),
      IGNORE_AMBIGUITIES: true,
      ALT: () => {
        const l = this.CONSUME(LParen);
        const type = this.SUBRULE(this.typeName);
        this.CONSUME(RParen);
        const operand = this.SUBRULE2(this.unary);
        return this.ACTION(() => ({ kind: "Cast", type, operand, span: this.b.span(l, operand) }));
      }
    },
    { ALT: () => this.SUBRULE(this.postfix) }
  ]));
  /** A type in a cast, `let $x: T` or `sizeof(T)`: `uint8`, `string[16]`, `struct task_struct *`,
   * `int8[4]`, or a typedef's bare name. */
  typeName = this.RULE("typeName", () => {
    let name = "";
    const first = this.OR([
      {
        ALT: () => {
          const tag = this.CONSUME(TypeTag);
          const id = this.CONSUME(AnyWord);
          this.ACTION(() => name = `${tag.image} ${id.image}`);
          return tag;
        }
      },
      { ALT: () => this.CONSUME(IntType) },
      { ALT: () => this.CONSUME(SizedType) },
      { ALT: () => this.CONSUME(Ident) }
    ]);
    let last = first;
    let pointerDepth = 0;
    let arraySize;
    this.MANY(() => {
      last = this.CONSUME(Star);
      this.ACTION(() => pointerDepth++);
    });
    this.OPTION(() => {
      this.CONSUME(LBracket);
      const n = this.OPTION2(() => this.CONSUME(IntLit));
      last = this.CONSUME(RBracket);
      this.ACTION(() => arraySize = n ? Number(n.payload) : 0);
    });
    return this.ACTION(() => ({ kind: "TypeName", name: name || first.image, pointerDepth, arraySize, span: this.b.span(first, last) }));
  });
  postfix = this.RULE("postfix", () => {
    let e = this.SUBRULE(this.primary);
    this.MANY({
      // `x++` only after a name, variable or map entry; after anything else the `++` is left to the
      // caller, which reports it as bison does ("unexpected ++, expecting }").
      GATE: () => !tokenMatcher2(this.LA(1), IncDec) || e.kind === "ScratchVar" || e.kind === "MapAccess" || e.kind === "Identifier",
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              const m = this.CONSUME(Member);
              const f = this.OR2([
                { ALT: () => this.CONSUME(AnyWord) },
                { GATE: () => m.tokenType === Dot, ALT: () => this.CONSUME(IntLit) }
              ]);
              e = this.ACTION(() => {
                const arrow = m.tokenType === Arrow;
                return { kind: "FieldAccess", object: e, field: f.image, arrow, span: this.b.span(e, f) };
              });
            }
          },
          {
            ALT: () => {
              this.CONSUME(LBracket);
              const index = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
              const r = this.CONSUME(RBracket);
              e = this.ACTION(() => ({ kind: "IndexAccess", object: e, index, span: this.b.span(e, r) }));
            }
          },
          {
            ALT: () => {
              const op = this.CONSUME(IncDec);
              e = this.ACTION(() => this.b.update(op, e, false));
            }
          }
        ]);
      }
    });
    return e;
  });
};

// dist/parser/grammar.js
var EbtParser = class extends ExprParser {
  /** `<` tokens of the angle bodies open at the current point (for the "unterminated" message). */
  angleOpen = [];
  /** The `>` tokens that closed angle bodies (to hint when an error follows one). */
  angleClosers = /* @__PURE__ */ new Set();
  constructor(opts = {}) {
    super(opts.validate ?? false);
    this.performSelfAnalysis();
  }
  // ------------------------------------------------------------------ top level
  program = this.RULE("program", () => {
    const items = [];
    this.MANY(() => {
      const it = this.SUBRULE(this.topLevel);
      this.ACTION(() => items.push(it));
    });
    return this.ACTION(() => ({ kind: "Program", items, span: this.b.sm.span(0, this.b.sm.text.length) }));
  });
  topLevel = this.RULE("topLevel", () => this.OR([
    { ALT: () => this.SUBRULE(this.probe) },
    { ALT: () => this.SUBRULE(this.configBlock) },
    { ALT: () => this.SUBRULE(this.macroDef) },
    { ALT: () => this.SUBRULE(this.importDecl) },
    { ALT: () => this.SUBRULE(this.mapDecl) }
  ]));
  probe = this.RULE("probe", () => {
    const aps = [];
    const attachPoint = (t) => {
      this.ACTION(() => aps.push({ kind: "AttachPoint", raw: t.image, span: this.b.tok(t) }));
    };
    attachPoint(this.CONSUME(AttachPoint));
    this.MANY(() => {
      this.CONSUME(Comma);
      this.OPTION(() => attachPoint(this.CONSUME2(AttachPoint)));
    });
    let predicate;
    this.OPTION2(() => {
      this.CONSUME(Slash);
      predicate = this.SUBRULE(this.expr, { ARGS: [Ctx.Predicate] });
      this.CONSUME2(Slash);
    });
    const body = this.SUBRULE(this.probeBody);
    return this.ACTION(() => {
      const [block, blockStyle] = body;
      return { kind: "Probe", attachPoints: aps, predicate, body: block, blockStyle, span: this.b.span(aps[0], block) };
    });
  });
  probeBody = this.RULE("probeBody", () => this.OR([
    { ALT: () => [this.SUBRULE(this.block), "brace"] },
    {
      ALT: () => {
        const lt = this.CONSUME(Lt);
        this.ACTION(() => this.angleOpen.push(lt));
        const list = this.SUBRULE(this.stmts, { ARGS: [Ctx.Angle] });
        const gt = this.CONSUME(Gt);
        return this.ACTION(() => {
          this.angleOpen.pop();
          this.angleClosers.add(gt);
          return [{ kind: "Block", stmts: list.stmts, span: this.b.span(lt, gt) }, "angle"];
        });
      }
    }
  ]));
  /** `config = { key = value; ... }`, the last `;` optional. */
  configBlock = this.RULE("configBlock", () => {
    const first = this.CONSUME(Config);
    this.CONSUME(Assign);
    this.CONSUME(LBrace);
    const entries = [];
    let more = true;
    this.MANY({
      GATE: () => more,
      DEF: () => {
        this.OR([
          { ALT: () => this.CONSUME(Semi) },
          {
            ALT: () => {
              const k = this.CONSUME(AnyWord);
              this.CONSUME2(Assign);
              const value = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
              this.ACTION(() => entries.push({ key: k.image, value, span: this.b.span(k, value) }));
              more = this.OPTION(() => this.CONSUME2(Semi)) !== void 0;
            }
          }
        ]);
      }
    });
    const last = this.CONSUME(RBrace);
    return this.ACTION(() => ({ kind: "ConfigBlock", entries, span: this.b.span(first, last) }));
  });
  /** `macro name(a, $b, @c) { ... }`; the body is a block expression (its value is the result). */
  macroDef = this.RULE("macroDef", () => {
    const first = this.CONSUME(Macro);
    const name = this.CONSUME(Ident);
    this.CONSUME(LParen);
    const params = [];
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const p = this.OR([
          { ALT: () => this.CONSUME2(Ident) },
          { ALT: () => this.CONSUME(Var) },
          { ALT: () => this.CONSUME(MapTok) }
        ]);
        this.ACTION(() => params.push(p.image));
      }
    });
    this.CONSUME(RParen);
    const body = this.SUBRULE(this.blockExpr, { ARGS: [false] });
    return this.ACTION(() => ({ kind: "MacroDef", name: name.image, params, body, span: this.b.span(first, body) }));
  });
  importDecl = this.RULE("importDecl", () => {
    const first = this.CONSUME(Import);
    const path2 = this.CONSUME(StringLit);
    const last = this.CONSUME(Semi);
    return this.ACTION(() => ({ kind: "Import", path: path2.payload, span: this.b.span(first, last) }));
  });
  /** `let @m = hash(100);` */
  mapDecl = this.RULE("mapDecl", () => {
    const first = this.CONSUME(Let);
    const name = this.CONSUME(MapTok);
    this.CONSUME(Assign);
    const type = this.CONSUME(Ident);
    const args = this.SUBRULE(this.callArgs);
    const last = this.CONSUME(Semi);
    return this.ACTION(() => ({ kind: "MapDecl", name: name.image, mapType: type.image, args: args[0], span: this.b.span(first, last) }));
  });
  // ------------------------------------------------------------------ statements
  block = this.RULE("block", () => {
    const l = this.CONSUME(LBrace);
    const list = this.SUBRULE(this.stmts, { ARGS: [Ctx.Plain] });
    const r = this.CONSUME(RBrace);
    return this.ACTION(() => {
      const block = { kind: "Block", stmts: list.stmts, span: this.b.span(l, r) };
      if (list.open)
        this.openBlocks.add(block);
      return block;
    });
  });
  stmts = this.RULE("stmts", (ctx) => {
    const stmts = [];
    let open = false;
    let more = true;
    this.MANY({
      GATE: () => more,
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(Semi);
              open = false;
            }
          },
          {
            ALT: () => {
              const s = this.SUBRULE(this.compoundStmt);
              this.ACTION(() => stmts.push(s));
              open = false;
            }
          },
          {
            // A statement starting with `{` is a nested block (above), not a block expression.
            IGNORE_AMBIGUITIES: true,
            ALT: () => {
              const s = this.SUBRULE(this.simpleStmt, { ARGS: [ctx] });
              this.ACTION(() => stmts.push(s));
              more = this.OPTION(() => this.CONSUME2(Semi)) !== void 0;
              open = !more;
            }
          }
        ]);
      }
    });
    return { stmts, open };
  });
  compoundStmt = this.RULE("compoundStmt", () => this.OR([
    { ALT: () => this.SUBRULE(this.ifStmt) },
    { ALT: () => this.SUBRULE(this.whileStmt) },
    { ALT: () => this.SUBRULE(this.forStmt) },
    { ALT: () => this.SUBRULE(this.block) }
  ]));
  ifStmt = this.RULE("ifStmt", () => {
    const first = this.CONSUME(If);
    const cond = this.SUBRULE(this.condition);
    const then = this.SUBRULE(this.block);
    let els;
    this.OPTION(() => {
      this.CONSUME(Else);
      els = this.OR([{ ALT: () => this.SUBRULE(this.ifStmt) }, { ALT: () => this.SUBRULE2(this.block) }]);
    });
    return this.ACTION(() => ({ kind: "IfStmt", cond, then, else: els, span: this.b.span(first, els ?? then) }));
  });
  /** `while (c) { }` and `unroll(n) { }`. */
  whileStmt = this.RULE("whileStmt", () => {
    const first = this.OR([{ ALT: () => this.CONSUME(While) }, { ALT: () => this.CONSUME(Unroll) }]);
    const cond = this.SUBRULE(this.condition);
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => {
      const span = this.b.span(first, body);
      return first.tokenType === While ? { kind: "WhileStmt", cond, body, span } : { kind: "UnrollStmt", count: cond, body, span };
    });
  });
  /** `for ($kv : @m) { }`, `for ($i : a..b) { }`, parentheses optional. */
  forStmt = this.RULE("forStmt", () => {
    const first = this.CONSUME(For);
    const head = this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          const h = this.SUBRULE(this.forHead);
          this.CONSUME(RParen);
          return h;
        }
      },
      { ALT: () => this.SUBRULE2(this.forHead) }
    ]);
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => {
      const [v, from, to] = head;
      const span = this.b.span(first, body);
      const variableSpan = this.b.span(v, v);
      if (to)
        return { kind: "ForRangeStmt", variable: v.image, variableSpan, from, to, body, span };
      return { kind: "ForMapStmt", variable: v.image, variableSpan, map: from, body, span };
    });
  });
  forHead = this.RULE("forHead", () => {
    const v = this.CONSUME(Var);
    this.CONSUME(Colon);
    const from = this.SUBRULE(this.expr, { ARGS: [Ctx.Plain] });
    const to = this.OPTION(() => {
      this.CONSUME(DotDot);
      return this.SUBRULE2(this.expr, { ARGS: [Ctx.Plain] });
    });
    this.ACTION(() => {
      if (!to && (from.kind !== "MapAccess" || from.keys.length > 0)) {
        const next = this.LA(1);
        throw new ParseAbort(this.b.tok(next), `syntax error, unexpected ${describeToken(next)}`, [
          "a for loop iterates over a map, for ($kv : @m), or a range, for ($i : 0..10)"
        ]);
      }
    });
    return [v, from, to];
  });
  simpleStmt = this.RULE("simpleStmt", (ctx) => this.OR([
    { ALT: () => this.SUBRULE(this.letStmt, { ARGS: [ctx] }) },
    { ALT: () => this.SUBRULE(this.jumpStmt, { ARGS: [ctx] }) },
    { ALT: () => this.SUBRULE(this.exprOrAssign, { ARGS: [ctx] }) }
  ]));
  /** `let $x;`, `let $x = e;`, `let $x: type = e;` */
  letStmt = this.RULE("letStmt", (ctx) => {
    const first = this.CONSUME(Let);
    const v = this.CONSUME(Var);
    const type = this.OPTION(() => {
      this.CONSUME(Colon);
      return this.SUBRULE(this.typeName);
    });
    const value = this.OPTION2(() => {
      this.CONSUME(Assign);
      return this.SUBRULE(this.expr, { ARGS: [ctx] });
    });
    return this.ACTION(() => ({ kind: "LetStmt", name: v.image, type, value, span: this.b.span(first, value ?? type ?? v), declSpan: this.b.span(first, v) }));
  });
  jumpStmt = this.RULE("jumpStmt", (ctx) => {
    let value;
    const t = this.OR([
      { ALT: () => this.CONSUME(Break) },
      { ALT: () => this.CONSUME(Continue) },
      {
        ALT: () => {
          const r = this.CONSUME(Return);
          value = this.OPTION(() => this.SUBRULE(this.expr, { ARGS: [ctx] }));
          return r;
        }
      }
    ]);
    return this.ACTION(() => ({ kind: "JumpStmt", jump: t.image, value, span: this.b.span(t, value ?? t) }));
  });
  /** An expression statement or an assignment (`=` and compound operators). An operator after
   * something that cannot be assigned is left unconsumed, so the error is bison's ("unexpected =,
   * expecting }"). */
  exprOrAssign = this.RULE("exprOrAssign", (ctx) => {
    const e = this.SUBRULE(this.expr, { ARGS: [ctx] });
    const assign = this.OPTION({
      GATE: () => assignable(e, this.LA(1)),
      DEF: () => {
        const op = this.CONSUME(AssignOp);
        return [op, this.SUBRULE2(this.expr, { ARGS: [ctx] })];
      }
    });
    return this.ACTION(() => assign ? this.b.assign(e, assign[0], assign[1]) : { kind: "ExprStmt", expr: e, span: e.span });
  });
};

// dist/parser/literals.js
var LiteralError = class extends Error {
  start;
  end;
  constructor(start, end, message) {
    super(message);
    this.start = start;
    this.end = end;
  }
};
var U64_MAX = 0xffffffffffffffffn;
var SUFFIXES = {
  "": [U64_MAX, 1n],
  u: [0xffffffffn, 1n],
  ul: [U64_MAX, 1n],
  ull: [U64_MAX, 1n],
  l: [0x7fffffffffffffffn, 1n],
  ll: [0x7fffffffffffffffn, 1n],
  ns: [U64_MAX, 1n],
  us: [U64_MAX, 1000n],
  ms: [U64_MAX, 1000000n],
  s: [U64_MAX, 1000000000n],
  m: [U64_MAX, 60000000000n],
  h: [U64_MAX, 3600000000000n],
  d: [U64_MAX, 86400000000000n]
};
var DECIMAL = "[0-9](?:[0-9_]*[0-9])?";
var SUFFIX = "(?:ns|us|ms|[uU]?[lL]?[lL]|[uU]|[smhd])";
var INTEGER_RE = new RegExp(`^(?:0[xX][0-9a-fA-F](?:[0-9a-fA-F_]*[0-9a-fA-F])?|${DECIMAL}${SUFFIX}?(?:[eE]${DECIMAL}${SUFFIX}?)?)`);
function readInteger(text, start) {
  const raw = INTEGER_RE.exec(text.slice(start, start + 200))[0];
  const end = start + raw.length;
  const fail = (message) => {
    throw new LiteralError(start, end, message);
  };
  const invalid = () => fail(`invalid trailing bytes: ${raw}`);
  if (/^0[xX]/.test(raw))
    return [end, checked(BigInt("0x" + raw.slice(2).replace(/_/g, "")), "", raw, fail)];
  const m = /^([0-9_]+)(?:[eE]([0-9_]+))?([A-Za-z]*)$/.exec(raw);
  if (!m)
    return invalid();
  const [, coefficient, exponent, suffixText] = m;
  const digits = coefficient.replace(/_/g, "");
  const suffix = normaliseSuffix(suffixText);
  if (!(suffix in SUFFIXES))
    return invalid();
  let value;
  if (exponent !== void 0) {
    if (!/^[1-9]$/.test(digits))
      fail(`coefficient part of scientific literal must be 1-9: ${raw}`);
    const e = Number(exponent.replace(/_/g, ""));
    value = e > 20 ? U64_MAX + 1n : BigInt(digits) * 10n ** BigInt(e);
  } else if (digits.length > 1 && digits.startsWith("0")) {
    if (!/^[0-7]+$/.test(digits))
      return invalid();
    value = BigInt("0o" + digits.slice(1));
  } else {
    value = BigInt(digits);
  }
  return [end, checked(value, suffix, raw, fail)];
}
function normaliseSuffix(s) {
  return /^[uUlL]+$/.test(s) ? s.toLowerCase() : s;
}
function checked(value, suffix, raw, fail) {
  const [max, mult] = SUFFIXES[suffix];
  if (value > max / mult)
    fail(`overflow error, maximum value is ${max}: ${raw}`);
  return value * mult;
}
var SIMPLE_ESCAPES = { n: "\n", t: "	", r: "\r", '"': '"', "\\": "\\" };
function readString(text, start) {
  let j = start + 1;
  let out = "";
  const n = text.length;
  for (; ; ) {
    if (j >= n || text[j] === "\n") {
      const e = text[j - 1] === "\r" ? j - 1 : j;
      throw new LiteralError(start, e, "unterminated string");
    }
    const c = text[j];
    if (c === '"')
      return [j + 1, out];
    if (c !== "\\") {
      out += c;
      j++;
      continue;
    }
    const d = text[j + 1] ?? "";
    const simple = SIMPLE_ESCAPES[d];
    if (simple !== void 0) {
      out += simple;
      j += 2;
    } else if (d === "x" || d === "X") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(j + 2, j + 4));
      if (!m)
        throw new LiteralError(start, j + 2, `invalid escape character '\\${d}'`);
      out += String.fromCharCode(parseInt(m[0], 16));
      j += 2 + m[0].length;
    } else if (d >= "0" && d <= "7") {
      const m = /^[0-7]{1,3}/.exec(text.slice(j + 1, j + 4));
      const v = parseInt(m[0], 8);
      if (v > 255)
        throw new LiteralError(start, j + 1 + m[0].length, `octal escape sequence out of range '\\${m[0]}'`);
      out += String.fromCharCode(v);
      j += 1 + m[0].length;
    } else if (d === "" || d === "\n") {
      throw new LiteralError(start, j + 1, "unterminated string");
    } else {
      const ch = String.fromCodePoint(text.codePointAt(j + 1));
      throw new LiteralError(start, j + 1 + ch.length, `invalid escape character '\\${ch}'`);
    }
  }
}

// dist/parser/lexer.js
var isIdStart = (c) => c >= "a" && c <= "z" || c >= "A" && c <= "Z" || c === "_";
var isDigit = (c) => c >= "0" && c <= "9";
var isIdChar = (c) => isIdStart(c) || isDigit(c);
var isSpace = (c) => c === " " || c === "	" || c === "\n" || c === "\r" || c === "\f" || c === "\v";
var ATTRIBUTE = /^(?:\s|\/\*[^]*?\*\/)*__attribute__(?:\s|\/\*[^]*?\*\/)*(?=\()/;
function balancedEnd(text, open) {
  let d = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === "(")
      d++;
    else if (text[j] === ")" && --d === 0)
      return j + 1;
  }
  return text.length;
}
var LONG_MAX = 9223372036854775807n;
function lex(text) {
  const lx = new Lexer2(text);
  try {
    lx.run();
  } catch (e) {
    if (e instanceof LiteralError) {
      return { tokens: lx.tokens, error: { start: e.start, end: e.end, message: e.message }, cDefinitions: lx.cDefinitions };
    }
    throw e;
  }
  return { tokens: lx.tokens, cDefinitions: lx.cDefinitions };
}
var Lexer2 = class {
  text;
  tokens = [];
  cDefinitions = [];
  i = 0;
  state = "top";
  /** An attach point may start here. */
  apAllowed = true;
  /** Nesting of `( [ {` inside the current item, header or body. */
  depth = 0;
  constructor(text) {
    this.text = text;
  }
  run() {
    const { text } = this;
    if (text.startsWith("#!"))
      this.skipLine();
    while (this.skipLayout()) {
      if (this.state === "top" && this.readCDefinition())
        continue;
      if (this.apAllowed && (this.state === "top" || this.state === "header") && this.readAttachPoint())
        continue;
      this.apAllowed = false;
      const prev = this.tokens[this.tokens.length - 1];
      this.follow(this.readToken(), prev);
    }
  }
  fail(start, end, message) {
    throw new LiteralError(start, end, message);
  }
  skipLine() {
    while (this.i < this.text.length && this.text[this.i] !== "\n")
      this.i++;
  }
  /** Skips whitespace and comments; false at the end of the text. */
  skipLayout() {
    const { text } = this;
    while (this.i < text.length) {
      const c = text[this.i];
      if (isSpace(c))
        this.i++;
      else if (c === "/" && text[this.i + 1] === "/")
        this.skipLine();
      else if (c === "/" && text[this.i + 1] === "*") {
        const end = text.indexOf("*/", this.i + 2);
        if (end < 0)
          this.fail(this.i, text.length, "end of file during comment");
        this.i = end + 2;
      } else
        return true;
    }
    return false;
  }
  /** `#include ...`-style lines and `struct X { ... };` where a top-level item may start. */
  readCDefinition() {
    const { text, i } = this;
    const c = text[i];
    if (c === "#") {
      this.skipLine();
      this.cDefinitions.push([i, this.i]);
      return true;
    }
    if (!this.apAllowed || c !== "s" && c !== "u" && c !== "e")
      return false;
    const m = /^(?:struct|union|enum)\b\s*(?:[A-Za-z_][A-Za-z0-9_]*\s*)?\{/.exec(text.slice(i, i + 300));
    if (!m)
      return false;
    let j = i + m[0].length;
    for (let d = 1; d > 0; j++) {
      if (j >= text.length)
        this.fail(i, i + m[0].length, "unterminated C definition: missing '}'");
      if (text[j] === "{")
        d++;
      else if (text[j] === "}")
        d--;
    }
    for (let a; a = ATTRIBUTE.exec(text.slice(j, j + 300)); )
      j = balancedEnd(text, j + a[0].length);
    const semi = /^\s*;/.exec(text.slice(j, j + 100));
    if (semi)
      j += semi[0].length;
    this.cDefinitions.push([i, j]);
    this.i = j;
    return true;
  }
  readAttachPoint() {
    const { text } = this;
    const start = this.i;
    const isProviderChar = (c) => isIdChar(c) || c === "*";
    if (!isIdStart(text[start]) && text[start] !== "*")
      return false;
    let j = start;
    while (j < text.length && isProviderChar(text[j]))
      j++;
    if (!/^(BEGIN|END|begin|end)$/.test(text.slice(start, j))) {
      if (text[j] !== ":")
        return false;
      for (; j < text.length; j++) {
        const d = text[j];
        if (isSpace(d) || d === "," || d === "{" || d === "<")
          break;
        if (d === '"')
          j = this.quotedEnd(j);
      }
    }
    this.push(AttachPoint, start, j);
    this.i = j;
    this.state = "header";
    this.depth = 0;
    this.apAllowed = false;
    return true;
  }
  /** Offset of the closing quote of the quoted part of an attach point opening at `q`. */
  quotedEnd(q) {
    const { text } = this;
    let j = q + 1;
    while (j < text.length && text[j] !== '"' && text[j] !== "\n")
      j += text[j] === "\\" ? 2 : 1;
    if (text[j] !== '"')
      this.fail(q, Math.min(j, text.length), "unterminated string");
    return j;
  }
  push(type, start, end, payload) {
    const t = chevrotain.createTokenInstance(type, this.text.slice(start, end), start, end - 1, NaN, NaN, NaN, NaN);
    if (payload !== void 0)
      t.payload = payload;
    this.tokens.push(t);
    return t;
  }
  readToken() {
    const { text } = this;
    const start = this.i;
    const c = text[start];
    if (isIdStart(c)) {
      let j = start + 1;
      while (j < text.length && isIdChar(text[j]))
        j++;
      const word = text.slice(start, j);
      this.i = j;
      return this.push(KEYWORDS.get(word) ?? Ident, start, j).tokenType;
    }
    if (isDigit(c)) {
      const [end, value] = readInteger(text, start);
      this.i = end;
      return this.push(IntLit, start, end, value).tokenType;
    }
    if (c === '"') {
      const [end, value] = readString(text, start);
      this.i = end;
      return this.push(StringLit, start, end, value).tokenType;
    }
    if (c === "$")
      return this.readDollar(start);
    if (c === "@") {
      let j = start + 1;
      if (isIdStart(text[j] ?? ""))
        while (j < text.length && isIdChar(text[j]))
          j++;
      this.i = j;
      return this.push(MapTok, start, j).tokenType;
    }
    const op = OPERATORS.find(([s]) => text.startsWith(s, start));
    if (!op) {
      const ch = String.fromCodePoint(text.codePointAt(start));
      return this.fail(start, start + ch.length, `invalid character '${ch}'`);
    }
    this.i = start + op[0].length;
    return this.push(op[1], start, this.i).tokenType;
  }
  /** `$name`, `$1`.., `$#`. */
  readDollar(start) {
    const { text } = this;
    let j = start + 1;
    const c = text[j] ?? "";
    if (c === "#") {
      this.i = j + 1;
      return this.push(ParamCount, start, this.i).tokenType;
    }
    if (isDigit(c)) {
      while (j < text.length && isDigit(text[j]))
        j++;
      const n = BigInt(text.slice(start + 1, j));
      if (n === 0n || n > LONG_MAX) {
        this.fail(start, j, `param ${text.slice(start, j)} is out of integer range [1, ${LONG_MAX}]`);
      }
      this.i = j;
      return this.push(Positional, start, j, Number(n)).tokenType;
    }
    if (isIdStart(c)) {
      while (j < text.length && isIdChar(text[j]))
        j++;
      this.i = j;
      return this.push(Var, start, j).tokenType;
    }
    return this.fail(start, start + 1, "invalid character '$'");
  }
  /** Tracks the top-level structure after each token (see the header comment). */
  follow(type, prev) {
    const opens = type === LParen || type === LBracket || type === LBrace;
    const closes = type === RParen || type === RBracket || type === RBrace;
    if (this.state === "top") {
      this.state = "item";
      this.depth = 0;
    }
    const toTop = () => {
      this.state = "top";
      this.apAllowed = true;
    };
    switch (this.state) {
      case "item":
        if (opens)
          this.depth++;
        else if (closes) {
          if (--this.depth <= 0 && type === RBrace)
            toTop();
        } else if (type === Semi && this.depth <= 0)
          toTop();
        break;
      case "header": {
        const afterHead = prev?.tokenType === AttachPoint || prev?.tokenType === Comma;
        if (type === Comma && this.depth === 0 && afterHead)
          this.apAllowed = true;
        else if (type === LBrace && this.depth === 0)
          this.state = "brace", this.depth = 1;
        else if (type === Lt && this.depth === 0 && (afterHead || prev?.tokenType === Slash)) {
          this.state = "angle";
          this.depth = 0;
        } else if (opens)
          this.depth++;
        else if (closes)
          this.depth--;
        break;
      }
      case "brace":
        if (opens)
          this.depth++;
        else if (closes && --this.depth <= 0)
          toTop();
        break;
      case "angle":
        if (opens)
          this.depth++;
        else if (closes)
          this.depth--;
        else if (type === Gt && this.depth <= 0)
          toTop();
        break;
    }
  }
};

// dist/parser/index.js
var UNTERMINATED_ANGLE = "unterminated < > block: a '>' at the top level of an expression ends the block; write (a > b) to compare";
var ANGLE_HINT = "a '>' at the top level of a < > block ends the block; write (a > b) to compare";
var ASSIGN_HINT = "only a $variable or a @map entry can be assigned to";
var parser;
function parse(source, file) {
  const sm = new SourceMap(file, source);
  const error = (span, message, hints) => ({
    diagnostics: [{ severity: "error", span, message, ...hints ? { hints } : {} }]
  });
  try {
    const { tokens, error: lexError, cDefinitions } = lex(source);
    parser ??= new EbtParser();
    const p = parser;
    p.b = new AstBuilder(sm);
    p.angleOpen = [];
    p.angleClosers = /* @__PURE__ */ new Set();
    p.input = tokens;
    takeDeepestErrorToken();
    let program;
    try {
      program = p.program();
    } catch (e) {
      if (e instanceof ParseAbort) {
        if (lexError && e.span.start.offset >= lexError.start)
          return error(sm.span(lexError.start, lexError.end), lexError.message);
        return error(e.span, e.message, e.hints);
      }
      throw e;
    }
    const err = p.errors[0];
    const deepest2 = takeDeepestErrorToken();
    if (err) {
      const tok2 = deepest2 ?? err.token;
      const atEof = tok2.tokenType === chevrotain.EOF;
      if (atEof && lexError)
        return error(sm.span(lexError.start, lexError.end), lexError.message);
      const lt = p.angleOpen[p.angleOpen.length - 1];
      if (atEof && lt && nestingAfter(tokens, lt) === 0) {
        return error(sm.span(lt.startOffset, lt.endOffset + 1), UNTERMINATED_ANGLE);
      }
      const span = atEof ? sm.span(source.length, source.length) : sm.span(tok2.startOffset, tok2.endOffset + 1);
      return error(span, err.message, hintsFor(tok2, tokens, p.angleClosers, p.angleOpen.length > 0));
    }
    if (lexError)
      return error(sm.span(lexError.start, lexError.end), lexError.message);
    if (program && cDefinitions.length > 0) {
      program.cDefinitions = cDefinitions.map(([s, e]) => ({ text: source.slice(s, e), span: sm.span(s, e) }));
    }
    return { program, diagnostics: [] };
  } catch (e) {
    if (e instanceof RangeError && /call stack/.test(e.message)) {
      return error(sm.span(0, Math.min(1, source.length)), "the program is nested too deeply to parse");
    }
    const msg = e instanceof Error ? e.message : String(e);
    return error(sm.span(0, Math.min(1, source.length)), `internal parser error: ${msg}`);
  }
}
function hintsFor(tok2, tokens, angleClosers, inAngle) {
  const idx = tokens.indexOf(tok2);
  const prev = idx > 0 ? tokens[idx - 1] : void 0;
  if (prev && angleClosers.has(prev) || inAngle && tok2.tokenType === Gt)
    return [ANGLE_HINT];
  if (chevrotain.tokenMatcher(tok2, AssignOp))
    return [ASSIGN_HINT];
  return void 0;
}
function nestingAfter(tokens, from) {
  let depth = 0;
  for (let i = tokens.indexOf(from) + 1; i < tokens.length; i++) {
    const t = tokens[i].tokenType;
    if (t === LParen || t === LBracket || t === LBrace)
      depth++;
    else if (t === RParen || t === RBracket || t === RBrace)
      depth--;
  }
  return depth;
}

// dist/codegen/map-ops.js
var BPF_ANY = 0;
var BPF_NOEXIST2 = 1;
function keyLayout(info) {
  const keysBytes = info.keys.reduce((n, k) => n + storageSize(k), 0);
  const userBytes = info.keys.length === 0 ? 8 : keysBytes;
  if (info.genSlot !== void 0)
    return { userBytes, total: userBytes + 8, genOffset: userBytes };
  return { userBytes, total: userBytes };
}
var GENERATIONS_MAP = "generations";
function buildKey(g, m) {
  const info = g.maps.get(m.name);
  const layout = keyLayout(info);
  const off = g.stack.alloc(layout.total);
  if (info.keys.length === 0)
    g.asm.st("u64", FP, off, 0);
  else {
    const offs = tupleOffsets({ elems: info.keys });
    m.keys.forEach((k, i) => g.into(k, off + offs[i], info.keys[i]));
  }
  if (layout.genOffset !== void 0) {
    g.asm.ldMapValue(R1, g.mapRef(GENERATIONS_MAP), info.genSlot * 8);
    g.asm.ldx("u64", R1, R1, 0);
    g.asm.stx("u64", FP, off + layout.genOffset, R1);
  }
  return off;
}
function lookup(g, map, keyOff) {
  g.asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(g.asm, R2, keyOff);
  g.asm.call(HELPERS.map_lookup_elem);
}
var MAP_FULL_MAP = "map_full";
var MAP_FULL_SLOTS = 1024;
var E2BIG = 7;
function update(g, map, keyOff, valueOff, flags = BPF_ANY, site) {
  g.asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(g.asm, R2, keyOff);
  stackPointer(g.asm, R3, valueOff);
  g.asm.movImm(R4, flags);
  g.asm.call(HELPERS.map_update_elem);
  if (site)
    countIfFull(g, map, site);
}
function createZeroed(g, map, keyOff, site) {
  g.asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(g.asm, R2, keyOff);
  g.asm.ldMapValue(R3, g.mapRef(ZEROES_MAP), 0);
  g.asm.movImm(R4, BPF_NOEXIST2);
  g.asm.call(HELPERS.map_update_elem);
  countIfFull(g, map, site);
}
var ZEROES_MAP = "zeroes";
function countIfFull(g, map, site) {
  const id = g.record({ kind: "map_full", map, span: site }, 0);
  const ok = new Label("map_not_full");
  g.asm.jmpImm("jne", R0, -E2BIG, ok);
  g.asm.ldMapValue(R1, g.mapRef(MAP_FULL_MAP), id % MAP_FULL_SLOTS * 8);
  g.asm.movImm(R2, 1);
  g.asm.atomic("add", "u64", R1, 0, R2);
  g.asm.label(ok);
}
function remove(g, map, keyOff) {
  g.asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(g.asm, R2, keyOff);
  g.asm.call(HELPERS.map_delete_elem);
}

// dist/semantic/print-clear.js
var GENERATION_SLOTS = 64;
var printsThatClear = /* @__PURE__ */ new WeakSet();
var clearsDoneByPrint = /* @__PURE__ */ new WeakSet();
function callOf(s, name) {
  if (s?.kind !== "ExprStmt" || s.expr.kind !== "Call" || s.expr.name !== name)
    return void 0;
  return s.expr;
}
function wholeMap(c) {
  const m = c.args[0];
  return m?.kind === "MapAccess" && m.keys.length === 0 ? m.name : void 0;
}
function pairPrintAndClear(stmts) {
  for (let i = 0; i + 1 < stmts.length; i++) {
    const p = callOf(stmts[i], "print");
    const c = callOf(stmts[i + 1], "clear");
    if (!p || !c)
      continue;
    const map = wholeMap(p);
    if (map !== void 0 && map === wholeMap(c) && c.args.length === 1) {
      printsThatClear.add(p);
      clearsDoneByPrint.add(c);
    }
  }
}
function printClears(call) {
  return printsThatClear.has(call);
}
function clearDoneByPrint(call) {
  return clearsDoneByPrint.has(call);
}

// dist/builtins/actions.js
import { constants } from "node:os";

// dist/codegen/records.js
var RECORD_HEADER = 8;
var RecordTable = class {
  layouts = [];
  add(spec, size) {
    const layout = { ...spec, id: this.layouts.length, size };
    this.layouts.push(layout);
    return layout;
  }
};

// dist/runtime/output/printf.js
var DIRECTIVE = /%([-+ #0]*)(\d+)?(?:\.(\d+))?(hh|h|ll|l|z|j|t)?(rx|rh|r|[diuxXoscp])/y;
var UNSUPPORTED = /%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|L|z|j|t)?([eEfFgGaAn])/y;
function parseFormat(fmt) {
  const segments = [];
  let text = "";
  for (let i = 0; i < fmt.length; ) {
    const c = fmt[i];
    if (c !== "%") {
      text += c;
      i++;
      continue;
    }
    if (fmt[i + 1] === "%") {
      text += "%";
      i += 2;
      continue;
    }
    DIRECTIVE.lastIndex = i;
    let m = DIRECTIVE.exec(fmt);
    if (m && m[4] !== void 0 && !/^[diuxXo]$/.test(m[5]))
      m = null;
    if (!m) {
      UNSUPPORTED.lastIndex = i;
      const u = UNSUPPORTED.exec(fmt);
      if (u)
        return { error: `unsupported format specifier: ${u[1]}`, offset: i };
      text += c;
      i++;
      continue;
    }
    if (text)
      segments.push(text);
    text = "";
    const length = m[4] === "z" || m[4] === "j" || m[4] === "t" ? "l" : m[4] ?? "";
    segments.push({
      text: m[0],
      flags: m[1] ?? "",
      width: m[2] === void 0 ? void 0 : Number(m[2]),
      precision: m[3] === void 0 ? void 0 : Number(m[3]),
      length,
      conversion: m[5]
    });
    i += m[0].length;
  }
  if (text)
    segments.push(text);
  return { segments };
}
function specifiers(f) {
  return f.segments.filter((s) => typeof s !== "string");
}
function printfArgError(f, argCount) {
  const expected = specifiers(f).length;
  if (argCount < expected)
    return `printf: Not enough arguments for format string (${argCount} supplied, ${expected} expected)`;
  if (argCount > expected)
    return `printf: Too many arguments for format string (${argCount} supplied, ${expected} expected)`;
  return void 0;
}
function formatPrintf(f, args) {
  let out = "";
  let n = 0;
  for (const seg of f.segments)
    out += typeof seg === "string" ? seg : formatOne(seg, args[n++] ?? { kind: "none" });
  return out;
}
function bitsOf(length) {
  return length === "hh" ? 8 : length === "h" ? 16 : length === "l" || length === "ll" ? 64 : 32;
}
function asBigInt(v) {
  if (v.kind === "int")
    return v.value;
  if (v.kind === "bool")
    return v.value ? 1n : 0n;
  return 0n;
}
function pad(body, spec, numeric) {
  const width = spec.width ?? 0;
  if (body.length >= width)
    return body;
  if (spec.flags.includes("-"))
    return body.padEnd(width);
  if (numeric && spec.flags.includes("0") && spec.precision === void 0) {
    const sign = /^[-+ ]/.test(body) ? body[0] : "";
    const prefix = /^[-+ ]?0[xX]/.test(body) ? body.slice(sign.length, sign.length + 2) : "";
    const digits = body.slice(sign.length + prefix.length);
    return sign + prefix + digits.padStart(width - sign.length - prefix.length, "0");
  }
  return body.padStart(width);
}
function withPrecision(digits, precision) {
  if (precision === void 0)
    return digits;
  if (precision === 0 && digits === "0")
    return "";
  return digits.padStart(precision, "0");
}
function formatOne(spec, v) {
  const conv = spec.conversion;
  if (conv === "s" || conv.startsWith("r")) {
    let s;
    if (conv === "s")
      s = v.kind === "str" ? v.value : formatValue(v);
    else {
      const bytes2 = v.kind === "buf" ? v.bytes : Buffer.from(v.kind === "str" ? v.value : formatValue(v), "latin1");
      s = conv === "r" ? formatValue({ kind: "buf", bytes: bytes2 }) : hexBytes(bytes2, conv === "rx");
    }
    if (spec.precision !== void 0)
      s = s.slice(0, spec.precision);
    return pad(s, spec, false);
  }
  if (conv === "c")
    return pad(String.fromCharCode(Number(BigInt.asUintN(8, asBigInt(v)))), spec, false);
  const bits = conv === "p" ? 64 : bitsOf(spec.length);
  const raw = asBigInt(v);
  let body;
  switch (conv) {
    case "d":
    case "i": {
      const n = BigInt.asIntN(bits, raw);
      const digits = withPrecision((n < 0n ? -n : n).toString(), spec.precision);
      const sign = n < 0n ? "-" : spec.flags.includes("+") ? "+" : spec.flags.includes(" ") ? " " : "";
      body = sign + digits;
      break;
    }
    case "u":
      body = withPrecision(BigInt.asUintN(bits, raw).toString(), spec.precision);
      break;
    case "x":
    case "X":
    case "p": {
      const n = BigInt.asUintN(bits, raw);
      let digits = withPrecision(n.toString(16), spec.precision);
      if (conv === "X")
        digits = digits.toUpperCase();
      const alt = conv === "p" || spec.flags.includes("#") && n !== 0n;
      body = (alt ? conv === "X" ? "0X" : "0x" : "") + digits;
      break;
    }
    case "o": {
      const n = BigInt.asUintN(bits, raw);
      const digits = withPrecision(n.toString(8), spec.precision);
      body = spec.flags.includes("#") && !digits.startsWith("0") ? `0${digits}` : digits;
      break;
    }
    default:
      body = raw.toString();
  }
  return pad(body, spec, true);
}
function hexBytes(bytes2, escaped) {
  const hex = [...bytes2].map((b) => b.toString(16).padStart(2, "0"));
  return escaped ? hex.map((h) => `\\x${h}`).join("") : hex.join(" ");
}

// dist/semantic/printf-check.js
function kindName(t) {
  return t.kind === "str" ? "string" : t.kind === "int" ? "integer" : t.kind;
}
var INTEGER_CONVERSIONS = /* @__PURE__ */ new Set(["d", "i", "u", "x", "X", "o", "c", "p"]);
function checkPrintfArgs(c, fn, callSpan, fmt, args, types) {
  const parsed = parseFormat(fmt.value);
  if ("error" in parsed) {
    c.error(fmt.span, `${fn}: ${parsed.error}`);
    return;
  }
  const countError = printfArgError(parsed, args.length);
  if (countError) {
    c.error(callSpan, countError.replace(/^printf:/, `${fn}:`));
    return;
  }
  const specs = parsed.segments.filter((s) => typeof s !== "string");
  specs.forEach((spec, i) => {
    const t = types[i];
    if (INTEGER_CONVERSIONS.has(spec.conversion) && t.kind !== "int" && t.kind !== "bool" && t.kind !== "ptr") {
      c.error(callSpan, `${fn}: %${spec.conversion} specifier expects a value of type integer (${kindName(t)} supplied)`);
    }
  });
}

// dist/builtins/builtin.js
var defineVar = (b) => ({ kind: "var", ...b });
var defineFunc = (b) => ({ kind: "func", ...b });
var defineAgg = (b) => ({ kind: "agg", ...b });
function helperValue(g, helper, part = "all") {
  g.asm.call(helper);
  const r = g.regs.alloc();
  if (part === "low")
    g.asm.mov32Reg(r, R0);
  else
    g.asm.movReg(r, R0);
  if (part === "high")
    g.asm.aluImm("rsh", r, 32);
  return r;
}

// dist/codegen/ctx-args.js
function argInto(g, f, off, t) {
  g.zero(off, storageSize(t));
  if (!f.dataLoc || t.kind !== "str") {
    g.copy(off, CTX_REG, f.ctxOffset, Math.min(f.ctxSize, storageSize(t)));
    return;
  }
  const r = g.regs.alloc();
  g.asm.ldx("u32", r, CTX_REG, f.ctxOffset);
  g.asm.aluImm("and", r, 65535);
  g.asm.movReg(R3, CTX_REG);
  g.asm.aluReg("add", R3, r);
  g.regs.release(r);
  stackPointer(g.asm, R1, off);
  g.asm.movImm(R2, t.size);
  g.asm.call(HELPERS.probe_read_kernel_str);
}

// dist/builtins/print.js
function layoutRecord(types) {
  let offset = RECORD_HEADER;
  const fields = types.map((type) => {
    const f = { type, offset };
    offset += storageSize(type);
    return f;
  });
  return { fields, size: offset };
}
function sendRecord(g, id, size, fill) {
  const mark = g.stack.mark();
  const base = g.stack.alloc(size);
  g.asm.st("u64", FP, base, id);
  fill(base);
  g.output(base, size);
  g.stack.release(mark);
}
function isMapArg(call) {
  return call.args[0]?.kind === "MapAccess" && call.args[0].keys.length === 0;
}
var print = [
  defineFunc({
    name: "printf",
    doc: 'printf(fmt, ...): formatted output, as C printf ("%d %s\\n", pid, comm)',
    arity: [1, Infinity],
    formatArg: true,
    check(c, call) {
      const fmt = call.args[0];
      const types = call.args.slice(1).map((a) => c.check(a));
      if (fmt.kind !== "StrLit") {
        c.check(fmt);
        c.error(call.span, `printf() expects a string literal (${kindName(c.check(fmt))} provided)`);
        return noneT;
      }
      c.check(fmt);
      checkPrintfArgs(c, "printf", call.span, fmt, call.args.slice(1), types);
      return noneT;
    },
    emit(g, call) {
      const args = call.args.slice(1);
      const { fields, size } = layoutRecord(args.map((a) => g.typeOf(a)));
      const format = call.args[0].value;
      const id = g.record({ kind: "printf", format, args: fields, span: call.span }, size);
      sendRecord(g, id, size, (base) => args.forEach((a, i) => g.into(a, base + fields[i].offset, fields[i].type)));
      return void 0;
    }
  }),
  defineFunc({
    name: "print",
    doc: "print(value) prints a value on its own line; print(@map) prints a whole map",
    arity: [1, 3],
    check(c, call) {
      if (isMapArg(call)) {
        c.checkMapRef(call.args[0]);
        call.args.slice(1).forEach((a) => {
          c.check(a);
          if (a.kind !== "IntLit")
            c.error(a.span, "print(): top and div must be integer literals");
        });
        const v = c.mapValueType(call.args[0].name);
        if (v?.kind === "agg" && v.agg === "stats" && call.args.length > 1) {
          c.warning(call.span, "print()'s top and div arguments are ignored when used on stats() maps.");
        }
        return noneT;
      }
      const entry = call.args[0];
      const value = entry.kind === "MapAccess" ? c.mapValueType(entry.name) : void 0;
      if (value && isHistogram(value)) {
        c.error(call.span, `Map type ${typeName(value)} cannot print the value of individual keys. You must print the whole map.`);
        return noneT;
      }
      const t = c.check(call.args[0]);
      if (call.args.length > 1)
        c.error(call.span, "print() with more than one argument needs a map as its first argument");
      if (t.kind === "none")
        c.error(call.args[0].span, "print() expects a value");
      return noneT;
    },
    emit(g, call) {
      if (isMapArg(call)) {
        const map = call.args[0].name;
        const v = g.maps.get(map)?.value;
        const stats = v?.kind === "agg" && v.agg === "stats";
        const [, top, div] = call.args.map((a) => a.kind === "IntLit" && !stats ? Number(a.value) : 0);
        const id2 = g.record({ kind: "print_map", map, top: top ?? 0, div: div ?? 0, clear: printClears(call) }, RECORD_HEADER);
        sendRecord(g, id2, RECORD_HEADER, () => void 0);
        return void 0;
      }
      let t = g.typeOf(call.args[0]);
      const args = t.kind === "args" ? g.args ?? [] : void 0;
      if (args)
        t = { kind: "tuple", elems: args.map((a) => a.type), names: args.map((a) => a.name) };
      const { fields, size } = layoutRecord([t]);
      const id = g.record({ kind: "print", value: fields[0] }, size);
      sendRecord(g, id, size, (base) => {
        if (!args)
          return g.into(call.args[0], base + fields[0].offset, t);
        const offs = tupleOffsets(t);
        args.forEach((a, i) => argInto(g, a, base + fields[0].offset + offs[i], a.type));
      });
      return void 0;
    }
  }),
  defineFunc({
    name: "exit",
    doc: "exit([code]): stop tracing; END probes run and maps are printed, then ebt exits with code",
    arity: [0, 1],
    check(c, call) {
      if (call.args[0] && !isScalar(c.check(call.args[0])))
        c.error(call.args[0].span, "exit() expects an integer exit code");
      return noneT;
    },
    emit(g, call) {
      const code = call.args[0];
      const { fields, size } = layoutRecord(code ? [g.typeOf(code)] : []);
      const id = g.record({ kind: "exit", code: fields[0] ?? 0 }, size);
      sendRecord(g, id, size, (base) => code && g.into(code, base + fields[0].offset));
      g.asm.ja(g.exitLabel);
      return void 0;
    }
  })
];

// dist/builtins/actions.js
function requireUnsafe(c, call) {
  if (!c.unsafe)
    c.error(call.span, `${call.name}() is an unsafe function being used in safe mode`);
}
function checkFormatted(c, call) {
  const fmt = call.args[0];
  const types = call.args.slice(1).map((a) => c.check(a));
  c.check(fmt);
  if (fmt.kind !== "StrLit") {
    c.error(call.span, `${call.name}() expects a string literal (${kindName(c.check(fmt))} provided)`);
    return;
  }
  checkPrintfArgs(c, call.name, call.span, fmt, call.args.slice(1), types);
}
function emitFormatted(g, call, kind) {
  const args = call.args.slice(1);
  const { fields, size } = layoutRecord(args.map((a) => g.typeOf(a)));
  const format = call.args[0].value;
  const spec = kind === "errorf" || kind === "warnf" ? { kind, format, args: fields, span: call.span } : { kind, format, args: fields };
  const id = g.record(spec, size);
  sendRecord(g, id, size, (base) => args.forEach((a, i) => g.into(a, base + fields[i].offset, fields[i].type)));
  return void 0;
}
function formatted(name, doc, unsafe = false) {
  return defineFunc({
    name,
    doc,
    arity: [1, Infinity],
    formatArg: true,
    check(c, call) {
      if (unsafe)
        requireUnsafe(c, call);
      checkFormatted(c, call);
      return noneT;
    },
    emit: (g, call) => emitFormatted(g, call, name)
  });
}
var JOIN_ARGS = 16;
var JOIN_ARG_SIZE = 1024;
function signalNumber(name) {
  const signals = constants.signals;
  return signals[name] ?? signals[`SIG${name}`];
}
var actions = [
  formatted("system", "system(fmt, ...): run a shell command and print its output (needs --unsafe)", true),
  formatted("cat", "cat(fmt, ...): print the contents of the file named by fmt (formatted as printf)"),
  formatted("errorf", "errorf(fmt, ...): print an ERROR with the call's source location, on stderr"),
  formatted("warnf", "warnf(fmt, ...): print a WARNING with the call's source location, on stderr"),
  defineFunc({
    name: "signal",
    doc: 'signal(sig): send a signal ("SIGKILL", "KILL" or a number) to the current process (needs --unsafe)',
    arity: [1, 1],
    check(c, call) {
      requireUnsafe(c, call);
      const kind = c.target.provider.runOnce;
      if (kind)
        c.error(call.span, `signal can not be used with "${kind === "begin" ? "BEGIN" : "END"}" probes`);
      const arg = call.args[0];
      const t = c.check(arg);
      if (arg.kind === "StrLit") {
        if (signalNumber(arg.value) === void 0)
          c.error(arg.span, `${arg.value} is not a valid signal`);
      } else if (!isScalar(t))
        c.error(arg.span, `signal() expects a signal name or number (${typeName(t)} provided)`);
      else if (arg.kind === "IntLit" && (arg.value < 1n || arg.value > 64n))
        c.error(arg.span, `${arg.value} is not a valid signal, allowed range: [1,64]`);
      return noneT;
    },
    emit(g, call) {
      const arg = call.args[0];
      if (arg.kind === "StrLit")
        g.asm.movImm(R1, signalNumber(arg.value));
      else {
        const r = g.scalar(arg);
        g.asm.movReg(R1, r);
        g.regs.release(r);
      }
      g.asm.call(HELPERS.send_signal);
      return void 0;
    }
  }),
  defineFunc({
    name: "join",
    doc: 'join(arr[, sep]): print the strings of a NULL-terminated array (e.g. args.argv), separated by sep (default " ")',
    arity: [1, 2],
    check(c, call) {
      const t = c.check(call.args[0]);
      if (!isScalar(t))
        c.error(call.args[0].span, `join() expects a pointer to an array of strings (${typeName(t)} provided)`);
      const sep = call.args[1];
      if (sep) {
        c.check(sep);
        if (sep.kind !== "StrLit")
          c.error(sep.span, "join() expects a string literal as its separator");
      }
      return noneT;
    },
    emit(g, call) {
      const { asm } = g;
      const argT = g.typeOf(call.args[0]);
      const user = argT.kind === "ptr" ? argT.user : g.target.provider.userMemory === true;
      const separator = call.args[1]?.kind === "StrLit" ? call.args[1].value : " ";
      const countOff = RECORD_HEADER;
      const size = countOff + 8 + JOIN_ARGS * JOIN_ARG_SIZE;
      const id = g.record({ kind: "join", separator, offset: countOff, slot: JOIN_ARG_SIZE }, size);
      const arr = g.scalar(call.args[0]);
      const rec = g.regs.alloc();
      const mark = g.stack.mark();
      const tmp = g.stack.alloc(8);
      const lost = new Label("join_lost");
      const done = new Label("join_done");
      const end = new Label("join_end");
      asm.ldMapFd(R1, g.mapRef(RINGBUF_MAP));
      asm.movImm(R2, size);
      asm.movImm(R3, 0);
      asm.call(HELPERS.ringbuf_reserve);
      asm.jmpImm("jeq", R0, 0, lost);
      asm.movReg(rec, R0);
      asm.ldImm64(R1, BigInt(id));
      asm.stx("u64", rec, 0, R1);
      asm.st("u64", rec, countOff, 0);
      for (let i = 0; i < JOIN_ARGS; i++) {
        asm.st("u64", FP, tmp, 0);
        stackPointer(asm, R1, tmp);
        asm.movImm(R2, 8);
        asm.movReg(R3, arr);
        asm.aluImm("add", R3, 8 * i);
        asm.call(user ? HELPERS.probe_read_user : HELPERS.probe_read_kernel);
        asm.ldx("u64", R3, FP, tmp);
        asm.jmpImm("jeq", R3, 0, done);
        asm.movReg(R1, rec);
        asm.aluImm("add", R1, countOff + 8 + i * JOIN_ARG_SIZE);
        asm.movImm(R2, JOIN_ARG_SIZE);
        asm.call(user ? HELPERS.probe_read_user_str : HELPERS.probe_read_kernel_str);
        asm.st("u64", rec, countOff, i + 1);
      }
      asm.label(done);
      asm.movReg(R1, rec);
      asm.movImm(R2, 0);
      asm.call(HELPERS.ringbuf_submit);
      asm.ja(end);
      asm.label(lost);
      asm.ldMapValue(R1, g.mapRef(LOST_MAP), 0);
      asm.movImm(R2, 1);
      asm.atomic("add", "u64", R1, 0, R2);
      asm.label(end);
      g.stack.release(mark);
      g.regs.release(rec);
      g.regs.release(arr);
      return void 0;
    }
  })
];

// dist/builtins/aggregation.js
function updateEntry(g, target, call, agg, how) {
  const { asm } = g;
  const mark = g.stack.mark();
  const key = buildKey(g, target);
  const arg = call.args[0];
  const v = arg ? g.scalar(arg) : void 0;
  const { init, change } = how(v);
  lookup(g, target.name, key);
  const missing = new Label("agg_new");
  const done = new Label("agg_done");
  asm.jmpImm("jeq", R0, 0, missing);
  asm.movReg(R1, R0);
  change(g, done);
  asm.ja(done);
  asm.label(missing);
  const slot = g.stack.alloc(aggValueSize(agg));
  init(g, slot);
  update(g, target.name, key, slot, BPF_ANY, joinSpans(target.span, call.span));
  asm.label(done);
  if (v !== void 0)
    g.regs.release(v);
  g.stack.release(mark);
}
function updateHistogram(g, target, call, bucketOf) {
  const { asm } = g;
  const slots = histogramSlots(g.maps.get(target.name).value);
  const mark = g.stack.mark();
  const key = buildKey(g, target);
  const bucket = g.stack.alloc(8);
  const v = g.scalar(call.args[0]);
  const b = bucketOf(g, v);
  asm.stx("u64", FP, bucket, b);
  g.regs.release(b);
  g.regs.release(v);
  const found = new Label("hist_found");
  const done = new Label("hist_done");
  lookup(g, target.name, key);
  asm.jmpImm("jne", R0, 0, found);
  createZeroed(g, target.name, key, joinSpans(target.span, call.span));
  lookup(g, target.name, key);
  asm.jmpImm("jeq", R0, 0, done);
  asm.label(found);
  asm.ldx("u64", R1, FP, bucket);
  asm.jmpImm("jge", R1, slots, done);
  asm.aluImm("lsh", R1, 3);
  asm.aluReg("add", R0, R1);
  asm.ldx("u64", R1, R0, 0);
  asm.aluImm("add", R1, 1);
  asm.stx("u64", R0, 0, R1);
  asm.label(done);
  g.stack.release(mark);
}
function addAt(g, off, amount) {
  g.asm.ldx("u64", R0, R1, off);
  if (amount === void 0)
    g.asm.aluImm("add", R0, 1);
  else
    g.asm.aluReg("add", R0, amount);
  g.asm.stx("u64", R1, off, R0);
}
var counter = (v) => ({
  init: (g, slot) => v === void 0 ? g.asm.st("u64", FP, slot, 1) : g.asm.stx("u64", FP, slot, v),
  change: (g) => addAt(g, 0, v)
});
var extreme = (agg) => (v) => ({
  init: (g, slot) => {
    g.asm.stx("u64", FP, slot, v);
    g.asm.st("u64", FP, slot + 8, 1);
  },
  change: (g, done) => {
    const { asm } = g;
    const replace = new Label("agg_replace");
    asm.ldx("u64", R0, R1, 8);
    asm.jmpImm("jeq", R0, 0, replace);
    asm.ldx("u64", R0, R1, 0);
    asm.jmpReg(agg === "min" ? "jsle" : "jsge", R0, v, done);
    asm.label(replace);
    asm.stx("u64", R1, 0, v);
    asm.st("u64", R1, 8, 1);
  }
});
var average = (v) => ({
  init: (g, slot) => {
    g.asm.st("u64", FP, slot, 1);
    g.asm.stx("u64", FP, slot + 8, v);
  },
  change: (g) => {
    addAt(g, 0);
    addAt(g, 8, v);
  }
});
function log2Bucket(g, v, k) {
  const { asm } = g;
  const b = g.regs.alloc();
  const done = new Label("hist_done");
  const mask = (1 << k) - 1;
  asm.movImm(b, 0);
  asm.jmpImm("jslt", v, 0, done);
  if (k === 0) {
    asm.movImm(b, 1);
    asm.jmpImm("jeq", v, 0, done);
  } else {
    const large = new Label("hist_large");
    asm.jmpImm("jgt", v, mask, large);
    asm.movReg(b, v);
    asm.aluImm("add", b, 1);
    asm.ja(done);
    asm.label(large);
  }
  asm.movReg(R1, v);
  asm.movImm(b, k === 0 ? 2 : 0);
  for (const shift of [32, 16, 8, 4, 2, 1]) {
    const skip = new Label(`hist_lt${shift}`);
    asm.movReg(R0, R1);
    asm.aluImm("rsh", R0, shift);
    asm.jmpImm("jeq", R0, 0, skip);
    asm.movReg(R1, R0);
    asm.aluImm("add", b, shift);
    asm.label(skip);
  }
  if (k > 0) {
    asm.aluImm("sub", b, k);
    asm.movReg(R0, v);
    asm.aluReg("rsh", R0, b);
    asm.aluImm("and", R0, mask);
    asm.aluImm("add", b, 1);
    asm.aluImm("lsh", b, k);
    asm.aluReg("add", b, R0);
    asm.aluImm("add", b, 1);
  }
  asm.label(done);
  return b;
}
function linearBucket(g, v, l) {
  const { asm } = g;
  const b = g.regs.alloc();
  const done = new Label("lhist_done");
  const n = Math.floor((l.max - l.min) / l.step);
  asm.movImm(b, 0);
  asm.jmpImm("jslt", v, l.min, done);
  asm.movImm(b, n + 1);
  asm.jmpImm("jsge", v, l.max, done);
  asm.movReg(b, v);
  asm.aluImm("sub", b, l.min);
  asm.aluImm("div", b, l.step);
  asm.aluImm("add", b, 1);
  asm.label(done);
  return b;
}
function checkIntArg(c, call) {
  const t = c.check(call.args[0]);
  if (!isIntegral(t))
    c.error(call.args[0].span, `${call.name}() expects an integer argument (${typeName(t)} provided)`);
}
function literal(e) {
  if (e.kind === "IntLit")
    return Number(e.value);
  if (e.kind === "Unary" && e.op === "-" && e.operand.kind === "IntLit")
    return -Number(e.operand.value);
  return void 0;
}
function checkLinear(c, call) {
  checkIntArg(c, call);
  const [min, max, step] = call.args.slice(1).map((a) => {
    c.check(a);
    const v = literal(a);
    if (v === void 0)
      c.error(a.span, "lhist() expects integer literals for min, max and step");
    return v ?? 0;
  });
  if (min < 0)
    c.error(call.span, `lhist() min must be non-negative (provided min ${min})`);
  else if (step <= 0)
    c.error(call.args[3].span, "lhist() step must be >= 1");
  else if (max <= min)
    c.error(call.args[2].span, "lhist() max must be greater than min");
  else if (Math.floor((max - min) / step) + 2 > MAX_HISTOGRAM_SLOTS) {
    c.error(call.span, `lhist() supports at most ${MAX_HISTOGRAM_SLOTS - 2} buckets ((max - min) / step), not ${Math.floor((max - min) / step)}`);
  }
  return { lhist: { min, max, step: Math.max(step, 1) } };
}
var aggregation = [
  defineAgg({
    name: "count",
    doc: "@m[k] = count(): how many times this line ran, per key",
    arity: [0, 0],
    agg: "count",
    check: () => void 0,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "count", counter)
  }),
  defineAgg({
    name: "sum",
    doc: "@m[k] = sum(n): the total of n, per key",
    arity: [1, 1],
    agg: "sum",
    check: checkIntArg,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "sum", counter)
  }),
  defineAgg({
    name: "min",
    doc: "@m[k] = min(n): the smallest n seen, per key",
    arity: [1, 1],
    agg: "min",
    check: checkIntArg,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "min", extreme("min"))
  }),
  defineAgg({
    name: "max",
    doc: "@m[k] = max(n): the largest n seen, per key",
    arity: [1, 1],
    agg: "max",
    check: checkIntArg,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "max", extreme("max"))
  }),
  defineAgg({
    name: "avg",
    doc: "@m[k] = avg(n): the integer average of n, per key",
    arity: [1, 1],
    agg: "avg",
    check: checkIntArg,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "avg", average)
  }),
  defineAgg({
    name: "stats",
    doc: "@m[k] = stats(n): count, average and total of n, per key",
    arity: [1, 1],
    agg: "stats",
    check: checkIntArg,
    emitUpdate: (g, target, call) => updateEntry(g, target, call, "stats", average)
  }),
  defineAgg({
    name: "hist",
    doc: "@m[k] = hist(n[, k]): a power-of-two histogram of n (2^k buckets per power, k = 0..5), per key",
    arity: [1, 2],
    agg: "hist",
    check(c, call) {
      checkIntArg(c, call);
      const bits = call.args[1];
      if (!bits)
        return { bits: 0 };
      c.check(bits);
      if (bits.kind !== "IntLit") {
        c.error(bits.span, "hist() expects an integer literal for its number of bits");
        return { bits: 0 };
      }
      if (bits.value > 5n)
        c.error(call.span, `hist: bits ${bits.value} must be 0..5`);
      return { bits: Number(bits.value) > 5 ? 0 : Number(bits.value) };
    },
    emitUpdate: (g, target, call) => {
      const { bits } = g.maps.get(target.name).value;
      updateHistogram(g, target, call, (g2, v) => log2Bucket(g2, v, bits ?? 0));
    }
  }),
  defineAgg({
    name: "lhist",
    doc: "@m[k] = lhist(n, min, max, step): a linear histogram of n, per key",
    arity: [4, 4],
    agg: "lhist",
    check: checkLinear,
    emitUpdate: (g, target, call) => {
      const { lhist } = g.maps.get(target.name).value;
      updateHistogram(g, target, call, (g2, v) => linearBucket(g2, v, lhist));
    }
  })
];

// dist/codegen/helper-errors.js
var ERRNO_TEXT = { kind: "rendered", as: "strerror" };
var RET = { kind: "int", bits: 64, signed: true };
function checkLevel(helper) {
  return helper.startsWith("probe_read") ? 2 : 1;
}
function checkHelperResult(g, helper, span) {
  if (g.helperChecks < checkLevel(helper))
    return;
  const ok = new Label("helper_ok");
  g.asm.jmpImm("jsge", R0, 0, ok);
  const size = RECORD_HEADER + 16;
  const id = g.record({
    kind: "warnf",
    format: `Failed to ${helper}: %s (%d)`,
    args: [{ type: ERRNO_TEXT, offset: RECORD_HEADER }, { type: RET, offset: RECORD_HEADER + 8 }],
    span,
    helper
  }, size);
  const mark = g.stack.mark();
  const base = g.stack.alloc(size);
  g.asm.st("u64", FP, base, id);
  g.asm.stx("u64", FP, base + RECORD_HEADER + 8, R0);
  g.asm.neg(R0);
  g.asm.stx("u64", FP, base + RECORD_HEADER, R0);
  g.output(base, size);
  g.stack.release(mark);
  g.asm.label(ok);
}

// dist/builtins/map-ops.js
function entryOf(call) {
  const [m, ...keys] = call.args;
  if (m?.kind !== "MapAccess")
    return void 0;
  if (keys.length === 0)
    return m;
  if (m.keys.length > 0)
    return void 0;
  const key = keys.length === 1 ? keys[0] : { kind: "TupleExpr", elems: keys, span: call.span };
  return { ...m, keys: key.kind === "TupleExpr" ? key.elems : [key] };
}
function checkKeyedEntry(c, call) {
  const m = call.args[0];
  if (m?.kind !== "MapAccess" || m.keys.length > 0 || call.args.length < 2) {
    c.error(call.span, `${call.name}() expects a map and a key: ${call.name}(@m, key)`);
    call.args.forEach((a) => c.check(a));
    return void 0;
  }
  const keys = c.mapKeyTypes(m.name);
  if (keys !== void 0 && keys.length === 0) {
    c.error(call.span, `call to ${call.name}() expects a map with explicit keys`);
    return void 0;
  }
  const entry = entryOf(call);
  c.checkMapRef(entry);
  return entry;
}
function elemCountKfunc() {
  return kernelBtf()?.find("bpf_map_sum_elem_count", BTF_KIND.FUNC)[0];
}
function checkWholeMap(c, call) {
  const m = call.args[0];
  if (m?.kind !== "MapAccess" || m.keys.length > 0) {
    c.error(call.args[0]?.span ?? call.span, `${call.name}() expects a map with no keys as its argument`);
    return void 0;
  }
  c.checkMapRef(m);
  return m;
}
function mapAction(name, doc) {
  return defineFunc({
    name,
    doc,
    arity: [1, 1],
    check(c, call) {
      checkWholeMap(c, call);
      return noneT;
    },
    emit(g, call) {
      if (name === "clear" && clearDoneByPrint(call))
        return void 0;
      const map = call.args[0].name;
      const id = g.record({ kind: `${name}_map`, map }, RECORD_HEADER);
      const mark = g.stack.mark();
      const base = g.stack.alloc(RECORD_HEADER);
      g.asm.st("u64", FP, base, id);
      g.output(base, RECORD_HEADER);
      g.stack.release(mark);
      return void 0;
    }
  });
}
var mapOps = [
  defineFunc({
    name: "delete",
    doc: "delete(@m, k) or the older delete(@m[k]): remove one entry of a map; true when it was there",
    arity: [1, Infinity],
    check(c, call) {
      const entry = entryOf(call);
      if (!entry) {
        c.error(call.span, "delete() expects a map entry: delete(@m[key]) or delete(@m, key)");
        return boolT;
      }
      c.checkMapRef(entry);
      return boolT;
    },
    emit(g, call) {
      const entry = entryOf(call);
      const mark = g.stack.mark();
      remove(g, entry.name, buildKey(g, entry));
      g.stack.release(mark);
      const r = g.regs.alloc();
      g.asm.movReg(r, R0);
      g.asm.aluImm("rsh", r, 63);
      g.asm.aluImm("xor", r, 1);
      checkHelperResult(g, "map_delete_elem", call.span);
      return r;
    }
  }),
  defineFunc({
    name: "has_key",
    doc: "has_key(@m, k): true when map @m has an entry for key k",
    arity: [2, Infinity],
    check(c, call) {
      checkKeyedEntry(c, call);
      return boolT;
    },
    emit(g, call) {
      const entry = entryOf(call);
      const mark = g.stack.mark();
      lookup(g, entry.name, buildKey(g, entry));
      g.stack.release(mark);
      const r = g.regs.alloc();
      g.asm.movImm(r, 0);
      const absent = new Label("has_key_no");
      g.asm.jmpImm("jeq", R0, 0, absent);
      g.asm.movImm(r, 1);
      g.asm.label(absent);
      return r;
    }
  }),
  defineFunc({
    name: "len",
    doc: "len(@m): the number of entries of map @m, counted by the kernel",
    arity: [1, 1],
    check(c, call) {
      const m = call.args[0];
      if (m?.kind !== "MapAccess" || m.keys.length > 0) {
        c.error(call.span, "len() expects a map: len(@m)");
        return s64;
      }
      c.checkMapRef(m);
      const keys = c.mapKeyTypes(m.name);
      if (keys !== void 0 && keys.length === 0)
        c.error(call.span, "call to len() expects a map with explicit keys (non-scalar map)");
      else if (elemCountKfunc() === void 0)
        c.error(call.span, "len() needs the kernel function bpf_map_sum_elem_count (Linux 6.6 or later), which this kernel lacks");
      return s64;
    },
    emit(g, call) {
      g.asm.ldMapFd(R1, g.mapRef(call.args[0].name));
      g.asm.callKfunc(elemCountKfunc());
      const r = g.regs.alloc();
      g.asm.movReg(r, R0);
      return r;
    }
  }),
  mapAction("clear", "clear(@m): remove every entry of a map"),
  mapAction("zero", "zero(@m): set every value of a map to zero, keeping its keys")
];

// dist/semantic/positional.js
function positionalAsString(e, positional) {
  let offset = 0;
  let p = e;
  if (e.kind === "Binary" && e.op === "+" && e.left.kind === "Positional" && e.right.kind === "IntLit") {
    p = e.left;
    offset = Number(e.right.value);
  }
  if (p.kind !== "Positional" || p.count)
    return void 0;
  const text = Buffer.from(positional[p.index - 1] ?? "");
  return { kind: "StrLit", value: text.subarray(Math.min(offset, text.length)).toString(), span: e.span };
}
function scriptArguments(rest) {
  const dash = rest.indexOf("--");
  return dash < 0 ? rest : [...rest.slice(0, dash), ...rest.slice(dash + 1)];
}

// dist/builtins/memory.js
function literalLength(e) {
  return e?.kind === "IntLit" ? Number(e.value) : void 0;
}
var memory = [
  defineFunc({
    name: "str",
    doc: "str(ptr[, len]): the NUL-terminated string at ptr, at most len bytes (default max_strlen)",
    arity: [1, 2],
    check(c, call) {
      const param = positionalAsString(call.args[0], c.positional);
      if (param)
        call.args[0] = param;
      const t = c.check(call.args[0]);
      if (call.args[1])
        c.check(call.args[1]);
      if (t.kind === "str")
        return t;
      if (!isScalar(t)) {
        c.error(call.args[0].span, `str() expects a pointer or integer argument (${typeName(t)} provided)`);
        return strType(c.maxStrlen);
      }
      const n = literalLength(call.args[1]);
      if (call.args[1] && n === void 0)
        c.error(call.args[1].span, "str(): the length must be an integer literal");
      return strType(Math.max(1, Math.min(n === void 0 ? c.maxStrlen : n + 1, c.maxStrlen)));
    },
    emit(g, call, out) {
      const t = g.typeOf(call);
      const argT = g.typeOf(call.args[0]);
      if (argT.kind === "str") {
        g.into(call.args[0], out, t);
        return void 0;
      }
      const user = argT.kind === "ptr" ? argT.user : g.target.provider.userMemory === true;
      const ptr = g.scalar(call.args[0]);
      g.zero(out, t.size + 7 & ~7);
      stackPointer(g.asm, R1, out);
      g.asm.movImm(R2, t.size);
      g.asm.movReg(R3, ptr);
      g.regs.release(ptr);
      g.asm.call(user ? HELPERS.probe_read_user_str : HELPERS.probe_read_kernel_str);
      checkHelperResult(g, user ? "probe_read_user_str" : "probe_read_kernel_str", call.span);
      return void 0;
    }
  }),
  defineFunc({
    name: "buf",
    doc: "buf(ptr, len): len bytes at ptr, printed as text with \\x escapes (%r), or as hex (%rx, %rh)",
    arity: [1, 2],
    check(c, call) {
      const t = c.check(call.args[0]);
      if (call.args[1])
        c.check(call.args[1]);
      const n = literalLength(call.args[1]);
      if (call.args[1] && n === void 0)
        c.error(call.args[1].span, "buf(): the length must be an integer literal");
      if (t.kind !== "str" && !isScalar(t)) {
        c.error(call.args[0].span, `buf() expects a pointer, an integer or a string (${typeName(t)} provided)`);
        return { kind: "buf", size: 1 };
      }
      if (t.kind !== "str" && !call.args[1])
        c.error(call.span, "buf() of a pointer needs a length: buf(ptr, len)");
      const size = n ?? (t.kind === "str" ? t.size - 1 : 1);
      if (size > c.maxStrlen)
        c.error(call.args[1]?.span ?? call.span, `buf(): length ${size} is larger than max_strlen (${c.maxStrlen})`);
      if (size < 1)
        c.error(call.args[1]?.span ?? call.span, "buf(): length must be at least 1");
      return { kind: "buf", size: Math.max(1, Math.min(size, c.maxStrlen)) };
    },
    emit(g, call, out) {
      const t = g.typeOf(call);
      const argT = g.typeOf(call.args[0]);
      g.zero(out, 8 + (t.size + 7 & ~7));
      if (argT.kind === "str") {
        const mark = g.stack.mark();
        const tmp = g.stack.alloc(Math.max(argT.size, t.size));
        g.zero(tmp, Math.max(argT.size, t.size) + 7 & ~7);
        g.into(call.args[0], tmp, argT);
        g.copy(out + 8, FP, tmp, t.size);
        g.stack.release(mark);
      } else {
        const user = argT.kind === "ptr" ? argT.user : g.target.provider.userMemory === true;
        const ptr = g.scalar(call.args[0]);
        stackPointer(g.asm, R1, out + 8);
        g.asm.movImm(R2, t.size);
        g.asm.movReg(R3, ptr);
        g.regs.release(ptr);
        g.asm.call(user ? HELPERS.probe_read_user : HELPERS.probe_read_kernel);
        checkHelperResult(g, user ? "probe_read_user" : "probe_read_kernel", call.span);
      }
      g.asm.st("u64", FP, out, t.size);
      return void 0;
    }
  }),
  addressSpace("kptr", false),
  addressSpace("uptr", true)
];
function addressSpace(name, user) {
  return defineFunc({
    name,
    doc: `${name}(ptr): ptr, marked as a ${user ? "user" : "kernel"}-space address for str() and buf()`,
    arity: [1, 1],
    check(c, call) {
      const t = c.check(call.args[0]);
      if (!isScalar(t)) {
        c.error(call.args[0].span, `${name}() expects a pointer or an integer (${typeName(t)} provided)`);
        return t;
      }
      return t.kind === "ptr" ? { ...t, user } : { kind: "ptr", to: { kind: "int", bits: 8, signed: true }, user };
    },
    emit: (g, call) => g.scalar(call.args[0])
  });
}

// dist/builtins/probe-args.js
var argIndex = (name) => Number(name.slice(3));
var probeArgs = [
  defineVar({
    name: "argN",
    pattern: /^arg\d+$/,
    doc: "argN: the Nth argument of the probe (rawtracepoint, kprobe, uprobe: raw uint64; usdt: as its note says)",
    type(c, node) {
      const n = argIndex(node.name);
      const load2 = c.target.provider.argLoad?.(c.target, n);
      if (typeof load2 === "string")
        c.error(node.span, load2);
      if (load2 !== void 0)
        return typeof load2 === "string" ? u64 : load2.type;
      const { provider } = c.target;
      if (provider.argOffset?.(n, c.target) === void 0) {
        if (provider.args && n > 0 && provider.argOffset?.(0, c.target) !== void 0)
          c.error(node.span, `${c.target.name} has no ${node.name}`);
        else
          c.error(node.span, `The ${node.name} builtin can not be used with '${provider.name}' probes`);
      }
      return u64;
    },
    emit(g, node) {
      const load2 = g.target.provider.argLoad?.(g.target, argIndex(node.name));
      if (load2 !== void 0)
        return load2.emit(g);
      const r = g.regs.alloc();
      g.asm.ldx("u64", r, CTX_REG, g.target.provider.argOffset(argIndex(node.name), g.target));
      return r;
    }
  }),
  defineVar({
    name: "retval",
    doc: "retval: the value the traced function returned (kretprobe, uretprobe), as a uint64",
    type(c, node) {
      if (c.target.provider.retvalOffset?.(c.target) === void 0) {
        c.error(node.span, `The retval builtin can not be used with '${c.target.provider.name}' probes`);
      }
      return c.target.provider.retvalType?.(c.target) ?? u64;
    },
    emit(g, node) {
      const r = g.regs.alloc();
      const t = g.typeOf(node);
      const bits = t.kind === "int" ? t.bits : 64;
      g.asm.ldx({ 8: "u8", 16: "u16", 32: "u32", 64: "u64" }[bits], r, CTX_REG, g.target.provider.retvalOffset(g.target));
      if (t.kind === "int" && t.signed && bits < 64) {
        g.asm.aluImm("lsh", r, 64 - bits);
        g.asm.aluImm("arsh", r, 64 - bits);
      }
      return r;
    }
  }),
  defineFunc({
    name: "reg",
    doc: 'reg("name"): the value of register name (ip, sp, bp, ax, di, ...) when the probe fired',
    arity: [1, 1],
    check(c, call) {
      const arg = call.args[0];
      if (arg.kind !== "StrLit") {
        c.error(arg.span, "reg() expects a string literal");
        return u64;
      }
      const regOffset = c.target.provider.regOffset;
      if (!regOffset)
        c.error(call.span, `The reg function can not be used with '${c.target.provider.name}' probes`);
      else if (regOffset(arg.value) === void 0)
        c.error(arg.span, `'${arg.value}' is not a valid register`);
      return u64;
    },
    emit(g, call) {
      const name = call.args[0].value;
      const r = g.regs.alloc();
      g.asm.ldx("u64", r, CTX_REG, g.target.provider.regOffset(name));
      return r;
    }
  }),
  defineVar({
    name: "func",
    doc: "func: the name of the traced function (kprobe, uprobe, ...)",
    type(c, node) {
      if (c.target.provider.funcName?.(c.target) === void 0) {
        c.error(node.span, `The func builtin can not be used with '${c.target.provider.name}' probes`);
      }
      return strType(c.maxStrlen);
    },
    emit(g, _node, out) {
      const t = g.typeOf(_node);
      const bytes2 = Buffer.alloc(t.size + 7 & ~7);
      bytes2.write(g.target.provider.funcName(g.target).slice(0, t.size - 1));
      for (let i = 0; i < bytes2.length; i += 8) {
        g.asm.ldImm64(0, bytes2.readBigInt64LE(i));
        g.asm.stx("u64", 10, out + i, 0);
      }
      return void 0;
    }
  }),
  defineVar({
    name: "ctx",
    doc: "ctx: the probe's context as a typed pointer where the probe type has one (iter: struct bpf_iter__task *, ...)",
    type(c, node) {
      const t = c.target.provider.ctxType?.(c.target);
      if (!t)
        c.error(node.span, `The ctx builtin can not be used with '${c.target.provider.name}' probes`);
      return t ?? u64;
    },
    emit(g) {
      const r = g.regs.alloc();
      g.asm.movReg(r, CTX_REG);
      return r;
    }
  }),
  defineVar({
    name: "probe",
    doc: "probe: the full name of the probe that fired, e.g. tracepoint:syscalls:sys_enter_openat",
    // One size for every target, so `@[probe]` keys agree across the probes of a wildcard.
    type: (c) => strType(c.maxStrlen),
    emit(g, node, out) {
      const t = g.typeOf(node);
      storeConstString(g, out, g.target.name, t.size);
      return void 0;
    }
  })
];
function storeConstString(g, off, text, size) {
  const bytes2 = Buffer.alloc(size + 7 & ~7);
  bytes2.write(text.slice(0, size - 1), "latin1");
  for (let i = 0; i < bytes2.length; i += 8) {
    g.asm.ldImm64(0, bytes2.readBigInt64LE(i));
    g.asm.stx("u64", 10, off + i, 0);
  }
}

// dist/builtins/bytes.js
import { isIP } from "node:net";
var AF_INET = 2;
var AF_INET6 = 10;
function addressBytes(text) {
  const v = isIP(text);
  if (v === 4)
    return Buffer.from(text.split(".").map(Number));
  if (v !== 6)
    return void 0;
  let t = text;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (dotted) {
    const b = dotted[1].split(".").map(Number);
    t = t.slice(0, -dotted[1].length) + `${(b[0] << 8 | b[1]).toString(16)}:${(b[2] << 8 | b[3]).toString(16)}`;
  }
  const [head, tail] = t.includes("::") ? t.split("::") : [t, void 0];
  const h = head ? head.split(":") : [];
  const tl = tail !== void 0 && tail !== "" ? tail.split(":") : [];
  const groups = tail === void 0 ? h : [...h, ...Array(8 - h.length - tl.length).fill("0"), ...tl];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), 2 * i));
  return out;
}
function storeBytes(g, off, bytes2) {
  const padded = Buffer.alloc(bytes2.length + 7 & ~7);
  bytes2.copy(padded);
  for (let i = 0; i < padded.length; i += 8) {
    g.asm.ldImm64(0, padded.readBigInt64LE(i));
    g.asm.stx("u64", FP, off + i, 0);
  }
}
var bytes = [
  defineFunc({
    name: "bswap",
    doc: "bswap(n): n with its bytes in reverse order, as an unsigned integer of n's width",
    arity: [1, 1],
    check(c, call) {
      const t = c.check(call.args[0]);
      if (t.kind !== "int") {
        c.error(call.args[0].span, `bswap() expects an integer (${typeName(t)} provided)`);
        return { kind: "int", bits: 64, signed: false };
      }
      return { kind: "int", bits: t.bits, signed: false };
    },
    emit(g, call) {
      const t = g.typeOf(call);
      const r = g.scalar(call.args[0]);
      if (t.bits === 8)
        g.asm.aluImm("and", r, 255);
      else
        g.asm.endian("bswap", t.bits, r);
      return r;
    }
  }),
  defineFunc({
    name: "ntop",
    doc: "ntop([af, ] addr): an IPv4 (integer, 4 bytes) or IPv6 (16 bytes) address as text",
    arity: [1, 2],
    check(c, call) {
      const types = call.args.map((a) => c.check(a));
      const addr = types[types.length - 1];
      if (types.length === 2 && !isScalar(types[0]))
        c.error(call.args[0].span, `ntop() expects an integer address family (${typeName(types[0])} provided)`);
      const bytesOk = addr.kind === "buf" && (addr.size === 4 || addr.size === 16);
      if (!isScalar(addr) && !bytesOk) {
        c.error(call.args[call.args.length - 1].span, `ntop() expects an integer or an array of 4 or 16 bytes (${typeName(addr)} provided)`);
      }
      return { kind: "rendered", as: "inet" };
    },
    emit(g, call, out) {
      const addr = call.args[call.args.length - 1];
      const t = g.typeOf(addr);
      g.zero(out, 24);
      if (t.kind === "buf") {
        const mark = g.stack.mark();
        const tmp = g.stack.alloc(8 + 16);
        g.into(addr, tmp, t);
        g.copy(out + 8, FP, tmp + 8, t.size);
        g.stack.release(mark);
        g.asm.st("u64", FP, out, t.size === 16 ? AF_INET6 : AF_INET);
      } else {
        const r = g.scalar(addr);
        g.asm.stx("u32", FP, out + 8, r);
        g.regs.release(r);
        g.asm.st("u64", FP, out, AF_INET);
      }
      if (call.args.length === 2) {
        const af = g.scalar(call.args[0]);
        g.asm.stx("u64", FP, out, af);
        g.regs.release(af);
      }
      return void 0;
    }
  }),
  defineFunc({
    name: "pton",
    doc: 'pton("addr"): the 4 (IPv4) or 16 (IPv6) bytes of an address literal, e.g. to compare with ntop()',
    arity: [1, 1],
    check(c, call) {
      const arg = call.args[0];
      c.check(arg);
      const b = arg.kind === "StrLit" ? addressBytes(arg.value) : void 0;
      if (arg.kind !== "StrLit")
        c.error(arg.span, "pton() expects a string literal");
      else if (!b)
        c.error(call.span, `pton() expects a valid IPv4/IPv6 address, got ${arg.value}`);
      return { kind: "buf", size: b?.length ?? 4 };
    },
    emit(g, call, out) {
      const b = addressBytes(call.args[0].value);
      g.asm.st("u64", FP, out, b.length);
      storeBytes(g, out + 8, b);
      return void 0;
    }
  })
];

// dist/builtins/strings.js
function checkString(c, fn, e) {
  const t = c.check(e);
  if (t.kind !== "str")
    c.error(e.span, `${fn}() expects a string argument (${typeName(t)} provided)`);
  return t;
}
function onStack(g, e) {
  const t = g.typeOf(e);
  const off = g.stack.alloc(storageSize(t));
  g.zero(off, storageSize(t));
  g.into(e, off, t);
  return { off, size: t.size };
}
function emitStrncmp(g, dst, a, b, n) {
  const { asm } = g;
  const differ = new Label("strncmp_ne");
  const end = new Label("strncmp_end");
  const equal = new Label("strncmp_eq");
  const limit = Math.min(n, a.size, b.size);
  for (let i = 0; i < limit; i++) {
    asm.ldx("u8", R1, FP, a.off + i);
    asm.ldx("u8", R2, FP, b.off + i);
    asm.jmpReg("jne", R1, R2, differ);
    asm.jmpImm("jeq", R1, 0, equal);
  }
  if (limit < n && a.size !== b.size) {
    const longer = a.size > b.size ? a : b;
    asm.ldx("u8", R1, FP, longer.off + limit);
    asm.jmpImm("jne", R1, 0, differ);
  }
  asm.label(equal);
  asm.movImm(dst, 0);
  asm.ja(end);
  asm.label(differ);
  asm.movImm(dst, 1);
  asm.label(end);
}
function literalInt(e) {
  return e?.kind === "IntLit" ? Number(e.value) : void 0;
}
var strings = [
  defineFunc({
    name: "strncmp",
    doc: "strncmp(s1, s2, n): 0 when the first n characters of s1 and s2 are equal, else 1",
    arity: [3, 3],
    check(c, call) {
      checkString(c, "strncmp", call.args[0]);
      checkString(c, "strncmp", call.args[1]);
      const t = c.check(call.args[2]);
      const n = literalInt(call.args[2]);
      if (n === void 0)
        c.error(call.span, `strncmp() expects a integer literal (${kindName(t)} provided)`);
      else if (n < 0)
        c.error(call.args[2].span, "strncmp(): the length must not be negative");
      return s64;
    },
    emit(g, call) {
      const mark = g.stack.mark();
      const a = onStack(g, call.args[0]);
      const b = onStack(g, call.args[1]);
      const r = g.regs.alloc();
      emitStrncmp(g, r, a, b, literalInt(call.args[2]));
      g.stack.release(mark);
      return r;
    }
  }),
  defineFunc({
    name: "strcontains",
    doc: "strcontains(haystack, needle): true when needle occurs in haystack",
    arity: [2, 2],
    check(c, call) {
      const types = call.args.map((a) => c.check(a));
      const bad = types.find((t) => t.kind !== "str");
      if (bad)
        c.error(call.span, `strcontains() only supports string arguments (${kindName(bad)} provided)`);
      return boolT;
    },
    emit(g, call) {
      const { asm } = g;
      const mark = g.stack.mark();
      const h = onStack(g, call.args[0]);
      const n = onStack(g, call.args[1]);
      const r = g.regs.alloc();
      const found = new Label("strcontains_yes");
      const notFound = new Label("strcontains_no");
      const end = new Label("strcontains_end");
      for (let i = 0; i < h.size; i++) {
        const next = new Label("strcontains_next");
        for (let j = 0; j < n.size; j++) {
          asm.ldx("u8", R2, FP, n.off + j);
          asm.jmpImm("jeq", R2, 0, found);
          if (i + j >= h.size) {
            asm.ja(next);
            break;
          }
          asm.ldx("u8", R1, FP, h.off + i + j);
          asm.jmpImm("jeq", R1, 0, notFound);
          asm.jmpReg("jne", R1, R2, next);
        }
        if (n.size > 0 && i + n.size - 1 < h.size)
          asm.ja(found);
        asm.label(next);
      }
      asm.label(notFound);
      asm.movImm(r, 0);
      asm.ja(end);
      asm.label(found);
      asm.movImm(r, 1);
      asm.label(end);
      g.stack.release(mark);
      return r;
    }
  }),
  defineFunc({
    name: "strlen",
    doc: "strlen(s): the number of characters in s",
    arity: [1, 1],
    check(c, call) {
      checkString(c, "strlen", call.args[0]);
      return u64;
    },
    emit(g, call) {
      const { asm } = g;
      const mark = g.stack.mark();
      const s = onStack(g, call.args[0]);
      const r = g.regs.alloc();
      const end = new Label("strlen_end");
      asm.movImm(r, 0);
      for (let i = 0; i < s.size; i++) {
        asm.ldx("u8", R1, FP, s.off + i);
        asm.jmpImm("jeq", R1, 0, end);
        asm.aluImm("add", r, 1);
      }
      asm.label(end);
      g.stack.release(mark);
      return r;
    }
  }),
  defineFunc({
    name: "strerror",
    doc: "strerror(errno): the error's text (e.g. strerror(2) is 'No such file or directory'), for printing",
    arity: [1, 1],
    check(c, call) {
      const t = c.check(call.args[0]);
      if (!isScalar(t))
        c.error(call.args[0].span, `strerror() expects an integer (${typeName(t)} provided)`);
      return { kind: "rendered", as: "strerror" };
    },
    emit(g, call, out) {
      const r = g.scalar(call.args[0]);
      g.asm.stx("u64", FP, out, r);
      g.regs.release(r);
      return void 0;
    }
  })
];

// dist/builtins/process.js
import { cpus } from "node:os";
function checkNamespaceArg(c, call) {
  const arg = call.args[0];
  if (call.args.length > 1 || arg.kind !== "Identifier" || arg.name !== "curr_ns" && arg.name !== "init") {
    c.error(call.args.length > 1 ? call.span : arg.span, `Invalid ${call.name}() mode: expected curr_ns or init`);
  }
}
var process2 = [
  defineVar({
    name: "pid",
    doc: "process id (the kernel's tgid) of the current task",
    type: () => u32,
    checkCallArgs: checkNamespaceArg,
    emit: (g) => helperValue(g, HELPERS.get_current_pid_tgid, "high")
  }),
  defineVar({
    name: "tid",
    doc: "thread id (the kernel's pid) of the current task",
    type: () => u32,
    checkCallArgs: checkNamespaceArg,
    emit: (g) => helperValue(g, HELPERS.get_current_pid_tgid, "low")
  }),
  defineVar({
    name: "cpid",
    doc: "pid of the command started with -c (a constant of the run)",
    type(c, node) {
      if (c.target.process?.origin !== "command")
        c.error(node.span, "cpid cannot be used without child command");
      return u32;
    },
    emit(g) {
      const r = g.regs.alloc();
      g.asm.movImm(r, g.target.process?.pid ?? 0);
      return r;
    }
  }),
  defineVar({
    name: "uid",
    doc: "user id of the current task",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_current_uid_gid, "low")
  }),
  defineVar({
    name: "gid",
    doc: "group id of the current task",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_current_uid_gid, "high")
  }),
  defineVar({
    name: "cpu",
    doc: "the CPU the probe runs on",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_smp_processor_id)
  }),
  defineVar({
    name: "curtask",
    doc: "the current task's struct task_struct (a pointer typed from BTF, so curtask->pid works)",
    type: () => taskStructPointer() ?? u64,
    emit: (g) => helperValue(g, HELPERS.get_current_task)
  }),
  defineVar({
    name: "comm",
    doc: "name of the current task's executable (16 bytes, as the kernel keeps it)",
    type: () => strType(16),
    emit: (g, _node, out) => {
      stackPointer(g.asm, R1, out);
      g.asm.movImm(R2, 16);
      g.asm.call(HELPERS.get_current_comm);
      return void 0;
    }
  }),
  defineVar({
    name: "username",
    doc: "the name of the current task's user (its uid, named in user space from /etc/passwd)",
    type: () => ({ kind: "rendered", as: "username" }),
    emit(g, _node, out) {
      const r = helperValue(g, HELPERS.get_current_uid_gid, "low");
      g.asm.stx("u64", FP, out, r);
      g.regs.release(r);
      return void 0;
    }
  }),
  defineVar({
    name: "cgroup",
    doc: "the cgroup v2 id of the current task",
    type: () => u64,
    emit: (g) => helperValue(g, HELPERS.get_current_cgroup_id)
  }),
  defineVar({
    name: "numaid",
    doc: "the NUMA node the probe runs on",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_numa_node_id, "low")
  }),
  defineVar({
    name: "ncpus",
    doc: "the number of online CPUs (a constant of the machine ebt compiles on)",
    type: () => u64,
    emit(g) {
      const r = g.regs.alloc();
      g.asm.movImm(r, cpus().length);
      return r;
    }
  }),
  defineVar({
    name: "rand",
    doc: "a pseudo-random uint32 (bpf_get_prandom_u32)",
    type: () => u32,
    emit: (g) => helperValue(g, HELPERS.get_prandom_u32, "low")
  })
];

// dist/codegen/stack-maps.js
var DEFAULT_STACK_LIMIT = 127;
var STACK_MAP_ENTRIES = 4096;
function stackMapName(limit) {
  return `stack_${limit}`;
}
function stackMapPlans(probes) {
  const limits = /* @__PURE__ */ new Set();
  for (const p of probes)
    for (const t of p.types.values())
      if (t.kind === "stack")
        limits.add(t.limit);
  return [...limits].map((limit) => ({
    name: stackMapName(limit),
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_STACK_TRACE, keySize: 4, valueSize: 8 * limit, maxEntries: STACK_MAP_ENTRIES, name: `ebt_stack_${limit}` }
  }));
}

// dist/runtime/kernel/kallsyms.js
import { readFileSync } from "node:fs";
var KernelSymbols = class {
  hi;
  lo;
  names;
  byName;
  constructor(text) {
    const his = [];
    const los = [];
    const names = [];
    for (let at = 0; at < text.length; ) {
      let nl = text.indexOf("\n", at);
      if (nl < 0)
        nl = text.length;
      if (nl - at > 19) {
        const name = text.slice(at + 19, nl);
        const tab = name.indexOf("	");
        his.push(parseInt(text.slice(at, at + 8), 16));
        los.push(parseInt(text.slice(at + 8, at + 16), 16));
        names.push(tab < 0 ? name : name.slice(0, tab));
      }
      at = nl + 1;
    }
    const order = names.map((_, i) => i).sort((a, b) => his[a] - his[b] || los[a] - los[b] || a - b);
    this.hi = Uint32Array.from(order, (i) => his[i]);
    this.lo = Uint32Array.from(order, (i) => los[i]);
    this.names = order.map((i) => names[i]);
  }
  /** The symbol `addr` falls in (the nearest one at or below it), or undefined below the first. */
  resolve(addr) {
    const h = Number(addr >> 32n);
    const l = Number(addr & 0xffffffffn);
    let lo = 0;
    let hi = this.names.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = lo + hi >> 1;
      const below = this.hi[mid] < h || this.hi[mid] === h && this.lo[mid] <= l;
      if (below) {
        found = mid;
        lo = mid + 1;
      } else
        hi = mid - 1;
    }
    if (found < 0)
      return void 0;
    while (found > 0 && this.hi[found - 1] === this.hi[found] && this.lo[found - 1] === this.lo[found])
      found--;
    return { name: this.names[found], offset: (h - this.hi[found]) * 2 ** 32 + l - this.lo[found] };
  }
  /** The address of the symbol called `name`, or undefined. */
  address(name) {
    if (!this.byName) {
      this.byName = /* @__PURE__ */ new Map();
      for (let i2 = this.names.length - 1; i2 >= 0; i2--)
        this.byName.set(this.names[i2], i2);
    }
    const i = this.byName.get(name);
    return i === void 0 ? void 0 : BigInt(this.hi[i]) << 32n | BigInt(this.lo[i]);
  }
};
var cached;
function kernelSymbols() {
  cached ??= new KernelSymbols(readFileSync("/proc/kallsyms", "latin1"));
  return cached;
}

// dist/builtins/symbols.js
var BPF_F_USER_STACK = 1 << 8;
var MODES = ["bpftrace", "perf", "raw"];
var argsOf = (node) => node.kind === "Call" ? node.args : [];
function checkStack(c, node, user) {
  const name = node.name;
  let mode = "bpftrace";
  let limit = DEFAULT_STACK_LIMIT;
  const args = argsOf(node);
  args.forEach((a, i) => {
    if (a.kind === "Identifier" && i === 0) {
      if (MODES.includes(a.name))
        mode = a.name;
      else
        c.error(a.span, `${name}() expects a stack mode (${MODES.join(", ")}), not '${a.name}'`);
    } else if (a.kind === "IntLit" && (i === 1 || args.length === 1)) {
      if (a.value < 1n || a.value > BigInt(DEFAULT_STACK_LIMIT)) {
        c.error(a.span, `${name}() limit must be between 1 and ${DEFAULT_STACK_LIMIT} (the kernel's perf_event_max_stack)`);
      } else
        limit = Number(a.value);
    } else {
      c.error(a.span, i === 0 && args.length === 2 ? `${name}() expects a stack mode literal` : `${name}() expects an integer limit literal`);
    }
  });
  return { kind: "stack", user, mode, limit };
}
function emitStack(g, node, out) {
  const t = g.typeOf(node);
  const { asm } = g;
  asm.movReg(R1, CTX_REG);
  asm.ldMapFd(R2, g.mapRef(stackMapName(t.limit)));
  asm.movImm(R3, t.user ? BPF_F_USER_STACK : 0);
  asm.call(HELPERS.get_stackid);
  asm.stx("u64", FP, out, R0);
  if (t.user)
    storePid(g, out + 8);
  return void 0;
}
function storePid(g, off) {
  g.asm.call(HELPERS.get_current_pid_tgid);
  g.asm.aluImm("rsh", R0, 32);
  g.asm.stx("u64", FP, off, R0);
}
function checkAddress(c, call, user) {
  const t = c.check(call.args[0]);
  if (!isScalar(t))
    c.error(call.args[0].span, `${call.name}() expects an integer or pointer argument (${typeName(t)} provided)`);
  return { kind: "sym", user };
}
function emitAddress(g, call, out, user) {
  const r = g.scalar(call.args[0]);
  g.asm.stx("u64", FP, out, r);
  g.regs.release(r);
  if (user)
    storePid(g, out + 8);
  return void 0;
}
function symbolName(c, call) {
  const a = call.args[0];
  if (a.kind === "StrLit")
    return a.value;
  c.error(a.span, `${call.name}() expects a string literal`);
  return void 0;
}
function userAddress(path2, name) {
  try {
    const elf = openElfCached(path2);
    const f = elf.findSymbol(name) ?? elf.findFunction(name);
    return f === void 0 ? void 0 : BigInt(f.addr);
  } catch (e) {
    if (e instanceof ElfError)
      return void 0;
    throw e;
  }
}
function constAddress(g, value) {
  const r = g.regs.alloc();
  g.asm.ldImm64(r, BigInt.asIntN(64, value));
  return r;
}
var symbols = [
  defineFunc({
    name: "kstack",
    doc: "kstack, kstack(mode, limit): the kernel stack, printed as symbols (modes bpftrace, perf, raw)",
    arity: [0, 2],
    check: (c, call) => checkStack(c, call, false),
    emit: (g, call, out) => emitStack(g, call, out)
  }),
  defineFunc({
    name: "ustack",
    doc: "ustack, ustack(mode, limit): the user stack, symbolized from the process's mapped files",
    arity: [0, 2],
    check: (c, call) => checkStack(c, call, true),
    emit: (g, call, out) => emitStack(g, call, out)
  }),
  defineFunc({
    name: "ksym",
    doc: "ksym(addr): the kernel function containing addr, printed by name",
    arity: [1, 1],
    check: (c, call) => checkAddress(c, call, false),
    emit: (g, call, out) => emitAddress(g, call, out, false)
  }),
  defineFunc({
    name: "usym",
    doc: "usym(addr): the user function containing addr in the current process, printed by name",
    arity: [1, 1],
    check: (c, call) => checkAddress(c, call, true),
    emit: (g, call, out) => emitAddress(g, call, out, true)
  }),
  defineFunc({
    name: "kaddr",
    doc: 'kaddr("name"): the address of a kernel symbol (from /proc/kallsyms)',
    arity: [1, 1],
    check(c, call) {
      const name = symbolName(c, call);
      if (name !== void 0 && kernelSymbols().address(name) === void 0)
        c.error(call.span, `Failed to resolve kernel symbol: ${name}`);
      return u64;
    },
    emit: (g, call) => constAddress(g, kernelSymbols().address(call.args[0].value))
  }),
  defineFunc({
    name: "uaddr",
    doc: 'uaddr("name"): the address of a symbol in the probed binary (uprobe and usdt probes)',
    arity: [1, 1],
    check(c, call) {
      const name = symbolName(c, call);
      const path2 = c.target.detail.path;
      if (typeof path2 !== "string")
        c.error(call.span, `uaddr can only be used with uprobe and usdt probes`);
      else if (name !== void 0 && userAddress(path2, name) === void 0)
        c.error(call.span, `Could not resolve symbol: ${path2}:${name}`);
      return u64;
    },
    emit: (g, call) => constAddress(g, userAddress(String(g.target.detail.path), call.args[0].value))
  })
];

// dist/builtins/time.js
var CLOCKS = {
  boot: HELPERS.ktime_get_boot_ns,
  monotonic: HELPERS.ktime_get_ns,
  tai: HELPERS.ktime_get_tai_ns
};
function clockOf(node) {
  const arg = node.kind === "Call" ? node.args[0] : void 0;
  return arg?.kind === "Identifier" ? arg.name : "boot";
}
var START_NS = process.hrtime.bigint();
function literalFormat(c, fn, e) {
  if (!e)
    return;
  c.check(e);
  if (e.kind !== "StrLit")
    c.error(e.span, `${fn}() expects a string literal as its format`);
}
var time = [
  defineVar({
    name: "nsecs",
    doc: "nsecs, nsecs(boot|monotonic|tai): a nanosecond timestamp of that kernel clock (default boot: time since boot, suspend included)",
    type: () => u64,
    checkCallArgs(c, call) {
      const arg = call.args[0];
      if (call.args.length > 1 || arg.kind !== "Identifier" || !(arg.name in CLOCKS)) {
        const name = arg.kind === "Identifier" ? arg.name : "";
        const why = name === "sw_tai" ? "sw_tai is not supported by ebt: use nsecs(tai), which this kernel has" : "Invalid timestamp mode: expected boot, monotonic or tai";
        c.error(call.args.length > 1 ? call.span : arg.span, why);
      }
    },
    emit: (g, node) => helperValue(g, CLOCKS[clockOf(node)])
  }),
  defineVar({
    name: "elapsed",
    doc: "elapsed: nanoseconds since ebt started",
    type: () => u64,
    emit(g) {
      const r = helperValue(g, HELPERS.ktime_get_ns);
      g.asm.ldImm64(0, START_NS);
      g.asm.aluReg("sub", r, 0);
      return r;
    }
  }),
  defineVar({
    name: "jiffies",
    doc: "jiffies: the kernel's jiffies counter (bpf_jiffies64)",
    type: () => u64,
    emit: (g) => helperValue(g, HELPERS.jiffies64)
  }),
  defineFunc({
    name: "time",
    doc: 'time([fmt]): print the wall-clock time, formatted by strftime(3) rules (default "%H:%M:%S\\n")',
    arity: [0, 1],
    formatArg: true,
    check(c, call) {
      literalFormat(c, "time", call.args[0]);
      return noneT;
    },
    emit(g, call) {
      const format = call.args[0]?.kind === "StrLit" ? call.args[0].value : "%H:%M:%S\n";
      const id = g.record({ kind: "time", format }, RECORD_HEADER);
      sendRecord(g, id, RECORD_HEADER, () => void 0);
      return void 0;
    }
  }),
  defineFunc({
    name: "strftime",
    doc: 'strftime(fmt, ns): the boot-clock timestamp ns (e.g. nsecs) as wall-clock text, for printing ("%H:%M:%S", %f for microseconds)',
    arity: [2, 2],
    formatArg: true,
    check(c, call) {
      literalFormat(c, "strftime", call.args[0]);
      const t = c.check(call.args[1]);
      if (!isScalar(t))
        c.error(call.args[1].span, `strftime() expects an integer timestamp (${typeName(t)} provided)`);
      const fmt = call.args[0].kind === "StrLit" ? call.args[0].value : "";
      return { kind: "rendered", as: "timestamp", fmt };
    },
    emit(g, call, out) {
      const r = g.scalar(call.args[1]);
      g.asm.stx("u64", FP, out, r);
      g.regs.release(r);
      return void 0;
    }
  })
];

// dist/builtins/index.js
var BUILTINS = [...process2, ...time, ...print, ...memory, ...aggregation, ...mapOps, ...probeArgs, ...symbols, ...strings, ...bytes, ...actions];
var byName = new Map(BUILTINS.map((b) => [b.name, b]));
var byPattern = BUILTINS.filter((b) => b.kind === "var" && b.pattern !== void 0);
function findBuiltin(name) {
  return byName.get(name) ?? byPattern.find((b) => b.pattern.test(name));
}

// dist/codegen/strings.js
function stringsEqual(g, dst, a, b, n) {
  const { asm } = g;
  const differ = new Label("str_ne");
  const done = new Label("str_done");
  for (let i = 0; i < n; i++) {
    asm.ldx("u8", R1, FP, a + i);
    asm.ldx("u8", R2, FP, b + i);
    asm.jmpReg("jne", R1, R2, differ);
    if (i < n - 1)
      asm.jmpImm("jeq", R1, 0, done);
  }
  asm.label(done);
  asm.movImm(dst, 1);
  const end = new Label("str_end");
  asm.ja(end);
  asm.label(differ);
  asm.movImm(dst, 0);
  asm.label(end);
}
function bytesEqual(g, dst, a, b, n) {
  const { asm } = g;
  const differ = new Label("mem_ne");
  const end = new Label("mem_end");
  for (let i = 0; i < n; i += 8) {
    asm.ldx("u64", R1, FP, a + i);
    asm.ldx("u64", R2, FP, b + i);
    asm.jmpReg("jne", R1, R2, differ);
  }
  asm.movImm(dst, 1);
  asm.ja(end);
  asm.label(differ);
  asm.movImm(dst, 0);
  asm.label(end);
}
function compareStrings(g, left, right, negate) {
  const lt = g.typeOf(left);
  const rt = g.typeOf(right);
  const mark = g.stack.mark();
  const a = g.stack.alloc(storageSize(lt));
  const b = g.stack.alloc(storageSize(rt));
  g.into(left, a, lt);
  g.into(right, b, rt);
  const r = g.regs.alloc();
  stringsEqual(g, r, a, b, Math.min(lt.size, rt.size));
  if (negate)
    g.asm.aluImm("xor", r, 1);
  g.stack.release(mark);
  return r;
}
function compareTuples(g, left, right, negate) {
  const t = g.typeOf(left);
  const size = storageSize(t);
  const mark = g.stack.mark();
  const a = g.stack.alloc(size);
  const b = g.stack.alloc(size);
  g.zero(a, size);
  g.zero(b, size);
  g.into(left, a, t);
  g.into(right, b, t);
  const r = g.regs.alloc();
  bytesEqual(g, r, a, b, size);
  if (negate)
    g.asm.aluImm("xor", r, 1);
  g.stack.release(mark);
  return r;
}

// dist/codegen/operators.js
var ARITH = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "&": "and",
  "|": "or",
  "^": "xor",
  "<<": "lsh"
};
var COMPARE = {
  "==": ["jeq", "jeq"],
  "!=": ["jne", "jne"],
  "<": ["jlt", "jslt"],
  "<=": ["jle", "jsle"],
  ">": ["jgt", "jsgt"],
  ">=": ["jge", "jsge"]
};
function immediate(e) {
  if (e.kind !== "IntLit")
    return void 0;
  return e.value >= -(2n ** 31n) && e.value < 2n ** 31n ? Number(e.value) : void 0;
}
function isLeaf(e) {
  return e.kind === "IntLit" || e.kind === "BoolLit" || e.kind === "ScratchVar" || e.kind === "Positional";
}
function operands(g, e) {
  const imm = immediate(e.right);
  let left = g.scalar(e.left);
  if (imm !== void 0)
    return [left, { imm }, () => void 0];
  if (isLeaf(e.right)) {
    const right2 = g.scalar(e.right);
    return [left, { reg: right2 }, () => g.regs.release(right2)];
  }
  const spill = g.stack.alloc(8);
  g.asm.stx("u64", FP, spill, left);
  g.regs.release(left);
  const right = g.scalar(e.right);
  left = g.regs.alloc();
  g.asm.ldx("u64", left, FP, spill);
  return [left, { reg: right }, () => g.regs.release(right)];
}
function alu(g, op, dst, src) {
  if ("imm" in src)
    g.asm.aluImm(op, dst, src.imm);
  else
    g.asm.aluReg(op, dst, src.reg);
}
function emitBinary(g, e, result) {
  const { asm } = g;
  const lt = g.typeOf(e.left);
  const rt = g.typeOf(e.right);
  if (e.op === "==" || e.op === "!=") {
    if (lt.kind === "str")
      return compareStrings(g, e.left, e.right, e.op === "!=");
    if (lt.kind === "tuple")
      return compareTuples(g, e.left, e.right, e.op === "!=");
  }
  if (e.op === "&&" || e.op === "||")
    return logical(g, e);
  const signed = isSigned(lt) && isSigned(rt);
  const [dst, src, done] = operands(g, e);
  const cmp = COMPARE[e.op];
  if (cmp) {
    const yes = new Label("cmp_true");
    const end = new Label("cmp_end");
    const op = cmp[signed ? 1 : 0];
    if ("imm" in src)
      asm.jmpImm(op, dst, src.imm, yes);
    else
      asm.jmpReg(op, dst, src.reg, yes);
    asm.movImm(dst, 0);
    asm.ja(end);
    asm.label(yes);
    asm.movImm(dst, 1);
    asm.label(end);
  } else if (e.op === ">>") {
    alu(g, "rsh", dst, src);
  } else if (e.op === "/" || e.op === "%") {
    divide(g, e.op === "/" ? "div" : "mod", dst, src);
  } else {
    alu(g, ARITH[e.op], dst, src);
  }
  done();
  void result;
  return dst;
}
function divide(g, op, dst, src) {
  if ("imm" in src) {
    if (src.imm === 0)
      g.asm.movImm(dst, 0);
    else if (src.imm > 0)
      g.asm.aluImm(op, dst, src.imm);
    else {
      const r = g.regs.alloc();
      g.asm.loadConst(r, BigInt(src.imm));
      g.asm.aluReg(op, dst, r);
      g.regs.release(r);
    }
    return;
  }
  const zero = new Label("div_zero");
  const end = new Label("div_end");
  g.asm.jmpImm("jeq", src.reg, 0, zero);
  g.asm.aluReg(op, dst, src.reg);
  g.asm.ja(end);
  g.asm.label(zero);
  g.asm.movImm(dst, 0);
  g.asm.label(end);
}
function logical(g, e) {
  const { asm } = g;
  const yes = new Label("logic_true");
  const no = new Label("logic_false");
  const end = new Label("logic_end");
  const left = g.scalar(e.left);
  if (e.op === "&&")
    asm.jmpImm("jeq", left, 0, no);
  else
    asm.jmpImm("jne", left, 0, yes);
  g.regs.release(left);
  const r = g.scalar(e.right);
  asm.jmpImm("jeq", r, 0, no);
  asm.label(yes);
  asm.movImm(r, 1);
  asm.ja(end);
  asm.label(no);
  asm.movImm(r, 0);
  asm.label(end);
  return r;
}
function emitUnary(g, e) {
  const { asm } = g;
  const r = g.scalar(e.operand);
  switch (e.op) {
    case "!": {
      const zero = new Label("not_zero");
      const end = new Label("not_end");
      asm.jmpImm("jeq", r, 0, zero);
      asm.movImm(r, 0);
      asm.ja(end);
      asm.label(zero);
      asm.movImm(r, 1);
      asm.label(end);
      break;
    }
    case "~":
      asm.aluImm("xor", r, -1);
      break;
    case "-":
      asm.neg(r);
      break;
    case "+":
      break;
    default:
      throw new Error(`internal: unary ${e.op} reached codegen`);
  }
  const t = g.typeOf(e);
  if ((e.op === "-" || e.op === "~") && t.kind === "int" && t.bits < 64)
    extend(g, r, t.bits, t.signed);
  return r;
}
function emitCast(g, e, to) {
  const r = g.scalar(e.operand);
  const from = g.typeOf(e.operand);
  if (to.kind === "int" && from.kind === "int" && from.bits < to.bits) {
    extend(g, r, from.bits, to.signed);
    return r;
  }
  if (to.kind === "int" && to.bits < 64) {
    if (to.signed) {
      g.asm.aluImm("lsh", r, 64 - to.bits);
      g.asm.aluImm("arsh", r, 64 - to.bits);
    } else if (to.bits === 32) {
      g.asm.mov32Reg(r, r);
    } else {
      g.asm.aluImm("and", r, to.bits === 8 ? 255 : 65535);
    }
  }
  return r;
}
function extend(g, r, bits, signed) {
  if (signed) {
    g.asm.aluImm("lsh", r, 64 - bits);
    g.asm.aluImm("arsh", r, 64 - bits);
  } else if (bits === 32) {
    g.asm.mov32Reg(r, r);
  } else {
    g.asm.aluImm("and", r, bits === 8 ? 255 : 65535);
  }
}

// dist/semantic/tuples.js
function constantInt(e) {
  switch (e.kind) {
    case "IntLit":
      return e.value;
    case "Unary": {
      const v = constantInt(e.operand);
      if (v === void 0)
        return void 0;
      return e.op === "-" ? -v : e.op === "+" ? v : e.op === "~" ? ~v : e.op === "!" ? v === 0n ? 1n : 0n : void 0;
    }
    case "Binary": {
      const l = constantInt(e.left);
      const r = constantInt(e.right);
      if (l === void 0 || r === void 0)
        return void 0;
      switch (e.op) {
        case "+":
          return l + r;
        case "-":
          return l - r;
        case "*":
          return l * r;
        case "/":
          return r === 0n ? 0n : l / r;
        case "%":
          return r === 0n ? 0n : l % r;
        case "<<":
          return l << r;
        case ">>":
          return l >> r;
        case "&":
          return l & r;
        case "|":
          return l | r;
        case "^":
          return l ^ r;
        default:
          return void 0;
      }
    }
    default:
      return void 0;
  }
}
function recordType(c, e) {
  const seen = /* @__PURE__ */ new Set();
  for (const f of e.fields) {
    if (seen.has(f.name))
      c.error(f.span, `Duplicate field name: ${f.name}`);
    seen.add(f.name);
  }
  return { kind: "tuple", elems: e.fields.map((f) => c.check(f.value)), names: e.fields.map((f) => f.name) };
}
function elementType(c, e, obj) {
  if (obj.names) {
    const i2 = obj.names.indexOf(e.field);
    if (i2 < 0) {
      c.error(e.span, `Record does not contain a field named '${e.field}'`);
      return s64;
    }
    return obj.elems[i2];
  }
  const i = Number(e.field);
  if (!/^\d+$/.test(e.field) || i >= obj.elems.length) {
    c.error(e.span, `Invalid tuple index: ${e.field}. Found ${obj.elems.length} elements in tuple.`);
    return s64;
  }
  return obj.elems[i];
}
function elementIndex(t, field) {
  return t.names ? t.names.indexOf(field) : Number(field);
}
function tupleIndexToField(c, e, obj) {
  if (obj.kind !== "tuple" || obj.names)
    return false;
  const i = constantInt(e.index);
  if (i === void 0) {
    c.error(e.index.span, "The tuple index must be a constant integer expression, e.g. t[1] or t[1 + 1]");
    return true;
  }
  const field = { kind: "FieldAccess", object: e.object, field: String(i), arrow: false, span: e.span };
  Object.assign(e, field);
  delete e.index;
  return true;
}
function spreadTupleKey(m) {
  const only = m.keys[0];
  if (m.keys.length === 1 && only?.kind === "TupleExpr" && only.elems.length > 1)
    m.keys = only.elems;
  return m.keys;
}

// dist/codegen/agg-read.js
function readAgg(g, m, agg) {
  const mark = g.stack.mark();
  const r = readAggAt(g, m.name, buildKey(g, m), agg);
  g.stack.release(mark);
  return r;
}
function readAggAt(g, map, key, agg) {
  const { asm } = g;
  const mark = g.stack.mark();
  const cpu = g.stack.alloc(8);
  const acc = g.stack.alloc(8);
  const aux = g.stack.alloc(8);
  for (const slot of [cpu, acc, aux])
    asm.st("u64", FP, slot, 0);
  const top = new Label("aggread_cpu");
  const next = new Label("aggread_next");
  asm.label(top);
  asm.ldMapFd(R1, g.mapRef(map));
  stackPointer(asm, R2, key);
  asm.ldx("u64", R3, FP, cpu);
  asm.call(HELPERS.map_lookup_percpu_elem);
  asm.jmpImm("jeq", R0, 0, next);
  if (agg === "count" || agg === "sum") {
    asm.ldx("u64", R1, R0, 0);
    asm.ldx("u64", R2, FP, acc);
    asm.aluReg("add", R2, R1);
    asm.stx("u64", FP, acc, R2);
  } else if (agg === "avg") {
    for (const [from, to] of [[0, aux], [8, acc]]) {
      asm.ldx("u64", R1, R0, from);
      asm.ldx("u64", R2, FP, to);
      asm.aluReg("add", R2, R1);
      asm.stx("u64", FP, to, R2);
    }
  } else {
    const take = new Label("aggread_take");
    asm.ldx("u64", R1, R0, 8);
    asm.jmpImm("jeq", R1, 0, next);
    asm.ldx("u64", R1, R0, 0);
    asm.ldx("u64", R2, FP, aux);
    asm.jmpImm("jeq", R2, 0, take);
    asm.ldx("u64", R2, FP, acc);
    asm.jmpReg(agg === "min" ? "jsge" : "jsle", R1, R2, next);
    asm.label(take);
    asm.stx("u64", FP, acc, R1);
    asm.st("u64", FP, aux, 1);
  }
  asm.label(next);
  asm.ldx("u64", R1, FP, cpu);
  asm.aluImm("add", R1, 1);
  asm.stx("u64", FP, cpu, R1);
  asm.jmpImm("jlt", R1, possibleCpus(), top);
  const r = g.regs.alloc();
  asm.ldx("u64", r, FP, acc);
  if (agg === "avg") {
    const done = new Label("aggread_avg");
    asm.ldx("u64", R1, FP, aux);
    asm.jmpImm("jeq", R1, 0, done);
    asm.aluReg("sdiv", r, R1);
    asm.label(done);
  }
  g.stack.release(mark);
  return r;
}

// dist/codegen/stack.js
var STACK_LIMIT = 512;
var StackOverflow = class extends Error {
  needed;
  constructor(needed) {
    super(`BPF stack limit of ${STACK_LIMIT} bytes exceeded (${needed} bytes needed)`);
    this.needed = needed;
  }
};
var StackAlloc = class {
  used = 0;
  maxUsed = 0;
  /** Allocates `size` bytes (rounded up to 8) and returns the offset from r10 (negative). */
  alloc(size) {
    this.used += Math.max(size, 1) + 7 & ~7;
    if (this.used > STACK_LIMIT)
      throw new StackOverflow(this.used);
    this.maxUsed = Math.max(this.maxUsed, this.used);
    return -this.used;
  }
  mark() {
    return this.used;
  }
  release(mark) {
    this.used = mark;
  }
};

// dist/codegen/pid-filter.js
function emitPidFilter(g) {
  const proc = g.target.process;
  if (proc?.origin !== "pid" || g.target.provider.pidScope !== void 0)
    return;
  const tgid = helperValue(g, HELPERS.get_current_pid_tgid, "high");
  g.asm.jmpImm("jne", tgid, proc.pid, g.exitLabel);
  g.regs.release(tgid);
}

// dist/codegen/kernel-memory.js
var NotCopyable = class extends Error {
  span;
  constructor(span, message) {
    super(message);
    this.span = span;
  }
};
var MAX_WHOLE = 504;
var LOADS = { 1: "u8", 2: "u16", 4: "u32", 8: "u64" };
function isMemoryAccess(g, e) {
  if (e.kind === "FieldAccess") {
    const k = g.typeOf(e.object).kind;
    return k === "ptr" || k === "struct";
  }
  if (e.kind === "IndexAccess")
    return true;
  return e.kind === "Unary" && e.op === "*";
}
function holdsAddress(g, e) {
  const k = g.typeOf(e).kind;
  return e.kind === "ScratchVar" && (k === "struct" || k === "array");
}
function place(g, e) {
  const t = g.typeOf(e);
  if (holdsAddress(g, e)) {
    const reg = g.regs.alloc();
    g.asm.ldx("u64", reg, FP, g.varSlot(e));
    return { reg, user: t.user ?? false, size: memorySize(t) };
  }
  if (!isMemoryAccess(g, e) && (t.kind === "struct" || t.kind === "array")) {
    const off = g.stack.alloc(storageSize(t));
    g.into(e, off, t);
    const reg = g.regs.alloc();
    stackPointer(g.asm, reg, off);
    return { reg, user: false, size: memorySize(t) };
  }
  if (e.kind === "FieldAccess") {
    const objT = g.typeOf(e.object);
    const base = objT.kind === "ptr" ? { reg: g.scalar(e.object), user: objT.user } : place(g, e.object);
    const s = objT.kind === "ptr" ? objT.to : objT;
    const f = fieldLayout(s, e.field, base.user);
    if (f.offset !== 0)
      g.asm.aluImm("add", base.reg, f.offset);
    return { reg: base.reg, user: base.user, bits: f.bits, size: f.size };
  }
  if (e.kind === "IndexAccess") {
    const objT = g.typeOf(e.object);
    const base = objT.kind === "ptr" ? { reg: g.scalar(e.object), user: objT.user } : place(g, e.object);
    const elemSize = objT.kind === "array" ? objT.elemSize : memorySize(t);
    const spill = g.stack.alloc(8);
    g.asm.stx("u64", FP, spill, base.reg);
    g.regs.release(base.reg);
    const idx = g.scalar(e.index);
    if (elemSize !== 1)
      g.asm.aluImm("mul", idx, elemSize);
    const reg = g.regs.alloc();
    g.asm.ldx("u64", reg, FP, spill);
    g.asm.aluReg("add", reg, idx);
    g.regs.release(idx);
    return { reg, user: base.user, size: memorySize(t) };
  }
  if (e.kind === "Unary" && e.op === "*") {
    const pt = g.typeOf(e.operand);
    return { reg: g.scalar(e.operand), user: pt.user, size: memorySize(t) };
  }
  throw new Error(`internal: ${e.kind} does not name memory`);
}
function read(g, off, size, src, user, str, span) {
  stackPointer(g.asm, R1, off);
  g.asm.movImm(R2, size);
  g.asm.movReg(R3, src);
  g.regs.release(src);
  const helper = str ? user ? HELPERS.probe_read_user_str : HELPERS.probe_read_kernel_str : user ? HELPERS.probe_read_user : HELPERS.probe_read_kernel;
  g.asm.call(helper);
  checkHelperResult(g, HELPER_NAMES[helper], span);
}
var HELPER_NAMES = {
  [HELPERS.probe_read_kernel]: "probe_read_kernel",
  [HELPERS.probe_read_user]: "probe_read_user",
  [HELPERS.probe_read_kernel_str]: "probe_read_kernel_str",
  [HELPERS.probe_read_user_str]: "probe_read_user_str"
};
function storeAddress(g, e, off) {
  if (e.kind === "MapAccess") {
    const mark = g.stack.mark();
    lookup(g, e.name, buildKey(g, e));
    g.stack.release(mark);
    g.asm.stx("u64", FP, off, R0);
    return;
  }
  if (!holdsAddress(g, e) && !isMemoryAccess(g, e)) {
    throw new NotCopyable(e.span, `${typeName(g.typeOf(e))} can be kept in a variable only when read from memory (a pointer's target, a field or a map value)`);
  }
  const p = place(g, e);
  g.asm.stx("u64", FP, off, p.reg);
  g.regs.release(p.reg);
}
function tooLargeWhole(root, types) {
  const big = (x) => {
    const t = x && types.get(x);
    if (!x || !t || t.kind !== "struct" && t.kind !== "array" || storageSize(t) <= MAX_WHOLE)
      return void 0;
    return new NotCopyable(x.span, `${typeName(t)} is ${memorySize(t)} bytes, too large to copy whole onto the 512-byte BPF stack: print or store its fields`);
  };
  const seen = /* @__PURE__ */ new Set();
  const walk = (n) => {
    if (!n || typeof n !== "object" || seen.has(n))
      return void 0;
    seen.add(n);
    const node = n;
    const whole = node.kind === "Call" ? node.args : node.kind === "MapAccess" ? node.keys : node.kind === "TupleExpr" ? node.elems : node.kind === "RecordExpr" ? node.fields.map((f) => f.value) : node.kind === "AssignStmt" && node.target.kind === "MapAccess" ? [node.value] : [];
    for (const x of whole) {
      const hit = big(x);
      if (hit)
        return hit;
    }
    for (const v of Object.values(node)) {
      const hit = walk(v);
      if (hit)
        return hit;
    }
    return void 0;
  };
  return walk(root);
}
function loadScalar(g, e) {
  const t = g.typeOf(e);
  const p = place(g, e);
  const tmp = g.stack.alloc(8);
  g.asm.st("u64", FP, tmp, 0);
  read(g, tmp, p.size, p.reg, p.user, false, e.span);
  const r = g.regs.alloc();
  if (p.bits) {
    g.asm.ldx("u64", r, FP, tmp);
    g.asm.aluImm("lsh", r, 64 - p.bits.shift - p.bits.width);
    g.asm.aluImm("rsh", r, 64 - p.bits.width);
    return r;
  }
  g.asm.ldx(LOADS[p.size] ?? "u64", r, FP, tmp);
  if (t.kind === "int" && t.signed && t.bits < 64) {
    g.asm.aluImm("lsh", r, 64 - t.bits);
    g.asm.aluImm("arsh", r, 64 - t.bits);
  }
  return r;
}
function readInto(g, e, off) {
  const t = g.typeOf(e);
  const p = place(g, e);
  if (t.kind === "struct" || t.kind === "array") {
    g.zero(off, storageSize(t));
    if (memorySize(t) > 0)
      read(g, off, memorySize(t), p.reg, p.user, false, e.span);
    else
      g.regs.release(p.reg);
    return;
  }
  if (t.kind !== "str")
    throw new Error(`internal: ${typeName(t)} read whole from memory`);
  g.zero(off, storageSize(t));
  read(g, off, t.size, p.reg, p.user, true, e.span);
}

// dist/semantic/check-kernel.js
function kernelFieldType(c, e, obj) {
  let s;
  if (obj.kind === "ptr") {
    s = obj.to;
  } else if (obj.kind === "struct") {
    if (e.arrow) {
      c.error(e.span, `Can not dereference struct/union of type '${obj.name}'. It is not a pointer.`);
      return s64;
    }
    s = obj;
  } else
    return void 0;
  if (s.kind !== "struct") {
    c.error(e.span, `Can not access field '${e.field}' on type '${typeName(obj)}'`);
    return s64;
  }
  if (s.btf === 0)
    return s64;
  const user = obj.kind === "ptr" ? obj.user : false;
  const f = fieldLayout(s, e.field, user);
  if (!f) {
    c.error(e.span, `Struct/union of type '${s.name}' does not contain a field named '${e.field}'`);
    return s64;
  }
  return f.type;
}
function kernelIndexType(c, e, obj) {
  const idx = c.check(e.index);
  if (!isIntegral(idx))
    c.error(e.index.span, `The array index must be an integer, not ${typeName(idx)}`);
  if (obj.kind === "array")
    return obj.elem;
  if (obj.kind === "ptr")
    return obj.to;
  c.error(e.span, `The array index operator [] can only be used on arrays, pointers, and tuples, found ${typeName(obj)}.`);
  return s64;
}
function derefType(c, e, t) {
  if (t.kind === "ptr")
    return t.to;
  c.error(e.span, `The * operator can only be used on pointers, not on '${typeName(t)}'`);
  return s64;
}
function sizeofType(c, e) {
  if (e.arg.kind === "TypeName") {
    if (sizeofTypeName(e.arg.name, e.arg.pointerDepth) === void 0)
      c.error(e.arg.span, unknownType(e.arg));
  } else
    c.check(e.arg);
  return u64;
}
function sizeofValue(e, typeOf) {
  if (e.arg.kind === "TypeName")
    return sizeofTypeName(e.arg.name, e.arg.pointerDepth) ?? 0;
  const t = typeOf(e.arg);
  return t.kind === "int" || t.kind === "str" || t.kind === "struct" || t.kind === "array" ? memorySize(t) : storageSize(t);
}
function offsetofType(c, e) {
  const s = offsetofStruct(e, (x) => c.check(x));
  if (!s) {
    c.error(e.type.span, e.type.kind === "TypeName" ? unknownType(e.type) : `offsetof() expects a struct, not ${typeName(c.check(e.type))}`);
    return u64;
  }
  const off = offsetofPath(s, e.fields);
  if (typeof off === "string")
    c.error(e.span, off);
  return u64;
}
function offsetofValue(e, typeOf) {
  const s = offsetofStruct(e, typeOf);
  const off = s && offsetofPath(s, e.fields);
  return typeof off === "number" ? off : 0;
}
function offsetofStruct(e, typeOf) {
  let t;
  if (e.type.kind === "TypeName") {
    const id = e.type.pointerDepth === 0 ? findNamedType(e.type.name) : void 0;
    t = id === void 0 ? void 0 : btfToType(kernelBtf(), id);
  } else
    t = typeOf(e.type);
  return t?.kind === "struct" ? t : void 0;
}
function unknownType(t) {
  return kernelBtf() ? `Unknown struct/union: '${t.name}'` : `Unknown type '${t.name}': this kernel has no BTF (/sys/kernel/btf/vmlinux)`;
}

// dist/codegen/probe-codegen.js
var ProbeCodegen = class {
  probe;
  maps;
  records;
  positional;
  helperChecks;
  asm = new Asm();
  // The frame state below is replaced while a loop callback is emitted (it has its own stack frame).
  stack = new StackAlloc();
  regs = new RegPool();
  exitLabel = new Label("exit");
  scratchSlots = /* @__PURE__ */ new Map();
  loops = [];
  frame;
  pending = [];
  /** The subprograms emitted after the main body, for the BTF func_info the verifier demands. */
  callbacks = [];
  constructor(probe, maps, records, positional, helperChecks = 0) {
    this.probe = probe;
    this.maps = maps;
    this.records = records;
    this.positional = positional;
    this.helperChecks = helperChecks;
  }
  get target() {
    return this.probe.target;
  }
  get args() {
    return this.probe.args;
  }
  emit() {
    const { asm, probe } = this;
    asm.at(probe.ast.span);
    asm.movReg(CTX_REG, R1);
    this.enterFrame(void 0);
    emitPidFilter(this);
    probe.target.provider.prologue?.(this);
    if (probe.ast.predicate) {
      asm.at(probe.ast.predicate.span);
      const r = this.scalar(probe.ast.predicate);
      asm.jmpImm("jeq", r, 0, this.exitLabel);
      this.regs.release(r);
    }
    this.stmts(probe.ast.body.stmts);
    asm.at(probe.ast.body.span);
    asm.label(this.exitLabel);
    asm.movImm(R0, 0);
    asm.exit();
    while (this.pending.length > 0)
      this.emitCallback(this.pending.shift());
    return asm;
  }
  /**
   * Allocates and zeroes the slots of the variables this frame owns: a read on a path that skipped
   * the assignment sees 0 instead of failing the verifier's uninitialised-stack check. A probe with
   * `for` loops also keeps its ctx pointer and a "returned" flag where its callbacks can reach them.
   */
  enterFrame(owner) {
    const { probe } = this;
    for (const [key, t] of probe.scratch) {
      if (probe.scopes.vars.get(key)?.frame !== owner)
        continue;
      const off = this.stack.alloc(slotSize(t));
      this.scratchSlots.set(key, off);
      this.zero(off, slotSize(t));
    }
    if (probe.scopes.loopOuter.size === 0)
      return;
    this.frame = { ctx: this.stack.alloc(8), ret: this.stack.alloc(8) };
    this.asm.stx("u64", FP, this.frame.ctx, CTX_REG);
    this.asm.st("u64", FP, this.frame.ret, 0);
  }
  // ------------------------------------------------------------------ for loops
  /**
   * `for`: the body becomes a callback of bpf_loop (ranges) or bpf_for_each_map_elem (maps). Its
   * ctx argument points at this frame's ctx slot; through it the callback reaches the probe ctx,
   * the outer variables it copies in and back out, the range start, and the "returned" flag that
   * `return` or `exit()` in the body sets, which makes this frame leave too.
   */
  forLoop(s) {
    const { asm } = this;
    const frame = this.frame;
    const label = new Label("for_body");
    const rel = (off) => off - frame.ctx;
    const vars = /* @__PURE__ */ new Map();
    for (const key of this.probe.scopes.loopOuter.get(s))
      vars.set(key, rel(this.scratchSlots.get(key)));
    const parent = { vars, ret: rel(frame.ret) };
    if (s.kind === "ForRangeStmt") {
      const from = this.stack.alloc(8);
      const r = this.scalar(s.from);
      asm.stx("u64", FP, from, r);
      this.regs.release(r);
      parent.from = rel(from);
      const n = this.scalar(s.to);
      asm.ldx("u64", R0, FP, from);
      asm.aluReg("sub", n, R0);
      const positive = new Label("for_count");
      asm.jmpImm("jsgt", n, 0, positive);
      asm.movImm(n, 0);
      asm.label(positive);
      asm.movReg(R1, n);
      this.regs.release(n);
      asm.ldFunc(R2, label);
      stackPointer(asm, R3, frame.ctx);
      asm.movImm(R4, 0);
      asm.call(HELPERS.loop);
    } else {
      asm.ldMapFd(R1, this.mapRef(s.map.name));
      asm.ldFunc(R2, label);
      stackPointer(asm, R3, frame.ctx);
      asm.movImm(R4, 0);
      asm.call(HELPERS.for_each_map_elem);
    }
    asm.ldx("u64", R0, FP, frame.ret);
    asm.jmpImm("jne", R0, 0, this.exitLabel);
    this.pending.push({ label, stmt: s, parent });
  }
  /** One loop body as a subprogram: prologue, copy-in, body, and the continue/break/return exits. */
  emitCallback(cb) {
    const { asm } = this;
    const { stmt } = cb;
    this.stack = new StackAlloc();
    this.regs = new RegPool();
    this.scratchSlots = /* @__PURE__ */ new Map();
    this.exitLabel = new Label("for_return");
    const cont = new Label("for_next");
    const brk = new Label("for_break");
    this.loops = [{ brk, cont }];
    this.callbacks.push({ label: cb.label, shape: stmt.kind === "ForRangeStmt" ? "loop-callback" : "each-callback" });
    asm.at(stmt.span);
    asm.label(cb.label);
    const ctxArg = stmt.kind === "ForRangeStmt" ? R2 : R4;
    const parentPtr = this.stack.alloc(8);
    asm.stx("u64", FP, parentPtr, ctxArg);
    asm.ldx("u64", CTX_REG, ctxArg, 0);
    this.enterFrame(stmt);
    const varSlot = this.scratchSlots.get(this.probe.varKeys.get(stmt));
    if (stmt.kind === "ForRangeStmt") {
      asm.ldx("u64", R0, ctxArg, cb.parent.from);
      asm.aluReg("add", R0, R1);
      asm.stx("u64", FP, varSlot, R0);
    } else {
      const vt = this.probe.scratch.get(this.probe.varKeys.get(stmt));
      const keySize = storageSize(vt.elems[0]);
      this.copy(varSlot, R2, 0, keySize);
      const info = this.maps.get(stmt.map.name);
      if (info.value.kind === "agg") {
        const key = this.stack.alloc(keyLayout(info).total);
        this.copy(key, R2, 0, keyLayout(info).total);
        const r = readAggAt(this, stmt.map.name, key, info.value.agg);
        asm.stx("u64", FP, varSlot + keySize, r);
        this.regs.release(r);
      } else
        this.copy(varSlot + keySize, R3, 0, storageSize(vt.elems[1]));
    }
    asm.ldx("u64", R1, FP, parentPtr);
    for (const key of cb.parent.vars.keys())
      this.scratchSlots.set(key, this.stack.alloc(slotSize(this.probe.scratch.get(key))));
    for (const [key, off] of cb.parent.vars)
      this.copy(this.scratchSlots.get(key), R1, off, slotSize(this.probe.scratch.get(key)));
    this.stmts(stmt.body.stmts);
    const copyOut = () => {
      asm.ldx("u64", R1, FP, parentPtr);
      for (const [key, off] of cb.parent.vars) {
        const local = this.scratchSlots.get(key);
        for (let i = 0; i < slotSize(this.probe.scratch.get(key)); i += 4) {
          asm.ldx("u32", R0, FP, local + i);
          asm.stx("u32", R1, off + i, R0);
        }
      }
    };
    const used = (l) => asm.insns.some((i) => i.target === l);
    asm.at(stmt.body.span);
    asm.label(cont);
    copyOut();
    asm.movImm(R0, 0);
    asm.exit();
    if (used(brk)) {
      asm.label(brk);
      copyOut();
      asm.movImm(R0, 1);
      asm.exit();
    }
    if (used(this.exitLabel)) {
      asm.label(this.exitLabel);
      asm.ldx("u64", R1, FP, parentPtr);
      asm.st("u64", R1, cb.parent.ret, 1);
      asm.movImm(R0, 1);
      asm.exit();
    }
  }
  typeOf(e) {
    const t = this.probe.types.get(e);
    if (!t)
      throw new Error(`internal: expression at ${e.span.start.line}:${e.span.start.col} has no type`);
    return t;
  }
  mapRef(name) {
    return name;
  }
  record(spec, size) {
    return this.records.add(spec, size).id;
  }
  output(off, size) {
    const { asm } = this;
    asm.ldMapFd(R1, this.mapRef(RINGBUF_MAP));
    stackPointer(asm, R2, off);
    asm.movImm(R3, size);
    asm.movImm(R4, 0);
    asm.call(HELPERS.ringbuf_output);
    asm.ldMapValue(R1, this.mapRef(LOST_MAP), 0);
    asm.aluImm("rsh", R0, 63);
    asm.atomic("add", "u64", R1, 0, R0);
  }
  zero(off, size) {
    for (let i = 0; i < size; i += 8)
      this.asm.st("u64", FP, off + i, 0);
  }
  copy(dst, src, srcOff, size) {
    for (let i = 0; i < size; ) {
      const w = [8, 4, 2, 1].find((n) => n <= size - i && (srcOff + i) % n === 0);
      const sz = { 8: "u64", 4: "u32", 2: "u16", 1: "u8" }[w];
      this.asm.ldx(sz, 0, src, srcOff + i);
      this.asm.stx(sz, FP, dst + i, 0);
      i += w;
    }
  }
  // ------------------------------------------------------------------ statements
  /**
   * Whether the next instruction can be reached by falling through: not after an unconditional
   * jump or exit unless a label is waiting to be bound to it. The verifier rejects unreachable
   * instructions, which `exit(); return;` or a `break` ending a loop body would otherwise leave.
   */
  get reachable() {
    const last = this.asm.insns[this.asm.insns.length - 1];
    if (!last || this.asm.unboundLabels.length > 0)
      return true;
    return last.code !== (BPF_JMP | BPF_JA) && last.code !== (BPF_JMP | BPF_EXIT);
  }
  /** A statement list; what follows a jump out of it is dead (no label inside it can be jumped to). */
  stmts(list) {
    for (const s of list) {
      if (!this.reachable)
        return;
      this.stmt(s);
    }
  }
  stmt(s) {
    const { asm } = this;
    asm.at(s.span);
    const mark = this.stack.mark();
    switch (s.kind) {
      case "ExprStmt":
        this.discard(s.expr);
        break;
      case "AssignStmt":
        if (s.target.kind === "ScratchVar") {
          const off = this.slot(s.target);
          const t = this.varType(s.target);
          if (s.op === "=")
            this.assignScratch(s.value, off, t);
          else
            this.compound(s.op.slice(0, -1), s.target, s.value, (r) => asm.stx("u64", FP, off, r));
        } else
          this.assignMap(s.target, s.op, s.value);
        break;
      case "LetStmt":
        if (s.value)
          this.assignScratch(s.value, this.slot(s), this.varType(s));
        break;
      case "IfStmt": {
        const elseL = new Label("else");
        const endL = new Label("endif");
        const r = this.scalar(s.cond);
        asm.jmpImm("jeq", r, 0, elseL);
        this.regs.release(r);
        this.stmt(s.then);
        if (s.else && this.reachable)
          asm.ja(endL);
        asm.label(elseL);
        if (s.else)
          this.stmt(s.else);
        asm.label(endL);
        break;
      }
      case "WhileStmt": {
        const top = new Label("while");
        const end = new Label("endwhile");
        asm.label(top);
        const r = this.scalar(s.cond);
        asm.jmpImm("jeq", r, 0, end);
        this.regs.release(r);
        this.loops.push({ brk: end, cont: top });
        this.stmt(s.body);
        this.loops.pop();
        if (this.reachable)
          asm.ja(top);
        asm.label(end);
        break;
      }
      case "UnrollStmt":
        for (let i = 0n; i < s.count.value; i++)
          this.stmt(s.body);
        break;
      case "Block":
        this.stmts(s.stmts);
        if (s.value && this.reachable)
          this.discard(s.value);
        break;
      case "JumpStmt": {
        const loop = this.loops[this.loops.length - 1];
        if (s.jump === "return" || !loop)
          asm.ja(this.exitLabel);
        else
          asm.ja(s.jump === "break" ? loop.brk : loop.cont);
        break;
      }
      case "ForMapStmt":
      case "ForRangeStmt":
        this.forLoop(s);
        break;
    }
    this.stack.release(mark);
  }
  varSlot(e) {
    return this.slot(e);
  }
  /** The stack slot of the scratch variable a ScratchVar or LetStmt names. */
  slot(node) {
    const key = this.probe.varKeys.get(node);
    const off = key === void 0 ? void 0 : this.scratchSlots.get(key);
    if (off === void 0)
      throw new Error(`internal: no stack slot for the variable at ${node.span.start.line}:${node.span.start.col}`);
    return off;
  }
  varType(node) {
    return this.probe.scratch.get(this.probe.varKeys.get(node));
  }
  /**
   * `$x = e` where $x may have a declared type (`let $x: uint8`): integers are truncated to it
   * (kept sign-extended in the 64-bit slot), strings cut to its size with the last byte zero.
   */
  assignScratch(value, off, t) {
    const vt = this.typeOf(value);
    if (t.kind === "struct" || t.kind === "array") {
      storeAddress(this, value, off);
      return;
    }
    if (t.kind === "int" && t.bits < 64 && isScalar(vt) && !(vt.kind === "int" && vt.bits <= t.bits && vt.signed === t.signed)) {
      const r = this.scalar(value);
      this.asm.aluImm("lsh", r, 64 - t.bits);
      this.asm.aluImm(t.signed ? "arsh" : "rsh", r, 64 - t.bits);
      this.asm.stx("u64", FP, off, r);
      this.regs.release(r);
      return;
    }
    if (t.kind === "str" && vt.kind === "str" && vt.size > t.size) {
      const mark = this.stack.mark();
      const tmp = this.stack.alloc(storageSize(vt));
      this.into(value, tmp, vt);
      this.copy(off, FP, tmp, storageSize(t));
      this.asm.st("u8", FP, off + t.size - 1, 0);
      this.stack.release(mark);
      return;
    }
    this.into(value, off, t);
  }
  /** Evaluates an expression for its effects only. */
  discard(e) {
    const t = this.typeOf(e);
    if (e.kind === "Block") {
      this.stmts(e.stmts);
      if (e.value && this.reachable)
        this.discard(e.value);
    } else if (isScalar(t))
      this.regs.release(this.scalar(e));
    else if (t.kind === "none")
      this.call(e);
    else
      this.into(e, this.stack.alloc(storageSize(t)), t);
  }
  assignMap(m, op, value) {
    const info = this.maps.get(m.name);
    if (value.kind === "Call") {
      const b = findBuiltin(value.name);
      if (b?.kind === "agg") {
        b.emitUpdate(this, m, value);
        return;
      }
    }
    const keyOff = buildKey(this, m);
    const valOff = this.stack.alloc(storageSize(info.value));
    if (op === "=")
      this.into(value, valOff, info.value);
    else
      this.compound(op.slice(0, -1), m, value, (r) => this.asm.stx("u64", FP, valOff, r));
    update(this, m.name, keyOff, valOff, BPF_ANY, joinSpans(m.span, value.span));
  }
  /** `target op= value` for integers: computes the new value and hands it to `store`. */
  compound(op, target, value, store) {
    const r = emitBinary(this, { kind: "Binary", op, left: target, right: value, span: value.span }, this.typeOf(target));
    store(r);
    this.regs.release(r);
  }
  // ------------------------------------------------------------------ expressions
  scalar(e) {
    const { asm } = this;
    if (isMemoryAccess(this, e))
      return loadScalar(this, e);
    switch (e.kind) {
      case "Block":
        this.stmts(e.stmts);
        return this.scalar(e.value);
      case "IntLit":
      case "BoolLit": {
        const r = this.regs.alloc();
        const v = e.kind === "IntLit" ? BigInt.asIntN(64, e.value) : e.value ? 1n : 0n;
        asm.loadConst(r, v);
        return r;
      }
      case "Positional": {
        const r = this.regs.alloc();
        const raw = e.count ? String(this.positional.length) : this.positional[e.index - 1] ?? "0";
        asm.ldImm64(r, BigInt.asIntN(64, BigInt(raw)));
        return r;
      }
      case "ScratchVar": {
        const r = this.regs.alloc();
        asm.ldx("u64", r, FP, this.slot(e));
        return r;
      }
      case "MapAccess": {
        const value = this.maps.get(e.name).value;
        if (value.kind === "agg")
          return readAgg(this, e, value.agg);
        const mark = this.stack.mark();
        lookup(this, e.name, buildKey(this, e));
        this.stack.release(mark);
        const r = this.regs.alloc();
        const missing = new Label("map_miss");
        asm.movImm(r, 0);
        asm.jmpImm("jeq", R0, 0, missing);
        asm.ldx("u64", r, R0, 0);
        asm.label(missing);
        return r;
      }
      case "Identifier":
      case "Call":
        return this.call(e);
      case "FieldAccess":
        return this.fieldScalar(e);
      case "Binary":
        return emitBinary(this, e, this.typeOf(e));
      case "Unary":
        return emitUnary(this, e);
      case "Cast":
        return emitCast(this, e, this.typeOf(e));
      case "Update":
        return this.update(e);
      case "Ternary": {
        const r = this.regs.alloc();
        const elseL = new Label("tern_else");
        const end = new Label("tern_end");
        const c = this.scalar(e.cond);
        asm.movReg(r, c);
        this.regs.release(c);
        asm.jmpImm("jeq", r, 0, elseL);
        if (e.then) {
          const a = this.scalar(e.then);
          asm.movReg(r, a);
          this.regs.release(a);
        }
        asm.ja(end);
        asm.label(elseL);
        const b = this.scalar(e.else);
        asm.movReg(r, b);
        this.regs.release(b);
        asm.label(end);
        return r;
      }
      case "SizeofExpr":
      case "OffsetofExpr": {
        const r = this.regs.alloc();
        const typeOf = (x) => this.typeOf(x);
        asm.loadConst(r, BigInt(e.kind === "SizeofExpr" ? sizeofValue(e, typeOf) : offsetofValue(e, typeOf)));
        return r;
      }
      default:
        throw new Error(`internal: ${e.kind} is not a scalar expression`);
    }
  }
  /** Builtin variables and calls; returns a register for scalar results. */
  call(e, out) {
    const name = e.kind === "Identifier" || e.kind === "Call" ? e.name : "";
    const b = findBuiltin(name);
    if (!b || b.kind === "agg")
      throw new Error(`internal: no builtin ${name}`);
    this.asm.at(e.span);
    return b.kind === "var" ? b.emit(this, e, out) : b.emit(this, e, out);
  }
  fieldScalar(e) {
    const t = this.typeOf(e);
    if (this.typeOf(e.object).kind === "tuple") {
      const tt = this.typeOf(e.object);
      const off = this.stack.alloc(storageSize(tt));
      this.into(e.object, off, tt);
      const r2 = this.regs.alloc();
      this.asm.ldx("u64", r2, FP, off + tupleOffsets(tt)[elementIndex(tt, e.field)]);
      return r2;
    }
    const f = this.args.find((a) => a.name === e.field);
    const r = this.regs.alloc();
    const size = { 1: "u8", 2: "u16", 4: "u32", 8: "u64" }[f.ctxSize] ?? "u64";
    this.asm.ldx(size, r, CTX_REG, f.ctxOffset);
    if (t.kind === "int" && t.signed && t.bits < 64) {
      this.asm.aluImm("lsh", r, 64 - t.bits);
      this.asm.aluImm("arsh", r, 64 - t.bits);
    }
    return r;
  }
  update(e) {
    const { asm } = this;
    const old = this.scalar(e.target);
    const neu = this.regs.alloc();
    asm.movReg(neu, old);
    asm.aluImm(e.op === "++" ? "add" : "sub", neu, 1);
    if (e.target.kind === "ScratchVar")
      asm.stx("u64", FP, this.slot(e.target), neu);
    else {
      const mark = this.stack.mark();
      const val = this.stack.alloc(8);
      asm.stx("u64", FP, val, neu);
      update(this, e.target.name, buildKey(this, e.target), val, BPF_ANY, e.span);
      this.stack.release(mark);
    }
    if (e.prefix)
      asm.movReg(old, neu);
    this.regs.release(neu);
    return old;
  }
  into(e, off, as) {
    const { asm } = this;
    const t = this.typeOf(e);
    const want = as ?? t;
    const size = storageSize(want);
    if (isScalar(t)) {
      const r = this.scalar(e);
      asm.stx("u64", FP, off, r);
      this.regs.release(r);
      return;
    }
    if (e.kind === "Block") {
      this.stmts(e.stmts);
      this.into(e.value, off, as);
      return;
    }
    if (storageSize(t) < size)
      this.zero(off + storageSize(t), size - storageSize(t));
    if (isMemoryAccess(this, e) || holdsAddress(this, e)) {
      readInto(this, e, off);
      return;
    }
    switch (e.kind) {
      case "StrLit":
      case "Positional": {
        const text = e.kind === "StrLit" ? e.value : this.positional[e.index - 1] ?? "";
        const bytes2 = Buffer.alloc(storageSize(t));
        bytes2.write(text);
        for (let i = 0; i < bytes2.length; i += 8) {
          asm.ldImm64(0, bytes2.readBigInt64LE(i));
          asm.stx("u64", FP, off + i, 0);
        }
        return;
      }
      case "ScratchVar":
        this.copy(off, FP, this.slot(e), storageSize(t));
        return;
      case "MapAccess": {
        const mark = this.stack.mark();
        lookup(this, e.name, buildKey(this, e));
        this.stack.release(mark);
        const missing = new Label("map_miss");
        const end = new Label("map_end");
        asm.jmpImm("jeq", R0, 0, missing);
        asm.movReg(R1, R0);
        this.copy(off, R1, 0, storageSize(t));
        asm.ja(end);
        asm.label(missing);
        this.zero(off, storageSize(t));
        asm.label(end);
        return;
      }
      case "FieldAccess": {
        if (this.typeOf(e.object).kind === "tuple") {
          const tt = this.typeOf(e.object);
          const tmp = this.stack.alloc(storageSize(tt));
          this.into(e.object, tmp, tt);
          this.copy(off, FP, tmp + tupleOffsets(tt)[elementIndex(tt, e.field)], storageSize(t));
          return;
        }
        argInto(this, this.args.find((a) => a.name === e.field), off, t);
        return;
      }
      case "TupleExpr": {
        const tt = want;
        const offs = tupleOffsets(tt);
        e.elems.forEach((x, i) => this.into(x, off + offs[i], tt.elems[i]));
        return;
      }
      case "RecordExpr": {
        const tt = want;
        const offs = tupleOffsets(tt);
        for (const f of e.fields) {
          const i = elementIndex(tt, f.name);
          this.into(f.value, off + offs[i], tt.elems[i]);
        }
        return;
      }
      case "Ternary": {
        const elseL = new Label("tern_else");
        const end = new Label("tern_end");
        const c = this.scalar(e.cond);
        asm.jmpImm("jeq", c, 0, elseL);
        this.regs.release(c);
        this.into(e.then ?? e.cond, off, want);
        asm.ja(end);
        asm.label(elseL);
        this.into(e.else, off, want);
        asm.label(end);
        return;
      }
      case "Identifier":
      case "Call":
        this.call(e, off);
        return;
      default:
        throw new Error(`internal: cannot store ${e.kind} of type ${t.kind}`);
    }
  }
};
var RINGBUF_MAP = "ringbuf";
var LOST_MAP = "lost_events";

// dist/semantic/map-settings.js
var DEFAULT_MAP_KEYS = 4096;
var DECLARABLE_MAP_KINDS = ["hash", "lruhash", "percpuhash", "percpulruhash"];
function mapSettings(program, diags, maxMapKeys = DEFAULT_MAP_KEYS) {
  const settings = { maxMapKeys, decls: /* @__PURE__ */ new Map() };
  for (const item of program.items) {
    if (item.kind === "MapDecl")
      readDecl(item, settings, diags);
  }
  return settings;
}
function readDecl(d, settings, diags) {
  if (!DECLARABLE_MAP_KINDS.includes(d.mapType)) {
    diags.error(d.span, `Invalid bpf map type: ${d.mapType}`, [`Valid map types: ${DECLARABLE_MAP_KINDS.join(", ")}`]);
    return;
  }
  const n = d.args[0];
  if (d.args.length !== 1 || n?.kind !== "IntLit" || n.value < 1n || n.value > 0xffffffffn) {
    diags.error(n?.span ?? d.span, "expected positive integer for map declaration max entries");
    return;
  }
  if (settings.decls.has(d.name))
    diags.error(d.span, `Map ${d.name} is declared more than once`);
  settings.decls.set(d.name, { kind: d.mapType, maxEntries: Number(n.value), span: d.span });
}
function impliedKind(value) {
  return value.kind === "agg" ? "percpuhash" : "hash";
}
function kindsCompatible(declared, value) {
  return declared.startsWith("percpu") === (value.kind === "agg");
}
function checkDecls(settings, maps, diags) {
  for (const [name, d] of settings.decls) {
    const m = maps.get(name);
    if (!m)
      diags.warning(d.span, `Unused map: ${name}`);
    else if (!kindsCompatible(d.kind, m.value)) {
      diags.error(m.span, `Incompatible map types. Type from declaration: ${d.kind}. Type from value/key type: ${impliedKind(m.value)}`);
    }
  }
}

// dist/codegen/map-plan.js
var KERNEL_MAP_TYPE = {
  hash: BPF_MAP_TYPE_HASH,
  lruhash: BPF_MAP_TYPE_LRU_HASH,
  percpuhash: BPF_MAP_TYPE_PERCPU_HASH,
  percpulruhash: BPF_MAP_TYPE_LRU_PERCPU_HASH
};
var RINGBUF_BYTES = 1 << 20;
function planMaps(maps, settings) {
  const plans = [...maps.values()].map((info) => {
    const perCpu = info.value.kind === "agg";
    const keySize = keyLayout(info).total;
    const decl = settings?.decls.get(info.name);
    const kind = decl?.kind ?? impliedKind(info.value);
    return {
      name: info.name,
      info,
      perCpu,
      spec: {
        type: KERNEL_MAP_TYPE[kind],
        // Entries are allocated when inserted and freed only after an RCU grace period, so a
        // probe still updating an entry user space just deleted (clear, print-and-clear) writes
        // to a dead entry, never into one reused for another key. LRU maps must preallocate.
        flags: kind === "hash" || kind === "percpuhash" ? BPF_F_NO_PREALLOC : 0,
        keySize,
        valueSize: storageSize(info.value),
        maxEntries: decl?.maxEntries ?? settings?.maxMapKeys ?? DEFAULT_MAP_KEYS,
        name: info.name === "@" ? "AT_" : `AT_${info.name.slice(1)}`
      }
    };
  });
  plans.push({
    name: RINGBUF_MAP,
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_RINGBUF, keySize: 0, valueSize: 0, maxEntries: RINGBUF_BYTES, name: "ebt_ringbuf" }
  });
  plans.push({
    name: GENERATIONS_MAP,
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 8 * GENERATION_SLOTS, maxEntries: 1, name: "ebt_generation" }
  });
  plans.push({
    name: MAP_FULL_MAP,
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 8 * MAP_FULL_SLOTS, maxEntries: 1, name: "ebt_map_full" }
  });
  const histogramBytes = [...maps.values()].filter((m) => isHistogram(m.value)).map((m) => storageSize(m.value));
  if (histogramBytes.length > 0) {
    plans.push({
      name: ZEROES_MAP,
      perCpu: false,
      spec: { type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: Math.max(...histogramBytes), maxEntries: 1, name: "ebt_zeroes" }
    });
  }
  plans.push({
    name: LOST_MAP,
    perCpu: false,
    spec: { type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 8, maxEntries: 1, name: "ebt_lost" }
  });
  return plans;
}

// dist/codegen/func-btf.js
var BTF_MAGIC = 60319;
var BTF_KIND_INT = 1;
var BTF_KIND_PTR = 2;
var BTF_KIND_FUNC = 12;
var BTF_KIND_FUNC_PROTO = 13;
var BTF_INT_SIGNED = 1 << 0;
var BTF_FUNC_STATIC = 0;
var LONG = 1;
var VOID_PTR = 2;
var PARAMS = {
  main: [["ctx", VOID_PTR]],
  "loop-callback": [["index", LONG], ["ctx", VOID_PTR]],
  "each-callback": [["map", VOID_PTR], ["key", VOID_PTR], ["value", VOID_PTR], ["ctx", VOID_PTR]]
};
var SHAPES = ["main", "loop-callback", "each-callback"];
function funcBtf(funcs) {
  const strings2 = new StringTable();
  const words = [];
  const info = (kind, vlen) => (kind << 24 | vlen & 65535) >>> 0;
  words.push(strings2.add("long"), info(BTF_KIND_INT, 0), 8, (BTF_INT_SIGNED << 24 | 64) >>> 0);
  words.push(0, info(BTF_KIND_PTR, 0), 0);
  const protoId = /* @__PURE__ */ new Map();
  SHAPES.forEach((shape, i) => {
    protoId.set(shape, 3 + i);
    const params = PARAMS[shape];
    words.push(0, info(BTF_KIND_FUNC_PROTO, params.length), LONG);
    for (const [name, type] of params)
      words.push(strings2.add(name), type);
  });
  const firstFunc = 3 + SHAPES.length;
  const sorted = [...funcs].sort((a, b) => a.insnOff - b.insnOff);
  sorted.forEach((f) => {
    words.push(strings2.add(f.name), info(BTF_KIND_FUNC, BTF_FUNC_STATIC), protoId.get(f.shape));
  });
  const types = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => types.writeUInt32LE(w >>> 0, i * 4));
  const str = strings2.bytes();
  const header = Buffer.alloc(24);
  header.writeUInt16LE(BTF_MAGIC, 0);
  header.writeUInt8(1, 2);
  header.writeUInt8(0, 3);
  header.writeUInt32LE(24, 4);
  header.writeUInt32LE(0, 8);
  header.writeUInt32LE(types.length, 12);
  header.writeUInt32LE(types.length, 16);
  header.writeUInt32LE(str.length, 20);
  const funcInfo = Buffer.alloc(sorted.length * 8);
  sorted.forEach((f, i) => {
    funcInfo.writeUInt32LE(f.insnOff, i * 8);
    funcInfo.writeUInt32LE(firstFunc + i, i * 8 + 4);
  });
  return { btf: Buffer.concat([header, types, str]), funcInfo, funcInfoRecSize: 8 };
}
function functionsOf(insns, callbacks) {
  const slotOf = /* @__PURE__ */ new Map();
  let slot = 0;
  for (const insn of insns) {
    for (const l of insn.labels ?? [])
      slotOf.set(l, slot);
    slot += insnWidth(insn);
  }
  return [
    { name: "main", shape: "main", insnOff: 0 },
    ...callbacks.map((c, i) => ({ name: `for_body_${i + 1}`, shape: c.shape, insnOff: slotOf.get(c.label) }))
  ];
}
var StringTable = class {
  parts = [Buffer.from([0])];
  size = 1;
  offsets = /* @__PURE__ */ new Map();
  add(s) {
    const known = this.offsets.get(s);
    if (known !== void 0)
      return known;
    const off = this.size;
    const b = Buffer.from(s + "\0", "latin1");
    this.parts.push(b);
    this.size += b.length;
    this.offsets.set(s, off);
    return off;
  }
  bytes() {
    return Buffer.concat(this.parts);
  }
};

// dist/diagnostics/diagnostic.js
var Diagnostics = class {
  items = [];
  error(span, message, hints) {
    this.items.push({ severity: "error", span, message, hints });
  }
  warning(span, message, hints) {
    this.items.push({ severity: "warning", span, message, hints });
  }
  get hasErrors() {
    return this.items.some((d) => d.severity === "error");
  }
};

// dist/semantic/agg-read-type.js
var READABLE_AGGS = ["count", "sum", "min", "max", "avg"];
function aggReadType(c, e, agg) {
  if (!READABLE_AGGS.includes(agg)) {
    c.error(e.span, `The value of ${agg}() map ${e.name} can only be printed, not read in a probe`);
    return u64;
  }
  return agg === "count" ? u64 : s64;
}

// dist/semantic/attach-points.js
function resolveAttachPoint(ap, kernel, diags, ctx = {}) {
  const colon = ap.raw.indexOf(":");
  const providerName = colon < 0 ? ap.raw : ap.raw.slice(0, colon);
  const rest = colon < 0 ? void 0 : ap.raw.slice(colon + 1);
  const provider = findProvider(providerName);
  if (!provider) {
    diags.error(ap.span, `Invalid probe type: ${providerName}`);
    return [];
  }
  return provider.resolve(rest, ap, kernel, diags, ctx).map((t) => ({ ...t, span: t.span ?? ap.span, ...ctx.target ? { process: ctx.target } : {} }));
}

// dist/semantic/scopes.js
var ScratchScopes = class {
  scopes = [/* @__PURE__ */ new Map()];
  used = /* @__PURE__ */ new Map();
  /** Every variable's key, by the node that names it. */
  keyOf = /* @__PURE__ */ new Map();
  vars = /* @__PURE__ */ new Map();
  /** For each `for`: the keys of the outer variables its body reads or writes. */
  loopOuter = /* @__PURE__ */ new Map();
  loops = [];
  enter() {
    this.scopes.push(/* @__PURE__ */ new Map());
  }
  leave() {
    this.scopes.pop();
  }
  enterLoop(f) {
    this.loops.push(f);
    this.loopOuter.set(f, /* @__PURE__ */ new Set());
    this.enter();
  }
  leaveLoop() {
    this.leave();
    this.loops.pop();
  }
  /** The `for` whose frame the code being checked runs in (undefined: the probe's). */
  get frame() {
    return this.loops[this.loops.length - 1];
  }
  find(name) {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name);
      if (v)
        return v;
    }
    return void 0;
  }
  /** Declares `name` in the innermost scope. */
  declare(name, origin, node) {
    const n = (this.used.get(name) ?? 0) + 1;
    this.used.set(name, n);
    const info = { key: n === 1 ? name : `${name}#${n}`, frame: this.frame, origin, assigned: origin !== "let" };
    this.scopes[this.scopes.length - 1].set(name, info);
    this.vars.set(info.key, info);
    this.use(info, node);
    return info;
  }
  /** Records that `node` names variable `info`; a variable of an outer frame is one the loops between need. */
  use(info, node) {
    this.keyOf.set(node, info.key);
    for (let i = this.loops.length - 1; i >= 0 && this.loops[i] !== info.frame; i--) {
      this.loopOuter.get(this.loops[i]).add(info.key);
    }
  }
};

// dist/semantic/operator-types.js
var COMPARISONS = /* @__PURE__ */ new Set(["==", "!=", "<", "<=", ">", ">="]);
var ARITHMETIC = /* @__PURE__ */ new Set(["+", "-", "*", "/", "%"]);
function isFlexibleLiteral(e) {
  return e.kind === "IntLit" && e.value >= 0n;
}
function signedOperand(e, t) {
  return t.kind === "int" && t.signed && !isFlexibleLiteral(e);
}
function integerOpWarnings(c, op, left, lt, right, rt, at) {
  const ls = signedOperand(left, lt);
  const rs = signedOperand(right, rt);
  const mixed = lt.kind === "int" && rt.kind === "int" && !isFlexibleLiteral(left) && !isFlexibleLiteral(right) && lt.signed !== rt.signed;
  if (mixed && (COMPARISONS.has(op) || ARITHMETIC.has(op))) {
    const what = COMPARISONS.has(op) ? "comparison" : "arithmetic";
    c.warning(at, `${what} of integers of different signs: '${typeName(lt)}' and '${typeName(rt)}' can lead to undefined behavior`);
  }
  if ((op === "/" || op === "%") && (ls || rs)) {
    c.warning(at, `signed operands for '${op}' can lead to undefined behavior (cast to unsigned to silence warning)`);
  }
}
function promote(lt, rt) {
  const unsigned = (t) => t.kind === "ptr" || t.kind === "int" && !t.signed;
  return intType(64, !(unsigned(lt) || unsigned(rt)));
}
function binaryType(c, e, l, r) {
  const opSpan = e.opSpan ?? e.span;
  if (e.op === "&&" || e.op === "||") {
    for (const [x, t] of [[e.left, l], [e.right, r]]) {
      if (!isScalar(t))
        c.error(x.span, `The ${e.op} operator can not be used on expressions of type '${typeName(t)}'`);
    }
    return boolT;
  }
  if (l.kind === "str" || r.kind === "str" || l.kind === "tuple" || r.kind === "tuple") {
    if (l.kind !== r.kind || l.kind !== "str" && !sameType(l, r)) {
      c.error(e.span, `Type mismatch for '${e.op}': comparing '${typeName(l)}' with '${typeName(r)}'`);
    } else if (e.op !== "==" && e.op !== "!=") {
      c.error(opSpan, `The ${e.op} operator can not be used on expressions of types ${typeName(l)}, ${typeName(r)}`);
    }
    return boolT;
  }
  if (!isScalar(l) || !isScalar(r)) {
    c.error(opSpan, `The ${e.op} operator can not be used on expressions of types ${typeName(l)}, ${typeName(r)}`);
    return s64;
  }
  integerOpWarnings(c, e.op, e.left, l, e.right, r, opSpan);
  if (COMPARISONS.has(e.op))
    return boolT;
  return promote(l, r);
}
function unaryOpSpan(e) {
  const s = e.span.start;
  return { ...e.span, end: { ...s, offset: s.offset + 1, col: s.col + 1 } };
}
function unaryType(c, e, t) {
  if (e.op === "*" && t.kind === "ptr")
    return derefType(c, e, t);
  if (e.op === "*" || e.op === "&") {
    c.error(e.span, `The ${e.op} operator is not supported yet`);
    return s64;
  }
  if (!(t.kind === "int" || t.kind === "bool" || e.op === "!" && t.kind === "ptr")) {
    c.error(unaryOpSpan(e), `The ${e.op} operator can not be used on expressions of type '${typeName(t)}'`);
    return e.op === "!" ? boolT : s64;
  }
  if (e.op === "!")
    return boolT;
  if (t.kind === "bool")
    return e.op === "-" ? s64 : u64;
  return t;
}
function castTarget(name, pointerDepth) {
  if (pointerDepth > 0)
    return void 0;
  if (name === "bool")
    return boolT;
  const m = /^(u?)int(8|16|32|64)$/.exec(name);
  if (!m)
    return void 0;
  return intType(Number(m[2]), m[1] !== "u");
}
function castHeadSpan(e) {
  return { ...e.span, end: e.operand.span.start };
}
function castType(c, e, from) {
  const user = from.kind === "ptr" ? from.user : c.target.provider.userMemory === true;
  const target = castTarget(e.type.name, e.type.pointerDepth) ?? kernelPointerType(e.type.name, e.type.pointerDepth, user);
  if (!target) {
    const known = /^(struct|union|enum) /.test(e.type.name) || e.type.pointerDepth > 0 || e.type.name === "string";
    if (/^(struct|union) /.test(e.type.name) && e.type.pointerDepth > 0) {
      c.error(e.type.span, `Unknown struct/union: '${e.type.name}'`);
      return { kind: "ptr", to: { kind: "struct", name: e.type.name, btf: 0, size: 0 }, user: false };
    }
    if (known)
      c.error(e.type.span, `Cannot cast to ${e.type.name}${" *".repeat(e.type.pointerDepth)}: not supported yet`);
    else
      c.error(castHeadSpan(e), `Unknown struct/union: '${e.type.name}'`);
    return s64;
  }
  if (!(from.kind === "int" || from.kind === "bool" || from.kind === "ptr")) {
    c.error(castHeadSpan(e), `Casts are not supported for type: "${typeName(from)}"`);
  }
  return target;
}

// dist/semantic/check.js
function check(program, kernel, diags, opts) {
  const targets = [];
  const settings = mapSettings(program, diags, opts.maxMapKeys);
  for (const item of program.items) {
    if (item.kind === "ConfigBlock" || item.kind === "MapDecl")
      continue;
    if (item.kind !== "Probe") {
      diags.error(item.span, `${describeTopLevel(item.kind)} is not supported yet`);
      continue;
    }
    for (const ap of item.attachPoints) {
      for (const target of resolveAttachPoint(ap, kernel, diags, { pid: opts.target?.pid, target: opts.target, unsafe: opts.unsafe }))
        targets.push({ ast: item, target });
    }
  }
  checkIteratorAlone(targets.map((t) => t.target), diags);
  if (diags.hasErrors)
    return { probes: [], maps: /* @__PURE__ */ new Map(), settings };
  const maps = /* @__PURE__ */ new Map();
  for (const [name, m] of opts.existingMaps ?? [])
    maps.set(name, { ...m, keys: [...m.keys] });
  for (const t of targets)
    new ProbeChecker(t.ast, t.target, kernel, new Diagnostics(), opts, maps).run();
  const probes = targets.map((t) => new ProbeChecker(t.ast, t.target, kernel, diags, opts, maps).run());
  checkDecls(settings, maps, diags);
  assignGenerations(probes, maps, opts.existingMaps);
  return { probes, maps, settings };
}
function assignGenerations(probes, maps, existing) {
  let next = 0;
  for (const m of existing?.values() ?? [])
    if (m.genSlot !== void 0)
      next = Math.max(next, m.genSlot + 1);
  for (const p of probes) {
    for (const e of p.types.keys()) {
      if (e.kind !== "Call" || !printClears(e))
        continue;
      const info = maps.get(e.args[0].name);
      if (!info || info.genSlot !== void 0 || existing?.has(info.name) || next >= GENERATION_SLOTS)
        continue;
      info.genSlot = next++;
    }
  }
}
function describeTopLevel(kind) {
  return { MacroDef: "macro", ConfigBlock: "config block", Import: "import", MapDecl: "map declaration" }[kind] ?? kind;
}
var ProbeChecker = class {
  ast;
  target;
  diags;
  opts;
  maps;
  types = /* @__PURE__ */ new Map();
  /** Format strings (printf's first argument...): they are not values, so max_strlen does not bound them. */
  formats = /* @__PURE__ */ new Set();
  scratch = /* @__PURE__ */ new Map();
  scopes = new ScratchScopes();
  args;
  /** How many `while`/`for` bodies enclose the statement being checked (break/continue need one). */
  loopDepth = 0;
  maxStrlen;
  userArgs;
  unsafe;
  positional;
  constructor(ast, target, kernel, diags, opts, maps) {
    this.ast = ast;
    this.target = target;
    this.diags = diags;
    this.opts = opts;
    this.maps = maps;
    this.args = target.provider.args?.(target, kernel);
    this.maxStrlen = opts.maxStrlen;
    this.unsafe = opts.unsafe ?? false;
    this.positional = opts.positional;
    this.userArgs = target.provider.argsAreUserPointers?.(target) ?? false;
  }
  run() {
    if (this.ast.predicate) {
      const t = this.check(this.ast.predicate);
      if (!isScalar(t))
        this.error(this.ast.predicate.span, `Invalid type for predicate: ${typeName(t)}`);
    }
    this.block(this.ast.body);
    for (const [key, v] of this.scopes.vars) {
      if (!v.assigned && v.decl)
        this.warning(v.decl.declSpan ?? v.decl.span, `Variable ${key.replace(/#\d+$/, "")} was never assigned to.`);
      if (!this.scratch.has(key))
        this.scratch.set(key, s64);
    }
    return {
      ast: this.ast,
      target: this.target,
      types: this.types,
      scratch: this.scratch,
      varKeys: this.scopes.keyOf,
      scopes: this.scopes,
      args: this.args
    };
  }
  error(span, message) {
    this.diags.error(span, message);
  }
  mapValueType(name) {
    return this.maps.get(name)?.value;
  }
  mapKeyTypes(name) {
    return this.maps.get(name)?.keys;
  }
  warning(span, message) {
    this.diags.warning(span, message);
  }
  // ------------------------------------------------------------------ statements
  block(b) {
    this.scopes.enter();
    pairPrintAndClear(b.stmts);
    for (const s of b.stmts)
      this.stmt(s);
    this.scopes.leave();
  }
  stmt(s) {
    switch (s.kind) {
      case "ExprStmt":
        this.check(s.expr);
        return;
      case "AssignStmt":
        this.assign(s);
        return;
      case "LetStmt":
        this.let(s);
        return;
      case "IfStmt":
        this.condition(s.cond);
        this.block(s.then);
        if (s.else)
          this.stmt(s.else);
        return;
      case "WhileStmt":
        this.condition(s.cond);
        this.loopDepth++;
        this.block(s.body);
        this.loopDepth--;
        return;
      case "UnrollStmt": {
        const t = this.check(s.count);
        const end = s.count.span.end;
        const head = { ...s.span, end: { ...end, offset: end.offset + 1, col: end.col + 1 } };
        if (s.count.kind !== "IntLit" || !isIntegral(t))
          this.error(s.count.span, "unroll count must be an integer literal");
        else if (s.count.value > 100n)
          this.error(head, "unroll maximum value is 100");
        else if (s.count.value < 1n)
          this.error(head, "unroll minimum value is 1");
        this.block(s.body);
        return;
      }
      case "Block":
        this.check(s);
        return;
      case "JumpStmt":
        if (s.jump !== "return" && this.loopDepth === 0)
          this.error(s.span, `${s.jump} used outside of a loop`);
        if (s.value)
          this.check(s.value);
        return;
      case "ForMapStmt":
      case "ForRangeStmt":
        this.forLoop(s);
        return;
    }
  }
  condition(e) {
    const t = this.check(e);
    if (!isScalar(t))
      this.error(e.span, `Invalid condition of type ${typeName(t)}`);
  }
  assign(s) {
    const { target, value } = s;
    if (target.kind === "MapAccess")
      spreadTupleKey(target);
    if (target.kind === "MapAccess" && value.kind === "Call") {
      const b = findBuiltin(value.name);
      if (b?.kind === "agg") {
        if (s.op !== "=")
          this.error(s.span, `${value.name}() can only be assigned with '='`);
        if (!this.checkArity(value, b.arity)) {
          value.args.forEach((x) => this.check(x));
          return;
        }
        const refined = b.check(this, value) ?? {};
        const keys = target.keys.map((k) => this.keyType(k));
        this.defineMap(target, keys, { kind: "agg", agg: b.agg, signed: true, ...refined }, target.span, value.span);
        return;
      }
    }
    let vt = this.check(value);
    if (s.op !== "=") {
      if (target.kind === "MapAccess" && !this.maps.has(target.name)) {
        const start = isFlexibleLiteral(value) ? u64 : isIntegral(vt) ? vt : s64;
        this.defineMap(target, target.keys.map((k) => this.keyType(k)), start, target.span);
      }
      const current = this.check(target);
      if (!isIntegral(current)) {
        const what = target.kind === "MapAccess" ? "map" : "variable";
        const at = target.kind === "MapAccess" ? target.span : s.span;
        const valueT = isFlexibleLiteral(value) ? u64 : vt;
        this.error(at, `Type mismatch for ${target.name}: trying to assign value of type '${typeName(valueT)}' when ${what} already contains a value of type '${typeName(current)}'`);
        return;
      }
      if (!isIntegral(vt)) {
        this.error(s.span, `The ${s.op} operator can not be used on expressions of types ${typeName(current)}, ${typeName(vt)}`);
        return;
      }
      integerOpWarnings(this, s.op.slice(0, -1), target, current, value, vt, s.opSpan ?? s.span);
      vt = current;
    }
    if (vt.kind === "none") {
      this.error(value.span, "Value does not have a type that can be assigned");
      return;
    }
    if (target.kind === "ScratchVar") {
      const v = this.scopes.find(target.name) ?? this.scopes.declare(target.name, "assign", target);
      this.scopes.use(v, target);
      v.assigned = true;
      this.defineScratch(v.key, vt, s.op === "=" ? s.opSpan ?? target.span : target.span, target.name);
      if (s.op === "=")
        this.check(target);
    } else {
      const old = this.maps.get(target.name)?.value;
      if (old?.kind === "tuple" && vt.kind === "tuple" && !sameType(old, vt)) {
        this.error(s.opSpan ?? target.span, `Tuple type mismatch: ${typeName(old)} != ${typeName(vt)}.`);
        return;
      }
      this.defineMap(target, target.keys.map((k) => this.keyType(k)), vt, target.span);
      const info = this.maps.get(target.name);
      if (info)
        this.types.set(target, info.value);
    }
  }
  /**
   * `for ($i : a..b)` and `for ($kv : @map)`: the body runs as a callback (bpf_loop or
   * bpf_for_each_map_elem) with its own frame; the loop variable is declared in the loop's scope.
   */
  forLoop(s) {
    let vt = s64;
    if (s.kind === "ForRangeStmt") {
      const [from, to] = [this.check(s.from), this.check(s.to)];
      if (!isIntegral(from))
        this.error(s.from.span, "Loop range requires an integer for the start value");
      if (!isIntegral(to))
        this.error(s.to.span, "Loop range requires an integer for the end value");
    } else {
      const info = this.maps.get(s.map.name);
      if (s.map.keys.length > 0)
        this.error(s.map.span, `${s.map.name}[...] is not a map: use ${s.map.name} to iterate over all its entries`);
      if (!info)
        this.error(s.map.span, `Undefined map: ${s.map.name}`);
      else if (info.keys.length === 0) {
        this.error(s.map.span, `${s.map.name} has no explicit keys (scalar map), and cannot be used for iteration`);
      } else if (info.value.kind === "agg" && !READABLE_AGGS.includes(info.value.agg)) {
        this.error(s.map.span, `Loop expression does not support type: ${typeName(info.value)}`);
      } else {
        const key = info.keys.length === 1 ? info.keys[0] : { kind: "tuple", elems: info.keys };
        const value = info.value.kind === "agg" ? info.value.agg === "count" ? u64 : s64 : info.value;
        vt = { kind: "tuple", elems: [key, value] };
      }
    }
    const prior = this.scopes.find(s.variable);
    if (prior)
      this.error(s.variableSpan ?? s.span, `Loop declaration shadows existing variable: ${s.variable}`);
    this.scopes.enterLoop(s);
    const v = this.scopes.declare(s.variable, "loop", s);
    this.scratch.set(v.key, vt);
    this.loopDepth++;
    this.block(s.body);
    this.loopDepth--;
    this.scopes.leaveLoop();
  }
  /** `let $x[: type] [= e]`: a new variable in the innermost block; shadowing is an error. */
  let(s) {
    const vt = s.value ? this.check(s.value) : void 0;
    if (this.scopes.find(s.name)) {
      this.error(s.declSpan ?? s.span, `Variable ${s.name} was already declared. Variable shadowing is not allowed.`);
      return;
    }
    const v = this.scopes.declare(s.name, "let", s);
    v.decl = s;
    let declared;
    if (s.type) {
      declared = letType(s.type);
      if (!declared) {
        this.error(s.type.span, `Invalid variable declaration type: ${s.type.name}${"*".repeat(s.type.pointerDepth)}`);
        return;
      }
      this.scratch.set(v.key, declared);
    }
    if (!s.value || !vt)
      return;
    v.assigned = true;
    if (vt.kind === "none") {
      this.error(s.value.span, "Value does not have a type that can be assigned");
      return;
    }
    if (!declared) {
      this.defineScratch(v.key, vt, s.span, s.name);
      return;
    }
    const fits = isIntegral(declared) && isIntegral(vt) || declared.kind === "str" && vt.kind === "str" || sameType(declared, vt);
    if (!fits) {
      this.error(s.span, `Type mismatch for ${s.name}: trying to assign value of type '${typeName(vt)}' when variable already has a type '${typeName(declared)}'`);
    }
  }
  defineScratch(key, t, span, name = key) {
    const old = this.scratch.get(key);
    if (!old)
      this.scratch.set(key, t);
    else if (this.declaredType(key) && (isIntegral(old) && isIntegral(t) || old.kind === "str" && t.kind === "str"))
      return;
    else if (old.kind === "tuple" && t.kind === "tuple" && !sameType(old, t)) {
      this.error(span, `Tuple type mismatch: ${typeName(old)} != ${typeName(t)}.`);
    } else if (!sameType(old, t)) {
      this.error(span, `Type mismatch for ${name}: trying to assign value of type '${typeName(t)}' when variable already contains a value of type '${typeName(old)}'`);
    } else
      this.scratch.set(key, widen(old, t));
  }
  defineMap(m, keys, value, span, callSpan) {
    const old = this.maps.get(m.name);
    if (!old) {
      this.maps.set(m.name, { name: m.name, keys, value, span: m.span });
      return;
    }
    if (old.value.kind === "agg" && value.kind === "agg" && old.value.agg === value.agg && !sameType(old.value, value)) {
      const what = value.agg === "lhist" ? "Different lhist bounds in a single map unsupported" : "Different bits in a single hist unsupported";
      this.error(callSpan ?? span, what);
      return;
    }
    if (!sameType(old.value, value)) {
      this.error(span, `Type mismatch for ${m.name}: trying to assign value of type '${typeName(value)}' when map already contains a value of type '${typeName(old.value)}'`);
      return;
    }
    old.value = widen(old.value, value);
    this.unifyKeys(m, old, keys);
  }
  unifyKeys(m, info, keys) {
    const same = keys.length === info.keys.length && keys.every((k, i) => sameType(k, info.keys[i]));
    if (!same) {
      const show = (ks) => ks.length === 0 ? "[]" : `[${ks.map(typeName).join(", ")}]`;
      this.error(m.span, `Argument mismatch for ${m.name}: trying to access with arguments: ${show(keys)} when map expects arguments: ${show(info.keys)}`);
      return;
    }
    info.keys = info.keys.map((k, i) => widen(k, keys[i]));
  }
  // ------------------------------------------------------------------ expressions
  check(e) {
    const t = this.infer(e);
    this.types.set(e, t);
    return t;
  }
  infer(e) {
    switch (e.kind) {
      case "IntLit":
        return e.value > 0x7fffffffffffffffn ? u64 : s64;
      case "StrLit": {
        const size = Buffer.byteLength(e.value) + 1;
        if (size > this.maxStrlen && !this.formats.has(e))
          this.error(e.span, `String is too long (over ${this.maxStrlen} bytes): ${e.value}`);
        return strType(size);
      }
      case "BoolLit":
        return boolT;
      case "Identifier":
        return this.identifier(e);
      case "Positional":
        return this.positionalType(e);
      case "ScratchVar":
        return this.readScratch(e);
      case "MapAccess":
        return this.mapRead(e);
      case "Binary":
        return binaryType(this, e, this.check(e.left), this.check(e.right));
      case "Unary":
        return unaryType(this, e, this.check(e.operand));
      case "Update": {
        if (e.target.kind === "MapAccess")
          spreadTupleKey(e.target);
        if (e.target.kind === "MapAccess" && !this.maps.has(e.target.name)) {
          this.defineMap(e.target, e.target.keys.map((k) => this.keyType(k)), s64, e.target.span);
        }
        const t = this.check(e.target);
        if (!isIntegral(t)) {
          this.error(e.span, `The ${e.op} operator can not be used on expressions of type '${typeName(t)}'`);
          return s64;
        }
        if (e.target.kind === "MapAccess" && this.maps.get(e.target.name)?.value.kind === "agg") {
          this.error(e.span, `The ${e.op} operator can not be used on a map of ${typeName(this.maps.get(e.target.name).value)} values`);
        }
        if (e.target.kind === "ScratchVar") {
          const v = this.scopes.find(e.target.name);
          if (v)
            this.defineScratch(v.key, t, e.span, e.target.name);
        }
        return t;
      }
      case "Ternary": {
        this.condition(e.cond);
        const a = e.then ? this.check(e.then) : this.types.get(e.cond);
        const b = this.check(e.else);
        if (!sameType(a, b)) {
          this.error(e.span, `Ternary operator must return the same type: have '${kindName2(a)}' and '${kindName2(b)}'`);
          return a;
        }
        return widen(a, b);
      }
      case "Call":
        return this.call(e);
      case "FieldAccess":
        return this.field(e);
      case "Cast":
        return castType(this, e, this.check(e.operand));
      case "TupleExpr":
        return { kind: "tuple", elems: e.elems.map((x) => this.check(x)) };
      case "RecordExpr":
        return recordType(this, e);
      case "IndexAccess": {
        const obj = this.check(e.object);
        if (tupleIndexToField(this, e, obj))
          return e.kind === "FieldAccess" ? this.field(e) : s64;
        return kernelIndexType(this, e, obj);
      }
      case "SizeofExpr":
        return sizeofType(this, e);
      case "OffsetofExpr":
        return offsetofType(this, e);
      case "Block": {
        this.scopes.enter();
        pairPrintAndClear(e.stmts);
        for (const s of e.stmts)
          this.stmt(s);
        const t = e.value ? this.check(e.value) : noneT;
        this.scopes.leave();
        return t;
      }
    }
  }
  readScratch(e) {
    const v = this.scopes.find(e.name);
    if (!v) {
      this.error(e.span, `Undefined or undeclared variable: ${e.name}`);
      return s64;
    }
    this.scopes.use(v, e);
    if (!v.assigned)
      this.warning(e.span, `Variable used before it was assigned: ${e.name}`);
    let t = this.scratch.get(v.key);
    if (!t)
      this.scratch.set(v.key, t = s64);
    return t;
  }
  /** Whether the variable has a type from `let $x: type`, which assignments convert to. */
  declaredType(key) {
    return this.scopes.vars.get(key)?.decl?.type !== void 0;
  }
  identifier(e) {
    if (e.name === "args") {
      if (!this.args)
        this.error(e.span, `The args builtin can not be used with '${this.target.provider.name}' probes`);
      return { kind: "args" };
    }
    const b = findBuiltin(e.name);
    if (b?.kind === "var")
      return b.type(this, e);
    if (b?.kind === "func" && b.arity[0] === 0)
      return b.check(this, { ...e, kind: "Call", nameSpan: e.span, args: [] });
    this.error(e.span, `Unknown identifier: '${e.name}'`);
    return s64;
  }
  positionalType(e) {
    if (e.count)
      return s64;
    const v = this.opts.positional[e.index - 1];
    if (v !== void 0 && !/^-?(0x[0-9a-f]+|\d+)$/i.test(v))
      return strType(Buffer.byteLength(v) + 1);
    return s64;
  }
  /** Checks a map named as an object (delete, clear, print) rather than read as a value. */
  checkMapRef(e) {
    spreadTupleKey(e);
    const keys = e.keys.map((k) => this.keyType(k));
    const info = this.maps.get(e.name);
    if (!info)
      this.error(e.span, `Undefined map: ${e.name}`);
    else if (e.keys.length > 0)
      this.unifyKeys(e, info, keys);
  }
  /** A map key's type. (bpftrace 0.17 calls a literal key `unsigned int64`; current bpftrace, like
   * ebt, gives a literal a signed type.) */
  keyType(k) {
    return this.check(k);
  }
  mapRead(e) {
    spreadTupleKey(e);
    const keys = e.keys.map((k) => this.keyType(k));
    const info = this.maps.get(e.name);
    if (!info) {
      this.error(e.span, `Undefined map: ${e.name}`);
      return s64;
    }
    this.unifyKeys(e, info, keys);
    if (info.value.kind === "agg")
      return aggReadType(this, e, info.value.agg);
    return info.value;
  }
  call(e) {
    const b = findBuiltin(e.name);
    if (b?.kind === "func" && b.formatArg && e.args[0])
      this.formats.add(e.args[0]);
    if (!b) {
      this.error(e.nameSpan, `Unknown function: ${e.name}`);
      e.args.forEach((a) => this.check(a));
      return s64;
    }
    if (b.kind === "var") {
      if (e.args.length > 0 && !b.checkCallArgs)
        this.error(e.span, `${e.name}() takes no arguments`);
      else if (e.args.length > 0)
        b.checkCallArgs(this, e);
      return b.type(this, e);
    }
    if (b.kind === "agg") {
      this.error(e.span, `${e.name}() should be directly assigned to a map`);
      return s64;
    }
    if (!this.checkArity(e, b.arity)) {
      e.args.forEach((a) => this.check(a));
      return s64;
    }
    return b.check(this, e);
  }
  checkArity(e, [min, max]) {
    const n = e.args.length;
    if (n >= min && n <= max)
      return true;
    this.error(e.span, `${e.name}() ${arityWords(n, min, max)} (${n} provided)`);
    return false;
  }
  field(e) {
    const obj = this.check(e.object);
    if (obj.kind === "args") {
      const f = this.args?.find((a) => a.name === e.field);
      if (!f) {
        if (this.args)
          this.error(e.span, `Can't find a field ${e.field} in args of ${this.target.name}`);
        return s64;
      }
      return f.type;
    }
    if (obj.kind === "tuple")
      return elementType(this, e, obj);
    const kernel = kernelFieldType(this, e, obj);
    if (kernel)
      return kernel;
    this.error(e.span, `Can not access field '${e.field}' on expression of type '${typeName(obj)}'`);
    return s64;
  }
};
function letType(t) {
  if (t.name === "string" && t.pointerDepth === 0)
    return strType(t.arraySize ?? 64);
  if (t.arraySize !== void 0)
    return void 0;
  return castTarget(t.name, t.pointerDepth);
}
function widen(a, b) {
  if (a.kind === "str" && b.kind === "str" || a.kind === "buf" && b.kind === "buf")
    return a.size >= b.size ? a : b;
  if (a.kind === "tuple" && b.kind === "tuple") {
    const other = (i) => b.elems[a.names && b.names ? b.names.indexOf(a.names[i]) : i];
    return { kind: "tuple", elems: a.elems.map((x, i) => widen(x, other(i))), ...a.names ? { names: a.names } : {} };
  }
  return a;
}
function arityWords(n, min, max) {
  const count = (k) => k === 1 ? "one argument" : `${k} arguments`;
  if (min === max)
    return min === 0 ? "requires no arguments" : `requires ${count(min)}`;
  if (n < min)
    return `requires at least ${count(min)}`;
  return max === 0 ? "requires no arguments" : `takes up to ${count(max)}`;
}
function kindName2(t) {
  return { int: "integer", str: "string", bool: "bool", tuple: "tuple", ptr: "pointer" }[t.kind] ?? t.kind;
}

// dist/semantic/imports.js
import { existsSync, readdirSync, readFileSync as readFileSync2, statSync } from "node:fs";
import path from "node:path";
function resolveImports(program, file, sources, diags) {
  const seen = /* @__PURE__ */ new Set();
  const visit = (p, from, isRoot) => {
    const base = isRoot && !existsSync(from) ? process.cwd() : path.dirname(path.resolve(from));
    const items = [];
    for (const item of p.items) {
      if (!isRoot && item.kind === "ConfigBlock") {
        diags.error(item.span, "An imported script cannot contain a config block");
        continue;
      }
      if (item.kind !== "Import") {
        items.push(item);
        continue;
      }
      const target = path.resolve(base, item.path);
      if (!existsSync(target)) {
        diags.error(item.span, `Could not import "${item.path}": no such file or directory`);
        continue;
      }
      const files = statSync(target).isDirectory() ? readdirSync(target).filter((f) => f.endsWith(".bt")).sort().map((f) => path.join(target, f)) : [target];
      for (const f of files) {
        if (seen.has(f))
          continue;
        seen.add(f);
        if (!f.endsWith(".bt")) {
          diags.error(item.span, `Could not import "${item.path}": only bpftrace scripts (.bt) can be imported; C files need a C compiler`);
          continue;
        }
        const text = readFileSync2(f, "utf8");
        const shown = path.relative(process.cwd(), f) || f;
        sources.set(shown, new SourceMap(shown, text));
        const parsed = parse(text, shown);
        for (const d of parsed.diagnostics)
          diags.items.push(d);
        if (!parsed.program)
          continue;
        visit(parsed.program, f, false);
        items.push(...parsed.program.items);
      }
    }
    p.items = items;
  };
  visit(program, file, true);
}

// dist/semantic/macros.js
var MAX_DEPTH = 100;
function expandMacros(program, diags) {
  const macros = /* @__PURE__ */ new Map();
  for (const item of program.items) {
    if (item.kind !== "MacroDef")
      continue;
    if (macros.has(item.name))
      diags.error(item.span, `Redefinition of macro: ${item.name}`);
    macros.set(item.name, item);
  }
  if (macros.size === 0)
    return;
  let counter2 = 0;
  const expand = (node, depth) => {
    if (Array.isArray(node))
      return node.map((n2) => expand(n2, depth));
    if (!node || typeof node !== "object")
      return node;
    const n = node;
    if (n.kind === "Call" || n.kind === "Identifier") {
      const m = macros.get(n.name);
      if (m && (n.kind === "Call" || m.params.length === 0)) {
        const call = n;
        const args = call.kind === "Call" ? call.args : [];
        if (depth >= MAX_DEPTH) {
          diags.error(call.span, `Macro recursion limit reached: ${m.name}`);
          return node;
        }
        const body = instantiate(m, args, call, ++counter2, diags);
        return body ? expand(body, depth + 1) : node;
      }
    }
    const out = {};
    for (const [k, v] of Object.entries(n))
      out[k] = k === "span" || k.endsWith("Span") ? v : expand(v, depth);
    return out;
  };
  program.items = program.items.filter((i) => i.kind !== "MacroDef").map((i) => i.kind === "Probe" ? { ...i, predicate: expand(i.predicate, 0), body: expand(i.body, 0) } : i);
}
function instantiate(m, args, call, id, diags) {
  if (args.length !== m.params.length) {
    diags.error(call.span, `Call to ${m.name}() has arguments that do not match any definition.`);
    return void 0;
  }
  const exprs = /* @__PURE__ */ new Map();
  const vars = /* @__PURE__ */ new Map();
  const maps = /* @__PURE__ */ new Map();
  for (let i = 0; i < args.length; i++) {
    const p = m.params[i];
    const a = args[i];
    if (p.startsWith("$")) {
      if (a.kind !== "ScratchVar") {
        const got = a.kind === "MapAccess" ? "a map" : "an expression";
        diags.error(a.span, `Mismatched arg. ${m.name}() expects a variable for arg ${p} but got ${got}.`);
        return void 0;
      }
      vars.set(p, a.name);
    } else if (p.startsWith("@")) {
      if (a.kind !== "MapAccess" || a.keys.length > 0) {
        const got = a.kind === "ScratchVar" ? "a variable" : "an expression";
        diags.error(a.span, `Mismatched arg. ${m.name}() expects a map for arg ${p} but got ${got}.`);
        return void 0;
      }
      maps.set(p, a.name);
    } else {
      exprs.set(p, a);
    }
  }
  const copy = (node) => {
    if (Array.isArray(node))
      return node.map(copy);
    if (!node || typeof node !== "object")
      return node;
    const n = node;
    if (n.kind === "Identifier" && exprs.has(n.name))
      return structuredClone(exprs.get(n.name));
    const out = {};
    for (const [k, v] of Object.entries(n))
      out[k] = k === "span" || k.endsWith("Span") ? v : copy(v);
    if ((n.kind === "ScratchVar" || n.kind === "LetStmt") && typeof n.name === "string") {
      out.name = vars.get(n.name) ?? `${n.name}__${m.name}_${id}`;
    }
    if ((n.kind === "ForMapStmt" || n.kind === "ForRangeStmt") && typeof n.variable === "string") {
      out.variable = vars.get(n.variable) ?? `${n.variable}__${m.name}_${id}`;
    }
    if (n.kind === "MapAccess" && typeof n.name === "string") {
      if (maps.has(n.name))
        out.name = maps.get(n.name);
      else
        diags.error(n.span, `Unhygienic access to map: ${n.name}. Maps must be passed into the macro as arguments.`);
    }
    return out;
  };
  return { ...copy(m.body), span: call.span };
}

// dist/semantic/config.js
var DEFAULT_CONFIG = { maxStrlen: 64, maxMapKeys: 4096 };
var KEYS = {
  cache_user_symbols: "string",
  cpp_demangle: "bool",
  lazy_symbolication: "bool",
  license: "string",
  log_size: "number",
  max_bpf_progs: "number",
  max_cat_bytes: "number",
  max_map_keys: "number",
  max_probes: "number",
  max_strlen: "number",
  on_stack_limit: "number",
  perf_rb_pages: "number",
  stack_mode: "string",
  str_trunc_trailer: "string",
  missing_probes: "string",
  print_maps_on_exit: "bool",
  use_blazesym: "bool",
  show_debug_info: "bool",
  unstable_import: "string",
  unstable_tseries: "string",
  unstable_typeinfo: "string",
  unstable_dw_ustack: "string",
  unstable_map_decl: "string",
  max_type_res_iterations: "number",
  symbol_source: "string"
};
var RENAMED = {
  strlen: "max_strlen",
  no_cpp_demangle: "cpp_demangle",
  cat_bytes_max: "max_cat_bytes",
  map_keys_max: "max_map_keys"
};
var ENV_ONLY = /* @__PURE__ */ new Set(["btf", "kernel_build", "kernel_source", "vmlinux"]);
function normalise(key) {
  const k = key.toLowerCase();
  return k.startsWith("bpftrace_") ? k.slice("bpftrace_".length) : k;
}
function validate(key, value) {
  let k = normalise(key);
  let renamed;
  if (!(k in KEYS) && k in RENAMED) {
    renamed = RENAMED[k];
    k = renamed;
  }
  if (!(k in KEYS)) {
    return { error: ENV_ONLY.has(k) ? `${key}: can only be set as an environment variable` : `${key}: not a known configuration option` };
  }
  const kind = KEYS[k];
  if (kind === "number" && typeof value === "string" && !/^\d+$/.test(value))
    return { error: `${key}: expecting a number, got ${value}` };
  if (kind === "bool" && !/^(true|false|1|0)$/.test(String(value))) {
    return { error: `${key}: Invalid bool value: valid values are true, false, 1 or 0.` };
  }
  return { key: k, renamed };
}
function literal2(e) {
  if (e.kind === "IntLit")
    return e.value;
  if (e.kind === "StrLit")
    return e.value;
  if (e.kind === "Identifier")
    return e.name;
  if (e.kind === "BoolLit")
    return e.value ? "true" : "false";
  return void 0;
}
function apply(config, key, value) {
  if (key === "max_strlen")
    config.maxStrlen = Number(value);
  else if (key === "max_map_keys")
    config.maxMapKeys = Number(value);
}
function resolveConfig(program, env, diags, base = DEFAULT_CONFIG) {
  const config = { ...base };
  let blocks = 0;
  for (const item of program.items) {
    if (item.kind !== "ConfigBlock")
      continue;
    if (++blocks > 1) {
      diags.error(item.span, "Only one config block is allowed");
      continue;
    }
    for (const entry of item.entries) {
      const value = literal2(entry.value);
      if (value === void 0) {
        diags.error(entry.value.span, `${entry.key}: the value must be a literal`);
        continue;
      }
      const r = validate(entry.key, value);
      if ("error" in r) {
        diags.error(entry.span, r.error);
        continue;
      }
      if (r.renamed)
        diags.warning(entry.span, `${entry.key} has been renamed, please use ${r.renamed}`);
      apply(config, r.key, value);
    }
  }
  for (const key of [...Object.keys(RENAMED), ...Object.keys(KEYS)]) {
    for (const prefix of ["BPFTRACE_", "EBT_"]) {
      const name = prefix + key.toUpperCase();
      const value = env[name];
      if (value === void 0 || value === "")
        continue;
      const r = validate(key, value);
      if ("error" in r)
        envError(diags, `${name}: ${r.error.slice(key.length + 2)}`);
      else
        apply(config, r.key, value);
    }
  }
  return config;
}
function envError(diags, message) {
  const nowhere = { offset: 0, line: 0, col: 0 };
  diags.error({ file: "", start: nowhere, end: nowhere }, message);
}

// dist/compile.js
function probeCount(plan) {
  return plan.programs.filter((p) => !p.target.additionalSite).length;
}
function compile(source, file, kernel, opts = {}) {
  const sources = /* @__PURE__ */ new Map([[file, new SourceMap(file, source)]]);
  const diagnostics = new Diagnostics();
  const parsed = parse(source, file);
  for (const d of parsed.diagnostics)
    diagnostics.items.push(d);
  if (!parsed.program || diagnostics.hasErrors)
    return { diagnostics, sources };
  resolveImports(parsed.program, file, sources, diagnostics);
  if (!diagnostics.hasErrors)
    expandMacros(parsed.program, diagnostics);
  if (diagnostics.hasErrors)
    return { diagnostics, sources };
  const positional = opts.positional ?? [];
  const base = { ...DEFAULT_CONFIG, ...opts.maxStrlen !== void 0 ? { maxStrlen: opts.maxStrlen } : {} };
  const config = resolveConfig(parsed.program, opts.env ?? {}, diagnostics, base);
  if (diagnostics.hasErrors)
    return { diagnostics, sources };
  const checked2 = check(parsed.program, kernel, diagnostics, { maxStrlen: config.maxStrlen, maxMapKeys: config.maxMapKeys, positional, existingMaps: opts.session?.maps, target: opts.target, unsafe: opts.unsafe });
  if (diagnostics.hasErrors)
    return { diagnostics, sources };
  const records = opts.session?.records ?? new RecordTable();
  const programs = [];
  for (const probe of checked2.probes) {
    try {
      const gen = new ProbeCodegen(probe, checked2.maps, records, positional, opts.helperChecks ?? 0);
      const insns = gen.emit().insns;
      programs.push({
        target: probe.target,
        progType: probe.target.provider.progType,
        runOnce: probe.target.provider.runOnce,
        code: assemble(insns),
        funcs: gen.callbacks.length > 0 ? funcBtf(functionsOf(insns, gen.callbacks)) : void 0,
        attach: probe.target.provider.loadTarget?.(probe.target)
      });
    } catch (e) {
      const big = e instanceof StackOverflow ? tooLargeWhole(probe.ast, probe.types) : void 0;
      if (big)
        diagnostics.error(big.span, big.message);
      else if (e instanceof StackOverflow || e instanceof RegisterExhausted)
        diagnostics.error(probe.ast.span, e.message);
      else if (e instanceof NotCopyable)
        diagnostics.error(e.span, e.message);
      else
        throw e;
    }
  }
  if (diagnostics.hasErrors)
    return { diagnostics, sources };
  for (const r of records.layouts)
    if ((r.kind === "errorf" || r.kind === "warnf") && !r.source)
      r.source = sources.get(r.span.file);
  renderMapFullWarnings(records.layouts, sources);
  const maps = [...planMaps(checked2.maps, checked2.settings), ...stackMapPlans(checked2.probes)];
  return { plan: { programs, maps, records: records.layouts }, diagnostics, sources };
}
function renderMapFullWarnings(layouts, sources) {
  for (const l of layouts) {
    if (l.kind !== "map_full" || l.text !== void 0)
      continue;
    const message = "Map full; can't update element. Try increasing max_map_keys config or manually setting the max entries in a map declaration e.g. `let @a = hash(5000)`\nAdditional Info - helper: 2, retcode: -7";
    l.text = renderDiagnostic({ severity: "warning", span: l.span, message }, sources);
  }
}

// dist/runtime/attach/attach-error.js
var AttachError = class extends KernelError {
  probe;
  name = "AttachError";
  constructor(probe, cause) {
    super(cause.op, cause.errno, cause.code, { cause, ...cause.detail !== void 0 ? { detail: cause.detail } : {}, ...cause.hint !== void 0 ? { hint: cause.hint } : {} });
    this.probe = probe;
    this.message = `Error attaching probe: '${probe}': ${cause.message}`;
  }
};
function attachTarget(progFd, target) {
  try {
    return target.provider.attach(progFd, target);
  } catch (e) {
    throw e instanceof KernelError ? new AttachError(target.name, e) : e;
  }
}

// dist/runtime/output/render.js
import { readFileSync as readFileSync4 } from "node:fs";

// dist/runtime/output/strftime.js
import { readFileSync as readFileSync3 } from "node:fs";
var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
var pad2 = (n, width, fill = "0") => String(n).padStart(width, fill);
function dayOfYear(d) {
  const start = new Date(d.getFullYear(), 0, 1);
  return Math.round((Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) - Date.UTC(start.getFullYear(), 0, 1)) / 864e5) + 1;
}
function isoWeek(d) {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return { week: Math.ceil(((t.getTime() - yearStart) / 864e5 + 1) / 7), year: t.getUTCFullYear() };
}
function zoneOffset(d) {
  const off = -d.getTimezoneOffset();
  const a = Math.abs(off);
  return `${off < 0 ? "-" : "+"}${pad2(Math.floor(a / 60), 2)}${pad2(a % 60, 2)}`;
}
function zoneName(d) {
  const part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(d).find((p) => p.type === "timeZoneName");
  const name = part?.value ?? "UTC";
  return /^GMT[+-]/.test(name) || name === "GMT" ? d.getTimezoneOffset() === 0 ? "UTC" : name : name;
}
function strftime(fmt, epochNs) {
  const d = new Date(Number(epochNs / 1000000n));
  const micros = Number(epochNs / 1000n % 1000000n);
  const h12 = d.getHours() % 12 || 12;
  const conv = (c) => {
    switch (c) {
      case "a":
        return DAYS[d.getDay()].slice(0, 3);
      case "A":
        return DAYS[d.getDay()];
      case "b":
      case "h":
        return MONTHS[d.getMonth()].slice(0, 3);
      case "B":
        return MONTHS[d.getMonth()];
      case "c":
        return `${conv("a")} ${conv("b")} ${pad2(d.getDate(), 2, " ")} ${conv("T")} ${d.getFullYear()}`;
      case "C":
        return pad2(Math.floor(d.getFullYear() / 100), 2);
      case "d":
        return pad2(d.getDate(), 2);
      case "D":
        return `${conv("m")}/${conv("d")}/${conv("y")}`;
      case "e":
        return pad2(d.getDate(), 2, " ");
      case "f":
        return pad2(micros, 6);
      case "F":
        return `${d.getFullYear()}-${conv("m")}-${conv("d")}`;
      case "g":
        return pad2(isoWeek(d).year % 100, 2);
      case "G":
        return String(isoWeek(d).year);
      case "H":
        return pad2(d.getHours(), 2);
      case "I":
        return pad2(h12, 2);
      case "j":
        return pad2(dayOfYear(d), 3);
      case "k":
        return pad2(d.getHours(), 2, " ");
      case "l":
        return pad2(h12, 2, " ");
      case "m":
        return pad2(d.getMonth() + 1, 2);
      case "M":
        return pad2(d.getMinutes(), 2);
      case "n":
        return "\n";
      case "p":
        return d.getHours() < 12 ? "AM" : "PM";
      case "P":
        return d.getHours() < 12 ? "am" : "pm";
      case "r":
        return `${conv("I")}:${conv("M")}:${conv("S")} ${conv("p")}`;
      case "R":
        return `${conv("H")}:${conv("M")}`;
      case "s":
        return String(Math.floor(d.getTime() / 1e3));
      case "S":
        return pad2(d.getSeconds(), 2);
      case "t":
        return "	";
      case "T":
        return `${conv("H")}:${conv("M")}:${conv("S")}`;
      case "u":
        return String(d.getDay() || 7);
      case "U":
        return pad2(Math.floor((dayOfYear(d) - 1 + 7 - d.getDay()) / 7), 2);
      case "V":
        return pad2(isoWeek(d).week, 2);
      case "w":
        return String(d.getDay());
      case "W":
        return pad2(Math.floor((dayOfYear(d) - 1 + 7 - (d.getDay() + 6) % 7) / 7), 2);
      case "x":
        return `${conv("m")}/${conv("d")}/${conv("y")}`;
      case "X":
        return conv("T");
      case "y":
        return pad2(d.getFullYear() % 100, 2);
      case "Y":
        return String(d.getFullYear());
      case "z":
        return zoneOffset(d);
      case "Z":
        return zoneName(d);
      case "%":
        return "%";
      default:
        return void 0;
    }
  };
  let out = "";
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== "%" || i + 1 >= fmt.length) {
      out += c;
      continue;
    }
    let j = i + 1;
    if ((fmt[j] === "E" || fmt[j] === "O") && j + 1 < fmt.length)
      j++;
    const r = conv(fmt[j]);
    if (r === void 0)
      out += fmt.slice(i, j + 1);
    else
      out += r;
    i = j;
  }
  return out;
}
var bootOffset;
function bootToEpochOffset() {
  if (bootOffset === void 0) {
    const wall = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    const mono = process.hrtime.bigint();
    let suspended = 0n;
    try {
      const uptime = Number(readFileSync3("/proc/uptime", "utf8").split(" ")[0]);
      const gap = BigInt(Math.round(uptime * 1e9)) - mono;
      if (gap > 50000000n)
        suspended = gap;
    } catch {
    }
    bootOffset = wall - mono - suspended;
  }
  return bootOffset;
}

// dist/runtime/output/render.js
var ERRNO_TEXT2 = {
  1: "Operation not permitted",
  2: "No such file or directory",
  3: "No such process",
  4: "Interrupted system call",
  5: "Input/output error",
  6: "No such device or address",
  7: "Argument list too long",
  8: "Exec format error",
  9: "Bad file descriptor",
  10: "No child processes",
  11: "Resource temporarily unavailable",
  12: "Cannot allocate memory",
  13: "Permission denied",
  14: "Bad address",
  15: "Block device required",
  16: "Device or resource busy",
  17: "File exists",
  18: "Invalid cross-device link",
  19: "No such device",
  20: "Not a directory",
  21: "Is a directory",
  22: "Invalid argument",
  23: "Too many open files in system",
  24: "Too many open files",
  25: "Inappropriate ioctl for device",
  26: "Text file busy",
  27: "File too large",
  28: "No space left on device",
  29: "Illegal seek",
  30: "Read-only file system",
  31: "Too many links",
  32: "Broken pipe",
  33: "Numerical argument out of domain",
  34: "Numerical result out of range",
  35: "Resource deadlock avoided",
  36: "File name too long",
  37: "No locks available",
  38: "Function not implemented",
  39: "Directory not empty",
  40: "Too many levels of symbolic links",
  42: "No message of desired type",
  43: "Identifier removed",
  44: "Channel number out of range",
  45: "Level 2 not synchronized",
  46: "Level 3 halted",
  47: "Level 3 reset",
  48: "Link number out of range",
  49: "Protocol driver not attached",
  50: "No CSI structure available",
  51: "Level 2 halted",
  52: "Invalid exchange",
  53: "Invalid request descriptor",
  54: "Exchange full",
  55: "No anode",
  56: "Invalid request code",
  57: "Invalid slot",
  59: "Bad font file format",
  60: "Device not a stream",
  61: "No data available",
  62: "Timer expired",
  63: "Out of streams resources",
  64: "Machine is not on the network",
  65: "Package not installed",
  66: "Object is remote",
  67: "Link has been severed",
  68: "Advertise error",
  69: "Srmount error",
  70: "Communication error on send",
  71: "Protocol error",
  72: "Multihop attempted",
  73: "RFS specific error",
  74: "Bad message",
  75: "Value too large for defined data type",
  76: "Name not unique on network",
  77: "File descriptor in bad state",
  78: "Remote address changed",
  79: "Can not access a needed shared library",
  80: "Accessing a corrupted shared library",
  81: ".lib section in a.out corrupted",
  82: "Attempting to link in too many shared libraries",
  83: "Cannot exec a shared library directly",
  84: "Invalid or incomplete multibyte or wide character",
  85: "Interrupted system call should be restarted",
  86: "Streams pipe error",
  87: "Too many users",
  88: "Socket operation on non-socket",
  89: "Destination address required",
  90: "Message too long",
  91: "Protocol wrong type for socket",
  92: "Protocol not available",
  93: "Protocol not supported",
  94: "Socket type not supported",
  95: "Operation not supported",
  96: "Protocol family not supported",
  97: "Address family not supported by protocol",
  98: "Address already in use",
  99: "Cannot assign requested address",
  100: "Network is down",
  101: "Network is unreachable",
  102: "Network dropped connection on reset",
  103: "Software caused connection abort",
  104: "Connection reset by peer",
  105: "No buffer space available",
  106: "Transport endpoint is already connected",
  107: "Transport endpoint is not connected",
  108: "Cannot send after transport endpoint shutdown",
  109: "Too many references: cannot splice",
  110: "Connection timed out",
  111: "Connection refused",
  112: "Host is down",
  113: "No route to host",
  114: "Operation already in progress",
  115: "Operation now in progress",
  116: "Stale file handle",
  117: "Structure needs cleaning",
  118: "Not a XENIX named type file",
  119: "No XENIX semaphores available",
  120: "Is a named type file",
  121: "Remote I/O error",
  122: "Disk quota exceeded",
  123: "No medium found",
  124: "Wrong medium type",
  125: "Operation canceled",
  126: "Required key not available",
  127: "Key has expired",
  128: "Key has been revoked",
  129: "Key was rejected by service",
  130: "Owner died",
  131: "State not recoverable",
  132: "Operation not possible due to RF-kill",
  133: "Memory page has hardware error"
};
function strerror(errno) {
  if (errno === 0)
    return "Success";
  return ERRNO_TEXT2[errno] ?? `Unknown error ${errno}`;
}
var users;
function userName(uid) {
  if (!users) {
    users = /* @__PURE__ */ new Map();
    try {
      for (const line of readFileSync4("/etc/passwd", "utf8").split("\n")) {
        const [name, , id] = line.split(":");
        if (name && id !== void 0 && !users.has(Number(id)))
          users.set(Number(id), name);
      }
    } catch {
    }
  }
  return users.get(uid) ?? String(uid);
}
function inetText(af, bytes2) {
  if (af === 2)
    return [...bytes2.subarray(0, 4)].join(".");
  const groups = Array.from({ length: 8 }, (_, i) => bytes2[2 * i] << 8 | bytes2[2 * i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 65535)
    return `::ffff:${[...bytes2.subarray(12, 16)].join(".")}`;
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0)
      j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0)
    return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}
function renderValue(as, fmt, buf, off) {
  switch (as) {
    case "timestamp":
      return strftime(fmt ?? "%H:%M:%S", buf.readBigUInt64LE(off) + bootToEpochOffset());
    case "strerror":
      return strerror(Number(buf.readBigInt64LE(off)));
    case "username":
      return userName(Number(buf.readBigUInt64LE(off) & 0xffffffffn));
    case "inet":
      return inetText(Number(buf.readBigUInt64LE(off)), buf.subarray(off + 8, off + 24));
  }
}

// dist/runtime/btf-value.js
function decodeBtf(btf, id, buf, off, bits) {
  id = btf.resolve(id);
  if (id === 0)
    return { kind: "none" };
  const t = btf.type(id);
  switch (t.kind) {
    case BTF_KIND.STRUCT:
    case BTF_KIND.UNION: {
      const names = [];
      const elems = [];
      members(btf, id, 0, names, elems, buf, off);
      return { kind: "tuple", elems, names };
    }
    case BTF_KIND.ARRAY: {
      const a = btf.array(id);
      const elemId = btf.resolve(a.elem);
      const elemSize = byteSize(btf, elemId);
      if (isChar(btf, elemId)) {
        const bytes2 = buf.subarray(off, off + a.length);
        const nul = bytes2.indexOf(0);
        return { kind: "str", value: bytes2.subarray(0, nul < 0 ? bytes2.length : nul).toString("latin1") };
      }
      const elems = [];
      for (let i = 0; i < a.length; i++)
        elems.push(decodeBtf(btf, elemId, buf, off + i * elemSize));
      return { kind: "tuple", elems, array: true };
    }
    case BTF_KIND.PTR:
      return { kind: "int", value: buf.readBigUInt64LE(off), signed: false, hex: true };
    case BTF_KIND.INT:
    case BTF_KIND.ENUM:
    case BTF_KIND.ENUM64: {
      const signed = t.kind === BTF_KIND.INT ? btf.intEncoding(id).signed : t.kindFlag;
      if (t.kind === BTF_KIND.INT && btf.intEncoding(id).bool && !bits)
        return { kind: "bool", value: buf[off] !== 0 };
      return { kind: "int", value: readInt(buf, off, t.sizeOrType, signed, bits), signed };
    }
    default:
      return { kind: "int", value: readInt(buf, off, Math.min(byteSize(btf, id), 8), false), signed: false };
  }
}
function members(btf, id, base, names, elems, buf, off) {
  for (const m of btf.members(id)) {
    const bitOffset = base + m.bitOffset;
    const target = btf.resolve(m.type);
    const kind = target === 0 ? 0 : btf.type(target).kind;
    if (m.name === "" && (kind === BTF_KIND.STRUCT || kind === BTF_KIND.UNION)) {
      members(btf, target, bitOffset, names, elems, buf, off);
      continue;
    }
    let bitSize = m.bitSize;
    let bitOff = bitOffset;
    if (bitSize === 0 && kind === BTF_KIND.INT) {
      const enc = btf.intEncoding(target);
      if (enc.bits !== btf.type(target).sizeOrType * 8 || enc.offset !== 0) {
        bitSize = enc.bits;
        bitOff += enc.offset;
      }
    }
    names.push(m.name);
    if (bitSize !== 0 || bitOff % 8 !== 0) {
      const first = Math.floor(bitOff / 8);
      elems.push(decodeBtf(btf, m.type, buf, off + first, { offset: bitOff % 8, size: bitSize }));
    } else
      elems.push(decodeBtf(btf, m.type, buf, off + bitOff / 8));
  }
}
function readInt(buf, off, size, signed, bits) {
  let v = 0n;
  const n = bits ? Math.ceil((bits.offset + bits.size) / 8) : size;
  for (let i = n - 1; i >= 0; i--)
    v = v << 8n | BigInt(buf[off + i] ?? 0);
  if (bits)
    return v >> BigInt(bits.offset) & (1n << BigInt(bits.size)) - 1n;
  return signed ? BigInt.asIntN(size * 8, v) : v;
}
function isChar(btf, id) {
  const t = btf.type(id);
  return t.kind === BTF_KIND.INT && t.sizeOrType === 1 && (btf.intEncoding(id).char || /char/.test(t.name));
}

// dist/elf/symbolizer.js
import { existsSync as existsSync2 } from "node:fs";
var UserSymbolizer = class {
  maps = /* @__PURE__ */ new Map();
  /** The symbol at `addr` in process `pid`, or undefined (process gone, anonymous memory, no symbol). */
  resolve(pid, addr) {
    const a = Number(addr);
    const m = this.mappingOf(pid, a);
    if (!m || !m.path.startsWith("/"))
      return void 0;
    try {
      const elf = openElfCached(existsInRoot(pid, m.path) ? `/proc/${pid}/root${m.path}` : m.path);
      const vaddr = elf.offsetToVaddr(a - m.start + m.offset);
      if (vaddr === void 0)
        return void 0;
      const hit = elf.symbolize(vaddr);
      return hit && { name: hit.sym.name, offset: hit.offset, module: m.path };
    } catch (e) {
      if (e instanceof ElfError)
        return void 0;
      throw e;
    }
  }
  /**
   * bpftrace's text for a user address: `func` or `func+off` (with `showOffset`), and the bare
   * hex address when it cannot be symbolized.
   */
  format(pid, addr, opts = {}) {
    const s = this.resolve(pid, addr);
    if (!s)
      return `0x${BigInt(addr).toString(16)}`;
    let text = opts.showOffset && s.offset > 0 ? `${s.name}+${s.offset}` : s.name;
    if (opts.showModule)
      text += ` (${s.module})`;
    return text;
  }
  /** Forget a process (it exited). */
  forget(pid) {
    this.maps.delete(pid);
  }
  mappingOf(pid, addr) {
    const find = (ms) => ms?.find((m) => addr >= m.start && addr < m.end);
    let hit = find(this.maps.get(pid));
    if (!hit) {
      const fresh = readMaps(pid);
      if (fresh)
        this.maps.set(pid, fresh);
      hit = find(fresh);
    }
    return hit;
  }
};
function existsInRoot(pid, p) {
  return existsSync2(`/proc/${pid}/root${p}`);
}
var userSymbolizer = new UserSymbolizer();

// dist/runtime/symbols.js
var pointer = (addr) => addr === 0n ? "0" : `0x${addr.toString(16)}`;
function kernelSymbol(addr, showOffset) {
  const s = kernelSymbols().resolve(addr);
  if (!s)
    return pointer(addr);
  return showOffset ? `${s.name}+${s.offset}` : s.name;
}
function userSymbol(pid, addr, showOffset, showModule = false) {
  const s = userSymbolizer.resolve(pid, addr);
  if (!s)
    return pointer(addr) + (showModule ? " ([unknown])" : "");
  return (showOffset ? `${s.name}+${s.offset}` : s.name) + (showModule ? ` (${s.module})` : "");
}
function stackValue(frames, mode, user, pid) {
  const lines = [];
  for (const addr of frames) {
    if (addr === 0n)
      break;
    if (mode === "raw") {
      lines.push(addr.toString(16));
      continue;
    }
    const sym = user ? userSymbol(pid, addr, true, mode === "perf") : kernelSymbol(addr, true);
    lines.push(mode === "perf" ? `	${addr.toString(16)} ${sym}` : sym);
  }
  return { kind: "stack", lines, indent: mode === "bpftrace" };
}

// dist/runtime/decode.js
function decodeValue(t, buf, off, stacks) {
  switch (t.kind) {
    case "stack": {
      const id = Number(buf.readBigInt64LE(off));
      const pid = t.user ? Number(buf.readBigUInt64LE(off + 8)) : 0;
      const frames = id >= 0 ? stacks?.stackFrames(t.limit, id) : void 0;
      return frames ? stackValue(frames, t.mode, t.user, pid) : { kind: "str", value: "" };
    }
    case "sym": {
      const addr = buf.readBigUInt64LE(off);
      const name = t.user ? userSymbol(Number(buf.readBigUInt64LE(off + 8)), addr, false) : kernelSymbol(addr, false);
      return { kind: "str", value: name };
    }
    case "int": {
      const raw = buf.readBigUInt64LE(off);
      return { kind: "int", value: t.signed ? BigInt.asIntN(t.bits, raw) : BigInt.asUintN(t.bits, raw), signed: t.signed };
    }
    case "bool":
      return { kind: "bool", value: buf.readBigUInt64LE(off) !== 0n };
    case "ptr":
      return { kind: "int", value: buf.readBigUInt64LE(off), signed: false };
    case "str": {
      const bytes2 = buf.subarray(off, off + t.size);
      const nul = bytes2.indexOf(0);
      return { kind: "str", value: bytes2.subarray(0, nul < 0 ? bytes2.length : nul).toString("latin1") };
    }
    case "buf": {
      const len = Math.min(Number(buf.readBigUInt64LE(off)), t.size);
      return { kind: "buf", bytes: Uint8Array.from(buf.subarray(off + 8, off + 8 + len)) };
    }
    case "rendered":
      return { kind: "str", value: renderValue(t.as, t.fmt, buf, off) };
    case "tuple": {
      const offs = tupleOffsets(t);
      const elems = t.elems.map((e, i) => decodeValue(e, buf, off + offs[i], stacks));
      if (t.names)
        t.elems.forEach((e, i) => e.kind === "ptr" && elems[i].kind === "int" && (elems[i] = { ...elems[i], hex: true }));
      return { kind: "tuple", elems, names: t.names };
    }
    case "struct":
    case "array": {
      const btf = kernelBtf();
      return btf && t.btf !== void 0 ? decodeBtf(btf, t.btf, buf, off) : { kind: "none" };
    }
    case "agg":
    case "args":
    case "none":
      return { kind: "none" };
  }
}
function decodeValues(types, buf, off = 0, stacks) {
  const out = [];
  for (const t of types) {
    out.push(decodeValue(t, buf, off, stacks));
    off += storageSize(t);
  }
  return out;
}
var parsedFormats = /* @__PURE__ */ new WeakMap();
function formatOf(layout) {
  let f = parsedFormats.get(layout);
  if (!f) {
    const parsed = parseFormat(toByteString(layout.format));
    if ("error" in parsed)
      throw new Error(`internal: format checked at compile time fails: ${parsed.error}`);
    f = parsed;
    parsedFormats.set(layout, f);
  }
  return f;
}
function decodeRecord(layout, buf, stacks) {
  switch (layout.kind) {
    case "printf": {
      const args = layout.args.map((a) => decodeValue(a.type, buf, a.offset, stacks));
      return { kind: "text", text: formatPrintf(formatOf(layout), args) };
    }
    case "system":
    case "cat":
    case "errorf":
    case "warnf": {
      const args = layout.args.map((a) => decodeValue(a.type, buf, a.offset));
      const text = formatPrintf(formatOf(layout), args);
      if (layout.kind === "system" || layout.kind === "cat")
        return { kind: layout.kind, text: fromByteString(text) };
      const severity = layout.kind === "errorf" ? "error" : "warning";
      if (layout.kind === "warnf" && layout.helper !== void 0 && args[0]?.kind === "str" && args[1]?.kind === "int") {
        return { kind: "diagnostic", severity, message: text, layout, helper: { name: layout.helper, msg: args[0].value, retcode: Number(args[1].value) } };
      }
      return { kind: "diagnostic", severity, message: text, layout };
    }
    case "time":
      return { kind: "time", format: layout.format };
    case "join": {
      const count = Number(buf.readBigUInt64LE(layout.offset));
      const parts = [];
      for (let i = 0; i < count; i++) {
        const start = layout.offset + 8 + i * layout.slot;
        const bytes2 = buf.subarray(start, start + layout.slot);
        const nul = bytes2.indexOf(0);
        parts.push(bytes2.subarray(0, nul < 0 ? bytes2.length : nul).toString("latin1"));
      }
      return { kind: "text", text: parts.join(toByteString(layout.separator)) + "\n", type: "join" };
    }
    case "print":
      return { kind: "value", value: decodeValue(layout.value.type, buf, layout.value.offset, stacks) };
    case "print_map":
      return { kind: "print_map", map: layout.map, top: layout.top, div: layout.div, clear: layout.clear ?? false };
    case "clear_map":
    case "zero_map":
      return { kind: layout.kind, map: layout.map };
    case "map_full":
      return { kind: "ignore" };
    // a counter slot, never sent as a record
    case "exit": {
      const code = typeof layout.code === "number" ? layout.code : Number(buf.readBigInt64LE(layout.code.offset));
      return { kind: "exit", code };
    }
  }
}

// dist/runtime/map-reader.js
function readMap(plan, fd, stacks, take = false, onlyGeneration) {
  const info = plan.info;
  const { keySize, valueSize } = plan.spec;
  const cpus2 = plan.perCpu ? possibleCpus() : 1;
  const slot = valueSize + 7 & ~7;
  const layout = keyLayout(info);
  const decodeKey = (key) => info.keys.length === 0 ? [] : decodeValues(info.keys, key, 0, stacks);
  const entries = [];
  const value = info.value;
  for (const key of mapKeys(fd, keySize)) {
    if (onlyGeneration !== void 0 && key.readBigUInt64LE(layout.genOffset) !== onlyGeneration)
      continue;
    const raw = take ? mapLookupAndDelete(fd, key, slot * cpus2) : mapLookup(fd, key, slot * cpus2);
    if (!raw)
      continue;
    const perCpu = Array.from({ length: cpus2 }, (_, c) => raw.subarray(c * slot, c * slot + valueSize));
    if (value.kind !== "agg") {
      entries.push({ key: decodeKey(key), value: { kind: "value", value: decodeValue(value, raw, 0, stacks) } });
    } else if (value.agg === "hist" || value.agg === "lhist") {
      const buckets = /* @__PURE__ */ new Map();
      for (let i = 0; i < valueSize / 8; i++) {
        const n = perCpu.reduce((sum, b) => sum + b.readBigUInt64LE(i * 8), 0n);
        if (n !== 0n)
          buckets.set(i, n);
      }
      entries.push({
        key: decodeKey(key),
        value: value.agg === "lhist" ? { kind: "lhist", ...value.lhist, buckets } : { kind: "hist", bits: value.bits ?? 0, buckets }
      });
    } else {
      entries.push({ key: decodeKey(key), value: combine(value.agg, perCpu) });
    }
  }
  return { name: plan.name, keyed: info.keys.length > 0, entries };
}
function combine(agg, perCpu) {
  const u642 = (b, off) => b.readBigUInt64LE(off);
  const s642 = (b, off) => b.readBigInt64LE(off);
  switch (agg) {
    case "count":
      return { kind: "count", value: perCpu.reduce((n, b) => n + u642(b, 0), 0n) };
    case "sum":
      return { kind: "sum", value: BigInt.asIntN(64, perCpu.reduce((n, b) => n + u642(b, 0), 0n)) };
    case "min":
    case "max": {
      const set = perCpu.filter((b) => u642(b, 8) !== 0n).map((b) => s642(b, 0));
      const pick = (a, b) => agg === "min" ? b < a ? b : a : b > a ? b : a;
      return { kind: agg, value: set.length === 0 ? 0n : set.reduce(pick) };
    }
    case "avg":
    case "stats":
      return {
        kind: agg,
        count: perCpu.reduce((n, b) => n + u642(b, 0), 0n),
        sum: BigInt.asIntN(64, perCpu.reduce((n, b) => n + u642(b, 8), 0n))
      };
    case "hist":
    case "lhist":
      throw new Error("internal: histograms are combined bucket by bucket");
  }
}

// dist/runtime/map-writer.js
function clearMap(plan, fd) {
  if (clearsToZero(plan))
    return zeroMap(plan, fd);
  for (const key of mapKeys(fd, plan.spec.keySize))
    mapDelete(fd, key);
}
function zeroMap(plan, fd) {
  const slot = plan.spec.valueSize + 7 & ~7;
  const zero = Buffer.alloc(plan.perCpu ? slot * possibleCpus() : plan.spec.valueSize);
  for (const key of mapKeys(fd, plan.spec.keySize))
    mapUpdate(fd, key, zero);
}
function clearsToZero(plan) {
  const v = plan.info?.value;
  return plan.info !== void 0 && plan.info.keys.length === 0 && v?.kind === "agg" && v.agg === "count";
}
function restoreClearedScalar(plan, fd, generation) {
  if (!clearsToZero(plan))
    return;
  const slot = plan.spec.valueSize + 7 & ~7;
  const key = Buffer.alloc(plan.spec.keySize);
  if (generation !== void 0)
    key.writeBigUInt64LE(generation, plan.spec.keySize - 8);
  try {
    mapUpdate(fd, key, Buffer.alloc(plan.perCpu ? slot * possibleCpus() : plan.spec.valueSize), BPF_NOEXIST);
  } catch (e) {
    if (!(e instanceof KernelError && e.code === "EEXIST"))
      throw e;
  }
}

// dist/runtime/ringbuf.js
var MAX_DRAIN_BATCHES = 128;
var RingBufferReader = class {
  onRecords;
  rb;
  /**
   * Map the ring buffer behind `mapFd`; records reach `onRecords` once start() is called (or on
   * drain()). Each record is a Buffer of its own payload bytes, copied out of the ring (the
   * records of one batch share one backing allocation). Discarded records are skipped.
   * The reader keeps its own reference to the map: closing `mapFd` first is harmless.
   */
  constructor(mapFd, onRecords, opts = {}) {
    this.onRecords = onRecords;
    const info = mapInfo(mapFd);
    if (info.type !== BPF_MAP_TYPE_RINGBUF) {
      throw new TypeError(`RingBufferReader: map ${info.name || info.id} is of type ${info.type}, not BPF_MAP_TYPE_RINGBUF`);
    }
    const onError = opts.onError ?? ((err) => {
      throw err;
    });
    try {
      this.rb = new (native()).RingBuffer(mapFd, info.maxEntries, (err, arena, spans) => {
        if (err) {
          onError(asKernelError(err, "poll ring buffer"));
        } else if (arena && spans) {
          this.deliver(arena, spans);
        }
      });
    } catch (e) {
      throw toKernelError(e);
    }
  }
  /** Deliver records from the event loop as the kernel commits them. */
  start() {
    if (!this.rb)
      throw new Error("RingBufferReader is closed");
    try {
      this.rb.start();
    } catch (e) {
      throw toKernelError(e);
    }
  }
  /**
   * Synchronously deliver everything committed so far (before printing maps at exit, say), in
   * batches; returns how many records were delivered. Bounded, so that a producer that never
   * pauses cannot keep it from returning; what it leaves behind the poll delivers later.
   */
  drain() {
    let n = 0;
    for (let i = 0; i < MAX_DRAIN_BATCHES; i++) {
      const batch = this.rb?.consume();
      if (!batch)
        break;
      n += this.deliver(batch[0], batch[1]);
    }
    return n;
  }
  /** Stop polling and unmap; the event loop is no longer kept alive by this reader. Idempotent. */
  close() {
    this.rb?.close();
    this.rb = void 0;
  }
  deliver(arena, spans) {
    const records = new Array(spans.length / 2);
    for (let i = 0; i < records.length; i++)
      records[i] = arena.subarray(spans[2 * i], spans[2 * i] + spans[2 * i + 1]);
    this.onRecords(records);
    return records.length;
  }
};
function asKernelError(e, op) {
  if (e instanceof KernelError)
    return e;
  if (isErrnoException(e))
    return new KernelError(op, Math.abs(e.errno), e.code, { cause: e });
  return new KernelError(op, 0, "EIO", { detail: e.message, cause: e });
}

// dist/runtime/verifier-error.js
function failingInsn(log) {
  const lines = log.trimEnd().split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(\d+): \([0-9a-f]{2}\)/.exec(lines[i]);
    if (m)
      return Number(m[1]);
  }
  return void 0;
}
function verifierReport(image, log, tailLines = 8) {
  const insn = failingInsn(log);
  const span = insn === void 0 ? void 0 : image.code.spans[insn];
  const lines = log.trimEnd().split("\n");
  return {
    message: `the kernel's verifier rejected the program for ${image.target.name}${insn === void 0 ? "" : ` at instruction ${insn}`} (this is an ebt bug; please report it)`,
    span,
    tail: lines.slice(-tailLines).join("\n")
  };
}

// dist/runtime/engine.js
import { readFileSync as readFileSync5, readSync } from "node:fs";
import { execSync } from "node:child_process";
var VerifierRejected = class extends Error {
  report;
  constructor(report) {
    super(report.message);
    this.report = report;
  }
};
var LoadRefused = class extends VerifierRejected {
};
var ITER_READ_OBJECTS = 64;
function readIterator(fd, buf) {
  for (; ; ) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      if (e.code === "EAGAIN")
        continue;
      throw toKernelError(e, "read (BPF iterator)");
    }
  }
}
var Engine = class {
  records;
  out;
  onExit;
  mapFds = /* @__PURE__ */ new Map();
  mapPlans = /* @__PURE__ */ new Map();
  reader;
  /** Stack ids → frames, read from the stack-trace maps when a stack is printed. */
  stacks = {
    stackFrames: (limit, id) => {
      const fd = this.mapFds.get(stackMapName(limit));
      if (fd === void 0)
        return void 0;
      const key = Buffer.alloc(4);
      key.writeUInt32LE(id);
      const raw = mapLookup(fd, key, 8 * limit);
      return raw && Array.from({ length: limit }, (_, i) => raw.readBigUInt64LE(8 * i));
    }
  };
  /** Set by exit(): as in bpftrace, records produced after it are dropped, until END runs. */
  exiting = false;
  /** BEGIN's and END's output always prints: bpftrace runs BEGIN before any probe can fire. */
  runningOnce = false;
  /** Set by discardFrom(): records of these layouts are dropped. */
  dropFrom;
  lostAtExit;
  fullCheckedAt = 0;
  /** A map-in-map whose updates wait for running programs (waitForRunningPrograms). */
  barrier;
  fullSeen = /* @__PURE__ */ new Map();
  /**
   * `records` is read at each event, so a caller that compiles more programs later may pass an
   * array that grows (the REPL's shared record table).
   */
  constructor(records, out, onExit) {
    this.records = records;
    this.out = out;
    this.onExit = onExit;
  }
  /** Creates the maps of `plans` that do not exist yet; existing ones are kept as they are. */
  addMaps(plans) {
    for (const m of plans) {
      if (this.mapFds.has(m.name))
        continue;
      this.mapFds.set(m.name, createMap(m.spec));
      this.mapPlans.set(m.name, m);
    }
  }
  /** The plan of every language map (not the ring buffer), in creation order. */
  languageMaps() {
    return [...this.mapPlans.values()].filter((m) => m.info);
  }
  mapPlan(name) {
    return this.mapPlans.get(name);
  }
  readMap(name) {
    const plan = this.requirePlan(name);
    return readMap(plan, this.mapFds.get(name), this.stacks);
  }
  /** Reads every entry and removes it in the same step; see semantic/print-clear.ts. */
  takeMap(name) {
    const plan = this.requirePlan(name);
    const fd = this.mapFds.get(name);
    const slot = plan.info?.genSlot;
    if (slot === void 0) {
      const dump2 = readMap(plan, fd, this.stacks, true);
      restoreClearedScalar(plan, fd);
      return dump2;
    }
    const gens = this.mapFds.get(GENERATIONS_MAP);
    const zeroKey = Buffer.alloc(4);
    const value = mapLookup(gens, zeroKey, 8 * GENERATION_SLOTS);
    const old = value.readBigUInt64LE(slot * 8);
    value.writeBigUInt64LE(old + 1n, slot * 8);
    mapUpdate(gens, zeroKey, value);
    this.waitForRunningPrograms();
    const dump = readMap(plan, fd, this.stacks, true, old);
    restoreClearedScalar(plan, fd, old + 1n);
    return dump;
  }
  /**
   * Returns once every probe program that was running has finished: an update of a map-in-map
   * makes the kernel wait for an RCU grace period (maybe_wait_bpf_programs), which non-sleepable
   * BPF programs (all of ours) hold while they run.
   */
  waitForRunningPrograms() {
    if (!this.barrier) {
      const inner = createMap({ type: BPF_MAP_TYPE_ARRAY, keySize: 4, valueSize: 4, maxEntries: 1, name: "ebt_barrier_in" });
      const outer = createMap({ type: BPF_MAP_TYPE_ARRAY_OF_MAPS, keySize: 4, valueSize: 4, maxEntries: 1, innerMapFd: inner, name: "ebt_barrier" });
      this.barrier = { inner, outer };
    }
    const fdValue = Buffer.alloc(4);
    fdValue.writeUInt32LE(this.barrier.inner);
    mapUpdate(this.barrier.outer, Buffer.alloc(4), fdValue);
  }
  clearMap(name) {
    clearMap(this.requirePlan(name), this.mapFds.get(name));
  }
  zeroMap(name) {
    zeroMap(this.requirePlan(name), this.mapFds.get(name));
  }
  /** How many records the ring buffer was too full to take, so far. */
  lostEvents() {
    if (this.lostAtExit !== void 0)
      return this.lostAtExit;
    const fd = this.mapFds.get(LOST_MAP);
    const raw = fd === void 0 ? void 0 : mapLookup(fd, Buffer.alloc(4), 8);
    return raw ? Number(raw.readBigUInt64LE(0)) : 0;
  }
  /** Starts consuming the ring buffer (whose map must exist by now). */
  startReader() {
    if (this.reader)
      return;
    this.reader = new RingBufferReader(this.mapFds.get(RINGBUF_MAP), (records) => this.onRecords(records));
    this.reader.start();
  }
  drain() {
    this.reader?.drain();
  }
  /**
   * Drains the ring buffer, dropping the records whose layouts are `fromId` or newer: the queued
   * BEGIN output of the REPL's newest group, which failed to attach (bpftrace discards it too).
   */
  discardFrom(fromId) {
    this.dropFrom = fromId;
    try {
      this.reader?.drain();
    } finally {
      this.dropFrom = void 0;
    }
  }
  /** Loads every program of `plan` (its maps must exist); on failure closes what it loaded. */
  load(plan) {
    const group = { programs: [], attachedFds: [] };
    try {
      for (const image of plan.programs)
        group.programs.push({ image, fd: this.loadOne(image) });
    } catch (e) {
      this.unload(group);
      throw e;
    }
    return group;
  }
  /** Attaches every program that is not BEGIN/END. Throws (leaving the group detached) on failure. */
  attach(group) {
    try {
      for (const { image, fd } of group.programs) {
        if (image.runOnce)
          continue;
        const { fds } = attachTarget(fd, image.target);
        group.attachedFds.push(...fds);
        if (image.target.provider.iterator)
          (group.iterLinks ??= /* @__PURE__ */ new Map()).set(fd, fds[0]);
      }
    } catch (e) {
      this.detach(group);
      throw e;
    }
  }
  /**
   * Reads the group's iterators (iter probes) to their end: each read() runs the program over the
   * next objects, whose output is drained from the ring buffer before the next read. Stops early
   * when a program calls exit(). Returns whether the group had an iterator.
   */
  iterate(group) {
    let any = false;
    for (const { image, fd } of group.programs) {
      if (!image.target.provider.iterator)
        continue;
      any = true;
      const link = group.iterLinks?.get(fd);
      if (link === void 0)
        continue;
      const iterFd = iterCreate(link);
      try {
        const chunk = Buffer.alloc(ITER_READ_OBJECTS);
        while (!this.exiting) {
          const n = readIterator(iterFd, chunk);
          this.drain();
          if (n === 0)
            break;
        }
      } finally {
        closeFd(iterFd);
      }
    }
    return any;
  }
  detach(group) {
    group.iterLinks?.clear();
    for (const fd of group.attachedFds.splice(0))
      closeFd(fd);
  }
  /**
   * Runs the group's BEGIN or END programs once. Their output is delivered right away (and prints
   * even after an exit()), or with `deliver` false is left queued in the ring buffer, ahead of any
   * event's, for the next drain.
   */
  runOnce(group, which, deliver = true) {
    if (which === "end")
      this.exiting = false;
    for (const { image, fd } of group.programs) {
      if (image.runOnce !== which)
        continue;
      testRun(fd, Buffer.alloc(8));
      if (deliver)
        this.deliverOnce();
    }
  }
  /** Delivers what the ring buffer holds, BEGIN output queued by runOnce(…, false) first; it
   * prints even when an exit() is pending, as BEGIN's output always does. */
  flushOnce() {
    this.deliverOnce();
  }
  deliverOnce() {
    this.runningOnce = true;
    try {
      this.reader?.drain();
    } finally {
      this.runningOnce = false;
    }
  }
  /** Detaches and closes the group's programs. */
  unload(group) {
    this.detach(group);
    for (const { fd } of group.programs.splice(0))
      closeFd(fd);
  }
  /** Closes the reader and every map. Groups must have been unloaded by their owner. */
  close() {
    this.reader?.close();
    this.reader = void 0;
    if (this.barrier) {
      closeFd(this.barrier.outer);
      closeFd(this.barrier.inner);
      this.barrier = void 0;
    }
    for (const fd of this.mapFds.values())
      closeFd(fd);
    this.mapFds.clear();
    this.mapPlans.clear();
  }
  requirePlan(name) {
    const plan = this.mapPlans.get(name);
    if (!plan)
      throw new Error(`internal: unknown map ${name}`);
    return plan;
  }
  loadOne(image) {
    const insns = patchMapFds(image.code, (name) => {
      const fd = this.mapFds.get(name);
      if (fd === void 0)
        throw new Error(`internal: program references unknown map ${name}`);
      return fd;
    });
    try {
      return loadProgram({
        type: image.progType,
        insns,
        license: "GPL",
        name: programName(image),
        funcs: image.funcs,
        expectedAttachType: image.attach?.attachType,
        attachBtfId: image.attach?.btfId
      });
    } catch (e) {
      if (e instanceof VerifierError && e.log.trim() === "")
        throw refusal(image, e);
      if (e instanceof VerifierError)
        throw new VerifierRejected(verifierReport(image, e.log));
      throw e;
    }
  }
  /** Status and diagnostics for the user: stderr, through the output when it takes them. */
  message(text) {
    if (this.out.warning)
      this.out.warning(text);
    else
      process.stderr.write(text);
  }
  /** cat(file): the file's contents as output; an unreadable file is an error on stderr, as in bpftrace. */
  cat(file) {
    let text;
    try {
      text = readFileSync5(file, "latin1");
    } catch (e) {
      const code = e.errno;
      this.message(`ERROR: failed to open file '${file}': ${strerror(code === void 0 ? 0 : -code)}
`);
      return;
    }
    this.out.printf(text, "cat");
  }
  onRecords(records) {
    if (this.out.batch)
      this.out.batch(() => this.handleRecords(records));
    else
      this.handleRecords(records);
  }
  handleRecords(records) {
    for (const buf of records) {
      if (this.exiting && !this.runningOnce)
        break;
      const id = Number(buf.readBigUInt64LE(0));
      const layout = this.records[id];
      if (!layout || this.dropFrom !== void 0 && id >= this.dropFrom)
        continue;
      const action = decodeRecord(layout, buf, this.stacks);
      switch (action.kind) {
        case "text":
          this.out.printf(action.text, action.type);
          break;
        case "value":
          this.out.value(action.value);
          break;
        case "print_map":
          this.out.map(action.clear ? this.takeMap(action.map) : this.readMap(action.map), action.top, action.div);
          break;
        case "clear_map":
          this.clearMap(action.map);
          break;
        case "zero_map":
          this.zeroMap(action.map);
          break;
        case "exit":
          this.exiting = true;
          this.lostAtExit ??= this.lostEvents();
          this.onExit(action.code);
          break;
        case "time":
          this.out.printf(strftime(toByteString(action.format), BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6))), "time");
          break;
        case "system":
          this.out.printf(runCommand(action.text), "syscall");
          break;
        case "cat":
          this.cat(action.text);
          break;
        case "diagnostic": {
          const { layout: layout2 } = action;
          const span = layout2.span;
          const source = layout2.source;
          const sources = new Map(source ? [[span.file, source]] : []);
          const text = renderDiagnostic({ severity: action.severity, span, message: fromByteString(action.message) }, sources);
          const { helper } = action;
          if (this.out.diagnostic && helper) {
            this.out.diagnostic({ type: "helper_error", text, msg: helper.msg, helper: helper.name, retcode: helper.retcode, span });
          } else if (this.out.diagnostic)
            this.out.diagnostic({ type: action.severity === "error" ? "errorf" : "warnf", text, msg: action.message, span });
          else
            this.message(text);
          break;
        }
        case "ignore":
          break;
      }
    }
    if (Date.now() - this.fullCheckedAt >= 1e3)
      this.reportFullMaps();
  }
  /**
   * Warns about map updates refused since the last check because their map was full: bpftrace's
   * warning for each place in the source, with how many updates it dropped. Called as records
   * arrive (at most once a second) and before the maps print at exit.
   */
  reportFullMaps() {
    this.fullCheckedAt = Date.now();
    const fd = this.mapFds.get(MAP_FULL_MAP);
    const raw = fd === void 0 ? void 0 : mapLookup(fd, Buffer.alloc(4), 8 * MAP_FULL_SLOTS);
    if (!raw)
      return;
    for (const layout of this.records) {
      if (layout.kind !== "map_full")
        continue;
      const slot = layout.id % MAP_FULL_SLOTS;
      const total = raw.readBigUInt64LE(slot * 8);
      const seen = this.fullSeen.get(slot) ?? 0n;
      if (total <= seen)
        continue;
      this.fullSeen.set(slot, total);
      const n = total - seen;
      const times = n === 1n ? "" : `HINT: ${n} updates were dropped here
`;
      const text = (layout.text ?? `WARNING: map ${layout.map} is full
`) + times;
      if (this.out.diagnostic) {
        const msg = "Argument list too long";
        this.out.diagnostic({ type: "helper_error", text, msg, span: layout.span, helper: "map_update_elem", retcode: -7, count: n });
      } else
        this.out.warning?.(text);
    }
  }
};
function runCommand(cmd) {
  try {
    return execSync(cmd, { encoding: "latin1", stdio: ["ignore", "pipe", "inherit"], shell: "/bin/sh" });
  } catch (e) {
    return String(e.stdout ?? "");
  }
}
function refusal(image, e) {
  const { target } = image;
  const said = target.provider.loadRefused?.(target, new KernelError(e.op, e.errno, e.code).message);
  return new LoadRefused({
    message: said?.message ?? `the kernel refused to load the program for ${target.name}: ${e.message}`,
    span: target.span,
    tail: "",
    hints: said?.hints
  });
}
function programName(image) {
  const last = image.target.name.split(":").pop() ?? "ebt";
  return last.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 15);
}

// dist/cli/disasm.js
function formatDisassembly(plan, sources) {
  return plan.programs.map((prog) => {
    const body = disassemble(prog.code, {
      sourceLine: (span) => {
        const s = span;
        const text = s && sources.get(s.file)?.line(s.start.line).trim();
        return text ? `${s.start.line}: ${text}` : void 0;
      }
    });
    return `${prog.target.name}:
${body}${body.endsWith("\n") ? "" : "\n"}`;
  }).join("\n");
}

// dist/tui/live-frames.js
var CI_VARS = ["CI", "CONTINUOUS_INTEGRATION"];
async function loadWithLiveFrames(load2) {
  const saved = CI_VARS.map((k) => [k, process.env[k]]);
  for (const k of CI_VARS)
    if (k in process.env)
      process.env[k] = "0";
  try {
    return await load2();
  } finally {
    for (const [k, v] of saved) {
      if (v === void 0)
        delete process.env[k];
      else
        process.env[k] = v;
    }
  }
}

export {
  RecordTable,
  SourceMap,
  scriptArguments,
  BUILTINS,
  findBuiltin,
  renderDiagnostic,
  UNTERMINATED_ANGLE,
  parse,
  probeCount,
  compile,
  VerifierRejected,
  Engine,
  formatDisassembly,
  loadWithLiveFrames
};

/**
 * Token types. The lexer (lexer.ts) is hand-written and context-sensitive (attach points, `< >`
 * blocks); it produces Chevrotain tokens of these types for the parser (grammar*.ts). No token has a
 * pattern: Chevrotain's own lexer is never built, which keeps start-up cheap.
 *
 * `LABEL` is the name used in error messages: bpftrace's bison aliases, with bison's quoting rule
 * already applied (an alias keeps its double quotes only when it contains a comma, apostrophe or
 * backslash), e.g. `)` but `","`.
 *
 * Operator groups are categories (abstract tokens), so one `CONSUME(BinaryOp)` stands for all of them
 * (fewer grammar alternatives and rules: what Chevrotain's start-up cost grows with).
 */
import type { TokenType } from "chevrotain";
import { chevrotain } from "./chevrotain.js";

const { createToken, Lexer } = chevrotain;

function tok(name: string, label: string, categories?: TokenType[]): TokenType {
  return createToken(categories ? { name, pattern: Lexer.NA, label, categories } : { name, pattern: Lexer.NA, label });
}

// ------------------------------------------------------------------ categories

/** Any word usable as a field name after `.`/`->`, a config key or a record field: identifiers,
 * keywords and type names. bison lists many tokens here, so an "expecting" list never names it. */
export const AnyWord = tok("AnyWord", "identifier");
/** The binary operators `|| && | ^ & == != < <= > >= << + - * / %` (`>>` is two `>` tokens). */
export const BinaryOp = tok("BinaryOp", "binary operator");
/** Prefix operators `! ~ - + * &` */
export const UnaryOp = tok("UnaryOp", "unary operator");
/** `++` `--` */
export const IncDec = tok("IncDec", "increment or decrement");
/** `=` and the compound assignments */
export const AssignOp = tok("AssignOp", "assignment");
/** `.` `->` */
export const Member = tok("Member", "member access");
/** `true` `false` */
export const BoolLit = tok("BoolLit", "bool");
/** `struct` `union` `enum` */
export const TypeTag = tok("TypeTag", "struct");

// ------------------------------------------------------------------ words and literals

export const AttachPoint = tok("AttachPoint", "attach point");
export const Ident = tok("Ident", "identifier", [AnyWord]);
export const IntLit = tok("IntLit", "integer");
export const StringLit = tok("StringLit", "string");
export const Var = tok("Var", "variable");
export const Positional = tok("Positional", "positional parameter");
export const ParamCount = tok("ParamCount", "$#");
export const MapTok = tok("Map", "map");
/** int8..uint64 and bool: builtin type names that make `(T)e` a cast. */
export const IntType = tok("IntType", "integer type", [AnyWord]);
/** `string` (also `string[N]`). */
export const SizedType = tok("SizedType", "sized type", [AnyWord]);

function kw(word: string, categories: TokenType[] = []): TokenType {
  return tok("Kw_" + word, word, [AnyWord, ...categories]);
}
export const If = kw("if");
export const Else = kw("else");
export const While = kw("while");
export const Unroll = kw("unroll");
export const For = kw("for");
export const Break = kw("break");
export const Continue = kw("continue");
export const Return = kw("return");
export const Let = kw("let");
export const Config = kw("config");
export const Macro = kw("macro");
export const Import = kw("import");
export const Sizeof = kw("sizeof");
export const Offsetof = kw("offsetof");
export const Typeof = kw("typeof");
export const Struct = kw("struct", [TypeTag]);
export const Union = kw("union", [TypeTag]);
export const Enum = kw("enum", [TypeTag]);
export const True = kw("true", [BoolLit]);
export const False = kw("false", [BoolLit]);

export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ["if", If], ["else", Else], ["while", While], ["unroll", Unroll], ["for", For], ["break", Break],
  ["continue", Continue], ["return", Return], ["let", Let], ["config", Config], ["macro", Macro],
  ["import", Import], ["sizeof", Sizeof], ["offsetof", Offsetof], ["typeof", Typeof], ["struct", Struct], ["union", Union],
  ["enum", Enum], ["true", True], ["false", False],
  ["int8", IntType], ["int16", IntType], ["int32", IntType], ["int64", IntType], ["uint8", IntType],
  ["uint16", IntType], ["uint32", IntType], ["uint64", IntType], ["bool", IntType], ["string", SizedType],
]);

// ------------------------------------------------------------------ punctuation and operators

export const LBrace = tok("LBrace", "{");
export const RBrace = tok("RBrace", "}");
export const LParen = tok("LParen", "(");
export const RParen = tok("RParen", ")");
export const LBracket = tok("LBracket", "[");
export const RBracket = tok("RBracket", "]");
export const Semi = tok("Semi", ";");
export const Comma = tok("Comma", '","');
export const Colon = tok("Colon", ":");
export const Question = tok("Question", "?");
export const Dot = tok("Dot", ".", [Member]);
export const DotDot = tok("DotDot", "..");
export const Arrow = tok("Arrow", "->", [Member]);
export const Assign = tok("Assign", "=", [AssignOp]);
/** `+= -= *= /= %= &= |= ^= <<= >>=`: one token type, the operator is the image. */
export const CompoundAssign = tok("CompoundAssign", "compound assignment", [AssignOp]);
export const OrOr = tok("OrOr", "||", [BinaryOp]);
export const AndAnd = tok("AndAnd", "&&", [BinaryOp]);
export const Pipe = tok("Pipe", "|", [BinaryOp]);
export const Caret = tok("Caret", "^", [BinaryOp]);
export const Amp = tok("Amp", "&", [BinaryOp, UnaryOp]);
export const EqEq = tok("EqEq", "==", [BinaryOp]);
export const NotEq = tok("NotEq", "!=", [BinaryOp]);
export const Lt = tok("Lt", "<", [BinaryOp]);
export const Le = tok("Le", "<=", [BinaryOp]);
/** A single `>`. `>>` is two adjacent `Gt` tokens, so a `< >` block can end at the first one. */
export const Gt = tok("Gt", ">", [BinaryOp]);
export const Ge = tok("Ge", ">=", [BinaryOp]);
export const Shl = tok("Shl", "<<", [BinaryOp]);
export const Plus = tok("Plus", "+", [BinaryOp, UnaryOp]);
export const Minus = tok("Minus", "-", [BinaryOp, UnaryOp]);
export const Star = tok("Star", "*", [BinaryOp, UnaryOp]);
export const Slash = tok("Slash", "/", [BinaryOp]);
export const Percent = tok("Percent", "%", [BinaryOp]);
export const Bang = tok("Bang", "!", [UnaryOp]);
export const Tilde = tok("Tilde", "~", [UnaryOp]);
export const PlusPlus = tok("PlusPlus", "++", [IncDec]);
export const MinusMinus = tok("MinusMinus", "--", [IncDec]);

export const allTokens: TokenType[] = [
  AnyWord, BinaryOp, UnaryOp, IncDec, AssignOp, Member, BoolLit,
  TypeTag, AttachPoint, Ident, IntLit, StringLit, Var, Positional, ParamCount, MapTok, IntType, SizedType,
  If, Else, While, Unroll, For, Break, Continue, Return, Let, Config, Macro, Import, Sizeof, Offsetof, Typeof, Struct,
  Union, Enum, True, False,
  LBrace, RBrace, LParen, RParen, LBracket, RBracket, Semi, Comma, Colon, Question, Dot, DotDot, Arrow,
  Assign, CompoundAssign, OrOr, AndAnd, Pipe, Caret, Amp, EqEq, NotEq, Lt, Le, Gt, Ge, Shl, Plus, Minus,
  Star, Slash, Percent, Bang, Tilde, PlusPlus, MinusMinus,
];

/** The concrete tokens of each category, for "expecting" lists (bison names tokens, not groups). */
export const CATEGORY_MEMBERS: ReadonlyMap<TokenType, readonly TokenType[]> = new Map([
  [BinaryOp, [OrOr, AndAnd, Pipe, Caret, Amp, EqEq, NotEq, Lt, Le, Gt, Ge, Shl, Plus, Minus, Star, Slash, Percent]],
  [UnaryOp, [Bang, Tilde, Minus, Plus, Star, Amp]],
  [IncDec, [PlusPlus, MinusMinus]],
  [AssignOp, [Assign, CompoundAssign]],
  [Member, [Dot, Arrow]],
  [BoolLit, [True, False]],
  [TypeTag, [Struct, Union, Enum]],
]);

/** Operators, longest first (the lexer takes the first that matches). `>>` is deliberately absent. */
export const OPERATORS: readonly [string, TokenType][] = [
  ["<<=", CompoundAssign], [">>=", CompoundAssign],
  ["+=", CompoundAssign], ["-=", CompoundAssign], ["*=", CompoundAssign], ["/=", CompoundAssign],
  ["%=", CompoundAssign], ["&=", CompoundAssign], ["|=", CompoundAssign], ["^=", CompoundAssign],
  ["->", Arrow], ["..", DotDot], ["||", OrOr], ["&&", AndAnd], ["==", EqEq], ["!=", NotEq], ["<=", Le],
  [">=", Ge], ["<<", Shl], ["++", PlusPlus], ["--", MinusMinus],
  ["{", LBrace], ["}", RBrace], ["(", LParen], [")", RParen], ["[", LBracket], ["]", RBracket],
  [";", Semi], [",", Comma], [":", Colon], ["?", Question], [".", Dot], ["=", Assign], ["|", Pipe],
  ["^", Caret], ["&", Amp], ["<", Lt], [">", Gt], ["+", Plus], ["-", Minus], ["*", Star], ["/", Slash],
  ["%", Percent], ["!", Bang], ["~", Tilde],
];

/**
 * Token types. The lexer (lexer.ts) is hand-written and context-sensitive (attach points, `< >`
 * blocks); it produces Chevrotain tokens of these types for the parser (grammar.ts).
 *
 * `LABEL` is the name used in error messages: bpftrace's bison aliases, with bison's quoting rule
 * already applied (an alias keeps its double quotes only when it contains a comma, apostrophe or
 * backslash), e.g. `)` but `","`.
 */
import type { TokenType } from "chevrotain";
import { chevrotain } from "./chevrotain.js";

const { createToken, Lexer } = chevrotain;

function tok(name: string, label: string, categories?: TokenType[]): TokenType {
  return createToken(categories ? { name, pattern: Lexer.NA, label, categories } : { name, pattern: Lexer.NA, label });
}

/** Any word usable as a field name after `.`/`->` or as a config key: identifiers and keywords. */
export const AnyWord = tok("AnyWord", "identifier");

export const AttachPoint = tok("AttachPoint", "attach point");
export const Ident = tok("Ident", "identifier", [AnyWord]);
export const IntLit = tok("IntLit", "integer");
export const StringLit = tok("StringLit", "string");
export const Var = tok("Var", "variable");
export const Positional = tok("Positional", "positional parameter");
export const ParamCount = tok("ParamCount", "$#");
export const MapTok = tok("Map", "map");
/** int8..uint64, bool, string: builtin type names that make `(T)e` a cast. */
export const TypeKw = tok("TypeKw", "builtin type", [AnyWord]);

function kw(word: string): TokenType {
  return tok("Kw_" + word, word, [AnyWord]);
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
export const Struct = kw("struct");
export const Union = kw("union");
export const Enum = kw("enum");
export const True = kw("true");
export const False = kw("false");

export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ["if", If], ["else", Else], ["while", While], ["unroll", Unroll], ["for", For], ["break", Break],
  ["continue", Continue], ["return", Return], ["let", Let], ["config", Config], ["macro", Macro],
  ["import", Import], ["sizeof", Sizeof], ["offsetof", Offsetof], ["struct", Struct], ["union", Union],
  ["enum", Enum], ["true", True], ["false", False],
]);

export const TYPE_NAMES: ReadonlySet<string> = new Set([
  "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool", "string",
]);

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
export const Dot = tok("Dot", ".");
export const DotDot = tok("DotDot", "..");
export const Arrow = tok("Arrow", "->");
export const Assign = tok("Assign", "=");
/** `+= -= *= /= %= &= |= ^= <<= >>=`: one token type, the operator is the image. */
export const CompoundAssign = tok("CompoundAssign", "compound assignment");
export const OrOr = tok("OrOr", "||");
export const AndAnd = tok("AndAnd", "&&");
export const Pipe = tok("Pipe", "|");
export const Caret = tok("Caret", "^");
export const Amp = tok("Amp", "&");
export const EqEq = tok("EqEq", "==");
export const NotEq = tok("NotEq", "!=");
export const Lt = tok("Lt", "<");
export const Le = tok("Le", "<=");
/** A single `>`. `>>` is two adjacent `Gt` tokens, so a `< >` block can end at the first one. */
export const Gt = tok("Gt", ">");
export const Ge = tok("Ge", ">=");
export const Shl = tok("Shl", "<<");
export const Plus = tok("Plus", "+");
export const Minus = tok("Minus", "-");
export const Star = tok("Star", "*");
export const Slash = tok("Slash", "/");
export const Percent = tok("Percent", "%");
export const Bang = tok("Bang", "!");
export const Tilde = tok("Tilde", "~");
export const PlusPlus = tok("PlusPlus", "++");
export const MinusMinus = tok("MinusMinus", "--");

export const allTokens: TokenType[] = [
  AnyWord, AttachPoint, Ident, IntLit, StringLit, Var, Positional, ParamCount, MapTok, TypeKw,
  ...KEYWORDS.values(),
  LBrace, RBrace, LParen, RParen, LBracket, RBracket, Semi, Comma, Colon, Question, Dot, DotDot, Arrow,
  Assign, CompoundAssign, OrOr, AndAnd, Pipe, Caret, Amp, EqEq, NotEq, Lt, Le, Gt, Ge, Shl, Plus, Minus,
  Star, Slash, Percent, Bang, Tilde, PlusPlus, MinusMinus,
];

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

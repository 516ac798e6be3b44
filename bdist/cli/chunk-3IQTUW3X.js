import {
  BPF_PROG_TYPE_KPROBE,
  BPF_PROG_TYPE_PERF_EVENT,
  BPF_PROG_TYPE_RAW_TRACEPOINT,
  BPF_PROG_TYPE_TRACEPOINT,
  BPF_PROG_TYPE_TRACING,
  BPF_TRACE_FENTRY,
  BPF_TRACE_FEXIT,
  BPF_TRACE_ITER,
  BPF_TRACE_RAW_TP,
  KernelError,
  PERF_COUNT_SW_CPU_CLOCK,
  PERF_TYPE_BREAKPOINT,
  PERF_TYPE_HARDWARE,
  PERF_TYPE_SOFTWARE,
  closeFd,
  isErrnoException,
  linkCreate,
  native,
  onlineCpus,
  perfEventAttachBpf,
  perfEventOpen,
  pmuType,
  rawTracepointOpen
} from "./chunk-PJVS25R2.js";

// dist/util/glob.js
function hasWildcard(s) {
  return /[*?[]/.test(s);
}
function globToRegExp(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*")
      re += ".*";
    else if (c === "?")
      re += ".";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close < 0)
        re += "\\[";
      else {
        re += "[" + glob.slice(i + 1, close).replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else
      re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

// dist/btf/btf.js
import { readFileSync } from "node:fs";
var BTF_KIND = {
  INT: 1,
  PTR: 2,
  ARRAY: 3,
  STRUCT: 4,
  UNION: 5,
  ENUM: 6,
  FWD: 7,
  TYPEDEF: 8,
  VOLATILE: 9,
  CONST: 10,
  RESTRICT: 11,
  FUNC: 12,
  FUNC_PROTO: 13,
  VAR: 14,
  DATASEC: 15,
  FLOAT: 16,
  DECL_TAG: 17,
  TYPE_TAG: 18,
  ENUM64: 19
};
var BTF_MAGIC = 60319;
var TYPE_HEADER = 12;
function trailingBytes(kind, vlen) {
  switch (kind) {
    case BTF_KIND.INT:
    case BTF_KIND.VAR:
    case BTF_KIND.DECL_TAG:
      return 4;
    case BTF_KIND.ARRAY:
      return 12;
    case BTF_KIND.STRUCT:
    case BTF_KIND.UNION:
    case BTF_KIND.DATASEC:
    case BTF_KIND.ENUM64:
      return 12 * vlen;
    case BTF_KIND.ENUM:
    case BTF_KIND.FUNC_PROTO:
      return 8 * vlen;
    default:
      return 0;
  }
}
var Btf = class _Btf {
  data;
  typesStart;
  stringsStart;
  stringsEnd;
  /** offsets[id] = byte offset of type `id` in `data` (id 0 is void and has none). */
  offsets;
  nameIndex;
  /** The type section as 32-bit words (type `id` starts at word (offsets[id] - typesStart) / 4). */
  words;
  constructor(data) {
    this.data = data;
    if (data.length < 24 || data.readUInt16LE(0) !== BTF_MAGIC)
      throw new Error("not raw BTF (bad magic)");
    const hdrLen = data.readUInt32LE(4);
    const typeOff = data.readUInt32LE(8), typeLen = data.readUInt32LE(12);
    const strOff = data.readUInt32LE(16), strLen = data.readUInt32LE(20);
    this.typesStart = hdrLen + typeOff;
    this.stringsStart = hdrLen + strOff;
    this.stringsEnd = this.stringsStart + strLen;
    const end2 = this.typesStart + typeLen;
    const at = data.byteOffset + this.typesStart;
    const words = at % 4 === 0 ? new Uint32Array(data.buffer, at, end2 - this.typesStart >> 2) : new Uint32Array(data.buffer.slice(at, data.byteOffset + end2));
    this.words = words;
    let offsets = new Int32Array(1 << 16);
    let n = 1;
    for (let w = 0; w < words.length; ) {
      if (n === offsets.length) {
        const grown = new Int32Array(n * 2);
        grown.set(offsets);
        offsets = grown;
      }
      offsets[n++] = this.typesStart + 4 * w;
      const info = words[w + 1];
      w += TYPE_HEADER + trailingBytes(info >>> 24 & 31, info & 65535) >> 2;
    }
    this.offsets = offsets.slice(0, n);
  }
  static load(path2 = "/sys/kernel/btf/vmlinux") {
    return new _Btf(readFileSync(path2));
  }
  /** Number of type ids, void included. */
  get count() {
    return this.offsets.length;
  }
  str(off) {
    const start = this.stringsStart + off;
    if (start >= this.stringsEnd)
      return "";
    const end2 = this.data.indexOf(0, start);
    return this.data.toString("latin1", start, end2 < 0 ? this.stringsEnd : end2);
  }
  type(id) {
    if (id <= 0 || id >= this.offsets.length)
      throw new RangeError(`no BTF type ${id}`);
    const p = this.offsets[id];
    const info = this.data.readUInt32LE(p + 4);
    return {
      id,
      kind: info >>> 24 & 31,
      name: this.str(this.data.readUInt32LE(p)),
      sizeOrType: this.data.readUInt32LE(p + 8),
      kindFlag: info >>> 31 === 1,
      vlen: info & 65535
    };
  }
  /** Type `id`'s size_or_type word and vlen, without decoding its name (for scans over every type). */
  refAndVlen(id) {
    const w = this.offsets[id] - this.typesStart >> 2;
    return { sizeOrType: this.words[w + 2], vlen: this.words[w + 1] & 65535 };
  }
  /** Members of a STRUCT/UNION, or parameters of a FUNC_PROTO (bitOffset 0). */
  members(id) {
    const t = this.type(id);
    const base = this.offsets[id] + TYPE_HEADER;
    const out = [];
    if (t.kind === BTF_KIND.STRUCT || t.kind === BTF_KIND.UNION) {
      for (let i = 0; i < t.vlen; i++) {
        const q = base + 12 * i;
        const off = this.data.readUInt32LE(q + 8);
        out.push({
          name: this.str(this.data.readUInt32LE(q)),
          type: this.data.readUInt32LE(q + 4),
          bitOffset: t.kindFlag ? off & 16777215 : off,
          bitSize: t.kindFlag ? off >>> 24 : 0
        });
      }
    } else if (t.kind === BTF_KIND.FUNC_PROTO) {
      for (let i = 0; i < t.vlen; i++) {
        const q = base + 8 * i;
        out.push({ name: this.str(this.data.readUInt32LE(q)), type: this.data.readUInt32LE(q + 4), bitOffset: 0, bitSize: 0 });
      }
    }
    return out;
  }
  /** Element type, index type and length of an ARRAY. */
  array(id) {
    const q = this.offsets[id] + TYPE_HEADER;
    return { elem: this.data.readUInt32LE(q), index: this.data.readUInt32LE(q + 4), length: this.data.readUInt32LE(q + 8) };
  }
  /** INT encoding: signedness, bit offset and width. */
  intEncoding(id) {
    const enc = this.data.readUInt32LE(this.offsets[id] + TYPE_HEADER);
    const flags = enc >>> 24 & 15;
    return { signed: (flags & 1) !== 0, char: (flags & 2) !== 0, bool: (flags & 4) !== 0, offset: enc >>> 16 & 255, bits: enc & 255 };
  }
  enumValues(id) {
    const t = this.type(id);
    const base = this.offsets[id] + TYPE_HEADER;
    const out = [];
    for (let i = 0; i < t.vlen; i++) {
      if (t.kind === BTF_KIND.ENUM) {
        const q = base + 8 * i;
        const v = t.kindFlag ? BigInt(this.data.readInt32LE(q + 4)) : BigInt(this.data.readUInt32LE(q + 4));
        out.push({ name: this.str(this.data.readUInt32LE(q)), value: v });
      } else if (t.kind === BTF_KIND.ENUM64) {
        const q = base + 12 * i;
        const v = BigInt(this.data.readUInt32LE(q + 8)) << 32n | BigInt(this.data.readUInt32LE(q + 4));
        out.push({ name: this.str(this.data.readUInt32LE(q)), value: t.kindFlag ? BigInt.asIntN(64, v) : v });
      }
    }
    return out;
  }
  /** Ids of every type called `name`, optionally only of one kind. */
  find(name, kind) {
    const ids = this.nameIndex ? this.nameIndex.get(name) ?? [] : this.scanFor(name);
    return kind === void 0 ? ids : ids.filter((id) => this.type(id).kind === kind);
  }
  /**
   * One lookup without building the whole name index: find the name's offsets in the string table,
   * then compare the name word of every type against them (an integer scan, a few ms on vmlinux).
   */
  scanFor(name) {
    const needle = Buffer.from(`\0${name}\0`, "latin1");
    const offs = /* @__PURE__ */ new Set();
    for (let at = this.data.indexOf(needle, this.stringsStart); at >= 0 && at < this.stringsEnd; at = this.data.indexOf(needle, at + 1)) {
      offs.add(at + 1 - this.stringsStart);
    }
    if (offs.size === 0)
      return [];
    const ids = [];
    const { words, offsets, typesStart } = this;
    const only = offs.size === 1 ? [...offs][0] : -1;
    for (let id = 1; id < offsets.length; id++) {
      const nameOff = words[offsets[id] - typesStart >> 2];
      if (only >= 0 ? nameOff === only : offs.has(nameOff))
        ids.push(id);
    }
    return ids;
  }
  /** Every type of one kind, as [id, name] pairs, in id order. */
  *ofKind(kind) {
    for (let id = 1; id < this.offsets.length; id++) {
      const p = this.offsets[id];
      if ((this.data.readUInt32LE(p + 4) >>> 24 & 31) === kind)
        yield [id, this.str(this.data.readUInt32LE(p))];
    }
  }
  /** Follow typedefs and qualifiers to the type they name. */
  resolve(id) {
    for (let guard = 0; id !== 0 && guard < 64; guard++) {
      const t = this.type(id);
      if (t.kind !== BTF_KIND.TYPEDEF && t.kind !== BTF_KIND.CONST && t.kind !== BTF_KIND.VOLATILE && t.kind !== BTF_KIND.RESTRICT && t.kind !== BTF_KIND.TYPE_TAG)
        return id;
      id = t.sizeOrType;
    }
    return id;
  }
  names() {
    if (this.nameIndex)
      return this.nameIndex;
    const index = /* @__PURE__ */ new Map();
    for (let id = 1; id < this.offsets.length; id++) {
      const nameOff = this.data.readUInt32LE(this.offsets[id]);
      if (nameOff === 0)
        continue;
      const name = this.str(nameOff);
      const ids = index.get(name);
      if (ids)
        ids.push(id);
      else
        index.set(name, [id]);
    }
    return this.nameIndex = index;
  }
};
var vmlinux;
function kernelBtf() {
  if (vmlinux === void 0) {
    try {
      vmlinux = Btf.load();
    } catch {
      vmlinux = null;
    }
  }
  return vmlinux;
}

// dist/btf/c-decl.js
function cTypeName(btf, id, depth = 0) {
  if (id === 0)
    return "void";
  if (depth > 16)
    return "?";
  const t = btf.type(id);
  switch (t.kind) {
    case BTF_KIND.PTR: {
      const to = btf.resolve(t.sizeOrType);
      if (to !== 0 && btf.type(to).kind === BTF_KIND.FUNC_PROTO)
        return "void *";
      return `${cTypeName(btf, t.sizeOrType, depth + 1)} *`;
    }
    case BTF_KIND.CONST:
      return `const ${cTypeName(btf, t.sizeOrType, depth + 1)}`;
    case BTF_KIND.VOLATILE:
      return `volatile ${cTypeName(btf, t.sizeOrType, depth + 1)}`;
    case BTF_KIND.RESTRICT:
    case BTF_KIND.TYPE_TAG:
      return cTypeName(btf, t.sizeOrType, depth + 1);
    case BTF_KIND.STRUCT:
      return `struct ${t.name}`;
    case BTF_KIND.UNION:
      return `union ${t.name}`;
    case BTF_KIND.ENUM:
    case BTF_KIND.ENUM64:
      return `enum ${t.name}`;
    case BTF_KIND.FWD:
      return `${t.kindFlag ? "union" : "struct"} ${t.name}`;
    case BTF_KIND.ARRAY: {
      const a = btf.array(id);
      return `${cTypeName(btf, a.elem, depth + 1)}[${a.length}]`;
    }
    default:
      return t.name || "?";
  }
}
function funcParams(btf, func) {
  const id = btf.find(func, BTF_KIND.FUNC)[0];
  if (id === void 0)
    return void 0;
  return btf.members(btf.type(id).sizeOrType).map((p) => `${cTypeName(btf, p.type)} ${p.name}`);
}

// dist/semantic/types.js
var u64 = { kind: "int", bits: 64, signed: false };
var s64 = { kind: "int", bits: 64, signed: true };
var u32 = { kind: "int", bits: 32, signed: false };
var boolT = { kind: "bool" };
var noneT = { kind: "none" };
function intType(bits, signed2) {
  return { kind: "int", bits, signed: signed2 };
}
function strType(size) {
  return { kind: "str", size };
}
function isScalar(t) {
  return t.kind === "int" || t.kind === "bool" || t.kind === "ptr";
}
function isIntegral(t) {
  return t.kind === "int" || t.kind === "bool";
}
function isSigned(t) {
  return t.kind === "int" && t.signed;
}
var align8 = (n) => n + 7 & ~7;
function storageSize(t) {
  switch (t.kind) {
    case "int":
    case "bool":
    case "ptr":
      return 8;
    case "str":
      return align8(t.size);
    case "buf":
      return 8 + align8(t.size);
    case "rendered":
      return t.as === "inet" ? 24 : 8;
    case "tuple":
      return t.elems.reduce((n, e) => n + storageSize(e), 0);
    case "agg":
      return t.agg === "hist" || t.agg === "lhist" ? 8 * histogramSlots(t) : aggValueSize(t.agg);
    case "stack":
    case "sym":
      return t.user ? 16 : 8;
    case "struct":
      return align8(t.size);
    case "array":
      return align8(t.elemSize * t.length);
    case "args":
    case "none":
      return 0;
  }
}
function slotSize(t) {
  return t.kind === "struct" || t.kind === "array" ? 8 : storageSize(t);
}
function tupleOffsets(t) {
  const offs = [];
  let off = 0;
  for (const e of t.elems) {
    offs.push(off);
    off += storageSize(e);
  }
  return offs;
}
function aggValueSize(agg) {
  return agg === "min" || agg === "max" || agg === "avg" || agg === "stats" ? 16 : 8;
}
function isHistogram(t) {
  return t.kind === "agg" && (t.agg === "hist" || t.agg === "lhist");
}
var MAX_HISTOGRAM_SLOTS = 32768 / 8;
function histogramSlots(t) {
  if (t.agg === "lhist")
    return Math.floor((t.lhist.max - t.lhist.min) / t.lhist.step) + 2;
  const k = t.bits ?? 0;
  return (64 - k << k) + 1;
}
function sameType(a, b) {
  if (a.kind !== b.kind)
    return false;
  switch (a.kind) {
    case "int":
      return true;
    // integers of any width and sign unify (stored as 64 bits)
    case "str":
    case "buf":
      return true;
    // strings of any size unify; storage takes the larger
    case "rendered":
      return a.as === b.as && a.fmt === b.fmt;
    case "tuple": {
      const bt = b;
      if (a.names || bt.names) {
        const an = a.names;
        const bn = bt.names;
        if (!an || !bn || an.length !== bn.length)
          return false;
        return an.every((n, i) => bn.includes(n) && sameType(a.elems[i], bt.elems[bn.indexOf(n)]));
      }
      return a.elems.length === bt.elems.length && a.elems.every((e, i) => sameType(e, bt.elems[i]));
    }
    case "agg": {
      const x = a.lhist;
      const y = b.lhist;
      const sameBuckets = (!x || !y || x.min === y.min && x.max === y.max && x.step === y.step) && (a.bits ?? 0) === (b.bits ?? 0);
      return a.agg === b.agg && sameBuckets;
    }
    case "stack": {
      const bt = b;
      return a.user === bt.user && a.mode === bt.mode && a.limit === bt.limit;
    }
    case "sym":
      return a.user === b.user;
    case "struct":
      return a.btf === b.btf;
    case "array": {
      const bt = b;
      return a.length === bt.length && sameType(a.elem, bt.elem);
    }
    default:
      return true;
  }
}
function typeName(t) {
  switch (t.kind) {
    case "int":
      return `${t.signed ? "" : "unsigned "}int${t.bits}`;
    case "bool":
      return "bool";
    case "str":
      return `string[${t.size}]`;
    case "tuple":
      if (t.names)
        return `record { ${t.elems.map((e, i) => `.${t.names[i]} = ${typeName(e)}`).join(", ")} }`;
      return `(${t.elems.map(typeName).join(",")})`;
    case "ptr":
      return `${typeName(t.to)} *`;
    case "buf":
      return `buffer[${t.size}]`;
    case "rendered":
      return { timestamp: "timestamp", inet: "inet", strerror: "strerror_t", username: "username" }[t.as];
    case "args":
      return "args";
    case "none":
      return "none";
    case "agg":
      return `${t.agg}_t`;
    case "stack":
      return `${t.user ? "u" : "k"}stack_${t.mode}_${t.limit}`;
    case "sym":
      return t.user ? "usym_t" : "ksym_t";
    case "struct":
      return t.name;
    case "array":
      return `${typeName(t.elem)}[${t.length}]`;
  }
}

// dist/semantic/kernel-types.js
var widthOf = (bytes) => bytes <= 1 ? 8 : bytes === 2 ? 16 : bytes <= 4 ? 32 : 64;
function btfToType(btf, id, user = false) {
  id = btf.resolve(id);
  if (id === 0)
    return intType(8, true);
  const t = btf.type(id);
  switch (t.kind) {
    case BTF_KIND.INT: {
      const enc = btf.intEncoding(id);
      return intType(widthOf(t.sizeOrType), enc.signed);
    }
    case BTF_KIND.ENUM:
    case BTF_KIND.ENUM64:
      return intType(widthOf(t.sizeOrType), t.kindFlag);
    case BTF_KIND.PTR:
      return { kind: "ptr", to: btfToType(btf, t.sizeOrType, user), user };
    case BTF_KIND.ARRAY: {
      const a = btf.array(id);
      const elem = btfToType(btf, a.elem, user);
      if (elem.kind === "int" && elem.bits === 8 && isCharType(btf, a.elem))
        return strType(a.length);
      return { kind: "array", elem, length: a.length, elemSize: byteSize(btf, a.elem), btf: id, ...user ? { user } : {} };
    }
    case BTF_KIND.STRUCT:
    case BTF_KIND.UNION:
      return { kind: "struct", name: `${t.kind === BTF_KIND.STRUCT ? "struct" : "union"} ${t.name}`, btf: id, size: t.sizeOrType, ...user ? { user } : {} };
    case BTF_KIND.FWD: {
      const kind = t.kindFlag ? BTF_KIND.UNION : BTF_KIND.STRUCT;
      const def = btf.find(t.name, kind)[0];
      return def === void 0 ? { kind: "struct", name: `struct ${t.name}`, btf: id, size: 0 } : btfToType(btf, def, user);
    }
    default:
      return u64;
  }
}
function isCharType(btf, id) {
  const r = btf.resolve(id);
  return btf.type(r).kind === BTF_KIND.INT && (btf.intEncoding(r).char || /char/.test(btf.type(r).name));
}
function byteSize(btf, id) {
  id = btf.resolve(id);
  if (id === 0)
    return 1;
  const t = btf.type(id);
  switch (t.kind) {
    case BTF_KIND.PTR:
      return 8;
    case BTF_KIND.ARRAY: {
      const a = btf.array(id);
      return a.length * byteSize(btf, a.elem);
    }
    case BTF_KIND.INT:
    case BTF_KIND.ENUM:
    case BTF_KIND.ENUM64:
    case BTF_KIND.STRUCT:
    case BTF_KIND.UNION:
    case BTF_KIND.FLOAT:
      return t.sizeOrType;
    default:
      return 8;
  }
}
function findNamedType(name) {
  const btf = kernelBtf();
  const m = /^(struct|union|enum) +(\w+)$/.exec(name.trim());
  if (!btf || !m)
    return void 0;
  const kinds = m[1] === "struct" ? [BTF_KIND.STRUCT] : m[1] === "union" ? [BTF_KIND.UNION] : [BTF_KIND.ENUM, BTF_KIND.ENUM64];
  for (const kind of kinds) {
    const ids = btf.find(m[2], kind);
    const best = ids.find((id) => btf.type(id).sizeOrType > 0) ?? ids[0];
    if (best !== void 0)
      return best;
  }
  return void 0;
}
function kernelPointerType(name, pointerDepth, user) {
  const id = findNamedType(name);
  if (id === void 0 || pointerDepth < 1)
    return void 0;
  let t = btfToType(kernelBtf(), id, user);
  for (let i = 0; i < pointerDepth; i++)
    t = { kind: "ptr", to: t, user };
  return t;
}
function taskStructPointer() {
  return kernelPointerType("struct task_struct", 1, false);
}
function fieldLayout(s, name, user) {
  const btf = kernelBtf();
  if (!btf)
    return void 0;
  const hit = findMember(btf, s.btf, name, 0);
  if (!hit)
    return void 0;
  let { bitOffset, bitSize } = hit;
  const target = btf.resolve(hit.type);
  if (bitSize === 0 && btf.type(target).kind === BTF_KIND.INT) {
    const enc = btf.intEncoding(target);
    if (enc.bits !== btf.type(target).sizeOrType * 8 || enc.offset !== 0) {
      bitSize = enc.bits;
      bitOffset += enc.offset;
    }
  }
  const type = btfToType(btf, hit.type, user);
  if (bitSize === 0 && bitOffset % 8 === 0)
    return { type, offset: bitOffset / 8, size: byteSize(btf, hit.type) };
  const shift = bitOffset % 8;
  const size = Math.ceil((shift + bitSize) / 8);
  return { type: intType(widthOf(size), false), offset: Math.floor(bitOffset / 8), size, bits: { shift, width: bitSize } };
}
function findMember(btf, id, name, base) {
  for (const m of btf.members(btf.resolve(id))) {
    if (m.name === name)
      return { type: m.type, bitOffset: base + m.bitOffset, bitSize: m.bitSize };
    if (m.name === "") {
      const inner = btf.resolve(m.type);
      const k = btf.type(inner).kind;
      if (k === BTF_KIND.STRUCT || k === BTF_KIND.UNION) {
        const hit = findMember(btf, inner, name, base + m.bitOffset);
        if (hit)
          return hit;
      }
    }
  }
  return void 0;
}
function memorySize(t) {
  switch (t.kind) {
    case "int":
      return t.bits / 8;
    case "bool":
      return 1;
    case "str":
      return t.size;
    case "struct":
      return t.size;
    case "array":
      return t.elemSize * t.length;
    default:
      return 8;
  }
}
function sizeofTypeName(name, pointerDepth) {
  if (pointerDepth > 0)
    return 8;
  const int = /^(u?)int(8|16|32|64)$/.exec(name);
  if (int)
    return Number(int[2]) / 8;
  if (name === "bool")
    return 1;
  const id = findNamedType(name);
  return id === void 0 ? void 0 : byteSize(kernelBtf(), id);
}
function offsetofPath(s, path2) {
  let offset = 0;
  let cur = s;
  for (const f of path2) {
    if (cur.kind !== "struct")
      return `'${f}' is not a field of a struct: ${cur.kind}`;
    const l = fieldLayout(cur, f, false);
    if (!l)
      return `Struct/union of type '${cur.name}' does not contain a field named '${f}'`;
    if (l.bits)
      return `offsetof() of a bitfield ('${f}') is not supported`;
    offset += l.offset;
    cur = l.type;
  }
  return offset;
}
function rawTracepointArgs(event) {
  const btf = kernelBtf();
  if (!btf)
    return void 0;
  for (const fn2 of [`__bpf_trace_${event}`, `__probestub_${event}`]) {
    const id = btf.find(fn2, BTF_KIND.FUNC)[0];
    if (id === void 0)
      continue;
    const proto = btf.resolve(btf.type(id).sizeOrType);
    if (btf.type(proto).kind !== BTF_KIND.FUNC_PROTO)
      continue;
    return btf.members(proto).slice(1).map((p, i) => ({ name: p.name, type: btfToType(btf, p.type), index: i }));
  }
  return void 0;
}

// dist/semantic/btf-args.js
var MAX_REGISTER_ARGS = 6;
function kernelFunction(name, btf = kernelBtf()) {
  if (!btf)
    return void 0;
  const id = btf.find(name, BTF_KIND.FUNC)[0];
  return id === void 0 ? void 0 : functionAt(btf, id);
}
function functionAt(btf, id) {
  const t = btf.type(id);
  if (t.kind !== BTF_KIND.FUNC)
    return void 0;
  const name = t.name;
  const proto = btf.resolve(btf.type(id).sizeOrType);
  if (btf.type(proto).kind !== BTF_KIND.FUNC_PROTO)
    return void 0;
  return { id, name, params: btf.members(proto).map((p) => ({ name: p.name, type: p.type })), ret: btf.type(proto).sizeOrType };
}
function isUserPointer(btf, id) {
  let t = btf.type(btf.resolve(id));
  if (t.kind !== BTF_KIND.PTR)
    return false;
  for (let next = t.sizeOrType, guard = 0; next !== 0 && guard < 8; guard++) {
    t = btf.type(next);
    if (t.kind === BTF_KIND.TYPE_TAG && t.name === "user")
      return true;
    if (t.kind !== BTF_KIND.CONST && t.kind !== BTF_KIND.VOLATILE && t.kind !== BTF_KIND.TYPEDEF && t.kind !== BTF_KIND.TYPE_TAG)
      return false;
    next = t.sizeOrType;
  }
  return false;
}
function slotType(btf, id) {
  return btfToType(btf, id, isUserPointer(btf, id));
}
function slotsOf(btf, id) {
  return Math.max(1, Math.ceil(byteSize(btf, id) / 8));
}
function loadSize(btf, id) {
  const r = btf.resolve(id);
  const kind = r === 0 ? BTF_KIND.INT : btf.type(r).kind;
  const size = byteSize(btf, id);
  if (kind === BTF_KIND.INT || kind === BTF_KIND.ENUM || kind === BTF_KIND.ENUM64)
    return size <= 8 ? size : 8;
  return kind === BTF_KIND.PTR ? 8 : size;
}
function slotArgs(btf, params, skip = 0) {
  const args = [];
  let slot = 0;
  for (const p of params.slice(skip)) {
    args.push({ name: p.name, type: slotType(btf, p.type), ctxOffset: 8 * slot, ctxSize: loadSize(btf, p.type) });
    slot += slotsOf(btf, p.type);
  }
  return { args, slots: slot };
}
function paramDecls(btf, fn2, withRetval) {
  const lines = fn2.params.map((p) => `${cTypeName(btf, p.type)} ${p.name}`);
  if (withRetval && fn2.ret !== 0)
    lines.push(`${cTypeName(btf, fn2.ret)} retval`);
  return lines;
}

// dist/providers/fentry.js
var VMLINUX = "vmlinux";
var traceable;
function fentryFunctions(kernel) {
  const btf = kernelBtf();
  if (!btf)
    return /* @__PURE__ */ new Map();
  if (traceable?.btf === btf)
    return traceable.ids;
  const known = new Set((kernel.kernelFunctions?.() ?? []).filter((f) => !f.module).map((f) => f.name));
  const ids = /* @__PURE__ */ new Map();
  for (const [id, name] of btf.ofKind(BTF_KIND.FUNC)) {
    if (ids.has(name) || known.size > 0 && !known.has(name))
      continue;
    if (btf.refAndVlen(btf.refAndVlen(id).sizeOrType).vlen <= MAX_REGISTER_ARGS)
      ids.set(name, id);
  }
  traceable = { btf, ids };
  return ids;
}
function fn(target) {
  const btf = kernelBtf();
  return btf ? functionAt(btf, Number(target.detail.btfId)) : void 0;
}
function fentryProvider(name, aliases, exit) {
  return {
    name,
    aliases,
    doc: exit ? "returns of kernel functions through BPF trampolines: fexit:[module:]func, with args.NAME and retval typed from BTF" : "kernel functions through BPF trampolines: fentry:[module:]func (wildcards allowed), with args.NAME typed from BTF",
    progType: BPF_PROG_TYPE_TRACING,
    resolve(rest, ap, kernel, diags) {
      const parts = rest === void 0 ? [] : rest.split(":");
      if (parts.length === 0 || parts.some((p) => p === "")) {
        diags.error(ap.span, "fentry/fexit should specify a function");
        return [];
      }
      if (parts[0] === "bpf") {
        diags.error(ap.span, `${name}:bpf (attaching to running BPF programs) is not supported by ebt`);
        return [];
      }
      if (parts.length > 2) {
        diags.error(ap.span, `${name} probe type requires 1 or 2 arguments, found ${parts.length}`);
        return [];
      }
      const module = parts.length === 2 ? parts[0] : VMLINUX;
      const func = parts.at(-1);
      if (!globToRegExp(module).test(VMLINUX)) {
        diags.error(ap.span, `No BTF found for ${module}:${func}.`);
        return [];
      }
      const make = (f, btfId) => ({
        provider: this,
        name: `${name}:${VMLINUX}:${f}`,
        detail: { func: f, module: VMLINUX, btfId }
      });
      if (!hasWildcard(func)) {
        const f = kernelFunction(func);
        if (!f) {
          diags.error(ap.span, `No BTF found for ${VMLINUX}:${func}.`);
          return [];
        }
        return [make(func, f.id)];
      }
      const re = globToRegExp(func);
      const found = [...fentryFunctions(kernel)].filter(([f]) => re.test(f)).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([f, id]) => make(f, id));
      if (found.length === 0)
        diags.error(ap.span, `No probes matched: ${name}:${rest}`);
      return found;
    },
    listsModule: true,
    // bpftrace's full listing has entry probes only (fexit has the same targets); asked for by
    // name, fexit lists them with `retval` after the arguments.
    listedOnlyByName: exit,
    list(kernel) {
      const btf = kernelBtf();
      return [...fentryFunctions(kernel)].map(([f, id]) => ({
        name: `${name}:${VMLINUX}:${f}`,
        params: () => btf && paramDecls(btf, functionAt(btf, id), exit) || []
      }));
    },
    args(target) {
      const f = fn(target);
      const btf = kernelBtf();
      return f && btf ? slotArgs(btf, f.params).args : void 0;
    },
    retvalOffset: exit ? (target) => {
      const f = fn(target);
      const btf = kernelBtf();
      return f && btf && f.ret !== 0 ? 8 * slotArgs(btf, f.params).slots : void 0;
    } : void 0,
    retvalType: exit ? (target) => {
      const f = fn(target);
      const btf = kernelBtf();
      return f && btf && f.ret !== 0 ? slotType(btf, f.ret) : void 0;
    } : void 0,
    funcName: (target) => String(target.detail.func),
    loadTarget(target) {
      return { attachType: exit ? BPF_TRACE_FEXIT : BPF_TRACE_FENTRY, btfId: fn(target)?.id ?? 0 };
    },
    loadRefused(target, reason) {
      return {
        message: "fentry/fexit not available for your kernel version.",
        hints: [`the kernel refused to load the program for ${target.name} (${reason})`]
      };
    },
    attach(progFd) {
      return { fds: [linkCreate(progFd, 0, exit ? BPF_TRACE_FEXIT : BPF_TRACE_FENTRY)] };
    }
  };
}
var fentry = fentryProvider("fentry", ["f", "kfunc"], false);
var fexit = fentryProvider("fexit", ["fr", "kretfunc"], true);

// dist/codegen/bpf/registers.js
var R0 = 0;
var R1 = 1;
var R2 = 2;
var R3 = 3;
var R4 = 4;
var R10 = 10;
var FP = R10;

// dist/codegen/bpf/opcodes.js
var BPF_LD = 0;
var BPF_LDX = 1;
var BPF_ST = 2;
var BPF_STX = 3;
var BPF_ALU = 4;
var BPF_JMP = 5;
var BPF_JMP32 = 6;
var BPF_ALU64 = 7;
var BPF_W = 0;
var BPF_H = 8;
var BPF_B = 16;
var BPF_DW = 24;
var BPF_IMM = 0;
var BPF_ABS = 32;
var BPF_IND = 64;
var BPF_MEM = 96;
var BPF_MEMSX = 128;
var BPF_ATOMIC = 192;
var BPF_NOSPEC = 192;
var BPF_K = 0;
var BPF_X = 8;
var BPF_TO_LE = 0;
var BPF_TO_BE = 8;
var BPF_ADD = 0;
var BPF_SUB = 16;
var BPF_MUL = 32;
var BPF_DIV = 48;
var BPF_OR = 64;
var BPF_AND = 80;
var BPF_LSH = 96;
var BPF_RSH = 112;
var BPF_NEG = 128;
var BPF_MOD = 144;
var BPF_XOR = 160;
var BPF_MOV = 176;
var BPF_ARSH = 192;
var BPF_END = 208;
var BPF_JA = 0;
var BPF_JEQ = 16;
var BPF_JGT = 32;
var BPF_JGE = 48;
var BPF_JSET = 64;
var BPF_JNE = 80;
var BPF_JSGT = 96;
var BPF_JSGE = 112;
var BPF_CALL = 128;
var BPF_EXIT = 144;
var BPF_JLT = 160;
var BPF_JLE = 176;
var BPF_JSLT = 192;
var BPF_JSLE = 208;
var BPF_JCOND = 224;
var BPF_FETCH = 1;
var BPF_XCHG = 224 | BPF_FETCH;
var BPF_CMPXCHG = 240 | BPF_FETCH;
var BPF_LOAD_ACQ = 256;
var BPF_STORE_REL = 272;
var BPF_PSEUDO_MAP_FD = 1;
var BPF_PSEUDO_MAP_VALUE = 2;
var BPF_PSEUDO_FUNC = 4;
var BPF_PSEUDO_CALL = 1;
var BPF_PSEUDO_KFUNC_CALL = 2;
var BPF_MAY_GOTO = 0;
var BPF_ADDR_SPACE_CAST = 1;
function BPF_CLASS(code) {
  return code & 7;
}
function BPF_SIZE(code) {
  return code & 24;
}
function BPF_MODE(code) {
  return code & 224;
}
function BPF_OP(code) {
  return code & 240;
}
function BPF_SRC(code) {
  return code & 8;
}
var LD_IMM64 = BPF_LD | BPF_IMM | BPF_DW;

// dist/codegen/bpf/insn.js
var Label = class {
  name;
  /** `name` appears in assembler errors; it need not be unique. */
  constructor(name) {
    this.name = name;
  }
  /** The name in quotes, or "<anonymous>", for messages. */
  toString() {
    return this.name === void 0 ? "<anonymous>" : JSON.stringify(this.name);
  }
};
function insnWidth(insn) {
  return insn.code === LD_IMM64 ? 2 : 1;
}
var ALU_OPS = {
  add: { op: BPF_ADD, off: 0 },
  sub: { op: BPF_SUB, off: 0 },
  mul: { op: BPF_MUL, off: 0 },
  div: { op: BPF_DIV, off: 0 },
  sdiv: { op: BPF_DIV, off: 1 },
  mod: { op: BPF_MOD, off: 0 },
  smod: { op: BPF_MOD, off: 1 },
  or: { op: BPF_OR, off: 0 },
  and: { op: BPF_AND, off: 0 },
  xor: { op: BPF_XOR, off: 0 },
  lsh: { op: BPF_LSH, off: 0 },
  rsh: { op: BPF_RSH, off: 0 },
  arsh: { op: BPF_ARSH, off: 0 }
};
var JMP_OPS = {
  jeq: BPF_JEQ,
  jne: BPF_JNE,
  jgt: BPF_JGT,
  jge: BPF_JGE,
  jlt: BPF_JLT,
  jle: BPF_JLE,
  jsgt: BPF_JSGT,
  jsge: BPF_JSGE,
  jslt: BPF_JSLT,
  jsle: BPF_JSLE,
  jset: BPF_JSET
};
var ATOMIC_OPS = {
  add: BPF_ADD,
  or: BPF_OR,
  and: BPF_AND,
  xor: BPF_XOR,
  fetch_add: BPF_ADD | BPF_FETCH,
  fetch_or: BPF_OR | BPF_FETCH,
  fetch_and: BPF_AND | BPF_FETCH,
  fetch_xor: BPF_XOR | BPF_FETCH,
  xchg: BPF_XCHG,
  cmpxchg: BPF_CMPXCHG
};
var SIZES = { u8: BPF_B, u16: BPF_H, u32: BPF_W, u64: BPF_DW };

// dist/codegen/bpf/builder.js
var INT32_MIN = -(2 ** 31);
var INT32_MAX = 2 ** 31 - 1;
var UINT32_MAX = 2 ** 32 - 1;
var Asm = class {
  /** The instructions emitted so far, in order. */
  insns = [];
  span;
  pendingComment;
  pendingLabels = [];
  /** Attaches `span` to every following instruction until changed. */
  at(span) {
    this.span = span;
  }
  /** Attaches `text` to the next instruction (several calls are joined with "; "). */
  comment(text) {
    this.pendingComment = this.pendingComment === void 0 ? text : `${this.pendingComment}; ${text}`;
  }
  /** Binds `l` to the next instruction emitted; a label left pending at the end stays unbound. */
  label(l) {
    this.pendingLabels.push(l);
  }
  /** Appends a raw instruction, attaching the current span, pending labels and comment. */
  emit(fields) {
    const insn = { ...fields };
    if (this.span !== void 0)
      insn.span = this.span;
    if (this.pendingLabels.length > 0)
      insn.labels = this.pendingLabels;
    if (this.pendingComment !== void 0)
      insn.comment = this.pendingComment;
    this.pendingLabels = [];
    this.pendingComment = void 0;
    this.insns.push(insn);
    return insn;
  }
  /** Labels bound by `label()` with no instruction after them yet. */
  get unboundLabels() {
    return this.pendingLabels;
  }
  // --- moves and arithmetic -------------------------------------------------------------------
  /** dst = imm (64-bit, imm sign-extended from 32 bits). */
  movImm(dst, imm) {
    return this.emit({ code: BPF_ALU64 | BPF_MOV | BPF_K, dst, src: 0, off: 0, imm });
  }
  /** dst = src (64-bit). */
  movReg(dst, src) {
    return this.emit({ code: BPF_ALU64 | BPF_MOV | BPF_X, dst, src, off: 0, imm: 0 });
  }
  /** wdst = imm (32-bit; the upper half of dst is zeroed). */
  mov32Imm(dst, imm) {
    return this.emit({ code: BPF_ALU | BPF_MOV | BPF_K, dst, src: 0, off: 0, imm });
  }
  /** wdst = wsrc (32-bit; zero-extends, the usual way to truncate to u32). */
  mov32Reg(dst, src) {
    return this.emit({ code: BPF_ALU | BPF_MOV | BPF_X, dst, src, off: 0, imm: 0 });
  }
  /** dst = (s8/s16/s32)src, sign-extending to 64 bits (kernel 6.6+). */
  movsx(dst, src, bits) {
    return this.emit({ code: BPF_ALU64 | BPF_MOV | BPF_X, dst, src, off: bits, imm: 0 });
  }
  /** wdst = (s8/s16)wsrc, sign-extending to 32 bits and zeroing the upper half (kernel 6.6+). */
  movsx32(dst, src, bits) {
    return this.emit({ code: BPF_ALU | BPF_MOV | BPF_X, dst, src, off: bits, imm: 0 });
  }
  /**
   * dst = value using the shortest form: one `mov` if it fits a sign-extended 32-bit immediate, one
   * `mov32` if it is in 2^31..2^32-1 (mov32 zero-extends), otherwise a two-slot `ld_imm64`.
   */
  loadConst(dst, value) {
    const v = typeof value === "bigint" ? BigInt.asIntN(64, value) : value;
    const n = Number(v);
    if (Number.isSafeInteger(n) && n >= INT32_MIN && n <= INT32_MAX)
      return this.movImm(dst, n);
    if (Number.isSafeInteger(n) && n > INT32_MAX && n <= UINT32_MAX)
      return this.mov32Imm(dst, n);
    return this.ldImm64(dst, BigInt(v));
  }
  /** dst op= imm (64-bit; imm sign-extended from 32 bits). */
  aluImm(op, dst, imm) {
    const { op: bits, off } = ALU_OPS[op];
    return this.emit({ code: BPF_ALU64 | bits | BPF_K, dst, src: 0, off, imm });
  }
  /** dst op= src (64-bit). */
  aluReg(op, dst, src) {
    const { op: bits, off } = ALU_OPS[op];
    return this.emit({ code: BPF_ALU64 | bits | BPF_X, dst, src, off, imm: 0 });
  }
  /** wdst op= imm (32-bit; the upper half of dst is zeroed). */
  alu32Imm(op, dst, imm) {
    const { op: bits, off } = ALU_OPS[op];
    return this.emit({ code: BPF_ALU | bits | BPF_K, dst, src: 0, off, imm });
  }
  /** wdst op= wsrc (32-bit; the upper half of dst is zeroed). */
  alu32Reg(op, dst, src) {
    const { op: bits, off } = ALU_OPS[op];
    return this.emit({ code: BPF_ALU | bits | BPF_X, dst, src, off, imm: 0 });
  }
  /** dst = -dst (64-bit). */
  neg(dst) {
    return this.emit({ code: BPF_ALU64 | BPF_NEG | BPF_K, dst, src: 0, off: 0, imm: 0 });
  }
  /** wdst = -wdst (32-bit). */
  neg32(dst) {
    return this.emit({ code: BPF_ALU | BPF_NEG | BPF_K, dst, src: 0, off: 0, imm: 0 });
  }
  /**
   * Byte order: `le`/`be` convert host order to that order (a no-op or a swap; truncates to `bits`),
   * `bswap` always swaps (kernel 6.6+).
   */
  endian(kind, bits, dst) {
    const code = kind === "bswap" ? BPF_ALU64 | BPF_END | BPF_TO_LE : BPF_ALU | BPF_END | (kind === "be" ? BPF_TO_BE : BPF_TO_LE);
    return this.emit({ code, dst, src: 0, off: 0, imm: bits });
  }
  // --- 64-bit constants and maps ---------------------------------------------------------------
  /** dst = a 64-bit constant (two slots). */
  ldImm64(dst, value) {
    return this.emit({ code: LD_IMM64, dst, src: 0, off: 0, imm: 0, imm64: BigInt(value) });
  }
  /** dst = pointer to map `mapName` (BPF_PSEUDO_MAP_FD); its fd is written by `patchMapFds()`. */
  ldMapFd(dst, mapName) {
    return this.emit({ code: LD_IMM64, dst, src: BPF_PSEUDO_MAP_FD, off: 0, imm: 0, imm64: 0n, mapRef: mapName });
  }
  /** dst = address of the bpf-to-bpf function at `target` (BPF_PSEUDO_FUNC), for callback helpers like bpf_loop. */
  ldFunc(dst, target) {
    return this.emit({ code: LD_IMM64, dst, src: BPF_PSEUDO_FUNC, off: 0, imm: 0, target });
  }
  /** dst = address of byte `offset` in the single value of array map `mapName` (BPF_PSEUDO_MAP_VALUE). */
  ldMapValue(dst, mapName, offset = 0) {
    return this.emit({ code: LD_IMM64, dst, src: BPF_PSEUDO_MAP_VALUE, off: 0, imm: 0, imm64: BigInt(offset) << 32n, mapRef: mapName });
  }
  // --- memory --------------------------------------------------------------------------------
  /** dst = *(size *)(src + off), zero-extended. */
  ldx(size, dst, src, off) {
    return this.emit({ code: BPF_LDX | BPF_MEM | SIZES[size], dst, src, off, imm: 0 });
  }
  /** dst = *(s8/s16/s32 *)(src + off), sign-extended to 64 bits (BPF_MEMSX, kernel 6.6+). */
  ldxs(size, dst, src, off) {
    return this.emit({ code: BPF_LDX | BPF_MEMSX | SIZES[size], dst, src, off, imm: 0 });
  }
  /** *(size *)(dst + off) = src. */
  stx(size, dst, off, src) {
    return this.emit({ code: BPF_STX | BPF_MEM | SIZES[size], dst, src, off, imm: 0 });
  }
  /** *(size *)(dst + off) = imm (for u64 the imm is sign-extended from 32 bits). */
  st(size, dst, off, imm) {
    return this.emit({ code: BPF_ST | BPF_MEM | SIZES[size], dst, src: 0, off, imm });
  }
  /**
   * Atomic *(size *)(dst + off) op= src. `fetch_*` and `xchg` leave the old value in src; `cmpxchg`
   * compares with r0, stores src if equal, and leaves the old value in r0.
   */
  atomic(op, size, dst, off, src) {
    return this.emit({ code: BPF_STX | BPF_ATOMIC | SIZES[size], dst, src, off, imm: ATOMIC_OPS[op] });
  }
  // --- control flow --------------------------------------------------------------------------
  /** goto target (16-bit offset). */
  ja(target) {
    return this.emit({ code: BPF_JMP | BPF_JA, dst: 0, src: 0, off: 0, imm: 0, target });
  }
  /** gotol target: unconditional jump with a 32-bit offset, for targets beyond ±32K slots (kernel 6.6+). */
  gotol(target) {
    return this.emit({ code: BPF_JMP32 | BPF_JA, dst: 0, src: 0, off: 0, imm: 0, target });
  }
  /** if (dst op imm) goto target, 64-bit compare with imm sign-extended from 32 bits. */
  jmpImm(op, dst, imm, target) {
    return this.emit({ code: BPF_JMP | JMP_OPS[op] | BPF_K, dst, src: 0, off: 0, imm, target });
  }
  /** if (dst op src) goto target, 64-bit compare. */
  jmpReg(op, dst, src, target) {
    return this.emit({ code: BPF_JMP | JMP_OPS[op] | BPF_X, dst, src, off: 0, imm: 0, target });
  }
  /** if (wdst op imm) goto target, comparing the low 32 bits. */
  jmp32Imm(op, dst, imm, target) {
    return this.emit({ code: BPF_JMP32 | JMP_OPS[op] | BPF_K, dst, src: 0, off: 0, imm, target });
  }
  /** if (wdst op wsrc) goto target, comparing the low 32 bits. */
  jmp32Reg(op, dst, src, target) {
    return this.emit({ code: BPF_JMP32 | JMP_OPS[op] | BPF_X, dst, src, off: 0, imm: 0, target });
  }
  /** Calls helper number `helper` (see HELPERS); clobbers r1-r5, result in r0. */
  call(helper) {
    return this.emit({ code: BPF_JMP | BPF_CALL, dst: 0, src: 0, off: 0, imm: helper });
  }
  /** Calls kernel function `btfId` of vmlinux's BTF (BPF_PSEUDO_KFUNC_CALL); clobbers r1-r5, result in r0. */
  callKfunc(btfId) {
    return this.emit({ code: BPF_JMP | BPF_CALL, dst: 0, src: BPF_PSEUDO_KFUNC_CALL, off: 0, imm: btfId });
  }
  /** Calls the bpf-to-bpf function starting at `target` (BPF_PSEUDO_CALL; needs BTF func info to load). */
  callLocal(target) {
    return this.emit({ code: BPF_JMP | BPF_CALL, dst: 0, src: BPF_PSEUDO_CALL, off: 0, imm: 0, target });
  }
  /** Returns r0. */
  exit() {
    return this.emit({ code: BPF_JMP | BPF_EXIT, dst: 0, src: 0, off: 0, imm: 0 });
  }
  // --- removed ambiguous forms ----------------------------------------------------------------
  // These took `src: Reg | number`, but a number cannot say whether it is a register or a constant
  // (`mov(r, 0)` had been written meaning both `r = r0` and `r = 0`). Their first parameter's type is
  // the migration advice, so every old call is a compile error that says what to write; at run time
  // they throw rather than guess.
  /** @deprecated Ambiguous: use `movReg(dst, src)` or `movImm(dst, imm)`. */
  mov(_, ..._rest) {
    throw ambiguous("mov", "movReg", "movImm");
  }
  /** @deprecated Ambiguous: use `mov32Reg(dst, src)` or `mov32Imm(dst, imm)`. */
  mov32(_, ..._rest) {
    throw ambiguous("mov32", "mov32Reg", "mov32Imm");
  }
  /** @deprecated Ambiguous: use `aluReg(op, dst, src)` or `aluImm(op, dst, imm)`. */
  alu(_, ..._rest) {
    throw ambiguous("alu", "aluReg", "aluImm");
  }
  /** @deprecated Ambiguous: use `alu32Reg(op, dst, src)` or `alu32Imm(op, dst, imm)`. */
  alu32(_, ..._rest) {
    throw ambiguous("alu32", "alu32Reg", "alu32Imm");
  }
  /** @deprecated Ambiguous: use `jmpReg(op, dst, src, target)` or `jmpImm(op, dst, imm, target)`. */
  jmp(_, ..._rest) {
    throw ambiguous("jmp", "jmpReg", "jmpImm");
  }
  /** @deprecated Ambiguous: use `jmp32Reg(op, dst, src, target)` or `jmp32Imm(op, dst, imm, target)`. */
  jmp32(_, ..._rest) {
    throw ambiguous("jmp32", "jmp32Reg", "jmp32Imm");
  }
};
function ambiguous(name, reg, imm) {
  return new Error(`Asm.${name}() was removed: a number operand cannot say whether it is a register or a constant. Use Asm.${reg}() for a register source or Asm.${imm}() for an immediate.`);
}

// dist/codegen/bpf/decode.js
function decode(bytecode) {
  if (bytecode.length % 8 !== 0)
    throw new RangeError(`bytecode length ${bytecode.length} is not a multiple of 8`);
  const buf = Buffer.from(bytecode.buffer, bytecode.byteOffset, bytecode.length);
  const out = [];
  const slots = buf.length / 8;
  for (let slot = 0; slot < slots; ) {
    const at = slot * 8;
    const code = buf.readUInt8(at);
    const regs = buf.readUInt8(at + 1);
    const insn = {
      slot,
      code,
      dst: regs & 15,
      src: regs >> 4,
      off: buf.readInt16LE(at + 2),
      imm: buf.readInt32LE(at + 4),
      width: insnWidth({ code })
    };
    if (code === LD_IMM64) {
      if (slot + 1 >= slots)
        throw new RangeError(`ld_imm64 at slot ${slot} has no second slot`);
      insn.imm64 = BigInt(buf.readUInt32LE(at + 12)) << 32n | BigInt(buf.readUInt32LE(at + 4));
    }
    out.push(insn);
    slot += insn.width;
  }
  return out;
}
function decodedFrom(insn, slot) {
  const d = { slot, code: insn.code, dst: insn.dst, src: insn.src, off: insn.off, imm: insn.imm, width: insnWidth(insn) };
  if (insn.code === LD_IMM64)
    d.imm64 = BigInt.asUintN(64, insn.imm64 ?? BigInt(insn.imm));
  return d;
}

// dist/codegen/bpf/helpers.js
var HELPERS = {
  unspec: 0,
  map_lookup_elem: 1,
  map_update_elem: 2,
  map_delete_elem: 3,
  probe_read: 4,
  ktime_get_ns: 5,
  trace_printk: 6,
  get_prandom_u32: 7,
  get_smp_processor_id: 8,
  skb_store_bytes: 9,
  l3_csum_replace: 10,
  l4_csum_replace: 11,
  tail_call: 12,
  clone_redirect: 13,
  get_current_pid_tgid: 14,
  get_current_uid_gid: 15,
  get_current_comm: 16,
  get_cgroup_classid: 17,
  skb_vlan_push: 18,
  skb_vlan_pop: 19,
  skb_get_tunnel_key: 20,
  skb_set_tunnel_key: 21,
  perf_event_read: 22,
  redirect: 23,
  get_route_realm: 24,
  perf_event_output: 25,
  skb_load_bytes: 26,
  get_stackid: 27,
  csum_diff: 28,
  skb_get_tunnel_opt: 29,
  skb_set_tunnel_opt: 30,
  skb_change_proto: 31,
  skb_change_type: 32,
  skb_under_cgroup: 33,
  get_hash_recalc: 34,
  get_current_task: 35,
  probe_write_user: 36,
  current_task_under_cgroup: 37,
  skb_change_tail: 38,
  skb_pull_data: 39,
  csum_update: 40,
  set_hash_invalid: 41,
  get_numa_node_id: 42,
  skb_change_head: 43,
  xdp_adjust_head: 44,
  probe_read_str: 45,
  get_socket_cookie: 46,
  get_socket_uid: 47,
  set_hash: 48,
  setsockopt: 49,
  skb_adjust_room: 50,
  redirect_map: 51,
  sk_redirect_map: 52,
  sock_map_update: 53,
  xdp_adjust_meta: 54,
  perf_event_read_value: 55,
  perf_prog_read_value: 56,
  getsockopt: 57,
  override_return: 58,
  sock_ops_cb_flags_set: 59,
  msg_redirect_map: 60,
  msg_apply_bytes: 61,
  msg_cork_bytes: 62,
  msg_pull_data: 63,
  bind: 64,
  xdp_adjust_tail: 65,
  skb_get_xfrm_state: 66,
  get_stack: 67,
  skb_load_bytes_relative: 68,
  fib_lookup: 69,
  sock_hash_update: 70,
  msg_redirect_hash: 71,
  sk_redirect_hash: 72,
  lwt_push_encap: 73,
  lwt_seg6_store_bytes: 74,
  lwt_seg6_adjust_srh: 75,
  lwt_seg6_action: 76,
  rc_repeat: 77,
  rc_keydown: 78,
  skb_cgroup_id: 79,
  get_current_cgroup_id: 80,
  get_local_storage: 81,
  sk_select_reuseport: 82,
  skb_ancestor_cgroup_id: 83,
  sk_lookup_tcp: 84,
  sk_lookup_udp: 85,
  sk_release: 86,
  map_push_elem: 87,
  map_pop_elem: 88,
  map_peek_elem: 89,
  msg_push_data: 90,
  msg_pop_data: 91,
  rc_pointer_rel: 92,
  spin_lock: 93,
  spin_unlock: 94,
  sk_fullsock: 95,
  tcp_sock: 96,
  skb_ecn_set_ce: 97,
  get_listener_sock: 98,
  skc_lookup_tcp: 99,
  tcp_check_syncookie: 100,
  sysctl_get_name: 101,
  sysctl_get_current_value: 102,
  sysctl_get_new_value: 103,
  sysctl_set_new_value: 104,
  strtol: 105,
  strtoul: 106,
  sk_storage_get: 107,
  sk_storage_delete: 108,
  send_signal: 109,
  tcp_gen_syncookie: 110,
  skb_output: 111,
  probe_read_user: 112,
  probe_read_kernel: 113,
  probe_read_user_str: 114,
  probe_read_kernel_str: 115,
  tcp_send_ack: 116,
  send_signal_thread: 117,
  jiffies64: 118,
  read_branch_records: 119,
  get_ns_current_pid_tgid: 120,
  xdp_output: 121,
  get_netns_cookie: 122,
  get_current_ancestor_cgroup_id: 123,
  sk_assign: 124,
  ktime_get_boot_ns: 125,
  seq_printf: 126,
  seq_write: 127,
  sk_cgroup_id: 128,
  sk_ancestor_cgroup_id: 129,
  ringbuf_output: 130,
  ringbuf_reserve: 131,
  ringbuf_submit: 132,
  ringbuf_discard: 133,
  ringbuf_query: 134,
  csum_level: 135,
  skc_to_tcp6_sock: 136,
  skc_to_tcp_sock: 137,
  skc_to_tcp_timewait_sock: 138,
  skc_to_tcp_request_sock: 139,
  skc_to_udp6_sock: 140,
  get_task_stack: 141,
  load_hdr_opt: 142,
  store_hdr_opt: 143,
  reserve_hdr_opt: 144,
  inode_storage_get: 145,
  inode_storage_delete: 146,
  d_path: 147,
  copy_from_user: 148,
  snprintf_btf: 149,
  seq_printf_btf: 150,
  skb_cgroup_classid: 151,
  redirect_neigh: 152,
  per_cpu_ptr: 153,
  this_cpu_ptr: 154,
  redirect_peer: 155,
  task_storage_get: 156,
  task_storage_delete: 157,
  get_current_task_btf: 158,
  bprm_opts_set: 159,
  ktime_get_coarse_ns: 160,
  ima_inode_hash: 161,
  sock_from_file: 162,
  check_mtu: 163,
  for_each_map_elem: 164,
  snprintf: 165,
  sys_bpf: 166,
  btf_find_by_name_kind: 167,
  sys_close: 168,
  timer_init: 169,
  timer_set_callback: 170,
  timer_start: 171,
  timer_cancel: 172,
  get_func_ip: 173,
  get_attach_cookie: 174,
  task_pt_regs: 175,
  get_branch_snapshot: 176,
  trace_vprintk: 177,
  skc_to_unix_sock: 178,
  kallsyms_lookup_name: 179,
  find_vma: 180,
  loop: 181,
  strncmp: 182,
  get_func_arg: 183,
  get_func_ret: 184,
  get_func_arg_cnt: 185,
  get_retval: 186,
  set_retval: 187,
  xdp_get_buff_len: 188,
  xdp_load_bytes: 189,
  xdp_store_bytes: 190,
  copy_from_user_task: 191,
  skb_set_tstamp: 192,
  ima_file_hash: 193,
  kptr_xchg: 194,
  map_lookup_percpu_elem: 195,
  skc_to_mptcp_sock: 196,
  dynptr_from_mem: 197,
  ringbuf_reserve_dynptr: 198,
  ringbuf_submit_dynptr: 199,
  ringbuf_discard_dynptr: 200,
  dynptr_read: 201,
  dynptr_write: 202,
  dynptr_data: 203,
  tcp_raw_gen_syncookie_ipv4: 204,
  tcp_raw_gen_syncookie_ipv6: 205,
  tcp_raw_check_syncookie_ipv4: 206,
  tcp_raw_check_syncookie_ipv6: 207,
  ktime_get_tai_ns: 208,
  user_ringbuf_drain: 209
};
var NAMES = new Map(Object.entries(HELPERS).map(([name, id]) => [id, name]));
function helperName(id) {
  return NAMES.get(id);
}

// dist/codegen/bpf/disasm.js
var ALU_STRING = ["+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian"];
var JMP_STRING = ["jmp", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<="];
var LDST_STRING = ["u32", "u16", "u8", "u64"];
var LDSX_STRING = ["s32", "s16", "s8"];
var MOVSX_STRING = { 8: "(s8)", 16: "(s16)", 32: "(s32)" };
var ATOMIC_ALU_STRING = { [BPF_ADD]: "add", [BPF_AND]: "and", [BPF_OR]: "or", [BPF_XOR]: "xor" };
var str = (table, i) => table[i] ?? "(null)";
var signed = (n) => n >= 0 ? `+${n}` : `${n}`;
var hex32 = (n) => `0x${(n >>> 0).toString(16)}`;
function formatInsn(insn, opts = {}) {
  const { code, dst, src, off, imm } = insn;
  const hex = code.toString(16).padStart(2, "0");
  const p = `(${hex})`;
  const cls = BPF_CLASS(code);
  const size = str(LDST_STRING, BPF_SIZE(code) >> 3);
  const mem = `(r${dst} ${signed(off)})`;
  if (cls === BPF_ALU || cls === BPF_ALU64) {
    const w2 = cls === BPF_ALU ? "w" : "r";
    const op2 = BPF_OP(code);
    if (op2 === BPF_END) {
      if (cls === BPF_ALU64)
        return `${p} r${dst} = bswap${imm} r${dst}`;
      return `${p} r${dst} = ${BPF_SRC(code) === BPF_TO_BE ? "be" : "le"}${imm} r${dst}`;
    }
    if (op2 === BPF_NEG)
      return `${p} ${w2}${dst} = -${w2}${dst}`;
    if (code === (BPF_ALU64 | BPF_MOV | BPF_X) && off === BPF_ADDR_SPACE_CAST)
      return `${p} r${dst} = addr_space_cast(r${src}, ${imm >>> 0 >>> 16}, ${imm & 65535})`;
    const signedDivMod = (op2 === BPF_DIV || op2 === BPF_MOD) && off === 1;
    const opText = signedDivMod ? op2 === BPF_DIV ? "s/=" : "s%=" : str(ALU_STRING, op2 >> 4);
    if (BPF_SRC(code) === BPF_X) {
      const movsx = op2 === BPF_MOV ? MOVSX_STRING[off] ?? "" : "";
      return `${p} ${w2}${dst} ${opText} ${movsx}${w2}${src}`;
    }
    return `${p} ${w2}${dst} ${opText} ${imm}`;
  }
  if (cls === BPF_STX) {
    const mode = BPF_MODE(code);
    if (mode === BPF_MEM)
      return `${p} *(${size} *)${mem} = r${src}`;
    if (mode === BPF_ATOMIC) {
      const dw = BPF_SIZE(code) === BPF_DW ? "64" : "";
      if (imm === BPF_ADD || imm === BPF_AND || imm === BPF_OR || imm === BPF_XOR)
        return `${p} lock *(${size} *)${mem} ${str(ALU_STRING, BPF_OP(imm) >> 4)} r${src}`;
      if (imm === (BPF_ADD | BPF_FETCH) || imm === (BPF_AND | BPF_FETCH) || imm === (BPF_OR | BPF_FETCH) || imm === (BPF_XOR | BPF_FETCH))
        return `${p} r${src} = atomic${dw}_fetch_${ATOMIC_ALU_STRING[BPF_OP(imm)]}((${size} *)${mem}, r${src})`;
      if (imm === BPF_CMPXCHG)
        return `${p} r0 = atomic${dw}_cmpxchg((${size} *)${mem}, r0, r${src})`;
      if (imm === BPF_XCHG)
        return `${p} r${src} = atomic${dw}_xchg((${size} *)${mem}, r${src})`;
      if (imm === BPF_LOAD_ACQ)
        return `${p} r${dst} = load_acquire((${size} *)(r${src} ${signed(off)}))`;
      if (imm === BPF_STORE_REL)
        return `${p} store_release((${size} *)${mem}, r${src})`;
    }
    return `BUG_${hex}`;
  }
  if (cls === BPF_ST) {
    if (BPF_MODE(code) === BPF_MEM)
      return `${p} *(${size} *)${mem} = ${imm}`;
    if (BPF_MODE(code) === BPF_NOSPEC)
      return `${p} nospec`;
    return `BUG_st_${hex}`;
  }
  if (cls === BPF_LDX) {
    const mode = BPF_MODE(code);
    if (mode !== BPF_MEM && mode !== BPF_MEMSX)
      return `BUG_ldx_${hex}`;
    const type = mode === BPF_MEM ? size : str(LDSX_STRING, BPF_SIZE(code) >> 3);
    return `${p} r${dst} = *(${type} *)(r${src} ${signed(off)})`;
  }
  if (cls === BPF_LD) {
    const mode = BPF_MODE(code);
    if (mode === BPF_ABS)
      return `${p} r0 = *(${size} *)skb[${imm}]`;
    if (mode === BPF_IND)
      return `${p} r0 = *(${size} *)skb[r${src} + ${imm}]`;
    if (mode === BPF_IMM && BPF_SIZE(code) === BPF_DW)
      return `${p} r${dst} = ${ldImm64Text(insn, opts)}`;
    return `BUG_ld_${hex}`;
  }
  const op = BPF_OP(code);
  if (op === BPF_CALL) {
    if (src === BPF_PSEUDO_CALL)
      return `${p} call pc${signed(imm)}`;
    return `${p} call ${callName(insn, opts)}#${imm}`;
  }
  if (code === (BPF_JMP | BPF_JA))
    return `${p} goto pc${signed(off)}`;
  if (code === (BPF_JMP | BPF_JCOND) && src === BPF_MAY_GOTO)
    return `${p} may_goto pc${signed(off)}`;
  if (code === (BPF_JMP32 | BPF_JA))
    return `${p} gotol pc${signed(imm)}`;
  if (code === (BPF_JMP | BPF_EXIT))
    return `${p} exit`;
  const w = cls === BPF_JMP32 ? "w" : "r";
  const operand = BPF_SRC(code) === BPF_X ? `${w}${src}` : hex32(imm);
  return `${p} if ${w}${dst} ${str(JMP_STRING, op >> 4)} ${operand} goto pc${signed(off)}`;
}
function callName(insn, opts) {
  if (insn.src === 0) {
    const custom = opts.helperName?.(insn.imm);
    if (custom !== void 0)
      return custom;
    const name = helperName(insn.imm);
    if (name !== void 0)
      return `bpf_${name}`;
  }
  return insn.src === BPF_PSEUDO_KFUNC_CALL ? "kernel-function" : "unknown";
}
function ldImm64Text(insn, opts) {
  const full = insn.imm64 ?? BigInt.asUintN(32, BigInt(insn.imm));
  const map = insn.src === BPF_PSEUDO_MAP_FD || insn.src === BPF_PSEUDO_MAP_VALUE ? opts.mapName?.(insn.slot) : void 0;
  if (map !== void 0)
    return insn.src === BPF_PSEUDO_MAP_FD ? `map[${map}]` : `map[${map}][0]+${full >> 32n}`;
  if (insn.src === BPF_PSEUDO_FUNC)
    return `func pc${signed(insn.imm)}`;
  return `0x${full.toString(16)}`;
}
function disassemble(a, opts = {}) {
  const maps = new Map(a.relocations.map((r) => [r.slot, r.map]));
  const mapName = opts.mapName ?? ((slot) => maps.get(slot));
  const format = { mapName, helperName: opts.helperName };
  let out = "";
  let previous;
  for (const insn of decode(a.bytecode)) {
    const line = opts.sourceLine?.(a.spans[insn.slot]);
    if (line !== void 0 && line !== previous)
      out += `; ${line}
`;
    previous = line;
    const comment = a.comments[insn.slot];
    out += `${String(insn.slot).padStart(4)}: ${formatInsn(insn, format)}${comment === void 0 ? "" : `  ; ${comment}`}
`;
  }
  return out;
}

// dist/codegen/bpf/assemble.js
var AssembleError = class extends Error {
  index;
  slot;
  insn;
  name = "AssembleError";
  /** `index` is the instruction's position in the input, `slot` its position in the bytecode. */
  constructor(message, index, slot, insn) {
    super(message);
    this.index = index;
    this.slot = slot;
    this.insn = insn;
  }
};
var INT16_MIN = -(2 ** 15);
var INT16_MAX = 2 ** 15 - 1;
var INT32_MIN2 = -(2 ** 31);
var INT32_MAX2 = 2 ** 31 - 1;
var UINT32_MAX2 = 2 ** 32 - 1;
var VALID_ATOMIC_IMMS = /* @__PURE__ */ new Set([...Object.values(ATOMIC_OPS), BPF_LOAD_ACQ, BPF_STORE_REL]);
function assemble(insns) {
  const slots = [];
  const labelSlot = /* @__PURE__ */ new Map();
  let total = 0;
  insns.forEach((insn, i) => {
    slots.push(total);
    for (const l of insn.labels ?? []) {
      if (labelSlot.has(l))
        fail(insn, i, total, `label ${l} is bound to more than one instruction`);
      labelSlot.set(l, total);
    }
    total += insnWidth(insn);
  });
  const bytecode = Buffer.alloc(total * 8);
  const relocations = [];
  const spans = new Array(total);
  const comments = new Array(total);
  insns.forEach((insn, i) => {
    const slot = slots[i];
    const problem = (msg) => fail(insn, i, slot, msg);
    checkFields(insn, problem);
    let { off, imm } = insn;
    if (insn.target !== void 0)
      ({ off, imm } = resolveTarget(insn, slot, labelSlot, problem));
    encodeSlot(bytecode, slot, insn.code, insn.dst, insn.src, off, imm);
    spans[slot] = insn.span;
    comments[slot] = insn.comment;
    if (insn.code === LD_IMM64) {
      const v = BigInt.asUintN(64, insn.imm64 ?? BigInt(imm));
      bytecode.writeUInt32LE(Number(v & 0xffffffffn), slot * 8 + 4);
      encodeSlot(bytecode, slot + 1, 0, 0, 0, 0, Number(v >> 32n));
      spans[slot + 1] = insn.span;
      comments[slot + 1] = void 0;
      if (insn.mapRef !== void 0)
        relocations.push({ slot, map: insn.mapRef });
    }
  });
  return { bytecode, relocations, spans, comments };
}
function patchMapFds(a, fdOf) {
  const out = Buffer.from(a.bytecode);
  for (const { slot, map } of a.relocations) {
    const fd = fdOf(map);
    if (!Number.isInteger(fd) || fd < 0 || fd > INT32_MAX2)
      throw new RangeError(`bad fd ${fd} for map ${map} (slot ${slot})`);
    out.writeInt32LE(fd, slot * 8 + 4);
  }
  return out;
}
function encodeSlot(buf, slot, code, dst, src, off, imm) {
  const at = slot * 8;
  buf.writeUInt8(code, at);
  buf.writeUInt8((src & 15) << 4 | dst & 15, at + 1);
  buf.writeInt16LE(off, at + 2);
  buf.writeInt32LE(imm | 0, at + 4);
}
function resolveTarget(insn, slot, labelSlot, problem) {
  const cls = BPF_CLASS(insn.code);
  const op = BPF_OP(insn.code);
  const isJump = (cls === BPF_JMP || cls === BPF_JMP32) && op !== BPF_CALL && op !== BPF_EXIT;
  const isLocalCall = insn.code === (BPF_JMP | BPF_CALL) && insn.src === BPF_PSEUDO_CALL;
  const isFuncAddr = insn.code === LD_IMM64 && insn.src === BPF_PSEUDO_FUNC;
  if (!isJump && !isLocalCall && !isFuncAddr)
    problem("only jumps, bpf-to-bpf calls and function addresses can have a target label");
  const target = insn.target;
  const to = labelSlot.get(target);
  if (to === void 0)
    problem(`jump to label ${target}, which is not bound to any instruction`);
  const rel = to - slot - 1;
  if (isLocalCall || isFuncAddr || insn.code === (BPF_JMP32 | BPF_JA))
    return { off: insn.off, imm: rel };
  if (rel < INT16_MIN || rel > INT16_MAX)
    problem(`jump to label ${target} is ${rel} slots away, beyond the 16-bit offset (use gotol)`);
  return { off: rel, imm: insn.imm };
}
function checkFields(insn, problem) {
  const { code, dst, src, off, imm } = insn;
  if (!Number.isInteger(code) || code < 0 || code > 255)
    problem(`opcode ${code} is not a byte`);
  for (const [what, r] of [["dst", dst], ["src", src]]) {
    if (!Number.isInteger(r) || r < 0 || r > 10)
      problem(`${what} register ${r} is not r0..r10`);
  }
  if (!Number.isInteger(off) || off < INT16_MIN || off > INT16_MAX)
    problem(`offset ${off} does not fit 16 signed bits`);
  if (!Number.isInteger(imm) || imm < INT32_MIN2 || imm > UINT32_MAX2)
    problem(`immediate ${imm} does not fit 32 bits`);
  const cls = BPF_CLASS(code);
  const writesDst = cls === BPF_ALU || cls === BPF_ALU64 || cls === BPF_LDX || code === LD_IMM64;
  if (writesDst && dst === 10)
    problem("r10 (the frame pointer) is read-only");
  if (insn.mapRef !== void 0 && (code !== LD_IMM64 || src !== BPF_PSEUDO_MAP_FD && src !== BPF_PSEUDO_MAP_VALUE))
    problem(`map reference ${JSON.stringify(insn.mapRef)} on an instruction that is not a map ld_imm64`);
  switch (cls) {
    case BPF_ALU:
    case BPF_ALU64:
      return checkAlu(insn, cls === BPF_ALU64, problem);
    case BPF_JMP:
    case BPF_JMP32:
      if (BPF_OP(code) === BPF_CALL || BPF_OP(code) === BPF_EXIT || BPF_OP(code) === BPF_JA)
        return;
      if (BPF_SRC(code) === BPF_X)
        return;
      if (cls === BPF_JMP)
        return checkInt32Signed(imm, "a 64-bit compare", problem);
      return;
    case BPF_ST:
      if (BPF_MODE(code) !== BPF_MEM)
        problem("store-immediate must use BPF_MEM mode");
      return checkStoreImm(BPF_SIZE(code), imm, problem);
    case BPF_STX:
      if (BPF_MODE(code) === BPF_ATOMIC) {
        if (!VALID_ATOMIC_IMMS.has(imm))
          problem(`unknown atomic operation 0x${imm.toString(16)}`);
        const rmw = imm !== BPF_LOAD_ACQ && imm !== BPF_STORE_REL;
        if (rmw && BPF_SIZE(code) !== BPF_W && BPF_SIZE(code) !== BPF_DW)
          problem("atomic read-modify-write is 32 or 64 bits wide");
      } else if (BPF_MODE(code) !== BPF_MEM)
        problem("store must use BPF_MEM or BPF_ATOMIC mode");
      return;
    case BPF_LDX:
      if (BPF_MODE(code) !== BPF_MEM && BPF_MODE(code) !== BPF_MEMSX)
        problem("load must use BPF_MEM or BPF_MEMSX mode");
      if (BPF_MODE(code) === BPF_MEMSX && BPF_SIZE(code) === BPF_DW)
        problem("sign-extending loads are 8, 16 or 32 bits wide");
      return;
    case BPF_LD:
      if (code !== LD_IMM64)
        return;
      if (off !== 0)
        problem("ld_imm64 must have off = 0");
      if (insn.imm64 !== void 0 && (insn.imm64 < -(2n ** 63n) || insn.imm64 >= 2n ** 64n))
        problem(`constant ${insn.imm64} does not fit 64 bits`);
      return;
  }
}
function checkAlu(insn, is64, problem) {
  const { code, off, imm } = insn;
  const op = BPF_OP(code);
  if (op > BPF_END)
    problem(`unknown ALU operation 0x${op.toString(16)}`);
  if (op === BPF_END) {
    if (imm !== 16 && imm !== 32 && imm !== 64)
      problem(`byte swap width ${imm} is not 16, 32 or 64`);
    if (is64 && BPF_SRC(code) === BPF_TO_BE)
      problem("bswap (ALU64 END) takes no byte order");
    return;
  }
  const okOff = off === 0 || (op === BPF_DIV || op === BPF_MOD) && off === 1 || op === BPF_MOV && BPF_SRC(code) === BPF_X && (off === 8 || off === 16 || is64 && off === 32);
  if (!okOff)
    problem(`offset ${off} is reserved for this ALU operation`);
  if (BPF_SRC(code) === BPF_X || op === BPF_NEG)
    return;
  if (op === BPF_LSH || op === BPF_RSH || op === BPF_ARSH) {
    const bits = is64 ? 64 : 32;
    if (imm < 0 || imm >= bits)
      problem(`shift by ${imm} is outside 0..${bits - 1}`);
  }
  if ((op === BPF_DIV || op === BPF_MOD) && imm === 0)
    problem("division by the constant zero");
  if (is64)
    checkInt32Signed(imm, "a 64-bit operation", problem);
}
function checkInt32Signed(imm, where, problem) {
  if (imm > INT32_MAX2)
    problem(`immediate ${imm} is sign-extended in ${where} and would mean ${imm | 0}; write ${imm | 0} or load it with ldImm64`);
}
function checkStoreImm(size, imm, problem) {
  const [lo, hi] = size === BPF_B ? [-128, 255] : size === BPF_H ? [-32768, 65535] : size === BPF_W ? [INT32_MIN2, UINT32_MAX2] : [INT32_MIN2, INT32_MAX2];
  const what = size === BPF_DW ? "sign-extended 64-bit" : "access";
  if (imm < lo || imm > hi)
    problem(`immediate ${imm} does not fit the ${what} width (${lo}..${hi})`);
}
function fail(insn, index, slot, msg) {
  const text = formatInsn(decodedFrom(insn, slot)).replace(/^\([0-9a-f]{2}\) /, "");
  const target = insn.target ? ` -> label ${insn.target}` : "";
  const comment = insn.comment ? ` (${insn.comment})` : "";
  throw new AssembleError(`instruction ${index} at slot ${slot}, "${text}"${target}${comment}: ${msg}`, index, slot, insn);
}

// dist/codegen/frame.js
function stackPointer(asm, reg, off) {
  asm.movReg(reg, FP);
  asm.aluImm("add", reg, off);
}

// dist/codegen/regs.js
var CTX_REG = 6;
var POOL = [7, 8, 9];
var RegisterExhausted = class extends Error {
  constructor() {
    super("expression too complex: out of registers");
  }
};
var RegPool = class {
  free = [...POOL];
  alloc() {
    const r = this.free.shift();
    if (r === void 0)
      throw new RegisterExhausted();
    return r;
  }
  release(r) {
    if (POOL.includes(r) && !this.free.includes(r))
      this.free.unshift(r);
  }
  get available() {
    return this.free.length;
  }
};

// dist/providers/iter.js
var STRUCT_PREFIX = "bpf_iter__";
function kernelIterators() {
  const btf = kernelBtf();
  if (!btf)
    return [];
  const names = /* @__PURE__ */ new Set();
  for (const [, name] of btf.ofKind(BTF_KIND.STRUCT)) {
    if (!name.startsWith(STRUCT_PREFIX) || name.endsWith("__safe_trusted"))
      continue;
    const it = name.slice(STRUCT_PREFIX.length);
    if (btf.find(`bpf_iter_${it}`, BTF_KIND.FUNC).length > 0)
      names.add(it);
  }
  return [...names].sort();
}
var iter = {
  name: "iter",
  aliases: ["it"],
  doc: "BPF iterators over kernel objects: iter:task, iter:task_file, iter:task_vma, ... with ctx typed from BTF; the run ends after one pass",
  progType: BPF_PROG_TYPE_TRACING,
  // The program runs in the process that reads the iterator (ebt), so -p cannot filter by the
  // current pid; current bpftrace limits iter:task to the pid's tasks instead, which ebt does not yet.
  pidScope: "none",
  iterator: true,
  resolve(rest, ap, _kernel, diags) {
    const parts = rest?.split(":") ?? [];
    if (parts.length === 0 || !parts[0]) {
      diags.error(ap.span, "iter should specify a iterator's name");
      return [];
    }
    if (parts.length > 2) {
      diags.error(ap.span, `iter probe type requires 1 or 2 arguments, found ${parts.length}`);
      return [];
    }
    if (parts.length === 2) {
      diags.error(ap.span, "pinning an iterator (iter:NAME:pin) is not supported by ebt");
      return [];
    }
    const name = parts[0];
    const known = kernelIterators();
    const matched = known.filter((n) => globToRegExp(name).test(n));
    if (matched.length === 0) {
      diags.error(ap.span, hasWildcard(name) ? `No probes matched: iter:${name}` : `iter ${name} not available for your kernel version.`);
      return [];
    }
    if (matched.length > 1) {
      diags.error(ap.span, `iter:${name} matches ${matched.length} iterators; an iterator probe must name exactly one`);
      return [];
    }
    return [{ provider: this, name: `iter:${matched[0]}`, detail: { iter: matched[0] } }];
  },
  // As bpftrace -lv: the iterator function's parameters without the first (meta), e.g. `struct task_struct * task`.
  list() {
    const btf = kernelBtf();
    return kernelIterators().map((it) => ({
      name: `iter:${it}`,
      params: () => {
        const f = btf && kernelFunction(`bpf_iter_${it}`, btf);
        return f ? paramDecls(btf, f, false).slice(1) : [];
      }
    }));
  },
  ctxType(target) {
    const btf = kernelBtf();
    const id = btf?.find(`${STRUCT_PREFIX}${target.detail.iter}`, BTF_KIND.STRUCT)[0];
    return btf && id !== void 0 ? { kind: "ptr", to: btfToType(btf, id), user: false } : void 0;
  },
  loadTarget(target) {
    return { attachType: BPF_TRACE_ITER, btfId: kernelBtf()?.find(`bpf_iter_${target.detail.iter}`, BTF_KIND.FUNC)[0] ?? 0 };
  },
  prologue(g) {
    const { asm } = g;
    asm.ldx("u64", R1, CTX_REG, 8);
    asm.jmpImm("jeq", R1, 0, g.exitLabel);
    const marker = g.stack.alloc(8);
    asm.st("u64", FP, marker, 10);
    asm.ldx("u64", R1, CTX_REG, 0);
    asm.ldx("u64", R1, R1, 0);
    stackPointer(asm, R2, marker);
    asm.movImm(R3, 1);
    asm.call(HELPERS.seq_write);
  },
  attach(progFd) {
    return { fds: [linkCreate(progFd, 0, BPF_TRACE_ITER)] };
  }
};
function checkIteratorAlone(targets, diags) {
  const iters = targets.filter((t) => t.provider.iterator);
  if (iters.length === 0)
    return;
  const others = targets.filter((t) => !t.provider.iterator && !t.provider.runOnce);
  if (iters.length > 1 || others.length > 0) {
    diags.error(iters[iters.length > 1 ? 1 : 0].span, "Iterator probe can't be mixed with any other probe, not even another iterator (BEGIN and END aside)");
  }
}

// dist/codegen/pt-regs.js
var PT_REGS_OFFSETS = {
  r15: 0,
  r14: 8,
  r13: 16,
  r12: 24,
  bp: 32,
  bx: 40,
  r11: 48,
  r10: 56,
  r9: 64,
  r8: 72,
  ax: 80,
  cx: 88,
  dx: 96,
  si: 104,
  di: 112,
  orig_ax: 120,
  ip: 128,
  cs: 136,
  flags: 144,
  sp: 152,
  ss: 160
};
var ARG_REGS = ["di", "si", "dx", "cx", "r8", "r9"];
function ptRegsArgOffset(n) {
  const r = ARG_REGS[n];
  return r === void 0 ? void 0 : PT_REGS_OFFSETS[r];
}
var PT_REGS_RETVAL = PT_REGS_OFFSETS.ax;
function ptRegsOffset(name) {
  return Object.hasOwn(PT_REGS_OFFSETS, name) ? PT_REGS_OFFSETS[name] : void 0;
}
function asmRegister(name) {
  const n = name.replace(/^%/, "");
  const legacy = { a: "ax", b: "bx", c: "cx", d: "dx" };
  let m;
  if (m = /^r([abcd])x$/.exec(n))
    return { reg: legacy[m[1]], size: 8 };
  if (m = /^e([abcd])x$/.exec(n))
    return { reg: legacy[m[1]], size: 4 };
  if (m = /^([abcd])x$/.exec(n))
    return { reg: legacy[m[1]], size: 2 };
  if (m = /^([abcd])l$/.exec(n))
    return { reg: legacy[m[1]], size: 1 };
  if (m = /^r(si|di|bp|sp|ip)$/.exec(n))
    return { reg: m[1], size: 8 };
  if (m = /^e(si|di|bp|sp|ip)$/.exec(n))
    return { reg: m[1], size: 4 };
  if (m = /^(si|di|bp|sp)$/.exec(n))
    return { reg: m[1], size: 2 };
  if (m = /^(si|di|bp|sp)l$/.exec(n))
    return { reg: m[1], size: 1 };
  if (m = /^r(8|9|1[0-5])$/.exec(n))
    return { reg: `r${m[1]}`, size: 8 };
  if (m = /^r(8|9|1[0-5])d$/.exec(n))
    return { reg: `r${m[1]}`, size: 4 };
  if (m = /^r(8|9|1[0-5])w$/.exec(n))
    return { reg: `r${m[1]}`, size: 2 };
  if (m = /^r(8|9|1[0-5])b$/.exec(n))
    return { reg: `r${m[1]}`, size: 1 };
  return void 0;
}

// dist/runtime/attach/perf-event.js
function openPerfEventWithProgram(progFd, attr, pid, cpu) {
  const fd = perfEventOpen(attr, pid, cpu);
  try {
    perfEventAttachBpf(fd, progFd);
  } catch (e) {
    closeFd(fd);
    throw e;
  }
  return fd;
}
function attachPerCpu(progFd, attr, cpus, pid = -1) {
  const fds = [];
  try {
    for (const cpu of cpus)
      fds.push(openPerfEventWithProgram(progFd, attr, pid, cpu));
  } catch (e) {
    for (const fd of fds)
      closeFd(fd);
    throw e;
  }
  return { fds };
}

// dist/runtime/attach/probe-pmu.js
import { readFileSync as readFileSync2 } from "node:fs";
function retprobeConfig(pmu) {
  try {
    const m = /^config:(\d+)/.exec(readFileSync2(`/sys/bus/event_source/devices/${pmu}/format/retprobe`, "utf8"));
    if (m)
      return 1n << BigInt(m[1]);
  } catch {
  }
  return 1n;
}
var MissingFacility = class extends KernelError {
  constructor(message) {
    super("perf_event_open", 2, "ENOENT");
    this.message = message;
  }
};
function requirePmu(pmu, missing) {
  const type = pmuType(pmu);
  if (type === void 0)
    throw new MissingFacility(missing);
  return type;
}

// dist/runtime/attach/kprobe.js
var NO_KPROBES = "this kernel has no kprobe support (CONFIG_KPROBES is off: there is no kprobe PMU in /sys/bus/event_source/devices)";
function attachKprobe(progFd, spec) {
  const type = requirePmu("kprobe", NO_KPROBES);
  const config = spec.ret ? retprobeConfig("kprobe") : 0n;
  return {
    fds: [openPerfEventWithProgram(progFd, { type, config, kprobeFunc: spec.func, config2: BigInt(spec.offset), samplePeriod: 1, wakeupEvents: 1 }, -1, 0)]
  };
}

// dist/providers/kprobe.js
function matchKernelFunctions(all, module, func) {
  const funcRe = globToRegExp(func);
  const modRe = module === void 0 ? void 0 : globToRegExp(module);
  const seen = /* @__PURE__ */ new Set();
  const found = [];
  for (const f of all) {
    if (!funcRe.test(f.name))
      continue;
    if (modRe && !modRe.test(f.module ?? "vmlinux"))
      continue;
    const key = `${f.module ?? ""}:${f.name}`;
    if (seen.has(key))
      continue;
    seen.add(key);
    found.push(f);
  }
  return found.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
function kprobeProvider(name, aliases, ret) {
  return {
    name,
    aliases,
    doc: ret ? "returns of kernel functions: kretprobe:func or kretprobe:module:func (wildcards allowed), with retval" : "kernel functions: kprobe:func[+offset] or kprobe:module:func (wildcards allowed), with arg0..arg5",
    progType: BPF_PROG_TYPE_KPROBE,
    resolve(rest, ap, kernel, diags, ctx) {
      const parts = rest === void 0 ? [] : rest.split(":");
      if (parts.length < 1 || parts.length > 2 || parts.some((p) => p === "")) {
        diags.error(ap.span, `${name} probe type requires 1 or 2 arguments, found ${parts.length}`);
        return [];
      }
      const addr = parts.length === 1 ? parseAddress(parts[0]) : void 0;
      if (addr !== void 0) {
        if (!ctx?.unsafe) {
          diags.error(ap.span, "Probing by address requires --unsafe");
          return [];
        }
        return [{ provider: this, name: `${name}:${addr}`, detail: { addr: String(addr), offset: 0 } }];
      }
      const module = parts.length === 2 ? parts[0] : void 0;
      let func = parts.at(-1);
      let offset = 0;
      const plus = func.split("+");
      if (plus.length > 1) {
        if (ret) {
          diags.error(ap.span, "Offset not allowed");
          return [];
        }
        if (plus.length > 2) {
          diags.error(ap.span, "Cannot take more than one offset");
          return [];
        }
        if (!/^(0x[0-9a-f]+|\d+)$/i.test(plus[1])) {
          diags.error(ap.span, `Invalid offset: ${plus[1]}`);
          return [];
        }
        func = plus[0];
        offset = Number(plus[1]);
      }
      const make = (f) => ({
        provider: this,
        name: `${name}:${f.module ? `${f.module}:` : ""}${f.name}${offset ? `+${offset}` : ""}`,
        detail: { func: f.name, ...f.module ? { module: f.module } : {}, offset }
      });
      const known = kernel.kernelFunctions?.() ?? [];
      if (!hasWildcard(func) && !(module && hasWildcard(module))) {
        if (matchKernelFunctions(known, module, func).length === 0) {
          diags.warning(ap.span, `${func} is not traceable (either non-existing, inlined, or marked as "notrace"); attaching to it will likely fail`);
        }
        return [make(module && module !== "vmlinux" ? { name: func, module } : { name: func })];
      }
      const found = matchKernelFunctions(known, module, func);
      if (found.length === 0)
        diags.error(ap.span, `No probes matched: ${name}:${rest}`);
      return found.map(make);
    },
    // bpftrace lists entry probes only: every function is a kretprobe target too.
    list: ret ? void 0 : (kernel) => (kernel.kernelFunctions?.() ?? []).map((f) => ({ name: `kprobe:${f.module ? `${f.module}:` : ""}${f.name}` })),
    argOffset: ret ? void 0 : ptRegsArgOffset,
    retvalOffset: ret ? () => PT_REGS_RETVAL : void 0,
    regOffset: ptRegsOffset,
    funcName: (target) => target.detail.func === void 0 ? void 0 : String(target.detail.func),
    attach(progFd, target) {
      if (target.detail.addr !== void 0)
        return attachKprobe(progFd, { offset: BigInt(target.detail.addr), ret });
      const func = target.detail.module ? `${target.detail.module}:${target.detail.func}` : String(target.detail.func);
      return attachKprobe(progFd, { func, offset: Number(target.detail.offset), ret });
    }
  };
}
function parseAddress(text) {
  return /^(0x[0-9a-f]+|\d+)$/i.test(text) ? BigInt(text) : void 0;
}
var kprobe = kprobeProvider("kprobe", ["k"], false);
var kretprobe = kprobeProvider("kretprobe", ["kr"], true);

// dist/providers/perf-events.js
var SOFTWARE_EVENTS = [
  { name: "alignment-faults", config: 7, defaultCount: 1 },
  { name: "bpf-output", config: 10, defaultCount: 1 },
  { name: "context-switches", alias: "cs", config: 3, defaultCount: 1e3 },
  { name: "cpu-clock", alias: "cpu", config: 0, defaultCount: 1e6 },
  { name: "cpu-migrations", config: 4, defaultCount: 1 },
  { name: "dummy", config: 9, defaultCount: 1 },
  { name: "emulation-faults", config: 8, defaultCount: 1 },
  { name: "major-faults", config: 6, defaultCount: 1 },
  { name: "minor-faults", config: 5, defaultCount: 100 },
  { name: "page-faults", alias: "faults", config: 2, defaultCount: 100 },
  { name: "task-clock", config: 1, defaultCount: 1 }
];
var HARDWARE_EVENTS = [
  { name: "backend-stalls", config: 8, defaultCount: 1e6 },
  { name: "branch-instructions", alias: "branches", config: 4, defaultCount: 1e5 },
  { name: "branch-misses", config: 5, defaultCount: 1e5 },
  { name: "bus-cycles", config: 6, defaultCount: 1e5 },
  { name: "cache-misses", config: 3, defaultCount: 1e6 },
  { name: "cache-references", config: 2, defaultCount: 1e6 },
  { name: "cpu-cycles", alias: "cycles", config: 0, defaultCount: 1e6 },
  { name: "frontend-stalls", config: 7, defaultCount: 1e6 },
  { name: "instructions", config: 1, defaultCount: 1e6 },
  { name: "ref-cycles", config: 9, defaultCount: 1e6 }
];
function perfEventProvider(name, alias, perfType, events) {
  return {
    name,
    aliases: [alias],
    doc: `${name} perf events on every CPU: ${name}:event[:count] (${events.map((e) => e.name).slice(0, 3).join(", ")}, ...)`,
    progType: BPF_PROG_TYPE_PERF_EVENT,
    pidScope: "attach",
    resolve(rest, ap, _kernel, diags) {
      const parts = rest === void 0 ? [] : rest.split(":");
      if (parts.length < 1 || parts.length > 2 || parts[0] === "") {
        diags.error(ap.span, `${name} probe type requires 1 or 2 arguments, found ${parts.length}`);
        return [];
      }
      const [event, countText] = parts;
      let count;
      if (countText !== void 0 && countText !== "*") {
        if (!/^\d+$/.test(countText) || Number(countText) === 0) {
          diags.error(ap.span, `Invalid count for ${name} probe: ${countText}`);
          return [];
        }
        count = Number(countText);
      }
      const make = (kind2, written) => ({
        provider: this,
        name: `${name}:${written}${count !== void 0 ? `:${count}` : ""}`,
        detail: { config: kind2.config, count: count ?? kind2.defaultCount }
      });
      if (hasWildcard(event)) {
        const re = globToRegExp(event);
        const found = events.filter((e) => re.test(e.name)).map((e) => make(e, e.name));
        if (found.length === 0)
          diags.error(ap.span, `No probes matched: ${name}:${rest}`);
        return found;
      }
      const kind = events.find((e) => e.name === event || e.alias === event);
      if (!kind) {
        diags.error(ap.span, `${event} is not a ${name} probe`);
        return [];
      }
      return [make(kind, event)];
    },
    // bpftrace's form: each name and alias with an empty count, `software:cpu-clock:`.
    list: () => events.flatMap((e) => [e.name, ...e.alias ? [e.alias] : []]).map((n) => ({ name: `${name}:${n}:` })),
    attach(progFd, target) {
      const attr = { type: perfType, config: Number(target.detail.config), samplePeriod: BigInt(target.detail.count) };
      return attachPerCpu(progFd, attr, onlineCpus(), target.process?.pid ?? -1);
    }
  };
}
var software = perfEventProvider("software", "s", PERF_TYPE_SOFTWARE, SOFTWARE_EVENTS);
var hardware = perfEventProvider("hardware", "h", PERF_TYPE_HARDWARE, HARDWARE_EVENTS);

// dist/providers/rawtracepoint.js
var MAX_ARGS = 12;
var rawtracepoint = {
  name: "rawtracepoint",
  aliases: ["rt", "raw_tp", "raw_tracepoint"],
  doc: "raw kernel tracepoints: rawtracepoint:event or rawtracepoint:category:event, with arg0..arg11",
  progType: BPF_PROG_TYPE_RAW_TRACEPOINT,
  resolve(rest, ap, kernel, diags) {
    const events = matchRawTracepoints(rest, ap, kernel, diags, "rawtracepoint");
    return events.map((event) => ({ provider: this, name: `rawtracepoint:${event}`, detail: { event } }));
  },
  // The kernel's BTF names every raw tracepoint (btf_trace_<name>), some that tracefs lacks.
  list(kernel) {
    const names = kernel.rawTracepoints?.() ?? kernel.listTracepoints().filter((t) => t.category !== "syscalls").map((t) => t.event);
    return [...new Set(names)].map((e) => ({ name: `rawtracepoint:${e}`, params: () => kernel.rawTracepointParams?.(e) ?? [] }));
  },
  argOffset: (n) => n < MAX_ARGS ? n * 8 : void 0,
  // args.<name>, typed from the tracepoint's BTF prototype: each is one u64 of the context.
  args(target) {
    return rawTracepointArgs(String(target.detail.event))?.map((a) => ({ name: a.name, type: a.type, ctxOffset: 8 * a.index, ctxSize: 8 }));
  },
  attach(progFd, target) {
    return { fds: [rawTracepointOpen(String(target.detail.event), progFd)] };
  }
};
function matchRawTracepoints(rest, ap, kernel, diags, provider) {
  const parts = rest?.split(":") ?? [];
  if (parts.length < 1 || parts.length > 2 || parts.some((p) => !p)) {
    diags.error(ap.span, `${provider} probe must be ${provider}:event or ${provider}:module:event`);
    return [];
  }
  const event = parts.at(-1);
  const evRe = globToRegExp(event);
  const btfNames = kernel.rawTracepoints?.();
  const all = btfNames ?? kernel.listTracepoints().filter((t) => t.category !== "syscalls").map((t) => t.event);
  const isRaw = new Set(all);
  let names;
  if (parts.length === 1 || globToRegExp(parts[0]).test("vmlinux")) {
    names = [...isRaw].filter((e) => evRe.test(e));
  } else {
    const catRe = globToRegExp(parts[0]);
    names = [...new Set(kernel.listTracepoints().filter((t) => catRe.test(t.category) && evRe.test(t.event) && isRaw.has(t.event)).map((t) => t.event))];
  }
  names.sort();
  if (names.length === 0) {
    const tp = hasWildcard(event) ? void 0 : kernel.listTracepoints().find((t) => t.event === event);
    const hints = tp?.category === "syscalls" ? [`${event} is an event of the syscalls tracepoint category, made by the raw tracepoints sys_enter and sys_exit: use tracepoint:syscalls:${event}, or ${provider}:${event.startsWith("sys_enter") ? "sys_enter" : "sys_exit"} and its syscall number`] : void 0;
    diags.error(ap.span, `No probes matched: ${provider}:${rest}`, hints);
  }
  return names;
}

// dist/providers/special.js
function special(name, runOnce) {
  return {
    name,
    aliases: [name.toLowerCase()],
    doc: runOnce === "begin" ? "runs once when tracing starts" : "runs once when tracing stops",
    progType: BPF_PROG_TYPE_RAW_TRACEPOINT,
    runOnce,
    pidScope: "none",
    resolve(rest, ap, _kernel, diags) {
      if (rest !== void 0) {
        diags.error(ap.span, `${name} probes do not take arguments`);
        return [];
      }
      return [{ provider: this, name, detail: {} }];
    }
  };
}
var begin = special("BEGIN", "begin");
var end = special("END", "end");

// dist/runtime/attach/cpu-clock.js
function cpuClockAttr(rate) {
  return "hz" in rate ? { type: PERF_TYPE_SOFTWARE, config: PERF_COUNT_SW_CPU_CLOCK, freq: true, sampleFreq: rate.hz } : { type: PERF_TYPE_SOFTWARE, config: PERF_COUNT_SW_CPU_CLOCK, samplePeriod: rate.periodNs };
}
function attachCpuClock(progFd, rate, cpus, pid = -1) {
  return attachPerCpu(progFd, cpuClockAttr(rate), cpus, pid);
}
var NS_PER_UNIT = { s: 1000000000n, ms: 1000000n, us: 1000n, ns: 1n };
function parseRate(rest) {
  const unitFirst = /^(s|ms|us|ns|hz):(\d+)$/.exec(rest ?? "");
  const countFirst = /^(\d+)(s|ms|us|ns|hz)$/.exec(rest ?? "");
  const unit = unitFirst?.[1] ?? countFirst?.[2];
  const count = unitFirst?.[2] ?? countFirst?.[1];
  if (!unit || !count || BigInt(count) === 0n)
    return void 0;
  if (unit === "hz")
    return { hz: Number(count) };
  return { periodNs: BigInt(count) * NS_PER_UNIT[unit] };
}

// dist/providers/timers.js
function timer(name, alias, doc, cpus, pidScope) {
  return {
    name,
    aliases: [alias],
    doc,
    progType: BPF_PROG_TYPE_PERF_EVENT,
    pidScope,
    resolve(rest, ap, _kernel, diags) {
      const unit = /^([a-z]+):/.exec(rest ?? "")?.[1];
      if (unit !== void 0 && !["s", "ms", "us", "hz"].includes(unit)) {
        diags.error(ap.span, `${unit} is not an accepted unit of time`);
        return [];
      }
      if (!parseRate(rest)) {
        diags.error(ap.span, `${name} probe must be ${name}:<s|ms|us|hz>:<count> with a count above 0`);
        return [];
      }
      return [{ provider: this, name: `${name}:${rest}`, detail: { rate: rest } }];
    },
    attach(progFd, target) {
      const pid = pidScope === "attach" ? target.process?.pid ?? -1 : -1;
      return attachCpuClock(progFd, parseRate(String(target.detail.rate)), cpus(), pid);
    }
  };
}
var interval = timer("interval", "i", "a timer on one CPU: interval:s:N, interval:ms:N, interval:us:N, interval:hz:N", () => [0], "none");
var profile = timer("profile", "p", "a timer on every CPU: profile:hz:N, profile:s:N, profile:ms:N, profile:us:N", onlineCpus, "attach");

// dist/providers/tp-btf.js
function tracepointArgs(event) {
  const btf = kernelBtf();
  if (!btf)
    return void 0;
  for (const name of [`__probestub_${event}`, `__bpf_trace_${event}`]) {
    const f = kernelFunction(name, btf);
    if (f)
      return slotArgs(btf, f.params, 1);
  }
  return void 0;
}
var tpBtf = {
  name: "tp_btf",
  aliases: [],
  doc: "BTF-typed raw tracepoints: tp_btf:event, with args.NAME typed from the kernel's BTF (and arg0..argN)",
  progType: BPF_PROG_TYPE_TRACING,
  listsModule: true,
  resolve(rest, ap, kernel, diags) {
    const events = matchRawTracepoints(rest, ap, kernel, diags, "tp_btf");
    const btf = kernelBtf();
    const found = [];
    for (const event of events) {
      if (!btf?.find(`btf_trace_${event}`, BTF_KIND.TYPEDEF).length) {
        diags.error(ap.span, `No BTF found for ${event}.`);
        return [];
      }
      found.push({ provider: this, name: `tp_btf:${event}`, detail: { event } });
    }
    return found;
  },
  list(kernel) {
    return (kernel.rawTracepoints?.() ?? []).map((e) => ({ name: `tp_btf:vmlinux:${e}`, params: () => kernel.rawTracepointParams?.(e) ?? [] }));
  },
  args(target) {
    return tracepointArgs(String(target.detail.event))?.args;
  },
  // Only the tracepoint's own arguments are in the context: the verifier refuses a read past them.
  argOffset(n, target) {
    const slots = tracepointArgs(String(target.detail.event))?.slots ?? 0;
    return n < slots ? 8 * n : void 0;
  },
  loadTarget(target) {
    const id = kernelBtf()?.find(`btf_trace_${target.detail.event}`, BTF_KIND.TYPEDEF)[0] ?? 0;
    return { attachType: BPF_TRACE_RAW_TP, btfId: id };
  },
  attach(progFd) {
    return { fds: [linkCreate(progFd, 0, BPF_TRACE_RAW_TP)] };
  }
};

// dist/runtime/kernel/tracefs.js
import { existsSync, readdirSync, readFileSync as readFileSync3 } from "node:fs";
import { join } from "node:path";
var TracepointNotFound = class extends KernelError {
  category;
  event;
  name = "TracepointNotFound";
  constructor(category, event) {
    super("tracepoint", 2, "ENOENT", { detail: `${category}:${event}`, hint: "no such tracepoint" });
    this.category = category;
    this.event = event;
  }
};
var TRACEFS = "/sys/kernel/tracing";
var DEBUGFS_TRACING = "/sys/kernel/debug/tracing";
var MOUNT_FLAGS = 2 | 4 | 8;
var root;
var hasEvents = (dir) => existsSync(join(dir, "events"));
function ensureTracefs() {
  if (root && hasEvents(root))
    return root;
  if (hasEvents(TRACEFS))
    return root = TRACEFS;
  let failure;
  try {
    native().mount("nodev", TRACEFS, "tracefs", MOUNT_FLAGS);
  } catch (e) {
    if (!isErrnoException(e))
      throw e;
    failure = new KernelError("mount", e.errno, e.code, {
      detail: `tracefs on ${TRACEFS}`,
      hint: `tracefs is not mounted and ebt could not mount it; try: mount -t tracefs nodev ${TRACEFS}`,
      cause: e
    });
  }
  if (hasEvents(TRACEFS))
    return root = TRACEFS;
  if (hasEvents(DEBUGFS_TRACING))
    return root = DEBUGFS_TRACING;
  throw failure ?? new KernelError("mount", 0, "ENOENT", {
    detail: `tracefs on ${TRACEFS}`,
    hint: "tracefs was mounted but has no events/ directory (a kernel without CONFIG_EVENT_TRACING?)"
  });
}
function checkName(what, s) {
  if (!/^(?!\.+$)[A-Za-z0-9_.-]+$/.test(s))
    throw new TypeError(`invalid tracepoint ${what}: ${JSON.stringify(s)}`);
}
function readEventFile(category, event, file) {
  checkName("category", category);
  checkName("event", event);
  const path2 = join(ensureTracefs(), "events", category, event, file);
  try {
    return readFileSync3(path2, "utf8");
  } catch (e) {
    if (isErrnoException(e) && (e.code === "ENOENT" || e.code === "ENOTDIR"))
      throw new TracepointNotFound(category, event);
    if (isErrnoException(e)) {
      throw new KernelError("read", Math.abs(e.errno), e.code, { detail: path2, cause: e });
    }
    throw e;
  }
}
function tracepointId(category, event) {
  return Number(readEventFile(category, event, "id").trim());
}
function tracepointFormat(category, event) {
  return parseTracepointFormat(readEventFile(category, event, "format"));
}
function listTracepoints() {
  const dir = ensureTracefs();
  const out = [];
  let text;
  try {
    text = readFileSync3(join(dir, "available_events"), "utf8");
  } catch {
    text = void 0;
  }
  if (text !== void 0) {
    for (const line of text.split("\n")) {
      const colon = line.indexOf(":");
      if (colon > 0)
        out.push({ category: line.slice(0, colon), event: line.slice(colon + 1).trim() });
    }
  } else {
    const events = join(dir, "events");
    for (const cat of readdirSync(events, { withFileTypes: true })) {
      if (!cat.isDirectory())
        continue;
      for (const ev of readdirSync(join(events, cat.name), { withFileTypes: true })) {
        if (ev.isDirectory())
          out.push({ category: cat.name, event: ev.name });
      }
    }
  }
  return out.sort((a, b) => cmp(a.category, b.category) || cmp(a.event, b.event));
}
function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function parseTracepointFormat(text) {
  const format = { fields: [] };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("field:") || line.startsWith("field special:")) {
      const field = parseFieldLine(line);
      if (field)
        format.fields.push(field);
    } else if (line.startsWith("name:")) {
      format.name = line.slice(5).trim();
    } else if (line.startsWith("ID:")) {
      const id = Number(line.slice(3).trim());
      if (Number.isInteger(id))
        format.id = id;
    } else if (line.startsWith("print fmt:")) {
      format.printFmt = line.slice(10).trim();
    }
  }
  return format;
}
function parseFieldLine(line) {
  const parts = /* @__PURE__ */ new Map();
  for (const piece of line.split(";")) {
    const colon = piece.indexOf(":");
    if (colon > 0)
      parts.set(piece.slice(0, colon).trim(), piece.slice(colon + 1).trim());
  }
  const decl = parts.get("field") ?? parts.get("field special");
  const offset = Number(parts.get("offset"));
  const size = Number(parts.get("size"));
  if (decl === void 0 || !Number.isInteger(offset) || !Number.isInteger(size))
    return void 0;
  const d = parseDecl(decl);
  if (!d)
    return void 0;
  const field = {
    name: d.name,
    type: d.type,
    offset,
    size,
    // Old kernels have no `signed:` part; then fall back on the type.
    signed: parts.has("signed") ? parts.get("signed") === "1" : /^(int|long|short|char|s\d+|signed\b)/.test(d.type),
    common: d.name.startsWith("common_"),
    decl: decl.replace(/\s+/g, " ").trim()
  };
  if (d.arrayLength !== void 0)
    field.arrayLength = d.arrayLength;
  if (d.type.startsWith("__data_loc "))
    field.loc = "data";
  else if (d.type.startsWith("__rel_loc "))
    field.loc = "rel";
  return field;
}
function parseDecl(decl) {
  let d = decl.trim();
  let arrayLength;
  const arr = /^(.*[A-Za-z0-9_])\s*\[\s*([^\]]*)\]$/.exec(d);
  if (arr) {
    d = arr[1];
    const len = arr[2].trim();
    if (len === "")
      arrayLength = 0;
    else if (/^(0x[0-9a-fA-F]+|\d+)$/.test(len))
      arrayLength = Number(len);
  }
  const m = /^(.*?)\s*\b([A-Za-z_][A-Za-z0-9_]*)$/.exec(d);
  if (!m || !m[1])
    return void 0;
  const type = m[1].replace(/\s+/g, " ").trim();
  if (!type)
    return void 0;
  return arrayLength === void 0 ? { type, name: m[2] } : { type, name: m[2], arrayLength };
}

// dist/providers/tracepoint.js
var PERF_TYPE_TRACEPOINT = 2;
var DATA_LOC_STRLEN = 64;
function fieldType(f, user = false) {
  if (f.type.includes("*")) {
    const m = /^(?:const\s+)?((?:struct|union)\s+\w+)\s*(\*+)$/.exec(f.type.trim());
    const typed = m ? kernelPointerType(m[1], m[2].length, user) : void 0;
    return typed ?? { kind: "ptr", to: intType(8, true), user };
  }
  if (f.arrayLength !== void 0 && /\bchar\b/.test(f.type))
    return strType(f.arrayLength);
  const bits = f.size === 1 ? 8 : f.size === 2 ? 16 : f.size === 4 ? 32 : 64;
  return intType(bits, f.signed);
}
var tracepoint = {
  name: "tracepoint",
  aliases: ["t", "tp"],
  doc: "static kernel tracepoints: tracepoint:category:event (wildcards allowed)",
  progType: BPF_PROG_TYPE_TRACEPOINT,
  resolve(rest, ap, kernel, diags) {
    const parts = rest?.split(":") ?? [];
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      diags.error(ap.span, "tracepoint probe must have 2 arguments: tracepoint:category:event");
      return [];
    }
    const [category, event] = parts;
    const make = (c, e) => ({
      provider: this,
      name: `tracepoint:${c}:${e}`,
      detail: { category: c, event: e }
    });
    if (!hasWildcard(category) && !hasWildcard(event)) {
      if (!kernel.tracepointFormat(category, event)) {
        diags.error(ap.span, `tracepoint not found: ${category}:${event}`);
        return [];
      }
      return [make(category, event)];
    }
    const catRe = globToRegExp(category);
    const evRe = globToRegExp(event);
    const found = kernel.listTracepoints().filter((t) => catRe.test(t.category) && evRe.test(t.event)).map((t) => make(t.category, t.event));
    if (found.length === 0)
      diags.error(ap.span, `No probes matched: tracepoint:${category}:${event}`);
    return found;
  },
  args(target, kernel) {
    const format = kernel.tracepointFormat(String(target.detail.category), String(target.detail.event));
    if (!format)
      return void 0;
    const user = this.argsAreUserPointers?.(target) ?? false;
    return format.fields.filter((f) => !f.common).map((f) => {
      if (f.loc === "data" && /\bchar\b/.test(f.type)) {
        return { name: f.name, type: strType(DATA_LOC_STRLEN), ctxOffset: f.offset, ctxSize: f.size, dataLoc: true };
      }
      return {
        name: f.name,
        type: fieldType(f, user),
        ctxOffset: f.offset,
        ctxSize: f.size
      };
    });
  },
  list(kernel) {
    return kernel.listTracepoints().map((t) => ({
      name: `tracepoint:${t.category}:${t.event}`,
      // As bpftrace -lv: each field after the common ones, declared as the format file declares it.
      params: () => kernel.tracepointFormat(t.category, t.event)?.fields.filter((f) => !f.common).map((f) => f.decl) ?? []
    }));
  },
  // Syscall arguments are the user's own pointers; other tracepoints carry kernel pointers.
  argsAreUserPointers(target) {
    return target.detail.category === "syscalls";
  },
  attach(progFd, target) {
    const id = tracepointId(String(target.detail.category), String(target.detail.event));
    const fd = openPerfEventWithProgram(progFd, { type: PERF_TYPE_TRACEPOINT, config: id, samplePeriod: 1, wakeupEvents: 1 }, -1, 0);
    return { fds: [fd] };
  }
};

// dist/runtime/attach/uprobe.js
var PERF_UPROBE_REF_CTR_OFFSET_SHIFT = 32n;
function attachUprobe(progFd, spec) {
  const type = requirePmu("uprobe", "this kernel has no uprobe support (CONFIG_UPROBE_EVENTS is off: there is no uprobe PMU in /sys/bus/event_source/devices)");
  const config = (spec.ret ? retprobeConfig("uprobe") : 0n) | BigInt(spec.refCtrOffset ?? 0) << PERF_UPROBE_REF_CTR_OFFSET_SHIFT;
  const pid = spec.pid ?? -1;
  const attr = { type, config, uprobePath: spec.path, config2: BigInt(spec.offset), samplePeriod: 1, wakeupEvents: 1 };
  return { fds: [openPerfEventWithProgram(progFd, attr, pid, pid === -1 ? 0 : -1)] };
}

// dist/elf/elf.js
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
var ElfError = class extends Error {
};
var ET_EXEC = 2;
var ET_DYN = 3;
var PT_LOAD = 1;
var PT_INTERP = 3;
var SHT_SYMTAB = 2;
var SHT_NOTE = 7;
var SHT_DYNSYM = 11;
var STT_FUNC = 2;
var STT_GNU_IFUNC = 10;
var SHN_UNDEF = 0;
var SHN_LORESERVE = 65280;
var ElfFile = class _ElfFile {
  path;
  fd;
  fileSize;
  type;
  sections;
  segments;
  funcs;
  byName;
  notes;
  allByName;
  constructor(path2, fd, fileSize) {
    this.path = path2;
    this.fd = fd;
    this.fileSize = fileSize;
    const h = this.read(0, 64);
    if (h.length < 64 || h.readUInt32BE(0) !== 2135247942)
      throw new ElfError(`${path2} is not an ELF file`);
    if (h[4] !== 2 || h[5] !== 1)
      throw new ElfError(`${path2}: only 64-bit little-endian ELF files are supported`);
    this.type = h.readUInt16LE(16);
    const phoff = num(h, 32), shoff = num(h, 40);
    const phentsize = h.readUInt16LE(54), phnum = h.readUInt16LE(56);
    const shentsize = h.readUInt16LE(58), shnum = h.readUInt16LE(60), shstrndx = h.readUInt16LE(62);
    this.segments = [];
    const ph = this.read(phoff, phentsize * phnum);
    for (let i = 0; i < phnum; i++) {
      const o = i * phentsize;
      this.segments.push({
        type: ph.readUInt32LE(o),
        flags: ph.readUInt32LE(o + 4),
        offset: num(ph, o + 8),
        vaddr: num(ph, o + 16),
        filesz: num(ph, o + 32),
        memsz: num(ph, o + 40)
      });
    }
    const raw = [];
    const sh = shoff > 0 ? this.read(shoff, shentsize * shnum) : Buffer.alloc(0);
    for (let i = 0; i < (shoff > 0 ? shnum : 0); i++) {
      const o = i * shentsize;
      raw.push({
        nameOff: sh.readUInt32LE(o),
        name: "",
        type: sh.readUInt32LE(o + 4),
        addr: num(sh, o + 16),
        offset: num(sh, o + 24),
        size: num(sh, o + 32),
        link: sh.readUInt32LE(o + 40),
        entsize: num(sh, o + 56)
      });
    }
    const strtab = raw[shstrndx];
    const names = strtab ? this.read(strtab.offset, strtab.size) : Buffer.alloc(0);
    this.sections = raw.map(({ nameOff, ...s }) => ({ ...s, name: cstr(names, nameOff) }));
  }
  static open(path2) {
    let fd;
    try {
      fd = openSync(path2, "r");
    } catch (e) {
      throw new ElfError(`could not open ${path2}: ${e.code ?? e.message}`);
    }
    try {
      return new _ElfFile(path2, fd, fstatSync(fd).size);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }
  close() {
    closeSync(this.fd);
  }
  /** Position-independent: a PIE executable or a shared library (ET_DYN), loaded at a random base. */
  get isPie() {
    return this.type === ET_DYN;
  }
  /** Whether the file has a program interpreter (an executable rather than a plain library). */
  get hasInterp() {
    return this.segments.some((s) => s.type === PT_INTERP);
  }
  section(name) {
    return this.sections.find((s) => s.name === name);
  }
  /** The file offset where the byte at virtual address `vaddr` lives (what the uprobe PMU wants). */
  vaddrToOffset(vaddr) {
    for (const s of this.segments) {
      if (s.type === PT_LOAD && vaddr >= s.vaddr && vaddr < s.vaddr + s.filesz)
        return vaddr - s.vaddr + s.offset;
    }
    return void 0;
  }
  /** The virtual address of file offset `offset` (for symbolizing a mapped address). */
  offsetToVaddr(offset) {
    for (const s of this.segments) {
      if (s.type === PT_LOAD && offset >= s.offset && offset < s.offset + s.filesz)
        return offset - s.offset + s.vaddr;
    }
    return void 0;
  }
  /**
   * Defined function symbols (STT_FUNC and GNU ifuncs) of `.symtab` and `.dynsym`, one per name,
   * sorted by address. A stripped binary still has its exported `.dynsym` functions.
   */
  functions() {
    if (!this.funcs) {
      const byName = /* @__PURE__ */ new Map();
      for (const type of [SHT_SYMTAB, SHT_DYNSYM]) {
        for (const s of this.sections.filter((x) => x.type === type)) {
          for (const sym of this.readSymbols(s))
            if (!byName.has(sym.name))
              byName.set(sym.name, sym);
        }
      }
      this.byName = byName;
      this.funcs = [...byName.values()].sort((a, b) => a.addr - b.addr || a.name.localeCompare(b.name));
    }
    return this.funcs;
  }
  findFunction(name) {
    this.functions();
    return this.byName.get(name) ?? this.byName.get(stripVersion(name));
  }
  /** The function containing `vaddr`, with the offset into it; sizeless symbols extend to the next one. */
  symbolize(vaddr) {
    const f = this.functions();
    let lo = 0, hi = f.length - 1, best = -1;
    while (lo <= hi) {
      const mid = lo + hi >> 1;
      if (f[mid].addr <= vaddr) {
        best = mid;
        lo = mid + 1;
      } else
        hi = mid - 1;
    }
    for (let i = best; i >= 0 && f[i].addr === f[best].addr; i--) {
      const s = f[i];
      const next = f.slice(best + 1).find((n) => n.addr > s.addr);
      if (s.size > 0 ? vaddr < s.addr + s.size : next === void 0 || vaddr < next.addr) {
        return { sym: s, offset: vaddr - s.addr };
      }
    }
    return void 0;
  }
  /** The probes of `.note.stapsdt` (USDT). */
  usdtNotes() {
    if (this.notes)
      return this.notes;
    this.notes = [];
    const sec = this.sections.find((s) => s.name === ".note.stapsdt" && s.type === SHT_NOTE);
    if (!sec)
      return this.notes;
    const actualBase = this.section(".stapsdt.base")?.addr;
    const b = this.read(sec.offset, sec.size);
    for (let o = 0; o + 12 <= b.length; ) {
      const namesz = b.readUInt32LE(o), descsz = b.readUInt32LE(o + 4), type = b.readUInt32LE(o + 8);
      const nameAt = o + 12;
      const descAt = nameAt + align4(namesz);
      o = descAt + align4(descsz);
      if (type !== 3 || cstr(b, nameAt) !== "stapsdt" || descsz < 24)
        continue;
      const desc = b.subarray(descAt, descAt + descsz);
      const provider = cstr(desc, 24);
      const name = cstr(desc, 24 + Buffer.byteLength(provider) + 1);
      const args = cstr(desc, 24 + Buffer.byteLength(provider) + Buffer.byteLength(name) + 2);
      const pc = num(desc, 0), base = num(desc, 8), semaphore = num(desc, 16);
      const delta = actualBase !== void 0 && base !== 0 ? actualBase - base : 0;
      this.notes.push({ provider, name, pc: pc + delta, base, semaphore: semaphore === 0 ? 0 : semaphore + delta, args });
    }
    return this.notes;
  }
  /**
   * A defined symbol of any kind (functions and data objects) by name, from `.symtab` or `.dynsym`:
   * USDT arguments may name a global (`8@counter(%rip)`).
   */
  findSymbol(name) {
    if (!this.allByName) {
      this.allByName = /* @__PURE__ */ new Map();
      for (const type of [SHT_SYMTAB, SHT_DYNSYM]) {
        for (const s of this.sections.filter((x) => x.type === type)) {
          for (const sym of this.readSymbols(s, true))
            if (!this.allByName.has(sym.name))
              this.allByName.set(sym.name, sym);
        }
      }
    }
    return this.allByName.get(name);
  }
  /** Bytes at a file offset (fewer at the end of the file). */
  read(offset, length) {
    const len = Math.max(0, Math.min(length, this.fileSize - offset));
    const buf = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, buf, got, len - got, offset + got);
      if (n === 0)
        break;
      got += n;
    }
    return buf.subarray(0, got);
  }
  readSymbols(s, anyType = false) {
    const strs = this.sections[s.link];
    if (!strs || s.entsize < 24)
      return [];
    const data = this.read(s.offset, s.size);
    const names = this.read(strs.offset, strs.size);
    const out = [];
    for (let o = 0; o + 24 <= data.length; o += s.entsize) {
      const type = data[o + 4] & 15;
      const shndx = data.readUInt16LE(o + 6);
      if (!anyType && type !== STT_FUNC && type !== STT_GNU_IFUNC || shndx === SHN_UNDEF)
        continue;
      const addr = num(data, o + 8);
      if (addr === 0 || anyType && shndx >= SHN_LORESERVE)
        continue;
      const name = stripVersion(cstr(names, data.readUInt32LE(o)));
      if (name)
        out.push({ name, addr, size: num(data, o + 16), type });
    }
    return out;
  }
};
function num(b, o) {
  return Number(b.readBigUInt64LE(o));
}
function cstr(b, o) {
  if (o >= b.length)
    return "";
  const end2 = b.indexOf(0, o);
  return b.toString("utf8", o, end2 < 0 ? b.length : end2);
}
var align4 = (n) => n + 3 & ~3;
function stripVersion(name) {
  const at = name.indexOf("@");
  return at < 0 ? name : name.slice(0, at);
}
var cache = /* @__PURE__ */ new Map();
function openElfCached(path2) {
  let st;
  try {
    st = statSync(path2);
  } catch (e) {
    throw new ElfError(`could not open ${path2}: ${e.code ?? e.message}`);
  }
  const hit = cache.get(path2);
  if (hit && hit.ino === st.ino && hit.mtimeMs === st.mtimeMs)
    return hit.elf;
  hit?.elf.close();
  const elf = ElfFile.open(path2);
  cache.set(path2, { ino: st.ino, mtimeMs: st.mtimeMs, elf });
  return elf;
}

// dist/elf/resolve-binary.js
import { accessSync, constants, existsSync as existsSync2, readFileSync as readFileSync5, readdirSync as readdirSync2 } from "node:fs";
import path from "node:path";

// dist/elf/proc-maps.js
import { readFileSync as readFileSync4 } from "node:fs";
function parseMaps(text) {
  const out = [];
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]+)-([0-9a-f]+)\s+(\S+)\s+([0-9a-f]+)\s+\S+\s+(\d+)\s*(.*)$/.exec(line);
    if (!m)
      continue;
    out.push({
      start: parseInt(m[1], 16),
      end: parseInt(m[2], 16),
      perms: m[3],
      offset: parseInt(m[4], 16),
      inode: Number(m[5]),
      path: m[6].replace(/ \(deleted\)$/, "")
    });
  }
  return out;
}
function readMaps(pid) {
  try {
    return parseMaps(readFileSync4(`/proc/${pid}/maps`, "utf8"));
  } catch {
    return void 0;
  }
}

// dist/elf/resolve-binary.js
var X86_64_LIB = 771;
var LIB_DIRS = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib"];
function resolveBinary(target, pid) {
  if (target.includes("/")) {
    if (pid !== void 0 && path.isAbsolute(target) && existsSync2(`/proc/${pid}/root${target}`))
      return `/proc/${pid}/root${target}`;
    return existsSync2(target) ? target : void 0;
  }
  const stem = target.startsWith("lib") ? target : `lib${target}`;
  if (pid !== void 0) {
    for (const m of readMaps(pid) ?? []) {
      const base = path.basename(m.path);
      if (base === target || base.startsWith(`${stem}.so`) || base.startsWith(`${stem}-`))
        return `/proc/${pid}/root${m.path}`;
    }
  }
  return fromLdCache(stem) ?? fromLibDirs(stem) ?? whichExecutable(target);
}
function parseLdCache(buf) {
  const magic = "glibc-ld.so.cache1.1";
  let base = buf.indexOf(magic, 0, "latin1");
  if (base < 0)
    return [];
  const n = buf.readUInt32LE(base + 20);
  const out = [];
  const entries = base + 48;
  for (let i = 0; i < n; i++) {
    const e = entries + i * 24;
    if (e + 24 > buf.length)
      break;
    const flags = buf.readInt32LE(e);
    if ((flags & 65535) !== X86_64_LIB)
      continue;
    out.push({ name: cstr2(buf, base + buf.readUInt32LE(e + 4)), path: cstr2(buf, base + buf.readUInt32LE(e + 8)) });
  }
  return out;
}
var ldCache;
function fromLdCache(stem) {
  try {
    ldCache ??= parseLdCache(readFileSync5("/etc/ld.so.cache"));
  } catch {
    ldCache = [];
  }
  return ldCache.find((e) => e.name.startsWith(`${stem}.so`))?.path;
}
function fromLibDirs(stem) {
  for (const dir of LIB_DIRS) {
    let names;
    try {
      names = readdirSync2(dir);
    } catch {
      continue;
    }
    const hit = names.filter((n) => n.startsWith(`${stem}.so`)).sort()[0];
    if (hit)
      return path.join(dir, hit);
  }
  return void 0;
}
function whichExecutable(name) {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (!dir)
      continue;
    const p = path.join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
    }
  }
  return void 0;
}
function cstr2(b, o) {
  const end2 = b.indexOf(0, o);
  return b.toString("utf8", o, end2 < 0 ? b.length : end2);
}

// dist/providers/uprobe.js
function findSites(elf, path2, func) {
  if (/^(0x[0-9a-f]+|\d+)$/i.test(func)) {
    const vaddr = Number(func);
    const offset2 = elf.vaddrToOffset(vaddr);
    if (offset2 === void 0)
      return `Could not resolve address: ${path2}:${func}`;
    const sym2 = elf.symbolize(vaddr);
    return [{ path: path2, offset: offset2, func: sym2 && sym2.offset === 0 ? sym2.sym.name : func }];
  }
  const plus = /^(.+)\+(0x[0-9a-f]+|\d+)$/i.exec(func);
  if (plus) {
    const sym2 = elf.findFunction(plus[1]);
    const delta = Number(plus[2]);
    if (!sym2)
      return `Could not resolve symbol: ${path2}:${plus[1]}`;
    if (sym2.size > 0 && delta >= sym2.size)
      return `Offset outside the function bounds ('${plus[1]}' size is ${sym2.size})`;
    const offset2 = elf.vaddrToOffset(sym2.addr + delta);
    if (offset2 === void 0)
      return `Could not resolve symbol: ${path2}:${func}`;
    return [{ path: path2, offset: offset2, func: sym2.name }];
  }
  if (hasWildcard(func)) {
    const re = globToRegExp(func);
    const seen = /* @__PURE__ */ new Set();
    const sites = [];
    for (const s of elf.functions()) {
      if (!re.test(s.name))
        continue;
      const offset2 = elf.vaddrToOffset(s.addr);
      if (offset2 === void 0 || seen.has(offset2))
        continue;
      seen.add(offset2);
      sites.push({ path: path2, offset: offset2, func: s.name });
    }
    return sites.sort((a, b) => a.func.localeCompare(b.func));
  }
  const sym = elf.findFunction(func);
  const offset = sym && elf.vaddrToOffset(sym.addr);
  if (offset === void 0)
    return `Could not resolve symbol: ${path2}:${func}`;
  return [{ path: path2, offset, func: sym.name }];
}
function uprobeProvider(name, aliases, ret) {
  return {
    name,
    aliases,
    doc: ret ? "returns of user-space functions: uretprobe:/path/or/lib:func, with retval" : "user-space functions: uprobe:/path/or/lib:func[+off] or :0xaddr (wildcards allowed), with arg0..arg5",
    progType: BPF_PROG_TYPE_KPROBE,
    userMemory: true,
    pidScope: "attach",
    resolve(rest, ap, _kernel, diags, ctx) {
      const colon = rest?.lastIndexOf(":") ?? -1;
      const binary = rest?.slice(0, Math.max(colon, 0)) ?? "";
      const func = rest?.slice(colon + 1) ?? "";
      if (colon <= 0 || !func) {
        diags.error(ap.span, "uprobe probe type requires 2 arguments");
        return [];
      }
      const path2 = resolveBinary(binary, ctx?.target?.origin === "command" ? void 0 : ctx?.pid);
      let elf;
      try {
        if (!path2)
          throw new ElfError("missing");
        elf = openElfCached(path2);
      } catch {
        diags.error(ap.span, `uprobe target file '${binary}' does not exist or is not executable`);
        return [];
      }
      const sites = findSites(elf, path2, func);
      if (typeof sites === "string") {
        diags.error(ap.span, sites);
        return [];
      }
      if (sites.length === 0) {
        diags.error(ap.span, `No probes matched: ${name}:${binary}:${func}`);
        return [];
      }
      return sites.map((s) => ({
        provider: this,
        name: `${name}:${s.path}:${hasWildcard(func) ? s.func : func}`,
        detail: { path: s.path, offset: s.offset, func: s.func, ...ctx?.pid !== void 0 ? { pid: ctx.pid } : {} }
      }));
    },
    // The functions of one file (uprobe:/bin/bash:*), entry probes only as bpftrace lists them.
    listsOneFile: true,
    list: ret ? void 0 : (_kernel, target) => {
      const path2 = target === void 0 ? void 0 : resolveBinary(target, void 0);
      if (!path2)
        return [];
      let elf;
      try {
        elf = openElfCached(path2);
      } catch {
        return [];
      }
      return [...new Set(elf.functions().map((f) => f.name))].map((f) => ({ name: `uprobe:${path2}:${f}` }));
    },
    argOffset: ret ? void 0 : ptRegsArgOffset,
    retvalOffset: ret ? () => PT_REGS_RETVAL : void 0,
    regOffset: ptRegsOffset,
    funcName: (target) => String(target.detail.func),
    attach(progFd, target) {
      const pid = target.detail.pid === void 0 ? void 0 : Number(target.detail.pid);
      return attachUprobe(progFd, { path: String(target.detail.path), offset: Number(target.detail.offset), ret, pid });
    }
  };
}
var uprobe = uprobeProvider("uprobe", ["u"], false);
var uretprobe = uprobeProvider("uretprobe", ["ur"], true);

// dist/providers/usdt.js
import { readdirSync as readdirSync4, statSync as statSync2, accessSync as accessSync2, constants as constants2 } from "node:fs";

// dist/elf/usdt-args.js
var UsdtArgError = class extends Error {
};
function parseUsdtArgs(spec) {
  return spec.trim() === "" ? [] : splitSpecs(spec).map(parseUsdtArg);
}
function splitSpecs(spec) {
  const out = [];
  let cur = "", depth = 0;
  for (const c of spec.trim()) {
    if (c === "(")
      depth++;
    if (c === ")")
      depth--;
    if (/\s/.test(c) && depth === 0) {
      if (cur)
        out.push(cur);
      cur = "";
    } else if (!/\s/.test(c))
      cur += c;
  }
  if (cur)
    out.push(cur);
  return out;
}
function parseUsdtArg(text) {
  const bad = () => new UsdtArgError(`unsupported USDT argument spec '${text}'`);
  const m = /^(?:(-?)(1|2|4|8)@)?(.+)$/.exec(text);
  if (!m)
    throw bad();
  const operandText = m[3];
  const operand = parseOperand(operandText);
  if (!operand)
    throw bad();
  if (m[2] === void 0) {
    const width = operand.kind === "reg" ? asmRegister(operandText).size : 8;
    return { size: width, signed: false, operand, text };
  }
  return { size: Number(m[2]), signed: m[1] === "-", operand, text };
}
function parseOperand(op) {
  if (op.startsWith("$")) {
    const v = parseNumber(op.slice(1));
    return v === void 0 ? void 0 : { kind: "const", value: v };
  }
  if (op.startsWith("%")) {
    const r = asmRegister(op);
    return r && r.reg !== "ip" ? { kind: "reg", reg: r.reg } : void 0;
  }
  const mem = /^([^(]*)\(([^)]*)\)$/.exec(op);
  if (!mem) {
    const d2 = parseDisplacement(op);
    return d2 ? { kind: "mem", disp: d2.disp, symbol: d2.symbol, base: d2.symbol ? "ip" : void 0, scale: 1 } : void 0;
  }
  const d = parseDisplacement(mem[1]);
  if (!d)
    return void 0;
  const parts = mem[2].split(",").map((p) => p.trim());
  if (parts.length > 3)
    return void 0;
  const reg = (p) => p === void 0 || p === "" ? void 0 : asmRegister(p);
  const base = reg(parts[0]), index = reg(parts[1]);
  if (parts[0] && !base || parts[1] && !index || !base && !index)
    return void 0;
  const scale = parts[2] === void 0 || parts[2] === "" ? 1 : Number(parts[2]);
  if (![1, 2, 4, 8].includes(scale))
    return void 0;
  if (base?.size !== void 0 && base.size !== 8)
    return void 0;
  if (base?.reg === "ip") {
    if (!d.symbol || index)
      return void 0;
    return { kind: "mem", disp: d.disp, symbol: d.symbol, base: "ip", scale: 1 };
  }
  if (d.symbol)
    return void 0;
  return { kind: "mem", disp: d.disp, base: base?.reg, index: index?.reg, scale };
}
function parseDisplacement(s) {
  if (s === "")
    return { disp: 0 };
  const n = parseNumber(s);
  if (n !== void 0)
    return { disp: Number(n) };
  const m = /^([A-Za-z_.$][\w.$@]*)(?:([+-])(0x[0-9a-fA-F]+|\d+))?$/.exec(s);
  if (!m)
    return void 0;
  const off = m[3] === void 0 ? 0 : Number(m[3]);
  return { symbol: m[1], disp: m[2] === "-" ? -off : off };
}
function parseNumber(s) {
  const m = /^(-?)(0x[0-9a-fA-F]+|\d+)$/.exec(s);
  if (!m)
    return void 0;
  const v = BigInt(m[2]);
  return m[1] ? -v : v;
}

// dist/codegen/usdt-args.js
var LOADS = { 1: "u8", 2: "u16", 4: "u32", 8: "u64" };
function emitUsdtArg(g, arg) {
  const op = arg.operand;
  const r = g.regs.alloc();
  if (op.kind === "const") {
    g.asm.ldImm64(r, extend(op.value, arg.size, arg.signed));
    return r;
  }
  if (op.kind === "reg") {
    g.asm.ldx("u64", r, CTX_REG, PT_REGS_OFFSETS[op.reg]);
  } else {
    if (op.base !== void 0)
      g.asm.ldx("u64", R3, CTX_REG, PT_REGS_OFFSETS[op.base]);
    else
      g.asm.movImm(R3, 0);
    if (op.disp !== 0)
      addConstant(g, R3, op.disp);
    if (op.index !== void 0) {
      g.asm.ldx("u64", R2, CTX_REG, PT_REGS_OFFSETS[op.index]);
      if (op.scale !== 1)
        g.asm.aluImm("lsh", R2, Math.log2(op.scale));
      g.asm.aluReg("add", R3, R2);
    }
    const mark = g.stack.mark();
    const slot = g.stack.alloc(8);
    g.asm.st("u64", FP, slot, 0);
    stackPointer(g.asm, R1, slot);
    g.asm.movImm(R2, arg.size);
    g.asm.call(HELPERS.probe_read_user);
    g.asm.ldx(LOADS[arg.size], r, FP, slot);
    g.stack.release(mark);
  }
  if (arg.size < 8 && (arg.signed || op.kind === "reg")) {
    const bits = 64 - arg.size * 8;
    g.asm.aluImm("lsh", r, bits);
    g.asm.aluImm(arg.signed ? "arsh" : "rsh", r, bits);
  }
  return r;
}
function addConstant(g, reg, value) {
  if (value >= -(2 ** 31) && value < 2 ** 31) {
    g.asm.aluImm("add", reg, value);
  } else {
    g.asm.ldImm64(R1, BigInt(value));
    g.asm.aluReg("add", reg, R1);
  }
}
function extend(value, size, signed2) {
  const bits = size * 8;
  return signed2 ? BigInt.asIntN(bits, value) : BigInt.asUintN(bits, value);
}

// dist/util/path-glob.js
import { readdirSync as readdirSync3 } from "node:fs";
function expandPathGlob(pattern) {
  const absolute = pattern.startsWith("/");
  let found = [absolute ? "/" : ""];
  for (const part of pattern.split("/").filter((p) => p !== "")) {
    const next = [];
    for (const dir of found) {
      if (!hasWildcard(part)) {
        next.push(join2(dir, part));
        continue;
      }
      const re = globToRegExp(part);
      let names;
      try {
        names = readdirSync3(dir === "" ? "." : dir);
      } catch {
        continue;
      }
      for (const n of names.sort()) {
        if (n.startsWith(".") && !part.startsWith("."))
          continue;
        if (re.test(n))
          next.push(join2(dir, n));
      }
    }
    found = next;
  }
  return found;
}
function join2(dir, name) {
  return dir === "" ? name : dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

// dist/providers/usdt.js
var usdtProbeName = (s) => `usdt:${s.path}:${s.provider}:${s.name}`;
function usdtSitesOf(path2) {
  let elf;
  try {
    elf = openElfCached(path2);
  } catch (e) {
    if (e instanceof ElfError)
      return [];
    throw e;
  }
  const sites = [];
  for (const note of elf.usdtNotes()) {
    const offset = elf.vaddrToOffset(note.pc);
    if (offset === void 0)
      continue;
    const semaphoreOffset = note.semaphore === 0 ? 0 : elf.vaddrToOffset(note.semaphore) ?? 0;
    sites.push({ path: path2, provider: note.provider, name: note.name, offset, semaphoreOffset, note });
  }
  return sites;
}
function usdtFiles(binary, pid, commandExe) {
  if (commandExe !== void 0 && (binary === "" || hasWildcard(binary))) {
    return binary === "" || globToRegExp(binary).test(commandExe) ? [commandExe] : [];
  }
  if (commandExe !== void 0)
    pid = void 0;
  if (binary === "" || hasWildcard(binary) && pid !== void 0) {
    if (pid === void 0)
      return "usdt probe must specify at least path or pid to probe. To target all paths/pids set the path to '*'.";
    const files = mappedFiles([pid]).map((f) => `/proc/${pid}/root${f}`);
    if (binary === "" || binary === "*")
      return files;
    const re = globToRegExp(binary.startsWith("/") ? `*${binary}` : binary);
    return files.filter((f) => re.test(f));
  }
  if (binary === "*")
    return mappedFiles(allPids());
  if (hasWildcard(binary))
    return expandPathGlob(binary).filter(isProbeableElf);
  const path2 = resolveBinary(binary, pid);
  if (!path2 || !isProbeableElf(path2))
    return `usdt target file '${binary}' does not exist or is not executable`;
  return [path2];
}
function findUsdtSites(files, ns, name) {
  const nsRe = globToRegExp(ns === void 0 || ns === "" ? "*" : ns);
  const nameRe = globToRegExp(name);
  const sites = [];
  for (const f of files)
    for (const s of usdtSitesOf(f))
      if (nsRe.test(s.provider) && nameRe.test(s.name))
        sites.push(s);
  return sites.sort((a, b) => cmp2(usdtProbeName(a), usdtProbeName(b)));
}
var cmp2 = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function isProbeableElf(path2) {
  try {
    if (!statSync2(path2).isFile())
      return false;
    const elf = openElfCached(path2);
    if (elf.type === ET_DYN)
      return true;
    if (elf.type !== ET_EXEC)
      return false;
    accessSync2(path2, constants2.X_OK);
    return true;
  } catch {
    return false;
  }
}
function mappedFiles(pids) {
  const files = /* @__PURE__ */ new Set();
  for (const pid of pids) {
    for (const m of readMaps(pid) ?? [])
      if (m.perms.includes("x") && m.path.startsWith("/"))
        files.add(m.path);
  }
  return [...files].filter(isProbeableElf);
}
function allPids() {
  return readdirSync4("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
}
var parsedArgs = /* @__PURE__ */ new Map();
function argsOf(spec) {
  let a = parsedArgs.get(spec);
  if (a === void 0) {
    try {
      a = parseUsdtArgs(spec);
    } catch (e) {
      if (!(e instanceof UsdtArgError))
        throw e;
      a = e;
    }
    parsedArgs.set(spec, a);
  }
  return a;
}
function argLoad(target, n) {
  const d = target.detail;
  const where = `${d.path}:${d.provider}:${d.name}`;
  const args = argsOf(String(d.args));
  if (args instanceof UsdtArgError)
    return `${args.message} of ${where}`;
  const arg = args[n];
  if (arg === void 0)
    return `couldn't get argument ${n} for ${where}`;
  let resolved = arg;
  if (arg.operand.kind === "mem" && arg.operand.symbol !== void 0) {
    const sym = openElfCached(String(d.path)).findSymbol(arg.operand.symbol);
    if (!sym)
      return `couldn't resolve symbol '${arg.operand.symbol}' of argument ${n} (${arg.text}) for ${where}`;
    resolved = { ...arg, operand: { ...arg.operand, base: "ip", disp: sym.addr + arg.operand.disp - Number(d.pc) } };
  }
  return { type: s64, emit: (g) => emitUsdtArg(g, resolved) };
}
var usdt = {
  name: "usdt",
  aliases: ["U"],
  doc: "statically defined user probes: usdt:/path/or/lib:[namespace:]name (wildcards allowed), with arg0..argN",
  progType: BPF_PROG_TYPE_KPROBE,
  userMemory: true,
  // With -p/-c each site is attached for that process only (perf_event_open's pid), so only its
  // semaphores are counted up.
  pidScope: "attach",
  resolve(rest, ap, _kernel, diags, ctx) {
    const parts = rest === void 0 ? [] : rest.split(":");
    if (ctx?.pid !== void 0 && parts.length === 1)
      parts.unshift("");
    if (parts.length !== 2 && parts.length !== 3) {
      diags.error(ap.span, "usdt probe type requires 2 or 3 arguments");
      return [];
    }
    const binary = parts[0];
    const ns = parts.length === 3 ? parts[1] : void 0;
    const name = parts[parts.length - 1];
    if (name === "") {
      diags.error(ap.span, "usdt probe must have a target function or wildcard");
      return [];
    }
    const files = usdtFiles(binary, ctx?.pid, ctx?.target?.origin === "command" ? ctx.target.exe : void 0);
    if (typeof files === "string") {
      diags.error(ap.span, files);
      return [];
    }
    const sites = findUsdtSites(files, ns, name);
    if (sites.length === 0) {
      diags.error(ap.span, `No probes matched: usdt:${rest}`);
      return [];
    }
    const namespaces = new Set(sites.map((s) => `${s.path}:${s.provider}`));
    if (ns === void 0 && !hasWildcard(name) && namespaces.size > 1) {
      diags.error(ap.span, `namespace for usdt:${rest} not specified, matched ${namespaces.size} probes`, [
        "please specify a unique namespace or use '*' to attach to all matched probes"
      ]);
      return [];
    }
    const counted = /* @__PURE__ */ new Set();
    return sites.map((s) => {
      const probeName = usdtProbeName(s);
      const first = !counted.has(probeName);
      counted.add(probeName);
      return {
        provider: this,
        name: probeName,
        ...first ? {} : { additionalSite: true },
        detail: {
          path: s.path,
          provider: s.provider,
          name: s.name,
          offset: s.offset,
          semaphoreOffset: s.semaphoreOffset,
          pc: s.note.pc,
          args: s.note.args,
          ...ctx?.pid !== void 0 ? { pid: ctx.pid } : {}
        }
      };
    });
  },
  // usdt:PATH:* lists the probes of that file (or files, with wildcards), one line per probe;
  // with -p, usdt:* lists those of every file the process maps.
  list(_kernel, target, pid) {
    const binary = target?.split(":")[0] ?? "";
    if (pid === void 0 && (binary === "" || binary === "*"))
      return [];
    const files = usdtFiles(binary, pid);
    if (typeof files === "string")
      return [];
    return [...new Set(findUsdtSites(files, void 0, "*").map(usdtProbeName))].map((name) => ({ name }));
  },
  listsOneFile: true,
  argLoad,
  regOffset: ptRegsOffset,
  attach(progFd, target) {
    const d = target.detail;
    return attachUprobe(progFd, {
      path: String(d.path),
      offset: Number(d.offset),
      ret: false,
      refCtrOffset: Number(d.semaphoreOffset),
      pid: d.pid === void 0 ? void 0 : Number(d.pid)
    });
  }
};

// dist/providers/watchpoint.js
import { readdirSync as readdirSync5 } from "node:fs";
var HW_BREAKPOINT_R = 1;
var HW_BREAKPOINT_W = 2;
var HW_BREAKPOINT_X = 4;
var INVALID_MODES = ["r", "rx", "wx", "rwx"];
function parseUint(text) {
  return /^(0x[0-9a-f]+|\d+)$/i.test(text) ? BigInt(text) : void 0;
}
var watchpoint = {
  name: "watchpoint",
  aliases: ["w"],
  doc: "memory watchpoints: watchpoint:ADDR:LEN:MODE (LEN 1, 2, 4 or 8; MODE r, w, x, rw), in the -p/-c process",
  progType: BPF_PROG_TYPE_PERF_EVENT,
  pidScope: "attach",
  resolve(rest, ap, _kernel, diags, ctx) {
    const parts = rest === void 0 ? [] : rest.split(":");
    if (parts.length !== 3) {
      diags.error(ap.span, "watchpoint probe type requires 3 arguments");
      return [];
    }
    const [addrText, lenText, modeText] = parts;
    const addr = parseUint(addrText);
    if (addr === void 0) {
      diags.error(ap.span, `Invalid function/address argument: invalid integer: ${addrText}`);
      return [];
    }
    const len = parseUint(lenText);
    if (len === void 0) {
      diags.error(ap.span, `Invalid length argument: invalid integer: ${lenText}`);
      return [];
    }
    const errors = [];
    if (addr === 0n)
      errors.push("watchpoint must be attached to a non-zero address");
    if (![1n, 2n, 4n, 8n].includes(len))
      errors.push("watchpoint length must be one of (1,2,4,8)");
    const mode = [...modeText].sort().join("");
    if (mode === "" || [...mode].some((c) => !"rwx".includes(c)))
      errors.push("watchpoint mode must be combination of (r,w,x)");
    if ([...mode].some((c, i) => i > 0 && mode[i - 1] === c))
      errors.push("watchpoint modes may not be duplicated");
    if (INVALID_MODES.includes(mode))
      errors.push(`invalid watchpoint mode: ${mode}`);
    if (errors.length > 0) {
      for (const e of errors)
        diags.error(ap.span, e);
      return [];
    }
    const where = ctx?.target ? `${ctx.target.exe}:` : "";
    return [{ provider: this, name: `watchpoint:${where}${addr}:${len}:${mode}`, detail: { addr: `0x${addr.toString(16)}`, len: Number(len), mode } }];
  },
  attach(progFd, target) {
    const mode = String(target.detail.mode);
    const bpType = (mode.includes("r") ? HW_BREAKPOINT_R : 0) | (mode.includes("w") ? HW_BREAKPOINT_W : 0) | (mode.includes("x") ? HW_BREAKPOINT_X : 0);
    const bpLen = BigInt(bpType & HW_BREAKPOINT_X ? 8 : Number(target.detail.len));
    const attr = { type: PERF_TYPE_BREAKPOINT, config: 0, bpType, bpAddr: BigInt(target.detail.addr), bpLen, samplePeriod: 1, inherit: true };
    const pid = target.process?.pid;
    if (pid === void 0)
      return attachPerCpu(progFd, { ...attr, inherit: false }, onlineCpus());
    return attachThreads(progFd, attr, pid);
  }
};
function attachThreads(progFd, attr, pid) {
  let tids;
  try {
    tids = readdirSync5(`/proc/${pid}/task`).map(Number);
  } catch {
    tids = [pid];
  }
  const fds = [];
  let firstError;
  for (const tid of tids) {
    try {
      fds.push(openPerfEventWithProgram(progFd, attr, tid, -1));
    } catch (e) {
      if (!(e instanceof KernelError)) {
        for (const fd of fds)
          closeFd(fd);
        throw e;
      }
      firstError ??= e;
    }
  }
  if (fds.length === 0)
    throw firstError;
  return { fds };
}

// dist/providers/index.js
var PROVIDERS = [begin, end, tracepoint, rawtracepoint, interval, profile, uprobe, uretprobe, usdt, kprobe, kretprobe, software, hardware, fentry, fexit, tpBtf, iter, watchpoint];
var exact = /* @__PURE__ */ new Map();
var folded = /* @__PURE__ */ new Map();
for (const p of PROVIDERS) {
  for (const n of [p.name, ...p.aliases]) {
    exact.set(n, p);
    if (!folded.has(n.toLowerCase()))
      folded.set(n.toLowerCase(), p);
  }
}
function findProvider(name) {
  return exact.get(name) ?? folded.get(name.toLowerCase());
}

export {
  R0,
  R1,
  R2,
  R3,
  R4,
  FP,
  BPF_JMP,
  BPF_JA,
  BPF_EXIT,
  Label,
  insnWidth,
  Asm,
  HELPERS,
  disassemble,
  assemble,
  patchMapFds,
  u64,
  s64,
  u32,
  boolT,
  noneT,
  intType,
  strType,
  isScalar,
  isIntegral,
  isSigned,
  storageSize,
  slotSize,
  tupleOffsets,
  aggValueSize,
  isHistogram,
  MAX_HISTOGRAM_SLOTS,
  histogramSlots,
  sameType,
  typeName,
  stackPointer,
  CTX_REG,
  RegisterExhausted,
  RegPool,
  BTF_KIND,
  kernelBtf,
  btfToType,
  byteSize,
  findNamedType,
  kernelPointerType,
  taskStructPointer,
  fieldLayout,
  memorySize,
  sizeofTypeName,
  offsetofPath,
  ElfError,
  openElfCached,
  funcParams,
  hasWildcard,
  globToRegExp,
  checkIteratorAlone,
  tracepointFormat,
  listTracepoints,
  readMaps,
  resolveBinary,
  PROVIDERS,
  findProvider
};

// dist/runtime/errors.js
import { getSystemErrorMap } from "node:util";
var KernelError = class extends Error {
  name = "KernelError";
  /** The operation: a bpf command name ("BPF_MAP_CREATE"), a syscall or ioctl name. */
  op;
  /** The positive errno value; 0 when the failure carried none. */
  errno;
  /** The errno's symbolic name ("EPERM"), or another short code when there was no errno. */
  code;
  detail;
  hint;
  constructor(op, errno, code, opts = {}) {
    const { detail, hint } = opts;
    super(`${op}: ${errnoText(errno, code)}${detail ? ` (${detail})` : ""}${hint ? `: ${hint}` : ""}`, opts.cause === void 0 ? void 0 : { cause: opts.cause });
    this.op = op;
    this.errno = errno;
    this.code = code;
    if (detail !== void 0)
      this.detail = detail;
    if (hint !== void 0)
      this.hint = hint;
  }
};
var VerifierError = class extends KernelError {
  name = "VerifierError";
  log;
  constructor(errno, code, log, opts = {}) {
    super("BPF_PROG_LOAD", errno, code, opts);
    this.log = log;
  }
  /** The last `n` non-empty lines of the log: where the verifier stopped, and why. */
  tail(n = 10) {
    return this.log.split("\n").filter((l) => l.trim() !== "").slice(-n);
  }
};
function isErrnoException(e) {
  return e instanceof Error && typeof e.errno === "number" && typeof e.code === "string";
}
function toKernelError(e, op, opts = {}) {
  if (e instanceof KernelError || !isErrnoException(e))
    return e;
  const name = op ?? e.syscall ?? "syscall";
  return new KernelError(name, Math.abs(e.errno), e.code, { ...opts, cause: e });
}
var STRERROR = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  ESRCH: "No such process",
  EINTR: "Interrupted system call",
  EIO: "Input/output error",
  E2BIG: "Argument list too long",
  EBADF: "Bad file descriptor",
  EAGAIN: "Resource temporarily unavailable",
  ENOMEM: "Cannot allocate memory",
  EACCES: "Permission denied",
  EFAULT: "Bad address",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  ENODEV: "No such device",
  ENOTDIR: "Not a directory",
  EINVAL: "Invalid argument",
  EMFILE: "Too many open files",
  ENOSPC: "No space left on device",
  ERANGE: "Numerical result out of range",
  ENOSYS: "Function not implemented",
  ELOOP: "Too many levels of symbolic links",
  EOPNOTSUPP: "Operation not supported",
  ENOTSUPP: "Operation not supported",
  EBADMSG: "Bad message",
  EOVERFLOW: "Value too large for defined data type"
};
function errnoText(errno, code) {
  const known = STRERROR[code];
  if (known)
    return known;
  const uv = errno > 0 ? getSystemErrorMap().get(-errno) : void 0;
  if (uv)
    return uv[1].charAt(0).toUpperCase() + uv[1].slice(1);
  return code ? errno ? `${code} (errno ${errno})` : code : `errno ${errno}`;
}

// dist/runtime/bpf.js
import { readFileSync } from "node:fs";

// dist/runtime/native.js
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
var addon;
function packageRoot() {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (; ; ) {
    if (existsSync(join(dir, "package.json")))
      return dir;
    const up = dirname(dir);
    if (up === dir)
      throw new Error(`ebt: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}
function addonPath() {
  return join(packageRoot(), "build", "Release", "ebt_native.node");
}
function native() {
  if (addon)
    return addon;
  const path = addonPath();
  if (!existsSync(path)) {
    throw new Error(`ebt: the native addon is not built (${path} is missing); run \`npm install\` (it needs g++, make and python3 for node-gyp)`);
  }
  addon = createRequire(import.meta.url)(path);
  return addon;
}

// dist/runtime/bpf.js
var BPF_MAP_TYPE_HASH = 1;
var BPF_MAP_TYPE_ARRAY = 2;
var BPF_MAP_TYPE_PERCPU_HASH = 5;
var BPF_MAP_TYPE_STACK_TRACE = 7;
var BPF_MAP_TYPE_LRU_HASH = 9;
var BPF_MAP_TYPE_LRU_PERCPU_HASH = 10;
var BPF_MAP_TYPE_RINGBUF = 27;
var BPF_MAP_TYPE_ARRAY_OF_MAPS = 12;
var BPF_PROG_TYPE_KPROBE = 2;
var BPF_PROG_TYPE_TRACEPOINT = 5;
var BPF_PROG_TYPE_PERF_EVENT = 7;
var BPF_PROG_TYPE_RAW_TRACEPOINT = 17;
var BPF_PROG_TYPE_TRACING = 26;
var BPF_PROG_TYPE_LSM = 29;
var BPF_TRACE_RAW_TP = 23;
var BPF_TRACE_FENTRY = 24;
var BPF_TRACE_FEXIT = 25;
var BPF_TRACE_ITER = 28;
var BPF_PERF_EVENT = 41;
var BPF_ANY = 0;
var BPF_NOEXIST = 1;
var BPF_F_NO_PREALLOC = 1 << 0;
var BPF_F_NUMA_NODE = 1 << 2;
var BPF_F_RDONLY_PROG = 1 << 7;
var BPF_F_WRONLY_PROG = 1 << 8;
var BPF_F_MMAPABLE = 1 << 10;
var BPF_F_SLEEPABLE = 1 << 4;
var BPF_F_TEST_RUN_ON_CPU = 1 << 0;
var BPF_STATS_RUN_TIME = 0;
var BPF_OBJ_NAME_LEN = 16;
var BPF_TAG_SIZE = 8;
var BPF_MAP_CREATE = 0;
var BPF_MAP_LOOKUP_ELEM = 1;
var BPF_MAP_UPDATE_ELEM = 2;
var BPF_MAP_DELETE_ELEM = 3;
var BPF_MAP_GET_NEXT_KEY = 4;
var BPF_PROG_LOAD = 5;
var BPF_PROG_TEST_RUN = 10;
var BPF_PROG_GET_NEXT_ID = 11;
var BPF_MAP_GET_NEXT_ID = 12;
var BPF_PROG_GET_FD_BY_ID = 13;
var BPF_MAP_GET_FD_BY_ID = 14;
var BPF_OBJ_GET_INFO_BY_FD = 15;
var BPF_RAW_TRACEPOINT_OPEN = 17;
var BPF_BTF_LOAD = 18;
var BPF_LINK_CREATE = 28;
var BPF_LINK_GET_FD_BY_ID = 30;
var BPF_LINK_GET_NEXT_ID = 31;
var BPF_ENABLE_STATS = 32;
var BPF_ITER_CREATE = 33;
var BPF_MAP_LOOKUP_AND_DELETE_ELEM = 21;
var PERF_TYPE_HARDWARE = 0;
var PERF_TYPE_SOFTWARE = 1;
var PERF_TYPE_TRACEPOINT = 2;
var PERF_TYPE_HW_CACHE = 3;
var PERF_TYPE_RAW = 4;
var PERF_TYPE_BREAKPOINT = 5;
var PERF_COUNT_SW_CPU_CLOCK = 0;
var PERF_SAMPLE_RAW = 1 << 10;
var PERF_FLAG_FD_CLOEXEC = 1 << 3;
var PERF_EVENT_IOC_ENABLE = 9216;
var PERF_EVENT_IOC_SET_BPF = 1074013192;
var PERF_ATTR_SIZE_VER7 = 128;
var LAYOUT = {
  "bpf_attr.map_create": { map_type: 0, key_size: 4, value_size: 8, max_entries: 12, map_flags: 16, inner_map_fd: 20, numa_node: 24, map_name: 28, map_extra: 64 },
  "bpf_attr.map_elem": { map_fd: 0, key: 8, value: 16, next_key: 16, flags: 24 },
  "bpf_attr.prog_load": {
    prog_type: 0,
    insn_cnt: 4,
    insns: 8,
    license: 16,
    log_level: 24,
    log_size: 28,
    log_buf: 32,
    kern_version: 40,
    prog_flags: 44,
    prog_name: 48,
    expected_attach_type: 68,
    prog_btf_fd: 72,
    func_info_rec_size: 76,
    func_info: 80,
    func_info_cnt: 88,
    attach_btf_id: 108,
    attach_prog_fd: 112,
    log_true_size: 140
    // since 6.4: the log size the verifier wanted
  },
  "bpf_attr.btf_load": { btf: 0, btf_log_buf: 8, btf_size: 16, btf_log_size: 20, btf_log_level: 24 },
  "bpf_attr.test": { prog_fd: 0, retval: 4, repeat: 32, duration: 36, ctx_size_in: 40, ctx_in: 48, flags: 64, cpu: 68 },
  "bpf_attr.get_id": { start_id: 0, next_id: 4, prog_id: 0, open_flags: 8 },
  "bpf_attr.info": { bpf_fd: 0, info_len: 4, info: 8 },
  "bpf_attr.raw_tracepoint": { name: 0, prog_fd: 8 },
  "bpf_attr.link_create": { prog_fd: 0, target_fd: 4, attach_type: 8, flags: 12, target_btf_id: 16, perf_event_bpf_cookie: 16, tracing_cookie: 24 },
  "bpf_attr.enable_stats": { type: 0 },
  "bpf_attr.iter_create": { link_fd: 0, flags: 4 },
  bpf_prog_info: {
    type: 0,
    id: 4,
    tag: 8,
    jited_prog_len: 16,
    xlated_prog_len: 20,
    load_time: 40,
    created_by_uid: 48,
    nr_map_ids: 52,
    map_ids: 56,
    name: 64,
    btf_id: 128,
    run_time_ns: 192,
    run_cnt: 200,
    recursion_misses: 208,
    verified_insns: 216
  },
  bpf_map_info: { type: 0, id: 4, key_size: 8, value_size: 12, max_entries: 16, map_flags: 20, name: 24 },
  bpf_link_info: { type: 0, id: 4, prog_id: 8 },
  perf_event_attr: {
    type: 0,
    size: 4,
    config: 8,
    sample_period: 16,
    sample_type: 24,
    read_format: 32,
    flags: 40,
    wakeup_events: 48,
    bp_type: 52,
    config1: 56,
    config2: 64
  },
  /** Bit numbers in perf_event_attr's flag word. */
  "perf_event_attr.flags": { disabled: 0, inherit: 1, exclude_user: 4, exclude_kernel: 5, exclude_hv: 6, freq: 10, watermark: 14 }
};
var SIZES = { bpf_attr: 160, bpf_prog_info: 232, bpf_map_info: 88, bpf_link_info: 48, perf_event_attr: PERF_ATTR_SIZE_VER7 };
var CMD_NAMES = {
  [BPF_MAP_CREATE]: "BPF_MAP_CREATE",
  [BPF_MAP_LOOKUP_ELEM]: "BPF_MAP_LOOKUP_ELEM",
  [BPF_MAP_UPDATE_ELEM]: "BPF_MAP_UPDATE_ELEM",
  [BPF_MAP_DELETE_ELEM]: "BPF_MAP_DELETE_ELEM",
  [BPF_MAP_GET_NEXT_KEY]: "BPF_MAP_GET_NEXT_KEY",
  [BPF_PROG_LOAD]: "BPF_PROG_LOAD",
  [BPF_PROG_TEST_RUN]: "BPF_PROG_TEST_RUN",
  [BPF_PROG_GET_NEXT_ID]: "BPF_PROG_GET_NEXT_ID",
  [BPF_MAP_GET_NEXT_ID]: "BPF_MAP_GET_NEXT_ID",
  [BPF_PROG_GET_FD_BY_ID]: "BPF_PROG_GET_FD_BY_ID",
  [BPF_MAP_GET_FD_BY_ID]: "BPF_MAP_GET_FD_BY_ID",
  [BPF_OBJ_GET_INFO_BY_FD]: "BPF_OBJ_GET_INFO_BY_FD",
  [BPF_RAW_TRACEPOINT_OPEN]: "BPF_RAW_TRACEPOINT_OPEN",
  [BPF_BTF_LOAD]: "BPF_BTF_LOAD",
  [BPF_LINK_CREATE]: "BPF_LINK_CREATE",
  [BPF_LINK_GET_FD_BY_ID]: "BPF_LINK_GET_FD_BY_ID",
  [BPF_LINK_GET_NEXT_ID]: "BPF_LINK_GET_NEXT_ID",
  [BPF_ENABLE_STATS]: "BPF_ENABLE_STATS",
  [BPF_ITER_CREATE]: "BPF_ITER_CREATE"
};
var cmdName = (cmd) => CMD_NAMES[cmd] ?? `bpf(${cmd})`;
function attr() {
  return Buffer.alloc(SIZES.bpf_attr);
}
function ptr(buf) {
  return buf && buf.length > 0 ? native().addressOf(buf) : 0n;
}
function cString(buf) {
  const end = buf.indexOf(0);
  return buf.toString("utf8", 0, end < 0 ? buf.length : end);
}
function objectNameFor(name) {
  return name.replace(/[^A-Za-z0-9_.]/g, "_").slice(0, BPF_OBJ_NAME_LEN - 1);
}
function kernelError(op, e, ctx = {}) {
  const hint = ctx.hint?.(e.code) ?? genericHint(e.code);
  return new KernelError(op, e.errno, e.code, { detail: ctx.detail, hint, cause: e });
}
function genericHint(code) {
  if (code === "EPERM" || code === "EACCES") {
    return process.getuid?.() === 0 ? void 0 : "ebt must run as root (it needs CAP_BPF and CAP_PERFMON)";
  }
  return void 0;
}
function sys(cmd, a, keep, ctx) {
  try {
    return native().bpf(cmd, a, ...keep);
  } catch (e) {
    throw isErrnoException(e) ? kernelError(cmdName(cmd), e, ctx) : e;
  }
}
function sysSoft(cmd, a, keep, soft, ctx) {
  try {
    return native().bpf(cmd, a, ...keep);
  } catch (e) {
    if (isErrnoException(e) && soft.includes(e.code))
      return void 0;
    throw isErrnoException(e) ? kernelError(cmdName(cmd), e, ctx) : e;
  }
}
function createMap(spec) {
  const L = LAYOUT["bpf_attr.map_create"];
  const a = attr();
  a.writeUInt32LE(spec.type, L.map_type);
  a.writeUInt32LE(spec.keySize, L.key_size);
  a.writeUInt32LE(spec.valueSize, L.value_size);
  a.writeUInt32LE(spec.maxEntries, L.max_entries);
  a.writeUInt32LE(spec.flags ?? 0, L.map_flags);
  a.writeUInt32LE(spec.innerMapFd ?? 0, L.inner_map_fd);
  if (spec.name)
    a.write(objectNameFor(spec.name), L.map_name, "latin1");
  return sys(BPF_MAP_CREATE, a, [], {
    detail: spec.name ? `map ${spec.name}` : void 0,
    hint: (code) => code === "EINVAL" ? mapSpecHint(spec) : code === "ENOMEM" || code === "E2BIG" ? `the map is too large (${spec.maxEntries} entries of ${spec.keySize}+${spec.valueSize} bytes)` : void 0
  });
}
function mapSpecHint(spec) {
  if (spec.type === BPF_MAP_TYPE_RINGBUF)
    return "a ring buffer's size must be a power of 2 and a multiple of the page size, with key and value sizes 0";
  return `the kernel rejected type ${spec.type}, key size ${spec.keySize}, value size ${spec.valueSize}, ${spec.maxEntries} entries, flags ${spec.flags ?? 0}`;
}
function elemAttr(fd, key, value, flags = 0) {
  const L = LAYOUT["bpf_attr.map_elem"];
  const a = attr();
  a.writeUInt32LE(fd, L.map_fd);
  a.writeBigUInt64LE(ptr(key), L.key);
  a.writeBigUInt64LE(ptr(value), L.value);
  a.writeBigUInt64LE(BigInt(flags), L.flags);
  return a;
}
function mapLookup(fd, key, valueSize) {
  const value = Buffer.alloc(valueSize);
  return sysSoft(BPF_MAP_LOOKUP_ELEM, elemAttr(fd, key, value), [key, value], ["ENOENT"]) === void 0 ? void 0 : value;
}
function mapLookupAndDelete(fd, key, valueSize) {
  const value = Buffer.alloc(valueSize);
  return sysSoft(BPF_MAP_LOOKUP_AND_DELETE_ELEM, elemAttr(fd, key, value), [key, value], ["ENOENT"]) === void 0 ? void 0 : value;
}
function mapUpdate(fd, key, value, flags = BPF_ANY) {
  sys(BPF_MAP_UPDATE_ELEM, elemAttr(fd, key, value, flags), [key, value], {
    hint: (code) => code === "E2BIG" ? "the map is full" : void 0
  });
}
function mapDelete(fd, key) {
  return sysSoft(BPF_MAP_DELETE_ELEM, elemAttr(fd, key, void 0), [key], ["ENOENT"]) !== void 0;
}
function mapNextKey(fd, key, keySize) {
  const next = Buffer.alloc(keySize);
  const a = elemAttr(fd, key, void 0);
  a.writeBigUInt64LE(ptr(next), LAYOUT["bpf_attr.map_elem"].next_key);
  return sysSoft(BPF_MAP_GET_NEXT_KEY, a, [key, next], ["ENOENT"]) === void 0 ? void 0 : next;
}
function mapKeys(fd, keySize) {
  const keys = [];
  const seen = /* @__PURE__ */ new Set();
  for (let key = mapNextKey(fd, void 0, keySize); key; key = mapNextKey(fd, key, keySize)) {
    const hex = key.toString("hex");
    if (seen.has(hex))
      continue;
    seen.add(hex);
    keys.push(key);
  }
  return keys;
}
var LOG_FIRST = 256 << 10;
var LOG_MAX = 16 << 20;
var EAGAIN_RETRIES = 5;
function loadProgram(p) {
  return loadWithLog(p, (p.logLevel ?? 0) > 0).fd;
}
function loadWithLog(p, logFromStart) {
  if (p.insns.length === 0 || p.insns.length % 8 !== 0) {
    throw new RangeError(`loadProgram: insns must be a non-empty multiple of 8 bytes (got ${p.insns.length})`);
  }
  if (!p.funcs)
    return loadWithLogAndBtf(p, logFromStart, -1);
  const btfFd = loadBtf(p.funcs.btf);
  try {
    return loadWithLogAndBtf(p, logFromStart, btfFd);
  } finally {
    closeFd(btfFd);
  }
}
function loadBtf(btf) {
  const L = LAYOUT["bpf_attr.btf_load"];
  const load = (log) => {
    const a = attr();
    a.writeBigUInt64LE(ptr(btf), L.btf);
    a.writeUInt32LE(btf.length, L.btf_size);
    if (log) {
      a.writeBigUInt64LE(ptr(log), L.btf_log_buf);
      a.writeUInt32LE(log.length, L.btf_log_size);
      a.writeUInt32LE(1, L.btf_log_level);
    }
    return native().bpf(BPF_BTF_LOAD, a, btf, log);
  };
  try {
    return load();
  } catch (e) {
    if (!isErrnoException(e))
      throw e;
    const log = Buffer.alloc(64 << 10);
    try {
      load(log);
    } catch {
    }
    throw new KernelError("BPF_BTF_LOAD", e.errno, e.code, { detail: cString(log).trim() || void 0, cause: e });
  }
}
function loadWithLogAndBtf(p, logFromStart, btfFd) {
  const license = Buffer.from(p.license + "\0", "latin1");
  const withoutLog = () => progLoad(progAttr(p, license, void 0, 0, btfFd), p.insns, license, p.funcs?.funcInfo);
  let verdict = logFromStart ? void 0 : withoutLog();
  if (typeof verdict === "number")
    return { fd: verdict, log: "" };
  const level = p.logLevel || 1;
  for (let size = LOG_FIRST; ; ) {
    const log = Buffer.alloc(size);
    const a = progAttr(p, license, log, level, btfFd);
    const r = progLoad(a, p.insns, license, log, p.funcs?.funcInfo);
    if (typeof r === "number")
      return { fd: r, log: cString(log) };
    if (r.code === "ENOSPC" && size < LOG_MAX) {
      const wanted = a.readUInt32LE(LAYOUT["bpf_attr.prog_load"].log_true_size);
      size = Math.min(LOG_MAX, wanted > size ? wanted + 1 : size * 4);
      continue;
    }
    if (r.code === "ENOSPC" && verdict === void 0) {
      verdict = withoutLog();
      if (typeof verdict === "number")
        return { fd: verdict, log: cString(log) };
    }
    const e = verdict ?? r;
    throw new VerifierError(e.errno, e.code, cString(log), {
      detail: p.name ? `program ${p.name}` : void 0,
      hint: progLoadHint(p, e.code),
      cause: e
    });
  }
}
function progLoad(a, ...keep) {
  for (let attempt = 1; ; attempt++) {
    try {
      return native().bpf(BPF_PROG_LOAD, a, ...keep);
    } catch (e) {
      if (!isErrnoException(e))
        throw e;
      if (e.code === "EAGAIN" && attempt < EAGAIN_RETRIES)
        continue;
      return e;
    }
  }
}
function progAttr(p, license, log, level, btfFd = -1) {
  const L = LAYOUT["bpf_attr.prog_load"];
  const a = attr();
  a.writeUInt32LE(p.type, L.prog_type);
  a.writeUInt32LE(p.insns.length / 8, L.insn_cnt);
  a.writeBigUInt64LE(ptr(p.insns), L.insns);
  a.writeBigUInt64LE(ptr(license), L.license);
  if (log) {
    a.writeUInt32LE(level, L.log_level);
    a.writeUInt32LE(log.length, L.log_size);
    a.writeBigUInt64LE(ptr(log), L.log_buf);
  }
  a.writeUInt32LE(p.flags ?? 0, L.prog_flags);
  if (p.name)
    a.write(objectNameFor(p.name), L.prog_name, "latin1");
  a.writeUInt32LE(p.expectedAttachType ?? 0, L.expected_attach_type);
  a.writeUInt32LE(p.attachBtfId ?? 0, L.attach_btf_id);
  if (p.funcs && btfFd >= 0) {
    a.writeUInt32LE(btfFd, L.prog_btf_fd);
    a.writeUInt32LE(p.funcs.funcInfoRecSize, L.func_info_rec_size);
    a.writeBigUInt64LE(ptr(p.funcs.funcInfo), L.func_info);
    a.writeUInt32LE(p.funcs.funcInfo.length / p.funcs.funcInfoRecSize, L.func_info_cnt);
  }
  return a;
}
function progLoadHint(p, code) {
  const tracing = p.type === BPF_PROG_TYPE_TRACING || p.type === BPF_PROG_TYPE_LSM;
  if ((code === "EPERM" || code === "EACCES") && tracing && process.getuid?.() === 0) {
    return "this kernel refuses this kind of program even for root (fentry/fexit and LSM programs need BTF and a kernel that allows them)";
  }
  if (code === "EINVAL" && tracing && !p.attachBtfId)
    return "fentry/fexit/tp_btf programs need a BTF id to attach to";
  if (code === "E2BIG")
    return "the program is too large";
  return genericHint(code);
}
function testRun(progFd, ctxIn, opts = {}) {
  const L = LAYOUT["bpf_attr.test"];
  const run = (ctx) => {
    const a = attr();
    a.writeUInt32LE(progFd, L.prog_fd);
    if (ctx && ctx.length > 0) {
      a.writeUInt32LE(ctx.length, L.ctx_size_in);
      a.writeBigUInt64LE(ptr(ctx), L.ctx_in);
    }
    if (opts.cpu !== void 0) {
      a.writeUInt32LE(BPF_F_TEST_RUN_ON_CPU, L.flags);
      a.writeUInt32LE(opts.cpu, L.cpu);
    }
    native().bpf(BPF_PROG_TEST_RUN, a, ctx);
    return { retval: a.readUInt32LE(L.retval), duration: a.readUInt32LE(L.duration) };
  };
  let failure;
  try {
    return run(ctxIn);
  } catch (e) {
    failure = e;
  }
  if (ctxIn === void 0 && isErrnoException(failure) && failure.code === "EINVAL") {
    try {
      return run(Buffer.alloc(8 * RAW_TP_MAX_ARGS));
    } catch {
    }
  }
  throw isErrnoException(failure) ? kernelError("BPF_PROG_TEST_RUN", failure, {
    hint: (code) => code === "ENOTSUPP" || code === "EOPNOTSUPP" ? "this program type cannot be test-run" : void 0
  }) : failure;
}
var RAW_TP_MAX_ARGS = 12;
function enableStats() {
  const a = attr();
  a.writeUInt32LE(BPF_STATS_RUN_TIME, LAYOUT["bpf_attr.enable_stats"].type);
  return sys(BPF_ENABLE_STATS, a, []);
}
function rawTracepointOpen(name, progFd) {
  const L = LAYOUT["bpf_attr.raw_tracepoint"];
  const tp = Buffer.from(name + "\0", "latin1");
  const a = attr();
  a.writeBigUInt64LE(ptr(tp), L.name);
  a.writeUInt32LE(progFd, L.prog_fd);
  return sys(BPF_RAW_TRACEPOINT_OPEN, a, [tp], {
    detail: `raw tracepoint ${name}`,
    hint: (code) => code === "ENOENT" ? "no such raw tracepoint" : void 0
  });
}
function iterCreate(linkFd) {
  const a = attr();
  a.writeUInt32LE(linkFd, LAYOUT["bpf_attr.iter_create"].link_fd);
  return sys(BPF_ITER_CREATE, a, []);
}
function linkCreate(progFd, targetFd, attachType, opts = {}) {
  const L = LAYOUT["bpf_attr.link_create"];
  const a = attr();
  a.writeUInt32LE(progFd, L.prog_fd);
  a.writeUInt32LE(targetFd, L.target_fd);
  a.writeUInt32LE(attachType, L.attach_type);
  a.writeUInt32LE(opts.flags ?? 0, L.flags);
  if (attachType === BPF_PERF_EVENT) {
    a.writeBigUInt64LE(opts.cookie ?? 0n, L.perf_event_bpf_cookie);
  } else {
    a.writeUInt32LE(opts.targetBtfId ?? 0, L.target_btf_id);
    a.writeBigUInt64LE(opts.cookie ?? 0n, L.tracing_cookie);
  }
  return sys(BPF_LINK_CREATE, a, [], { detail: `attach type ${attachType}` });
}
function packPerfEventAttr(p, strings = []) {
  const L = LAYOUT.perf_event_attr;
  const F = LAYOUT["perf_event_attr.flags"];
  const a = Buffer.alloc(SIZES.perf_event_attr);
  a.writeUInt32LE(p.type, L.type);
  a.writeUInt32LE(SIZES.perf_event_attr, L.size);
  a.writeBigUInt64LE(BigInt(p.config), L.config);
  const freq = p.freq ?? p.sampleFreq !== void 0;
  a.writeBigUInt64LE(BigInt(freq ? p.sampleFreq ?? 0 : p.samplePeriod ?? 1), L.sample_period);
  a.writeBigUInt64LE(BigInt(p.sampleType ?? 0), L.sample_type);
  let bits = 0n;
  const set = (on, bit) => {
    if (on)
      bits |= 1n << BigInt(bit);
  };
  set(p.disabled, F.disabled);
  set(p.inherit, F.inherit);
  set(p.excludeUser, F.exclude_user);
  set(p.excludeKernel, F.exclude_kernel);
  set(p.excludeHv, F.exclude_hv);
  set(freq, F.freq);
  set(p.watermark, F.watermark);
  a.writeBigUInt64LE(bits, L.flags);
  a.writeUInt32LE(p.wakeupEvents ?? 0, L.wakeup_events);
  a.writeUInt32LE(p.bpType ?? 0, L.bp_type);
  const name = p.uprobePath ?? p.kprobeFunc;
  if (name !== void 0)
    strings.push(Buffer.from(name + "\0", "utf8"));
  a.writeBigUInt64LE(name !== void 0 ? ptr(strings.at(-1)) : p.config1 ?? p.bpAddr ?? 0n, L.config1);
  a.writeBigUInt64LE(p.config2 ?? p.bpLen ?? 0n, L.config2);
  return a;
}
function perfEventOpen(attr2, pid, cpu, groupFd = -1, flags = 0) {
  const strings = [];
  const packed = packPerfEventAttr(attr2, strings);
  try {
    return native().perfEventOpen(packed, pid, cpu, groupFd, flags | PERF_FLAG_FD_CLOEXEC, ...strings);
  } catch (e) {
    if (!isErrnoException(e))
      throw e;
    throw kernelError("perf_event_open", e, {
      detail: `type ${attr2.type} config ${attr2.config}${attr2.uprobePath ? ` ${attr2.uprobePath}:0x${(attr2.config2 ?? 0n).toString(16)}` : ""}${attr2.kprobeFunc ? ` ${attr2.kprobeFunc}` : ""}${cpu >= 0 ? ` cpu ${cpu}` : ""}`,
      hint: (code) => perfOpenHint(attr2, code)
    });
  }
}
function perfOpenHint(attr2, code) {
  if (code === "ENOENT" || code === "ENODEV" || code === "EOPNOTSUPP") {
    if (attr2.type === PERF_TYPE_HARDWARE || attr2.type === PERF_TYPE_HW_CACHE || attr2.type === PERF_TYPE_RAW) {
      return "this machine has no hardware performance counters (virtual machines often have none)";
    }
    if (attr2.type === PERF_TYPE_TRACEPOINT)
      return "no such tracepoint";
    if (attr2.type === PERF_TYPE_BREAKPOINT)
      return "this machine does not support hardware breakpoints";
  }
  if (code === "EINVAL" && attr2.type === PERF_TYPE_BREAKPOINT)
    return "watchpoint address, length or type not accepted";
  if (code === "ENOSPC" && attr2.type === PERF_TYPE_BREAKPOINT)
    return "no free hardware breakpoint slot";
  return void 0;
}
function pmuType(pmu) {
  try {
    return Number(readFileSync(`/sys/bus/event_source/devices/${pmu}/type`, "utf8").trim());
  } catch {
    return void 0;
  }
}
function perfEventAttachBpf(perfFd, progFd) {
  ioctl(perfFd, PERF_EVENT_IOC_SET_BPF, progFd, "PERF_EVENT_IOC_SET_BPF", (code) => code === "EEXIST" ? "this program is already attached to this tracepoint" : code === "EINVAL" ? "the program type does not fit the event (tracepoint events take TRACEPOINT programs, software and hardware events PERF_EVENT ones)" : void 0);
  ioctl(perfFd, PERF_EVENT_IOC_ENABLE, 0, "PERF_EVENT_IOC_ENABLE");
}
function ioctl(fd, request, arg, name, hint) {
  try {
    native().ioctl(fd, request, arg, name);
  } catch (e) {
    throw isErrnoException(e) ? kernelError(name, e, { hint }) : e;
  }
}
function closeFd(fd) {
  try {
    native().close(fd);
  } catch (e) {
    throw isErrnoException(e) ? kernelError("close", e, { detail: `fd ${fd}` }) : e;
  }
}
function parseCpuList(text) {
  const cpus = [];
  for (const part of text.trim().split(",")) {
    if (!part)
      continue;
    const [lo, hi] = part.split("-").map(Number);
    for (let c = lo; c <= (hi ?? lo); c++)
      cpus.push(c);
  }
  return cpus;
}
var possible;
function possibleCpus() {
  possible ??= Math.max(...parseCpuList(readFileSync("/sys/devices/system/cpu/possible", "utf8"))) + 1;
  return possible;
}
function onlineCpus() {
  return parseCpuList(readFileSync("/sys/devices/system/cpu/online", "utf8"));
}
function objInfo(fd, size) {
  const L = LAYOUT["bpf_attr.info"];
  const info = Buffer.alloc(size);
  const a = attr();
  a.writeUInt32LE(fd, L.bpf_fd);
  a.writeUInt32LE(size, L.info_len);
  a.writeBigUInt64LE(ptr(info), L.info);
  sys(BPF_OBJ_GET_INFO_BY_FD, a, [info], { detail: `fd ${fd}` });
  return info;
}
function progInfo(fd) {
  const L = LAYOUT.bpf_prog_info;
  const b = objInfo(fd, SIZES.bpf_prog_info);
  return {
    id: b.readUInt32LE(L.id),
    type: b.readUInt32LE(L.type),
    name: cString(b.subarray(L.name, L.name + BPF_OBJ_NAME_LEN)),
    tag: b.toString("hex", L.tag, L.tag + BPF_TAG_SIZE),
    xlatedLen: b.readUInt32LE(L.xlated_prog_len),
    jitedLen: b.readUInt32LE(L.jited_prog_len),
    loadTime: b.readBigUInt64LE(L.load_time),
    verifiedInsns: b.readUInt32LE(L.verified_insns),
    runTimeNs: b.readBigUInt64LE(L.run_time_ns),
    runCnt: b.readBigUInt64LE(L.run_cnt),
    recursionMisses: b.readBigUInt64LE(L.recursion_misses)
  };
}
function mapInfo(fd) {
  const L = LAYOUT.bpf_map_info;
  const b = objInfo(fd, SIZES.bpf_map_info);
  return {
    id: b.readUInt32LE(L.id),
    type: b.readUInt32LE(L.type),
    name: cString(b.subarray(L.name, L.name + BPF_OBJ_NAME_LEN)),
    keySize: b.readUInt32LE(L.key_size),
    valueSize: b.readUInt32LE(L.value_size),
    maxEntries: b.readUInt32LE(L.max_entries),
    flags: b.readUInt32LE(L.map_flags)
  };
}

export {
  KernelError,
  VerifierError,
  isErrnoException,
  toKernelError,
  native,
  BPF_MAP_TYPE_HASH,
  BPF_MAP_TYPE_ARRAY,
  BPF_MAP_TYPE_PERCPU_HASH,
  BPF_MAP_TYPE_STACK_TRACE,
  BPF_MAP_TYPE_LRU_HASH,
  BPF_MAP_TYPE_LRU_PERCPU_HASH,
  BPF_MAP_TYPE_RINGBUF,
  BPF_MAP_TYPE_ARRAY_OF_MAPS,
  BPF_PROG_TYPE_KPROBE,
  BPF_PROG_TYPE_TRACEPOINT,
  BPF_PROG_TYPE_PERF_EVENT,
  BPF_PROG_TYPE_RAW_TRACEPOINT,
  BPF_PROG_TYPE_TRACING,
  BPF_TRACE_RAW_TP,
  BPF_TRACE_FENTRY,
  BPF_TRACE_FEXIT,
  BPF_TRACE_ITER,
  BPF_NOEXIST,
  BPF_F_NO_PREALLOC,
  PERF_TYPE_HARDWARE,
  PERF_TYPE_SOFTWARE,
  PERF_TYPE_BREAKPOINT,
  PERF_COUNT_SW_CPU_CLOCK,
  createMap,
  mapLookup,
  mapLookupAndDelete,
  mapUpdate,
  mapDelete,
  mapKeys,
  loadProgram,
  testRun,
  enableStats,
  rawTracepointOpen,
  iterCreate,
  linkCreate,
  perfEventOpen,
  pmuType,
  perfEventAttachBpf,
  closeFd,
  possibleCpus,
  onlineCpus,
  progInfo,
  mapInfo
};

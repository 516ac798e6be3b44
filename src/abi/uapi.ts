/**
 * The kernel's ABI as ebt uses it: uapi constants (linux/bpf.h, linux/perf_event.h,
 * linux/hw_breakpoint.h) spelled as there so grep finds them, and the byte offsets of the uapi
 * structs ebt packs (checked against the system headers by test/live/native.live.test.ts).
 *
 * Dependency-free on purpose (like cilium/ebpf's internal/sys/types.go): the compiler, the
 * providers and the syscall wrappers in runtime/bpf.ts all read it, and importing it loads nothing.
 */


export const BPF_MAP_TYPE_HASH = 1, BPF_MAP_TYPE_ARRAY = 2, BPF_MAP_TYPE_PROG_ARRAY = 3,
  BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4, BPF_MAP_TYPE_PERCPU_HASH = 5, BPF_MAP_TYPE_PERCPU_ARRAY = 6,
  BPF_MAP_TYPE_STACK_TRACE = 7, BPF_MAP_TYPE_LRU_HASH = 9, BPF_MAP_TYPE_LRU_PERCPU_HASH = 10,
  BPF_MAP_TYPE_LPM_TRIE = 11, BPF_MAP_TYPE_QUEUE = 22, BPF_MAP_TYPE_STACK = 23, BPF_MAP_TYPE_RINGBUF = 27,
  BPF_MAP_TYPE_BLOOM_FILTER = 30, BPF_MAP_TYPE_ARRAY_OF_MAPS = 12;

export const BPF_PROG_TYPE_SOCKET_FILTER = 1, BPF_PROG_TYPE_KPROBE = 2, BPF_PROG_TYPE_TRACEPOINT = 5,
  BPF_PROG_TYPE_XDP = 6, BPF_PROG_TYPE_PERF_EVENT = 7, BPF_PROG_TYPE_RAW_TRACEPOINT = 17,
  BPF_PROG_TYPE_TRACING = 26, BPF_PROG_TYPE_LSM = 29, BPF_PROG_TYPE_SYSCALL = 31;

/** enum bpf_attach_type values used by tracing (expected_attach_type, link_create). */
export const BPF_TRACE_RAW_TP = 23, BPF_TRACE_FENTRY = 24, BPF_TRACE_FEXIT = 25, BPF_MODIFY_RETURN = 26,
  BPF_LSM_MAC = 27, BPF_TRACE_ITER = 28, BPF_PERF_EVENT = 41, BPF_TRACE_KPROBE_MULTI = 42,
  BPF_TRACE_KPROBE_SESSION = 56;
/** Since 6.6 (newer than the build machine's headers): many uprobes of one file on one link; its return-probe flag. */
export const BPF_TRACE_UPROBE_MULTI = 48, BPF_F_UPROBE_MULTI_RETURN = 1 << 0;

/** Map update flags; map creation flags. */
export const BPF_ANY = 0, BPF_NOEXIST = 1, BPF_EXIST = 2, BPF_F_LOCK = 4;
export const BPF_F_NO_PREALLOC = 1 << 0, BPF_F_NUMA_NODE = 1 << 2, BPF_F_RDONLY_PROG = 1 << 7,
  BPF_F_WRONLY_PROG = 1 << 8, BPF_F_MMAPABLE = 1 << 10;
/** Program load flag; test-run flag; the only BPF_ENABLE_STATS type. */
export const BPF_F_SLEEPABLE = 1 << 4, BPF_F_TEST_RUN_ON_CPU = 1 << 0, BPF_STATS_RUN_TIME = 0;
export const BPF_OBJ_NAME_LEN = 16, BPF_TAG_SIZE = 8;

/** bpf(2) commands. */
export const BPF_MAP_CREATE = 0, BPF_MAP_LOOKUP_ELEM = 1, BPF_MAP_UPDATE_ELEM = 2, BPF_MAP_DELETE_ELEM = 3,
  BPF_MAP_GET_NEXT_KEY = 4, BPF_PROG_LOAD = 5, BPF_PROG_TEST_RUN = 10, BPF_PROG_GET_NEXT_ID = 11,
  BPF_MAP_GET_NEXT_ID = 12, BPF_PROG_GET_FD_BY_ID = 13, BPF_MAP_GET_FD_BY_ID = 14, BPF_OBJ_GET_INFO_BY_FD = 15,
  BPF_RAW_TRACEPOINT_OPEN = 17, BPF_BTF_LOAD = 18, BPF_LINK_CREATE = 28, BPF_LINK_GET_FD_BY_ID = 30, BPF_LINK_GET_NEXT_ID = 31,
  BPF_ENABLE_STATS = 32, BPF_ITER_CREATE = 33, BPF_MAP_LOOKUP_AND_DELETE_ELEM = 21, BPF_MAP_LOOKUP_BATCH = 24;

export const PERF_TYPE_HARDWARE = 0, PERF_TYPE_SOFTWARE = 1, PERF_TYPE_TRACEPOINT = 2, PERF_TYPE_HW_CACHE = 3,
  PERF_TYPE_RAW = 4, PERF_TYPE_BREAKPOINT = 5;
export const PERF_COUNT_SW_CPU_CLOCK = 0, PERF_COUNT_SW_TASK_CLOCK = 1, PERF_COUNT_SW_PAGE_FAULTS = 2,
  PERF_COUNT_SW_CONTEXT_SWITCHES = 3, PERF_COUNT_SW_CPU_MIGRATIONS = 4, PERF_COUNT_SW_BPF_OUTPUT = 10;
export const PERF_SAMPLE_RAW = 1 << 10, PERF_FLAG_FD_CLOEXEC = 1 << 3;
export const PERF_EVENT_IOC_ENABLE = 0x2400, PERF_EVENT_IOC_DISABLE = 0x2401, PERF_EVENT_IOC_SET_BPF = 0x40042408;
export const PERF_ATTR_SIZE_VER5 = 112, PERF_ATTR_SIZE_VER7 = 128;

/** bpf_get_stackid() flag: the user-space stack rather than the kernel's. */
export const BPF_F_USER_STACK = 1 << 8;
/** Stack-trace map flag: each frame is a struct bpf_stack_build_id (build id + file offset, or ip). */
export const BPF_F_STACK_BUILD_ID = 1 << 5;
/** sizeof(struct bpf_stack_build_id): s32 status, u8 build_id[20], u64 offset-or-ip. */
export const BPF_STACK_BUILD_ID_SIZE = 32;

/** linux/hw_breakpoint.h: what a breakpoint (watchpoint) fires on. */
export const HW_BREAKPOINT_R = 1, HW_BREAKPOINT_W = 2, HW_BREAKPOINT_X = 4;

/**
 * Byte offsets in the uapi structs, named `struct.group.field` like native/abi.cc names them.
 * Fields newer than the build machine's headers (Debian 12 ships 6.1's) are marked; their offsets
 * come from the current kernel's uapi header.
 */
export const LAYOUT = {
  "bpf_attr.map_create": { map_type: 0, key_size: 4, value_size: 8, max_entries: 12, map_flags: 16, inner_map_fd: 20, numa_node: 24, map_name: 28, map_extra: 64 },
  "bpf_attr.map_elem": { map_fd: 0, key: 8, value: 16, next_key: 16, flags: 24 },
  "bpf_attr.batch": { in_batch: 0, out_batch: 8, keys: 16, values: 24, count: 32, map_fd: 36, elem_flags: 40, flags: 48 },
  "bpf_attr.prog_load": {
    prog_type: 0, insn_cnt: 4, insns: 8, license: 16, log_level: 24, log_size: 28, log_buf: 32, kern_version: 40,
    prog_flags: 44, prog_name: 48, expected_attach_type: 68, prog_btf_fd: 72, func_info_rec_size: 76, func_info: 80,
    func_info_cnt: 88, attach_btf_id: 108, attach_prog_fd: 112,
    log_true_size: 140, // since 6.4: the log size the verifier wanted
  },
  "bpf_attr.btf_load": { btf: 0, btf_log_buf: 8, btf_size: 16, btf_log_size: 20, btf_log_level: 24 },
  "bpf_attr.test": { prog_fd: 0, retval: 4, repeat: 32, duration: 36, ctx_size_in: 40, ctx_in: 48, flags: 64, cpu: 68 },
  "bpf_attr.get_id": { start_id: 0, next_id: 4, prog_id: 0, open_flags: 8 },
  "bpf_attr.info": { bpf_fd: 0, info_len: 4, info: 8 },
  "bpf_attr.raw_tracepoint": { name: 0, prog_fd: 8 },
  "bpf_attr.link_create": { prog_fd: 0, target_fd: 4, attach_type: 8, flags: 12, target_btf_id: 16, perf_event_bpf_cookie: 16, tracing_cookie: 24,
    // link_create.kprobe_multi (5.18+; also kprobe sessions, 6.10+).
    kprobe_multi_cnt: 20, kprobe_multi_syms: 24,
    // link_create.uprobe_multi (6.6+).
    uprobe_multi_path: 16, uprobe_multi_offsets: 24, uprobe_multi_ref_ctr_offsets: 32, uprobe_multi_cookies: 40,
    uprobe_multi_cnt: 48, uprobe_multi_flags: 52, uprobe_multi_pid: 56 },
  "bpf_attr.enable_stats": { type: 0 },
  "bpf_attr.iter_create": { link_fd: 0, flags: 4 },
  bpf_prog_info: {
    type: 0, id: 4, tag: 8, jited_prog_len: 16, xlated_prog_len: 20, load_time: 40, created_by_uid: 48, nr_map_ids: 52,
    map_ids: 56, name: 64, btf_id: 128, run_time_ns: 192, run_cnt: 200, recursion_misses: 208, verified_insns: 216,
  },
  bpf_map_info: { type: 0, id: 4, key_size: 8, value_size: 12, max_entries: 16, map_flags: 20, name: 24 },
  bpf_link_info: { type: 0, id: 4, prog_id: 8 },
  perf_event_attr: {
    type: 0, size: 4, config: 8, sample_period: 16, sample_type: 24, read_format: 32, flags: 40, wakeup_events: 48,
    bp_type: 52, config1: 56, config2: 64,
  },
  /** Bit numbers in perf_event_attr's flag word. */
  "perf_event_attr.flags": { disabled: 0, inherit: 1, exclude_user: 4, exclude_kernel: 5, exclude_hv: 6, freq: 10, watermark: 14 },
} as const;

/**
 * Sizes of the structs we pass whole. bpf_attr: room for every field we use (log_true_size ends at
 * 144); the kernel accepts any size up to a page as long as the bytes it does not know are zero.
 */
export const SIZES = { bpf_attr: 160, bpf_prog_info: 232, bpf_map_info: 88, bpf_link_info: 48, perf_event_attr: PERF_ATTR_SIZE_VER7 } as const;

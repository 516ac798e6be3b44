// abi(): the layout of the uapi structs and the constants that TypeScript packs by hand, as this
// machine's C compiler sees them in <linux/bpf.h>, <linux/perf_event.h> and <linux/hw_breakpoint.h>.
// Not used at run time: test/live/native.live.test.ts checks src/abi/uapi.ts against it, so a typo in an offset
// fails a test instead of handing the kernel a garbled attr.
#include <linux/bpf.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <stddef.h>

#include <cstring>

#include "errors.h"

namespace ebt {
namespace {

// Bit index of a one-bit field in perf_event_attr's flag word (the u64 after read_format).
template <typename Set>
int PerfFlagBit(Set set) {
  struct perf_event_attr a;
  memset(&a, 0, sizeof a);
  set(a);
  uint64_t word;
  memcpy(&word, reinterpret_cast<const char*>(&a) + offsetof(struct perf_event_attr, read_format) + 8, 8);
  return word ? __builtin_ctzll(word) : -1;
}

Napi::Value Abi(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object offsets = Napi::Object::New(env);
  Napi::Object sizes = Napi::Object::New(env);
  Napi::Object constants = Napi::Object::New(env);

#define OFF(key, type, member) offsets.Set(key, Napi::Number::New(env, offsetof(type, member)))
  using A = union bpf_attr;
  OFF("bpf_attr.map_create.map_type", A, map_type);
  OFF("bpf_attr.map_create.key_size", A, key_size);
  OFF("bpf_attr.map_create.value_size", A, value_size);
  OFF("bpf_attr.map_create.max_entries", A, max_entries);
  OFF("bpf_attr.map_create.map_flags", A, map_flags);
  OFF("bpf_attr.map_create.inner_map_fd", A, inner_map_fd);
  OFF("bpf_attr.map_create.numa_node", A, numa_node);
  OFF("bpf_attr.map_create.map_name", A, map_name);
  OFF("bpf_attr.map_create.map_extra", A, map_extra);
  OFF("bpf_attr.map_elem.map_fd", A, map_fd);
  OFF("bpf_attr.map_elem.key", A, key);
  OFF("bpf_attr.map_elem.value", A, value);
  OFF("bpf_attr.map_elem.next_key", A, next_key);
  OFF("bpf_attr.map_elem.flags", A, flags);
  OFF("bpf_attr.batch.in_batch", A, batch.in_batch);
  OFF("bpf_attr.batch.out_batch", A, batch.out_batch);
  OFF("bpf_attr.batch.keys", A, batch.keys);
  OFF("bpf_attr.batch.values", A, batch.values);
  OFF("bpf_attr.batch.count", A, batch.count);
  OFF("bpf_attr.batch.map_fd", A, batch.map_fd);
  OFF("bpf_attr.batch.elem_flags", A, batch.elem_flags);
  OFF("bpf_attr.batch.flags", A, batch.flags);
  OFF("bpf_attr.prog_load.prog_type", A, prog_type);
  OFF("bpf_attr.prog_load.insn_cnt", A, insn_cnt);
  OFF("bpf_attr.prog_load.insns", A, insns);
  OFF("bpf_attr.prog_load.license", A, license);
  OFF("bpf_attr.prog_load.log_level", A, log_level);
  OFF("bpf_attr.prog_load.log_size", A, log_size);
  OFF("bpf_attr.prog_load.log_buf", A, log_buf);
  OFF("bpf_attr.prog_load.kern_version", A, kern_version);
  OFF("bpf_attr.prog_load.prog_flags", A, prog_flags);
  OFF("bpf_attr.prog_load.prog_name", A, prog_name);
  OFF("bpf_attr.prog_load.expected_attach_type", A, expected_attach_type);
  OFF("bpf_attr.prog_load.prog_btf_fd", A, prog_btf_fd);
  OFF("bpf_attr.prog_load.func_info_rec_size", A, func_info_rec_size);
  OFF("bpf_attr.prog_load.func_info", A, func_info);
  OFF("bpf_attr.prog_load.func_info_cnt", A, func_info_cnt);
  OFF("bpf_attr.prog_load.attach_btf_id", A, attach_btf_id);
  OFF("bpf_attr.prog_load.attach_prog_fd", A, attach_prog_fd);
  OFF("bpf_attr.btf_load.btf", A, btf);
  OFF("bpf_attr.btf_load.btf_log_buf", A, btf_log_buf);
  OFF("bpf_attr.btf_load.btf_size", A, btf_size);
  OFF("bpf_attr.btf_load.btf_log_size", A, btf_log_size);
  OFF("bpf_attr.btf_load.btf_log_level", A, btf_log_level);
  OFF("bpf_attr.test.prog_fd", A, test.prog_fd);
  OFF("bpf_attr.test.retval", A, test.retval);
  OFF("bpf_attr.test.repeat", A, test.repeat);
  OFF("bpf_attr.test.duration", A, test.duration);
  OFF("bpf_attr.test.ctx_size_in", A, test.ctx_size_in);
  OFF("bpf_attr.test.ctx_in", A, test.ctx_in);
  OFF("bpf_attr.test.flags", A, test.flags);
  OFF("bpf_attr.test.cpu", A, test.cpu);
  OFF("bpf_attr.get_id.start_id", A, start_id);
  OFF("bpf_attr.get_id.next_id", A, next_id);
  OFF("bpf_attr.get_id.prog_id", A, prog_id);
  OFF("bpf_attr.get_id.open_flags", A, open_flags);
  OFF("bpf_attr.info.bpf_fd", A, info.bpf_fd);
  OFF("bpf_attr.info.info_len", A, info.info_len);
  OFF("bpf_attr.info.info", A, info.info);
  OFF("bpf_attr.raw_tracepoint.name", A, raw_tracepoint.name);
  OFF("bpf_attr.raw_tracepoint.prog_fd", A, raw_tracepoint.prog_fd);
  OFF("bpf_attr.link_create.prog_fd", A, link_create.prog_fd);
  OFF("bpf_attr.link_create.target_fd", A, link_create.target_fd);
  OFF("bpf_attr.link_create.attach_type", A, link_create.attach_type);
  OFF("bpf_attr.link_create.flags", A, link_create.flags);
  OFF("bpf_attr.link_create.target_btf_id", A, link_create.target_btf_id);
  OFF("bpf_attr.link_create.perf_event_bpf_cookie", A, link_create.perf_event.bpf_cookie);
  OFF("bpf_attr.link_create.tracing_cookie", A, link_create.tracing.cookie);
  OFF("bpf_attr.link_create.kprobe_multi_cnt", A, link_create.kprobe_multi.cnt);
  OFF("bpf_attr.link_create.kprobe_multi_syms", A, link_create.kprobe_multi.syms);
  OFF("bpf_attr.enable_stats.type", A, enable_stats.type);
  OFF("bpf_attr.iter_create.link_fd", A, iter_create.link_fd);
  OFF("bpf_attr.iter_create.flags", A, iter_create.flags);

  using P = struct bpf_prog_info;
  OFF("bpf_prog_info.type", P, type);
  OFF("bpf_prog_info.id", P, id);
  OFF("bpf_prog_info.tag", P, tag);
  OFF("bpf_prog_info.jited_prog_len", P, jited_prog_len);
  OFF("bpf_prog_info.xlated_prog_len", P, xlated_prog_len);
  OFF("bpf_prog_info.load_time", P, load_time);
  OFF("bpf_prog_info.created_by_uid", P, created_by_uid);
  OFF("bpf_prog_info.nr_map_ids", P, nr_map_ids);
  OFF("bpf_prog_info.map_ids", P, map_ids);
  OFF("bpf_prog_info.name", P, name);
  OFF("bpf_prog_info.btf_id", P, btf_id);
  OFF("bpf_prog_info.run_time_ns", P, run_time_ns);
  OFF("bpf_prog_info.run_cnt", P, run_cnt);
  OFF("bpf_prog_info.recursion_misses", P, recursion_misses);
  OFF("bpf_prog_info.verified_insns", P, verified_insns);
  using M = struct bpf_map_info;
  OFF("bpf_map_info.type", M, type);
  OFF("bpf_map_info.id", M, id);
  OFF("bpf_map_info.key_size", M, key_size);
  OFF("bpf_map_info.value_size", M, value_size);
  OFF("bpf_map_info.max_entries", M, max_entries);
  OFF("bpf_map_info.map_flags", M, map_flags);
  OFF("bpf_map_info.name", M, name);
  using L = struct bpf_link_info;
  OFF("bpf_link_info.type", L, type);
  OFF("bpf_link_info.id", L, id);
  OFF("bpf_link_info.prog_id", L, prog_id);
  using E = struct perf_event_attr;
  OFF("perf_event_attr.type", E, type);
  OFF("perf_event_attr.size", E, size);
  OFF("perf_event_attr.config", E, config);
  OFF("perf_event_attr.sample_period", E, sample_period);
  OFF("perf_event_attr.sample_type", E, sample_type);
  OFF("perf_event_attr.read_format", E, read_format);
  OFF("perf_event_attr.wakeup_events", E, wakeup_events);
  OFF("perf_event_attr.bp_type", E, bp_type);
  OFF("perf_event_attr.config1", E, config1);
  OFF("perf_event_attr.config2", E, config2);
#undef OFF
  offsets.Set("perf_event_attr.flags", Napi::Number::New(env, offsetof(E, read_format) + 8));

#define BIT(key, field) \
  offsets.Set("perf_event_attr.flags." key, Napi::Number::New(env, PerfFlagBit([](E& a) { a.field = 1; })))
  BIT("disabled", disabled);
  BIT("inherit", inherit);
  BIT("exclude_user", exclude_user);
  BIT("exclude_kernel", exclude_kernel);
  BIT("exclude_hv", exclude_hv);
  BIT("freq", freq);
  BIT("watermark", watermark);
#undef BIT

  sizes.Set("bpf_prog_info", Napi::Number::New(env, sizeof(P)));
  sizes.Set("bpf_map_info", Napi::Number::New(env, sizeof(M)));
  sizes.Set("bpf_link_info", Napi::Number::New(env, sizeof(L)));
  sizes.Set("perf_event_attr", Napi::Number::New(env, sizeof(E)));
  sizes.Set("bpf_attr", Napi::Number::New(env, sizeof(A)));

#define K(name) constants.Set(#name, Napi::Number::New(env, static_cast<double>(name)))
  K(BPF_MAP_CREATE); K(BPF_MAP_LOOKUP_ELEM); K(BPF_MAP_UPDATE_ELEM); K(BPF_MAP_DELETE_ELEM);
  K(BPF_MAP_GET_NEXT_KEY); K(BPF_PROG_LOAD); K(BPF_PROG_TEST_RUN); K(BPF_PROG_GET_NEXT_ID);
  K(BPF_MAP_GET_NEXT_ID); K(BPF_PROG_GET_FD_BY_ID); K(BPF_MAP_GET_FD_BY_ID); K(BPF_OBJ_GET_INFO_BY_FD);
  K(BPF_RAW_TRACEPOINT_OPEN); K(BPF_BTF_LOAD); K(BPF_LINK_CREATE); K(BPF_LINK_GET_FD_BY_ID); K(BPF_LINK_GET_NEXT_ID);
  K(BPF_ENABLE_STATS); K(BPF_ITER_CREATE); K(BPF_MAP_LOOKUP_AND_DELETE_ELEM); K(BPF_MAP_LOOKUP_BATCH); K(BPF_MAP_TYPE_ARRAY_OF_MAPS);
  K(BPF_MAP_TYPE_HASH); K(BPF_MAP_TYPE_ARRAY); K(BPF_MAP_TYPE_PROG_ARRAY); K(BPF_MAP_TYPE_PERF_EVENT_ARRAY);
  K(BPF_MAP_TYPE_PERCPU_HASH); K(BPF_MAP_TYPE_PERCPU_ARRAY); K(BPF_MAP_TYPE_STACK_TRACE);
  K(BPF_MAP_TYPE_LRU_HASH); K(BPF_MAP_TYPE_LRU_PERCPU_HASH); K(BPF_MAP_TYPE_LPM_TRIE);
  K(BPF_MAP_TYPE_QUEUE); K(BPF_MAP_TYPE_STACK); K(BPF_MAP_TYPE_RINGBUF); K(BPF_MAP_TYPE_BLOOM_FILTER);
  K(BPF_PROG_TYPE_SOCKET_FILTER); K(BPF_PROG_TYPE_KPROBE); K(BPF_PROG_TYPE_TRACEPOINT); K(BPF_PROG_TYPE_XDP);
  K(BPF_PROG_TYPE_PERF_EVENT); K(BPF_PROG_TYPE_RAW_TRACEPOINT); K(BPF_PROG_TYPE_TRACING); K(BPF_PROG_TYPE_LSM);
  K(BPF_PROG_TYPE_SYSCALL);
  K(BPF_TRACE_RAW_TP); K(BPF_TRACE_FENTRY); K(BPF_TRACE_FEXIT); K(BPF_MODIFY_RETURN); K(BPF_LSM_MAC);
  K(BPF_TRACE_ITER); K(BPF_PERF_EVENT); K(BPF_TRACE_KPROBE_MULTI);
  K(BPF_ANY); K(BPF_NOEXIST); K(BPF_EXIST); K(BPF_F_LOCK);
  K(BPF_F_NO_PREALLOC); K(BPF_F_NUMA_NODE); K(BPF_F_RDONLY_PROG); K(BPF_F_WRONLY_PROG); K(BPF_F_MMAPABLE);
  K(BPF_F_SLEEPABLE); K(BPF_F_TEST_RUN_ON_CPU); K(BPF_STATS_RUN_TIME); K(BPF_OBJ_NAME_LEN); K(BPF_TAG_SIZE);
  K(BPF_F_USER_STACK); K(BPF_F_STACK_BUILD_ID);
  K(HW_BREAKPOINT_R); K(HW_BREAKPOINT_W); K(HW_BREAKPOINT_X);
  K(PERF_TYPE_HARDWARE); K(PERF_TYPE_SOFTWARE); K(PERF_TYPE_TRACEPOINT); K(PERF_TYPE_HW_CACHE);
  K(PERF_TYPE_RAW); K(PERF_TYPE_BREAKPOINT);
  K(PERF_COUNT_SW_CPU_CLOCK); K(PERF_COUNT_SW_TASK_CLOCK); K(PERF_COUNT_SW_PAGE_FAULTS);
  K(PERF_COUNT_SW_CONTEXT_SWITCHES); K(PERF_COUNT_SW_CPU_MIGRATIONS); K(PERF_COUNT_SW_BPF_OUTPUT);
  K(PERF_SAMPLE_RAW); K(PERF_FLAG_FD_CLOEXEC);
  K(PERF_EVENT_IOC_ENABLE); K(PERF_EVENT_IOC_DISABLE); K(PERF_EVENT_IOC_SET_BPF);
  K(PERF_ATTR_SIZE_VER5); K(PERF_ATTR_SIZE_VER7);
#undef K
  constants.Set("BPF_STACK_BUILD_ID_SIZE", Napi::Number::New(env, sizeof(struct bpf_stack_build_id)));

  Napi::Object out = Napi::Object::New(env);
  out.Set("offsets", offsets);
  out.Set("sizes", sizes);
  out.Set("constants", constants);
  return out;
}

}  // namespace

void InitAbi(Napi::Env env, Napi::Object exports) {
  exports.Set("abi", Napi::Function::New(env, Abi, "abi"));
}

}  // namespace ebt

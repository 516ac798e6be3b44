// bpf(2): one generic entry point. TypeScript packs `union bpf_attr` into a Buffer (and the
// addresses of other Buffers into it, via addressOf), so a new bpf command needs no C++.
#include <errno.h>
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errors.h"

namespace ebt {
namespace {

// The command's uapi name, so errors say "BPF_PROG_LOAD: ..." rather than "bpf: ...".
std::string CmdName(int cmd) {
  switch (cmd) {
#define EBT_CMD(c) \
  case c:          \
    return #c;
    EBT_CMD(BPF_MAP_CREATE)
    EBT_CMD(BPF_MAP_LOOKUP_ELEM)
    EBT_CMD(BPF_MAP_UPDATE_ELEM)
    EBT_CMD(BPF_MAP_DELETE_ELEM)
    EBT_CMD(BPF_MAP_GET_NEXT_KEY)
    EBT_CMD(BPF_PROG_LOAD)
    EBT_CMD(BPF_OBJ_PIN)
    EBT_CMD(BPF_OBJ_GET)
    EBT_CMD(BPF_PROG_ATTACH)
    EBT_CMD(BPF_PROG_DETACH)
    EBT_CMD(BPF_PROG_TEST_RUN)
    EBT_CMD(BPF_PROG_GET_NEXT_ID)
    EBT_CMD(BPF_MAP_GET_NEXT_ID)
    EBT_CMD(BPF_PROG_GET_FD_BY_ID)
    EBT_CMD(BPF_MAP_GET_FD_BY_ID)
    EBT_CMD(BPF_OBJ_GET_INFO_BY_FD)
    EBT_CMD(BPF_PROG_QUERY)
    EBT_CMD(BPF_RAW_TRACEPOINT_OPEN)
    EBT_CMD(BPF_BTF_LOAD)
    EBT_CMD(BPF_BTF_GET_FD_BY_ID)
    EBT_CMD(BPF_TASK_FD_QUERY)
    EBT_CMD(BPF_MAP_LOOKUP_AND_DELETE_ELEM)
    EBT_CMD(BPF_MAP_FREEZE)
    EBT_CMD(BPF_BTF_GET_NEXT_ID)
    EBT_CMD(BPF_MAP_LOOKUP_BATCH)
    EBT_CMD(BPF_MAP_LOOKUP_AND_DELETE_BATCH)
    EBT_CMD(BPF_MAP_UPDATE_BATCH)
    EBT_CMD(BPF_MAP_DELETE_BATCH)
    EBT_CMD(BPF_LINK_CREATE)
    EBT_CMD(BPF_LINK_UPDATE)
    EBT_CMD(BPF_LINK_GET_FD_BY_ID)
    EBT_CMD(BPF_LINK_GET_NEXT_ID)
    EBT_CMD(BPF_ENABLE_STATS)
    EBT_CMD(BPF_ITER_CREATE)
    EBT_CMD(BPF_LINK_DETACH)
    EBT_CMD(BPF_PROG_BIND_MAP)
#undef EBT_CMD
    default:
      return "bpf(" + std::to_string(cmd) + ")";
  }
}

// bpf(cmd: number, attr: Buffer, ...keepAlive): number — the syscall's result (an fd, or 0).
// Arguments after attr are ignored: callers pass the Buffers whose addresses they stored in attr,
// which keeps them referenced (as arguments of this call) until the kernel is done with them.
// The whole Buffer is the attr: its length is passed as `size`, so TypeScript may use fields newer
// than this machine's <linux/bpf.h> (the kernel zero-extends shorter attrs and insists that bytes
// beyond its own union are zero). The kernel may write results back into the Buffer.
Napi::Value Bpf(const Napi::CallbackInfo& info) {
  int cmd = IntArg(info, 0, "cmd");
  Napi::Uint8Array attr = BufArg(info, 1, "attr");
  long r = syscall(__NR_bpf, cmd, attr.Data(), static_cast<unsigned int>(attr.ByteLength()));
  if (r < 0) throw ErrnoError(info.Env(), errno, CmdName(cmd));
  return Napi::Number::New(info.Env(), static_cast<double>(r));
}

// addressOf(buf: Buffer): bigint — where the Buffer's bytes live, to store in an attr's __u64
// pointer field. Safe because V8 never moves an ArrayBuffer's backing store, and asking for the
// data pointer moves a small on-heap typed array off the heap first. The caller must keep `buf`
// referenced until the system call that uses the address has returned (see keepAlive above).
Napi::Value AddressOf(const Napi::CallbackInfo& info) {
  Napi::Uint8Array buf = BufArg(info, 0, "buf");
  return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(reinterpret_cast<uintptr_t>(buf.Data())));
}

}  // namespace

void InitBpf(Napi::Env env, Napi::Object exports) {
  exports.Set("bpf", Napi::Function::New(env, Bpf, "bpf"));
  exports.Set("addressOf", Napi::Function::New(env, AddressOf, "addressOf"));
}

}  // namespace ebt

// Consumer of one CPU's perf event ring (a PERF_COUNT_SW_BPF_OUTPUT event that a
// BPF_MAP_TYPE_PERF_EVENT_ARRAY slot points at), driven by libuv. Only bpf_skb_output needs this:
// it writes to perf event arrays, never to a BPF ring buffer (every other record uses ringbuf.cc).
//
// Layout of the mmap, as the kernel defines it (linux/perf_event.h): one page of struct
// perf_event_mmap_page (data_head, which the kernel advances, and data_tail, which we advance),
// then 2^n data pages. Records are {struct perf_event_header; body}, 8-byte aligned, and may wrap
// around the end of the data area (it is mapped once, not twice as a BPF ring buffer is).
// A PERF_RECORD_SAMPLE of PERF_SAMPLE_RAW is {header; u32 size; u8 data[size]}, the size padded
// so that the record stays 8-byte aligned; a PERF_RECORD_LOST is {header; u64 id; u64 lost}.
//
// Each wake-up hands JavaScript every sample up to the head seen then, as one Buffer (payloads
// at 8-byte aligned offsets) plus a Uint32Array of (offset, length) pairs, and the count of
// samples the kernel lost meanwhile; TypeScript slices it.
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <uv.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "errors.h"

namespace ebt {
namespace {

inline uint64_t RoundUp8(uint64_t n) { return (n + 7) & ~uint64_t(7); }

class PerfBuffer : public Napi::ObjectWrap<PerfBuffer> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "PerfBuffer",
                       {InstanceMethod("start", &PerfBuffer::Start),
                        InstanceMethod("consume", &PerfBuffer::ConsumeNow),
                        InstanceMethod("close", &PerfBuffer::Close)});
  }

  // new PerfBuffer(perfFd, dataPages, callback(err, arena?, spans?, lost?))
  // dataPages: a power of two. The fd is duplicated: the caller may close its own.
  explicit PerfBuffer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<PerfBuffer>(info) {
    Napi::Env env = info.Env();
    int perf_fd = IntArg(info, 0, "perfFd");
    uint64_t pages = SizeArg(info, 1, "dataPages");
    if (pages == 0 || (pages & (pages - 1)) != 0) throw Napi::RangeError::New(env, "perf buffer pages must be a power of 2");
    if (info.Length() < 3 || !info[2].IsFunction()) throw Napi::TypeError::New(env, "callback must be a function");
    callback_ = Napi::Persistent(info[2].As<Napi::Function>());
    page_ = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    size_ = pages * page_;
    fd_ = fcntl(perf_fd, F_DUPFD_CLOEXEC, 0);
    if (fd_ < 0) throw ErrnoError(env, errno, "dup perf event fd");
    void* p = mmap(nullptr, page_ + size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
    if (p == MAP_FAILED) {
      int err = errno;
      Release();
      throw ErrnoError(env, err, "mmap perf buffer");
    }
    meta_ = static_cast<perf_event_mmap_page*>(p);
    data_ = static_cast<uint8_t*>(p) + page_;
  }

  ~PerfBuffer() override {
    CloseHandle(/*remove_hook=*/true);
    Release();
  }

 private:
  Napi::Value Start(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!meta_) throw Napi::Error::New(env, "perf buffer reader is closed");
    if (poll_) return env.Undefined();
    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok || !loop) throw Napi::Error::New(env, "no libuv loop");
    auto* poll = new uv_poll_t;
    int r = uv_poll_init(loop, poll, fd_);
    if (r < 0) {
      delete poll;
      throw ErrnoError(env, -r, "uv_poll_init");
    }
    poll->data = this;
    r = uv_poll_start(poll, UV_READABLE, &PerfBuffer::OnPoll);
    if (r < 0) {
      uv_close(reinterpret_cast<uv_handle_t*>(poll), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
      throw ErrnoError(env, -r, "uv_poll_start");
    }
    poll_ = poll;
    async_ = std::make_unique<Napi::AsyncContext>(env, "ebt:perfbuf");
    napi_add_env_cleanup_hook(env, &PerfBuffer::OnEnvCleanup, this);
    Ref();
    return env.Undefined();
  }

  // consume(): [arena, spans, lost] | undefined — what is there now, synchronously (drain at exit).
  Napi::Value ConsumeNow(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Value arena, spans;
    uint64_t lost = 0;
    if (!Collect(env, &arena, &spans, &lost)) return env.Undefined();
    Napi::Array out = Napi::Array::New(env, 3);
    out.Set(0u, arena);
    out.Set(1u, spans);
    out.Set(2u, Napi::Number::New(env, static_cast<double>(lost)));
    return out;
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (poll_) {
      CloseHandle(/*remove_hook=*/true);
      Unref();
    }
    Release();
    return info.Env().Undefined();
  }

  // Copies `n` bytes at logical position `pos` of the data area to `out`, across its end.
  void CopyOut(uint64_t pos, uint8_t* out, uint64_t n) const {
    uint64_t at = pos & (size_ - 1);
    uint64_t first = n < size_ - at ? n : size_ - at;
    memcpy(out, data_ + at, first);
    if (first < n) memcpy(out + first, data_, n - first);
  }

  // Takes every record up to the head read now; returns whether there was any.
  bool Collect(Napi::Env env, Napi::Value* arena_out, Napi::Value* spans_out, uint64_t* lost) {
    if (!meta_) return false;
    const uint64_t head = __atomic_load_n(&meta_->data_head, __ATOMIC_ACQUIRE);
    uint64_t tail = meta_->data_tail;
    if (tail == head) return false;
    std::vector<uint8_t> bytes;
    std::vector<uint32_t> spans;
    std::vector<uint8_t> rec;
    while (tail < head) {
      perf_event_header h;
      CopyOut(tail, reinterpret_cast<uint8_t*>(&h), sizeof h);
      if (h.size < sizeof h || h.size > head - tail) break;  // never read past what the kernel wrote
      rec.resize(h.size);
      CopyOut(tail, rec.data(), h.size);
      if (h.type == PERF_RECORD_SAMPLE && h.size >= sizeof h + 4) {
        uint32_t n;
        memcpy(&n, rec.data() + sizeof h, 4);
        if (n > h.size - sizeof h - 4) n = h.size - sizeof h - 4;
        uint64_t off = bytes.size();
        bytes.resize(off + RoundUp8(n), 0);
        memcpy(bytes.data() + off, rec.data() + sizeof h + 4, n);
        spans.push_back(static_cast<uint32_t>(off));
        spans.push_back(n);
      } else if (h.type == PERF_RECORD_LOST && h.size >= sizeof h + 16) {
        uint64_t n;
        memcpy(&n, rec.data() + sizeof h + 8, 8);
        *lost += n;
      }
      tail += h.size;
    }
    // The kernel may reuse the space only now that the records are copied.
    __atomic_store_n(&meta_->data_tail, tail, __ATOMIC_RELEASE);
    Napi::Buffer<uint8_t> arena = Napi::Buffer<uint8_t>::Copy(env, bytes.data(), bytes.size());
    Napi::Uint32Array s = Napi::Uint32Array::New(env, spans.size());
    for (size_t i = 0; i < spans.size(); i++) s[i] = spans[i];
    *arena_out = arena;
    *spans_out = s;
    return true;
  }

  static void OnPoll(uv_poll_t* handle, int status, int /*events*/) {
    auto* self = static_cast<PerfBuffer*>(handle->data);
    if (!self) return;
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    try {
      if (status < 0) {
        Napi::Error err = ErrnoError(env, -status, "uv_poll");
        self->CloseHandle(/*remove_hook=*/true);
        std::unique_ptr<Napi::AsyncContext> async = std::move(self->async_);
        self->callback_.MakeCallback(env.Global(), {err.Value()}, *async);
        self->Unref();
        return;
      }
      Napi::Value arena, spans;
      uint64_t lost = 0;
      if (!self->Collect(env, &arena, &spans, &lost)) return;
      self->callback_.MakeCallback(env.Global(), {env.Null(), arena, spans, Napi::Number::New(env, static_cast<double>(lost))}, *self->async_);
    } catch (const Napi::Error& e) {
      napi_fatal_exception(env, e.Value());
    }
  }

  void CloseHandle(bool remove_hook) {
    if (!poll_) return;
    uv_poll_stop(poll_);
    poll_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
    poll_ = nullptr;
    if (remove_hook) napi_remove_env_cleanup_hook(Env(), &PerfBuffer::OnEnvCleanup, this);
  }

  static void OnEnvCleanup(void* arg) { static_cast<PerfBuffer*>(arg)->CloseHandle(/*remove_hook=*/false); }

  void Release() {
    if (meta_) munmap(meta_, page_ + size_);
    if (fd_ >= 0) close(fd_);
    meta_ = nullptr;
    data_ = nullptr;
    fd_ = -1;
  }

  int fd_ = -1;
  uint64_t size_ = 0;
  uint64_t page_ = 4096;
  perf_event_mmap_page* meta_ = nullptr;
  uint8_t* data_ = nullptr;
  uv_poll_t* poll_ = nullptr;
  std::unique_ptr<Napi::AsyncContext> async_;
  Napi::FunctionReference callback_;
};

}  // namespace

void InitPerfBuffer(Napi::Env env, Napi::Object exports) {
  exports.Set("PerfBuffer", PerfBuffer::Define(env));
}

}  // namespace ebt

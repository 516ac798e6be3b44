// ebt_native: only what JavaScript cannot do (DESIGN.md §4). Raw bpf(2), perf_event_open(2),
// ioctl(2), close(2), buffer addresses, and a libuv-driven BPF ring buffer consumer.
// All policy (what to create, how attr is packed, how records are decoded) lives in TypeScript.
#include <napi.h>
#include <uv.h>

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace {

Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall_name) {
  std::string msg = std::string(syscall_name) + ": " + strerror(err);
  Napi::Error e = Napi::Error::New(env, msg);
  const char* name = strerrorname_np(err);
  e.Set("errno", Napi::Number::New(env, err));
  e.Set("code", Napi::String::New(env, name ? name : ("E" + std::to_string(err)).c_str()));
  e.Set("syscall", Napi::String::New(env, syscall_name));
  return e;
}

int32_t IntArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsNumber())
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a number");
  return info[i].As<Napi::Number>().Int32Value();
}

Napi::Buffer<uint8_t> BufArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsBuffer())
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a Buffer");
  return info[i].As<Napi::Buffer<uint8_t>>();
}

// bpf(cmd: number, attr: Buffer): number
Napi::Value Bpf(const Napi::CallbackInfo& info) {
  int cmd = IntArg(info, 0, "cmd");
  auto attr = BufArg(info, 1, "attr");
  long r = syscall(__NR_bpf, cmd, attr.Data(), (unsigned int)attr.Length());
  if (r < 0) throw ErrnoError(info.Env(), errno, "bpf");
  return Napi::Number::New(info.Env(), (double)r);
}

// addressOf(buf: Buffer): bigint
Napi::Value AddressOf(const Napi::CallbackInfo& info) {
  auto buf = BufArg(info, 0, "buf");
  return Napi::BigInt::New(info.Env(), (uint64_t)(uintptr_t)buf.Data());
}

// perfEventOpen(attr: Buffer, pid, cpu, groupFd, flags): number
Napi::Value PerfEventOpen(const Napi::CallbackInfo& info) {
  auto attr = BufArg(info, 0, "attr");
  int pid = IntArg(info, 1, "pid");
  int cpu = IntArg(info, 2, "cpu");
  int group = IntArg(info, 3, "groupFd");
  uint32_t flags = info.Length() > 4 && info[4].IsNumber() ? info[4].As<Napi::Number>().Uint32Value() : 0;
  long r = syscall(__NR_perf_event_open, attr.Data(), pid, cpu, group, (unsigned long)flags);
  if (r < 0) throw ErrnoError(info.Env(), errno, "perf_event_open");
  return Napi::Number::New(info.Env(), (double)r);
}

// ioctl(fd, req, arg: number): number
Napi::Value Ioctl(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0, "fd");
  if (info.Length() < 3 || !info[1].IsNumber() || !info[2].IsNumber())
    throw Napi::TypeError::New(info.Env(), "req and arg must be numbers");
  unsigned long req = (unsigned long)info[1].As<Napi::Number>().Int64Value();
  long arg = (long)info[2].As<Napi::Number>().Int64Value();
  int r = ioctl(fd, req, arg);
  if (r < 0) throw ErrnoError(info.Env(), errno, "ioctl");
  return Napi::Number::New(info.Env(), r);
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0, "fd");
  if (close(fd) < 0) throw ErrnoError(info.Env(), errno, "close");
  return info.Env().Undefined();
}

// ---------------------------------------------------------------------------------------------
// Ring buffer consumer (BPF_MAP_TYPE_RINGBUF), same protocol as libbpf's ringbuf.c.
constexpr uint32_t kBusyBit = 1u << 31;
constexpr uint32_t kDiscardBit = 1u << 30;
constexpr uint32_t kHdrSize = 8;

class RingBuffer : public Napi::ObjectWrap<RingBuffer> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "RingBuffer",
                       {InstanceMethod("start", &RingBuffer::Start), InstanceMethod("drain", &RingBuffer::Drain),
                        InstanceMethod("close", &RingBuffer::Close)});
  }

  // new RingBuffer(mapFd: number, size: number, callback: (records: Buffer[]) => void)
  explicit RingBuffer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<RingBuffer>(info) {
    Napi::Env env = info.Env();
    fd_ = IntArg(info, 0, "mapFd");
    if (info.Length() < 2 || !info[1].IsNumber()) throw Napi::TypeError::New(env, "size must be a number");
    size_ = (uint64_t)info[1].As<Napi::Number>().Int64Value();
    if (size_ == 0 || (size_ & (size_ - 1)) != 0) throw Napi::RangeError::New(env, "ring buffer size must be a power of 2");
    if (info.Length() < 3 || !info[2].IsFunction()) throw Napi::TypeError::New(env, "callback must be a function");
    callback_ = Napi::Persistent(info[2].As<Napi::Function>());
    page_ = (size_t)sysconf(_SC_PAGESIZE);
    void* c = mmap(nullptr, page_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
    if (c == MAP_FAILED) throw ErrnoError(env, errno, "mmap");
    consumer_ = c;
    void* p = mmap(nullptr, page_ + 2 * size_, PROT_READ, MAP_SHARED, fd_, (off_t)page_);
    if (p == MAP_FAILED) {
      int err = errno;
      munmap(consumer_, page_);
      consumer_ = nullptr;
      throw ErrnoError(env, err, "mmap");
    }
    producer_ = p;
    data_ = static_cast<uint8_t*>(p) + page_;
  }

  ~RingBuffer() override { Unmap(); }

 private:
  Napi::Value Start(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!consumer_) throw Napi::Error::New(env, "ring buffer is closed");
    if (poll_) return env.Undefined();
    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok) throw Napi::Error::New(env, "no uv loop");
    poll_ = new uv_poll_t;
    int r = uv_poll_init(loop, poll_, fd_);
    if (r < 0) {
      delete poll_;
      poll_ = nullptr;
      throw Napi::Error::New(env, std::string("uv_poll_init: ") + uv_strerror(r));
    }
    poll_->data = this;
    r = uv_poll_start(poll_, UV_READABLE, &RingBuffer::OnPoll);
    if (r < 0) {
      uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
      poll_ = nullptr;
      throw Napi::Error::New(env, std::string("uv_poll_start: ") + uv_strerror(r));
    }
    env_ = env;
    async_ = std::make_unique<Napi::AsyncContext>(env, "ebt:ringbuf");
    Ref();  // keep the wrapper alive while polling
    return env.Undefined();
  }

  // drain(): number of records delivered
  Napi::Value Drain(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!consumer_) return Napi::Number::New(env, 0);
    std::vector<Napi::Value> unused;
    Napi::Array records = Consume(env);
    uint32_t n = records.Length();
    if (n > 0) callback_.Call(env.Undefined(), {records});
    return Napi::Number::New(env, n);
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    StopPoll();
    Unmap();
    return info.Env().Undefined();
  }

  void StopPoll() {
    if (!poll_) return;
    uv_poll_stop(poll_);
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
    poll_ = nullptr;
    async_.reset();
    Unref();
  }

  void Unmap() {
    if (consumer_) munmap(consumer_, page_);
    if (producer_) munmap(producer_, page_ + 2 * size_);
    consumer_ = nullptr;
    producer_ = nullptr;
    data_ = nullptr;
  }

  // Copy out every committed record, advancing the consumer position.
  Napi::Array Consume(Napi::Env env) {
    Napi::Array out = Napi::Array::New(env);
    if (!consumer_) return out;
    auto* cons_pos = static_cast<uint64_t*>(consumer_);
    auto* prod_pos = static_cast<uint64_t*>(producer_);
    const uint64_t mask = size_ - 1;
    uint32_t n = 0;
    uint64_t cons = __atomic_load_n(cons_pos, __ATOMIC_ACQUIRE);
    for (;;) {
      uint64_t prod = __atomic_load_n(prod_pos, __ATOMIC_ACQUIRE);
      bool progressed = false;
      while (cons < prod) {
        auto* hdr = reinterpret_cast<uint32_t*>(data_ + (cons & mask));
        uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
        if (len & kBusyBit) break;
        uint32_t body = len & ~(kBusyBit | kDiscardBit);
        cons += (uint64_t(body) + kHdrSize + 7) & ~uint64_t(7);
        if (!(len & kDiscardBit)) {
          const uint8_t* sample = data_ + ((cons - ((uint64_t(body) + kHdrSize + 7) & ~uint64_t(7)) + kHdrSize) & mask);
          out.Set(n++, Napi::Buffer<uint8_t>::Copy(env, sample, body));
        }
        __atomic_store_n(cons_pos, cons, __ATOMIC_RELEASE);
        progressed = true;
      }
      if (!progressed) break;
    }
    return out;
  }

  static void OnPoll(uv_poll_t* handle, int status, int events) {
    auto* self = static_cast<RingBuffer*>(handle->data);
    if (!self || !self->poll_) return;
    Napi::Env env = self->env_;
    Napi::HandleScope scope(env);
    try {
      Napi::Array records = self->Consume(env);
      if (records.Length() > 0)
        self->callback_.MakeCallback(env.Global(), {records}, *self->async_);
    } catch (const Napi::Error& e) {
      napi_fatal_exception(env, e.Value());
    }
  }

  int fd_ = -1;
  uint64_t size_ = 0;
  size_t page_ = 4096;
  void* consumer_ = nullptr;
  void* producer_ = nullptr;
  uint8_t* data_ = nullptr;
  uv_poll_t* poll_ = nullptr;
  Napi::Env env_ = Napi::Env(nullptr);
  std::unique_ptr<Napi::AsyncContext> async_;
  Napi::FunctionReference callback_;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("bpf", Napi::Function::New(env, Bpf, "bpf"));
  exports.Set("addressOf", Napi::Function::New(env, AddressOf, "addressOf"));
  exports.Set("perfEventOpen", Napi::Function::New(env, PerfEventOpen, "perfEventOpen"));
  exports.Set("ioctl", Napi::Function::New(env, Ioctl, "ioctl"));
  exports.Set("close", Napi::Function::New(env, Close, "close"));
  exports.Set("RingBuffer", RingBuffer::Init(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(ebt_native, Init)

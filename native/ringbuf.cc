// Consumer of a BPF_MAP_TYPE_RINGBUF map (kernel/bpf/ringbuf.c), driven by libuv.
//
// Layout of the map's mmap, as the kernel defines it:
//   offset 0:          one page holding consumer_pos (the only page user space may write)
//   offset PAGE_SIZE:  one page holding producer_pos, then the data area mapped *twice* in a row,
//                      so a record that wraps past the end is still contiguous in our mapping.
// Each record is an 8-byte header {u32 len; u32 pg_off} then the payload, padded to 8 bytes.
// The kernel sets the BUSY bit in len while the record is reserved and not yet committed, and the
// DISCARD bit when the program called bpf_ringbuf_discard().
//
// Wake-ups. The map fd is pollable (EPOLLIN while producer_pos != consumer_pos), but the kernel
// only wakes pollers when a commit finds the consumer caught up with that very record
// ("if (cons_pos == rec_pos) irq_work_queue(...)" in bpf_ringbuf_commit). So a record committed
// just before we publish a new consumer_pos wakes nobody. After each batch we therefore look
// again: if a committed record is already waiting, a uv_idle handle takes the next batch on the
// next loop iteration instead of trusting a wake-up that may never come. A record still busy is
// safe: its commit will see our consumer_pos and wake us.
//
// Each wake-up hands JavaScript ONE batch: what was committed up to the producer position seen at
// its start, at most kMaxBatchRecords records, so a fast producer cannot starve the event loop
// (a 10 us clock probe fills the ring with ~40k records: one batch of them took seconds to print
// on a CPU busy with the clock's interrupts, and Ctrl-C waited that long). A batch reaches JavaScript as
// one Buffer (the payloads, copied, each at an 8-byte aligned offset) and a Uint32Array of
// (offset, length) pairs; TypeScript slices it. One allocation per batch, not per record.
#include <errno.h>
#include <fcntl.h>
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

constexpr uint32_t kBusyBit = 1u << 31;     // BPF_RINGBUF_BUSY_BIT
constexpr uint32_t kDiscardBit = 1u << 30;  // BPF_RINGBUF_DISCARD_BIT
constexpr uint64_t kHeaderSize = 8;         // BPF_RINGBUF_HDR_SZ
// Small enough that a Ctrl-C waits for at most one batch even on a CPU starved by a 10 us clock
// probe's interrupts (a few thousand records a second get through then); drain() takes up to
// MAX_DRAIN_BATCHES (ringbuf.ts) of them, enough for a full 1 MiB ring of the smallest records.
constexpr size_t kMaxBatchRecords = 1024;

inline uint64_t RoundUp8(uint64_t n) { return (n + 7) & ~uint64_t(7); }

template <typename Handle>
void CloseHandle(Handle* h) {
  uv_close(reinterpret_cast<uv_handle_t*>(h), [](uv_handle_t* p) { delete reinterpret_cast<Handle*>(p); });
}

class RingBuffer : public Napi::ObjectWrap<RingBuffer> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "RingBuffer",
                       {InstanceMethod("start", &RingBuffer::Start),
                        InstanceMethod("consume", &RingBuffer::ConsumeNow),
                        InstanceMethod("close", &RingBuffer::Close)});
  }

  // new RingBuffer(mapFd, dataSize, callback(err, arena?, spans?))
  // dataSize is the map's max_entries: a power of two and a multiple of the page size.
  explicit RingBuffer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<RingBuffer>(info) {
    Napi::Env env = info.Env();
    int map_fd = IntArg(info, 0, "mapFd");
    size_ = SizeArg(info, 1, "dataSize");
    if (info.Length() < 3 || !info[2].IsFunction()) throw Napi::TypeError::New(env, "callback must be a function");
    page_ = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    if (size_ == 0 || (size_ & (size_ - 1)) != 0 || size_ % page_ != 0)
      throw Napi::RangeError::New(env, "ring buffer size must be a power of 2 and a multiple of the page size");
    callback_ = Napi::Persistent(info[2].As<Napi::Function>());

    // Our own fd for the map: uv_poll must never watch a number that the owner of map_fd closes
    // (and the kernel may reuse) while we still poll it.
    fd_ = fcntl(map_fd, F_DUPFD_CLOEXEC, 0);
    if (fd_ < 0) throw ErrnoError(env, errno, "dup ring buffer fd");
    void* c = mmap(nullptr, page_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
    if (c == MAP_FAILED) {
      int err = errno;
      Release();
      throw ErrnoError(env, err, "mmap ring buffer consumer page");
    }
    consumer_ = static_cast<uint64_t*>(c);
    void* p = mmap(nullptr, page_ + 2 * size_, PROT_READ, MAP_SHARED, fd_, static_cast<off_t>(page_));
    if (p == MAP_FAILED) {
      int err = errno;
      Release();
      throw ErrnoError(env, err, "mmap ring buffer data");
    }
    producer_ = static_cast<uint64_t*>(p);
    data_ = static_cast<uint8_t*>(p) + page_;
  }

  ~RingBuffer() override {
    CloseHandles(/*remove_hook=*/true);
    Release();
  }

 private:
  // start(): void — poll the map on the event loop; each wake-up calls back with one batch.
  Napi::Value Start(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!consumer_) throw Napi::Error::New(env, "ring buffer reader is closed");
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
    r = uv_poll_start(poll, UV_READABLE, &RingBuffer::OnPoll);
    if (r < 0) {
      CloseHandle(poll);
      throw ErrnoError(env, -r, "uv_poll_start");
    }
    idle_ = new uv_idle_t;
    uv_idle_init(loop, idle_);  // cannot fail
    idle_->data = this;
    poll_ = poll;
    async_ = std::make_unique<Napi::AsyncContext>(env, "ebt:ringbuf");
    napi_add_env_cleanup_hook(env, &RingBuffer::OnEnvCleanup, this);
    Ref();  // the reader must outlive the handles that point at it
    return env.Undefined();
  }

  // consume(): [arena, spans] | undefined — one batch, synchronously (drain before exit).
  Napi::Value ConsumeNow(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Value arena, spans;
    bool got = Collect(env, &arena, &spans);
    ScheduleLeftovers();
    if (!got) return env.Undefined();
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, arena);
    pair.Set(1u, spans);
    return pair;
  }

  // close(): void — stop polling (so the process can exit), unmap, release our fd. Idempotent.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    // async_ is kept: close() may be called from inside the callback that is using it.
    if (poll_) {
      CloseHandles(/*remove_hook=*/true);
      Unref();
    }
    Release();
    return info.Env().Undefined();
  }

  // Copy out every committed record up to the producer position read now, advance consumer_pos
  // past them (and past discarded ones), and report whether any payload was copied. Also notes in
  // ready_left_ whether a committed record is already waiting behind the batch.
  bool Collect(Napi::Env env, Napi::Value* arena_out, Napi::Value* spans_out) {
    ready_left_ = false;
    if (!consumer_) return false;
    const uint64_t start = __atomic_load_n(consumer_, __ATOMIC_ACQUIRE);
    const uint64_t prod = __atomic_load_n(producer_, __ATOMIC_ACQUIRE);
    records_.clear();
    uint64_t pos = start, bytes = 0;
    while (pos < prod && records_.size() < kMaxBatchRecords) {
      // Acquire pairs with the kernel's commit: the payload is complete once BUSY reads clear.
      uint32_t len = Header(pos);
      if (len & kBusyBit) break;  // reserved, not yet committed: records after it wait too
      uint32_t body = len & ~(kBusyBit | kDiscardBit);
      uint64_t total = RoundUp8(uint64_t(body) + kHeaderSize);
      if (total > prod - pos) break;  // cannot happen for a committed record; never read past prod
      if (!(len & kDiscardBit)) {
        records_.push_back({pos + kHeaderSize, body});
        bytes += RoundUp8(body);
      }
      pos += total;
    }
    if (pos == start) return false;  // nothing, or a busy record whose commit will wake us
    bool any = !records_.empty();
    if (any) {
      Napi::Buffer<uint8_t> arena = Napi::Buffer<uint8_t>::New(env, bytes);
      Napi::Uint32Array spans = Napi::Uint32Array::New(env, records_.size() * 2);
      uint8_t* out = arena.Data();
      const uint64_t mask = size_ - 1;
      uint64_t off = 0;
      for (size_t i = 0; i < records_.size(); i++) {
        const Record& r = records_[i];
        memcpy(out + off, data_ + (r.pos & mask), r.len);  // contiguous thanks to the double mapping
        memset(out + off + r.len, 0, RoundUp8(r.len) - r.len);
        spans[2 * i] = static_cast<uint32_t>(off);
        spans[2 * i + 1] = r.len;
        off += RoundUp8(r.len);
      }
      *arena_out = arena;
      *spans_out = spans;
    }
    // Only now may the kernel reuse the space: the payloads have been copied. Sequentially
    // consistent (a full barrier), so that the look below and a producer's commit cannot both
    // miss each other: either we see its record committed, or it sees our position and wakes us.
    __atomic_store_n(consumer_, pos, __ATOMIC_SEQ_CST);
    if (pos < __atomic_load_n(producer_, __ATOMIC_SEQ_CST)) ready_left_ = !(Header(pos) & kBusyBit);
    return any;
  }

  uint32_t Header(uint64_t pos) const {
    return __atomic_load_n(reinterpret_cast<const uint32_t*>(data_ + (pos & (size_ - 1))), __ATOMIC_ACQUIRE);
  }

  // While polling, take what is left on the next loop iteration (see the header comment).
  void ScheduleLeftovers() {
    if (!idle_) return;
    if (ready_left_) uv_idle_start(idle_, &RingBuffer::OnIdle);
    else uv_idle_stop(idle_);
  }

  static void OnPoll(uv_poll_t* handle, int status, int /*events*/) {
    auto* self = static_cast<RingBuffer*>(handle->data);
    if (!self) return;
    if (status < 0) self->Fail(status);
    else self->DeliverBatch();
  }

  static void OnIdle(uv_idle_t* handle) {
    auto* self = static_cast<RingBuffer*>(handle->data);
    if (self) self->DeliverBatch();
  }

  // One batch to the JS callback, from the event loop.
  void DeliverBatch() {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    try {
      Napi::Value arena, spans;
      bool got = Collect(env, &arena, &spans);
      ScheduleLeftovers();
      if (!got) return;
      // napi_make_callback wants an object as receiver. The callback may close (and drop) the
      // reader: do not touch `this` afterwards.
      callback_.MakeCallback(env.Global(), {env.Null(), arena, spans}, *async_);
    } catch (const Napi::Error& e) {
      // The JS callback threw: surface it like any exception thrown from an event handler.
      napi_fatal_exception(env, e.Value());
    }
  }

  // The poll failed (the fd went bad): stop rather than spin, and report it once.
  void Fail(int status) {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    Napi::Error err = ErrnoError(env, -status, "uv_poll");
    CloseHandles(/*remove_hook=*/true);
    std::unique_ptr<Napi::AsyncContext> async = std::move(async_);
    Napi::Value thrown;
    try {
      callback_.MakeCallback(env.Global(), {err.Value()}, *async);
    } catch (const Napi::Error& e) {
      thrown = e.Value();
    }
    Unref();  // last touch of `this`: it may be collected from now on
    if (!thrown.IsEmpty()) napi_fatal_exception(env, thrown);
  }

  // Stops and closes the poll and idle handles; libuv frees them in its close callbacks.
  void CloseHandles(bool remove_hook) {
    if (!poll_) return;
    uv_poll_stop(poll_);
    poll_->data = nullptr;
    CloseHandle(poll_);
    poll_ = nullptr;
    idle_->data = nullptr;
    CloseHandle(idle_);
    idle_ = nullptr;
    if (remove_hook) napi_remove_env_cleanup_hook(Env(), &RingBuffer::OnEnvCleanup, this);
  }

  // The environment (a worker thread, or the process) shuts down while we still poll: close the
  // handles so that its loop can close.
  static void OnEnvCleanup(void* arg) { static_cast<RingBuffer*>(arg)->CloseHandles(/*remove_hook=*/false); }

  void Release() {
    if (consumer_) munmap(consumer_, page_);
    if (producer_) munmap(producer_, page_ + 2 * size_);
    if (fd_ >= 0) close(fd_);
    consumer_ = nullptr;
    producer_ = nullptr;
    data_ = nullptr;
    fd_ = -1;
  }

  struct Record {
    uint64_t pos;  // logical position of the payload (header skipped)
    uint32_t len;
  };

  int fd_ = -1;
  uint64_t size_ = 0;
  uint64_t page_ = 4096;
  uint64_t* consumer_ = nullptr;
  uint64_t* producer_ = nullptr;
  uint8_t* data_ = nullptr;
  uv_poll_t* poll_ = nullptr;
  uv_idle_t* idle_ = nullptr;
  bool ready_left_ = false;
  std::unique_ptr<Napi::AsyncContext> async_;
  Napi::FunctionReference callback_;
  std::vector<Record> records_;
};

}  // namespace

void InitRingBuffer(Napi::Env env, Napi::Object exports) {
  exports.Set("RingBuffer", RingBuffer::Define(env));
}

}  // namespace ebt

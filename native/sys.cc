// close(2) and mount(2). close is here (rather than fs.closeSync) so that every kernel object's
// fd is released the same way and fails with the same error shape; mount(2) has no Node binding.
#include <errno.h>
#include <pthread.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "errors.h"

namespace ebt {
namespace {

// close(fd: number): void
Napi::Value Close(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0, "fd");
  // Linux releases the fd even when close() reports EINTR, so it is never retried.
  if (close(fd) < 0 && errno != EINTR) throw ErrnoError(info.Env(), errno, "close");
  return info.Env().Undefined();
}

// Closing a tracepoint or kprobe perf event with a program attached waits for an RCU grace period
// (tens of ms here); one thread closing 361 of them took 27 s. Waiters in different threads share
// grace periods, so closeMany closes from many short-lived threads at once: about one grace period
// in all. At most this many threads; each closes a slice.
constexpr size_t kMaxCloseThreads = 512;

struct CloseSlice {
  const int* fds;
  size_t n;
  int err;  // first errno other than EINTR, 0 if none
};

void* CloseSliceThread(void* arg) {
  auto* s = static_cast<CloseSlice*>(arg);
  for (size_t i = 0; i < s->n; i++)
    if (close(s->fds[i]) < 0 && errno != EINTR && s->err == 0) s->err = errno;
  return nullptr;
}

// closeMany(fds: number[]): void. Returns when every fd is closed; throws the first close error
// (every fd is closed regardless).
Napi::Value CloseMany(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsArray()) throw Napi::TypeError::New(env, "closeMany: fds must be an array");
  Napi::Array arr = info[0].As<Napi::Array>();
  std::vector<int> fds(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); i++) fds[i] = arr.Get(i).As<Napi::Number>().Int32Value();
  size_t nthreads = std::min(fds.size(), kMaxCloseThreads);
  std::vector<CloseSlice> slices;
  std::vector<pthread_t> threads;
  slices.reserve(nthreads);
  threads.reserve(nthreads);
  size_t per = nthreads == 0 ? 0 : (fds.size() + nthreads - 1) / nthreads;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  size_t inline_from = fds.size();  // what no thread took (thread creation failed): closed here
  for (size_t off = 0; off < fds.size(); off += per) {
    slices.push_back({fds.data() + off, std::min(per, fds.size() - off), 0});
    pthread_t t;
    if (pthread_create(&t, &attr, CloseSliceThread, &slices.back()) != 0) {
      slices.pop_back();
      inline_from = off;
      break;
    }
    threads.push_back(t);
  }
  pthread_attr_destroy(&attr);
  CloseSlice rest{fds.data() + inline_from, fds.size() - inline_from, 0};
  CloseSliceThread(&rest);
  int err = rest.err;
  for (size_t i = 0; i < threads.size(); i++) {
    pthread_join(threads[i], nullptr);
    if (err == 0) err = slices[i].err;
  }
  if (err != 0) throw ErrnoError(env, err, "close");
  return env.Undefined();
}

// mount(source: string, target: string, fstype: string, flags: number): void
Napi::Value Mount(const Napi::CallbackInfo& info) {
  std::string source = StrArg(info, 0, "source");
  std::string target = StrArg(info, 1, "target");
  std::string fstype = StrArg(info, 2, "fstype");
  unsigned long flags = static_cast<unsigned long>(SizeArg(info, 3, "flags"));
  if (mount(source.c_str(), target.c_str(), fstype.c_str(), flags, nullptr) < 0)
    throw ErrnoError(info.Env(), errno, "mount");
  return info.Env().Undefined();
}

// raiseOpenFileLimit(): number — sets the soft RLIMIT_NOFILE to the hard limit, as bpftrace does
// at start-up (each probe holds fds: 10,000 BEGIN probes need more than the usual 1024). Returns the
// limit now in force.
Napi::Value RaiseOpenFileLimit(const Napi::CallbackInfo& info) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) < 0) throw ErrnoError(info.Env(), errno, "getrlimit");
  if (rl.rlim_cur < rl.rlim_max) {
    rlim_t old = rl.rlim_cur;
    rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0) rl.rlim_cur = old;
  }
  return Napi::Number::New(info.Env(), rl.rlim_cur == RLIM_INFINITY ? -1 : static_cast<double>(rl.rlim_cur));
}

}  // namespace

void InitSys(Napi::Env env, Napi::Object exports) {
  exports.Set("close", Napi::Function::New(env, Close, "close"));
  exports.Set("closeMany", Napi::Function::New(env, CloseMany, "closeMany"));
  exports.Set("mount", Napi::Function::New(env, Mount, "mount"));
  exports.Set("raiseOpenFileLimit", Napi::Function::New(env, RaiseOpenFileLimit, "raiseOpenFileLimit"));
}

}  // namespace ebt

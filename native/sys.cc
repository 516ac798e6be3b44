// close(2) and mount(2). close is here (rather than fs.closeSync) so that every kernel object's
// fd is released the same way and fails with the same error shape; mount(2) has no Node binding.
#include <errno.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

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
  exports.Set("mount", Napi::Function::New(env, Mount, "mount"));
  exports.Set("raiseOpenFileLimit", Napi::Function::New(env, RaiseOpenFileLimit, "raiseOpenFileLimit"));
}

}  // namespace ebt

// close(2) and mount(2). close is here (rather than fs.closeSync) so that every kernel object's
// fd is released the same way and fails with the same error shape; mount(2) has no Node binding.
#include <errno.h>
#include <sys/mount.h>
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

}  // namespace

void InitSys(Napi::Env env, Napi::Object exports) {
  exports.Set("close", Napi::Function::New(env, Close, "close"));
  exports.Set("mount", Napi::Function::New(env, Mount, "mount"));
}

}  // namespace ebt

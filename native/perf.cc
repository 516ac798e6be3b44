// perf_event_open(2) and ioctl(2). TypeScript packs `struct perf_event_attr`; these only call.
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errors.h"

namespace ebt {
namespace {

// perfEventOpen(attr: Buffer, pid: number, cpu: number, groupFd: number, flags: number, ...keepAlive): number
// attr.size (bytes 4..7) must be set by the caller; the kernel reads that many bytes. Further
// arguments are ignored: the Buffers that attr points to (uprobe path, kprobe function name).
Napi::Value PerfEventOpen(const Napi::CallbackInfo& info) {
  Napi::Uint8Array attr = BufArg(info, 0, "attr");
  int pid = IntArg(info, 1, "pid");
  int cpu = IntArg(info, 2, "cpu");
  int group = IntArg(info, 3, "groupFd");
  unsigned long flags = static_cast<unsigned long>(SizeArg(info, 4, "flags"));
  if (attr.ByteLength() < 64) throw Napi::RangeError::New(info.Env(), "perf_event_attr is at least 64 bytes");
  long r = syscall(__NR_perf_event_open, attr.Data(), pid, cpu, group, flags);
  if (r < 0) throw ErrnoError(info.Env(), errno, "perf_event_open");
  return Napi::Number::New(info.Env(), static_cast<double>(r));
}

// ioctl(fd: number, request: number, arg: number | Buffer, name?: string): number
// A number is passed by value (PERF_EVENT_IOC_SET_BPF takes the program fd itself); a Buffer is
// passed by address, for requests that read or write a struct. `name` labels errors.
Napi::Value Ioctl(const Napi::CallbackInfo& info) {
  int fd = IntArg(info, 0, "fd");
  unsigned long request = static_cast<unsigned long>(SizeArg(info, 1, "request"));
  std::string name = info.Length() > 3 && info[3].IsString() ? info[3].As<Napi::String>().Utf8Value() : "ioctl";
  int r;
  if (info.Length() > 2 && info[2].IsTypedArray()) {
    Napi::Uint8Array arg = BufArg(info, 2, "arg");
    r = ioctl(fd, request, arg.Data());
  } else {
    r = ioctl(fd, request, static_cast<unsigned long>(SizeArg(info, 2, "arg")));
  }
  if (r < 0) throw ErrnoError(info.Env(), errno, name);
  return Napi::Number::New(info.Env(), r);
}

}  // namespace

void InitPerf(Napi::Env env, Napi::Object exports) {
  exports.Set("perfEventOpen", Napi::Function::New(env, PerfEventOpen, "perfEventOpen"));
  exports.Set("ioctl", Napi::Function::New(env, Ioctl, "ioctl"));
}

}  // namespace ebt

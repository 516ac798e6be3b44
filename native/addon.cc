// ebt_native: only what JavaScript cannot do (DESIGN.md §4): the bpf(2) and perf_event_open(2)
// system calls, ioctl(2), close(2), mount(2), buffer addresses for attr structs, a BPF ring buffer
// consumer driven by libuv (and a perf buffer one, for bpf_skb_output), and the -c command's held child (fork, execve, a pidfd for its exit).
// What to create, load and attach, how `union bpf_attr` is packed and how records are decoded: all
// of that lives in TypeScript (src/runtime/bpf.ts, src/abi/uapi.ts, ringbuf.ts).
#include <string.h>

#include "errors.h"

namespace ebt {

Napi::Error ErrnoError(Napi::Env env, int err, const std::string& op) {
  // ENOTSUPP (524) is kernel-internal and has no libc name, yet the bpf() commands return it
  // (e.g. BPF_PROG_TEST_RUN for a program type without test-run support).
  const char* name = err == 524 ? "ENOTSUPP" : strerrorname_np(err);
  std::string code = name ? name : "E" + std::to_string(err);
  std::string text = err == 524 ? "Operation not supported" : strerror(err);
  Napi::Error e = Napi::Error::New(env, op + ": " + text);
  e.Set("errno", Napi::Number::New(env, err));
  e.Set("code", Napi::String::New(env, code));
  e.Set("syscall", Napi::String::New(env, op));
  return e;
}

int32_t IntArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsNumber())
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a number");
  return info[i].As<Napi::Number>().Int32Value();
}

uint64_t SizeArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsNumber())
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a number");
  double d = info[i].As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d > 9007199254740991.0 || d != static_cast<double>(static_cast<uint64_t>(d)))
    throw Napi::RangeError::New(info.Env(), std::string(what) + " must be a non-negative integer");
  return static_cast<uint64_t>(d);
}

Napi::Uint8Array BufArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsTypedArray() ||
      info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a Buffer");
  return info[i].As<Napi::Uint8Array>();
}

std::string StrArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsString())
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

}  // namespace ebt

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  using namespace ebt;
  InitBpf(env, exports);
  InitPerf(env, exports);
  InitSys(env, exports);
  InitRingBuffer(env, exports);
  InitPerfBuffer(env, exports);
  InitAbi(env, exports);
  InitChild(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(ebt_native, Init)

// Shared helpers of the ebt_native addon: errno → JS Error, and argument checks.
//
// Every failing system call becomes a JS Error with `errno` (number), `code` ("EPERM") and
// `syscall` (the bpf command name such as "BPF_PROG_LOAD", or "perf_event_open", "ioctl", ...).
// Wrong argument types become TypeErrors. Nothing here aborts the process.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

namespace ebt {

/** A JS Error for a failed system call; `op` names what failed (see the header comment). */
Napi::Error ErrnoError(Napi::Env env, int err, const std::string& op);

/** info[i] as an int32, or a TypeError naming `what`. */
int32_t IntArg(const Napi::CallbackInfo& info, size_t i, const char* what);

/** info[i] as a non-negative integer that fits a size_t (a JS number), or a TypeError/RangeError. */
uint64_t SizeArg(const Napi::CallbackInfo& info, size_t i, const char* what);

/** info[i] as a Buffer (any Uint8Array), or a TypeError naming `what`. */
Napi::Uint8Array BufArg(const Napi::CallbackInfo& info, size_t i, const char* what);

/** info[i] as a string, or a TypeError naming `what`. */
std::string StrArg(const Napi::CallbackInfo& info, size_t i, const char* what);

// Registration of each part of the addon (one per source file).
void InitBpf(Napi::Env env, Napi::Object exports);
void InitPerf(Napi::Env env, Napi::Object exports);
void InitSys(Napi::Env env, Napi::Object exports);
void InitRingBuffer(Napi::Env env, Napi::Object exports);
void InitPerfBuffer(Napi::Env env, Napi::Object exports);
void InitAbi(Napi::Env env, Napi::Object exports);
void InitChild(Napi::Env env, Napi::Object exports);

}  // namespace ebt

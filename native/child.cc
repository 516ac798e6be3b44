// The -c command's process: forked here and held before execve until ebt has attached its probes,
// with no helper program in between, so `cpid` is the command itself from its exec on (as in
// bpftrace). PR_SET_PDEATHSIG makes the kernel end the command if ebt dies; a pidfd polled by
// libuv reports its exit, and waitpid() reaps it (Node does not know this child).
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include <memory>
#include <string>
#include <vector>

#include "errors.h"

extern char** environ;

namespace ebt {
namespace {

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

// In the child, between fork() and execve(): only async-signal-safe calls (the parent has threads).
[[noreturn]] void HeldChild(int gate, pid_t parent, const char* path, char* const* argv) {
  // Node ignores SIGPIPE and libuv blocks signals in places: the command gets the defaults.
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; sig++) sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  // Dies with ebt; if ebt is already gone, the signal would never come.
  if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent) _exit(127);
  // Node's own descriptors must not reach the command; its stdio must. Node marks 0-2
  // close-on-exec and may have made them non-blocking: undo both, as libuv's uv_spawn does.
  syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
  for (int fd = 0; fd <= 2; fd++) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0) continue;
    fcntl(fd, F_SETFD, 0);
    if (fl & O_NONBLOCK) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  }
  char go;
  ssize_t n;
  do n = read(gate, &go, 1);
  while (n < 0 && errno == EINTR);
  // EOF: ebt closed the gate without releasing (it failed or was killed): never run the command.
  if (n != 1) _exit(127);
  close(gate);
  execve(path, argv, environ);
  _exit(127);
}

// spawnHeld(path: string, argv: string[]): { pid, gate }
// gate: the write end of a pipe; one byte written to it lets the command run, closing it unwritten
// makes the child exit without running it.
Napi::Value SpawnHeld(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = StrArg(info, 0, "path");
  if (info.Length() < 2 || !info[1].IsArray()) throw Napi::TypeError::New(env, "argv must be an array of strings");
  Napi::Array arr = info[1].As<Napi::Array>();
  std::vector<std::string> args;
  for (uint32_t i = 0; i < arr.Length(); i++) {
    Napi::Value v = arr.Get(i);
    if (!v.IsString()) throw Napi::TypeError::New(env, "argv must be an array of strings");
    args.push_back(v.As<Napi::String>().Utf8Value());
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) < 0) throw ErrnoError(env, errno, "pipe2");
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(fds[0]);
    close(fds[1]);
    throw ErrnoError(env, err, "fork");
  }
  if (pid == 0) {
    close(fds[1]);
    HeldChild(fds[0], parent, path.c_str(), argv.data());
  }
  close(fds[0]);
  Napi::Object out = Napi::Object::New(env);
  out.Set("pid", Napi::Number::New(env, pid));
  out.Set("gate", Napi::Number::New(env, fds[1]));
  return out;
}

// new ChildWatch(pid, callback): calls callback(code, signal) once when child `pid` exits, after
// reaping it: code is its exit status (or null), signal the number of the signal that ended it
// (or null). close() stops watching. The watch does not keep the event loop alive by itself.
class ChildWatch : public Napi::ObjectWrap<ChildWatch> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "ChildWatch", {InstanceMethod("close", &ChildWatch::Close)});
  }

  explicit ChildWatch(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ChildWatch>(info) {
    Napi::Env env = info.Env();
    pid_ = IntArg(info, 0, "pid");
    if (info.Length() < 2 || !info[1].IsFunction()) throw Napi::TypeError::New(env, "callback must be a function");
    callback_ = Napi::Persistent(info[1].As<Napi::Function>());
    pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd_ < 0) throw ErrnoError(env, errno, "pidfd_open");
    uv_loop_t* loop;
    napi_get_uv_event_loop(env, &loop);
    poll_ = new uv_poll_t;
    int r = uv_poll_init(loop, poll_, pidfd_);
    if (r == 0) r = uv_poll_start(poll_, UV_READABLE, &ChildWatch::OnPoll);
    if (r != 0) {
      delete poll_;
      poll_ = nullptr;
      close(pidfd_);
      throw ErrnoError(env, -r, "uv_poll");
    }
    poll_->data = this;
    uv_unref(reinterpret_cast<uv_handle_t*>(poll_));
    async_ = std::make_unique<Napi::AsyncContext>(env, "ebt:ChildWatch");
    napi_add_env_cleanup_hook(env, &ChildWatch::OnEnvCleanup, this);
    Ref();  // alive while polled, whatever JS keeps
  }

 private:
  static void OnPoll(uv_poll_t* handle, int status, int /*events*/) {
    auto* self = static_cast<ChildWatch*>(handle->data);
    int st = 0;
    pid_t r = waitpid(self->pid_, &st, WNOHANG);
    if (r == 0) return;  // woken early: not exited yet
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    Napi::Value code = env.Null();
    Napi::Value sig = env.Null();
    if (r == self->pid_ && WIFEXITED(st)) code = Napi::Number::New(env, WEXITSTATUS(st));
    if (r == self->pid_ && WIFSIGNALED(st)) sig = Napi::Number::New(env, WTERMSIG(st));
    Napi::FunctionReference cb = std::move(self->callback_);
    std::unique_ptr<Napi::AsyncContext> async = std::move(self->async_);
    self->Stop();  // may drop `self`: not touched below
    try {
      cb.MakeCallback(env.Global(), {code, sig}, *async);
    } catch (const Napi::Error& e) {
      napi_fatal_exception(env, e.Value());
    }
  }

  // The environment shuts down while we still poll: close the handle so that its loop can close.
  static void OnEnvCleanup(void* arg) { static_cast<ChildWatch*>(arg)->Stop(/*remove_hook=*/false); }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    Stop();
    return info.Env().Undefined();
  }

  void Stop(bool remove_hook = true) {
    if (!poll_) return;
    if (remove_hook) napi_remove_env_cleanup_hook(Env(), &ChildWatch::OnEnvCleanup, this);
    uv_poll_stop(poll_);
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
    poll_ = nullptr;
    close(pidfd_);
    pidfd_ = -1;
    Unref();
  }

  pid_t pid_ = 0;
  int pidfd_ = -1;
  uv_poll_t* poll_ = nullptr;
  Napi::FunctionReference callback_;
  std::unique_ptr<Napi::AsyncContext> async_;
};

}  // namespace

void InitChild(Napi::Env env, Napi::Object exports) {
  exports.Set("spawnHeld", Napi::Function::New(env, SpawnHeld, "spawnHeld"));
  exports.Set("ChildWatch", ChildWatch::Define(env));
}

}  // namespace ebt

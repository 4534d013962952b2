#include "topology/world/signal_watch.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>

namespace spinecheck {
namespace {

// What the handler may touch: lock-free atomics and plain values set before
// the handlers are installed.
std::atomic<bool> g_active{false};
std::atomic<int> g_first_signal{0};
int g_write_fd = -1;
int (*g_exit_code_for)(int) = nullptr;
struct sigaction g_previous_term;
struct sigaction g_previous_int;
struct sigaction g_previous_hup;

constexpr char kSignalByte = 1;
constexpr char kStopByte = 0;

static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free atomic");

extern "C" void OnSignal(int signal_number) {
  const int saved_errno = errno;
  int expected = 0;
  if (g_first_signal.compare_exchange_strong(expected, signal_number)) {
    // write(2) is async-signal-safe; the pipe holds far more than one byte.
    [[maybe_unused]] const ssize_t written = write(g_write_fd, &kSignalByte, 1);
  } else if (signal_number == SIGINT) {
    // A second Ctrl-C: the operator does not want to wait for the document.
    _exit(g_exit_code_for(signal_number));
  }
  errno = saved_errno;
}

}  // namespace

std::unique_ptr<SignalWatch> SignalWatch::Create(Callback callback, int (*exit_code_for)(int)) {
  bool expected = false;
  if (!g_active.compare_exchange_strong(expected, true)) return nullptr;
  int fds[2] = {-1, -1};
  if (pipe2(fds, O_CLOEXEC) != 0) {
    g_active = false;
    return nullptr;
  }
  fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
  g_write_fd = fds[1];
  g_exit_code_for = exit_code_for;
  g_first_signal = 0;
  std::unique_ptr<SignalWatch> watch(new SignalWatch(std::move(callback), fds[0]));
  struct sigaction action = {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaddset(&action.sa_mask, SIGTERM);
  sigaddset(&action.sa_mask, SIGINT);
  sigaddset(&action.sa_mask, SIGHUP);
  // Calls interrupted in the main thread (MPI's polls, sleeps) go on.
  action.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &action, &g_previous_term);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGHUP, &action, &g_previous_hup);
  return watch;
}

SignalWatch::SignalWatch(Callback callback, int read_fd)
    : callback_(std::move(callback)), read_fd_(read_fd), thread_([this] { Loop(); }) {}

SignalWatch::~SignalWatch() {
  sigaction(SIGTERM, &g_previous_term, nullptr);
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGHUP, &g_previous_hup, nullptr);
  // A signal recorded before this point is being handled: the thread ends
  // the process, and the join below never returns.
  [[maybe_unused]] const ssize_t written = write(g_write_fd, &kStopByte, 1);
  thread_.join();
  close(read_fd_);
  close(g_write_fd);
  g_write_fd = -1;
  g_first_signal = 0;
  g_active = false;
}

void SignalWatch::SetCallback(Callback callback) {
  std::lock_guard<std::mutex> lock(mutex_);
  callback_ = std::move(callback);
}

const char* SignalWatch::Name(int signal_number) {
  switch (signal_number) {
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGHUP: return "SIGHUP";
    default: return "signal";
  }
}

void SignalWatch::Loop() {
  while (true) {
    char byte = kStopByte;
    const ssize_t got = read(read_fd_, &byte, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0 || byte == kStopByte) return;
    const int signal_number = g_first_signal.load();
    Callback callback;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      callback = callback_;
    }
    const int exit_code = callback ? callback(signal_number) : g_exit_code_for(signal_number);
    std::_Exit(exit_code);
  }
}

}  // namespace spinecheck

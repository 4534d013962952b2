// SignalWatch: SIGTERM, SIGHUP and SIGINT end the run through the harness instead of
// killing the process outright, so that rank 0 can still write what was
// measured.
//
// Slurm's time limit (and scancel, and preemption) sends SIGTERM to every
// task, then SIGKILL KillWait later (30 s by default); mpirun passes SIGTERM
// to the ranks when it is interrupted (Open MPI 4.1 turns a Ctrl-C into
// SIGTERM for the ranks and sends SIGKILL 1 s later); srun and a process
// started alone get SIGINT on Ctrl-C. SIGHUP (the terminal or the ssh
// session that started the run closed) is handled like SIGTERM.
//
// The signal handler is async-signal-safe: it only records the signal in an
// atomic and writes one byte to a pipe (the self-pipe idiom). A thread of
// this class waits on that pipe and runs the callback, where locks, memory
// allocation and file writes are allowed. Written by hand: Abseil and the
// standard library have no signal-to-thread bridge, and Open MPI's event
// library is not ours to use.
//
// One SignalWatch per process may be active: a second construction fails
// (Create returns nullptr) and leaves the first in place.
#ifndef SPINECHECK_TOPOLOGY_WORLD_SIGNAL_WATCH_H_
#define SPINECHECK_TOPOLOGY_WORLD_SIGNAL_WATCH_H_

#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace spinecheck {

class SignalWatch {
 public:
  // Called on the watch thread with the signal number (SIGTERM, SIGHUP or
  // SIGINT);
  // returns the exit code. The process then ends with std::_Exit(code) (no
  // destructors, no MPI_Finalize, which could hang on a peer that stopped).
  // The callback must not call MPI: the harness runs MPI on the main thread
  // only (MPI_THREAD_SINGLE).
  using Callback = std::function<int(int signal_number)>;

  // Installs handlers for SIGTERM, SIGHUP and SIGINT and starts the watch
  // thread.
  // `exit_code_for(signal)` must be a plain function: it decides the exit
  // code of a second SIGINT, which ends the process from inside the handler
  // (Ctrl-C twice: the operator does not want to wait). Later SIGTERMs are
  // ignored while the first is handled (the launcher's SIGKILL follows).
  // nullptr when a SignalWatch is already active in this process, or when
  // the pipe or the handlers cannot be set up.
  static std::unique_ptr<SignalWatch> Create(Callback callback, int (*exit_code_for)(int signal_number));

  // Restores the previous handlers and stops the thread. A signal that
  // arrives after that has its previous (usually default) effect.
  ~SignalWatch();
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

  void SetCallback(Callback callback);

  // "SIGTERM", "SIGINT", "SIGHUP", else "signal".
  static const char* Name(int signal_number);

 private:
  SignalWatch(Callback callback, int read_fd);
  void Loop();

  std::mutex mutex_;
  Callback callback_;
  const int read_fd_;
  std::thread thread_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_WORLD_SIGNAL_WATCH_H_

// Running another program with its output captured and a time limit: the
// one place spinecheck starts a process (dcgmi for the burn), shared with
// the tests that run the spinecheck binary (tests/tools/process.h).
#ifndef SPINECHECK_TOPOLOGY_HOST_SUBPROCESS_H_
#define SPINECHECK_TOPOLOGY_HOST_SUBPROCESS_H_

#include <sys/types.h>

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace spinecheck {

struct SubprocessOptions {
  absl::Duration timeout = absl::InfiniteDuration();  // from the start to the end of the program
  // On timeout the program's process group gets SIGTERM, then SIGKILL after
  // this grace period (zero: SIGKILL at once).
  absl::Duration kill_grace = absl::ZeroDuration();
  size_t max_output_bytes = 64 << 20;  // kept of stdout and of stderr each; the rest is read and dropped
};

struct SubprocessResult {
  bool timed_out = false;  // stopped by the timeout (see SubprocessOptions)
  bool exited = false;     // ended by exit(); exit_code is valid
  int exit_code = -1;
  int signal = 0;          // the signal that ended it, when it did not exit
  // False only when it did not end within a few seconds of SIGKILL (a
  // process stuck in the kernel); it is then left unreaped.
  bool reaped = true;
  std::string out;  // stdout
  std::string err;  // stderr
};

// The path of the executable `name` as execvp would find it on $PATH; `name`
// containing '/' is taken as a path. kNotFound when there is none.
absl::StatusOr<std::string> FindExecutable(const std::string& name);

// Runs argv[0] (a path, see FindExecutable) with `argv`, stdin from
// /dev/null, stdout and stderr each captured through a pipe, in a process
// group of its own, and waits for it or for the timeout. Only file
// descriptors 0-2 are passed on. kInternal when it cannot be started (pipe,
// spawn); a program that starts and fails is an OK result with its exit code.
absl::StatusOr<SubprocessResult> RunSubprocess(const std::vector<std::string>& argv, const SubprocessOptions& options);

// A program started as RunSubprocess starts it, whose output a thread of its
// own reads from the start (so that the program never blocks on a full
// pipe), for a caller that acts on it while it runs (signals it).
class Subprocess {
 public:
  // Starts argv[0] (a path); kInternal when it cannot be started. The
  // timeout counts from here.
  static absl::StatusOr<std::unique_ptr<Subprocess>> Start(const std::vector<std::string>& argv,
                                                          const SubprocessOptions& options);
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  // Waits for the program as Wait does.
  ~Subprocess();

  // The program's process id, also its process group's id.
  pid_t pid() const { return pid_; }
  // Waits for the program to end (or for the timeout) and returns what
  // RunSubprocess would; the same result on every call. Call it from one
  // thread at a time.
  const absl::StatusOr<SubprocessResult>& Wait();

 private:
  explicit Subprocess(pid_t pid) : pid_(pid) {}

  pid_t pid_;
  std::thread collector_;
  absl::StatusOr<SubprocessResult> result_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_HOST_SUBPROCESS_H_

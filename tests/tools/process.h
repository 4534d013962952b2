// Running a program from a test, as an operator's shell would, without a shell.
#ifndef SPINECHECK_TESTS_TOOLS_PROCESS_H_
#define SPINECHECK_TESTS_TOOLS_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace spinecheck {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] (searched on PATH) with `argv`, waits for it, and returns its
// exit code and everything it wrote. `timeout_s` kills it (SIGKILL) after
// that many seconds.
ProcessResult RunProcess(const std::vector<std::string>& argv, int timeout_s = 300);

// A started process, in its own process group (pid == group id), with its
// output going to temporary files.
struct StartedProcess {
  pid_t pid = -1;
  std::string out_path;
  std::string err_path;
};

// Starts argv[0] (searched on PATH) with `argv` and returns at once.
StartedProcess StartProcess(const std::vector<std::string>& argv);

// Waits for `process` to end (killing its process group with SIGKILL after
// `timeout_s`) and returns its exit code and output.
ProcessResult WaitProcess(const StartedProcess& process, int timeout_s = 300);

}  // namespace spinecheck

#endif  // SPINECHECK_TESTS_TOOLS_PROCESS_H_

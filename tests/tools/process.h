// Running a program from a test, as an operator's shell would, without a
// shell: the project's own subprocess runner (topology/host/subprocess.h)
// with the test's conventions (an exit code of 128 + signal, a timeout that
// kills the process group).
#ifndef SPINECHECK_TESTS_TOOLS_PROCESS_H_
#define SPINECHECK_TESTS_TOOLS_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "topology/host/subprocess.h"

namespace spinecheck {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] (searched on PATH) with `argv`, waits for it, and returns its
// exit code and everything it wrote. `timeout_s` kills its process group
// (SIGKILL) after that many seconds.
ProcessResult RunProcess(const std::vector<std::string>& argv, int timeout_s = 300);

// A started process, in its own process group (pid == group id), its output
// read as it runs; `timeout_s` counts from the start.
struct StartedProcess {
  pid_t pid = -1;
  std::shared_ptr<Subprocess> process;
};

// Starts argv[0] (searched on PATH) with `argv` and returns at once.
StartedProcess StartProcess(const std::vector<std::string>& argv, int timeout_s = 300);

// Waits for `process` to end and returns its exit code and output.
ProcessResult WaitProcess(const StartedProcess& process);

}  // namespace spinecheck

#endif  // SPINECHECK_TESTS_TOOLS_PROCESS_H_

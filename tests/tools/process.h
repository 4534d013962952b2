// Running a program from a test, as an operator's shell would, without a shell.
#ifndef SPINECHECK_TESTS_TOOLS_PROCESS_H_
#define SPINECHECK_TESTS_TOOLS_PROCESS_H_

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

}  // namespace spinecheck

#endif  // SPINECHECK_TESTS_TOOLS_PROCESS_H_

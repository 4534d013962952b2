// Running a helper program (dcgmi) with a deadline, without a shell.
#ifndef SPINECHECK_DIAG_DCGM_SUBPROCESS_H_
#define SPINECHECK_DIAG_DCGM_SUBPROCESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace spinecheck {

struct SubprocessResult {
  int exit_code = -1;  // 128 + signal when it was killed by a signal
  std::string output;  // stdout and stderr, interleaved as written
};

// Runs argv[0] (searched on PATH) with `argv` and collects its output.
// kNotFound when argv[0] is not on the PATH; kDeadlineExceeded when it has
// not finished within `timeout` (it is then killed with SIGKILL).
absl::StatusOr<SubprocessResult> RunSubprocess(const std::vector<std::string>& argv, absl::Duration timeout);

// The full path of `program` on the PATH; empty when it is not there.
std::string FindOnPath(const std::string& program);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_DCGM_SUBPROCESS_H_

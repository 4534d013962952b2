#include "reports/model/exit_code.h"

namespace spinecheck {

ExitCode ExitCodeForStatus(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return ExitCode::kPass;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
      return ExitCode::kUsage;
    case absl::StatusCode::kDeadlineExceeded:
      return ExitCode::kTimeout;
    default:
      return ExitCode::kCouldNotTest;
  }
}

ExitCode WorstExitCode(ExitCode a, ExitCode b) {
  // The enumerators are numbered in order of severity.
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

}  // namespace spinecheck

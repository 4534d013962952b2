// Process exit codes, shared by every subcommand (see README "Exit codes").
#ifndef SPINECHECK_REPORTS_MODEL_EXIT_CODE_H_
#define SPINECHECK_REPORTS_MODEL_EXIT_CODE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace spinecheck {

enum class ExitCode : int {
  kPass = 0,          // everything measured, nothing blamed
  kFailure = 1,       // a health or performance failure was found and blamed
  kUsage = 2,         // usage or configuration error
  kCouldNotTest = 3,  // infrastructure error: MPI failure, missing device, unreachable rank
  kTimeout = 4,       // a deadline expired (hang)
};

// The class a failed run belongs to: InvalidArgument / NotFound / OutOfRange /
// FailedPrecondition -> kUsage; DeadlineExceeded -> kTimeout; any other error
// -> kCouldNotTest; OK -> kPass.
ExitCode ExitCodeForStatus(const absl::Status& status);

// The code of several runs (or checks) taken together: the most severe one,
// timeout 4 > could not test 3 > usage 2 > failure 1 > pass 0. Combining
// with kPass leaves a code unchanged.
ExitCode WorstExitCode(ExitCode a, ExitCode b);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_MODEL_EXIT_CODE_H_

// DCGM diagnostics folded into a burn: runs `dcgmi diag -r LEVEL -j` where
// dcgmi is on the PATH and parses its JSON into DcgmResult rows.
#ifndef SPINECHECK_DIAG_DCGM_DCGM_DIAG_H_
#define SPINECHECK_DIAG_DCGM_DCGM_DIAG_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Parses the JSON that `dcgmi diag -j` prints (DCGM 3.x and 4.x layouts)
// into one row per GPU and test, for `host`. kInvalidArgument naming what
// is missing when the text is not dcgmi diag JSON; kUnavailable with DCGM's
// message when the document reports a runtime error instead of results.
absl::StatusOr<std::vector<DcgmResult>> ParseDcgmDiagJson(std::string_view json, const std::string& host);

// Runs `dcgmi diag -r <level> -j` and parses its output. kNotFound when
// dcgmi is not on the PATH; kDeadlineExceeded when it has not finished
// within `timeout` (it is killed: DCGM diag is known to hang on faulty
// GPUs); kUnavailable when it fails without JSON, with its output.
absl::StatusOr<std::vector<DcgmResult>> RunDcgmDiag(int level, const std::string& host, absl::Duration timeout);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_DCGM_DCGM_DIAG_H_

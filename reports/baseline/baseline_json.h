// The baseline file, "spinecheck.baseline/1" (docs/baseline.md).
#ifndef SPINECHECK_REPORTS_BASELINE_BASELINE_JSON_H_
#define SPINECHECK_REPORTS_BASELINE_BASELINE_JSON_H_

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "reports/baseline/baseline.h"

namespace spinecheck {

// The baseline as JSON text (two-space indent, trailing newline); keys in the
// documented order, so two renderings of one baseline are byte-identical.
std::string RenderBaselineJson(const Baseline& baseline);

// Reads a baseline file's text; `path` only names the file in errors.
// Fails with kInvalidArgument "PATH: <JSON pointer>: reason" on a schema
// other than "spinecheck.baseline/1", a missing or mistyped key, a number
// that is not finite, or a band where low <= expected <= high does not hold;
// "PATH: invalid JSON: ..." when the text is not JSON. Never throws.
// Keys it does not know are ignored.
absl::StatusOr<Baseline> ParseBaseline(absl::string_view text, absl::string_view path);

// ParseBaseline of the file at `path`; kInvalidArgument "PATH: cannot be
// read" when it cannot be opened.
absl::StatusOr<Baseline> ReadBaselineFile(const std::string& path);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_BASELINE_BASELINE_JSON_H_

#include "diag/check.h"

#include "absl/strings/str_cat.h"

namespace spinecheck {

std::vector<BurnResult> RunCheckOnDevice(const DiagCheck& check, const CheckContext& context, absl::string_view where) {
  std::vector<BurnResult> results;
  if (absl::Status applicable = check.Applicable(context); !applicable.ok()) {
    BurnResult skipped;
    skipped.check = std::string(check.name());
    skipped.status = BurnStatus::kSkipped;
    skipped.reason = std::string(applicable.message());
    results.push_back(std::move(skipped));
  } else if (absl::StatusOr<std::vector<BurnResult>> ran = check.Run(context); ran.ok()) {
    results = *std::move(ran);
  } else {
    BurnResult error;
    error.check = std::string(check.name());
    error.status = BurnStatus::kError;
    error.reason = absl::StrCat(where, ": ", ran.status().message());
    results.push_back(std::move(error));
  }
  return results;
}

}  // namespace spinecheck

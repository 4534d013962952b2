#include "diag/burn_injection.h"

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace spinecheck {
namespace {

absl::Status Malformed(absl::string_view text) {
  return absl::InvalidArgumentError(absl::StrCat("--inject: cannot parse '", text,
                                                 "'; accepted: corrupt=RANK, slow=RANK:FACTOR (0 < FACTOR <= 1), "
                                                 "hang=RANK, comma-separated"));
}

}  // namespace

absl::Status ParseBurnInjection(absl::string_view text, BurnInjection& injection) {
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    const std::vector<absl::string_view> parts = absl::StrSplit(item, absl::MaxSplits('=', 1));
    if (parts.size() != 2) return Malformed(item);
    const absl::string_view kind = parts[0];
    int rank = -1;
    if (kind == "slow") {
      const std::vector<absl::string_view> value = absl::StrSplit(parts[1], absl::MaxSplits(':', 1));
      double factor = 0;
      if (value.size() != 2 || !absl::SimpleAtoi(value[0], &rank) || rank < 0 ||
          !absl::SimpleAtod(value[1], &factor) || !(factor > 0 && factor <= 1)) {
        return Malformed(item);
      }
      injection.slow_rank = rank;
      injection.slow_factor = factor;
      continue;
    }
    if (!absl::SimpleAtoi(parts[1], &rank) || rank < 0) return Malformed(item);
    if (kind == "corrupt") {
      injection.corrupt_rank = rank;
    } else if (kind == "hang") {
      injection.hang_rank = rank;
    } else {
      return Malformed(item);
    }
  }
  return absl::OkStatus();
}

CheckFaults FaultsForRank(const BurnInjection& injection, int rank) {
  CheckFaults faults;
  faults.corrupt_gemm = injection.corrupt_rank == rank;
  if (injection.slow_rank == rank) faults.slow_factor = injection.slow_factor;
  return faults;
}

absl::Status CheckInjectionFits(const BurnInjection& injection, int ranks) {
  for (const auto& [what, rank] : {std::pair<const char*, int>{"corrupt", injection.corrupt_rank},
                                   {"slow", injection.slow_rank},
                                   {"hang", injection.hang_rank}}) {
    if (rank >= ranks) {
      return absl::InvalidArgumentError(
          absl::StrCat("--inject ", what, "=", rank, ": not a rank of this job (ranks 0-", ranks - 1, ")"));
    }
  }
  if (injection.hang_rank >= 0 && ranks < 2) {
    return absl::InvalidArgumentError("--inject hang=RANK needs at least 2 processes: someone must notice the hang");
  }
  return absl::OkStatus();
}

}  // namespace spinecheck

#include "bench/sweep/sweep_options.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "reports/model/units.h"

namespace spinecheck {

absl::Status ParseInjection(absl::string_view text, Injection& injection) {
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    const std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(item, absl::MaxSplits('=', 1));
    int rank = -1;
    if (!absl::SimpleAtoi(kv.second, &rank) || rank < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--inject: '", item, "' needs a rank number; accepted: corrupt=RANK, hang=RANK"));
    }
    if (kv.first == "corrupt") {
      injection.corrupt_rank = rank;
    } else if (kv.first == "hang") {
      injection.hang_rank = rank;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--inject: unknown fault '", kv.first, "'; accepted: corrupt=RANK, hang=RANK"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateSweepOptions(const SweepOptions& options) {
  if (options.min_bytes > options.max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("-b/--minbytes (", FormatByteSize(options.min_bytes),
                                                   ") is above -e/--maxbytes (", FormatByteSize(options.max_bytes),
                                                   "); give -b <= -e"));
  }
  if (options.iterations < 1) {
    return absl::InvalidArgumentError(absl::StrCat("-n/--iters must be at least 1 (got ", options.iterations, ")"));
  }
  if (options.warmup_iterations < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("-w/--warmup_iters must be 0 or more (got ", options.warmup_iterations, ")"));
  }
  if (options.checks < 0) {
    return absl::InvalidArgumentError(absl::StrCat("-c/--check must be 0 or more (got ", options.checks, ")"));
  }
  if (options.step_factor < 1) {
    return absl::InvalidArgumentError("-f/--stepfactor must be 1 or more (1 means: step by -i bytes)");
  }
  if (options.step_factor == 1 && options.step_bytes == 0 && options.min_bytes != options.max_bytes) {
    return absl::InvalidArgumentError("-i/--stepbytes must be above 0 when -f is 1 and -b differs from -e");
  }
  if (options.root < -1) {
    return absl::InvalidArgumentError(absl::StrCat("-r/--root must be a rank, or -1 for every rank (got ",
                                                   options.root, ")"));
  }
  if (options.blocking < 0 || options.blocking > 3) {
    return absl::InvalidArgumentError(absl::StrCat("-z/--blocking accepts 0, 1, 2 or 3 (got ", options.blocking, ")"));
  }
  if (options.timeout < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("-T/--timeout must be 0 (no deadline) or a number of seconds");
  }
  if (options.collectives.empty()) return absl::InvalidArgumentError("--collective selects nothing");
  if (options.types.empty()) return absl::InvalidArgumentError("-d/--datatype selects nothing");
  if (options.ops.empty()) return absl::InvalidArgumentError("-o/--op selects nothing");
  return absl::OkStatus();
}

std::vector<uint64_t> SweepSizes(const SweepOptions& options) {
  std::vector<uint64_t> sizes;
  for (uint64_t size = options.min_bytes; size <= options.max_bytes;) {
    sizes.push_back(size);
    const uint64_t next = options.step_factor > 1 ? size * options.step_factor : size + options.step_bytes;
    if (next <= size) break;  // a zero size with a factor, a zero step, or overflow
    size = next;
  }
  return sizes;
}

}  // namespace spinecheck

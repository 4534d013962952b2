#include "reports/baseline/baseline.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "reports/baseline/platform.h"
#include "reports/baseline/run_metrics.h"

namespace spinecheck {
namespace {

using ValueId = std::tuple<std::string, std::string, int, uint64_t, std::string>;

std::string RunName(const std::vector<RunDocument>& runs, const BaselineOptions& options, size_t i) {
  if (i < options.names.size() && !options.names[i].empty()) return options.names[i];
  if (!runs[i].source.file.empty()) return runs[i].source.file;
  return absl::StrCat("run ", i, " (started ", runs[i].start_time, ")");
}

// Samples of one platform gathered over its runs.
struct PlatformSamples {
  std::vector<std::string> sources;
  std::map<ValueId, std::pair<std::string, std::vector<double>>> values;  // id -> (unit, run values)
};

}  // namespace

const BaselineValue* PlatformBaseline::Find(absl::string_view check, absl::string_view key, int ranks,
                                            uint64_t size_bytes, absl::string_view metric) const {
  for (const BaselineValue& value : values) {
    if (value.check == check && value.key == key && value.ranks == ranks && value.size_bytes == size_bytes &&
        value.metric == metric) {
      return &value;
    }
  }
  return nullptr;
}

const PlatformBaseline* Baseline::Find(absl::string_view platform) const {
  for (const PlatformBaseline& entry : platforms) {
    if (entry.platform == platform) return &entry;
  }
  return nullptr;
}

absl::StatusOr<Baseline> DeriveBaseline(const std::vector<RunDocument>& known_good,
                                        const BaselineOptions& options) {
  if (known_good.empty()) return absl::InvalidArgumentError("no known-good runs to derive a baseline from");
  std::map<std::string, PlatformSamples> by_platform;
  for (size_t i = 0; i < known_good.size(); ++i) {
    const RunDocument& run = known_good[i];
    const std::string name = RunName(known_good, options, i);
    if (run.verdict.status != VerdictStatus::kPass) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": not a known-good run: its verdict is \"", VerdictStatusName(run.verdict.status), "\" (",
                       run.verdict.reason, "); a baseline is derived from passing runs only"));
    }
    PlatformSamples& platform = by_platform[PlatformKey(run)];
    platform.sources.push_back(name);
    for (const MetricSample& sample : RunSamples(run)) {
      auto& [unit, values] =
          platform.values[{sample.check, sample.key, sample.ranks, sample.size_bytes, sample.metric}];
      unit = sample.unit;
      values.push_back(sample.value);
    }
  }

  Baseline baseline;
  baseline.created = options.created.empty() ? NowRfc3339() : options.created;
  for (auto& [key, samples] : by_platform) {
    PlatformBaseline platform;
    platform.platform = key;
    platform.sources = std::move(samples.sources);
    for (const auto& [id, unit_values] : samples.values) {
      const auto& [unit, values] = unit_values;
      BaselineValue value;
      std::tie(value.check, value.key, value.ranks, value.size_bytes, value.metric) = id;
      value.unit = unit;
      value.expected = Median(values);
      value.low = *std::min_element(values.begin(), values.end());
      value.high = *std::max_element(values.begin(), values.end());
      value.runs = static_cast<int>(values.size());
      platform.values.push_back(std::move(value));
    }
    baseline.platforms.push_back(std::move(platform));
  }
  return baseline;
}

}  // namespace spinecheck

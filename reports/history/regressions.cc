#include "reports/history/regressions.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "reports/baseline/run_metrics.h"

namespace spinecheck {
namespace {

using MeasurementId = std::tuple<std::string, std::string, uint64_t, std::string>;

MeasurementId IdOf(const MeasurementRow& row) { return {row.kind, row.component, row.size_bytes, row.metric}; }

using RunIndex = std::map<MeasurementId, const MeasurementRow*>;

const MeasurementRow* FindMeasurement(const RunIndex& run, const MeasurementId& id) {
  const auto it = run.find(id);
  return it == run.end() ? nullptr : it->second;
}

bool Slower(const MeasurementRow& row, double value, double median, double tolerance) {
  return row.higher_is_better ? value < median * (1 - tolerance) : value > median * (1 + tolerance);
}

}  // namespace

RegressionReport FindRegressions(const std::vector<StoredRun>& runs, const RegressionOptions& options) {
  RegressionReport report;
  if (runs.empty()) {
    report.note = "no runs of this configuration";
    return report;
  }
  const StoredRun& newest = runs.back();
  report.newest_start_time = newest.start_time;
  report.newest_file = newest.file;
  const size_t earlier = runs.size() - 1;
  const size_t window = std::min<size_t>(earlier, static_cast<size_t>(std::max(options.window, 1)));
  report.earlier_runs = static_cast<int>(window);
  if (window < static_cast<size_t>(options.min_history)) {
    report.note = absl::StrCat(window, " earlier run(s) of this configuration; ", options.min_history,
                               " needed to judge the newest");
    return report;
  }
  std::vector<RunIndex> index(earlier);
  for (size_t i = 0; i < earlier; ++i) {
    for (const MeasurementRow& row : runs[i].measurements) index[i].emplace(IdOf(row), &row);
  }

  for (const MeasurementRow& row : newest.measurements) {
    const MeasurementId id = IdOf(row);
    // The earlier runs that measured it, oldest first.
    std::vector<size_t> measured_in;
    std::vector<double> values;
    for (size_t i = 0; i < earlier; ++i) {
      if (const MeasurementRow* past = FindMeasurement(index[i], id)) {
        measured_in.push_back(i);
        values.push_back(past->value);
      }
    }
    // The longest streak of slow values that ends with the newest run: the
    // earliest start s such that the newest value and values[s..] are all
    // slower than the median of the window of values before s.
    std::optional<std::pair<size_t, double>> streak;  // (s, that median)
    for (size_t s = values.size() + 1; s-- > static_cast<size_t>(options.min_history);) {
      const size_t window_size = std::min(s, static_cast<size_t>(std::max(options.window, 1)));
      if (window_size < static_cast<size_t>(options.min_history)) break;
      const double median = Median(std::vector<double>(values.begin() + (s - window_size), values.begin() + s));
      if (median <= 0 || !Slower(row, row.value, median, options.tolerance)) continue;
      bool all_slow = true;
      for (size_t j = s; j < values.size() && all_slow; ++j) all_slow = Slower(row, values[j], median, options.tolerance);
      if (all_slow) streak = {s, median};
    }
    if (!streak) continue;
    const auto [first_slow, median] = *streak;
    const int slow_runs = static_cast<int>(values.size() - first_slow) + 1;
    const std::string since = first_slow < values.size() ? runs[measured_in[first_slow]].start_time : newest.start_time;
    report.regressions.push_back(Regression{row.kind, row.component, row.size_bytes, row.host, row.metric, row.unit,
                                            row.value, median, 100 * (row.value - median) / median, since,
                                            slow_runs});
  }
  std::stable_sort(report.regressions.begin(), report.regressions.end(), [](const Regression& a, const Regression& b) {
    return std::abs(a.change_pct) > std::abs(b.change_pct);
  });
  return report;
}

}  // namespace spinecheck

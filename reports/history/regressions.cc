#include "reports/history/regressions.h"

#include <algorithm>
#include <cmath>
#include <map>
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
  const size_t window_begin = earlier - window;
  std::vector<RunIndex> index(earlier);
  for (size_t i = 0; i < earlier; ++i) {
    for (const MeasurementRow& row : runs[i].measurements) index[i].emplace(IdOf(row), &row);
  }

  for (const MeasurementRow& row : newest.measurements) {
    const MeasurementId id = IdOf(row);
    std::vector<double> history;
    for (size_t i = window_begin; i < earlier; ++i) {
      if (const MeasurementRow* past = FindMeasurement(index[i], id)) history.push_back(past->value);
    }
    if (history.size() < static_cast<size_t>(options.min_history)) continue;
    const double median = Median(history);
    if (median <= 0 || !Slower(row, row.value, median, options.tolerance)) continue;

    Regression regression{row.kind, row.component, row.size_bytes, row.host, row.metric, row.unit, row.value, median,
                          100 * (row.value - median) / median, newest.start_time, 1};
    for (size_t i = earlier; i-- > 0;) {
      const MeasurementRow* past = FindMeasurement(index[i], id);
      if (past == nullptr) continue;
      if (!Slower(row, past->value, median, options.tolerance)) break;
      regression.since = runs[i].start_time;
      ++regression.slow_runs;
    }
    report.regressions.push_back(regression);
  }
  std::stable_sort(report.regressions.begin(), report.regressions.end(), [](const Regression& a, const Regression& b) {
    return std::abs(a.change_pct) > std::abs(b.change_pct);
  });
  return report;
}

}  // namespace spinecheck

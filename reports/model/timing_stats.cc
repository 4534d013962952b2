#include "reports/model/timing_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace spinecheck {
namespace {

// Nearest-rank percentile of sorted, non-empty samples.
double NearestRank(const std::vector<double>& sorted, double percentile) {
  const double rank = std::ceil(percentile / 100.0 * static_cast<double>(sorted.size()));
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

TimingStats SummarizeSamples(std::vector<double> samples_us) {
  TimingStats stats;
  if (samples_us.empty()) return stats;
  std::sort(samples_us.begin(), samples_us.end());
  const double n = static_cast<double>(samples_us.size());
  stats.samples = static_cast<int>(samples_us.size());
  stats.min_us = samples_us.front();
  stats.max_us = samples_us.back();
  stats.p50_us = NearestRank(samples_us, 50);
  stats.p99_us = NearestRank(samples_us, 99);
  stats.mean_us = std::accumulate(samples_us.begin(), samples_us.end(), 0.0) / n;
  double squares = 0;
  for (double sample : samples_us) squares += (sample - stats.mean_us) * (sample - stats.mean_us);
  const double stddev = std::sqrt(squares / n);
  stats.cv_pct = stats.mean_us > 0 ? 100.0 * stddev / stats.mean_us : 0;
  return stats;
}

}  // namespace spinecheck

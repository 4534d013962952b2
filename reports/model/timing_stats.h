// Summary statistics of per-iteration time samples.
#ifndef SPINECHECK_REPORTS_MODEL_TIMING_STATS_H_
#define SPINECHECK_REPORTS_MODEL_TIMING_STATS_H_

#include <vector>

namespace spinecheck {

// All times in microseconds. cv_pct is the coefficient of variation
// (population standard deviation / mean, in percent). Percentiles use the
// nearest-rank method, as nccl-tests' -I report does.
struct TimingStats {
  int samples = 0;
  double min_us = 0;
  double p50_us = 0;
  double p99_us = 0;
  double max_us = 0;
  double mean_us = 0;
  double cv_pct = 0;
};

// Statistics of `samples_us`; all zero when it is empty.
TimingStats SummarizeSamples(std::vector<double> samples_us);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_MODEL_TIMING_STATS_H_

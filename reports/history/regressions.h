// What got slower: the newest run of a configuration against the rolling
// median of the runs before it.
#ifndef SPINECHECK_REPORTS_HISTORY_REGRESSIONS_H_
#define SPINECHECK_REPORTS_HISTORY_REGRESSIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "reports/history/run_rows.h"

namespace spinecheck {

struct RegressionOptions {
  // K: the newest run is compared with the median of up to this many
  // earlier runs of the same configuration key (the window).
  int window = 5;
  // A measurement is slower when it is beyond median × (1 ∓ tolerance):
  // below for bandwidths and throughputs, above for times. 10 %, as for
  // baselines: run-to-run noise of a few percent must not show.
  double tolerance = 0.10;
  // Fewer earlier runs with a measurement than this: it is not judged.
  int min_history = 3;
  // The configuration to look at; empty: that of the newest run stored.
  std::string configuration_key;
};

// One measurement of the newest run that got slower.
struct Regression {
  std::string kind;         // "collective", "gpu", "device", "host"
  std::string component;    // "all_reduce float sum 16 ranks", GPU UUID, host name
  uint64_t size_bytes = 0;  // collective message size; 0 otherwise
  std::string host;         // the GPU's or host's host; "" for a collective
  std::string metric;       // "busbw_gbps", "time_us", "gemm fp32", "links.bandwidth_gbps"
  std::string unit;
  double newest = 0;        // the newest run's value, in `unit`
  double median = 0;        // median of the window before the slow streak, in `unit`
  double change_pct = 0;    // 100 × (newest − median) / median: negative for a bandwidth drop,
                            // positive for a time increase
  std::string since;        // start_time of the first run of the current streak of slow values
  int slow_runs = 0;        // runs in that streak, the newest included
};

struct RegressionReport {
  std::string configuration_key;
  std::string newest_start_time;  // the run judged
  std::string newest_file;
  int earlier_runs = 0;           // runs in the window
  std::vector<Regression> regressions;  // largest |change_pct| first
  std::string note;               // why nothing was judged ("2 earlier runs; 3 needed"); empty otherwise
};

// One stored run with its measurements, as the regression search reads it.
struct StoredRun {
  int64_t id = 0;
  std::string start_time;
  std::string file;
  std::vector<MeasurementRow> measurements;
};

// The regressions of runs.back() against the runs before it; `runs` are one
// configuration's, oldest first; runs that lack a measurement are passed
// over. A measurement regressed when the newest value, and the values of a
// streak of runs just before it, are all beyond the median of the `window`
// runs that came before that streak; the longest such streak is reported
// (its first run is `since`), so a regression stays listed, against the
// values from before it, however many runs it has lasted.
RegressionReport FindRegressions(const std::vector<StoredRun>& runs, const RegressionOptions& options);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_HISTORY_REGRESSIONS_H_

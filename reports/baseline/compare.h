// Judging one run against a baseline (`--baseline FILE`).
#ifndef SPINECHECK_REPORTS_BASELINE_COMPARE_H_
#define SPINECHECK_REPORTS_BASELINE_COMPARE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "reports/baseline/baseline.h"
#include "reports/model/run_document.h"

namespace spinecheck {

struct CompareOptions {
  // Bandwidths and throughputs (collective busbw, burn values, link
  // bandwidth) fail below expected × (1 − tolerance). 10 %: busbw and GEMM
  // throughput of a healthy node vary by a few percent from run to run
  // (clocks, placement, background traffic), and SuperBench's production
  // rules on NDv4 (1,939 nodes) flag at −10 % for the same metrics.
  double tolerance = 0.10;
  // Times and latencies (small-size collective time_us, link latency) warn
  // above expected × (1 + latency_tolerance) ...
  double latency_tolerance = 0.25;
  // ... and at least this many microseconds above expected. Small-message
  // times are a few microseconds and jitter by tens of percent, so a relative
  // band alone would warn on noise.
  double latency_min_excess_us = 5.0;
  // Collective plateau: busbw is judged at the sizes whose baseline busbw is
  // at least plateau_fraction × the baseline busbw of the largest size of
  // that key; smaller sizes are judged on time_us.
  double plateau_fraction = 0.8;
  // When > 0, overrides plateau_fraction: busbw is judged at sizes >=
  // plateau_min_bytes, time_us below.
  uint64_t plateau_min_bytes = 0;
  // Evidence lines per finding, before "... and <n> more".
  size_t max_evidence = 8;
};

struct BaselineComparison {
  // The baseline values this run was compared with, one per (check, key,
  // size, metric) judged; for RunDocument::expectations.
  std::vector<Expectation> expectations;
  // Check ids and blame:
  // - "baseline.collective.busbw" (fail): one per collective key (and rank
  //   count) with plateau sizes below the band; measured/expected are the
  //   worst size's, evidence lists the slow sizes. Component: the host
  //   {"host", host, [host]} when every slow size names the same
  //   slowest_host and its rank time exceeds the fastest rank's by more than
  //   `tolerance` (one host holds the job back); otherwise the job:
  //   {"job", "<the run's hosts joined by ','>", []}, since a collective
  //   cannot say which of its hosts is slow (run `spinecheck links` to
  //   localise): the run fails, but no host is drained on this evidence.
  // - "baseline.collective.latency" (warn): the same for small sizes' time_us.
  // - "baseline.burn.value" (fail): one per device and check whose value in
  //   some variant is below the band; {"gpu", UUID, [host]} on a GPU,
  //   {"host", host, [host]} on a CPU; evidence lists the slow variants.
  // - "baseline.links.bandwidth" (fail) / "baseline.links.latency" (warn):
  //   one per host whose median pair figure (per hop class) is outside the
  //   band; component {"host", host, [host]}.
  std::vector<Finding> findings;
  // Why parts of the run were not judged: a platform the baseline does not
  // know, a key or rank count it lacks. For RunDocument::skipped.
  std::vector<std::string> skipped;
};

// Compares `run` with the values `baseline` holds for PlatformKey(run). A
// platform the baseline lacks gives no expectations and no findings, and one
// `skipped` line naming the platform and the ones the baseline knows.
// Measurements with no baseline value are not judged (listed in `skipped`,
// one line per key). Deterministic: output order follows the document.
BaselineComparison CompareWithBaseline(const RunDocument& run, const Baseline& baseline,
                                       const CompareOptions& options);

// CompareWithBaseline, recorded in `run`: baseline_file, the expectations,
// the findings (added after those already there) and the skipped reasons.
// The verdict is left to the caller.
void JudgeAgainstBaseline(RunDocument& run, const Baseline& baseline, const std::string& baseline_file,
                          const CompareOptions& options);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_BASELINE_COMPARE_H_

// Baselines: the expected values of known-good runs, per platform
// ("spinecheck.baseline/1", documented in docs/baseline.md).
#ifndef SPINECHECK_REPORTS_BASELINE_BASELINE_H_
#define SPINECHECK_REPORTS_BASELINE_BASELINE_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "reports/model/run_document.h"

namespace spinecheck {

inline constexpr char kBaselineSchema[] = "spinecheck.baseline/1";

// One expected value: what the known-good runs of a platform measured for
// one (check, key, ranks, size, metric). See MetricSample for how a run
// gives one value per key.
struct BaselineValue {
  std::string check;        // "collective", "burn", "links"
  std::string key;          // "all_reduce float sum", "gemm fp32", "same leaf"
  int ranks = 0;            // collective: data-plane ranks of the runs; 0 otherwise
  uint64_t size_bytes = 0;  // collective: message size; 0 otherwise
  std::string metric;       // "busbw_gbps", "time_us", "value", "bandwidth_gbps", "latency_us"
  std::string unit;         // "GB/s", "us", "TFLOPS"
  double expected = 0;      // median of the runs' values, in `unit`
  double low = 0;           // lowest and highest run value, in `unit`
  double high = 0;
  int runs = 0;             // runs that measured it
};

// The values of one platform, sorted by check, key, ranks, size, metric.
struct PlatformBaseline {
  std::string platform;              // PlatformKey of its runs
  std::vector<std::string> sources;  // the runs it was derived from (their names), in input order
  std::vector<BaselineValue> values;

  // The value for exactly this id, or nullptr.
  const BaselineValue* Find(absl::string_view check, absl::string_view key, int ranks, uint64_t size_bytes,
                            absl::string_view metric) const;
};

struct Baseline {
  std::string schema = kBaselineSchema;
  std::string created;                      // RFC 3339 UTC
  std::vector<PlatformBaseline> platforms;  // sorted by platform

  // The platform's values, or nullptr when the baseline does not know it.
  const PlatformBaseline* Find(absl::string_view platform) const;
};

struct BaselineOptions {
  // Names of known_good[i] for messages and `sources`, usually the paths of
  // their JSON files. Missing or empty entries fall back to the document's
  // source.file, then to "run <i> (started <start_time>)".
  std::vector<std::string> names;
  // Written to Baseline::created; empty: now.
  std::string created;
};

// The baseline of `known_good`: runs are grouped by PlatformKey (runs of
// different platforms never mix), and per platform each value is the median
// of the runs that measured it, with low/high their minimum and maximum.
//
// Fails with kInvalidArgument when `known_good` is empty, or when a document
// did not pass (a verdict other than pass, a run still running included):
// the message names that run's file (see BaselineOptions::names) and its
// verdict.
absl::StatusOr<Baseline> DeriveBaseline(const std::vector<RunDocument>& known_good,
                                        const BaselineOptions& options);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_BASELINE_BASELINE_H_

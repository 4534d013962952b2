// The numbers of one run that baselines and the history compare: collective
// rows, burn values and link pairs, reduced to named metrics.
#ifndef SPINECHECK_REPORTS_BASELINE_RUN_METRICS_H_
#define SPINECHECK_REPORTS_BASELINE_RUN_METRICS_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "reports/model/run_document.h"

namespace spinecheck {

// Metric names (the Expectation::metric and baseline `metric` values).
inline constexpr char kMetricBusbw[] = "busbw_gbps";          // collective, GB/s
inline constexpr char kMetricTime[] = "time_us";              // collective, us
inline constexpr char kMetricValue[] = "value";               // burn, the result's unit
inline constexpr char kMetricLinkBandwidth[] = "bandwidth_gbps";  // links (bidirectional), GB/s
inline constexpr char kMetricLinkLatency[] = "latency_us";    // links (one way), us

// True for times and latencies (a larger value is worse); false for
// bandwidths and throughputs (a smaller value is worse).
bool LowerIsBetter(absl::string_view metric);

// The median: the middle value, or the mean of the two middle values for an
// even count. 0 for an empty input.
double Median(std::vector<double> values);

// "all_reduce float sum": what a collective row measured, without its size.
std::string CollectiveKey(const CollectiveRow& row);
// "gemm fp32"; just "gemm" when the variant is empty.
std::string BurnKey(const BurnResult& result);

// One value of a run for one baseline key.
struct MetricSample {
  std::string check;        // "collective", "burn", "links"
  std::string key;          // CollectiveKey, BurnKey or a hop class (LinkHopClass)
  int ranks = 0;            // collective: data-plane ranks of the row; 0 otherwise
  uint64_t size_bytes = 0;  // collective: message size; 0 otherwise
  std::string metric;       // one of the kMetric* names
  std::string unit;         // "GB/s", "us", "TFLOPS"
  double value = 0;
};

// The run reduced to one value per (check, key, ranks, size, metric):
// - collective: out-of-place busbw_gbps and time_us of each measured row;
//   rows that differ only in root are reduced to their median;
// - burn: the median over the run's devices of each measured (value > 0)
//   check and variant;
// - links: per hop class, the median over the measured pairs of
//   bandwidth_gbps (bidirectional) and latency_us.
// Sorted by check, key, ranks, size, metric.
std::vector<MetricSample> RunSamples(const RunDocument& document);

// The hop class of a host pair on the document's fabric map: "same leaf"
// when they share a switch, "across leaves" when both attach to known,
// different switches, "any pair" without a map (or a host the map lacks).
std::string LinkHopClass(const RunDocument& document, const std::string& host_a, const std::string& host_b);

// One host's links: the median over its measured pairs (of one hop class,
// or of all its pairs).
struct HostLinkStat {
  std::string host;
  std::string hop_class;     // LinkHopClass, or "all" when not split
  int pairs = 0;             // measured pairs behind the medians
  double bandwidth_gbps = 0; // median bidirectional bandwidth
  double latency_us = 0;     // median one-way latency; 0 when none measured
};

// Every host's median pair figures, in the matrices' host order (then hop
// class). Empty when the run has no link matrices.
std::vector<HostLinkStat> HostLinkMedians(const RunDocument& document, bool split_by_hop_class);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_BASELINE_RUN_METRICS_H_

// What the history stores of one result document: the run row and its
// measurements, keyed by host, GPU UUID or collective and size.
#ifndef SPINECHECK_REPORTS_HISTORY_RUN_ROWS_H_
#define SPINECHECK_REPORTS_HISTORY_RUN_ROWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "reports/model/run_document.h"

namespace spinecheck {

// Runs with the same key are compared with each other:
// "<command> | <PlatformKey> | <config as k=v, sorted by key, joined by ' '>",
// leaving out `inject` (a testing fault is judged like the fault it stands for).
// The host count is not part of it: collective measurements carry their rank
// count, and burn and link measurements are per GPU and per host.
std::string ConfigurationKey(const RunDocument& document);

// The run's hosts, sorted and joined by ",": with start_time and command,
// what makes a run unique in the history.
std::string RunHosts(const RunDocument& document);

// One stored measurement.
struct MeasurementRow {
  std::string kind;         // "collective", "gpu", "device" (a CPU device), "host" (links)
  std::string component;    // "all_reduce float sum 16 ranks", GPU UUID, "node01 cpu3", host name
  uint64_t size_bytes = 0;  // collective message size; 0 otherwise
  std::string host;         // the host of a gpu, device or host component; "" for a collective
  std::string metric;       // "busbw_gbps", "time_us", "gemm fp32" (burn key), "links.bandwidth_gbps"
  std::string unit;         // "GB/s", "us", "TFLOPS"
  bool higher_is_better = true;  // false for times and latencies
  double value = 0;
};

// The measurements of a document, unique per (kind, component, size, metric):
// - collectives: out-of-place busbw_gbps (higher is better) and time_us
//   (lower is better) per (collective, type, redop, ranks) and size, rows
//   that differ only in root reduced to their median;
// - burn: each measured device's value per check and variant (median of
//   repeats), keyed by GPU UUID ("device" "<host> cpu<index>" for a CPU);
// - links: each host's median bidirectional bandwidth over its pairs
//   ("links.bandwidth_gbps") and median latency ("links.latency_us").
std::vector<MeasurementRow> MeasurementRows(const RunDocument& document);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_HISTORY_RUN_ROWS_H_

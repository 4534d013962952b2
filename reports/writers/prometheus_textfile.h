// Result documents as a node_exporter textfile-collector file (Prometheus
// text exposition format 0.0.4): the state of the cluster as of the latest
// runs, for alerting and dashboards.
//
// Series contract (what a dashboard may rely on):
// - Base units in names (`_seconds`, `_bytes_per_second`, `_flops`,
//   `_celsius`, `_watts`, `_hertz`); every family is a gauge with HELP and
//   TYPE; samples carry no timestamp (the run's time is the value of
//   spinecheck_run_timestamp_seconds).
// - Cardinality is linear in hosts and devices, never in host pairs: link
//   results appear only as per-host aggregates (min and median bandwidth,
//   median latency over the host's measured pairs). No series has a pair,
//   peer or source/destination label, so N hosts never make N² series.
// - Collectives appear once per (producer, collective, type, redop,
//   placement), at the plateau: the largest measured size (for rooted
//   collectives, the lowest busbw over the roots at that size), not per size.
// - GPU series carry dcgm-exporter's labels: gpu (index), UUID, pci_bus_id,
//   modelName, Hostname; CPU devices of a CPU burn appear under
//   spinecheck_cpu_* with cpu, modelName, Hostname.
// - Node series carry `host`: spinecheck_node_status (0 pass, 1 blamed by a
//   fail finding, 3 could not test: an error finding), spinecheck_node_findings
//   {host,severity} for fail, error and warn (zeros written).
// - Several documents: only the latest (by start_time) of each (producer,
//   command) is rendered, so the file shows the current state; run series
//   are keyed by (producer, command). Node status and findings aggregate
//   those documents; where two of them give the same series (a GPU burnt
//   by both `burn` and `smoke`), the later document's sample is kept.
#ifndef SPINECHECK_REPORTS_WRITERS_PROMETHEUS_TEXTFILE_H_
#define SPINECHECK_REPORTS_WRITERS_PROMETHEUS_TEXTFILE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "reports/model/run_document.h"

namespace spinecheck {

std::string RenderPrometheus(const std::vector<RunDocument>& documents);

// Writes RenderPrometheus to `path` (which should end in ".prom") through a
// temporary file in the same folder whose name does not end in ".prom"
// (node_exporter skips it), renamed over `path`: the collector never reads
// half a file. Fails with the path and the system's reason.
absl::Status WritePrometheusTextfile(const std::vector<RunDocument>& documents, const std::string& path);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_PROMETHEUS_TEXTFILE_H_

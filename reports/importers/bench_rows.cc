#include "reports/importers/bench_rows.h"

#include "reports/importers/import_text.h"

namespace spinecheck::importers {
namespace {

bool IsCollective(const std::string& name) {
  return name == "all_reduce" || name == "all_gather" || name == "reduce_scatter" || name == "broadcast" ||
         name == "reduce" || name == "alltoall" || name == "gather" || name == "scatter";
}

}  // namespace

CollectiveRow BenchRow(const BenchMeasurement& m) {
  CollectiveRow row;
  row.collective = m.collective;
  row.size_bytes = m.size_bytes;
  row.type = "byte";
  row.redop = "none";
  row.ranks = m.ranks;
  if (m.ranks > 0) {
    if (IsCollective(m.collective)) {
      const bool per_peer = m.collective == "all_gather" || m.collective == "alltoall";
      row.bus_factor = NcclBusFactor(m.collective, m.ranks) * (per_peer ? m.ranks : 1);
    } else {
      row.bus_factor = 1;  // point to point: what the benchmark moved is what crossed the link
    }
  }
  PlacementResult& result = row.out_of_place;
  result.measured = true;
  result.time_us = m.time_us;
  if (m.bandwidth_bps > 0) {
    result.algbw_gbps = m.bandwidth_bps / 1e9;
  } else if (m.time_us > 0) {
    result.algbw_gbps = static_cast<double>(m.size_bytes) / (m.time_us * 1e-6) / 1e9;
  }
  result.busbw_gbps = result.algbw_gbps * row.bus_factor;
  TimingStats& stats = result.iteration_stats;
  stats.samples = static_cast<int>(m.iterations);
  stats.min_us = m.min_us;
  stats.max_us = m.max_us;
  stats.mean_us = m.time_us;
  result.rank_time_min_us = m.min_us;
  result.rank_time_max_us = m.max_us;
  return row;
}

}  // namespace spinecheck::importers

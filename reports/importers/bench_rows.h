// Rows of the MPI benchmark suites (OSU, IMB), which print one measurement
// per message size: the mapping onto CollectiveRow shared by their readers.
#ifndef SPINECHECK_REPORTS_IMPORTERS_BENCH_ROWS_H_
#define SPINECHECK_REPORTS_IMPORTERS_BENCH_ROWS_H_

#include <cstdint>
#include <string>

#include "reports/model/run_document.h"

namespace spinecheck::importers {

// One measured message size of an MPI benchmark. Zero means "not printed".
struct BenchMeasurement {
  std::string collective;    // spinecheck name, or the benchmark's own ("pingpong", "osu_bw")
  uint64_t size_bytes = 0;   // the message size as the benchmark prints it
  int ranks = 0;             // processes; 0 when the file does not say
  double time_us = 0;        // average time per operation (latency), µs
  double bandwidth_bps = 0;  // bandwidth column, bytes per second
  double min_us = 0, max_us = 0;  // spread columns (t_min/t_max, Min/Max Latency), µs
  int64_t iterations = 0;    // repetitions the time averages over
};

// The row of `m`: out-of-place measured, in-place not. algbw is the
// bandwidth column when printed, else size_bytes / time (GB/s = 1e9 B/s);
// bus_factor is nccl-tests' factor × the nccl-tests bytes per printed byte
// (ranks for all_gather and alltoall, whose printed size is per rank or per
// peer; 1 for the others), and 1 for point-to-point benchmarks, so busbw
// sits on the scale of a spinecheck or nccl-tests sweep; 0 (and busbw 0)
// when ranks are unknown. min/max/mean go to iteration_stats and to the
// per-rank time spread.
CollectiveRow BenchRow(const BenchMeasurement& m);

}  // namespace spinecheck::importers

#endif  // SPINECHECK_REPORTS_IMPORTERS_BENCH_ROWS_H_

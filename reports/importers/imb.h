// Import of Intel MPI Benchmarks (IMB-MPI1) results.
#ifndef SPINECHECK_REPORTS_IMPORTERS_IMB_H_
#define SPINECHECK_REPORTS_IMPORTERS_IMB_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Reads IMB-MPI1 stdout: every "# Benchmarking X" block with its
// "# #processes = N" line and its table (#bytes #repetitions, then t[usec],
// t_min/t_max/t_avg[usec], Mbytes/sec, Msg/sec, as the benchmark prints).
//
// One CollectiveRow per size line (see BenchRow in bench_rows.h):
// Allreduce, Allgather, Alltoall, Bcast, Reduce, Reduce_scatter, Gather,
// Scatter map to spinecheck names; other benchmarks keep their name in
// snake case ("pingpong", "uniband", "biband", "sendrecv", "exchange",
// "barrier"). ranks = #processes. time_us is t[usec] or t_avg; t_min/t_max
// fill the iteration and rank spread. Mbytes/sec is 1e6 B/s from IMB 2019
// on (SCALE 1000000 in IMB_declare.h; 4194304 B / 352.68 µs = 11892.6 in
// the 2019 Update 5 fixture) and 2^20 B/s in earlier releases (IMB 4.x and
// 2017/2018 divided by 1048576); the version line decides, and a file
// without it is read as 2019+. producer_version is "2019 Update 5",
// "2021.7" ...; environment.mpi_standard comes from "# MPI Version".
//
// kInvalidArgument "FILE:LINE: reason" for an unknown column, a truncated
// row, a non-numeric field, a row outside a benchmark block, or no rows.
// Never throws.
absl::StatusOr<RunDocument> ImportImb(std::string_view text, const std::string& file);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_IMPORTERS_IMB_H_

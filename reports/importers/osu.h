// Import of OSU Micro-Benchmarks (OMB) MPI results, v5 to v7.
#ifndef SPINECHECK_REPORTS_IMPORTERS_OSU_H_
#define SPINECHECK_REPORTS_IMPORTERS_OSU_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Reads the stdout of osu_latency, osu_bw, osu_bibw, osu_mbw_mr,
// osu_multi_lat and the blocking collectives (osu_allreduce, osu_allgather,
// osu_alltoall, osu_reduce, osu_bcast, osu_reduce_scatter, osu_gather,
// osu_scatter), one or several runs in a file, with or without the
// Validation column and the -f columns (Min/Max Latency, Iterations).
//
// One CollectiveRow per size line (see BenchRow in bench_rows.h): the
// collective is the spinecheck name where it maps (all_reduce ...), else
// the program name ("osu_latency", "osu_bw", "osu_bibw", "osu_mbw_mr",
// "osu_multi_lat"). Latencies are µs; OSU's MB/s are 1e6 B/s (osu_util:
// size / 1e6 × ... / t), so GB/s = MB/s / 1000; bandwidth rows leave time 0.
// Ranks: 2 for latency/bw/bibw, 2 × pairs for mbw_mr, else the -n of a
// launcher line (mpirun/srun/mpiexec) in the log, else 0. Validation "Pass"
// gives wrong = 0; "Fail" adds the row to a "collective.data_integrity"
// failure. producer_version is the title's "v7.5".
//
// kInvalidArgument "FILE:LINE: reason" for an unknown benchmark title or
// column, a truncated row, a non-numeric field, a row before the column
// header, or no rows at all. Never throws.
absl::StatusOr<RunDocument> ImportOsu(std::string_view text, const std::string& file);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_IMPORTERS_OSU_H_

// Import of NVIDIA nccl-tests results (`*_perf` stdout, or the `-J` JSON file).
#ifndef SPINECHECK_REPORTS_IMPORTERS_NCCL_TESTS_H_
#define SPINECHECK_REPORTS_IMPORTERS_NCCL_TESTS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Reads nccl-tests output of any era into result rows. `text` is either
// the stdout of one or more `*_perf` runs (lines with or without the '#'
// prefix, the 2.13+ `#wrong` column or the legacy float `error` column,
// `N/A` under -c 0, -I and -S columns, NCCL/MPI/shell lines mixed in) or
// the `-J` JSON file (one object; its first non-blank character is '{').
// `file` names the input in errors and in document.source.file.
//
// One CollectiveRow per printed row, in file order, over every run in the
// file: size_bytes, count, type, redop, root as printed; time in µs,
// algbw/busbw in GB/s (1e9 B/s) exactly as printed; `wrong` from #wrong
// (empty for N/A and for the legacy error column). ranks and bus_factor come
// from the run's "#  Rank ..." lines (0 when it prints none); the document's
// world is the run with the most rank lines. The collective comes from
// "# Collective test starting:", from a `*_perf` command in the log, or from
// the file name, in that order. Rows with wrong > 0 (or a legacy error
// beyond nccl-tests' own tolerance) give one "collective.data_integrity"
// failure; the verdict comes from DecideVerdict.
//
// kInvalidArgument "FILE:LINE: reason" for a truncated row, a non-numeric
// field, an unknown column header, a table whose collective cannot be told,
// or a file without data rows. Never throws.
absl::StatusOr<RunDocument> ImportNcclTests(std::string_view text, const std::string& file);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_IMPORTERS_NCCL_TESTS_H_

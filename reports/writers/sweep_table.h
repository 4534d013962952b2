// The sweep's terminal table, in nccl-tests' current layout (v2.19), so that
// scripts written for all_reduce_perf output read spinecheck's too.
#ifndef SPINECHECK_REPORTS_WRITERS_SWEEP_TABLE_H_
#define SPINECHECK_REPORTS_WRITERS_SWEEP_TABLE_H_

#include <string>
#include <vector>

#include "reports/model/run_document.h"

namespace spinecheck {

// nccl-tests' getFloatStr: the first of %.2f, %.1f, %.0f, %.1e, %.0e whose
// text fits in `width` characters (the last one otherwise).
std::string FitFloat(double value, int width);

// "# Using devices" block: one line per rank, world-rank order.
std::string FormatDeviceLines(const std::vector<RankInfo>& ranks);

// The three header lines of a result table.
std::string FormatTableHeader();

// One result line (no trailing newline).
std::string FormatTableRow(const CollectiveRow& row);

// Footer of one collective's table: out-of-bounds count and the average bus
// bandwidth over every printed busbw value (both placements), as nccl-tests.
std::string FormatTableFooter(const std::vector<CollectiveRow>& rows);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_SWEEP_TABLE_H_

// Sweep results as CSV: one line per (row, placement), with a header line.
#ifndef SPINECHECK_REPORTS_WRITERS_CSV_WRITER_H_
#define SPINECHECK_REPORTS_WRITERS_CSV_WRITER_H_

#include <string>

#include "absl/status/status.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Columns: collective,size_bytes,count,type,redop,root,ranks,placement,
// time_us,algbw_gbps,busbw_gbps,wrong,min_us,p50_us,p99_us,max_us,cv_pct,
// slowest_rank,slowest_host. `wrong` is empty when the row was not checked.
std::string RenderSweepCsv(const RunDocument& document);

absl::Status WriteSweepCsv(const RunDocument& document, const std::string& path);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_CSV_WRITER_H_

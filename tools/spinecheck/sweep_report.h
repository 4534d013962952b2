// SweepReport: rank 0's side of a sweep. It prints nccl-tests' table as rows
// arrive and adds each row to the result document, rewritten after every row.
#ifndef SPINECHECK_TOOLS_SPINECHECK_SWEEP_REPORT_H_
#define SPINECHECK_TOOLS_SPINECHECK_SWEEP_REPORT_H_

#include <cstdio>
#include <string>
#include <vector>

#include "bench/sweep/sweep_runner.h"
#include "reports/model/run_document.h"
#include "run/run_report.h"

namespace spinecheck {

class SweepReport : public RunReport, public SweepObserver {
 public:
  // Its one phase's findings: one "collective.data_integrity" failure per
  // rank with wrong elements.
  SweepReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out);

  // Header lines: configuration and the device of every rank.
  void PrintHeader();

  void OnCollectiveStart(const CollectiveDefinition& collective) override;
  void OnRow(const CollectiveRow& row) override;
  void OnCollectiveEnd(const CollectiveDefinition& collective) override;
  void OnSkip(const std::string& reason) override;

 private:
  std::vector<CollectiveRow> current_rows_;  // rows of the collective being printed
  std::vector<std::string> printed_skips_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_SWEEP_REPORT_H_

// SweepReport: rank 0's side of a sweep. It prints nccl-tests' table as rows
// arrive, keeps the result document and rewrites --json/--csv after every
// row, so that whatever was measured survives a crash, a kill or a timeout.
#ifndef SPINECHECK_TOOLS_SPINECHECK_SWEEP_REPORT_H_
#define SPINECHECK_TOOLS_SPINECHECK_SWEEP_REPORT_H_

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "bench/sweep/sweep_runner.h"
#include "reports/model/run_document.h"

namespace spinecheck {

struct ReportPaths {
  std::string json;  // empty: not written
  std::string csv;
};

class SweepReport : public SweepObserver {
 public:
  // `printing` is true on rank 0 only; other ranks keep no document.
  SweepReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out);

  // On rank 0: whether the output files could be written at the start (the
  // run stops with a usage error when they cannot). OK elsewhere.
  const absl::Status& initial_write() const { return initial_write_; }

  // Header lines: configuration and the device of every rank.
  void PrintHeader();

  void OnCollectiveStart(const CollectiveDefinition& collective) override;
  void OnRow(const CollectiveRow& row) override;
  void OnCollectiveEnd(const CollectiveDefinition& collective) override;
  void OnSkip(const std::string& reason) override;

  // Ends the run with `run_status` (OK when it completed): derives findings
  // and the verdict, adds a finding per rank in `missing_ranks` (those that
  // did not arrive before a -T deadline),
  // writes the files and prints one greppable line per blamed host and the
  // verdict. Safe to call from the watchdog thread. Returns the exit code.
  int Finish(const absl::Status& run_status, const std::vector<int>& missing_ranks = {});

 private:
  absl::Status WriteFilesLocked();

  std::mutex mutex_;
  RunDocument document_;
  ReportPaths paths_;
  bool printing_;
  std::FILE* out_;
  std::vector<CollectiveRow> current_rows_;  // rows of the collective being printed
  std::vector<std::string> printed_skips_;
  absl::Status initial_write_;
  bool finished_ = false;
};

// A finding per rank that did not arrive before a -T deadline.
std::vector<Finding> MissingRankFindings(const RunDocument& document, const std::vector<int>& missing_ranks);

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_SWEEP_REPORT_H_
